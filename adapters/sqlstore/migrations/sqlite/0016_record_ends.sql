-- When a service record's window ends (ServiceRecord.Window.End), so that the check that a
-- volunteer's records never overlap reads, through an index, only the records of that
-- volunteer that end after the new one starts. Filled here to the second, which is enough:
-- it only narrows (the query widens its bounds by a second), and the check decides on the
-- documents.
ALTER TABLE volunteer_records ADD COLUMN ends_at TEXT NOT NULL DEFAULT '';
UPDATE volunteer_records SET ends_at = strftime('%Y-%m-%dT%H:%M:%S', json_extract(doc, '$.Window.End')) || '.000000000Z';
CREATE INDEX volunteer_records_volunteer_id_ends_at_idx ON volunteer_records (volunteer_id, ends_at, starts_at);
