// Command wushe is the operator's tool for a wushe database on SQLite or PostgreSQL.
//
// Usage:
//
//	wushe migrate --db DB
//	wushe copy --from DB --to DB [--batch N] [--quiet]
//	wushe hsds export --db DB [--out FILE]
//	wushe hsds import --db DB --in FILE
//	wushe communities --db DB
//	wushe report --db DB --community ID --from DATE --to DATE [--project ID] [--format md|html|csv]
//
// DB is either a PostgreSQL URL (postgres://user@host:port/db?sslmode=disable; a query
// parameter schema=NAME keeps the tables in that schema, created when missing) or the path
// of an SQLite file. Only migrate creates a missing SQLite file; every other command
// refuses one that is not there, so that a mistyped path is reported instead of read as
// an empty database. Opening a database brings its schema up to date.
//
// migrate applies the migrations and prints the schema version.
//
// copy copies every table from one database to the other (sqlstore.Copy): every entity
// of every package, the points ledger, the movement log, referrals, follow-ups and
// call-outs. Rows already in the destination are kept, so a copy may be run again or
// resumed; each table is then verified by its row count and checksum on both sides, and
// printed with them. Progress goes to standard error unless --quiet.
//
// hsds export writes the donors and resource lots as an Open Referral HSDS dataset
// (resources.ExportHSDS); hsds import reads one and stores its organizations as donors
// under their own IDs, skipping those already there, so an import may be run again. It
// then says what it read and did not store and why: the lot holders and lots of a wushe
// export (holders are not donors; stock enters through donations), and every other part
// of the dataset wushe keeps no place for, counted by reason.
//
// communities lists the communities, one a line: ID, then name, for report's --community.
//
// report prints a community's outputs over [from, to) as linkage.Service.Outputs derives
// them, and a project's as well when --project is given. Dates are YYYY-MM-DD in UTC. The
// HTML report also draws, as inline SVG, the turn-the-curve chart of needs raised, needs
// met and people served month by month with their baseline forecast, and the community's
// referrals by status at the close of each month (only the statuses some referral held
// then). With --project, the report ends with
// the project's contract scorecard as of --to (linkage.Service.ContractScorecard: a table
// in md, its dimensions as bars in html, one row per dimension, the total and the grade in
// csv), or a note saying why the project cannot be scored.
//
// Exit codes:
//
//	0  done
//	1  the operation failed (a copy that does not verify, a database error)
//	2  usage: an unknown command or flag, a missing or malformed argument
//	3  a database cannot be opened: a missing SQLite file, a server that does not answer
//	4  something named does not exist: an unknown community or project
//	5  an input file is missing or not valid
package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/adapters/sqlstore"
	"github.com/wushe/wushe/evaluation"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/resources"
)

// The exit codes.
const (
	exitOK       = 0
	exitFailed   = 1
	exitUsage    = 2
	exitOpen     = 3
	exitNotFound = 4
	exitInput    = 5
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// exitError carries the exit code of a failure.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func fail(code int, format string, args ...any) error {
	return &exitError{code: code, err: fmt.Errorf(format, args...)}
}

const usage = `usage:
  wushe migrate --db DB
  wushe copy --from DB --to DB [--batch N] [--quiet]
  wushe hsds export --db DB [--out FILE]
  wushe hsds import --db DB --in FILE
  wushe communities --db DB
  wushe report --db DB --community ID --from YYYY-MM-DD --to YYYY-MM-DD [--project ID] [--format md|html|csv]
DB is a postgres:// URL or an SQLite file path. Run "go doc" on the command for exit codes.`

// run is the command: args without the program name; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "migrate":
		err = cmdMigrate(ctx, args[1:], stdout, stderr)
	case "copy":
		err = cmdCopy(ctx, args[1:], stdout, stderr)
	case "hsds":
		err = cmdHSDS(ctx, args[1:], stdout, stderr)
	case "communities":
		err = cmdCommunities(ctx, args[1:], stdout, stderr)
	case "report":
		err = cmdReport(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return exitOK
	default:
		err = fail(exitUsage, "%q is not a command; want one of migrate, copy, hsds, communities, report", args[0])
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "wushe:", err)
	if e, ok := errors.AsType[*exitError](err); ok {
		return e.code
	}
	return exitFailed
}

