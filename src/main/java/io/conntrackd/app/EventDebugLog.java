package io.conntrackd.app;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.EventFields;
import io.conntrackd.support.EventBodies;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The default route's step after the filter: with {@code --log.level debug}, every event the filter let
 * through becomes a line of the daemon's log, {@code Conntrack Event} with the event's fields as attributes,
 * as the original logged each event it recorded. At other levels it costs one check per batch.
 */
public final class EventDebugLog implements Processor {

    /** The registry name the default route refers to. */
    public static final String BEAN = "conntrackdEventLog";

    private static final Logger LOG = LoggerFactory.getLogger(EventDebugLog.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        if (LOG.isDebugEnabled() && exchange.getMessage().getBody() != null) {
            EventBodies.forEach(exchange.getMessage(), EventDebugLog::log);
        }
    }

    private static void log(ConntrackEvent event) {
        LoggingEventBuilder line = LOG.atDebug().setMessage("Conntrack Event");
        EventFields.forEachValue(event, line::addKeyValue);
        line.log();
    }
}
