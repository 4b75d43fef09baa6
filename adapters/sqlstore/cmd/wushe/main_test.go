package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/adapters/sqlstore"
	"github.com/wushe/wushe/examples/quickstart/tour"
	"github.com/wushe/wushe/linkage"
)

// call runs the command and returns its exit code, standard output and standard error.
func call(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// quickstartDB writes the quickstart tour into a new SQLite file and returns its path and
// the tour's community.
func quickstartDB(t *testing.T) (string, string) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "quickstart.db")
	s, err := sqlstore.OpenSQLite(ctx, path, sqlstore.Options{})
	require.NoError(t, err)
	require.NoError(t, tour.Run(ctx, io.Discard, s))
	cs, err := s.ListCommunities(ctx, linkage.CommunityFilter{})
	require.NoError(t, err)
	require.Len(t, cs.Items, 1)
	require.NoError(t, s.Close())
	return path, cs.Items[0].ID.String()
}

var schemaSeq atomic.Int64

// postgresURL returns a URL to a fresh schema, dropped when the test ends; it skips the
// test without WUSHE_POSTGRES_DSN.
func postgresURL(t *testing.T) string {
	dsn := os.Getenv("WUSHE_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("set WUSHE_POSTGRES_DSN to a PostgreSQL server's URL to run this test")
	}
	schema := fmt.Sprintf("wushe_test_cmd_%d_%d", os.Getpid(), schemaSeq.Add(1))
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		conn.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "schema=" + schema
}

// TestCopyQuickstartIntoPostgres: the quickstart's SQLite file copied into PostgreSQL (and
// back into SQLite) reports the same figures in every format; a second copy writes
// nothing.
func TestCopyQuickstartIntoPostgres(t *testing.T) {
	path, community := quickstartDB(t)
	pg := postgresURL(t)
	code, out, errs := call("copy", "--from", path, "--to", pg, "--batch", "2")
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, "copied and verified")
	require.Contains(t, errs, "copy: linkage_communities 1/1")
	code, out, _ = call("copy", "--from", path, "--to", pg, "--quiet")
	require.Equal(t, exitOK, code)
	require.NotContains(t, out, " 1 written")
	code, out, _ = call("communities", "--db", pg)
	require.Equal(t, exitOK, code)
	require.True(t, strings.HasPrefix(out, community+"\t"), out)
	back := filepath.Join(t.TempDir(), "back.db")
	code, _, errs = call("copy", "--from", pg, "--to", back, "--quiet")
	require.Equal(t, exitOK, code, errs)
	for _, format := range []string{"md", "csv", "html"} {
		var reports []string
		for _, db := range []string{path, pg, back} {
			code, out, errs := call("report", "--db", db, "--community", community, "--from", "2020-01-01", "--to", "2030-01-01", "--format", format)
			require.Equal(t, exitOK, code, errs)
			reports = append(reports, out)
		}
		require.Contains(t, reports[0], "needs_raised")
		if format == "csv" {
			require.Contains(t, reports[0], ",needs_raised,1\n")
			require.Contains(t, reports[0], ",people_served,1\n")
		}
		if format == "html" {
			requireWellFormedSVG(t, reports[0], 4)
		}
		require.Equal(t, reports[0], reports[1], format)
		require.Equal(t, reports[0], reports[2], format)
	}
}

func TestMigrate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	code, out, errs := call("migrate", "--db", path)
	require.Equal(t, exitOK, code, errs)
	steps, err := sqlstore.Migrations(sqlstore.SQLite)
	require.NoError(t, err)
	require.Equal(t, fmt.Sprintf("schema version %d\n", len(steps)), out)
	code, out, errs = call("migrate", "--db", postgresURL(t))
	require.Equal(t, exitOK, code, errs)
	require.Equal(t, fmt.Sprintf("schema version %d\n", len(steps)), out)
}

