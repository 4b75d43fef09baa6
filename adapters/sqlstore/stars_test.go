package sqlstore

import (
	"database/sql"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// starsRecord is a verified record of vid with minutes, verified at at, corrected by
// revisions.
func starsRecord(vid uuid.UUID, at time.Time, minutes int, revisions ...volunteer.Revision) volunteer.ServiceRecord {
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	return volunteer.ServiceRecord{ID: uuid.New(), VolunteerID: vid, Activity: "巡逻", Content: "夜间巡逻",
		Theme: volunteer.ThemeAntiFraud, Window: wushe.NewWindow(at.Add(-4*time.Hour), 3*time.Hour), Minutes: minutes,
		Organizer: org, RecordedBy: org, RecordedAt: at, Status: volunteer.RecordVerified, VerifiedBy: org, VerifiedAt: at,
		Revisions: revisions, CreatedAt: at, UpdatedAt: at}
}

// A database whose records were stored before the stars column: Open fills it from their
// documents, once, and StarRecords then gives what the documents give; later writes keep
// it.
func TestRecordStarsMigration(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := openBefore(t, b, "record_stars")
		ctx := t.Context()

		vid := uuid.New()
		at := volunteerBase.Add(123456789 * time.Nanosecond)
		org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
		corrected := starsRecord(vid, at, 90, volunteer.Revision{At: at.Add(time.Hour), By: org, FromMinutes: 120, ToMinutes: 90, Reason: "left early"})
		plain := starsRecord(vid, at.Add(24*time.Hour), 150)
		pending := starsRecord(vid, at, 60)
		pending.Status, pending.VerifiedAt = volunteer.RecordPending, time.Time{}
		// Earlier that day: verifying it later must not put it over corrected's time.
		pending.Window = wushe.NewWindow(at.Add(-8*time.Hour), 3*time.Hour)
		other := starsRecord(uuid.New(), at, 30)
		before := *recordTable
		before.cols = slices.DeleteFunc(slices.Clone(before.cols), func(c column[volunteer.ServiceRecord]) bool { return c.name == "stars" || c.name == "ends_at" })
		require.NoError(t, s.write(ctx, "test", "ServiceRecord", func(tx *sql.Tx) error {
			for _, r := range []volunteer.ServiceRecord{corrected, plain, pending, other} {
				r.Version = 1
				if err := before.insertAsIs(ctx, s, tx, "test", r); err != nil {
					return err
				}
			}
			return nil
		}))

		migrateAll(t, s)
		require.NoError(t, s.rebuildStars(ctx))
		require.NoError(t, s.rebuildStars(ctx), "a second Open finds nothing to do")

		stars := func(asOf time.Time) map[uuid.UUID]volunteer.ServiceRecord {
			rs, err := s.StarRecords(ctx, vid, asOf)
			require.NoError(t, err)
			out := map[uuid.UUID]volunteer.ServiceRecord{}
			for _, r := range rs {
				out[r.ID] = r
			}
			return out
		}
		got := stars(at.AddDate(1, 0, 0))
		require.Len(t, got, 2, "the volunteer's verified records, and only those")
		assert.Equal(t, volunteer.ServiceRecord{ID: corrected.ID, VolunteerID: vid, Status: volunteer.RecordVerified, VerifiedAt: at,
			Minutes: 90, Revisions: []volunteer.Revision{{At: at.Add(time.Hour), FromMinutes: 120, ToMinutes: 90}}}, got[corrected.ID])
		assert.Equal(t, volunteer.ServiceRecord{ID: plain.ID, VolunteerID: vid, Status: volunteer.RecordVerified, VerifiedAt: plain.VerifiedAt,
			Minutes: 150}, got[plain.ID])
		assert.Len(t, stars(at), 1)
		assert.Empty(t, stars(at.Add(-time.Nanosecond)))

		// A write after the migration keeps the column: verifying the pending record adds it.
		_, err := s.UpdateRecord(ctx, pending.ID, func(r *volunteer.ServiceRecord) error {
			r.Status, r.VerifiedAt, r.VerifiedBy = volunteer.RecordVerified, at.Add(48*time.Hour), org
			return nil
		})
		require.NoError(t, err)
		assert.Len(t, stars(at.AddDate(1, 0, 0)), 3)
	})
}

// starsText and parseStars round-trip every verified record's star minutes exactly: times
// to the nanosecond in any zone, any number of corrections.
func TestStarsTextRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	zone := time.FixedZone("UTC+8", 8*3600)
	for range 500 {
		at := time.Date(1+rng.IntN(9998), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60), rng.IntN(1e9), zone)
		var revs []volunteer.Revision
		for range rng.IntN(4) {
			revs = append(revs, volunteer.Revision{At: at.Add(time.Duration(rng.Int64N(1 << 50))), FromMinutes: rng.IntN(1000) - 10, ToMinutes: rng.IntN(1000)})
		}
		r := starsRecord(uuid.New(), at, rng.IntN(1000), revs...)
		text, ok := starsText(&r).(string)
		require.True(t, ok)
		got, err := parseStars(text)
		require.NoError(t, err, text)
		require.True(t, got.VerifiedAt.Equal(r.VerifiedAt), text)
		require.Equal(t, r.Minutes, got.Minutes)
		require.Len(t, got.Revisions, len(revs))
		for i, rv := range got.Revisions {
			require.True(t, rv.At.Equal(revs[i].At), text)
			require.Equal(t, [2]int{revs[i].FromMinutes, revs[i].ToMinutes}, [2]int{rv.FromMinutes, rv.ToMinutes})
		}
	}
	pending := starsRecord(uuid.New(), volunteerBase, 60)
	pending.Status = volunteer.RecordPending
	assert.Nil(t, starsText(&pending), "a record that is not verified has no star minutes")
}

// FuzzParseStars: parseStars never panics, and what it reads starsText writes back as it
// was read.
func FuzzParseStars(f *testing.F) {
	f.Add("2026-03-02T09:00:00.123456789Z 120")
	f.Add("2026-03-02T09:00:00Z 90 2026-03-02T10:00:00Z 120 90")
	f.Add("2026-03-02T09:00:00Z")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		r, err := parseStars(text)
		if err != nil {
			return
		}
		again, err := parseStars(starsText(&r).(string))
		require.NoError(t, err)
		require.True(t, again.VerifiedAt.Equal(r.VerifiedAt))
		require.Equal(t, r.Minutes, again.Minutes)
		require.Len(t, again.Revisions, len(r.Revisions))
		for i, rv := range again.Revisions {
			require.True(t, rv.At.Equal(r.Revisions[i].At))
			require.Equal(t, r.Revisions[i].FromMinutes, rv.FromMinutes)
			require.Equal(t, r.Revisions[i].ToMinutes, rv.ToMinutes)
		}
	})
}

// Star minutes that cannot be read fail StarRecords as unavailable, naming the record.
func TestStarRecordsUnreadable(t *testing.T) {
	s := sqliteMemory().open(t)
	ctx := t.Context()
	r := starsRecord(uuid.New(), volunteerBase, 60)
	require.NoError(t, s.CreateRecord(ctx, r))
	_, err := s.DB().ExecContext(ctx, "UPDATE volunteer_records SET stars = 'sixty' WHERE id = ?", r.ID.String())
	require.NoError(t, err)
	_, err = s.StarRecords(ctx, r.VolunteerID, volunteerBase)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	assert.ErrorContains(t, err, r.ID.String())
}
