package io.colortracking.counter.persistence;

/** A row of {@code action_colors}, sorted like its primary key, so transactions lock rows in one order. */
public record CounterKey(String apiKey, short actionId, short colorId) implements Comparable<CounterKey> {
    @Override
    public int compareTo(CounterKey other) {
        int c = apiKey.compareTo(other.apiKey);
        c = c != 0 ? c : Short.compare(actionId, other.actionId);
        return c != 0 ? c : Short.compare(colorId, other.colorId);
    }
}
