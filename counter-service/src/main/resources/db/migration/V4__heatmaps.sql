-- Heatmaps: every counted event with a position adds one to a cell of the 32 x 32 grid laid over
-- its area (bx = min(31, floor(x * 32)), by likewise), in the same transaction as the counts and
-- behind the same id dedupe. A grid is one row of 1024 counts, row by row (cells[by * 32 + bx + 1]):
-- a batch changes one row per distinct (api_key, area, action, color[, day]), however many cells
-- its events fall into. Per UTC day of received_at (kept 90 days by default) ...
CREATE TABLE heat_days (
    api_key   text     NOT NULL,
    area      text     NOT NULL CHECK (area ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
    action_id smallint NOT NULL REFERENCES actions (id),
    day       date     NOT NULL,
    color_id  smallint NOT NULL REFERENCES colors (id),
    cells     bigint[] NOT NULL CHECK (cardinality(cells) = 1024),
    PRIMARY KEY (api_key, area, action_id, day, color_id)
);
-- the retention job deletes whole days
CREATE INDEX heat_days_expiry ON heat_days (day);

-- ... and all time (never expired), each change growing the grid's version: these are published
-- whole to the compacted heat_grids topic for the live heatmaps
CREATE TABLE heat_totals (
    api_key    text        NOT NULL,
    area       text        NOT NULL CHECK (area ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
    action_id  smallint    NOT NULL REFERENCES actions (id),
    color_id   smallint    NOT NULL REFERENCES colors (id),
    cells      bigint[]    NOT NULL CHECK (cardinality(cells) = 1024),
    version    bigint      NOT NULL CHECK (version >= 1),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (api_key, area, action_id, color_id)
);