// flags returns a flag set that reports errors through run rather than exiting.
func flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("wushe "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses args, turning a flag error into a usage failure and refusing stray
// arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return fail(exitUsage, "%s: help requested", fs.Name())
		}
		return fail(exitUsage, "%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return fail(exitUsage, "%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// required fails when any named flag is empty.
func required(fs *flag.FlagSet, names ...string) error {
	for _, n := range names {
		if fs.Lookup(n).Value.String() == "" {
			return fail(exitUsage, "%s: --%s is required", fs.Name(), n)
		}
	}
	return nil
}

// open opens DB: a PostgreSQL URL or an SQLite file, which must exist unless create.
func open(ctx context.Context, db string, create bool) (*sqlstore.Store, error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		u, err := url.Parse(db)
		if err != nil {
			return nil, fail(exitUsage, "%s is not a PostgreSQL URL: %v", redact(db), err)
		}
		q := u.Query()
		schema := q.Get("schema")
		q.Del("schema")
		u.RawQuery = q.Encode()
		octx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		s, err := sqlstore.OpenPostgres(octx, u.String(), sqlstore.Options{Schema: schema})
		if err != nil {
			return nil, fail(exitOpen, "cannot open the PostgreSQL database at %s (is the server running and the URL right?): %v", redact(db), err)
		}
		return s, nil
	}
	if !create {
		if _, err := os.Stat(db); err != nil {
			return nil, fail(exitOpen, "there is no SQLite database at %s (wushe migrate --db %s creates one)", db, db)
		}
	}
	s, err := sqlstore.OpenSQLite(ctx, db, sqlstore.Options{})
	if err != nil {
		return nil, fail(exitOpen, "cannot open the SQLite database at %s: %v", db, err)
	}
	return s, nil
}

// redact drops the password from a URL before it is printed.
func redact(db string) string {
	u, err := url.Parse(db)
	if err != nil {
		return "the given URL"
	}
	return u.Redacted()
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("migrate", stderr)
	db := fs.String("db", "", "database: postgres:// URL or SQLite file (created when missing)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "db"); err != nil {
		return err
	}
	s, err := open(ctx, *db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "schema version %d\n", v)
	return nil
}

func cmdCopy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("copy", stderr)
	from := fs.String("from", "", "source database: postgres:// URL or SQLite file")
	to := fs.String("to", "", "destination database: postgres:// URL or SQLite file (created when missing)")
	batch := fs.Int("batch", 500, "rows per destination transaction")
	quiet := fs.Bool("quiet", false, "no progress on standard error")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "from", "to"); err != nil {
		return err
	}
	if *batch <= 0 {
		return fail(exitUsage, "copy: --batch must be positive, not %d", *batch)
	}
	src, err := open(ctx, *from, false)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := open(ctx, *to, true)
	if err != nil {
		return err
	}
	defer dst.Close()
	opts := sqlstore.CopyOptions{BatchSize: *batch}
	if !*quiet {
		opts.Progress = func(table string, done, total int64) {
			fmt.Fprintf(stderr, "copy: %s %d/%d\n", table, done, total)
		}
	}
	tables, err := sqlstore.Copy(ctx, dst, src, opts)
	for _, t := range tables {
		fmt.Fprintf(stdout, "%-32s %8d rows %8d written  sha256-sum %s\n", t.Table, t.Rows, t.Inserted, t.Checksum)
	}
	if err != nil {
		return fmt.Errorf("the copy is not complete: %w", err)
	}
	fmt.Fprintf(stdout, "copied and verified %d tables\n", len(tables))
	return nil
}

