package volunteer_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

func TestAccount(t *testing.T) {
	id := uuid.New()
	a := volunteer.VolunteerAccount(id)
	assert.True(t, a.Valid())
	assert.True(t, a.Guarded())
	assert.True(t, volunteer.AccountIssuance.Valid())
	assert.False(t, volunteer.AccountIssuance.Guarded())
	for _, bad := range []volunteer.Account{"", "volunteer/", "volunteer/" + volunteer.Account(uuid.Nil.String()), "volunteer/x", "system/", "system/Bad", "bank/x",
		volunteer.Account("volunteer/" + fmt.Sprintf("%X", id[:]))} {
		assert.False(t, bad.Valid(), bad)
	}
}

func TestTransactionValidate(t *testing.T) {
	acct := volunteer.VolunteerAccount(uuid.New())
	ok := volunteer.Transaction{ID: uuid.New(), Key: "k", Kind: volunteer.KindEarn, PostedAt: t0,
		Entries: []volunteer.Entry{{Account: volunteer.AccountIssuance, Amount: dec("-1.5")}, {Account: acct, Amount: dec("1.5")}}}
	require.NoError(t, ok.Validate())
	decEq(t, "1.5", ok.Delta(acct))
	decEq(t, "0", ok.Delta(volunteer.AccountExpired))
	bad := volunteer.Transaction{Kind: "gift", Redemption: &volunteer.Redemption{}, Ceilings: []volunteer.Ceiling{{Account: "x", Max: dec("-1")}},
		Entries: []volunteer.Entry{{Account: "nope", Amount: decimal.Zero}}}
	err := bad.Validate()
	for _, f := range []string{"ID", "Key", "Kind", "Entries", "Entries[0].Account", "Entries[0].Amount", "PostedAt", "Redemption",
		"Redemption.ItemID", "Redemption.Quantity", "Ceilings[0].Account", "Ceilings[0].Max"} {
		hasField(t, err, f)
	}
	unbalanced := ok
	unbalanced.Entries = []volunteer.Entry{{Account: volunteer.AccountIssuance, Amount: dec("-1")}, {Account: acct, Amount: dec("2")}}
	hasField(t, unbalanced.Validate(), "Entries")
}

func TestSameContent(t *testing.T) {
	acct := volunteer.VolunteerAccount(uuid.New())
	a := volunteer.Transaction{ID: uuid.New(), Key: "k", Kind: volunteer.KindRedeem, PostedAt: t0, Memo: "m",
		Entries:    []volunteer.Entry{{Account: acct, Amount: dec("-2")}, {Account: volunteer.AccountRedemptions, Amount: dec("2")}},
		Redemption: &volunteer.Redemption{ItemID: uuid.New(), Quantity: 1}}
	b := a
	b.ID, b.PostedAt = uuid.New(), t0.Add(time.Hour)
	b.Entries = []volunteer.Entry{{Account: acct, Amount: dec("-2.00")}, {Account: volunteer.AccountRedemptions, Amount: dec("2.0")}}
	r := *a.Redemption
	b.Redemption = &r
	assert.True(t, volunteer.SameContent(a, b), "IDs, times and decimal exponents do not matter")
	mods := []func(*volunteer.Transaction){
		func(x *volunteer.Transaction) { x.Kind = volunteer.KindAdjust },
		func(x *volunteer.Transaction) { x.Memo = "other" },
		func(x *volunteer.Transaction) { x.RecordID = uuid.New() },
		func(x *volunteer.Transaction) { x.Entries = x.Entries[:1] },
		func(x *volunteer.Transaction) {
			x.Entries = []volunteer.Entry{x.Entries[0], {Account: volunteer.AccountExpired, Amount: dec("2")}}
		},
		func(x *volunteer.Transaction) {
			x.Entries = []volunteer.Entry{{Account: acct, Amount: dec("-3")}, x.Entries[1]}
		},
		func(x *volunteer.Transaction) { x.Redemption = nil },
		func(x *volunteer.Transaction) { x.Redemption = &volunteer.Redemption{ItemID: r.ItemID, Quantity: 2} },
	}
	for i, m := range mods {
		c := b
		c.Entries = append([]volunteer.Entry(nil), b.Entries...)
		m(&c)
		assert.False(t, volunteer.SameContent(a, c), "mod %d", i)
	}
	x, y := a, a
	x.Redemption, y.Redemption = nil, nil
	assert.True(t, volunteer.SameContent(x, y))
}

