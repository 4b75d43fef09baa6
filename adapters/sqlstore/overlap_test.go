package sqlstore

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
)

// insertRecordRows writes rs as rows of volunteer_records with only the columns cols, as an
// older schema had them, past the Store's checks; blank(i, col) leaves column col of row i
// NULL.
func insertRecordRows(t *testing.T, s *Store, cols []string, rs []volunteer.ServiceRecord, blank func(i int, col string) bool) {
	t.Helper()
	require.NoError(t, s.write(t.Context(), "test", "ServiceRecord", func(tx *sql.Tx) error {
		for i, r := range rs {
			r.Version = 1
			doc, vals, err := recordTable.row(s, "test", &r)
			if err != nil {
				return err
			}
			args := []any{r.ID.String(), r.Version, doc}
			for _, name := range cols {
				if blank(i, name) {
					args = append(args, nil)
					continue
				}
				args = append(args, vals[slices.IndexFunc(recordTable.cols, func(c column[volunteer.ServiceRecord]) bool { return c.name == name })])
			}
			q := "INSERT INTO volunteer_records (id, version, doc, " + strings.Join(cols, ", ") + ") VALUES (" +
				strings.TrimSuffix(strings.Repeat("?, ", len(cols)+3), ", ") + ")"
			if _, err := tx.ExecContext(t.Context(), s.dialect.rebind(q), args...); err != nil {
				return err
			}
		}
		return nil
	}))
}

// Records stored before record_ends may overlap: the step fills ends_at from each
// document, and from then on the overlap rule holds over them. Of two overlapping pending
// records, verified at once by their organizer, exactly one is verified; a pending record
// under a verified one cannot be verified; a correction of minutes still goes through.
func TestVolunteerRecordEndsMigration(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := openBefore(t, b, "record_ends")
		ctx := t.Context()
		org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
		vid := uuid.New()
		rec := func(status volunteer.RecordStatus, start time.Time) volunteer.ServiceRecord {
			r := volunteer.ServiceRecord{ID: uuid.New(), VolunteerID: vid, Activity: "防诈骗宣传", Content: "发放传单",
				Theme: volunteer.ThemeAntiFraud, Window: wushe.NewWindow(start, 2*time.Hour+500*time.Millisecond), Minutes: 120,
				Organizer: org, RecordedBy: org, RecordedAt: start.Add(3 * time.Hour), Status: status, SelfReported: true,
				CreatedAt: start, UpdatedAt: start}
			if status == volunteer.RecordVerified {
				r.VerifiedBy, r.VerifiedAt = org, start.Add(4*time.Hour)
			}
			return r
		}
		day2 := volunteerBase.AddDate(0, 0, 1)
		rows := []volunteer.ServiceRecord{
			rec(volunteer.RecordPending, volunteerBase), rec(volunteer.RecordPending, volunteerBase.Add(time.Hour)),
			rec(volunteer.RecordVerified, day2), rec(volunteer.RecordPending, day2.Add(30*time.Minute)),
		}
		// The columns volunteer_records had before record_ends.
		cols := []string{"volunteer_id", "organizer_kind", "organizer_id", "status", "starts_at", "enrolment_id"}
		insertRecordRows(t, s, cols, rows, func(int, string) bool { return false })
		migrateAll(t, s)
		for _, r := range rows {
			var raw any
			require.NoError(t, s.db.QueryRowContext(ctx, s.dialect.rebind("SELECT ends_at FROM volunteer_records WHERE id = ?"), r.ID.String()).Scan(&raw))
			end, ok := raw.(time.Time)
			if !ok { // SQLite keeps fixed-width UTC text
				var text string
				switch x := raw.(type) {
				case string:
					text = x
				case []byte:
					text = string(x)
				}
				var err error
				end, err = time.Parse(sqliteTime, text)
				require.NoError(t, err)
			}
			assert.WithinDuration(t, r.Window.End, end, time.Second, "ends_at from the document, to the second at least")
		}

		svc, err := volunteer.NewService(s, &volunteer.Options{Clock: wushe.NewManualClock(day2.AddDate(0, 0, 1))})
		require.NoError(t, err)
		errs := storetest.Parallel(2, func(i int) error {
			_, err := svc.VerifyRecord(ctx, org, rows[i].ID, true)
			return err
		})
		won := 0
		for i, err := range errs {
			if err == nil {
				won++
				continue
			}
			assert.Equal(t, wushe.KindConflict, wushe.KindOf(err), "%v", err)
			ov, ok := errors.AsType[*volunteer.RecordOverlap](err)
			require.True(t, ok, "%v", err)
			assert.Equal(t, rows[1-i].ID, ov.Other, "the loser names the winner")
		}
		assert.Equal(t, 1, won, "exactly one of two overlapping reports is verified")

		_, err = svc.VerifyRecord(ctx, org, rows[3].ID, true)
		require.Equal(t, wushe.KindConflict, wushe.KindOf(err), "%v", err)
		ov, ok := errors.AsType[*volunteer.RecordOverlap](err)
		require.True(t, ok, "%v", err)
		assert.Equal(t, rows[2].ID, ov.Other)
		assert.Contains(t, err.Error(), "volunteer.Service.VerifyRecord")
		got, err := svc.GetRecord(ctx, rows[3].ID)
		require.NoError(t, err)
		assert.Equal(t, volunteer.RecordPending, got.Status, "the refused verification changed nothing")
		assert.Equal(t, int64(1), got.Version)
		_, err = svc.CorrectRecord(ctx, org, rows[2].ID, 60, "half the time was travel")
		require.NoError(t, err, "a correction of minutes is not checked")
		_, err = svc.VerifyRecord(ctx, org, rows[3].ID, false)
		require.NoError(t, err, "the organizer rejects the report under the verified record")
		st, err := svc.Stars(ctx, vid, day2.AddDate(0, 0, 1))
		require.NoError(t, err)
		assert.Equal(t, 120+60, st.Minutes, "each stretch of time counts once")
	})
}
