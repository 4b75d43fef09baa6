-- When a service record's window ends (ServiceRecord.Window.End), so that the check that a
-- volunteer's records never overlap reads, through an index, only the records of that
-- volunteer that end after the new one starts.
ALTER TABLE volunteer_records ADD COLUMN ends_at timestamptz;
UPDATE volunteer_records SET ends_at = (doc->'Window'->>'End')::timestamptz;
ALTER TABLE volunteer_records ALTER COLUMN ends_at SET NOT NULL;
CREATE INDEX volunteer_records_volunteer_id_ends_at_idx ON volunteer_records (volunteer_id, ends_at, starts_at);
