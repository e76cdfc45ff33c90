package io.conntrackd.sink;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a sink that sends over the network (Loki, syslog, Kafka): besides its queue, where events
 * wait for the destination. With {@code buffer=DISK} they wait in a log on disk that survives restarts and
 * long outages, and an event leaves it only when the destination acknowledged it; see {@link SinkEndpoint}.
 * A sink gets these options by extending this class instead of {@link SinkConfiguration}.
 */
@UriParams
public class BufferedSinkConfiguration extends SinkConfiguration {

    /** The default directory of the disk buffers; a systemd unit's {@code StateDirectory=conntrackd/buffer}. */
    public static final String DEFAULT_BUFFER_DIRECTORY = "/var/lib/conntrackd/buffer";

    /** Where events wait for the destination. */
    public enum Buffer {
        /** In the sink's queue in memory: lost at a restart, dropped when the queue overflows (default). */
        MEMORY,
        /** In a log on disk, until the destination acknowledged them: survives restarts and long outages. */
        DISK
    }

    @UriParam(label = "buffer", defaultValue = "MEMORY", enums = "MEMORY,DISK",
              description = "Where events wait for the destination: MEMORY (the queue: lost at a restart, dropped"
                            + " when it overflows) or DISK (a log in the buffer directory that survives restarts and"
                            + " long outages; an event leaves it only once the destination acknowledged it).")
    private Buffer buffer = Buffer.MEMORY;

    @UriParam(label = "buffer", defaultValue = DEFAULT_BUFFER_DIRECTORY,
              description = "Directory of the disk buffers; each sink keeps its files in a subdirectory named by"
                            + " its id (loki, loki-2, ...).")
    private String bufferDirectory = DEFAULT_BUFFER_DIRECTORY;

    @UriParam(label = "buffer", defaultValue = "1073741824",
              description = "With the disk buffer: the most bytes its files take. When it is full (or the disk is),"
                            + " new events are dropped and counted until the destination has taken some.")
    @AtLeast(1024 * 1024)
    private long bufferMaxBytes = 1024L * 1024 * 1024;

    @UriParam(label = "buffer", defaultValue = "100",
              description = "With the disk buffer: how often, in milliseconds, what it holds is synced to the disk"
                            + " (fsync). A power loss loses at most the events of this interval; a killed daemon"
                            + " loses none that reached the buffer.")
    @AtLeast(1)
    private long bufferSyncInterval = 100;

    /** Whether events wait on disk. */
    public boolean isDiskBuffered() {
        return buffer == Buffer.DISK;
    }

    public Buffer getBuffer() {
        return buffer;
    }

    public void setBuffer(Buffer buffer) {
        this.buffer = buffer;
    }

    public String getBufferDirectory() {
        return bufferDirectory;
    }

    public void setBufferDirectory(String bufferDirectory) {
        this.bufferDirectory = bufferDirectory;
    }

    public long getBufferMaxBytes() {
        return bufferMaxBytes;
    }

    public void setBufferMaxBytes(long bufferMaxBytes) {
        this.bufferMaxBytes = bufferMaxBytes;
    }

    public long getBufferSyncInterval() {
        return bufferSyncInterval;
    }

    public void setBufferSyncInterval(long bufferSyncInterval) {
        this.bufferSyncInterval = bufferSyncInterval;
    }
}
