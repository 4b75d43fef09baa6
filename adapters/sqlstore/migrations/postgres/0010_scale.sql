-- What keeps reads flat as a district grows: checkpoints of the points ledger, so that a
-- balance as of any date sums at most a few hundred entries, and indexes that hold the
-- dates the reports select on.

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
