package sqlstore

import (
	"context"
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/examples/quickstart/tour"
	"github.com/wushe/wushe/internal/scaleprobe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/volunteer"
)

// filled returns a Store holding the quickstart tour and a few volunteers with service
// records, certificates and points ledger transactions.
func filled(t *testing.T, b backend) *Store {
	t.Helper()
	ctx := context.Background()
	s := b.open(t)
	require.NoError(t, tour.Run(ctx, io.Discard, s))
	f, err := scaleprobe.NewFixture(s)
	require.NoError(t, err)
	require.NoError(t, f.RegisterVolunteers(ctx, 4))
	for _, id := range f.Volunteers {
		_, err := f.AwardNewRecord(ctx, id, scaleprobe.Start)
		require.NoError(t, err)
	}
	return s
}

// tablesIn lists the tables a migrated database holds, besides the migrations' record.
func tablesIn(t *testing.T, s *Store) []string {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if s.Backend() == Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := s.db.QueryContext(context.Background(), q)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		if n != "wushe_schema_migrations" {
			out = append(out, n)
		}
	}
	require.NoError(t, rows.Err())
	slices.Sort(out)
	return out
}

// TestCopyCoversEveryTable fails when a migration creates a table Copy does not move.
func TestCopyCoversEveryTable(t *testing.T) {
	tables, err := copyTables()
	require.NoError(t, err)
	var names []string
	for _, tb := range tables {
		require.NotEmpty(t, tb.cols, tb.name)
		names = append(names, tb.name)
	}
	slices.Sort(names)
	eachBackend(t, func(t *testing.T, b backend) {
		require.Equal(t, tablesIn(t, b.open(t)), names)
	})
	// Every column of the SQLite schema is one Copy moves.
	s := sqliteMemory().open(t)
	for _, tb := range tables {
		rows, err := s.db.Query("SELECT * FROM " + tb.name + " LIMIT 0")
		require.NoError(t, err)
		cols, err := rows.Columns()
		require.NoError(t, err)
		rows.Close()
		var want []string
		for _, c := range tb.cols {
			want = append(want, c.name)
		}
		require.Equal(t, cols, want, tb.name)
	}
}

// TestCopyRoundTrip copies an SQLite file into every backend and back into a new SQLite
// file: counts and checksums agree at each step, every table with data arrives, a second
// run writes nothing, and the copy answers reads as the source does.
func TestCopyRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := filled(t, sqliteFile())
	want, err := Checksums(ctx, src)
	require.NoError(t, err)
	nonEmpty := 0
	for _, tc := range want {
		if tc.Rows > 0 {
			nonEmpty++
		}
	}
	require.Greater(t, nonEmpty, 10)
	eachBackend(t, func(t *testing.T, b backend) {
		dst := b.open(t)
		var progress []int64
		got, err := Copy(ctx, dst, src, CopyOptions{BatchSize: 7, Progress: func(table string, done, total int64) {
			require.LessOrEqual(t, done, total)
			progress = append(progress, done)
		}})
		require.NoError(t, err)
		require.NotEmpty(t, progress)
		for i, tc := range got {
			require.Equal(t, want[i].Table, tc.Table)
			require.Equal(t, want[i].Rows, tc.Rows, tc.Table)
			require.Equal(t, tc.Rows, tc.Inserted, tc.Table)
			require.Equal(t, want[i].Checksum, tc.Checksum, tc.Table)
		}
		if dst.codec.Keys == nil {
			// Run again, it writes nothing. (A destination with host keys has
			// recomputed its blind indexes under them, so it differs from src.)
			again, err := Copy(ctx, dst, src, CopyOptions{})
			require.NoError(t, err)
			for _, tc := range again {
				require.Zero(t, tc.Inserted, tc.Table)
			}
		}
		// The copy reads back as the source.
		a, err := src.ListNeeds(ctx, linkage.NeedFilter{})
		require.NoError(t, err)
		c, err := dst.ListNeeds(ctx, linkage.NeedFilter{})
		require.NoError(t, err)
		require.Equal(t, len(a.Items), len(c.Items))
		if dst.codec.Keys != nil {
			return // sealed rows go back only into a Store with the same keys
		}
		// And back into a new SQLite file.
		back, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "back.db"), Options{})
		require.NoError(t, err)
		defer back.Close()
		round, err := Copy(ctx, back, dst, CopyOptions{})
		require.NoError(t, err)
		for i, tc := range round {
			require.Equal(t, want[i].Checksum, tc.Checksum, tc.Table)
		}
	})
}

// TestCopyRefusesDifferentData: a destination holding another row under the same key is
// reported, naming the table, not silently kept.
func TestCopyRefusesDifferentData(t *testing.T) {
	ctx := context.Background()
	src := sqliteMemory().open(t)
	dst := sqliteMemory().open(t)
	c := community("天河区")
	require.NoError(t, src.CreateCommunity(ctx, c))
	c.Name = "另一个"
	require.NoError(t, dst.CreateCommunity(ctx, c))
	_, err := Copy(ctx, dst, src, CopyOptions{})
	e := requireKind(t, err, wushe.KindConflict)
	require.Equal(t, "linkage_communities", e.Entity)
	_, err = Copy(ctx, src, src, CopyOptions{})
	requireKind(t, err, wushe.KindInvalid)
	_, err = Copy(ctx, nil, src, CopyOptions{})
	requireKind(t, err, wushe.KindInvalid)
}

// TestCopyCarriesLedgerCheckpoints copies a ledger long enough to hold checkpoints into
// every backend: the checkpoints arrive as they were, balances as of any instant read the
// same on both sides, and a back-dated posting into the copy keeps its checkpoints exact.
func TestCopyCarriesLedgerCheckpoints(t *testing.T) {
	ctx := context.Background()
	src := sqliteMemory().open(t)
	rng := rand.New(rand.NewPCG(5, 8))
	accts := []volunteer.Account{volunteer.VolunteerAccount(uuid.New())}
	posted := postRandomLedger(t, src, rng, accts, 2*checkpointEvery+30)
	n := requireCheckpointsExact(t, src)
	require.Positive(t, n)
	eachBackend(t, func(t *testing.T, b backend) {
		dst := b.open(t)
		got, err := Copy(ctx, dst, src, CopyOptions{})
		require.NoError(t, err)
		i := slices.IndexFunc(got, func(tc TableCopy) bool { return tc.Table == "volunteer_ledger_checkpoints" })
		require.GreaterOrEqual(t, i, 0, "Copy moves the checkpoints")
		require.Equal(t, int64(n), got[i].Rows)
		require.Equal(t, n, requireCheckpointsExact(t, dst))
		requireBalancesAsScanned(t, dst, rand.New(rand.NewPCG(1, 1)), accts, posted, 60)

		early := ledgerPosting{accts[0], posted[3].at, decimal.NewFromInt(7)}
		require.NoError(t, postEarning(t, dst, "copy-early", early))
		requireCheckpointsExact(t, dst)
		requireBalancesAsScanned(t, dst, rand.New(rand.NewPCG(2, 2)), accts, append(slices.Clone(posted), early), 60)
	})
}
