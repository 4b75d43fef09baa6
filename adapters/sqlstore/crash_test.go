package sqlstore

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/resources/resourcestest"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// The crash harness. A writer process (this test binary, re-run as TestCrashWriter) does
// random sign-ups, cancellations, ledger postings, reservations, deliveries and
// cancellations of allocations on one database; the test kills it with SIGKILL at a random
// moment, checks every invariant on what the database holds, starts a new writer, and
// again. It runs on an SQLite file (with personal data sealed) and on PostgreSQL.
//
// Short form (every `go test`): crashShortKills kills per backend. Long form:
//
//	WUSHE_CRASH_KILLS=200 go test -run TestCrashConsistency -v -timeout 60m .
//
// WUSHE_CRASH_SEED fixes the seed (the kill moments and the writers' choices follow from
// it); the test logs the seed, the kills survived and the invariant checks made.

const (
	crashKillsEnv   = "WUSHE_CRASH_KILLS"
	crashSeedEnv    = "WUSHE_CRASH_SEED"
	crashWriterEnv  = "WUSHE_CRASH_WRITER" // "sqlite:<path>" or "postgres:<schema>": run as the writer
	crashWSeedEnv   = "WUSHE_CRASH_WRITER_SEED"
	crashShortKills = 8
	// crashCapacity is the shift's headcount; crashVolunteers sign up for it.
	crashCapacity   = 4
	crashVolunteers = 24
	crashRequests   = 3
	// crashKeySpace bounds the idempotency keys the writers use, so that keys repeat
	// (within a writer and across kills) and the idempotency rule is exercised.
	crashKeySpace = 400
)

// TestCrashConsistency kills writers at random moments and checks the invariants after
// each kill.
func TestCrashConsistency(t *testing.T) {
	kills := crashShortKills
	if v := os.Getenv(crashKillsEnv); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, crashKillsEnv)
		kills = n
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(crashSeedEnv); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		require.NoError(t, err, crashSeedEnv)
		seed = n
	}
	t.Logf("%s=%d %s=%d", crashSeedEnv, seed, crashKillsEnv, kills)
	t.Run("sqlite-file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "crash.db")
		open := func() (*Store, error) {
			return OpenSQLite(context.Background(), path, Options{Keys: testKeyring()})
		}
		runCrashes(t, "sqlite:"+path, open, kills, seed)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv(postgresEnv)
		if dsn == "" {
			t.Skipf("set %s to run", postgresEnv)
		}
		schema := fmt.Sprintf("wushe_test_%d_%d", os.Getpid(), schemaSeq.Add(1))
		t.Cleanup(func() { dropSchema(t, dsn, schema) })
		open := func() (*Store, error) {
			return OpenPostgres(context.Background(), dsn, Options{Schema: schema})
		}
		runCrashes(t, "postgres:"+schema, open, kills, seed+1)
	})
}

// runCrashes sets up the fixtures, then kills `kills` writers and checks after each.
func runCrashes(t *testing.T, target string, open func() (*Store, error), kills int, seed uint64) {
	s, err := open()
	require.NoError(t, err)
	crashFixtures(t, s)
	require.NoError(t, s.Close())

	r := rand.New(rand.NewPCG(seed, 0x5eed))
	var checks, killedMidOpen int
	var last crashCounts
	for k := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWriter$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashWriterEnv+"="+target, crashWSeedEnv+"="+strconv.FormatUint(r.Uint64(), 10))
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		var stderr lockedBuffer
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		ready := make(chan struct{})
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if sc.Text() == "ready" {
					close(ready)
				}
			}
		}()
		if r.IntN(10) == 0 {
			// Now and then kill while the writer is still opening (migrations, index check).
			time.Sleep(time.Duration(r.IntN(150)) * time.Millisecond)
			killedMidOpen++
		} else {
			select {
			case <-ready:
			case <-time.After(60 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("kill %d: the writer did not get ready: %s", k, stderr.String())
			}
			time.Sleep(time.Duration(20+r.IntN(400)) * time.Millisecond)
		}
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		err = cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("kill %d: the writer ended on its own (%v): %s", k, err, stderr.String())
		}
		if out := stderr.String(); strings.Contains(out, "unexpected") {
			t.Fatalf("kill %d: the writer met an unexpected error:\n%s", k, out)
		}

		s, err := open()
		require.NoError(t, err, "kill %d: the database does not reopen", k)
		n, violations, counts := checkCrashInvariants(t, s)
		checks += n
		last = counts
		require.NoError(t, s.Close())
		if len(violations) > 0 {
			t.Fatalf("kill %d of seed %d broke invariants:\n%s", k, seed, strings.Join(violations, "\n"))
		}
	}
	t.Logf("%s: %d kills survived (%d while opening), %d invariant checks, 0 violations; the database holds %s",
		target[:strings.IndexByte(target, ':')], kills, killedMidOpen, checks, last)
	require.Positive(t, last.transactions+last.enrolments+last.allocations, "the writers committed nothing")
}

