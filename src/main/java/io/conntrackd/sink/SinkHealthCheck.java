package io.conntrackd.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one sink, id {@code sink:ID}: whether it delivers. DOWN while any of these holds:
 * <ul>
 *   <li>the sink is not started;</li>
 *   <li>its last write failed (until a write succeeds again);</li>
 *   <li>a write has been in progress for {@value #STUCK_WRITE_SECONDS} seconds or more (the destination
 *       hangs, or is unreachable and the writer is waiting to retry);</li>
 *   <li>its queue is {@value SinkEndpoint#SATURATED_PERCENT}% full or more (new events are about to be dropped);</li>
 *   <li>with the disk buffer: it buffers (its oldest event waits for {@value #STUCK_WRITE_SECONDS} s or more),
 *       the buffer is {@value SinkEndpoint#SATURATED_PERCENT}% full or more, or writing it fails;</li>
 *   <li>a problem of the sink's own, such as the Loki sink's buffer being nearly full.</li>
 * </ul>
 * Not a liveness check: a sink behind its own queue cannot stop the daemon or another sink, so
 * restarting the daemon would not help.
 */
final class SinkHealthCheck extends AbstractHealthCheck {

    static final long STUCK_WRITE_SECONDS = 10;

    private final SinkEndpoint endpoint;

    SinkHealthCheck(SinkEndpoint endpoint) {
        super("sink", "sink:" + endpoint.getSinkId());
        this.endpoint = endpoint;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        SinkStats stats = endpoint.getStats();
        builder.detail("queued", endpoint.getQueued());
        builder.detail("queue.size", endpoint.getQueueSize());
        builder.detail("accepted", stats.accepted());
        builder.detail("delivered", stats.delivered());
        builder.detail("failed", stats.failed());
        builder.detail("dropped", stats.dropped());
        DiskBuffer disk = endpoint.diskBuffer();
        if (disk != null) {
            builder.detail("buffer.events", disk.events());
            builder.detail("buffer.bytes", disk.bytes());
            builder.detail("buffer.oldest.age.seconds", disk.oldestAgeSeconds());
        }
        List<String> problems = problems(stats);
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.message(String.join("; ", problems)).down();
        }
    }

    private List<String> problems(SinkStats stats) {
        List<String> problems = new ArrayList<>();
        if (!endpoint.isStarted()) {
            problems.add("the sink is not started");
        }
        String failure = stats.failure();
        if (failure != null) {
            problems.add("writes fail since " + secondsSince(stats.failingSinceNanos()) + " s: " + failure);
        }
        OptionalLong writing = endpoint.writingSinceNanos();
        if (writing.isPresent() && secondsSince(writing.getAsLong()) >= STUCK_WRITE_SECONDS) {
            problems.add("a write has been in progress for " + secondsSince(writing.getAsLong()) + " s");
        }
        long queued = endpoint.getQueued();
        if (queued * 100 >= (long) endpoint.getQueueSize() * SinkEndpoint.SATURATED_PERCENT) {
            problems.add("the queue is full to " + queued * 100 / endpoint.getQueueSize() + "% (" + queued
                    + " of " + endpoint.getQueueSize() + " events)");
        }
        DiskBuffer disk = endpoint.diskBuffer();
        if (disk != null) {
            problems.addAll(disk.healthProblems());
        }
        problems.addAll(endpoint.healthProblems());
        return problems;
    }

    private static long secondsSince(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanos);
    }
}
