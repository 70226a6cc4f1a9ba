package io.colortracking.counter.messaging;

import io.colortracking.counter.counting.ConsumedEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;

/**
 * The trace context (W3C {@code traceparent}) ingest-service put on each event record, by the
 * counter the event changes: the latest event of the batch for each counter. The counter's
 * published change continues that event's trace, so one click is one trace from its request to
 * the live frame.
 */
final class TraceParents {

    static final String HEADER = "traceparent";

    private TraceParents() {}

    /** Counter key ({@code api_key:action:color}) → the traceparent of its latest event in the batch. */
    static Map<String, String> byCounter(ConsumerRecords<String, EventValue> records, List<ConsumedEvent> events) {
        Map<String, String> byOffset = new HashMap<>();
        for (ConsumerRecord<String, EventValue> record : records) {
            Header header = record.headers().lastHeader(HEADER);
            if (header != null && header.value() != null) {
                byOffset.put(
                        at(record.topic(), record.partition(), record.offset()),
                        new String(header.value(), StandardCharsets.US_ASCII));
            }
        }
        if (byOffset.isEmpty()) {
            return Map.of();
        }
        Map<String, String> byCounter = new HashMap<>();
        for (ConsumedEvent consumed : events) {
            String traceparent = byOffset.get(at(consumed.topic(), consumed.partition(), consumed.offset()));
            if (traceparent != null) {
                var event = consumed.event();
                // events come in offset order within a partition: the later one wins
                byCounter.put(event.apiKey() + ":" + event.action().wireName() + ":" + event.color(), traceparent);
            }
        }
        return byCounter;
    }

    private static String at(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }
}
