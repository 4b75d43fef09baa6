package sqlstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/storecodec"
	"github.com/wushe/wushe/volunteer"
)

// testKey returns n bytes derived from seed.
func testKey(seed string, n int) []byte {
	sum := sha256.Sum256([]byte(seed))
	return sum[:n]
}

// testKeyring is a fixed keyring for the tests: key k1 current.
func testKeyring() *storecodec.Keyring {
	k, err := storecodec.NewKeyring("k1", map[string][]byte{"k1": testKey("one", 32)}, testKey("index", 32))
	if err != nil {
		panic(err)
	}
	return k
}

// personal is a set of entities holding personal data of every class wushe masks, and
// the clear values that must not appear at rest when a key is set.
type personal struct {
	volunteer volunteer.Volunteer
	caseFile  linkage.Case
	need      linkage.Need
	donor     resources.Donor
	request   resources.Request
	clear     []string
}

func personalData(t testing.TB) personal {
	must := func(v any, err error) any { require.NoError(t, err); return v }
	name := must(wushe.ParsePersonName("欧阳测试")).(wushe.PersonName)
	guardian := must(wushe.ParsePersonName("司马监护")).(wushe.PersonName)
	phone := must(wushe.ParsePhone("13912345678")).(wushe.Phone)
	guardianPhone := must(wushe.ParsePhone("18687654321")).(wushe.Phone)
	idn := must(wushe.ParseIDNumber("110105201205170024")).(wushe.IDNumber)
	var p personal
	p.volunteer = volunteer.Volunteer{ID: uuid.New(), Name: name, Phone: phone, IDNumber: idn, Number: "V-AT-REST",
		Consent: &volunteer.GuardianConsent{Guardian: guardian, Phone: guardianPhone, GivenAt: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}}
	p.caseFile = linkage.Case{ID: uuid.New(), Client: linkage.Client{
		Ref:        wushe.NewSensitive(wushe.ClassReference, "client-ref-7f3a"),
		Health:     wushe.NewSensitive(wushe.ClassHealth, "二型糖尿病伴视网膜病变"),
		Disability: wushe.NewSensitive(wushe.ClassDisability, "肢体残疾三级"),
		LowIncome:  wushe.NewSensitive(wushe.ClassLowIncome, "城市低保户"),
		BirthDate:  wushe.NewSensitive(wushe.ClassBirthDate, "2012-05-17"),
		Minor:      true,
	}, Plan: linkage.CasePlan{Text: wushe.NewSensitive(wushe.ClassCaseNote, "每周家访两次并联系学校")},
		Sessions: []linkage.Session{{At: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC), Notes: wushe.NewSensitive(wushe.ClassCaseNote, "母亲反映孩子夜里哭闹")}}}
	p.need = linkage.Need{ID: uuid.New(), Beneficiary: wushe.NewSensitive(wushe.ClassReference, "need-ref-9c1d")}
	p.donor = resources.Donor{ID: uuid.New(), Kind: resources.DonorIndividual, Person: guardian, Contact: name, Phone: phone,
		Address: wushe.NewSensitive(wushe.ClassAddress, "幸福路十八号三单元")}
	p.request = resources.Request{ID: uuid.New()}
	p.request.Beneficiary.Note = wushe.NewSensitive(wushe.ClassMinor, "十二岁独自在家")
	p.clear = []string{"欧阳测试", "司马监护", "13912345678", "18687654321", "110105201205170024", "client-ref-7f3a",
		"二型糖尿病伴视网膜病变", "肢体残疾三级", "城市低保户", "2012-05-17", "每周家访两次并联系学校", "母亲反映孩子夜里哭闹",
		"need-ref-9c1d", "幸福路十八号三单元", "十二岁独自在家"}
	return p
}

// store writes the entities and reads each back: what comes back equals what went in.
func (p personal) store(t testing.TB, s *Store) {
	ctx := context.Background()
	require.NoError(t, s.CreateVolunteer(ctx, p.volunteer))
	require.NoError(t, s.CreateCase(ctx, p.caseFile))
	require.NoError(t, s.CreateNeed(ctx, p.need))
	require.NoError(t, s.CreateDonor(ctx, p.donor))
	require.NoError(t, s.CreateRequest(ctx, p.request))
	p.check(t, s)
}

