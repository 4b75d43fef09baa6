-- The resources package's entities and the append-only movement log: one row per entity,
-- the whole entity in doc, and the columns the filters select on. Written by sqlstore; do
-- not edit rows by hand.

CREATE TABLE resources_donors (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	kind varchar(64) NOT NULL,
	credit_code varchar(64) NOT NULL,
	community_id uuid NOT NULL
);
CREATE INDEX resources_donors_community_id_idx ON resources_donors (community_id, id);

CREATE TABLE resources_donations (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	donor_id uuid NOT NULL,
	project_id uuid NOT NULL,
	status varchar(64) NOT NULL,
	kind varchar(64) NOT NULL
);
CREATE INDEX resources_donations_donor_id_idx ON resources_donations (donor_id, id);
CREATE INDEX resources_donations_project_id_idx ON resources_donations (project_id, id);

CREATE TABLE resources_lots (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	donation_id uuid NOT NULL,
	kind varchar(64) NOT NULL,
	category varchar(200) NOT NULL,
	on_hand numeric NOT NULL
);
CREATE INDEX resources_lots_donation_id_idx ON resources_lots (donation_id, id);
CREATE INDEX resources_lots_category_idx ON resources_lots (category, id);
CREATE INDEX resources_lots_in_stock_idx ON resources_lots (id) WHERE on_hand > 0;

CREATE TABLE resources_requests (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	community_id uuid NOT NULL,
	need_id uuid NOT NULL,
	category varchar(200) NOT NULL,
	status varchar(64) NOT NULL,
	urgency varchar(64) NOT NULL
);
CREATE INDEX resources_requests_community_id_status_idx ON resources_requests (community_id, status, id);
CREATE INDEX resources_requests_need_id_idx ON resources_requests (need_id, id);
CREATE INDEX resources_requests_category_status_idx ON resources_requests (category, status, id);

CREATE TABLE resources_allocations (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	lot_id uuid NOT NULL,
	request_id uuid NOT NULL,
	status varchar(64) NOT NULL
);
CREATE INDEX resources_allocations_lot_id_status_idx ON resources_allocations (lot_id, status, id);
CREATE INDEX resources_allocations_request_id_idx ON resources_allocations (request_id, id);

-- Movements are never changed: version is always 1, and the triggers refuse an UPDATE or
-- DELETE from any client.
CREATE TABLE resources_movements (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version = 1),
	doc jsonb NOT NULL,
	lot_id uuid NOT NULL,
	kind varchar(64) NOT NULL,
	at timestamptz NOT NULL
);
CREATE INDEX resources_movements_lot_id_at_idx ON resources_movements (lot_id, at, id);
CREATE INDEX resources_movements_at_idx ON resources_movements (at, id);

CREATE FUNCTION resources_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'resources_movements is append-only' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER resources_movements_no_update BEFORE UPDATE OR DELETE ON resources_movements
	FOR EACH ROW EXECUTE FUNCTION resources_movements_append_only();
