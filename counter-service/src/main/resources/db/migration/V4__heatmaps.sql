-- Heatmaps: every counted event with a position adds one to a cell of the 32 x 32 grid laid over
-- its area (bin_x = min(31, floor(x * 32)), bin_y likewise), in the same transaction as the
-- counts and behind the same id dedupe. Per UTC day of received_at (kept 90 days by default) ...
CREATE TABLE heat_bins (
    api_key   text     NOT NULL,
    area      text     NOT NULL CHECK (area ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
    action_id smallint NOT NULL REFERENCES actions (id),
    day       date     NOT NULL,
    color_id  smallint NOT NULL REFERENCES colors (id),
    bin_y     smallint NOT NULL CHECK (bin_y BETWEEN 0 AND 31),
    bin_x     smallint NOT NULL CHECK (bin_x BETWEEN 0 AND 31),
    amount    bigint   NOT NULL CHECK (amount > 0),
    PRIMARY KEY (api_key, area, action_id, day, color_id, bin_y, bin_x)
);
-- the retention job deletes whole days
CREATE INDEX heat_bins_expiry ON heat_bins (day);

-- ... and all time (never expired), each change growing the cell's version by one: these are
-- published to the compacted heat_bins topic for the live heatmaps
CREATE TABLE heat_totals (
    api_key    text        NOT NULL,
    area       text        NOT NULL CHECK (area ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
    action_id  smallint    NOT NULL REFERENCES actions (id),
    color_id   smallint    NOT NULL REFERENCES colors (id),
    bin_y      smallint    NOT NULL CHECK (bin_y BETWEEN 0 AND 31),
    bin_x      smallint    NOT NULL CHECK (bin_x BETWEEN 0 AND 31),
    amount     bigint      NOT NULL CHECK (amount > 0),
    version    bigint      NOT NULL CHECK (version >= 1),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (api_key, area, action_id, color_id, bin_y, bin_x)
);
