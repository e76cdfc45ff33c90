package io.conntrackd.sink.kafka;
// placeholder until the sink contract lands
final class KafkaWriter implements io.conntrackd.sink.SinkWriter {
    KafkaWriter(org.apache.kafka.clients.producer.Producer<byte[], byte[]> p, KafkaRecords r, KafkaSinkConfiguration o) { }
    void awaitTopic(long t) { }
    @Override public void write(java.util.List<io.conntrackd.conntrack.ConntrackEvent> e) { }
}
