package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/adapters/sqlstore"
	"github.com/wushe/wushe/examples/quickstart/tour"
	"github.com/wushe/wushe/memstore"
)

// On SQLite the tour prints exactly what it prints on the in-memory store, and what it
// wrote is there after the database is reopened.
func TestRunMatchesMemstore(t *testing.T) {
	var onSQLite, inMemory bytes.Buffer
	require.NoError(t, run(&onSQLite, filepath.Join(t.TempDir(), "wushe.db")))
	require.NoError(t, tour.Run(t.Context(), &inMemory, memstore.New()))

	got := onSQLite.String()
	require.True(t, strings.HasPrefix(got, inMemory.String()), "the tour's output differs on SQLite:\n%s", got)
	require.Contains(t, got, "answered in time 100%, resolved 67%, residents satisfied 100%")
	migrations, err := sqlstore.Migrations(sqlstore.SQLite)
	require.NoError(t, err)
	latest := migrations[len(migrations)-1].Version
	require.Contains(t, got, fmt.Sprintf("reopened the SQLite database (schema version %d): communities 1, needs 1, referrals 3, service records 2, links 3", latest))
	require.NotContains(t, got, "13900000002", "personal data stays masked in the output")
}

// The tour needs a new database: on one that holds its entities it fails.
func TestRunRefusesAUsedDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wushe.db")
	require.NoError(t, run(&bytes.Buffer{}, path))
	require.Error(t, run(&bytes.Buffer{}, path))
}
