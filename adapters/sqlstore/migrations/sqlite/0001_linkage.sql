-- The linkage package's entities: one row per entity, the whole entity in doc,
-- and the columns the filters select on. Written by sqlstore; do not edit rows by hand.

CREATE TABLE linkage_communities (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	kind TEXT NOT NULL CONSTRAINT linkage_communities_kind_check CHECK (length(kind) <= 64),
	district TEXT NOT NULL CONSTRAINT linkage_communities_district_check CHECK (length(district) <= 200),
	street_office TEXT NOT NULL CONSTRAINT linkage_communities_street_office_check CHECK (length(street_office) <= 200)
) WITHOUT ROWID;

CREATE TABLE linkage_social_workers (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	agency TEXT NOT NULL CONSTRAINT linkage_social_workers_agency_check CHECK (length(agency) <= 200),
	status TEXT NOT NULL CONSTRAINT linkage_social_workers_status_check CHECK (length(status) <= 64)
) WITHOUT ROWID;

CREATE TABLE linkage_organizations (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	community_id TEXT NOT NULL,
	field TEXT NOT NULL CONSTRAINT linkage_organizations_field_check CHECK (length(field) <= 64),
	type TEXT NOT NULL CONSTRAINT linkage_organizations_type_check CHECK (length(type) <= 64),
	stage TEXT NOT NULL CONSTRAINT linkage_organizations_stage_check CHECK (length(stage) <= 64)
) WITHOUT ROWID;
CREATE INDEX linkage_organizations_community_id_idx ON linkage_organizations (community_id, id);

CREATE TABLE linkage_units (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	community_id TEXT NOT NULL,
	kind TEXT NOT NULL CONSTRAINT linkage_units_kind_check CHECK (length(kind) <= 64)
) WITHOUT ROWID;
CREATE INDEX linkage_units_community_id_idx ON linkage_units (community_id, id);

CREATE TABLE linkage_projects (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	purchaser TEXT NOT NULL CONSTRAINT linkage_projects_purchaser_check CHECK (length(purchaser) <= 200),
	operator TEXT NOT NULL CONSTRAINT linkage_projects_operator_check CHECK (length(operator) <= 200),
	status TEXT NOT NULL CONSTRAINT linkage_projects_status_check CHECK (length(status) <= 64)
) WITHOUT ROWID;

CREATE TABLE linkage_needs (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	community_id TEXT NOT NULL,
	area_id TEXT NOT NULL,
	status TEXT NOT NULL CONSTRAINT linkage_needs_status_check CHECK (length(status) <= 64),
	target_group TEXT NOT NULL CONSTRAINT linkage_needs_target_group_check CHECK (length(target_group) <= 64),
	urgency TEXT NOT NULL CONSTRAINT linkage_needs_urgency_check CHECK (length(urgency) <= 64),
	raised_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX linkage_needs_community_id_status_idx ON linkage_needs (community_id, status, id);
CREATE INDEX linkage_needs_raised_at_idx ON linkage_needs (raised_at, id);

CREATE TABLE linkage_cases (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	worker_id TEXT NOT NULL,
	supervisor_id TEXT NOT NULL,
	status TEXT NOT NULL CONSTRAINT linkage_cases_status_check CHECK (length(status) <= 64),
	community_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX linkage_cases_worker_id_idx ON linkage_cases (worker_id, id);
CREATE INDEX linkage_cases_community_id_idx ON linkage_cases (community_id, id);

CREATE TABLE linkage_activities (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	community_id TEXT NOT NULL,
	project_id TEXT NOT NULL,
	kind TEXT NOT NULL CONSTRAINT linkage_activities_kind_check CHECK (length(kind) <= 64),
	starts_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX linkage_activities_community_id_starts_at_idx ON linkage_activities (community_id, starts_at, id);
CREATE INDEX linkage_activities_project_id_idx ON linkage_activities (project_id, id);

CREATE TABLE linkage_links (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	kind TEXT NOT NULL CONSTRAINT linkage_links_kind_check CHECK (length(kind) <= 64),
	by_kind TEXT NOT NULL CONSTRAINT linkage_links_by_kind_check CHECK (length(by_kind) <= 64),
	by_id TEXT NOT NULL,
	from_kind TEXT NOT NULL CONSTRAINT linkage_links_from_kind_check CHECK (length(from_kind) <= 64),
	from_id TEXT NOT NULL,
	to_kind TEXT NOT NULL CONSTRAINT linkage_links_to_kind_check CHECK (length(to_kind) <= 64),
	to_id TEXT NOT NULL,
	project_id TEXT NOT NULL,
	at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX linkage_links_project_id_at_idx ON linkage_links (project_id, at, id);
CREATE INDEX linkage_links_from_id_idx ON linkage_links (from_id, id);
CREATE INDEX linkage_links_to_id_idx ON linkage_links (to_id, id);

CREATE TABLE linkage_council_meetings (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	community_id TEXT NOT NULL,
	held_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX linkage_council_meetings_community_id_held_at_idx ON linkage_council_meetings (community_id, held_at, id);
