-- One service record per enrolment (MCA Order 67 Arts 3, 19: service time is recorded
-- truthfully, once). enrolment_id is NULL for a record that names no enrolment.
-- Records written before this step keep the first record of each enrolment (by start,
-- then ID) in the index; later duplicates stay NULL here and remain in doc for review.
ALTER TABLE volunteer_records ADD COLUMN enrolment_id TEXT;
UPDATE volunteer_records SET enrolment_id = json_extract(doc, '$.EnrolmentID')
WHERE id IN (
	SELECT id FROM (
		SELECT id, ROW_NUMBER() OVER (PARTITION BY json_extract(doc, '$.EnrolmentID') ORDER BY starts_at, id) AS n
		FROM volunteer_records
		WHERE json_extract(doc, '$.EnrolmentID') IS NOT NULL
			AND json_extract(doc, '$.EnrolmentID') <> '00000000-0000-0000-0000-000000000000'
	) WHERE n = 1
);
CREATE UNIQUE INDEX volunteer_records_enrolment_id_uniq ON volunteer_records (enrolment_id) WHERE enrolment_id IS NOT NULL;