func (p personal) check(t testing.TB, s *Store) {
	ctx := context.Background()
	v, err := s.GetVolunteer(ctx, p.volunteer.ID)
	require.NoError(t, err)
	assert.Equal(t, p.volunteer.IDNumber, v.IDNumber)
	assert.Equal(t, p.volunteer.Consent.Guardian, v.Consent.Guardian)
	c, err := s.GetCase(ctx, p.caseFile.ID)
	require.NoError(t, err)
	assert.Equal(t, p.caseFile.Client, c.Client)
	assert.Equal(t, p.caseFile.Sessions[0].Notes, c.Sessions[0].Notes)
	d, err := s.GetDonor(ctx, p.donor.ID)
	require.NoError(t, err)
	assert.Equal(t, p.donor.Address, d.Address)
	r, err := s.GetRequest(ctx, p.request.ID)
	require.NoError(t, err)
	assert.Equal(t, p.request.Beneficiary.Note, r.Beneficiary.Note)
}

// found returns the clear values that occur in raw.
func (p personal) found(raw []byte) []string {
	var out []string
	for _, c := range p.clear {
		if bytes.Contains(raw, []byte(c)) {
			out = append(out, c)
		}
	}
	return out
}

// sqliteFileBytes is the database file with its write-ahead log and shared memory: all
// that a copy of the database directory would hold.
func sqliteFileBytes(t testing.TB, path string) []byte {
	var all []byte
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		b, err := os.ReadFile(path + suffix)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		all = append(all, b...)
	}
	return all
}

// TestNoClearPersonalDataInSQLiteFile reads the raw bytes of the database file (and its
// WAL) while the Store is open and after it closed: with a key set, no clear personal
// value of any class is there; without one, they all are (so the check can fail).
func TestNoClearPersonalDataInSQLiteFile(t *testing.T) {
	p := personalData(t)
	for _, sealed := range []bool{true, false} {
		t.Run(fmt.Sprintf("sealed=%v", sealed), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "wushe.db")
			opts := Options{}
			if sealed {
				opts.Keys = testKeyring()
			}
			s, err := OpenSQLite(context.Background(), path, opts)
			require.NoError(t, err)
			p.store(t, s)
			open := p.found(sqliteFileBytes(t, path))
			require.NoError(t, s.Close())
			closed := p.found(sqliteFileBytes(t, path))
			if sealed {
				assert.Empty(t, open, "clear personal data in the open database's files")
				assert.Empty(t, closed, "clear personal data in the closed database's file")
				s, err = OpenSQLite(context.Background(), path, opts)
				require.NoError(t, err)
				defer s.Close()
				p.check(t, s)
				return
			}
			assert.ElementsMatch(t, p.clear, closed, "without a key the documents hold the clear values")
		})
	}
}

// TestNoClearPersonalDataInPostgresRows reads every row of every table of the schema as
// text: with a key set, no clear personal value is there; without one, they are.
func TestNoClearPersonalDataInPostgresRows(t *testing.T) {
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		t.Skipf("set %s to run", postgresEnv)
	}
	p := personalData(t)
	for _, sealed := range []bool{true, false} {
		t.Run(fmt.Sprintf("sealed=%v", sealed), func(t *testing.T) {
			schema := fmt.Sprintf("wushe_test_%d_%d", os.Getpid(), schemaSeq.Add(1))
			t.Cleanup(func() { dropSchema(t, dsn, schema) })
			opts := Options{Schema: schema}
			if sealed {
				opts.Keys = testKeyring()
			}
			s, err := OpenPostgres(context.Background(), dsn, opts)
			require.NoError(t, err)
			defer s.Close()
			p.store(t, s)
			raw := postgresRows(t, dsn, schema)
			if sealed {
				assert.Empty(t, p.found(raw))
				return
			}
			assert.ElementsMatch(t, p.clear, p.found(raw))
		})
	}
}

// postgresRows returns every row of every table in schema, as PostgreSQL prints a row.
func postgresRows(t testing.TB, dsn, schema string) []byte {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", schema)
	require.NoError(t, err)
	var tables []string
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		tables = append(tables, n)
	}
	require.NoError(t, rows.Err())
	require.Contains(t, tables, "volunteer_volunteers")
	var all bytes.Buffer
	for _, table := range tables {
		rows, err := conn.Query(ctx, "SELECT t::text FROM "+schema+"."+table+" t")
		require.NoError(t, err)
		for rows.Next() {
			var line string
			require.NoError(t, rows.Scan(&line))
			all.WriteString(line)
			all.WriteByte('\n')
		}
		require.NoError(t, rows.Err())
	}
	return all.Bytes()
}

