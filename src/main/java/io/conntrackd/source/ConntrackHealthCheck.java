package io.conntrackd.source;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of one conntrack consumer, id {@code conntrack:ROUTE}, for liveness and readiness.
 *
 * <ul>
 *   <li>Liveness: the consumer is started, its netlink socket is open and its reader thread runs. A
 *       reader that ended cannot come back by itself, so a supervisor should restart the daemon.</li>
 *   <li>Readiness, in addition: the reader completed a receive within the last {@value #STALL_SECONDS}
 *       seconds. A receive returns at least every pollTimeout (200 ms) even when no event comes, so
 *       an older one means the socket fails (the last error is shown) or the route has not taken
 *       events for that long (the hand-off queue is full, e.g. behind a sink with whenFull=BLOCK).</li>
 * </ul>
 */
final class ConntrackHealthCheck extends AbstractHealthCheck {

    static final long STALL_SECONDS = 10;

    private final ConntrackConsumer consumer;

    ConntrackHealthCheck(ConntrackConsumer consumer, String routeId) {
        super("conntrack", "conntrack:" + routeId);
        this.consumer = consumer;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        ConntrackConsumerStats stats = consumer.stats();
        builder.detail("events.received", stats.reader().eventsDelivered());
        builder.detail("kernel.drops", stats.kernelDrops());
        builder.detail("messages.malformed", stats.reader().malformed());
        builder.detail("handoff.queued.events", stats.queued());
        String problem = problem(stats, options.get(HealthCheck.CHECK_KIND) == HealthCheck.Kind.LIVENESS);
        if (problem == null) {
            builder.up();
        } else {
            builder.message(problem).down();
        }
    }

    /** What is wrong, or {@code null}. */
    private String problem(ConntrackConsumerStats stats, boolean livenessOnly) {
        if (!consumer.isStarted()) {
            return "the conntrack consumer is not started";
        }
        if (!stats.socketOpen()) {
            return "the netlink socket is closed";
        }
        if (!stats.reading()) {
            return "the netlink reader thread has ended";
        }
        long idleSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stats.lastReceiveNanos());
        if (livenessOnly || idleSeconds < STALL_SECONDS) {
            return null;
        }
        String error = stats.lastError();
        return "no receive from the netlink socket for " + idleSeconds + " s: " + (error != null ? error
                : "the route has not taken events for that long (hand-off queue full)");
    }
}
