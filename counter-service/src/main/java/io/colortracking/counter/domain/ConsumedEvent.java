package io.colortracking.counter.domain;

import io.colortracking.events.ColorEvent;

/**
 * One record of an events topic, where it was read from, and the event it holds, or
 * {@code null} when the record could not be read as one.
 */
public record ConsumedEvent(String topic, int partition, long offset, ColorEvent event) {
}
