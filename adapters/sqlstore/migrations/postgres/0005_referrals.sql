-- The linkage loop: referrals of needs to responders and the follow-up calls to
-- residents. One row per entity, the whole entity in doc, and the columns the filters
-- select on; due_at is the referral's current deadline (the zero time once it is final).
-- Written by sqlstore; do not edit rows by hand.

CREATE TABLE linkage_referrals (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	need_id uuid NOT NULL,
	community_id uuid NOT NULL,
	responder_kind varchar(64) NOT NULL,
	responder_id uuid NOT NULL,
	status varchar(64) NOT NULL,
	due_at timestamptz NOT NULL
);
CREATE INDEX linkage_referrals_need_id_idx ON linkage_referrals (need_id, id);
CREATE INDEX linkage_referrals_community_id_status_idx ON linkage_referrals (community_id, status, id);
CREATE INDEX linkage_referrals_responder_idx ON linkage_referrals (responder_kind, responder_id, id);
CREATE INDEX linkage_referrals_due_at_idx ON linkage_referrals (due_at, id);

CREATE TABLE linkage_follow_ups (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	need_id uuid NOT NULL,
	community_id uuid NOT NULL,
	answer varchar(64) NOT NULL,
	called_at timestamptz NOT NULL
);
CREATE INDEX linkage_follow_ups_need_id_idx ON linkage_follow_ups (need_id, id);
CREATE INDEX linkage_follow_ups_community_id_called_at_idx ON linkage_follow_ups (community_id, called_at, id);