func TestCatalogAndRules(t *testing.T) {
	ok := volunteer.CatalogItem{ID: uuid.New(), Name: "义剪一次", Cost: dec("5"), Stock: 3, Active: true}
	require.NoError(t, ok.Validate())
	cash := ok
	cash.CashEquivalent = true
	err := cash.Validate()
	kindIs(t, err, wushe.KindInvalid)
	hasField(t, err, "CashEquivalent")
	err = volunteer.CatalogItem{Cost: dec("0"), Stock: -1}.Validate()
	for _, f := range []string{"ID", "Name", "Cost", "Stock"} {
		hasField(t, err, f)
	}
	require.NoError(t, volunteer.DefaultLedgerRules().Validate())
	neg := dec("-1")
	err = volunteer.LedgerRules{DefaultPerHour: neg, PerHourByTheme: map[volunteer.Theme]decimal.Decimal{"elderly_care": neg}, MaxPerActivity: neg,
		MaxPerDay: neg, StorageCap: neg, Expiry: volunteer.ExpiryPolicy{AfterDays: -1}, NoShowPenalty: neg}.Validate()
	for _, f := range []string{"DefaultPerHour", "PerHourByTheme[elderly_care]", "MaxPerActivity", "MaxPerDay", "StorageCap", "Expiry.AfterDays", "NoShowPenalty"} {
		hasField(t, err, f)
	}
	r := volunteer.LedgerRules{DefaultPerHour: dec("1"), PerHourByTheme: map[volunteer.Theme]decimal.Decimal{"elderly_care": dec("2")}}
	decEq(t, "1", r.Rate("education", decimal.Zero))
	decEq(t, "2", r.Rate("elderly_care", decimal.Zero))
	decEq(t, "3", r.Rate("elderly_care", dec("3")))
}

func TestExpiredAmount(t *testing.T) {
	acct := volunteer.VolunteerAccount(uuid.New())
	mk := func(amount string, at time.Time) volunteer.Transaction {
		return volunteer.Transaction{PostedAt: at, Entries: []volunteer.Entry{{Account: acct, Amount: dec(amount)}}}
	}
	txs := []volunteer.Transaction{mk("10", t0), mk("5", t0.AddDate(0, 0, 10)), mk("-4", t0.AddDate(0, 0, 20)), mk("3", t0.AddDate(0, 0, 30))}
	decEq(t, "6", volunteer.ExpiredAmount(txs, acct, t0.AddDate(0, 0, 1)), "10 old, 4 spent oldest first")
	decEq(t, "11", volunteer.ExpiredAmount(txs, acct, t0.AddDate(0, 0, 15)))
	decEq(t, "0", volunteer.ExpiredAmount(txs, acct, t0.Add(-time.Hour)))
	txs = append(txs, mk("-20", t0.AddDate(0, 0, 40)))
	decEq(t, "0", volunteer.ExpiredAmount(txs, acct, t0.AddDate(0, 0, 35)), "never negative")
}

