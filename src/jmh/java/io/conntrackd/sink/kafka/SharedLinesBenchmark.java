package io.conntrackd.sink.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventBatchBenchmark;
import io.conntrackd.geoip.CpuPerOperation;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.EventLines;
import io.conntrackd.sink.LineEncoder;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.kafka.KafkaSinkConfiguration.RecordKey;
import io.conntrackd.sink.stream.JsonLinesWriter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The stream sink and the Kafka sink on the same events, as in the daemon with both on: the stream sink's
 * {@link JsonLinesWriter} writes a batch of 256 events to a discarding stream, then the Kafka sink's
 * {@link KafkaRecords} makes each event's record (without a producer). {@code lines}: {@code own}, each sink
 * encodes its lines itself (as a sink alone, or before {@link EventLines}); {@code shared}, the route encodes
 * each line once ({@link LineEncoder}, as {@link EventLines} does) and both sinks take it from the batch.
 * Time per event, the route's encoding and both sinks.
 */
public class SharedLinesBenchmark extends EventBatchBenchmark {

    @Param({"own", "shared"})
    public String lines;

    private List<ConntrackEvent> batch;
    private boolean shared;
    private final LineEncoder route = new LineEncoder();
    private JsonLinesWriter stream;
    private KafkaRecords kafka;
    private final SinkStats stats = new SinkStats("stream");

    @Setup
    public void prepare() throws IOException {
        batch = events();
        shared = lines.equals("shared");
        stream = new JsonLinesWriter(OutputStream.nullOutputStream());
        kafka = new KafkaRecords("conntrack", RecordKey.FLOW, "bench");
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void streamThenKafka(CpuPerOperation cpu, Blackhole records) throws IOException {
        cpu.add(BATCH);
        List<byte[]> encoded = new ArrayList<>(BATCH);
        for (ConntrackEvent event : batch) {
            encoded.add(shared ? route.line(event) : null);
        }
        stream.write(EventBatch.withLines(batch, encoded, stats));
        for (int i = 0; i < BATCH; i++) {
            ProducerRecord<byte[], byte[]> record = kafka.of(batch.get(i), encoded.get(i));
            records.consume(record);
        }
    }
}
