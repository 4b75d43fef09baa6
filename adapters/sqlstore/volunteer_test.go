package sqlstore

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// volunteerBase is the fixed instant the adapter's volunteer tests are dated from.
var volunteerBase = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestVolunteerStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		volunteertest.RunStoreTests(t, func(t *testing.T) volunteer.Store { return b.open(t) }, volunteertest.Features{})
	})
}

func testVolunteer(seq int) volunteer.Volunteer {
	return volunteertest.Volunteer(seq, time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), volunteerBase)
}

func kindAndField(t *testing.T, err error, kind wushe.Kind, field string) {
	t.Helper()
	require.Error(t, err)
	assert.Equal(t, kind, wushe.KindOf(err), "%v", err)
	we, ok := err.(*wushe.Error)
	require.True(t, ok, "a *wushe.Error, got %T", err)
	assert.Equal(t, field, we.Field, "%v", err)
	assert.NotEmpty(t, we.Op)
	assert.Equal(t, "Volunteer", we.Entity)
}

func TestVolunteerNumberTooLong(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		v := testVolunteer(1)
		v.Number = strings.Repeat("V", 65)
		kindAndField(t, s.CreateVolunteer(t.Context(), v), wushe.KindInvalid, "Number")
		_, err := s.GetVolunteer(t.Context(), v.ID)
		assert.Equal(t, wushe.KindNotFound, wushe.KindOf(err), "nothing stored")

		v.Number = strings.Repeat("号", 64)
		require.NoError(t, s.CreateVolunteer(t.Context(), v), "64 characters fit, whatever their bytes")
		_, err = s.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { x.Number += "1"; return nil })
		kindAndField(t, err, wushe.KindInvalid, "Number")
		got, err := s.GetVolunteer(t.Context(), v.ID)
		require.NoError(t, err)
		assert.Equal(t, v.Number, got.Number)
		assert.Equal(t, int64(1), got.Version)
	})
}

func TestVolunteerIDNumberUnique(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := t.Context()
		s := b.open(t)
		a, other := testVolunteer(1), testVolunteer(2)
		require.NoError(t, s.CreateVolunteer(ctx, a))
		require.NoError(t, s.CreateVolunteer(ctx, other))

		dup := testVolunteer(1)
		kindAndField(t, s.CreateVolunteer(ctx, dup), wushe.KindAlreadyExists, "IDNumber")
		_, err := s.GetVolunteer(ctx, dup.ID)
		assert.Equal(t, wushe.KindNotFound, wushe.KindOf(err), "nothing stored")

		// An update bypasses the pre-check: the unique index refuses it, naming the field.
		_, err = s.UpdateVolunteer(ctx, other.ID, func(x *volunteer.Volunteer) error { x.IDNumber = a.IDNumber; return nil })
		kindAndField(t, err, wushe.KindAlreadyExists, "IDNumber")
		_, err = s.UpdateVolunteer(ctx, other.ID, func(x *volunteer.Volunteer) error { x.Number = a.Number; return nil })
		kindAndField(t, err, wushe.KindAlreadyExists, "Number")

		// Volunteers without a number or an ID number do not collide.
		for i := range 2 {
			v := testVolunteer(10 + i)
			v.Number, v.IDNumber = "", wushe.IDNumber{}
			require.NoError(t, s.CreateVolunteer(ctx, v))
		}

		// The unique column holds a keyed blind index: neither the clear ID number nor its
		// bare SHA-256.
		clear, err := a.IDNumber.Reveal(wushe.StorageEntitlement())
		require.NoError(t, err)
		var stored string
		require.NoError(t, s.DB().QueryRowContext(ctx, s.dialect.rebind("SELECT id_number_index FROM volunteer_volunteers WHERE id = ?"),
			a.ID.String()).Scan(&stored))
		bare := sha256.Sum256([]byte(clear))
		assert.NotEqual(t, hex.EncodeToString(bare[:]), stored)
		assert.Equal(t, s.index(wushe.ClassIDNumber, clear), stored)
		assert.NotContains(t, stored, clear)
		assert.Len(t, stored, 64)
	})
}

