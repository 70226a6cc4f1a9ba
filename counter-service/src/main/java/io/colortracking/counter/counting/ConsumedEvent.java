package io.colortracking.counter.counting;

import io.colortracking.events.ColorEvent;
import org.apache.kafka.common.TopicPartition;

/**
 * One record of an events topic, where it was read from, and the event it holds, or
 * {@code null} when the record could not be read as one.
 */
public record ConsumedEvent(String topic, int partition, long offset, ColorEvent event) {

    TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
