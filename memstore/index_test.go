package memstore

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/volunteer"
)

// seededID is a random ID drawn from r, so that a failing seed replays.
func seededID(r *rand.Rand) uuid.UUID {
	var id uuid.UUID
	for i := range id {
		id[i] = byte(r.UintN(256))
	}
	return id
}

// TestIDSetModel adds, removes and walks random IDs against a sorted slice, over enough
// IDs that blocks split and empty.
func TestIDSetModel(t *testing.T) {
	for seed := range uint64(4) {
		r := rand.New(rand.NewPCG(seed, 0x1d5e7))
		var s idset
		var model []uuid.UUID
		pool := make([]uuid.UUID, 3*idBlock)
		for i := range pool {
			pool[i] = seededID(r)
		}
		for step := range 5000 {
			id := pool[r.IntN(len(pool))]
			i, found := slices.BinarySearchFunc(model, id, wushe.CompareIDs)
			switch r.IntN(5) {
			case 0, 1, 2:
				s.add(id)
				if !found {
					model = slices.Insert(model, i, id)
				}
			case 3:
				s.remove(id)
				if found {
					model = slices.Delete(model, i, i+1)
				}
			case 4:
				after := uuid.Nil
				if r.IntN(3) > 0 {
					after = pool[r.IntN(len(pool))]
				}
				var got []uuid.UUID
				s.ascend(after, func(id uuid.UUID) bool { got = append(got, id); return len(got) < 100 })
				start, found := slices.BinarySearchFunc(model, after, wushe.CompareIDs)
				if found {
					start++
				}
				want := model[start:min(start+100, len(model))]
				require.Equal(t, len(want), len(got), "seed %d step %d", seed, step)
				if len(want) > 0 {
					require.Equal(t, want, got, "seed %d step %d", seed, step)
				}
			}
			require.Equal(t, len(model), s.n, "seed %d step %d", seed, step)
		}
		for _, b := range s.blocks {
			require.NotEmpty(t, b)
			require.LessOrEqual(t, len(b), idBlock)
		}
	}
}

// walk lists every page of list and returns the items, in order.
func walk[T any](t *testing.T, list func(wushe.PageRequest) (wushe.Page[T], error), limit int) []T {
	t.Helper()
	out := []T{}
	req := wushe.PageRequest{Limit: limit}
	for {
		page, err := list(req)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), limit)
		out = append(out, page.Items...)
		if page.Next == uuid.Nil {
			return out
		}
		req.After = page.Next
	}
}

