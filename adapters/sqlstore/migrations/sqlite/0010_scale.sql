-- What keeps reads flat as a district grows: checkpoints of the points ledger, so that a
-- balance as of any date sums at most a few hundred entries, and indexes that hold the
-- dates and records the reports and awards select on.

-- A checkpoint is the balance of account over every entry posted at or before posted_ns
-- (exact decimal text). Postings keep them: one is added after every 256 entries of an
-- account that keeps a balance row, and a posting dated at or before a checkpoint
-- deletes it. System accounts keep none.
CREATE TABLE volunteer_ledger_checkpoints (
	account TEXT NOT NULL CONSTRAINT volunteer_ledger_checkpoints_account_check CHECK (length(account) <= 200),
	posted_ns INTEGER NOT NULL,
	balance TEXT NOT NULL,
	PRIMARY KEY (account, posted_ns)
) WITHOUT ROWID;

CREATE INDEX linkage_needs_community_id_raised_at_idx ON linkage_needs (community_id, raised_at, id);

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
