-- The volunteer package's entities, the points ledger and its balances.
-- One row per entity, the whole entity in doc, and the columns the filters and
-- invariants need. Written by sqlstore; do not edit rows by hand.

CREATE TABLE volunteer_volunteers (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	-- number is NULL when the volunteer has none yet; unique otherwise.
	number varchar(64),
	-- id_number_sha256 is the hex SHA-256 of the clear ID number (the clear value stays
	-- in doc), NULL when there is none; unique otherwise.
	id_number_sha256 char(64),
	community_id uuid NOT NULL,
	grid_id uuid NOT NULL,
	status varchar(64) NOT NULL
);
CREATE UNIQUE INDEX volunteer_volunteers_number_uniq ON volunteer_volunteers (number);
CREATE UNIQUE INDEX volunteer_volunteers_id_number_sha256_uniq ON volunteer_volunteers (id_number_sha256);
CREATE INDEX volunteer_volunteers_community_id_idx ON volunteer_volunteers (community_id, id);

CREATE TABLE volunteer_teams (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	run_by_kind varchar(64) NOT NULL,
	run_by_id uuid NOT NULL
);
CREATE INDEX volunteer_teams_run_by_idx ON volunteer_teams (run_by_id, id);

CREATE TABLE volunteer_opportunities (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	organizer_kind varchar(64) NOT NULL,
	organizer_id uuid NOT NULL,
	theme varchar(64) NOT NULL,
	status varchar(64) NOT NULL,
	-- starts_at is the earliest shift start: no occurrence starts before it.
	starts_at timestamptz NOT NULL
);
CREATE INDEX volunteer_opportunities_organizer_id_idx ON volunteer_opportunities (organizer_id, id);
CREATE INDEX volunteer_opportunities_status_starts_at_idx ON volunteer_opportunities (status, starts_at, id);

CREATE TABLE volunteer_enrolments (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	volunteer_id uuid NOT NULL,
	opportunity_id uuid NOT NULL,
	shift_id uuid NOT NULL,
	occurrence integer NOT NULL,
	status varchar(64) NOT NULL,
	applied_at timestamptz NOT NULL
);
-- A volunteer has at most one open enrolment (applied, confirmed, checked in) per shift
-- occurrence.
CREATE UNIQUE INDEX volunteer_enrolments_open_uniq ON volunteer_enrolments (volunteer_id, opportunity_id, shift_id, occurrence)
	WHERE status IN ('applied', 'confirmed', 'checked_in');
CREATE INDEX volunteer_enrolments_shift_idx ON volunteer_enrolments (opportunity_id, shift_id, occurrence, status);
CREATE INDEX volunteer_enrolments_volunteer_id_idx ON volunteer_enrolments (volunteer_id, id);

CREATE TABLE volunteer_records (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	volunteer_id uuid NOT NULL,
	organizer_kind varchar(64) NOT NULL,
	organizer_id uuid NOT NULL,
	status varchar(64) NOT NULL,
	starts_at timestamptz NOT NULL
);
CREATE INDEX volunteer_records_volunteer_id_idx ON volunteer_records (volunteer_id, starts_at, id);
CREATE INDEX volunteer_records_organizer_id_idx ON volunteer_records (organizer_id, starts_at, id);

CREATE TABLE volunteer_certificates (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	number varchar(64) NOT NULL,
	volunteer_id uuid NOT NULL
);
CREATE UNIQUE INDEX volunteer_certificates_number_uniq ON volunteer_certificates (number);
CREATE INDEX volunteer_certificates_volunteer_id_idx ON volunteer_certificates (volunteer_id, id);

CREATE TABLE volunteer_catalog_items (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	-- active is 0 or 1, as the adapter sends booleans to both backends.
	active smallint NOT NULL CHECK (active IN (0, 1)),
	stock integer NOT NULL
);

CREATE TABLE volunteer_transactions (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	key varchar(200) NOT NULL,
	kind varchar(64) NOT NULL,
	posted_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX volunteer_transactions_key_uniq ON volunteer_transactions (key);
CREATE INDEX volunteer_transactions_posted_at_idx ON volunteer_transactions (posted_at, id);

-- One row per entry of every transaction, for balances as of a date and the Account
-- filter.
CREATE TABLE volunteer_ledger_entries (
	transaction_id uuid NOT NULL REFERENCES volunteer_transactions (id),
	position integer NOT NULL,
	account varchar(200) NOT NULL,
	amount numeric NOT NULL,
	posted_at timestamptz NOT NULL,
	-- posted_ns is posted_at in Unix nanoseconds: the exact as-of bound (timestamptz keeps microseconds).
	posted_ns bigint NOT NULL,
	PRIMARY KEY (transaction_id, position)
);
CREATE INDEX volunteer_ledger_entries_account_idx ON volunteer_ledger_entries (account, posted_ns) INCLUDE (amount);

-- The balance of every account but the system ones (system/...), over all its entries, for
-- the overdraft and ceiling checks. System accounts, which nearly every posting touches,
-- keep no row: their balances are sums over the entries.
CREATE TABLE volunteer_ledger_balances (
	account varchar(200) PRIMARY KEY,
	balance numeric NOT NULL
);
