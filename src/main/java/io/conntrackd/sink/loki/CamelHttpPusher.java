package io.conntrackd.sink.loki;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpConstants;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Pushes with camel-http over one kept-alive connection. The daemon sees its own connections as
 * conntrack flows, so a new connection per push would log itself in a loop; HttpClient's pool keeps
 * the connection open between pushes. A private {@link HttpComponent} keeps our timeouts and our
 * retry rules (HttpClient's automatic retries are off: {@link LokiWriter} retries with backoff and
 * counts) away from the application's {@code http} component. Credentials travel as headers of each
 * exchange, never in an endpoint URI, which Camel logs.
 */
final class CamelHttpPusher implements LokiPusher {

    private static final String OPTIONS = "?httpMethod=POST&throwExceptionOnFailure=false&copyHeaders=false"
            + "&skipResponseHeaders=true";

    private final HttpComponent http = new HttpComponent();
    private final Endpoint endpoint;
    private final Producer producer;
    private final Map<String, String> headers;
    private final boolean gzip;

    /**
     * @param pushUrl the push API's URL, {@code http(s)://host:port/loki/api/v1/push}, without query
     * @param headers request headers besides content type and encoding (tenant, authorization)
     * @param gzip    whether bodies are sent gzip-compressed
     */
    CamelHttpPusher(CamelContext context, String pushUrl, Map<String, String> headers, boolean gzip,
                    long timeoutMillis) throws Exception {
        this.headers = Map.copyOf(headers);
        this.gzip = gzip;
        http.setCamelContext(context);
        http.setConnectTimeout(timeoutMillis);
        http.setConnectionRequestTimeout(timeoutMillis);
        http.setSoTimeout(timeoutMillis);
        http.setResponseTimeout(timeoutMillis);
        http.setAutomaticRetriesDisabled(true);
        http.setCookieManagementDisabled(true);
        http.setUserAgent("conntrackd");
        http.start();
        endpoint = http.createEndpoint(pushUrl + OPTIONS);
        producer = endpoint.createProducer();
        ServiceHelper.startService(endpoint, producer);
    }

    @Override
    public PushResult push(byte[] jsonBody) {
        Exchange exchange = endpoint.createExchange();
        exchange.getIn().setBody(jsonBody);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (gzip) {
            // camel-http compresses a byte[] body itself when the message says gzip
            exchange.getIn().setHeader(HttpConstants.CONTENT_ENCODING, "gzip");
        }
        headers.forEach(exchange.getIn()::setHeader);
        try {
            producer.process(exchange);
        } catch (Exception e) {
            return PushResult.failure(e);
        }
        if (exchange.getException() != null) {
            return PushResult.failure(exchange.getException());
        }
        Integer status = exchange.getMessage().getHeader(HttpConstants.HTTP_RESPONSE_CODE, Integer.class);
        return PushResult.answer(status == null ? 0 : status, exchange.getMessage().getBody(String.class));
    }

    @Override
    public void close() {
        ServiceHelper.stopAndShutdownServices(producer, endpoint, http);
    }
}
