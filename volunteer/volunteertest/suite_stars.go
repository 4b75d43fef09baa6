package volunteertest

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// testStarRecords is the property a volunteer.StarReader promises: for seeded records of
// two volunteers (verified, pending and rejected; corrections dated before, at and after
// the verification and out of order; times to the nanosecond), some of them then verified,
// corrected or rejected through UpdateRecord, Ladder.Stars of StarRecords as of every
// verification and correction instant, a nanosecond either side, before the first and
// after the last equals Ladder.Stars of every record the Store lists for the volunteer.
func testStarRecords(t *testing.T, s volunteer.Store, _ Features) {
	r, ok := s.(volunteer.StarReader)
	if !ok {
		t.Skip("the Store does not implement volunteer.StarReader; Service.Stars lists every record")
	}
	ctx := t.Context()
	ladder := volunteer.Ladder{Name: "suite", Thresholds: []int{2, 5, 9, 14}}
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	rng := rand.New(rand.NewPCG(7, 11))
	at := func() time.Time { return base.Add(time.Duration(rng.Int64N(int64(40 * 24 * time.Hour)))) }
	revise := func(rec *volunteer.ServiceRecord, when time.Time) {
		to := 1 + rng.IntN(180)
		rec.Revisions = append(rec.Revisions, volunteer.Revision{At: when, By: org, FromMinutes: rec.Minutes, ToMinutes: to, Reason: "corrected"})
		rec.Minutes = to
	}
	vols := []uuid.UUID{uuid.New(), uuid.New()}
	var ids []uuid.UUID
	for i := range 60 {
		// One after another over 40 days: a volunteer's records never overlap.
		rec := record(vols[i%2], org, base.Add(time.Duration(i)*16*time.Hour), 1+rng.IntN(180))
		rec.VerifiedAt = rec.Window.Start.Add(time.Duration(rng.Int64N(int64(48 * time.Hour))))
		switch rng.IntN(5) {
		case 0:
			rec.Status, rec.VerifiedAt, rec.VerifiedBy = volunteer.RecordPending, time.Time{}, volunteer.Actor{}
		case 1:
			rec.Status = volunteer.RecordRejected
		}
		for range rng.IntN(4) {
			revise(&rec, rec.VerifiedAt.Add(time.Duration(rng.Int64N(int64(20*24*time.Hour))-int64(2*24*time.Hour))))
		}
		if i%7 == 0 {
			// Corrections out of order, and one at the verification instant.
			slices.Reverse(rec.Revisions)
			revise(&rec, rec.VerifiedAt)
		}
		require.NoError(t, s.CreateRecord(ctx, rec))
		ids = append(ids, rec.ID)
	}
	for _, id := range ids[:30] {
		_, err := s.UpdateRecord(ctx, id, func(rec *volunteer.ServiceRecord) error {
			switch rng.IntN(3) {
			case 0:
				rec.Status, rec.VerifiedAt, rec.VerifiedBy = volunteer.RecordVerified, at(), org
			case 1:
				revise(rec, at())
			default:
				rec.Status = volunteer.RecordRejected
			}
			return nil
		})
		require.NoError(t, err)
	}
	for _, vid := range vols {
		all, err := wushe.Collect(func(p wushe.PageRequest) (wushe.Page[volunteer.ServiceRecord], error) {
			return s.ListRecords(ctx, volunteer.RecordFilter{VolunteerID: vid, Page: p})
		})
		require.NoError(t, err)
		instants := []time.Time{base.Add(-time.Hour), base.AddDate(1, 0, 0)}
		for _, rec := range all {
			instants = append(instants, rec.VerifiedAt)
			for _, rv := range rec.Revisions {
				instants = append(instants, rv.At)
			}
		}
		levels := 0
		for _, moment := range instants {
			for _, asOf := range []time.Time{moment.Add(-time.Nanosecond), moment, moment.Add(time.Nanosecond)} {
				got, err := r.StarRecords(ctx, vid, asOf)
				require.NoError(t, err)
				for _, rec := range got {
					require.Equal(t, vid, rec.VolunteerID, "StarRecords returns only the volunteer's records")
					require.Equal(t, volunteer.RecordVerified, rec.Status, "StarRecords returns only verified records")
					require.False(t, rec.VerifiedAt.After(asOf), "StarRecords returns only records verified by %v", asOf)
				}
				want := ladder.Stars(all, asOf)
				require.Equal(t, want, ladder.Stars(got, asOf), "as of %v", asOf)
				levels = max(levels, want.Level)
			}
		}
		require.Positive(t, levels, "the seeded history reaches a level")
	}
}