// TestRotateKeys: a store opened with a new current key (the old one kept) reads what the
// old key sealed; RotateKeys reseals everything under the new key, after which the old key
// can go; a database written without keys is sealed the same way.
func TestRotateKeys(t *testing.T) {
	ctx := context.Background()
	p := personalData(t)
	path := filepath.Join(t.TempDir(), "wushe.db")
	s, err := OpenSQLite(ctx, path, Options{Keys: testKeyring()})
	require.NoError(t, err)
	p.store(t, s)
	require.NoError(t, s.Close())

	both, err := storecodec.NewKeyring("k2", map[string][]byte{"k1": testKey("one", 32), "k2": testKey("two", 32)}, testKey("index", 32))
	require.NoError(t, err)
	s, err = OpenSQLite(ctx, path, Options{Keys: both})
	require.NoError(t, err)
	p.check(t, s)
	n, err := s.RotateKeys(ctx)
	require.NoError(t, err)
	assert.Equal(t, 5, n, "the five documents holding personal data")
	n, err = s.RotateKeys(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "nothing left to rotate")
	assert.Zero(t, countDocs(t, s, `%"key":"k1"%`))
	require.NoError(t, s.Close())

	onlyK2, err := storecodec.NewKeyring("k2", map[string][]byte{"k2": testKey("two", 32)}, testKey("index", 32))
	require.NoError(t, err)
	s, err = OpenSQLite(ctx, path, Options{Keys: onlyK2})
	require.NoError(t, err)
	p.check(t, s)
	// Versions are untouched: rotation does not change the entities.
	v, err := s.GetVolunteer(ctx, p.volunteer.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(1), v.Version)
	require.NoError(t, s.Close())

	// A database without keys, then opened with them: readable at once, sealed by RotateKeys.
	clearPath := filepath.Join(t.TempDir(), "clear.db")
	s, err = OpenSQLite(ctx, clearPath, Options{})
	require.NoError(t, err)
	p.store(t, s)
	require.NoError(t, s.Close())
	s, err = OpenSQLite(ctx, clearPath, Options{Keys: testKeyring()})
	require.NoError(t, err)
	defer s.Close()
	p.check(t, s)
	assert.Positive(t, countDocs(t, s, `%"clear":"1%`))
	n, err = s.RotateKeys(ctx)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, n, 5)
	assert.Zero(t, countDocs(t, s, `%"clear":"1%`))
	for _, c := range p.clear {
		assert.Zero(t, countDocs(t, s, "%"+c+"%"), c)
	}
	p.check(t, s)

	// Opening with a keyring that lacks the key of stored values fails on read, naming it.
	other, err := storecodec.NewKeyring("k9", map[string][]byte{"k9": testKey("nine", 32)}, testKey("index", 32))
	require.NoError(t, err)
	s2, err := OpenSQLite(ctx, path, Options{Keys: other})
	require.NoError(t, err)
	defer s2.Close()
	_, err = s2.GetCase(ctx, p.caseFile.ID)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	assert.Contains(t, err.Error(), `"k2"`)
}

// countDocs counts the documents of every table whose text matches the LIKE pattern.
func countDocs(t testing.TB, s *Store, like string) int {
	total := 0
	for _, table := range docTables {
		var n int
		require.NoError(t, s.DB().QueryRow("SELECT COUNT(*) FROM "+table.tableName()+" WHERE doc LIKE ?", like).Scan(&n))
		total += n
	}
	return total
}

// TestBlindIndexKey: without host keys the database keeps a random index key of its own
// (two databases index the same number differently); given host keys, the indexes are
// recomputed with the host's index key and the database's own key is dropped; uniqueness
// holds throughout.
func TestBlindIndexKey(t *testing.T) {
	ctx := context.Background()
	p := personalData(t)
	clear, _ := p.volunteer.IDNumber.Reveal(wushe.StorageEntitlement())
	indexOf := func(s *Store) string {
		var ix string
		require.NoError(t, s.DB().QueryRow("SELECT id_number_index FROM volunteer_volunteers WHERE id = ?", p.volunteer.ID.String()).Scan(&ix))
		return ix
	}
	paths := []string{filepath.Join(t.TempDir(), "a.db"), filepath.Join(t.TempDir(), "b.db")}
	var indexes []string
	for _, path := range paths {
		s, err := OpenSQLite(ctx, path, Options{})
		require.NoError(t, err)
		require.NoError(t, s.CreateVolunteer(ctx, p.volunteer))
		indexes = append(indexes, indexOf(s))
		settings, err := s.settings(ctx, s.DB())
		require.NoError(t, err)
		assert.Len(t, settings[settingIndexKey], 64)
		require.NoError(t, s.Close())
	}
	assert.NotEqual(t, indexes[0], indexes[1], "each database keys its index differently")

	keys := testKeyring()
	s, err := OpenSQLite(ctx, paths[0], Options{Keys: keys})
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, keys.BlindIndex(wushe.ClassIDNumber, clear), indexOf(s))
	settings, err := s.settings(ctx, s.DB())
	require.NoError(t, err)
	assert.NotContains(t, settings, settingIndexKey, "with host keys the database keeps no key")
	assert.Equal(t, keys.IndexKeyID(), settings[settingIndexKeyID])
	dup := p.volunteer
	dup.ID, dup.Number = uuid.New(), "V-OTHER"
	kindAndField(t, s.CreateVolunteer(ctx, dup), wushe.KindAlreadyExists, "IDNumber")
}