func TestVolunteerLedgerBalanceAsOf(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := t.Context()
		s := b.open(t)
		rng := rand.New(rand.NewPCG(7, 11))
		acct := volunteer.VolunteerAccount(uuid.New())
		type posting struct {
			at     time.Time
			amount decimal.Decimal
		}
		var posted []posting
		for i := range 60 {
			at := volunteerBase.Add(time.Duration(rng.IntN(30*24)) * time.Hour)
			amount := decimal.New(int64(rng.IntN(10000)+1), -int32(rng.IntN(3)))
			from, to := volunteer.AccountIssuance, acct
			if i%4 == 3 {
				// Spend a little of what is there, so the account sees debits too.
				from, to, amount = acct, volunteer.AccountRedemptions, decimal.RequireFromString("0.01")
				at = volunteerBase.AddDate(0, 2, 0)
			}
			tx := volunteer.Transaction{ID: uuid.New(), Key: fmt.Sprintf("k-%d", i), Kind: volunteer.KindAdjust, PostedAt: at, CreatedAt: at,
				Entries: []volunteer.Entry{{Account: from, Amount: amount.Neg()}, {Account: to, Amount: amount}}}
			_, err := s.PostTransaction(ctx, tx)
			require.NoError(t, err)
			if from == acct {
				amount = amount.Neg()
			}
			posted = append(posted, posting{at, amount})
		}
		for _, asOf := range []time.Time{volunteerBase.Add(-time.Nanosecond), volunteerBase, volunteerBase.AddDate(0, 0, 3),
			volunteerBase.AddDate(0, 0, 15).Add(time.Nanosecond), volunteerBase.AddDate(0, 1, 0), volunteerBase.AddDate(0, 2, 0), volunteerBase.AddDate(1, 0, 0)} {
			want := decimal.Zero
			for _, p := range posted {
				if !p.at.After(asOf) {
					want = want.Add(p.amount)
				}
			}
			got, err := s.LedgerBalance(ctx, acct, asOf)
			require.NoError(t, err)
			assert.True(t, want.Equal(got), "as of %v: got %s, want %s", asOf, got, want)
		}
		// The current balance row agrees with the sum of every entry.
		all, err := s.LedgerBalance(ctx, acct, volunteerBase.AddDate(10, 0, 0))
		require.NoError(t, err)
		var balance decimal.Decimal
		require.NoError(t, s.DB().QueryRowContext(ctx, s.dialect.rebind("SELECT CAST(balance AS TEXT) FROM volunteer_ledger_balances WHERE account = ?"),
			string(acct)).Scan(&balance))
		assert.True(t, all.Equal(balance), "balance row %s, entries %s", balance, all)
	})
}

func TestVolunteerMoneyScale(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := t.Context()
		s := b.open(t)
		acct := volunteer.VolunteerAccount(uuid.New())
		amount := decimal.RequireFromString("1.50")
		tx := volunteer.Transaction{ID: uuid.New(), Key: "scale", Kind: volunteer.KindEarn, PostedAt: volunteerBase, CreatedAt: volunteerBase,
			Entries: []volunteer.Entry{{Account: volunteer.AccountIssuance, Amount: amount.Neg()}, {Account: acct, Amount: amount}}}
		posted, err := s.PostTransaction(ctx, tx)
		require.NoError(t, err)
		assert.Equal(t, "1.50", posted.Entries[1].Amount.StringFixedBank(-posted.Entries[1].Amount.Exponent()))
		assert.Equal(t, int32(-2), posted.Entries[1].Amount.Exponent())

		p, err := s.ListTransactions(ctx, volunteer.TransactionFilter{Account: acct})
		require.NoError(t, err)
		require.Len(t, p.Items, 1)
		assert.Equal(t, int32(-2), p.Items[0].Entries[1].Amount.Exponent(), "1.50 comes back 1.50")
		assert.Equal(t, int32(-2), p.Items[0].Entries[0].Amount.Exponent())

		bal, err := s.LedgerBalance(ctx, acct, volunteerBase)
		require.NoError(t, err)
		assert.Equal(t, "1.50", bal.StringFixed(2))
		assert.Equal(t, int32(-2), bal.Exponent(), "the balance keeps the scale too")

		item := volunteer.CatalogItem{ID: uuid.New(), Name: "理发", Cost: decimal.RequireFromString("12.50"), Stock: 1, Active: true, CreatedAt: volunteerBase, UpdatedAt: volunteerBase}
		require.NoError(t, s.CreateCatalogItem(ctx, item))
		got, err := s.GetCatalogItem(ctx, item.ID)
		require.NoError(t, err)
		assert.Equal(t, int32(-2), got.Cost.Exponent())
	})
}

