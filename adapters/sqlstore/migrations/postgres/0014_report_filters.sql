-- Columns and indexes that hold what a report's filters select on, so that the database
-- finds and sorts the rows a page needs from an index alone and reads only their
-- documents.

-- Needs of a community raised before a period's end and not settled before its start.
DROP INDEX linkage_needs_community_id_raised_at_idx;
CREATE INDEX linkage_needs_community_id_raised_at_idx ON linkage_needs (community_id, raised_at, settled_at, id);

-- When a referral was requested (Referral.RequestedAt), so that a report on a period reads
-- only the referrals requested in it.
ALTER TABLE linkage_referrals ADD COLUMN requested_at timestamptz;
UPDATE linkage_referrals SET requested_at = (doc->>'RequestedAt')::timestamptz;
ALTER TABLE linkage_referrals ALTER COLUMN requested_at SET NOT NULL;
CREATE INDEX linkage_referrals_community_id_requested_at_idx ON linkage_referrals (community_id, requested_at, id);