// scan is what a full scan lists: every stored row that match accepts, by ID.
func scan[T any](tb *table[T], match func(*T) bool) []T {
	var ids []uuid.UUID
	for id, v := range tb.rows {
		if match(&v) {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, wushe.CompareIDs)
	out := []T{}
	for _, id := range ids {
		out = append(out, tb.rows[id])
	}
	return out
}

// TestIndexedListsMatchScan fills a Store with random volunteers, records, enrolments and
// transactions (updating some so that indexed keys move), then checks that every list a
// filter serves from an index walks exactly what a full scan with the filter's Match
// lists, and that LedgerBalance as of any date is the sum a scan of the transactions gives.
func TestIndexedListsMatchScan(t *testing.T) {
	ctx := t.Context()
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for seed := range uint64(4) {
		r := rand.New(rand.NewPCG(seed, 0x5ca1e))
		s := New()
		communities := []uuid.UUID{seededID(r), seededID(r), seededID(r)}
		var vols []uuid.UUID
		for i := range 300 {
			v := volunteer.Volunteer{ID: seededID(r), Number: fmt.Sprintf("N%03d", r.IntN(400)),
				CommunityID: communities[r.IntN(len(communities))], Status: volunteer.StatusActive}
			if err := s.CreateVolunteer(ctx, v); err != nil {
				require.ErrorIs(t, err, wushe.ErrAlreadyExists, "a number drawn twice")
				continue
			}
			vols = append(vols, v.ID)
			if i%7 == 0 {
				_, err := s.UpdateVolunteer(ctx, v.ID, func(v *volunteer.Volunteer) error {
					v.CommunityID = communities[r.IntN(len(communities))]
					v.Number = fmt.Sprintf("M%03d", i)
					return nil
				})
				require.NoError(t, err)
			}
		}
		pick := func() uuid.UUID { return vols[r.IntN(len(vols))] }
		for range 400 {
			rec := volunteer.ServiceRecord{ID: seededID(r), VolunteerID: pick(), Status: volunteer.RecordVerified,
				Window: wushe.NewWindow(base.Add(time.Duration(r.IntN(1000))*time.Hour), time.Hour)}
			// A draw over another record of the volunteer is refused (a volunteer's
			// time counts once), and so is a move onto a volunteer busy then.
			if err := s.CreateRecord(ctx, rec); err != nil {
				require.ErrorIs(t, err, wushe.ErrConflict, "an overlapping draw")
			} else if r.IntN(5) == 0 {
				_, err := s.UpdateRecord(ctx, rec.ID, func(x *volunteer.ServiceRecord) error { x.VolunteerID = pick(); return nil })
				if err != nil {
					require.ErrorIs(t, err, wushe.ErrConflict, "a move onto a busy volunteer")
				}
			}
			e := volunteer.Enrolment{ID: seededID(r), VolunteerID: pick(),
				Shift: volunteer.ShiftRef{OpportunityID: communities[r.IntN(3)], ShiftID: communities[r.IntN(3)], Occurrence: r.IntN(50)}}
			if _, err := s.EnrolInShift(ctx, e, 2); err != nil {
				require.ErrorIs(t, err, wushe.ErrAlreadyExists)
			}
		}
		var txs []volunteer.Transaction
		for i := range 600 {
			a, b := volunteer.VolunteerAccount(pick()), volunteer.VolunteerAccount(pick())
			amt := decimal.New(int64(1+r.IntN(500)), -2)
			tx := volunteer.Transaction{ID: seededID(r), Key: fmt.Sprintf("k%d", i), Kind: volunteer.KindEarn,
				PostedAt: base.Add(time.Duration(r.IntN(2000)) * time.Hour), // back-dated as often as not
				Entries:  []volunteer.Entry{{Account: volunteer.AccountIssuance, Amount: amt.Neg()}, {Account: a, Amount: amt}}}
			if r.IntN(4) == 0 {
				tx.Kind = volunteer.KindAdjust
				tx.Entries = append(tx.Entries, volunteer.Entry{Account: b, Amount: amt}, volunteer.Entry{Account: volunteer.AccountAdjustments, Amount: amt.Neg()})
			}
			out, err := s.PostTransaction(ctx, tx)
			require.NoError(t, err)
			txs = append(txs, out)
		}

		for range 30 {
			vf := volunteer.VolunteerFilter{CommunityID: communities[r.IntN(3)]}
			switch r.IntN(3) {
			case 0:
				vf.Number = fmt.Sprintf("N%03d", r.IntN(400))
			case 1:
				vf.CommunityID = uuid.Nil
			}
			require.Equal(t, scan(s.volunteers, vf.Match), walk(t, func(p wushe.PageRequest) (wushe.Page[volunteer.Volunteer], error) {
				vf.Page = p
				return s.ListVolunteers(ctx, vf)
			}, 1+r.IntN(40)), "seed %d volunteers %+v", seed, vf)

			rf := volunteer.RecordFilter{VolunteerID: pick(), From: base.Add(time.Duration(r.IntN(500)) * time.Hour)}
			require.Equal(t, scan(s.records, rf.Match), walk(t, func(p wushe.PageRequest) (wushe.Page[volunteer.ServiceRecord], error) {
				rf.Page = p
				return s.ListRecords(ctx, rf)
			}, 1+r.IntN(5)), "seed %d records", seed)

			ef := volunteer.EnrolmentFilter{VolunteerID: pick()}
			require.Equal(t, scan(s.enrolments, ef.Match), walk(t, func(p wushe.PageRequest) (wushe.Page[volunteer.Enrolment], error) {
				ef.Page = p
				return s.ListEnrolments(ctx, ef)
			}, 1+r.IntN(5)), "seed %d enrolments", seed)

			tf := volunteer.TransactionFilter{Account: volunteer.VolunteerAccount(pick())}
			switch r.IntN(4) {
			case 0:
				tf.Account = volunteer.AccountIssuance
			case 1:
				tf.Key = fmt.Sprintf("k%d", r.IntN(700))
			case 2:
				tf.Kind = volunteer.KindAdjust
			}
			require.Equal(t, scan(s.transactions, tf.Match), walk(t, func(p wushe.PageRequest) (wushe.Page[volunteer.Transaction], error) {
				tf.Page = p
				return s.ListTransactions(ctx, tf)
			}, 1+r.IntN(60)), "seed %d transactions %+v", seed, tf)

			acct := volunteer.VolunteerAccount(pick())
			if r.IntN(4) == 0 {
				acct = volunteer.AccountIssuance
			}
			asOf := base.Add(time.Duration(r.IntN(2100)) * time.Hour)
			if r.IntN(3) == 0 {
				asOf = txs[r.IntN(len(txs))].PostedAt // exactly at a posting: it counts
			}
			want := decimal.Zero
			for _, tx := range txs {
				if !tx.PostedAt.After(asOf) {
					want = want.Add(tx.Delta(acct))
				}
			}
			got, err := s.LedgerBalance(ctx, acct, asOf)
			require.NoError(t, err)
			require.True(t, want.Equal(got), "seed %d balance of %s as of %v: %v, want %v", seed, acct, asOf, got, want)
		}
	}
}

// TestCommunityListsMatchScan checks the community-indexed linkage lists against a full
// scan with the filter's Match, with needs moving between communities.
func TestCommunityListsMatchScan(t *testing.T) {
	ctx := t.Context()
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for seed := range uint64(4) {
		r := rand.New(rand.NewPCG(seed, 0xc0))
		s := New()
		communities := []uuid.UUID{seededID(r), seededID(r), seededID(r), seededID(r)}
		for i := range 400 {
			n := linkage.Need{ID: seededID(r), Community: communities[r.IntN(4)], Status: linkage.NeedOpen,
				RaisedAt: base.Add(time.Duration(r.IntN(900)) * time.Hour)}
			require.NoError(t, s.CreateNeed(ctx, n))
			if i%5 == 0 {
				_, err := s.UpdateNeed(ctx, n.ID, func(n *linkage.Need) error { n.Community = communities[r.IntN(4)]; return nil })
				require.NoError(t, err)
			}
			a := linkage.Activity{ID: seededID(r), Community: communities[r.IntN(4)],
				Window: wushe.NewWindow(base.Add(time.Duration(r.IntN(900))*time.Hour), time.Hour)}
			require.NoError(t, s.CreateActivity(ctx, a))
		}
		for range 20 {
			nf := linkage.NeedFilter{Community: communities[r.IntN(4)], RaisedFrom: base.Add(time.Duration(r.IntN(400)) * time.Hour)}
			if r.IntN(4) == 0 {
				nf.Community = uuid.Nil
			}
			require.Equal(t, scan(s.needs, nf.Match), walk(t, func(p wushe.PageRequest) (wushe.Page[linkage.Need], error) {
				nf.Page = p
				return s.ListNeeds(ctx, nf)
			}, 1+r.IntN(30)), "seed %d needs", seed)
			af := linkage.ActivityFilter{Community: communities[r.IntN(4)], To: base.Add(time.Duration(r.IntN(900)) * time.Hour)}
			require.Equal(t, scan(s.activities, af.Match), walk(t, func(p wushe.PageRequest) (wushe.Page[linkage.Activity], error) {
				af.Page = p
				return s.ListActivities(ctx, af)
			}, 1+r.IntN(30)), "seed %d activities", seed)
		}
	}
}