func TestVolunteerEnrolmentMovesShift(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := t.Context()
		s := b.open(t)
		from := volunteer.ShiftRef{OpportunityID: uuid.New(), ShiftID: uuid.New()}
		to := volunteer.ShiftRef{OpportunityID: from.OpportunityID, ShiftID: from.ShiftID, Occurrence: 1}
		e := volunteer.Enrolment{ID: uuid.New(), Shift: from, VolunteerID: uuid.New(), Window: wushe.NewWindow(volunteerBase, time.Hour),
			AppliedAt: volunteerBase, CreatedAt: volunteerBase, UpdatedAt: volunteerBase}
		got, err := s.EnrolInShift(ctx, e, 1)
		require.NoError(t, err)
		require.Equal(t, volunteer.EnrolmentConfirmed, got.Status)

		moved, err := s.UpdateEnrolment(ctx, e.ID, func(x *volunteer.Enrolment) error { x.Shift = to; return nil })
		require.NoError(t, err)
		assert.Equal(t, to, moved.Shift)
		p, err := s.ListEnrolments(ctx, volunteer.EnrolmentFilter{Shift: to})
		require.NoError(t, err)
		require.Len(t, p.Items, 1, "the shift columns follow the enrolment")
		p, err = s.ListEnrolments(ctx, volunteer.EnrolmentFilter{Shift: from})
		require.NoError(t, err)
		assert.Empty(t, p.Items)

		// The moved enrolment holds its place in the new shift, and frees the old one.
		other := e
		other.ID, other.VolunteerID = uuid.New(), uuid.New()
		other.Shift = to
		got, err = s.EnrolInShift(ctx, other, 1)
		require.NoError(t, err)
		assert.Equal(t, volunteer.EnrolmentWaitlisted, got.Status)
		other.ID, other.Shift = uuid.New(), from
		got, err = s.EnrolInShift(ctx, other, 1)
		require.NoError(t, err)
		assert.Equal(t, volunteer.EnrolmentConfirmed, got.Status)

		// The same volunteer cannot hold two open enrolments of one shift, even by moving.
		_, err = s.UpdateEnrolment(ctx, e.ID, func(x *volunteer.Enrolment) error { x.Shift = from; x.VolunteerID = other.VolunteerID; return nil })
		require.Error(t, err)
		assert.Equal(t, wushe.KindAlreadyExists, wushe.KindOf(err), "%v", err)
		back, err := s.GetEnrolment(ctx, e.ID)
		require.NoError(t, err)
		assert.Equal(t, to, back.Shift, "a refused update persists nothing")
	})
}

func TestVolunteerDailyTallyCeilingRace(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		id := uuid.New()
		acct, tally := volunteer.VolunteerAccount(id), volunteer.DailyAccount(id, volunteerBase)
		three := decimal.NewFromInt(3)
		errs := make([]error, 20)
		done := make(chan int)
		for i := range errs {
			go func() {
				tx := volunteer.Transaction{ID: uuid.New(), Key: fmt.Sprintf("award/%d", i), Kind: volunteer.KindEarn, PostedAt: volunteerBase, CreatedAt: volunteerBase,
					Entries: []volunteer.Entry{{Account: volunteer.AccountIssuance, Amount: three.Neg()}, {Account: acct, Amount: three},
						{Account: volunteer.AccountDailyOffset, Amount: three.Neg()}, {Account: tally, Amount: three}},
					Ceilings: []volunteer.Ceiling{{Account: tally, Max: decimal.NewFromInt(10)}}}
				_, errs[i] = s.PostTransaction(t.Context(), tx)
				done <- i
			}()
		}
		for range errs {
			<-done
		}
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			assert.Equal(t, wushe.KindConflict, wushe.KindOf(err), "%v", err)
		}
		assert.Equal(t, 3, ok, "three awards of 3 fit under a daily cap of 10")
		got, err := s.LedgerBalance(t.Context(), acct, volunteerBase)
		require.NoError(t, err)
		assert.True(t, got.Equal(decimal.NewFromInt(9)), "balance %s", got)
	})
}

// The one-open-enrolment check spells out the partial index's condition; both
// migrations must keep it the same.
func TestVolunteerOpenIndexCondition(t *testing.T) {
	for _, b := range []Backend{SQLite, Postgres} {
		steps, err := Migrations(b)
		require.NoError(t, err)
		var script string
		for _, m := range steps {
			if m.Name == "volunteer" {
				script = m.Script
			}
		}
		assert.Contains(t, script, "WHERE "+openStatusSQL+";", "%s", b)
	}
}