func cmdHSDS(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "import" && args[0] != "export") {
		return fail(exitUsage, "hsds: want import or export")
	}
	fs := flags("hsds "+args[0], stderr)
	db := fs.String("db", "", "database: postgres:// URL or SQLite file")
	in := fs.String("in", "", "HSDS dataset to import (JSON)")
	out := fs.String("out", "", "file to write the dataset to (default standard output)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if args[0] == "import" {
		if err := required(fs, "db", "in"); err != nil {
			return err
		}
		data, err := os.ReadFile(*in)
		if err != nil {
			return fail(exitInput, "hsds import: cannot read %s: %v", *in, err)
		}
		imp, err := resources.ImportHSDS(data)
		if err != nil {
			return fail(exitInput, "hsds import: %s is not a valid HSDS dataset: %v", *in, err)
		}
		donors := imp.Donors
		for i := range donors {
			// The organization's HSDS id, which the import keeps as its first identifier.
			id, err := uuid.Parse(donors[i].Identifiers[0].Value)
			if err != nil {
				return fail(exitInput, "hsds import: %s: organization %q: %v", *in, donors[i].Name, err)
			}
			donors[i].ID = id
		}
		s, err := open(ctx, *db, false)
		if err != nil {
			return err
		}
		defer s.Close()
		// The organizations keep their IDs, so that an import run again finds them.
		now := time.Now().UTC()
		added := 0
		for _, d := range donors {
			if _, err := s.GetDonor(ctx, d.ID); err == nil {
				continue
			} else if !errors.Is(err, wushe.ErrNotFound) {
				return err
			}
			d.CreatedAt, d.UpdatedAt = now, now
			if err := d.Validate(); err != nil {
				return fail(exitInput, "hsds import: %s: %v", *in, err)
			}
			if err := s.CreateDonor(ctx, d); err != nil {
				return err
			}
			added++
		}
		fmt.Fprintf(stdout, "imported %d organizations as donors (%d already registered)\n", added, len(donors)-added)
		hsdsNotStored(stdout, imp, hsdsLots(data))
		return nil
	}
	if err := required(fs, "db"); err != nil {
		return err
	}
	s, err := open(ctx, *db, false)
	if err != nil {
		return err
	}
	defer s.Close()
	donors, err := wushe.Collect(func(p wushe.PageRequest) (wushe.Page[resources.Donor], error) {
		return s.ListDonors(ctx, resources.DonorFilter{Page: p})
	})
	if err != nil {
		return err
	}
	lots, err := wushe.Collect(func(p wushe.PageRequest) (wushe.Page[resources.Lot], error) {
		return s.ListLots(ctx, resources.LotFilter{Page: p})
	})
	if err != nil {
		return err
	}
	updated := time.Time{}
	for _, l := range lots {
		updated = later(updated, l.UpdatedAt)
	}
	for _, d := range donors {
		updated = later(updated, d.UpdatedAt)
	}
	data, err := resources.ExportHSDS(donors, lots, updated).MarshalJSON()
	if err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fail(exitInput, "hsds export: cannot create %s: %v", *out, err)
		}
		defer f.Close()
		w = f
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// hsdsLots counts the services of an HSDS document that are wushe's own lots (marked
// with resources.HSDSLotKindKey), which ImportHSDS lists as not kept.
func hsdsLots(data []byte) int {
	ds, err := resources.ParseHSDS(data)
	if err != nil {
		return 0
	}
	n := 0
	for _, s := range ds.Services {
		if _, ok := s.Extra[resources.HSDSLotKindKey]; ok {
			n++
		}
	}
	return n
}

