package io.conntrackd.testing;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A running {@code conntrack -E -o xml} inside a {@link TestNamespace}: what the kernel emitted
 * according to the reference tool, to compare our reader with. conntrack flushes each event,
 * so {@link #events()} can be read while it runs.
 */
public final class ConntrackMonitor {

    /**
     * One event as conntrack printed it; numbers absent from the output are -1, strings null.
     *
     * @param type   "new", "update" or "destroy"
     * @param family 2 (IPv4) or 10 (IPv6)
     * @param state  the TCP state name, e.g. "ESTABLISHED"
     */
    public record KernelEvent(String type, long id, int family, int protocol, String source, String destination,
                              int sourcePort, int destinationPort, String replySource, String replyDestination,
                              int replySourcePort, int replyDestinationPort, String state, long timeout,
                              long originalPackets, long originalBytes) {
    }

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    ConntrackMonitor(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The events printed so far. */
    public List<KernelEvent> events() throws IOException {
        List<KernelEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            int start = line.indexOf("<flow");
            int end = line.indexOf("</flow>");
            if (start >= 0 && end > start) {
                events.add(parse(line.substring(start, end + "</flow>".length())));
            }
        }
        return events;
    }

    /** Waits until the events so far satisfy {@code condition} and returns them; fails naming {@code what}. */
    public List<KernelEvent> awaitEvents(String what, Predicate<List<KernelEvent>> condition, Duration timeout)
            throws IOException {
        return Await.until(what + " from conntrack -E", this::events, condition, timeout);
    }

    /** Waits until at least {@code count} DESTROY events were printed; returns all events. */
    public List<KernelEvent> awaitDestroyed(int count, Duration timeout) throws IOException {
        return awaitEvents(count + " DESTROY events",
                events -> events.stream().filter(e -> e.type().equals("destroy")).count() >= count, timeout);
    }

    /** Stops conntrack and returns every event it printed. */
    public List<KernelEvent> stop() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return events();
    }

    /** What conntrack wrote to stderr (its summary line on exit). */
    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    private static KernelEvent parse(String xml) {
        Element flow;
        try {
            DocumentBuilder builder = DocumentBuilderFactory.newInstance().newDocumentBuilder();
            flow = builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("unparsable conntrack output: " + xml, e);
        }
        Element original = meta(flow, "original");
        Element reply = meta(flow, "reply");
        Element independent = meta(flow, "independent");
        return new KernelEvent(flow.getAttribute("type"),
                number(independent, "id"),
                (int) attributeNumber(original, "layer3"),
                (int) attributeNumber(original, "layer4"),
                text(original, "src"), text(original, "dst"),
                (int) number(original, "sport"), (int) number(original, "dport"),
                text(reply, "src"), text(reply, "dst"),
                (int) number(reply, "sport"), (int) number(reply, "dport"),
                text(independent, "state"), number(independent, "timeout"),
                number(original, "packets"), number(original, "bytes"));
    }

    private static Element meta(Element flow, String direction) {
        NodeList metas = flow.getElementsByTagName("meta");
        for (int i = 0; i < metas.getLength(); i++) {
            Element e = (Element) metas.item(i);
            if (direction.equals(e.getAttribute("direction"))) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String tag) {
        if (parent == null) {
            return null;
        }
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    private static long number(Element parent, String tag) {
        String t = text(parent, tag);
        return t == null ? -1 : Long.parseLong(t);
    }

    private static long attributeNumber(Element parent, String tag) {
        if (parent == null) {
            return -1;
        }
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? -1 : Long.parseLong(((Element) nodes.item(0)).getAttribute("protonum"));
    }
}
