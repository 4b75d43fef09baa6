-- Each lot's stock after each of its movements, so that positions as of any date cost one
-- search per lot instead of a replay of the whole log. Post writes a row with every
-- movement, in the same transaction; rows are never changed. position holds the lot's
-- quantities after the movement as exact decimal text, separated by single spaces:
-- received, on hand, reserved, delivered, disposed. at_ns is the movement's At in Unix
-- nanoseconds, the exact as-of bound (the same on both backends).
CREATE TABLE resources_positions (
	lot_id TEXT NOT NULL,
	seq INTEGER NOT NULL CHECK (seq > 0),
	at_ns INTEGER NOT NULL,
	position TEXT NOT NULL,
	PRIMARY KEY (lot_id, at_ns, seq)
) WITHOUT ROWID;
-- The first movement of every lot: which lots had moved by a date.
CREATE INDEX resources_positions_first_idx ON resources_positions (lot_id, at_ns) WHERE seq = 1;

-- Open fills the table from the movements already logged (in Go: SQLite has no exact
-- decimal arithmetic), then deletes this row.
INSERT INTO wushe_settings (name, value) VALUES ('positions_rebuild', '1');
