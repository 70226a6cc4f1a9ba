-- Pointer tracking and replay. A key records its visitors' pointer only when pointer_tracking is on
-- (off by default); what is recorded is read only with the key's read token, of which only the
-- SHA-256 is kept (the token is shown once, when made). The local demo key records only where
-- DEMO_READ_TOKEN is set (./run.sh, compose): counter-service turns it on then, never here.
ALTER TABLE api_keys ADD COLUMN pointer_tracking boolean NOT NULL DEFAULT false;
ALTER TABLE api_keys ADD COLUMN read_token_sha256 text CHECK (read_token_sha256 ~ '^[0-9a-f]{64}$');

-- One row per recorded page view. day: the UTC day its first chunk was stored, the partition of all
-- its chunks (so a re-sent chunk always meets its original, whenever it comes) and what retention
-- goes by. started_at: the earliest estimate (a chunk's received_at less its last sample's t_ms);
-- ended_at is started_at + last_t_ms. A deleted session keeps its row, emptied, until it expires, so
-- chunks still on their way are dropped instead of bringing it back.
CREATE TABLE pointer_sessions (
    api_key     text        NOT NULL,
    session     uuid        NOT NULL,
    day         date        NOT NULL,
    page        text,
    viewport_w  integer,
    viewport_h  integer,
    started_at  timestamptz NOT NULL,
    last_t_ms   bigint      NOT NULL DEFAULT 0 CHECK (last_t_ms >= 0),
    samples     integer     NOT NULL DEFAULT 0 CHECK (samples >= 0),
    clicks      integer     NOT NULL DEFAULT 0 CHECK (clicks >= 0),
    deleted     boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (api_key, session)
);
CREATE INDEX pointer_sessions_newest ON pointer_sessions (api_key, started_at DESC) WHERE NOT deleted;
CREATE INDEX pointer_sessions_expiry ON pointer_sessions (day);

-- One row per chunk (about a second of a visitor's pointer), stored once per (api_key, session, seq):
-- its samples packed in one bytea (about 6 bytes a sample; SampleCodec), never a row per sample.
-- Partitioned by day: counter-service creates the coming days' partitions and drops expired ones
-- whole (PointerRepository); the default partition only catches a day whose partition is missing.
CREATE TABLE pointer_chunks (
    day          date        NOT NULL,
    api_key      text        NOT NULL,
    session      uuid        NOT NULL,
    seq          integer     NOT NULL CHECK (seq >= 0),
    received_at  timestamptz NOT NULL,
    sample_count integer     NOT NULL,
    samples      bytea       NOT NULL,
    PRIMARY KEY (day, api_key, session, seq)
) PARTITION BY RANGE (day);
CREATE TABLE pointer_chunks_default PARTITION OF pointer_chunks DEFAULT;
