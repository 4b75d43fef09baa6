-- Party-building: party organizations of a community and the reports made to it.
CREATE TABLE linkage_party_orgs (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	community_id uuid NOT NULL,
	kind varchar(64) NOT NULL
);
CREATE INDEX linkage_party_orgs_community_id_idx ON linkage_party_orgs (community_id, id);

-- A report's ID is derived from the community and the reporter, so the primary key is the
-- one-report-per-reporter rule.
CREATE TABLE linkage_party_reports (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	community_id uuid NOT NULL,
	kind varchar(64) NOT NULL,
	reported_at timestamptz NOT NULL
);
CREATE INDEX linkage_party_reports_community_id_idx ON linkage_party_reports (community_id, reported_at, id);
