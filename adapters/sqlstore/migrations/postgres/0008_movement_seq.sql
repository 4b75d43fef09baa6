-- Each lot's movements are numbered 1, 2, 3 ... in the order they committed
-- (resources.Lot.Record): the seq column, unique per lot, the Seq field of each movement's
-- document and the LastSeq field of each lot's. Movements logged before this step are
-- numbered in the order Replay applied them then: by time, then ID (times as this
-- column keeps them, to the microsecond).

ALTER TABLE resources_movements DISABLE TRIGGER resources_movements_no_update;

ALTER TABLE resources_movements ADD COLUMN seq bigint;

UPDATE resources_movements AS m SET seq = numbered.n, doc = jsonb_set(m.doc, '{Seq}', to_jsonb(numbered.n))
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY lot_id ORDER BY at, id) AS n FROM resources_movements) AS numbered
WHERE numbered.id = m.id;

ALTER TABLE resources_movements ENABLE TRIGGER resources_movements_no_update;

ALTER TABLE resources_movements ALTER COLUMN seq SET NOT NULL,
	ADD CONSTRAINT resources_movements_seq_check CHECK (seq > 0);

CREATE UNIQUE INDEX resources_movements_lot_id_seq_idx ON resources_movements (lot_id, seq);

UPDATE resources_lots AS l SET doc = jsonb_set(l.doc, '{LastSeq}',
	to_jsonb((SELECT COUNT(*) FROM resources_movements m WHERE m.lot_id = l.id)));