// A ceiling on a system account (which keeps no balance row and is otherwise locked
// shared) still holds under concurrent postings: the posting that checks it holds the
// account alone and sums its entries.
func TestVolunteerSystemAccountCeilingRace(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := t.Context()
		s := b.open(t)
		x, y := volunteer.Account("system/pool"), volunteer.AccountIssuance
		one := decimal.NewFromInt(1)
		var wg sync.WaitGroup
		var capped, free atomic.Int64
		for i := range 40 {
			wg.Go(func() {
				tx := volunteer.Transaction{ID: uuid.New(), Key: fmt.Sprintf("pool/%d", i), Kind: volunteer.KindEarn, PostedAt: volunteerBase,
					Entries: []volunteer.Entry{{Account: x, Amount: one}, {Account: y, Amount: one.Neg()}}}
				if i%2 == 0 {
					tx.Ceilings = []volunteer.Ceiling{{Account: x, Max: decimal.NewFromInt(10)}}
				}
				_, err := s.PostTransaction(ctx, tx)
				switch {
				case err == nil && i%2 == 0:
					capped.Add(1)
				case err == nil:
					free.Add(1)
				default:
					assert.ErrorIs(t, err, wushe.ErrConflict, "only the ceiling may refuse a posting")
				}
			})
		}
		wg.Wait()
		require.Equal(t, int64(20), free.Load(), "postings without a ceiling all land")
		require.LessOrEqual(t, capped.Load(), int64(10), "no capped posting saw more room than there was")
		got, err := s.LedgerBalance(ctx, x, volunteerBase)
		require.NoError(t, err)
		require.True(t, got.Equal(decimal.NewFromInt(free.Load()+capped.Load())), "balance %s", got)

		// Alone under the ceiling, exactly ten of twenty capped postings land.
		z := volunteer.Account("system/pool2")
		capped.Store(0)
		for i := range 20 {
			wg.Go(func() {
				_, err := s.PostTransaction(ctx, volunteer.Transaction{ID: uuid.New(), Key: fmt.Sprintf("pool2/%d", i), Kind: volunteer.KindEarn,
					PostedAt: volunteerBase, Entries: []volunteer.Entry{{Account: z, Amount: one}, {Account: y, Amount: one.Neg()}},
					Ceilings: []volunteer.Ceiling{{Account: z, Max: decimal.NewFromInt(10)}}})
				if err == nil {
					capped.Add(1)
				}
			})
		}
		wg.Wait()
		require.Equal(t, int64(10), capped.Load())
		var rows int
		require.NoError(t, s.DB().QueryRowContext(ctx, s.dialect.rebind("SELECT COUNT(*) FROM volunteer_ledger_balances WHERE account LIKE ?"), "system/%").Scan(&rows))
		require.Zero(t, rows, "system accounts keep no balance row")
	})
}

// ledgerPosting is one posting a checkpoint test made: amount to acct at at.
type ledgerPosting struct {
	acct   volunteer.Account
	at     time.Time
	amount decimal.Decimal
}

// postEarning posts p as an earning from the issuance account under key.
func postEarning(t *testing.T, s *Store, key string, p ledgerPosting) error {
	tx := volunteer.Transaction{ID: uuid.New(), Key: key, Kind: volunteer.KindEarn, PostedAt: p.at, CreatedAt: p.at,
		Entries: []volunteer.Entry{{Account: volunteer.AccountIssuance, Amount: p.amount.Neg()}, {Account: p.acct, Amount: p.amount}}}
	_, err := s.PostTransaction(t.Context(), tx)
	return err
}

// randomPosting is a posting to one of accts, mostly after clock with every fifth one
// back-dated and every fifth at the exact instant of an earlier posting (which must
// invalidate a checkpoint there).
func randomPosting(rng *rand.Rand, i int, clock time.Time, accts []volunteer.Account, posted []ledgerPosting) ledgerPosting {
	at := clock
	switch {
	case i%5 == 4 && len(posted) > 0:
		at = posted[rng.IntN(len(posted))].at
	case i%5 == 2:
		at = clock.Add(-time.Duration(rng.IntN(200)) * time.Hour)
	}
	return ledgerPosting{accts[rng.IntN(len(accts))], at, decimal.New(int64(rng.IntN(100000)+1), -2)}
}

