package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"strconv"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storecodec"
)

// Personal data at rest: the codec that seals documents, the blind index that keeps
// personal data unique without storing it, and key rotation.

// blind is a column value that the Store turns into the keyed blind index of a piece of
// personal data (see Store.blindIndex): the table's column functions cannot reach the
// Store's key, so they hand over the value and arg computes the index.
type blind struct {
	class wushe.Class
	value interface {
		Reveal(wushe.Entitlement) (string, error)
	}
}

// The names of the rows in wushe_settings.
const (
	settingIndexKey   = "index_key"
	settingIndexKeyID = "index_key_id"
)

// indexLock is the advisory lock key under which Opens on PostgreSQL check the index key
// and recompute the indexes.
const indexLock = "wushe.sqlstore.index"

// blindIndex returns the keyed blind index of b's clear value. Reveal cannot fail with
// the storage entitlement; should it, the index is of the empty string and the write
// goes on (the document keeps the value).
func (s *Store) blindIndex(b blind) string {
	clear, _ := b.value.Reveal(wushe.StorageEntitlement())
	return s.index(b.class, clear)
}

// prepareIndex sets the Store's codec and blind index from opts and brings the stored
// indexes in line with the index key: with host keys, their index key (and the database
// drops any key of its own); without, the random key the database keeps, made on first
// use. When the indexes were computed with another key (or none: a database migrated from
// bare digests), every one is recomputed from the documents in the same transaction.
func (s *Store) prepareIndex(ctx context.Context, keys *storecodec.Keyring) error {
	const op = "sqlstore.Open"
	s.codec = storecodec.Codec{Keys: keys}
	return s.write(ctx, op, "Store", func(tx *sql.Tx) error {
		if err := s.dialect.lock(ctx, tx, indexLock); err != nil {
			return err
		}
		settings, err := s.settings(ctx, tx)
		if err != nil {
			return err
		}
		var keyID string
		if keys != nil {
			s.index, keyID = keys.BlindIndex, keys.IndexKeyID()
			if _, ok := settings[settingIndexKey]; ok {
				if _, err := tx.ExecContext(ctx, s.dialect.rebind("DELETE FROM wushe_settings WHERE name = ?"), settingIndexKey); err != nil {
					return err
				}
			}
		} else {
			key, err := hex.DecodeString(settings[settingIndexKey])
			if _, ok := settings[settingIndexKey]; !ok || err != nil || len(key) < 32 {
				key = make([]byte, 32)
				if _, err := rand.Read(key); err != nil {
					return err
				}
				if err := s.setSetting(ctx, tx, settingIndexKey, hex.EncodeToString(key)); err != nil {
					return err
				}
			}
			keyID = storecodec.IndexKeyID(key)
			s.index = func(c wushe.Class, clear string) string {
				ix, _ := storecodec.BlindIndex(key, c, clear) // the key has 32 bytes
				return ix
			}
		}
		if settings[settingIndexKeyID] == keyID {
			return nil
		}
		if err := s.reindex(ctx, tx, op); err != nil {
			return err
		}
		return s.setSetting(ctx, tx, settingIndexKeyID, keyID)
	})
}

// reindex recomputes every stored blind index with the Store's key. It clears them first
// so that the unique index never sees a half-recomputed table.
func (s *Store) reindex(ctx context.Context, tx *sql.Tx, op string) error {
	if _, err := tx.ExecContext(ctx, "UPDATE volunteer_volunteers SET id_number_index = NULL"); err != nil {
		return err
	}
	vs, err := volunteerTable.all(ctx, s, tx, op, where{}, nil, false)
	if err != nil {
		return err
	}
	for _, v := range vs {
		if v.IDNumber.IsZero() {
			continue
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind("UPDATE volunteer_volunteers SET id_number_index = ? WHERE id = ?"),
			s.arg(idNumberColumn(v.IDNumber)), v.ID.String()); err != nil {
			return uniqueField(mapErr(op, "Volunteer", v.ID.String(), err))
		}
	}
	return nil
}

func (s *Store) settings(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, value FROM wushe_settings")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return nil, err
		}
		out[name] = value
	}
	return out, rows.Err()
}

func (s *Store) setSetting(ctx context.Context, tx *sql.Tx, name, value string) error {
	if _, err := tx.ExecContext(ctx, s.dialect.rebind("DELETE FROM wushe_settings WHERE name = ?"), name); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, s.dialect.rebind("INSERT INTO wushe_settings (name, value) VALUES (?, ?)"), name, value)
	return err
}

// docTable is what RotateKeys needs of every entity table, whatever its type.
type docTable interface {
	tableName() string
	reseal(ctx context.Context, s *Store, op string) (int, error)
}

// docTables lists every table that keeps entity documents. A table added to the schema
// must be added here (TestDocTablesListEveryTable checks).
var docTables = []docTable{
	communityTable, socialWorkerTable, organizationTable, unitTable, projectTable, needTable,
	caseTable, activityTable, linkTable, councilMeetingTable, referralTable, followUpTable, partyOrgTable, partyReportTable,
	volunteerTable, teamTable, opportunityTable, enrolmentTable, recordTable, certificateTable,
	catalogTable, transactionTable, callOutTable,
	donorTable, donationTable, lotTable, requestTable, allocationTable, movementTable,
}

func (t *table[T]) tableName() string { return t.name }

// resealBatch is how many documents RotateKeys rewrites in one transaction.
const resealBatch = 200

// reseal rewrites every document of the table that the Store's codec would not write as
// it is: personal data in the clear or under an older key, an older document version. It
// keeps each row's Version (the entity has not changed) and recomputes its columns.
func (t *table[T]) reseal(ctx context.Context, s *Store, op string) (int, error) {
	n := 0
	after := uuid.Nil.String()
	for {
		var read, changed int
		var last string
		err := s.write(ctx, op, t.entity, func(tx *sql.Tx) error {
			read, changed = 0, 0
			query := "SELECT id, version, doc FROM " + t.name + " WHERE id > ? ORDER BY id LIMIT " + strconv.Itoa(resealBatch) + s.dialect.forUpdate()
			rows, err := tx.QueryContext(ctx, s.dialect.rebind(query), after)
			if err != nil {
				return err
			}
			var stale []T
			last = after
			for rows.Next() {
				var idText string
				var version int64
				var doc []byte
				if err := rows.Scan(&idText, &version, &doc); err != nil {
					rows.Close()
					return err
				}
				read++
				last = idText
				var v T
				_, resealed, err := s.codec.Reseal(doc, &v)
				if err != nil {
					rows.Close()
					return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: t.entity, ID: idText, Msg: "the stored document cannot be decoded", Err: err}
				}
				if resealed {
					*t.version(&v) = version
					stale = append(stale, v)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, v := range stale {
				if err := t.put(ctx, s, tx, op, v); err != nil {
					return err
				}
				changed++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n, after = n+changed, last
		if read < resealBatch {
			return n, nil
		}
	}
}

// RotateKeys rewrites every stored document that holds personal data in the clear or
// sealed under a key other than the current one of Options.Keys, and every document of an
// older version, and returns how many it rewrote. Run it after opening the Store with a
// Keyring whose current key is new (keeping the old keys in it until RotateKeys returns),
// or after first setting Keys on a database written without them; then the old keys can
// be retired. It works in batches, each its own transaction, so it can run beside the
// application; running it again after an interruption goes on where it stopped. Without
// Keys it only upgrades documents.
func (s *Store) RotateKeys(ctx context.Context) (int, error) {
	const op = "sqlstore.Store.RotateKeys"
	total := 0
	for _, t := range docTables {
		n, err := t.reseal(ctx, s, op)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