func TestHSDSRoundTrip(t *testing.T) {
	path, _ := quickstartDB(t)
	file := filepath.Join(t.TempDir(), "hsds.json")
	code, _, errs := call("hsds", "export", "--db", path, "--out", file)
	require.Equal(t, exitOK, code, errs)
	// The export names the donors and the holders of lots (the community's charity stock)
	// as organizations; importing it back keeps every organization's ID, so a second
	// import finds all of them and adds nothing.
	code, out, errs := call("hsds", "import", "--db", path, "--in", file)
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, "(1 already registered)", "the donor comes back under its own ID")
	// The holder of the community's stock and its lot are read and not stored, and the
	// summary says so with the reason.
	require.Contains(t, out, "lot holders read and not stored: 1 (a holder of lots is not a donor")
	require.Contains(t, out, "lots read and not stored: 1 (stock enters wushe through a donation")
	require.Contains(t, out, "parts of the dataset not stored: 1, by reason:\n  1  one of wushe's lots:")
	code, out, errs = call("hsds", "import", "--db", path, "--in", file)
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, "imported 0 organizations")
	ds := `{"organizations":[{"id":"6f1c2b4e-9a3d-4c58-8e1f-2a7b9c0d1e2f","name":"Shipai Food Bank","description":"food","email":"a@b.cn","website":"x"}],"services":[],"locations":[],"service_at_locations":[],"programs":[]}`
	require.NoError(t, os.WriteFile(file, []byte(ds), 0o600))
	for _, want := range []string{"imported 1 organizations", "imported 0 organizations"} {
		code, out, errs = call("hsds", "import", "--db", path, "--in", file)
		require.Equal(t, exitOK, code, errs)
		require.Contains(t, out, want)
		// A directory that is not a wushe export has no holders or lots; what wushe has no
		// place for is counted by reason, one line each.
		require.NotContains(t, out, "lot holders")
		require.NotContains(t, out, "lots read")
		require.Contains(t, out, "parts of the dataset not stored: 3, by reason:\n"+
			"  1  wushe keeps no email of an organization\n"+
			"  1  wushe keeps no website of an organization\n"+
			"  1  wushe keeps no programs collection\n")
	}
	code, out, _ = call("hsds", "export", "--db", path)
	require.Equal(t, exitOK, code)
	require.Contains(t, out, `"id":"6f1c2b4e-9a3d-4c58-8e1f-2a7b9c0d1e2f","name":"Shipai Food Bank"`)
}

// TestExitCodes: each kind of failure has its documented code and a message in plain
// words.
func TestExitCodes(t *testing.T) {
	path, community := quickstartDB(t)
	missing := filepath.Join(t.TempDir(), "nope.db")
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no command", nil, exitUsage, "usage"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `"frobnicate" is not a command`},
		{"unknown flag", []string{"migrate", "--nope"}, exitUsage, "flag provided but not defined"},
		{"missing flag", []string{"copy", "--from", path}, exitUsage, "--to is required"},
		{"stray argument", []string{"migrate", "--db", path, "extra"}, exitUsage, `unexpected argument "extra"`},
		{"bad batch", []string{"copy", "--from", path, "--to", missing, "--batch", "0"}, exitUsage, "--batch must be positive"},
		{"bad format", []string{"report", "--db", path, "--community", community, "--from", "2026-01-01", "--to", "2026-02-01", "--format", "pdf"}, exitUsage, "want one of md, html, csv"},
		{"bad date", []string{"report", "--db", path, "--community", community, "--from", "01/01/2026", "--to", "2026-02-01"}, exitUsage, "is not a date"},
		{"bad id", []string{"report", "--db", path, "--community", "x", "--from", "2026-01-01", "--to", "2026-02-01"}, exitUsage, "is not an ID"},
		{"hsds without verb", []string{"hsds"}, exitUsage, "want import or export"},
		{"missing file", []string{"copy", "--from", missing, "--to", path}, exitOpen, "there is no SQLite database at"},
		{"missing report db", []string{"report", "--db", missing, "--community", community, "--from", "2026-01-01", "--to", "2026-02-01"}, exitOpen, "wushe migrate --db"},
		{"server not answering", []string{"migrate", "--db", "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable"}, exitOpen, "is the server running"},
		{"unknown community", []string{"report", "--db", path, "--community", "6f1c2b4e-9a3d-4c58-8e1f-2a7b9c0d1e2f", "--from", "2026-01-01", "--to", "2026-02-01"}, exitNotFound, "there is no community"},
		{"missing hsds file", []string{"hsds", "import", "--db", path, "--in", missing}, exitInput, "cannot read"},
		{"bad hsds file", []string{"hsds", "import", "--db", path, "--in", path}, exitInput, "is not a valid HSDS dataset"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := call(c.args...)
			require.Equal(t, c.code, code, errs)
			require.Contains(t, errs, c.msg)
		})
	}
	_, err := os.Stat(missing)
	require.True(t, os.IsNotExist(err), "a command other than migrate created the missing file")
}

