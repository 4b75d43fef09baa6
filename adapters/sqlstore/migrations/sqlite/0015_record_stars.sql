-- What a volunteer's star levels depend on, per verified record, so that star status reads
-- one index instead of every record's document. stars is NULL unless the record is
-- verified; otherwise its verification time and minutes, then each correction's time and
-- minutes before and after, separated by single spaces (times in RFC 3339 with
-- nanoseconds, UTC). The index holds the column, so the read touches no table row.
ALTER TABLE volunteer_records ADD COLUMN stars TEXT;
CREATE INDEX volunteer_records_stars_idx ON volunteer_records (volunteer_id, id, stars) WHERE stars IS NOT NULL;

-- Open fills the column from the records already stored (in Go, from their documents),
-- then deletes this row.
INSERT INTO wushe_settings (name, value) VALUES ('stars_rebuild', '1');