func TestAwardPoints(t *testing.T) {
	e := newEnv(t, func(o *volunteer.Options) {
		o.Ledger = &volunteer.LedgerRules{DefaultPerHour: dec("1"), PerHourByTheme: map[volunteer.Theme]decimal.Decimal{"elderly_care": dec("2")},
			MaxPerActivity: dec("4"), MaxPerDay: dec("6"), StorageCap: dec("9")}
	})
	v := e.adult()
	r, _ := e.recordVerified(t.Context(), e.served(v, t0.Add(-time.Hour)))
	// 150 min × 2/h = 5, capped at 4 per activity.
	a, err := e.svc.AwardPoints(t.Context(), r.ID)
	require.NoError(t, err)
	require.NotNil(t, a.Transaction)
	decEq(t, "4", a.Transaction.Delta(volunteer.VolunteerAccount(v.ID)))
	decEq(t, "1", a.Excess)
	again, err := e.svc.AwardPoints(t.Context(), r.ID)
	require.NoError(t, err)
	assert.Equal(t, a.Transaction.ID, again.Transaction.ID, "awarding twice posts once")
	// Same day: only 2 left under the daily cap.
	r2, _ := e.recordVerified(t.Context(), e.served(v, t0.Add(-4*time.Hour)))
	b, err := e.svc.AwardPoints(t.Context(), r2.ID)
	require.NoError(t, err)
	decEq(t, "2", b.Transaction.Delta(volunteer.VolunteerAccount(v.ID)))
	decEq(t, "3", b.Excess, "1 over the activity cap, 2 over the daily cap")
	// Another day: the storage cap (9) leaves 3.
	r3, _ := e.recordVerified(t.Context(), e.served(v, t0.Add(-48*time.Hour)))
	c, err := e.svc.AwardPoints(t.Context(), r3.ID)
	require.NoError(t, err)
	decEq(t, "3", c.Transaction.Delta(volunteer.VolunteerAccount(v.ID)))
	decEq(t, "2", c.Excess)
	bal, _ := e.svc.Balance(t.Context(), v.ID, e.clock.Now())
	decEq(t, "9", bal)
	r4, _ := e.recordVerified(t.Context(), e.served(v, t0.Add(-72*time.Hour)))
	d, err := e.svc.AwardPoints(t.Context(), r4.ID)
	require.NoError(t, err)
	assert.Nil(t, d.Transaction, "full: nothing posted")
	decEq(t, "5", d.Excess)

	// A correction down takes points back; a correction up is capped again.
	_, err = e.svc.CorrectRecord(t.Context(), e.org, r.ID, 30, "only half an hour")
	require.NoError(t, err)
	back, err := e.svc.AwardPoints(t.Context(), r.ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.KindAdjust, back.Transaction.Kind)
	decEq(t, "-3", back.Transaction.Delta(volunteer.VolunteerAccount(v.ID)))
	bal, _ = e.svc.Balance(t.Context(), v.ID, e.clock.Now())
	decEq(t, "6", bal)

	p, _ := e.svc.RecordService(t.Context(), volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: v.ID}, e.served(v, t0.Add(-7*time.Hour)))
	_, err = e.svc.AwardPoints(t.Context(), p.ID)
	kindIs(t, err, wushe.KindConflict)
	_, err = e.svc.AwardPoints(t.Context(), uuid.New())
	kindIs(t, err, wushe.KindNotFound)
}

func TestAwardPointsOpportunityRate(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	o := e.opportunity(1, func(o *volunteer.Opportunity) {
		o.Shifts[0].Window = wushe.NewWindow(t0.AddDate(0, 0, -1), 3*time.Hour)
		o.PointsPerHour = dec("1.5")
	})
	in := volunteer.ServiceRecord{VolunteerID: v.ID, OpportunityID: o.ID, Activity: o.Title, Content: "宣传", Theme: o.Theme,
		Window: o.Shifts[0].Window, Minutes: 100, Organizer: e.org}
	r, err := e.recordVerified(t.Context(), in)
	require.NoError(t, err)
	a, err := e.svc.AwardPoints(t.Context(), r.ID)
	require.NoError(t, err)
	decEq(t, "2.5", a.Transaction.Delta(volunteer.VolunteerAccount(v.ID)), "100 min × 1.5/h")
}

