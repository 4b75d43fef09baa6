-- Each lot's movements are numbered 1, 2, 3 ... in the order they committed
-- (resources.Lot.Record): the seq column, unique per lot, the Seq field of each movement's
-- document and the LastSeq field of each lot's. Movements logged before this step are
-- numbered in the order Replay applied them then: by time, then ID.

DROP TRIGGER resources_movements_no_update;

ALTER TABLE resources_movements ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;

UPDATE resources_movements SET seq = numbered.n, doc = json_set(resources_movements.doc, '$.Seq', numbered.n)
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY lot_id ORDER BY at, id) AS n FROM resources_movements) AS numbered
WHERE numbered.id = resources_movements.id;

CREATE UNIQUE INDEX resources_movements_lot_id_seq_idx ON resources_movements (lot_id, seq);

CREATE TRIGGER resources_movements_no_update BEFORE UPDATE ON resources_movements
BEGIN
	SELECT RAISE(ABORT, 'resources_movements is append-only');
END;

UPDATE resources_lots SET doc = json_set(doc, '$.LastSeq',
	(SELECT COUNT(*) FROM resources_movements m WHERE m.lot_id = resources_lots.id));
