-- Counted event ids, cheap to write and to expire (issue 21): a number per tenant instead of its
-- key's text, no time column and no second index; each row in the partition of the UTC day it was
-- counted, and whole days dropped once the dedupe window has passed (nothing deleted row by row).

-- instances of the previous version, still counting during a rolling upgrade, wait here: no id they
-- count is lost between the copy below and the drop
LOCK TABLE counted_events IN SHARE MODE;

-- a number per tenant key, given the first time one of its events is counted, never reused
CREATE TABLE tenant_numbers (
    api_key text    PRIMARY KEY,
    tenant  integer GENERATED ALWAYS AS IDENTITY UNIQUE
);

CREATE TABLE event_ids (
    event_id   uuid    NOT NULL,
    tenant     integer NOT NULL,
    counted_on date    NOT NULL,
    PRIMARY KEY (event_id, tenant, counted_on)
) PARTITION BY RANGE (counted_on);
-- rows of a day without a partition yet (the service makes them ahead): deleted by the retention job
CREATE TABLE event_ids_default PARTITION OF event_ids DEFAULT;

-- the ids still remembered move over, each into the partition of the day it was counted
INSERT INTO tenant_numbers (api_key) SELECT DISTINCT api_key FROM counted_events ORDER BY api_key;
DO $$
DECLARE
    d date;
BEGIN
    FOR d IN SELECT DISTINCT (counted_at AT TIME ZONE 'UTC')::date FROM counted_events
             UNION SELECT (now() AT TIME ZONE 'UTC')::date ORDER BY 1 LOOP
        EXECUTE format('CREATE TABLE event_ids_%s PARTITION OF event_ids FOR VALUES FROM (%L) TO (%L)',
                       to_char(d, 'YYYYMMDD'), d, d + 1);
    END LOOP;
END $$;
INSERT INTO event_ids (event_id, tenant, counted_on)
SELECT c.event_id, t.tenant, (c.counted_at AT TIME ZONE 'UTC')::date
FROM counted_events c JOIN tenant_numbers t USING (api_key);
DROP TABLE counted_events;