// hsdsNotStored tells, after an import, what was read and not stored and why: the lot
// holders and lots a wushe export carries, then every entry of imp.NotKept counted by its
// reason, in the order the reasons first occur.
func hsdsNotStored(w io.Writer, imp resources.HSDSImport, lots int) {
	if n := len(imp.Holders); n > 0 {
		fmt.Fprintf(w, "lot holders read and not stored: %d (a holder of lots is not a donor, and its lots are not imported)\n", n)
	}
	if lots > 0 {
		fmt.Fprintf(w, "lots read and not stored: %d (stock enters wushe through a donation, not from a directory)\n", lots)
	}
	if len(imp.NotKept) == 0 {
		return
	}
	count := map[string]int{}
	var reasons []string
	for _, nk := range imp.NotKept {
		if count[nk.Reason] == 0 {
			reasons = append(reasons, nk.Reason)
		}
		count[nk.Reason]++
	}
	fmt.Fprintf(w, "parts of the dataset not stored: %d, by reason:\n", len(imp.NotKept))
	for _, r := range reasons {
		fmt.Fprintf(w, "  %d  %s\n", count[r], r)
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func cmdCommunities(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("communities", stderr)
	db := fs.String("db", "", "database: postgres:// URL or SQLite file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "db"); err != nil {
		return err
	}
	s, err := open(ctx, *db, false)
	if err != nil {
		return err
	}
	defer s.Close()
	cs, err := wushe.Collect(func(p wushe.PageRequest) (wushe.Page[linkage.Community], error) {
		return s.ListCommunities(ctx, linkage.CommunityFilter{Page: p})
	})
	if err != nil {
		return err
	}
	for _, c := range cs {
		fmt.Fprintf(stdout, "%s\t%s\n", c.ID, c.Name)
	}
	return nil
}

// reportRow is one line of a report.
type reportRow struct {
	Scope, Indicator, Value string
}

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("report", stderr)
	db := fs.String("db", "", "database: postgres:// URL or SQLite file")
	community := fs.String("community", "", "the community's ID")
	project := fs.String("project", "", "a purchased project's ID, to report its outputs too")
	fromS := fs.String("from", "", "first day of the period, YYYY-MM-DD (UTC)")
	toS := fs.String("to", "", "day after the period, YYYY-MM-DD (UTC)")
	format := fs.String("format", "md", "md, html or csv")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "db", "community", "from", "to"); err != nil {
		return err
	}
	if !slices.Contains([]string{"md", "html", "csv"}, *format) {
		return fail(exitUsage, "report: --format %q is not a format; want one of md, html, csv", *format)
	}
	cid, err := uuid.Parse(*community)
	if err != nil {
		return fail(exitUsage, "report: --community %q is not an ID (a UUID)", *community)
	}
	scopes := []linkage.OutputScope{linkage.CommunityScope(cid)}
	var pid uuid.UUID
	if *project != "" {
		if pid, err = uuid.Parse(*project); err != nil {
			return fail(exitUsage, "report: --project %q is not an ID (a UUID)", *project)
		}
		scopes = append(scopes, linkage.ProjectScope(pid))
	}
	from, err := time.Parse(time.DateOnly, *fromS)
	if err != nil {
		return fail(exitUsage, "report: --from %q is not a date YYYY-MM-DD", *fromS)
	}
	to, err := time.Parse(time.DateOnly, *toS)
	if err != nil {
		return fail(exitUsage, "report: --to %q is not a date YYYY-MM-DD", *toS)
	}
	if !to.After(from) {
		return fail(exitUsage, "report: --to %s must be after --from %s", *toS, *fromS)
	}
	s, err := open(ctx, *db, false)
	if err != nil {
		return err
	}
	defer s.Close()
	// The report is as of --to: its figures are recorded then, and the scorecard scored
	// then, so that the same data gives the same report whenever it is run.
	svc, err := linkage.NewService(s, &linkage.Options{Clock: wushe.NewManualClock(to)})
	if err != nil {
		return err
	}
	period := wushe.Window{Start: from, End: to}
	var rows []reportRow
	for _, sc := range scopes {
		set, err := svc.Outputs(ctx, sc, period, nil)
		if errors.Is(err, wushe.ErrNotFound) {
			return fail(exitNotFound, "report: there is no %s %s in this database", sc.Kind, sc.ID)
		}
		if err != nil {
			return err
		}
		obs := set.All()
		slices.SortFunc(obs, func(a, b evaluation.Observation) int { return strings.Compare(a.Indicator, b.Indicator) })
		for _, o := range obs {
			rows = append(rows, reportRow{Scope: string(sc.Kind) + " " + sc.ID.String(), Indicator: o.Indicator, Value: o.Value.String()})
		}
	}
	// The contract scorecard of the project as of the period's end. A project that cannot
	// be scored (no target on an indicator, a cycle that starts later) gets a note instead.
	var card *evaluation.Scorecard
	var cardNote string
	if pid != uuid.Nil {
		sc, err := svc.ContractScorecard(ctx, pid, to, nil)
		switch {
		case errors.Is(err, wushe.ErrInvalid):
			cardNote = "no contract scorecard: " + err.Error()
		case err != nil:
			return err
		default:
			card = &sc
		}
	}
	title := fmt.Sprintf("Outputs %s to %s", *fromS, *toS)
	switch *format {
	case "csv":
		if card != nil {
			scope := "scorecard project " + pid.String()
			for _, d := range card.Root.Children {
				rows = append(rows, reportRow{Scope: scope, Indicator: d.Code, Value: d.Points.String()})
			}
			rows = append(rows, reportRow{Scope: scope, Indicator: "total", Value: card.Total.String()},
				reportRow{Scope: scope, Indicator: "grade", Value: card.GradeText()})
		}
		w := csv.NewWriter(stdout)
		w.Write([]string{"scope", "indicator", "value"})
		for _, r := range rows {
			w.Write([]string{r.Scope, r.Indicator, r.Value})
		}
		w.Flush()
		return w.Error()
	case "html":
		charts, err := monthlyCharts(ctx, svc, scopes[0], from, to)
		if err != nil {
			return err
		}
		status, err := referralStatusChart(ctx, svc, cid, from, to)
		if err != nil {
			return err
		}
		charts = append(charts, status)
		var scorecard template.HTML
		if card != nil {
			var b strings.Builder
			if err := evaluation.WriteScorecardHTML(&b, *card); err != nil {
				return err
			}
			// Both are built by evaluation, which escapes every text it writes.
			scorecard = template.HTML(b.String() + "<figure>" + evaluation.ScorecardSVG(*card) + "</figure>")
		}
		return htmlReport.Execute(stdout, map[string]any{"Title": title, "Rows": rows, "Charts": charts,
			"Scorecard": scorecard, "ScorecardNote": cardNote})
	}
	fmt.Fprintf(stdout, "# %s\n\n| scope | indicator | value |\n|---|---|---|\n", title)
	for _, r := range rows {
		fmt.Fprintf(stdout, "| %s | %s | %s |\n", r.Scope, r.Indicator, r.Value)
	}
	if cardNote != "" {
		fmt.Fprintf(stdout, "\n%s\n", cardNote)
	}
	if card != nil {
		fmt.Fprintln(stdout)
		return evaluation.WriteScorecardMarkdown(stdout, *card)
	}
	return nil
}

