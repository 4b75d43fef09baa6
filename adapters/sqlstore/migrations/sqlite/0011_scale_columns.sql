-- Columns that let reads narrow to what they need: a transaction's service record and a
-- need's settling time.

-- The service record a transaction was posted for (NULL for none), so that settling a
-- record's points reads only its own postings.
ALTER TABLE volunteer_transactions ADD COLUMN record_id TEXT;
UPDATE volunteer_transactions SET record_id = json_extract(doc, '$.RecordID')
WHERE json_extract(doc, '$.RecordID') IS NOT NULL AND json_extract(doc, '$.RecordID') <> '00000000-0000-0000-0000-000000000000';
CREATE INDEX volunteer_transactions_record_id_idx ON volunteer_transactions (record_id) WHERE record_id IS NOT NULL;

-- When a need was met or closed unmet (Need.SettledAt; NULL while it is neither), so that a
-- report on a period reads the needs raised before its end and not settled before its
-- start, however long the history. Filled here to the second, which is enough: it only
-- narrows, and the filter's Match decides.
ALTER TABLE linkage_needs ADD COLUMN settled_at TEXT;
UPDATE linkage_needs SET settled_at = strftime('%Y-%m-%dT%H:%M:%S', COALESCE(
	NULLIF(NULLIF(json_extract(doc, '$.MetAt'), '0001-01-01T00:00:00Z'), ''),
	NULLIF(NULLIF(json_extract(doc, '$.ClosedAt'), '0001-01-01T00:00:00Z'), ''))) || '.000000000Z'
WHERE COALESCE(NULLIF(NULLIF(json_extract(doc, '$.MetAt'), '0001-01-01T00:00:00Z'), ''),
	NULLIF(NULLIF(json_extract(doc, '$.ClosedAt'), '0001-01-01T00:00:00Z'), '')) IS NOT NULL;