// requireWellFormedSVG finds the inline SVG documents in an HTML report and parses each as
// XML.
func requireWellFormedSVG(t *testing.T, report string, want int) {
	t.Helper()
	n := 0
	for rest := report; ; {
		i := strings.Index(rest, "<svg")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "</svg>")
		require.Positive(t, j)
		doc := rest[i : i+j+len("</svg>")]
		d := xml.NewDecoder(strings.NewReader(doc))
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, doc)
			if se, ok := tok.(xml.StartElement); ok {
				require.NotEqual(t, "script", se.Name.Local)
			}
		}
		require.True(t, strings.Contains(doc, "<polyline") || strings.Contains(doc, "<rect"), "a chart draws something: %s", doc)
		n++
		rest = rest[i+j:]
	}
	require.Equal(t, want, n)
	require.NotContains(t, report, "<script")
}

// TestReportProjectScorecard: --project adds the contract scorecard in every format, the
// HTML draws it and the referrals by status as well-formed SVG, and the referral chart
// holds the tour's referrals where they stood at the close of the month.
func TestReportProjectScorecard(t *testing.T) {
	path, community := quickstartDB(t)
	s, err := sqlstore.OpenSQLite(context.Background(), path, sqlstore.Options{})
	require.NoError(t, err)
	ps, err := s.ListProjects(context.Background(), linkage.ProjectFilter{})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.Len(t, ps.Items, 1)
	project := ps.Items[0].ID.String()
	args := []string{"report", "--db", path, "--community", community, "--project", project, "--from", "2026-01-01", "--to", "2027-01-01"}

	code, out, errs := call(append(args, "--format", "md")...)
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, "| project "+project+" |")
	require.Contains(t, out, "- Grade: **")
	require.Contains(t, out, "| Indicator | Value | Attainment | Points | Max | Explanation |")
	require.Contains(t, out, "- As of: 2027-01-01T00:00:00Z", "the report is as of --to, whenever it runs")
	_, again, _ := call(append(args, "--format", "md")...)
	require.Equal(t, out, again)

	code, out, errs = call(append(args, "--format", "csv")...)
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, "scorecard project "+project+",total,")
	require.Contains(t, out, "scorecard project "+project+",grade,")

	code, out, errs = call(append(args, "--format", "html")...)
	require.Equal(t, exitOK, code, errs)
	requireWellFormedSVG(t, out, 5)
	require.Contains(t, out, "referrals by status at each month")
	require.Regexp(t, `<title>completed 2026-\d\d-01: [1-9]`, out, "the tour's completed referrals appear in the chart")
	require.Contains(t, out, `class="points"`, "the scorecard's dimensions are drawn as bars")
	// The status chart's legend names the statuses its columns hold, in life order, and
	// no other.
	chart := statusChart(t, out)
	held := map[string]bool{}
	for _, m := range regexp.MustCompile(`<title>([a-z_]+) 2026-\d\d-01: \d+</title>`).FindAllStringSubmatch(chart, -1) {
		held[m[1]] = true
	}
	var want []string
	for _, st := range linkage.ReferralStatuses() {
		if held[string(st)] {
			want = append(want, string(st))
		}
	}
	require.Contains(t, want, "completed")
	require.Less(t, len(want), len(linkage.ReferralStatuses()), "the tour's referrals never held every status")
	require.Equal(t, want, statusLegend(chart))

	// A period before any referral: no legend, and the chart says it has nothing to show.
	code, out, errs = call("report", "--db", path, "--community", community, "--project", project, "--from", "2022-01-01", "--to", "2022-03-01", "--format", "html")
	require.Equal(t, exitOK, code, errs)
	chart = statusChart(t, out)
	require.Empty(t, statusLegend(chart))
	require.Contains(t, chart, "no values in these periods")

	// A project named but not in the database is not found.
	code, _, errs = call("report", "--db", path, "--community", community, "--project", "6f1c2b4e-9a3d-4c58-8e1f-2a7b9c0d1e2f",
		"--from", "2026-01-01", "--to", "2027-01-01")
	require.Equal(t, exitNotFound, code, errs)
	require.Contains(t, errs, "there is no project")
}

// statusChart returns the referrals-by-status chart of an HTML report.
func statusChart(t *testing.T, report string) string {
	t.Helper()
	i := strings.Index(report, "<title>referrals by status")
	require.GreaterOrEqual(t, i, 0, "the report has the status chart")
	j := strings.Index(report[i:], "</svg>")
	require.Positive(t, j)
	return report[i : i+j]
}

// statusLegend lists the names in a stacked chart's legend, top to bottom.
func statusLegend(chart string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<rect class="legend" [^>]*/>\n<text [^>]*>([^<]*)</text>`).FindAllStringSubmatch(chart, -1) {
		out = append(out, m[1])
	}
	return out
}