// crashFixtures creates the opportunity, the volunteers, a lot and the requests.
func crashFixtures(t testing.TB, s *Store) {
	ctx := context.Background()
	now := volunteerBase
	require.NoError(t, s.CreateOpportunity(ctx, volunteertest.Opportunity(now.AddDate(0, 0, 7), crashCapacity)))
	for i := range crashVolunteers {
		require.NoError(t, s.CreateVolunteer(ctx, volunteertest.Volunteer(i, time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), now)))
	}
	resStock(t, s, "rice", "100000")
	for range crashRequests {
		require.NoError(t, s.CreateRequest(ctx, resourcestest.Request("100000")))
	}
}

// TestCrashWriter is the writer process; it does nothing unless crashWriterEnv is set.
// It writes until it is killed.
func TestCrashWriter(t *testing.T) {
	target := os.Getenv(crashWriterEnv)
	if target == "" {
		t.Skip("the crash harness's writer process; run TestCrashConsistency")
	}
	seed, _ := strconv.ParseUint(os.Getenv(crashWSeedEnv), 10, 64)
	ctx := context.Background()
	kind, where, _ := strings.Cut(target, ":")
	var s *Store
	var err error
	if kind == "sqlite" {
		s, err = OpenSQLite(ctx, where, Options{Keys: testKeyring()})
	} else {
		s, err = OpenPostgres(ctx, os.Getenv(postgresEnv), Options{Schema: where})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "unexpected: open:", err)
		os.Exit(2)
	}
	w, err := newCrashWriter(ctx, s, seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "unexpected: setup:", err)
		os.Exit(2)
	}
	fmt.Println("ready")
	for {
		if err := w.step(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "unexpected:", err)
			os.Exit(2)
		}
	}
}

type crashWriter struct {
	s     *Store
	r     *rand.Rand
	vols  *volunteer.Service
	res   *resources.Service
	ref   volunteer.ShiftRef
	ids   []uuid.UUID
	lot   uuid.UUID
	reqs  []uuid.UUID
	clock *wushe.ManualClock
}

func newCrashWriter(ctx context.Context, s *Store, seed uint64) (*crashWriter, error) {
	w := &crashWriter{s: s, r: rand.New(rand.NewPCG(seed, 1)), clock: wushe.NewManualClock(volunteerBase)}
	var err error
	if w.vols, err = volunteer.NewService(s, &volunteer.Options{Clock: w.clock}); err != nil {
		return nil, err
	}
	if w.res, err = resources.NewService(s, &resources.Options{Clock: w.clock}); err != nil {
		return nil, err
	}
	ops, err := s.ListOpportunities(ctx, volunteer.OpportunityFilter{})
	if err != nil || len(ops.Items) != 1 {
		return nil, fmt.Errorf("want one opportunity: %v", err)
	}
	w.ref = volunteer.ShiftRef{OpportunityID: ops.Items[0].ID, ShiftID: ops.Items[0].Shifts[0].ID}
	vs, err := s.ListVolunteers(ctx, volunteer.VolunteerFilter{Page: wushe.PageRequest{Limit: 1000}})
	if err != nil {
		return nil, err
	}
	for _, v := range vs.Items {
		w.ids = append(w.ids, v.ID)
	}
	lots, err := s.ListLots(ctx, resources.LotFilter{})
	if err != nil || len(lots.Items) != 1 {
		return nil, fmt.Errorf("want one lot: %v", err)
	}
	w.lot = lots.Items[0].ID
	reqs, err := s.ListRequests(ctx, resources.RequestFilter{})
	if err != nil {
		return nil, err
	}
	for _, r := range reqs.Items {
		w.reqs = append(w.reqs, r.ID)
	}
	return w, nil
}

