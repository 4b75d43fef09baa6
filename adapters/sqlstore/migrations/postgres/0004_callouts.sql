-- Emergency call-outs (volunteer.CallOut). The acknowledgements live in the document; the
-- columns are what ListCallOuts filters on.
CREATE TABLE volunteer_call_outs (
	id uuid PRIMARY KEY,
	version bigint NOT NULL CHECK (version > 0),
	doc jsonb NOT NULL,
	organizer_kind varchar(64) NOT NULL,
	organizer_id uuid NOT NULL,
	status varchar(64) NOT NULL,
	opened_at timestamptz NOT NULL
);
CREATE INDEX volunteer_call_outs_organizer_idx ON volunteer_call_outs (organizer_id, opened_at, id);
CREATE INDEX volunteer_call_outs_opened_at_idx ON volunteer_call_outs (opened_at, id);
