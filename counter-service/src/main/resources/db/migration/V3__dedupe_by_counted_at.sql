-- Event ids are remembered for the dedupe window from when they were counted, not from when they
-- were received: a backlog older than the window, counted late, must still recognise a retry.
ALTER TABLE counted_events ADD COLUMN counted_at timestamptz NOT NULL DEFAULT now();
DROP INDEX counted_events_received_at;
CREATE INDEX counted_events_counted_at ON counted_events (counted_at);