// expected reports whether err is a refusal the workload provokes on purpose (a full
// shift, an overdraft, a repeated key, a stale state), not a failure.
func expected(err error) bool {
	switch wushe.KindOf(err) {
	case wushe.KindInsufficient, wushe.KindAlreadyExists, wushe.KindConflict, wushe.KindInvalid, wushe.KindNotFound, wushe.KindForbidden:
		return true
	}
	return false
}

// step does one random operation.
func (w *crashWriter) step(ctx context.Context) error {
	w.clock.Advance(time.Second)
	var err error
	switch op := w.r.IntN(7); op {
	case 0, 1:
		_, err = w.vols.SignUp(ctx, w.ids[w.r.IntN(len(w.ids))], w.ref)
	case 2:
		es, lerr := w.s.ListEnrolments(ctx, volunteer.EnrolmentFilter{})
		if lerr != nil || len(es.Items) == 0 {
			return lerr
		}
		e := es.Items[w.r.IntN(len(es.Items))]
		_, _, err = w.vols.Cancel(ctx, volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: e.VolunteerID}, e.ID)
	case 3:
		err = w.post(ctx)
	case 4:
		_, err = w.res.Reserve(ctx, "crash", w.lot, w.reqs[w.r.IntN(len(w.reqs))], decimal.NewFromInt(int64(1+w.r.IntN(5))))
	case 5, 6:
		as, lerr := w.s.ListAllocations(ctx, resources.AllocationFilter{Status: resources.AllocationReserved})
		if lerr != nil || len(as.Items) == 0 {
			return lerr
		}
		a := as.Items[w.r.IntN(len(as.Items))]
		if op == 5 {
			_, err = w.res.Deliver(ctx, "crash", a.ID)
		} else {
			_, err = w.res.Cancel(ctx, "crash", a.ID, "plan changed")
		}
	}
	if err != nil && !expected(err) {
		return err
	}
	return nil
}

// post posts an earning to a volunteer or a transfer between two, under a key drawn
// from a small space so that keys repeat.
func (w *crashWriter) post(ctx context.Context) error {
	k := w.r.IntN(crashKeySpace)
	amount := decimal.New(int64(50+w.r.IntN(300)), -2)
	from, to := w.ids[k%len(w.ids)], w.ids[(k*7+3)%len(w.ids)]
	now := w.clock.Now()
	tx := volunteer.Transaction{ID: uuid.New(), Key: fmt.Sprintf("crash/%d", k), PostedAt: now, CreatedAt: now}
	if k%3 == 0 && from != to {
		tx.Kind = volunteer.KindTransfer
		tx.Entries = []volunteer.Entry{{Account: volunteer.VolunteerAccount(from), Amount: amount.Neg()}, {Account: volunteer.VolunteerAccount(to), Amount: amount}}
	} else {
		tx.Kind = volunteer.KindEarn
		acct := volunteer.VolunteerAccount(to)
		tx.Entries = []volunteer.Entry{{Account: volunteer.AccountIssuance, Amount: amount.Neg()}, {Account: acct, Amount: amount}}
		tx.Ceilings = []volunteer.Ceiling{{Account: acct, Max: decimal.NewFromInt(1000)}}
	}
	_, err := w.s.PostTransaction(ctx, tx)
	return err
}

// crashCounts is what the database holds after a kill.
type crashCounts struct{ enrolments, transactions, allocations, movements int }

func (c crashCounts) String() string {
	return fmt.Sprintf("%d enrolments, %d ledger transactions, %d allocations, %d stock movements", c.enrolments, c.transactions, c.allocations, c.movements)
}

