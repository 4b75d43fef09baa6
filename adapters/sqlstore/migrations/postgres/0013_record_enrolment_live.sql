-- One service record per enrolment that is not rejected: a rejected record no longer holds
-- its enrolment, so the organizer can record that enrolment afresh (a volunteer's own
-- report of an enrolment, rejected, used to keep it for good).
DROP INDEX volunteer_records_enrolment_id_uniq;

-- The record_enrolment step left enrolment_id NULL on the later records of an enrolment
-- (their EnrolmentID stayed in doc). They get it back where the new index allows: every
-- rejected one, and the first of the others (by start, then ID) of an enrolment that has
-- no record with enrolment_id set that is not rejected. The rest stay NULL, for review.
UPDATE volunteer_records SET enrolment_id = (doc->>'EnrolmentID')::uuid
WHERE enrolment_id IS NULL AND status = 'rejected'
	AND doc->>'EnrolmentID' IS NOT NULL AND doc->>'EnrolmentID' <> '00000000-0000-0000-0000-000000000000';
UPDATE volunteer_records SET enrolment_id = (doc->>'EnrolmentID')::uuid
WHERE id IN (
	SELECT id FROM (
		SELECT id, (doc->>'EnrolmentID')::uuid AS enrolment,
			ROW_NUMBER() OVER (PARTITION BY doc->>'EnrolmentID' ORDER BY starts_at, id) AS n
		FROM volunteer_records
		WHERE enrolment_id IS NULL AND status <> 'rejected'
			AND doc->>'EnrolmentID' IS NOT NULL AND doc->>'EnrolmentID' <> '00000000-0000-0000-0000-000000000000'
	) AS ranked
	WHERE n = 1 AND NOT EXISTS (
		SELECT 1 FROM volunteer_records kept WHERE kept.enrolment_id = ranked.enrolment AND kept.status <> 'rejected')
);

CREATE UNIQUE INDEX volunteer_records_enrolment_id_uniq ON volunteer_records (enrolment_id)
	WHERE enrolment_id IS NOT NULL AND status <> 'rejected';