func TestRedeemAndCatalog(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	_, err := e.svc.Adjust(t.Context(), e.admin, v.ID, dec("10"), "opening", "open")
	require.NoError(t, err)
	_, err = e.svc.AddCatalogItem(t.Context(), volunteer.CatalogItem{Name: "超市购物卡", Cost: dec("1"), Stock: 1, CashEquivalent: true, Active: true})
	hasField(t, err, "CashEquivalent")
	item, err := e.svc.AddCatalogItem(t.Context(), volunteer.CatalogItem{Name: "义剪一次", Cost: dec("3"), Stock: 2, Active: true})
	require.NoError(t, err)
	tx, err := e.svc.Redeem(t.Context(), v.ID, item.ID, 2, "order-1")
	require.NoError(t, err)
	decEq(t, "-6", tx.Delta(volunteer.VolunteerAccount(v.ID)))
	again, err := e.svc.Redeem(t.Context(), v.ID, item.ID, 2, "order-1")
	require.NoError(t, err)
	assert.Equal(t, tx.ID, again.ID, "a retried order posts once")
	_, err = e.svc.Redeem(t.Context(), v.ID, item.ID, 1, "order-1")
	kindIs(t, err, wushe.KindConflict)
	_, err = e.svc.Redeem(t.Context(), v.ID, item.ID, 1, "order-2")
	kindIs(t, err, wushe.KindInsufficient)
	hasField(t, err, "Stock")
	big, _ := e.svc.AddCatalogItem(t.Context(), volunteer.CatalogItem{Name: "家电维修", Cost: dec("5"), Stock: 9, Active: true})
	_, err = e.svc.Redeem(t.Context(), v.ID, big.ID, 1, "order-3")
	kindIs(t, err, wushe.KindInsufficient)
	bal, _ := e.svc.Balance(t.Context(), v.ID, e.clock.Now())
	decEq(t, "4", bal, "refused redemptions take nothing")
	_, err = e.svc.Redeem(t.Context(), v.ID, big.ID, 0, "order-4")
	hasField(t, err, "Quantity")
	_, err = e.svc.Redeem(t.Context(), v.ID, big.ID, 1, " ")
	hasField(t, err, "Key")
	_, err = e.svc.Redeem(t.Context(), v.ID, uuid.New(), 1, "order-5")
	kindIs(t, err, wushe.KindNotFound)
	_, err = e.svc.Redeem(t.Context(), uuid.New(), big.ID, 1, "order-6")
	kindIs(t, err, wushe.KindNotFound)
	off, _ := e.svc.AddCatalogItem(t.Context(), volunteer.CatalogItem{Name: "下架", Cost: dec("1"), Stock: 9})
	_, err = e.svc.Redeem(t.Context(), v.ID, off.ID, 1, "order-7")
	kindIs(t, err, wushe.KindForbidden)
	_, err = e.svc.SetStatus(t.Context(), v.ID, volunteer.StatusSuspended)
	require.NoError(t, err)
	_, err = e.svc.Redeem(t.Context(), v.ID, big.ID, 1, "order-8")
	kindIs(t, err, wushe.KindForbidden)
	st, err := e.svc.Statement(t.Context(), v.ID)
	require.NoError(t, err)
	assert.Len(t, st, 2)
}

func TestTransfer(t *testing.T) {
	national := newEnv(t, nil)
	a, b := national.adult(), national.adult()
	_, err := national.svc.Transfer(t.Context(), a.ID, b.ID, dec("1"), volunteer.RelationSpouse, "t1")
	kindIs(t, err, wushe.KindForbidden)

	e := newEnv(t, func(o *volunteer.Options) {
		o.Profile = "beijing"
		o.Ledger = &volunteer.LedgerRules{DefaultPerHour: dec("1"), StorageCap: dec("8")}
	})
	a, b = e.adult(), e.adult()
	_, err = e.svc.Adjust(t.Context(), e.admin, a.ID, dec("10"), "opening", "open-a")
	require.NoError(t, err)
	_, err = e.svc.Adjust(t.Context(), e.admin, b.ID, dec("5"), "opening", "open-b")
	require.NoError(t, err)
	tx, err := e.svc.Transfer(t.Context(), a.ID, b.ID, dec("3"), volunteer.RelationParent, "gift-1")
	require.NoError(t, err)
	assert.Equal(t, volunteer.KindTransfer, tx.Kind)
	_, err = e.svc.Transfer(t.Context(), a.ID, b.ID, dec("1"), volunteer.RelationParent, "gift-2")
	kindIs(t, err, wushe.KindConflict)
	hasField(t, err, "Ceilings")
	_, err = e.svc.Transfer(t.Context(), a.ID, b.ID, dec("0"), "friend", "gift-3")
	hasField(t, err, "Amount")
	hasField(t, err, "Relation")
	_, err = e.svc.Transfer(t.Context(), a.ID, a.ID, dec("1"), volunteer.RelationSpouse, "gift-4")
	hasField(t, err, "To")
	_, err = e.svc.Transfer(t.Context(), a.ID, uuid.New(), dec("1"), volunteer.RelationSpouse, "gift-5")
	kindIs(t, err, wushe.KindNotFound)
	_, err = e.svc.Transfer(t.Context(), a.ID, b.ID, dec("1"), volunteer.RelationSpouse, "")
	hasField(t, err, "Key")
	ba, _ := e.svc.Balance(t.Context(), a.ID, e.clock.Now())
	bb, _ := e.svc.Balance(t.Context(), b.ID, e.clock.Now())
	decEq(t, "7", ba)
	decEq(t, "8", bb)
}

