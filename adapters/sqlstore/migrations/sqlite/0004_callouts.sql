-- Emergency call-outs (volunteer.CallOut). The acknowledgements live in the document; the
-- columns are what ListCallOuts filters on.
CREATE TABLE volunteer_call_outs (
	id TEXT PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0),
	doc TEXT NOT NULL,
	organizer_kind TEXT NOT NULL CONSTRAINT volunteer_call_outs_organizer_kind_check CHECK (length(organizer_kind) <= 64),
	organizer_id TEXT NOT NULL,
	status TEXT NOT NULL CONSTRAINT volunteer_call_outs_status_check CHECK (length(status) <= 64),
	opened_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX volunteer_call_outs_organizer_idx ON volunteer_call_outs (organizer_id, opened_at, id);
CREATE INDEX volunteer_call_outs_opened_at_idx ON volunteer_call_outs (opened_at, id);
