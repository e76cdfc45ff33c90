package io.conntrackd.conntrack;

/** The kind of change a conntrack event reports. */
public enum EventType {
    /** A flow entered the table (IPCTNL_MSG_CT_NEW with NLM_F_CREATE|NLM_F_EXCL). */
    NEW,
    /** A tracked flow changed, e.g. its TCP state (IPCTNL_MSG_CT_NEW without create flags). */
    UPDATE,
    /** A flow left the table (IPCTNL_MSG_CT_DELETE). */
    DESTROY
}
