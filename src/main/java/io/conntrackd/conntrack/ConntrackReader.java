package io.conntrackd.conntrack;
import java.util.function.Consumer;
// TEMP STUB
public class ConntrackReader implements AutoCloseable {
    public static ConntrackReader open(ReaderOptions o) throws java.io.IOException { throw new java.io.IOException("stub"); }
    public boolean poll(Consumer<ConntrackEvent> sink) { return false; }
    public ReaderStats stats() { return new ReaderStats(); }
    public void close() { }
}
