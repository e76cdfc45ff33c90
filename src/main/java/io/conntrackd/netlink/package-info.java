/**
 * Generic netlink, not specific to conntrack: the socket ({@link io.conntrackd.netlink.NetlinkSocket}
 * with its preallocated {@link io.conntrackd.netlink.DatagramBatch}), allocation-free framing
 * cursors over received bytes ({@link io.conntrackd.netlink.MessageCursor},
 * {@link io.conntrackd.netlink.AttributeCursor}) and entering network namespaces
 * ({@link io.conntrackd.netlink.NetworkNamespace}) and reading a namespace's sysctls
 * ({@link io.conntrackd.netlink.Sysctls}). No Camel imports.
 */
package io.conntrackd.netlink;
