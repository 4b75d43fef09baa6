-- The linkage package's entities: one row per entity, the whole entity in doc,
-- and the columns the filters select on. Written by sqlstore; do not edit rows by hand.

CREATE TABLE linkage_communities (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	kind varchar(64) NOT NULL,
	district varchar(200) NOT NULL,
	street_office varchar(200) NOT NULL
);

CREATE TABLE linkage_social_workers (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	agency varchar(200) NOT NULL,
	status varchar(64) NOT NULL
);

CREATE TABLE linkage_organizations (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	community_id uuid NOT NULL,
	field varchar(64) NOT NULL,
	type varchar(64) NOT NULL,
	stage varchar(64) NOT NULL
);
CREATE INDEX linkage_organizations_community_id_idx ON linkage_organizations (community_id, id);

CREATE TABLE linkage_units (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	community_id uuid NOT NULL,
	kind varchar(64) NOT NULL
);
CREATE INDEX linkage_units_community_id_idx ON linkage_units (community_id, id);

CREATE TABLE linkage_projects (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	purchaser varchar(200) NOT NULL,
	operator varchar(200) NOT NULL,
	status varchar(64) NOT NULL
);

CREATE TABLE linkage_needs (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	community_id uuid NOT NULL,
	area_id uuid NOT NULL,
	status varchar(64) NOT NULL,
	target_group varchar(64) NOT NULL,
	urgency varchar(64) NOT NULL,
	raised_at timestamptz NOT NULL
);
CREATE INDEX linkage_needs_community_id_status_idx ON linkage_needs (community_id, status, id);
CREATE INDEX linkage_needs_raised_at_idx ON linkage_needs (raised_at, id);

CREATE TABLE linkage_cases (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	worker_id uuid NOT NULL,
	supervisor_id uuid NOT NULL,
	status varchar(64) NOT NULL,
	community_id uuid NOT NULL
);
CREATE INDEX linkage_cases_worker_id_idx ON linkage_cases (worker_id, id);
CREATE INDEX linkage_cases_community_id_idx ON linkage_cases (community_id, id);

CREATE TABLE linkage_activities (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	community_id uuid NOT NULL,
	project_id uuid NOT NULL,
	kind varchar(64) NOT NULL,
	starts_at timestamptz NOT NULL
);
CREATE INDEX linkage_activities_community_id_starts_at_idx ON linkage_activities (community_id, starts_at, id);
CREATE INDEX linkage_activities_project_id_idx ON linkage_activities (project_id, id);

CREATE TABLE linkage_links (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	kind varchar(64) NOT NULL,
	by_kind varchar(64) NOT NULL,
	by_id uuid NOT NULL,
	from_kind varchar(64) NOT NULL,
	from_id uuid NOT NULL,
	to_kind varchar(64) NOT NULL,
	to_id uuid NOT NULL,
	project_id uuid NOT NULL,
	at timestamptz NOT NULL
);
CREATE INDEX linkage_links_project_id_at_idx ON linkage_links (project_id, at, id);
CREATE INDEX linkage_links_from_id_idx ON linkage_links (from_id, id);
CREATE INDEX linkage_links_to_id_idx ON linkage_links (to_id, id);

CREATE TABLE linkage_council_meetings (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	community_id uuid NOT NULL,
	held_at timestamptz NOT NULL
);
CREATE INDEX linkage_council_meetings_community_id_held_at_idx ON linkage_council_meetings (community_id, held_at, id);