// postRandomLedger posts n random postings to accts (see randomPosting), 1 to 90 minutes
// apart, and returns them.
func postRandomLedger(t *testing.T, s *Store, rng *rand.Rand, accts []volunteer.Account, n int) []ledgerPosting {
	t.Helper()
	var posted []ledgerPosting
	clock := volunteerBase
	for i := range n {
		clock = clock.Add(time.Duration(1+rng.IntN(90)) * time.Minute)
		p := randomPosting(rng, i, clock, accts, posted)
		require.NoError(t, postEarning(t, s, fmt.Sprintf("random-%d", i), p))
		posted = append(posted, p)
	}
	return posted
}

// requireCheckpointsExact checks every stored checkpoint against the entries: its balance
// is the sum of its account's entries posted at or before it. It returns how many there are.
func requireCheckpointsExact(t *testing.T, s *Store) int {
	t.Helper()
	ctx := t.Context()
	type cp struct {
		acct    string
		ns      int64
		balance decimal.Decimal
	}
	var cps []cp
	rows, err := s.DB().QueryContext(ctx, "SELECT account, posted_ns, CAST(balance AS TEXT) FROM volunteer_ledger_checkpoints")
	require.NoError(t, err)
	for rows.Next() {
		var c cp
		require.NoError(t, rows.Scan(&c.acct, &c.ns, &c.balance))
		cps = append(cps, c)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	for _, c := range cps {
		want := decimal.Zero
		rows, err := s.DB().QueryContext(ctx, s.dialect.rebind("SELECT CAST(amount AS TEXT) FROM volunteer_ledger_entries WHERE account = ? AND posted_ns <= ?"), c.acct, c.ns)
		require.NoError(t, err)
		for rows.Next() {
			var d decimal.Decimal
			require.NoError(t, rows.Scan(&d))
			want = want.Add(d)
		}
		require.NoError(t, rows.Err())
		require.NoError(t, rows.Close())
		require.True(t, want.Equal(c.balance), "checkpoint of %s at %d: %s, entries sum to %s", c.acct, c.ns, c.balance, want)
	}
	return len(cps)
}

// requireBalancesAsScanned checks LedgerBalance of accts as of n instants (posting
// instants, and instants between them) against the sum a scan of posted gives.
func requireBalancesAsScanned(t *testing.T, s *Store, rng *rand.Rand, accts []volunteer.Account, posted []ledgerPosting, n int) {
	t.Helper()
	for k := range n {
		acct := accts[k%len(accts)]
		asOf := posted[rng.IntN(len(posted))].at
		if k%3 == 0 {
			asOf = asOf.Add(time.Duration(rng.IntN(120)-60) * time.Minute)
		}
		want := decimal.Zero
		for _, p := range posted {
			if p.acct == acct && !p.at.After(asOf) {
				want = want.Add(p.amount)
			}
		}
		got, err := s.LedgerBalance(t.Context(), acct, asOf)
		require.NoError(t, err)
		require.True(t, want.Equal(got), "%s as of %v: got %s, want %s", acct, asOf, got, want)
	}
}

// TestVolunteerLedgerCheckpoints posts enough entries to two accounts that checkpoints are
// made, mostly in date order with some back-dated, and checks every checkpoint against the
// entries and the balance as of every posting's instant, and between them, against the sum
// a scan of the postings gives.
func TestVolunteerLedgerCheckpoints(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		rng := rand.New(rand.NewPCG(3, 5))
		accts := []volunteer.Account{volunteer.VolunteerAccount(uuid.New()), volunteer.VolunteerAccount(uuid.New())}
		posted := postRandomLedger(t, s, rng, accts, 3*checkpointEvery+40)
		require.Positive(t, requireCheckpointsExact(t, s), "the postings made checkpoints")
		requireBalancesAsScanned(t, s, rng, accts, posted, 150)
	})
}

// TestVolunteerLedgerCheckpointsRace posts to two accounts from eight writers at once,
// dates out of order, and checks that every checkpoint the racing postings left is exact
// and that balances as of any instant are the scanned sums.
func TestVolunteerLedgerCheckpointsRace(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		accts := []volunteer.Account{volunteer.VolunteerAccount(uuid.New()), volunteer.VolunteerAccount(uuid.New())}
		const writers, each = 8, checkpointEvery / 3
		plans := make([][]ledgerPosting, writers)
		for w := range plans {
			rng := rand.New(rand.NewPCG(uint64(w), 11))
			clock := volunteerBase
			for i := range each {
				clock = clock.Add(time.Duration(1+rng.IntN(90)) * time.Minute)
				plans[w] = append(plans[w], randomPosting(rng, i, clock, accts, plans[w]))
			}
		}
		var wg sync.WaitGroup
		for w, plan := range plans {
			wg.Go(func() {
				for i, p := range plan {
					assert.NoError(t, postEarning(t, s, fmt.Sprintf("race-%d-%d", w, i), p))
				}
			})
		}
		wg.Wait()
		require.Positive(t, requireCheckpointsExact(t, s), "the postings made checkpoints")
		requireBalancesAsScanned(t, s, rand.New(rand.NewPCG(7, 7)), accts, slices.Concat(plans...), 100)
	})
}

