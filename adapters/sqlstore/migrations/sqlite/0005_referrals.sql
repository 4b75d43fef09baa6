-- The linkage loop: referrals of needs to responders and the follow-up calls to
-- residents. One row per entity, the whole entity in doc, and the columns the filters
-- select on; due_at is the referral's current deadline (the zero time once it is final).
-- Written by sqlstore; do not edit rows by hand.

CREATE TABLE linkage_referrals (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	need_id TEXT NOT NULL,
	community_id TEXT NOT NULL,
	responder_kind TEXT NOT NULL CONSTRAINT linkage_referrals_responder_kind_check CHECK (length(responder_kind) <= 64),
	responder_id TEXT NOT NULL,
	status TEXT NOT NULL CONSTRAINT linkage_referrals_status_check CHECK (length(status) <= 64),
	due_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX linkage_referrals_need_id_idx ON linkage_referrals (need_id, id);
CREATE INDEX linkage_referrals_community_id_status_idx ON linkage_referrals (community_id, status, id);
CREATE INDEX linkage_referrals_responder_idx ON linkage_referrals (responder_kind, responder_id, id);
CREATE INDEX linkage_referrals_due_at_idx ON linkage_referrals (due_at, id);

CREATE TABLE linkage_follow_ups (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	need_id TEXT NOT NULL,
	community_id TEXT NOT NULL,
	answer TEXT NOT NULL CONSTRAINT linkage_follow_ups_answer_check CHECK (length(answer) <= 64),
	called_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX linkage_follow_ups_need_id_idx ON linkage_follow_ups (need_id, id);
CREATE INDEX linkage_follow_ups_community_id_called_at_idx ON linkage_follow_ups (community_id, called_at, id);
