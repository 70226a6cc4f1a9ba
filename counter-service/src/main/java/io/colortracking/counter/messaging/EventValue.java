package io.colortracking.counter.messaging;

import io.colortracking.events.ColorEvent;

/**
 * A record's value as the events channel delivers it: read and checked on the connector's polling
 * thread, so the next batch is made ready while one is counted. Never a failure: a value that cannot
 * be counted keeps its bytes and why, for the dead-letter topic.
 *
 * @param event the event, or {@code null} when the value is not a countable one
 * @param bytes the value as it was on the topic ({@code null} for a null value)
 * @param problem why it cannot be counted, or {@code null}
 */
public record EventValue(ColorEvent event, byte[] bytes, String problem) {}