func TestAdjust(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	_, err := e.svc.Adjust(t.Context(), e.org, v.ID, dec("1"), "m", "k")
	kindIs(t, err, wushe.KindForbidden)
	_, err = e.svc.Adjust(t.Context(), e.admin, v.ID, dec("0"), "m", "k")
	kindIs(t, err, wushe.KindInvalid)
	_, err = e.svc.Adjust(t.Context(), e.admin, v.ID, dec("1"), "m", "")
	kindIs(t, err, wushe.KindInvalid)
	_, err = e.svc.Adjust(t.Context(), e.admin, v.ID, dec("-1"), "m", "k")
	kindIs(t, err, wushe.KindInsufficient)
	_, err = e.svc.Adjust(t.Context(), e.admin, uuid.New(), dec("1"), "m", "k")
	kindIs(t, err, wushe.KindNotFound)
}

func TestExpirePoints(t *testing.T) {
	none := newEnv(t, nil)
	v := none.adult()
	got, err := none.svc.ExpirePoints(t.Context(), v.ID)
	require.NoError(t, err)
	assert.Nil(t, got, "no expiry by default")

	e := newEnv(t, func(o *volunteer.Options) {
		o.Ledger = &volunteer.LedgerRules{DefaultPerHour: dec("1"), Expiry: volunteer.ExpiryPolicy{AfterDays: 30}}
	})
	v = e.adult()
	_, err = e.svc.Adjust(t.Context(), e.admin, v.ID, dec("10"), "old", "a1")
	require.NoError(t, err)
	e.clock.Advance(20 * 24 * time.Hour)
	_, err = e.svc.Adjust(t.Context(), e.admin, v.ID, dec("5"), "new", "a2")
	require.NoError(t, err)
	_, err = e.svc.Adjust(t.Context(), e.admin, v.ID, dec("-4"), "spend", "a3")
	require.NoError(t, err)
	got, err = e.svc.ExpirePoints(t.Context(), v.ID)
	require.NoError(t, err)
	assert.Nil(t, got, "nothing is 30 days old yet")
	e.clock.Advance(11 * 24 * time.Hour)
	got, err = e.svc.ExpirePoints(t.Context(), v.ID)
	require.NoError(t, err)
	require.NotNil(t, got)
	decEq(t, "-6", got.Delta(volunteer.VolunteerAccount(v.ID)))
	again, err := e.svc.ExpirePoints(t.Context(), v.ID)
	require.NoError(t, err)
	assert.Nil(t, again, "expired once")
	bal, _ := e.svc.Balance(t.Context(), v.ID, e.clock.Now())
	decEq(t, "5", bal)
	before, _ := e.svc.Balance(t.Context(), v.ID, t0.AddDate(0, 0, 21))
	decEq(t, "11", before, "as of a past date")
}

