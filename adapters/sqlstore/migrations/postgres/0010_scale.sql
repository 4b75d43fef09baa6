-- What keeps reads flat as a district grows: checkpoints of the points ledger, so that a
-- balance as of any date sums at most a few hundred entries, and indexes that hold the
-- dates and records the reports and awards select on.

-- A checkpoint is the balance of account over every entry posted at or before posted_ns.
-- Postings keep them: one is added after every 256 entries of an account that keeps a
-- balance row, and a posting dated at or before a checkpoint deletes it. System accounts
-- keep none.
CREATE TABLE volunteer_ledger_checkpoints (
	account varchar(200) NOT NULL,
	posted_ns bigint NOT NULL,
	balance numeric NOT NULL,
	PRIMARY KEY (account, posted_ns)
);

CREATE INDEX linkage_needs_community_id_raised_at_idx ON linkage_needs (community_id, raised_at, id);

-- The service record a transaction was posted for (NULL for none), so that settling a
-- record's points reads only its own postings.
ALTER TABLE volunteer_transactions ADD COLUMN record_id uuid;
UPDATE volunteer_transactions SET record_id = (doc->>'RecordID')::uuid
WHERE doc->>'RecordID' IS NOT NULL AND doc->>'RecordID' <> '00000000-0000-0000-0000-000000000000';
CREATE INDEX volunteer_transactions_record_id_idx ON volunteer_transactions (record_id) WHERE record_id IS NOT NULL;

-- When a need was met or closed unmet (Need.SettledAt; NULL while it is neither), so that a
-- report on a period reads the needs raised before its end and not settled before its
-- start, however long the history.
ALTER TABLE linkage_needs ADD COLUMN settled_at timestamptz;
UPDATE linkage_needs SET settled_at = COALESCE(
	NULLIF(NULLIF(doc->>'MetAt', '0001-01-01T00:00:00Z'), ''),
	NULLIF(NULLIF(doc->>'ClosedAt', '0001-01-01T00:00:00Z'), ''))::timestamptz;
