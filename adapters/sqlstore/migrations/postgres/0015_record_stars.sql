-- What a volunteer's star levels depend on, per verified record, so that star status reads
-- one index and short columns instead of every record's document. stars is NULL unless
-- the record is verified; otherwise its verification time and minutes, then each
-- correction's time and minutes before and after, separated by single spaces (times in
-- RFC 3339 with nanoseconds, UTC). The index leaves the column out: a B-tree entry has a
-- size limit, and a record may be corrected many times.
ALTER TABLE volunteer_records ADD COLUMN stars text;
CREATE INDEX volunteer_records_stars_idx ON volunteer_records (volunteer_id) WHERE stars IS NOT NULL;

-- Open fills the column from the records already stored, then deletes this row.
INSERT INTO wushe_settings (name, value) VALUES ('stars_rebuild', '1');
