-- Personal data at rest. A volunteer's ID number was kept unique through its bare
-- SHA-256, which anyone holding the database can reverse by trying the few hundred
-- thousand numbers that fit the mask and birth year. The column now holds a keyed blind
-- index (HMAC-SHA256 under the host's index key, or under a random key this database
-- keeps when the host gives none). The old digests are cleared here; Open recomputes
-- every index from the documents and records which key it used in wushe_settings.

ALTER TABLE volunteer_volunteers RENAME COLUMN id_number_sha256 TO id_number_index;
DROP INDEX volunteer_volunteers_id_number_sha256_uniq;
UPDATE volunteer_volunteers SET id_number_index = NULL;
CREATE UNIQUE INDEX volunteer_volunteers_id_number_index_uniq ON volunteer_volunteers (id_number_index);

-- The store's own settings: index_key_id names the key the blind indexes were computed
-- with; index_key is that key when the host gives none (a database opened with host keys
-- keeps no key of its own).
CREATE TABLE wushe_settings (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
