-- Each lot's stock after each of its movements, so that positions as of any date cost one
-- search per lot instead of a replay of the whole log. Post writes a row with every
-- movement, in the same transaction; rows are never changed. position holds the lot's
-- quantities after the movement as exact decimal text, separated by single spaces:
-- received, on hand, reserved, delivered, disposed. at_ns is the movement's At in Unix
-- nanoseconds, the exact as-of bound (PostgreSQL's timestamps keep only microseconds).
CREATE TABLE resources_positions (
	lot_id uuid NOT NULL,
	seq bigint NOT NULL CHECK (seq > 0),
	at_ns bigint NOT NULL,
	position text NOT NULL,
	PRIMARY KEY (lot_id, at_ns, seq)
);
-- The first movement of every lot: which lots had moved by a date.
CREATE INDEX resources_positions_first_idx ON resources_positions (lot_id, at_ns) WHERE seq = 1;

-- Open fills the table from the movements already logged, then deletes this row.
INSERT INTO wushe_settings (name, value) VALUES ('positions_rebuild', '1');
