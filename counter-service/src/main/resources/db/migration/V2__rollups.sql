-- Counts per time bucket, by the server's received_at: per second (kept 1 h), per minute (kept
-- 7 days), per hour (kept 90 days). Written in the same transaction as action_colors, so every
-- granularity adds up to the totals (within its retention).
CREATE TABLE count_buckets (
    granularity  text        NOT NULL CHECK (granularity IN ('1s', '1m', '1h')),
    api_key      text        NOT NULL,
    action_id    smallint    NOT NULL REFERENCES actions (id),
    bucket_start timestamptz NOT NULL,
    color_id     smallint    NOT NULL REFERENCES colors (id),
    amount       bigint      NOT NULL CHECK (amount > 0),
    PRIMARY KEY (api_key, action_id, granularity, bucket_start, color_id)
);
-- the retention job deletes by age
CREATE INDEX count_buckets_expiry ON count_buckets (granularity, bucket_start);
