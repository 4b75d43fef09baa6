-- The volunteer package's entities, the points ledger and its balances.
-- One row per entity, the whole entity in doc, and the columns the filters and
-- invariants need. Written by sqlstore; do not edit rows by hand.

CREATE TABLE volunteer_volunteers (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	-- number is NULL when the volunteer has none yet; unique otherwise.
	number TEXT CONSTRAINT volunteer_volunteers_number_check CHECK (length(number) <= 64),
	-- id_number_sha256 is the hex SHA-256 of the clear ID number (the clear value stays
	-- in doc), NULL when there is none; unique otherwise.
	id_number_sha256 TEXT CONSTRAINT volunteer_volunteers_id_number_sha256_check CHECK (length(id_number_sha256) = 64),
	community_id TEXT NOT NULL,
	grid_id TEXT NOT NULL,
	status TEXT NOT NULL CONSTRAINT volunteer_volunteers_status_check CHECK (length(status) <= 64)
) WITHOUT ROWID;
CREATE UNIQUE INDEX volunteer_volunteers_number_uniq ON volunteer_volunteers (number);
CREATE UNIQUE INDEX volunteer_volunteers_id_number_sha256_uniq ON volunteer_volunteers (id_number_sha256);
CREATE INDEX volunteer_volunteers_community_id_idx ON volunteer_volunteers (community_id, id);

CREATE TABLE volunteer_teams (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	run_by_kind TEXT NOT NULL CONSTRAINT volunteer_teams_run_by_kind_check CHECK (length(run_by_kind) <= 64),
	run_by_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX volunteer_teams_run_by_idx ON volunteer_teams (run_by_id, id);

CREATE TABLE volunteer_opportunities (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	organizer_kind TEXT NOT NULL CONSTRAINT volunteer_opportunities_organizer_kind_check CHECK (length(organizer_kind) <= 64),
	organizer_id TEXT NOT NULL,
	theme TEXT NOT NULL CONSTRAINT volunteer_opportunities_theme_check CHECK (length(theme) <= 64),
	status TEXT NOT NULL CONSTRAINT volunteer_opportunities_status_check CHECK (length(status) <= 64),
	-- starts_at is the earliest shift start: no occurrence starts before it.
	starts_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX volunteer_opportunities_organizer_id_idx ON volunteer_opportunities (organizer_id, id);
CREATE INDEX volunteer_opportunities_status_starts_at_idx ON volunteer_opportunities (status, starts_at, id);

CREATE TABLE volunteer_enrolments (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	volunteer_id TEXT NOT NULL,
	opportunity_id TEXT NOT NULL,
	shift_id TEXT NOT NULL,
	occurrence INTEGER NOT NULL,
	status TEXT NOT NULL CONSTRAINT volunteer_enrolments_status_check CHECK (length(status) <= 64),
	applied_at TEXT NOT NULL
) WITHOUT ROWID;
-- A volunteer has at most one open enrolment (applied, confirmed, checked in) per shift
-- occurrence.
CREATE UNIQUE INDEX volunteer_enrolments_open_uniq ON volunteer_enrolments (volunteer_id, opportunity_id, shift_id, occurrence)
	WHERE status IN ('applied', 'confirmed', 'checked_in');
CREATE INDEX volunteer_enrolments_shift_idx ON volunteer_enrolments (opportunity_id, shift_id, occurrence, status);
CREATE INDEX volunteer_enrolments_volunteer_id_idx ON volunteer_enrolments (volunteer_id, id);

CREATE TABLE volunteer_records (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	volunteer_id TEXT NOT NULL,
	organizer_kind TEXT NOT NULL CONSTRAINT volunteer_records_organizer_kind_check CHECK (length(organizer_kind) <= 64),
	organizer_id TEXT NOT NULL,
	status TEXT NOT NULL CONSTRAINT volunteer_records_status_check CHECK (length(status) <= 64),
	starts_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX volunteer_records_volunteer_id_idx ON volunteer_records (volunteer_id, starts_at, id);
CREATE INDEX volunteer_records_organizer_id_idx ON volunteer_records (organizer_id, starts_at, id);

CREATE TABLE volunteer_certificates (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	number TEXT NOT NULL CONSTRAINT volunteer_certificates_number_check CHECK (length(number) <= 64),
	volunteer_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX volunteer_certificates_number_uniq ON volunteer_certificates (number);
CREATE INDEX volunteer_certificates_volunteer_id_idx ON volunteer_certificates (volunteer_id, id);

CREATE TABLE volunteer_catalog_items (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	active INTEGER NOT NULL CHECK (active IN (0, 1)),
	stock INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE volunteer_transactions (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	key TEXT NOT NULL CONSTRAINT volunteer_transactions_key_check CHECK (length(key) <= 200),
	kind TEXT NOT NULL CONSTRAINT volunteer_transactions_kind_check CHECK (length(kind) <= 64),
	posted_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX volunteer_transactions_key_uniq ON volunteer_transactions (key);
CREATE INDEX volunteer_transactions_posted_at_idx ON volunteer_transactions (posted_at, id);

-- One row per entry of every transaction, for balances as of a date and the Account
-- filter. amount is exact decimal text.
CREATE TABLE volunteer_ledger_entries (
	transaction_id TEXT NOT NULL REFERENCES volunteer_transactions (id),
	position INTEGER NOT NULL,
	account TEXT NOT NULL CONSTRAINT volunteer_ledger_entries_account_check CHECK (length(account) <= 200),
	amount TEXT NOT NULL,
	posted_at TEXT NOT NULL,
	-- posted_ns is posted_at in Unix nanoseconds: the exact as-of bound (the same on both backends).
	posted_ns INTEGER NOT NULL,
	PRIMARY KEY (transaction_id, position)
) WITHOUT ROWID;
CREATE INDEX volunteer_ledger_entries_account_idx ON volunteer_ledger_entries (account, posted_ns, amount);

-- The balance of every account but the system ones (system/...), over all its entries
-- (exact decimal text), for the overdraft and ceiling checks. System accounts, which
-- nearly every posting touches, keep no row: their balances are sums over the entries.
CREATE TABLE volunteer_ledger_balances (
	account TEXT PRIMARY KEY CONSTRAINT volunteer_ledger_balances_account_check CHECK (length(account) <= 200),
	balance TEXT NOT NULL
) WITHOUT ROWID;
