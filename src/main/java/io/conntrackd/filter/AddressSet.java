package io.conntrackd.filter;

import io.conntrackd.conntrack.IpAddress;

/** A set of addresses that a function tests membership of: a network category or a CIDR. */
interface AddressSet {

    boolean contains(IpAddress address);
}