// referralStatusChart draws the community's referrals by status at the close of each
// calendar month from from (the last month closing at to) as stacked columns. It shows
// only the statuses some referral held at one of those closes, in the order of
// linkage.ReferralStatuses, and the legend names those alone (StackedSVG leaves out a
// category that is zero in every column); a period with no referral says so.
func referralStatusChart(ctx context.Context, svc *linkage.Service, community uuid.UUID, from, to time.Time) (template.HTML, error) {
	refs, err := wushe.Collect(func(p wushe.PageRequest) (wushe.Page[linkage.Referral], error) {
		return svc.ListReferrals(ctx, linkage.ReferralFilter{Community: community, Page: p})
	})
	if err != nil {
		return "", err
	}
	statuses := linkage.ReferralStatuses()
	names := make([]string, len(statuses))
	for i, s := range statuses {
		names[i] = string(s)
	}
	var cols []evaluation.StackColumn
	for start := from; start.Before(to); start = start.AddDate(0, 1, 0) {
		end := start.AddDate(0, 1, 0)
		if end.After(to) {
			end = to
		}
		counts := linkage.CountByStatusAt(refs, end.Add(-time.Nanosecond))
		col := evaluation.StackColumn{Period: wushe.Window{Start: start, End: end}}
		for _, s := range statuses {
			col.Values = append(col.Values, decimal.NewFromInt(int64(counts[s])))
		}
		cols = append(cols, col)
	}
	svg, err := evaluation.StackedSVG("referrals by status at each month's close", names, cols)
	// The SVG builder escapes every text it draws.
	return template.HTML(svg), err
}

// chartIndicators are the community outputs the HTML report draws month by month.
var chartIndicators = []string{evaluation.CodeNeedsRaised, evaluation.CodeNeedsMet, evaluation.CodePeopleServed}

// monthlyCharts draws each of chartIndicators as a turn-the-curve chart: its value in
// each calendar month from from (the last month cut at to), and the baseline forecast
// three months on.
func monthlyCharts(ctx context.Context, svc *linkage.Service, scope linkage.OutputScope, from, to time.Time) ([]template.HTML, error) {
	series := map[string][]evaluation.CurvePoint{}
	for start := from; start.Before(to); start = start.AddDate(0, 1, 0) {
		end := start.AddDate(0, 1, 0)
		if end.After(to) {
			end = to
		}
		set, err := svc.Outputs(ctx, scope, wushe.Window{Start: start, End: end}, nil)
		if err != nil {
			return nil, err
		}
		for _, o := range set.All() {
			if slices.Contains(chartIndicators, o.Indicator) {
				series[o.Indicator] = append(series[o.Indicator], evaluation.CurvePoint{Period: o.Period, Value: o.Value})
			}
		}
	}
	var out []template.HTML
	for _, code := range chartIndicators {
		h := series[code]
		// The SVG builder escapes every text it draws.
		out = append(out, template.HTML(evaluation.TurnTheCurveSVG(code+" by month", h, evaluation.Forecast(h, 3), nil)))
	}
	return out, nil
}

var htmlReport = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 8px}td.n{text-align:right}</style>
</head><body><h1>{{.Title}}</h1>
<table><tr><th>scope</th><th>indicator</th><th>value</th></tr>
{{range .Rows}}<tr><td>{{.Scope}}</td><td>{{.Indicator}}</td><td class="n">{{.Value}}</td></tr>
{{end}}</table>
{{range .Charts}}<figure>{{.}}</figure>
{{end}}{{if .ScorecardNote}}<p>{{.ScorecardNote}}</p>
{{end}}{{.Scorecard}}</body></html>
`))