// TestMigrationReplacesBareDigest: a database at schema 3 keeps the bare SHA-256 of each ID
// number; opening it migrates the column to the keyed blind index and recomputes it, and
// uniqueness still holds.
func TestMigrationReplacesBareDigest(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate")
	require.NoError(t, err)
	old := &Store{db: db, dialect: sqliteDialect{}, retries: 3}
	steps, err := Migrations(SQLite)
	require.NoError(t, err)
	require.NoError(t, old.applyMigrations(ctx, "test", steps[:3]))
	p := personalData(t)
	doc, err := storecodec.Marshal(p.volunteer)
	require.NoError(t, err)
	clear, _ := p.volunteer.IDNumber.Reveal(wushe.StorageEntitlement())
	bare := sha256.Sum256([]byte(clear))
	_, err = db.Exec(`INSERT INTO volunteer_volunteers (id, version, doc, number, id_number_sha256, community_id, grid_id, status)
		VALUES (?, 1, ?, 'V-AT-REST', ?, ?, ?, 'active')`, p.volunteer.ID.String(), string(doc), hex.EncodeToString(bare[:]), uuid.Nil.String(), uuid.Nil.String())
	require.NoError(t, err)
	require.NoError(t, db.Close())

	keys := testKeyring()
	s, err := OpenSQLite(ctx, path, Options{Keys: keys})
	require.NoError(t, err)
	defer s.Close()
	var ix string
	require.NoError(t, s.DB().QueryRow("SELECT id_number_index FROM volunteer_volunteers").Scan(&ix))
	assert.Equal(t, keys.BlindIndex(wushe.ClassIDNumber, clear), ix)
	got, err := s.GetVolunteer(ctx, p.volunteer.ID)
	require.NoError(t, err)
	assert.Equal(t, p.volunteer.IDNumber, got.IDNumber)
	dup := p.volunteer
	dup.ID, dup.Number = uuid.New(), "V-OTHER"
	kindAndField(t, s.CreateVolunteer(ctx, dup), wushe.KindAlreadyExists, "IDNumber")
}

// TestDocTablesListEveryTable: RotateKeys reaches every table that keeps documents.
func TestDocTablesListEveryTable(t *testing.T) {
	s := sqliteMemory().open(t)
	rows, err := s.DB().Query(`SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'doc' ORDER BY m.name`)
	require.NoError(t, err)
	defer rows.Close()
	var schema []string
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		schema = append(schema, n)
	}
	require.NoError(t, rows.Err())
	var listed []string
	for _, d := range docTables {
		listed = append(listed, d.tableName())
	}
	slices.Sort(listed)
	assert.Equal(t, schema, listed)
}

// TestSQLiteSynchronous: a file database commits with synchronous=FULL unless Options
// choose NORMAL; anything else is refused.
func TestSQLiteSynchronous(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		sync Synchronous
		want int // PRAGMA synchronous: 1 NORMAL, 2 FULL
	}{{"", 2}, {SyncFull, 2}, {SyncNormal, 1}} {
		s, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "s.db"), Options{Synchronous: tc.sync})
		require.NoError(t, err)
		// Every connection of the pool has it.
		conns := make([]*sql.Conn, 3)
		for i := range conns {
			conns[i], err = s.DB().Conn(ctx)
			require.NoError(t, err)
			var got int
			require.NoError(t, conns[i].QueryRowContext(ctx, "PRAGMA synchronous").Scan(&got))
			assert.Equal(t, tc.want, got, "synchronous %q", tc.sync)
			var mode string
			require.NoError(t, conns[i].QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
			assert.Equal(t, "wal", strings.ToLower(mode))
		}
		for _, c := range conns {
			c.Close()
		}
		require.NoError(t, s.Close())
	}
	_, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "s.db"), Options{Synchronous: "off"})
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

// TestSQLiteMmapSize: a file database reads through a 1 GiB memory map unless Options give
// another size; a negative size turns mapping off. Every connection of the pool has it.
func TestSQLiteMmapSize(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		size, want int64
	}{{0, 1 << 30}, {64 << 20, 64 << 20}, {-1, 0}} {
		s, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "s.db"), Options{MmapSize: tc.size})
		require.NoError(t, err)
		conns := make([]*sql.Conn, 3)
		for i := range conns {
			conns[i], err = s.DB().Conn(ctx)
			require.NoError(t, err)
			var got int64
			require.NoError(t, conns[i].QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&got))
			assert.Equal(t, tc.want, got, "MmapSize %d", tc.size)
		}
		for _, c := range conns {
			c.Close()
		}
		require.NoError(t, s.Close())
	}
}
