-- Party-building: party organizations of a community and the reports made to it.
CREATE TABLE linkage_party_orgs (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	community_id TEXT NOT NULL,
	kind TEXT NOT NULL CONSTRAINT linkage_party_orgs_kind_check CHECK (length(kind) <= 64)
) WITHOUT ROWID;
CREATE INDEX linkage_party_orgs_community_id_idx ON linkage_party_orgs (community_id, id);

-- A report's ID is derived from the community and the reporter, so the primary key is the
-- one-report-per-reporter rule.
CREATE TABLE linkage_party_reports (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	community_id TEXT NOT NULL,
	kind TEXT NOT NULL CONSTRAINT linkage_party_reports_kind_check CHECK (length(kind) <= 64),
	reported_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX linkage_party_reports_community_id_idx ON linkage_party_reports (community_id, reported_at, id);