// checkCrashInvariants checks every invariant on what s holds and returns how many checks
// it made and the violations it found.
func checkCrashInvariants(t testing.TB, s *Store) (int, []string, crashCounts) {
	ctx := context.Background()
	checks := 0
	var violations []string
	check := func(ok bool, format string, args ...any) {
		checks++
		if !ok {
			violations = append(violations, fmt.Sprintf(format, args...))
		}
	}
	var counts crashCounts

	// Confirmed seats never above capacity.
	es := crashAll(t, func(p wushe.PageRequest) (wushe.Page[volunteer.Enrolment], error) {
		return s.ListEnrolments(ctx, volunteer.EnrolmentFilter{Page: p})
	})
	counts.enrolments = len(es)
	held := map[volunteer.ShiftRef]int{}
	open := map[[2]uuid.UUID]int{}
	for _, e := range es {
		if e.Status.HoldsPlace() {
			held[e.Shift]++
		}
		if e.Status.Open() {
			open[[2]uuid.UUID{e.VolunteerID, e.Shift.ShiftID}]++
		}
	}
	for ref, n := range held {
		check(n <= crashCapacity, "shift %v holds %d places, capacity %d", ref, n, crashCapacity)
	}
	for k, n := range open {
		check(n <= 1, "volunteer %s has %d open enrolments in one shift", k[0], n)
	}

	// Every ledger transaction sums to zero, its entry rows are exactly its entries, no
	// key is applied twice, and no volunteer's balance is negative or differs from its
	// balance row.
	txs := crashAll(t, func(p wushe.PageRequest) (wushe.Page[volunteer.Transaction], error) {
		return s.ListTransactions(ctx, volunteer.TransactionFilter{Page: p})
	})
	counts.transactions = len(txs)
	keys := map[string]int{}
	balances := map[volunteer.Account]decimal.Decimal{}
	for _, tx := range txs {
		sum := decimal.Zero
		for _, e := range tx.Entries {
			sum = sum.Add(e.Amount)
			balances[e.Account] = balances[e.Account].Add(e.Amount)
		}
		check(sum.IsZero(), "transaction %s sums to %s", tx.ID, sum)
		keys[tx.Key]++
		amounts := crashColumn(t, s, "SELECT amount FROM volunteer_ledger_entries WHERE transaction_id = ?", tx.ID.String())
		rowSum := decimal.Zero
		for _, a := range amounts {
			rowSum = rowSum.Add(decimal.RequireFromString(a))
		}
		check(len(amounts) == len(tx.Entries) && rowSum.IsZero(), "transaction %s has %d entry rows summing to %s for %d entries",
			tx.ID, len(amounts), rowSum, len(tx.Entries))
	}
	for key, n := range keys {
		check(n == 1, "key %q applied %d times", key, n)
	}
	stored := map[string]string{}
	for _, row := range crashColumn(t, s, "SELECT account || ' ' || balance FROM volunteer_ledger_balances") {
		a, b, _ := strings.Cut(row, " ")
		stored[a] = b
	}
	for acct, bal := range balances {
		if strings.HasPrefix(string(acct), "system/") {
			continue
		}
		check(!bal.IsNegative(), "account %s has a negative balance %s", acct, bal)
		if row, ok := stored[string(acct)]; ok {
			d, err := decimal.NewFromString(row)
			require.NoError(t, err)
			check(d.Equal(bal), "account %s: balance row %s, entries sum to %s", acct, row, bal)
		} else {
			check(bal.IsZero(), "account %s has entries summing to %s and no balance row", acct, bal)
		}
	}

	// Stock conserved on every lot, each lot's replayed log equals its stored position,
	// and the allocations account for what is reserved and delivered.
	lots := crashAll(t, func(p wushe.PageRequest) (wushe.Page[resources.Lot], error) {
		return s.ListLots(ctx, resources.LotFilter{Page: p})
	})
	ms := crashAll(t, func(p wushe.PageRequest) (wushe.Page[resources.Movement], error) {
		return s.ListMovements(ctx, resources.MovementFilter{Page: p})
	})
	counts.movements = len(ms)
	as := crashAll(t, func(p wushe.PageRequest) (wushe.Page[resources.Allocation], error) {
		return s.ListAllocations(ctx, resources.AllocationFilter{Page: p})
	})
	counts.allocations = len(as)
	positions, err := resources.Replay(ms, volunteerBase.AddDate(100, 0, 0))
	require.NoError(t, err, "the movement log does not replay")
	replayed := map[uuid.UUID]resources.Position{}
	for _, p := range positions {
		replayed[p.LotID] = p
	}
	for _, l := range lots {
		check(l.Received.Equal(l.OnHand.Add(l.Reserved).Add(l.Delivered).Add(l.Disposed)),
			"lot %s: received %s != on hand %s + reserved %s + delivered %s + disposed %s", l.ID, l.Received, l.OnHand, l.Reserved, l.Delivered, l.Disposed)
		check(replayed[l.ID].Equal(l.Position()), "lot %s: replay gives %+v, stored %+v", l.ID, replayed[l.ID], l.Position())
		reserved, delivered := decimal.Zero, decimal.Zero
		for _, a := range as {
			if a.LotID != l.ID {
				continue
			}
			switch a.Status {
			case resources.AllocationReserved:
				reserved = reserved.Add(a.Quantity)
			case resources.AllocationDelivered:
				delivered = delivered.Add(a.Quantity)
			}
		}
		check(reserved.Equal(l.Reserved), "lot %s: reserved allocations %s, lot reserved %s", l.ID, reserved, l.Reserved)
		check(delivered.Equal(l.Delivered), "lot %s: delivered allocations %s, lot delivered %s", l.ID, delivered, l.Delivered)
	}
	return checks, violations, counts
}