// A database whose records were written before the record_enrolment_live step, when
// record_enrolment had left the later records of an enrolment without enrolment_id: the
// step gives it back to every rejected one and to the first other record of an enrolment
// whose indexed record is rejected, leaves the rest for review, and from then on holds one
// record per enrolment that is not rejected.
func TestVolunteerRecordEnrolmentLiveMigration(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := openBefore(t, b, "record_enrolment_live")
		ctx := t.Context()
		org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
		vid := uuid.New()
		rec := func(enrolment uuid.UUID, status volunteer.RecordStatus, hours int) volunteer.ServiceRecord {
			start := volunteerBase.Add(time.Duration(hours) * time.Hour)
			return volunteer.ServiceRecord{ID: uuid.New(), VolunteerID: vid, EnrolmentID: enrolment, Activity: "防诈骗宣传", Content: "发放传单",
				Theme: volunteer.ThemeAntiFraud, Window: wushe.NewWindow(start, time.Hour), Minutes: 60, Organizer: org,
				RecordedBy: org, RecordedAt: start.Add(2 * time.Hour), Status: status, CreatedAt: start, UpdatedAt: start}
		}
		a, bb, c := uuid.New(), uuid.New(), uuid.New()
		type row struct {
			r       volunteer.ServiceRecord
			indexed bool // enrolment_id set by record_enrolment
		}
		rows := []row{
			{rec(a, volunteer.RecordVerified, 0), true}, {rec(a, volunteer.RecordRejected, 1), false},
			{rec(bb, volunteer.RecordRejected, 0), true}, {rec(bb, volunteer.RecordVerified, 2), false}, {rec(bb, volunteer.RecordPending, 1), false},
			{rec(c, volunteer.RecordPending, 0), true}, {rec(c, volunteer.RecordPending, 1), false},
		}
		// The columns volunteer_records had at record_enrolment.
		cols := []string{"volunteer_id", "organizer_kind", "organizer_id", "status", "starts_at", "enrolment_id"}
		records := make([]volunteer.ServiceRecord, len(rows))
		for i, x := range rows {
			records[i] = x.r
		}
		insertRecordRows(t, s, cols, records, func(i int, col string) bool { return col == "enrolment_id" && !rows[i].indexed })
		migrateAll(t, s)

		listed := func(enrolment uuid.UUID) []uuid.UUID {
			p, err := s.ListRecords(ctx, volunteer.RecordFilter{EnrolmentID: enrolment})
			require.NoError(t, err)
			var ids []uuid.UUID
			for _, r := range p.Items {
				ids = append(ids, r.ID)
			}
			return ids
		}
		sorted := func(ids ...uuid.UUID) []uuid.UUID { return slices.SortedFunc(slices.Values(ids), wushe.CompareIDs) }
		assert.Equal(t, sorted(rows[0].r.ID, rows[1].r.ID), listed(a), "a rejected duplicate gets its enrolment back")
		assert.Equal(t, sorted(rows[2].r.ID, rows[4].r.ID), listed(bb), "the first record after a rejected one takes the enrolment")
		assert.Equal(t, []uuid.UUID{rows[5].r.ID}, listed(c), "a second pending record stays for review")

		err := s.CreateRecord(ctx, rec(bb, volunteer.RecordVerified, 3))
		assert.Equal(t, wushe.KindAlreadyExists, wushe.KindOf(err), "%v", err)
		assert.True(t, slices.ContainsFunc(wushe.FieldErrors(err), func(fe *wushe.Error) bool { return fe.Field == "EnrolmentID" }), "%v", err)
		_, err = s.UpdateRecord(ctx, rows[4].r.ID, func(r *volunteer.ServiceRecord) error { r.Status = volunteer.RecordRejected; return nil })
		require.NoError(t, err)
		require.NoError(t, s.CreateRecord(ctx, rec(bb, volunteer.RecordVerified, 3)), "rejecting the standing record frees the enrolment")
	})
}
