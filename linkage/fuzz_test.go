package linkage_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// FuzzNeedJSON decodes needs from JSON, as a host's API would, and checks that Validate
// never panics, and that a need it accepts has consistent status and timestamps.
func FuzzNeedJSON(f *testing.F) {
	f.Add(`{"community":"00000000-0000-4000-8000-000000000001","target_group":"elderly","category":"meals","urgency":"urgent","source":"self","status":"open","raised_at":"2024-03-01T09:00:00Z"}`)
	f.Add(`{"status":"met","raised_at":"2024-03-01T09:00:00Z","planned_at":"2024-03-01T08:00:00Z","met_at":"2024-03-02T00:00:00Z"}`)
	f.Add(`{"status":"closed_unmet","closed_at":"2024-03-01T09:00:00Z","beneficiary":"R-1"}`)
	f.Add(`{"location":{"lat":1e400}}`)
	f.Fuzz(func(t *testing.T, s string) {
		var n linkage.Need
		if json.Unmarshal([]byte(s), &n) != nil {
			return
		}
		err := n.Validate()
		for _, fe := range wushe.FieldErrors(err) {
			require.NotEmpty(t, fe.Field)
			require.Equal(t, "Need", fe.Entity)
		}
		if err != nil {
			return
		}
		require.True(t, n.Status.Valid())
		require.Equal(t, n.Status == linkage.NeedClosedUnmet, !n.ClosedAt.IsZero())
		require.Equal(t, n.Status == linkage.NeedMet, !n.MetAt.IsZero())
		if rt, ok := n.ResponseTime(); ok {
			require.GreaterOrEqual(t, rt, time.Duration(0))
		}
	})
}

// FuzzCommunityAreas builds area trees from fuzz bytes and checks that a tree Validate
// accepts has unique IDs and names and every micro-grid under a grid of the community.
func FuzzCommunityAreas(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 1, 0, 2, 1, 1})
	f.Add([]byte{0, 0, 0, 0, 0, 0})
	f.Add([]byte{1, 1, 2, 1, 2, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		c := linkage.Community{Name: "c", Kind: linkage.CommunityUrban}
		ids := []uuid.UUID{{1}, {2}, {3}, {4}}
		for i := 0; i+2 < len(b) && len(c.Areas) < 16; i += 3 {
			a := linkage.Area{ID: ids[int(b[i])%len(ids)], Name: string(rune('A' + b[i+1]%8)), Level: linkage.LevelGrid}
			if b[i+2]%2 == 1 {
				a.Level, a.Parent = linkage.LevelMicroGrid, ids[int(b[i+2]/2)%len(ids)]
			}
			c.Areas = append(c.Areas, a)
		}
		if c.Validate() != nil {
			return
		}
		seenIDs, seenNames := map[uuid.UUID]bool{}, map[string]bool{}
		for _, a := range c.Areas {
			require.False(t, seenIDs[a.ID])
			require.False(t, seenNames[a.Name])
			seenIDs[a.ID], seenNames[a.Name] = true, true
			if a.Level == linkage.LevelMicroGrid {
				parent, ok := c.Area(a.Parent)
				require.True(t, ok)
				require.Equal(t, linkage.LevelGrid, parent.Level)
			} else {
				require.Equal(t, uuid.Nil, a.Parent)
			}
		}
	})
}

// FuzzCultivationCheck checks CultivationRules.Check against the registration rule
// stated independently: members and funds are reported exactly when they fall short.
func FuzzCultivationCheck(f *testing.F) {
	f.Add(50, 0, int64(30000))
	f.Add(30, 20, int64(29999))
	f.Add(0, 30, int64(100000))
	f.Add(-5, 3, int64(-1))
	f.Fuzz(func(t *testing.T, individuals, units int, funds int64) {
		if individuals < 0 || units < 0 {
			return // Organization.Validate refuses negative counts before any check
		}
		o := fileable(t)
		o.Members = linkage.Members{Individuals: individuals, Units: units}
		o.Funds = decimal.NewFromInt(funds)
		got := fields(linkage.DefaultCultivationRules().Check(o, linkage.StageRegistered))
		membersOK := individuals >= 50 || units >= 30 || (individuals > 0 && units > 0 && individuals+units >= 50)
		require.Equal(t, !membersOK, slices.Contains(got, "Members"), "%d/%d: %v", individuals, units, got)
		require.Equal(t, funds < 30000, slices.Contains(got, "Funds"), "%d: %v", funds, got)
	})
}