// crashColumn returns the one text column a query selects.
func crashColumn(t testing.TB, s *Store, query string, args ...any) []string {
	rows, err := s.DB().QueryContext(context.Background(), s.dialect.rebind(query), args...)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		require.NoError(t, rows.Scan(&v))
		out = append(out, v)
	}
	require.NoError(t, rows.Err())
	return out
}

// crashAll reads every page of a list.
func crashAll[T any](t testing.TB, list func(wushe.PageRequest) (wushe.Page[T], error)) []T {
	var out []T
	req := wushe.PageRequest{Limit: 500}
	for {
		p, err := list(req)
		require.NoError(t, err)
		out = append(out, p.Items...)
		if p.Next == uuid.Nil {
			return out
		}
		req.After = p.Next
	}
}

// lockedBuffer collects a process's stderr safely.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var _ io.Writer = (*lockedBuffer)(nil)

// TestCrashInvariantsCatchViolations: the checker finds each kind of broken state (so a
// clean run of the harness means something).
func TestCrashInvariantsCatchViolations(t *testing.T) {
	ctx := context.Background()
	s := sqliteMemory().open(t)
	crashFixtures(t, s)
	w, err := newCrashWriter(ctx, s, 7)
	require.NoError(t, err)
	for range 200 {
		require.NoError(t, w.step(ctx))
	}
	checks, violations, counts := checkCrashInvariants(t, s)
	require.Empty(t, violations)
	require.Positive(t, checks)
	require.Positive(t, counts.transactions)

	// Over capacity: enrolments stored past the shift's headcount.
	for i := range crashCapacity + 1 {
		e := volunteer.Enrolment{ID: uuid.New(), VolunteerID: uuid.New(), Shift: w.ref, Status: volunteer.EnrolmentConfirmed, AppliedAt: volunteerBase.Add(time.Duration(i))}
		require.NoError(t, create(ctx, s, "test", enrolmentTable, e))
	}
	// A ledger entry row that its transaction does not hold.
	txs, err := s.ListTransactions(ctx, volunteer.TransactionFilter{})
	require.NoError(t, err)
	_, err = s.DB().Exec("INSERT INTO volunteer_ledger_entries (transaction_id, position, account, amount, posted_at, posted_ns) VALUES (?, 99, 'volunteer/x', '1', '2026', 0)",
		txs.Items[0].ID.String())
	require.NoError(t, err)
	// A lot whose position no longer matches its log.
	require.NoError(t, s.write(ctx, "test", "Lot", func(tx *sql.Tx) error {
		l, err := lotTable.get(ctx, s, tx, "test", w.lot, true)
		if err != nil {
			return err
		}
		l.OnHand = l.OnHand.Add(decimal.NewFromInt(1))
		return lotTable.put(ctx, s, tx, "test", l)
	}))
	_, violations, _ = checkCrashInvariants(t, s)
	joined := strings.Join(violations, "\n")
	for _, want := range []string{"places, capacity", "entry rows", "received", "replay gives"} {
		require.Contains(t, joined, want)
	}
}
