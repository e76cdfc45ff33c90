package io.conntrackd.conntrack;
// TEMP STUB
public class ReaderStats { }
