package io.colortracking.counter.persistence;

/** A row of {@code count_buckets}, sorted like its primary key, so transactions lock rows in one order. */
public record BucketKey(String apiKey, short actionId, String granularity, String start, short colorId)
        implements Comparable<BucketKey> {
    @Override
    public int compareTo(BucketKey other) {
        int c = apiKey.compareTo(other.apiKey);
        c = c != 0 ? c : Short.compare(actionId, other.actionId);
        c = c != 0 ? c : granularity.compareTo(other.granularity);
        c = c != 0 ? c : start.compareTo(other.start);
        return c != 0 ? c : Short.compare(colorId, other.colorId);
    }
}
