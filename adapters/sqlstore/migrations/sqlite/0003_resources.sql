-- The resources package's entities and the append-only movement log: one row per entity,
-- the whole entity in doc, and the columns the filters select on. Quantities are exact
-- decimal text. Written by sqlstore; do not edit rows by hand.

CREATE TABLE resources_donors (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	kind TEXT NOT NULL CONSTRAINT resources_donors_kind_check CHECK (length(kind) <= 64),
	credit_code TEXT NOT NULL CONSTRAINT resources_donors_credit_code_check CHECK (length(credit_code) <= 64),
	community_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX resources_donors_community_id_idx ON resources_donors (community_id, id);

CREATE TABLE resources_donations (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	donor_id TEXT NOT NULL,
	project_id TEXT NOT NULL,
	status TEXT NOT NULL CONSTRAINT resources_donations_status_check CHECK (length(status) <= 64),
	kind TEXT NOT NULL CONSTRAINT resources_donations_kind_check CHECK (length(kind) <= 64)
) WITHOUT ROWID;
CREATE INDEX resources_donations_donor_id_idx ON resources_donations (donor_id, id);
CREATE INDEX resources_donations_project_id_idx ON resources_donations (project_id, id);

CREATE TABLE resources_lots (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	donation_id TEXT NOT NULL,
	kind TEXT NOT NULL CONSTRAINT resources_lots_kind_check CHECK (length(kind) <= 64),
	category TEXT NOT NULL CONSTRAINT resources_lots_category_check CHECK (length(category) <= 200),
	on_hand TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX resources_lots_donation_id_idx ON resources_lots (donation_id, id);
CREATE INDEX resources_lots_category_idx ON resources_lots (category, id);

CREATE TABLE resources_requests (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	community_id TEXT NOT NULL,
	need_id TEXT NOT NULL,
	category TEXT NOT NULL CONSTRAINT resources_requests_category_check CHECK (length(category) <= 200),
	status TEXT NOT NULL CONSTRAINT resources_requests_status_check CHECK (length(status) <= 64),
	urgency TEXT NOT NULL CONSTRAINT resources_requests_urgency_check CHECK (length(urgency) <= 64)
) WITHOUT ROWID;
CREATE INDEX resources_requests_community_id_status_idx ON resources_requests (community_id, status, id);
CREATE INDEX resources_requests_need_id_idx ON resources_requests (need_id, id);
CREATE INDEX resources_requests_category_status_idx ON resources_requests (category, status, id);

CREATE TABLE resources_allocations (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	lot_id TEXT NOT NULL,
	request_id TEXT NOT NULL,
	status TEXT NOT NULL CONSTRAINT resources_allocations_status_check CHECK (length(status) <= 64)
) WITHOUT ROWID;
CREATE INDEX resources_allocations_lot_id_status_idx ON resources_allocations (lot_id, status, id);
CREATE INDEX resources_allocations_request_id_idx ON resources_allocations (request_id, id);

-- Movements are never changed: version is always 1, and the triggers refuse an UPDATE or
-- DELETE from any client.
CREATE TABLE resources_movements (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version = 1),
	doc TEXT NOT NULL,
	lot_id TEXT NOT NULL,
	kind TEXT NOT NULL CONSTRAINT resources_movements_kind_check CHECK (length(kind) <= 64),
	at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX resources_movements_lot_id_at_idx ON resources_movements (lot_id, at, id);
CREATE INDEX resources_movements_at_idx ON resources_movements (at, id);

CREATE TRIGGER resources_movements_no_update BEFORE UPDATE ON resources_movements
BEGIN
	SELECT RAISE(ABORT, 'resources_movements is append-only');
END;
CREATE TRIGGER resources_movements_no_delete BEFORE DELETE ON resources_movements
BEGIN
	SELECT RAISE(ABORT, 'resources_movements is append-only');
END;