// TestLedgerProperties runs random operation sequences through the Service and checks
// the ledger's invariants after every step: a balance is the sum of its entries, never
// negative, every transaction balances, retried keys post once, and as-of balances agree
// with a replay.
func TestLedgerProperties(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 99))
			e := newEnv(t, func(o *volunteer.Options) {
				o.Profile = "shanghai"
				o.Ledger = &volunteer.LedgerRules{DefaultPerHour: dec("1"), StorageCap: dec("40"), NoShowPenalty: dec("1"),
					Expiry: volunteer.ExpiryPolicy{AfterDays: 20}}
			})
			vs := []volunteer.Volunteer{e.adult(), e.adult(), e.adult()}
			item, err := e.svc.AddCatalogItem(t.Context(), volunteer.CatalogItem{Name: "服务券", Cost: dec("2.5"), Stock: 15, Active: true})
			require.NoError(t, err)
			keys := map[string]uuid.UUID{}
			var checkpoints []time.Time
			var snap []map[uuid.UUID]decimal.Decimal
			for step := range 120 {
				e.clock.Advance(time.Duration(1+rng.IntN(48)) * time.Hour)
				v := vs[rng.IntN(len(vs))]
				key := fmt.Sprintf("k%d", rng.IntN(step+1))
				var tx volunteer.Transaction
				var err error
				switch rng.IntN(5) {
				case 0:
					amt := decimal.New(int64(1+rng.IntN(80)), -1)
					tx, err = e.svc.Adjust(t.Context(), e.admin, v.ID, amt, "grant", key)
				case 1:
					tx, err = e.svc.Redeem(t.Context(), v.ID, item.ID, 1+rng.IntN(2), key)
				case 2:
					to := vs[rng.IntN(len(vs))]
					tx, err = e.svc.Transfer(t.Context(), v.ID, to.ID, decimal.New(int64(1+rng.IntN(50)), -1), volunteer.RelationChild, key)
				case 3:
					_, err = e.svc.ExpirePoints(t.Context(), v.ID)
				case 4:
					tx, err = e.svc.Adjust(t.Context(), e.admin, v.ID, decimal.New(-int64(1+rng.IntN(30)), -1), "fix", key)
				}
				if err == nil && tx.ID != uuid.Nil {
					if prev, ok := keys[tx.Key]; ok {
						require.Equal(t, prev, tx.ID, "a repeated key returns the first posting")
					}
					keys[tx.Key] = tx.ID
				} else if err != nil {
					k := wushe.KindOf(err)
					require.Contains(t, []wushe.Kind{wushe.KindInsufficient, wushe.KindConflict, wushe.KindInvalid}, k, "%v", err)
				}
				all, err := listAllTx(e)
				require.NoError(t, err)
				seen := map[string]bool{}
				for _, x := range all {
					require.NoError(t, x.Validate(), "every stored transaction balances")
					require.False(t, seen[x.Key], "one posting per key")
					seen[x.Key] = true
				}
				now := e.clock.Now()
				cur := map[uuid.UUID]decimal.Decimal{}
				for _, v := range vs {
					b, err := e.svc.Balance(t.Context(), v.ID, now)
					require.NoError(t, err)
					require.True(t, b.Equal(volunteer.Balance(all, volunteer.VolunteerAccount(v.ID), now)), "balance = sum of entries")
					require.False(t, b.IsNegative(), "never negative")
					cur[v.ID] = b
				}
				sys := decimal.Zero
				for _, a := range []volunteer.Account{volunteer.AccountIssuance, volunteer.AccountRedemptions, volunteer.AccountExpired,
					volunteer.AccountPenalties, volunteer.AccountAdjustments} {
					sys = sys.Add(volunteer.Balance(all, a, now))
				}
				for _, b := range cur {
					sys = sys.Add(b)
				}
				require.True(t, sys.IsZero(), "all accounts sum to zero")
				checkpoints = append(checkpoints, now)
				snap = append(snap, cur)
			}
			// As-of consistency: reading the past gives what was read then.
			for i, at := range checkpoints {
				for _, v := range vs {
					b, err := e.svc.Balance(t.Context(), v.ID, at)
					require.NoError(t, err)
					require.True(t, b.Equal(snap[i][v.ID]), "as of %v", at)
				}
			}
		})
	}
}

func listAllTx(e *env) ([]volunteer.Transaction, error) {
	var out []volunteer.Transaction
	req := wushe.PageRequest{Limit: wushe.MaxPageLimit}
	for {
		p, err := e.store.ListTransactions(e.t.Context(), volunteer.TransactionFilter{Page: req})
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.Next == uuid.Nil {
			return out, nil
		}
		req.After = p.Next
	}
}
