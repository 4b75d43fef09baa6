package evaluation

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEnumsValid(t *testing.T) {
	for _, v := range []Direction{HigherIsBetter, LowerIsBetter, OnTarget} {
		require.True(t, v.Valid())
	}
	require.False(t, Direction("up").Valid())
	for _, v := range []Stage{StageInput, StageActivity, StageOutput, StageOutcome, StageImpact} {
		require.True(t, v.Valid())
	}
	require.False(t, Stage("").Valid())
	require.Len(t, Quadrants(), 4)
	for _, q := range Quadrants() {
		require.True(t, q.Valid())
	}
	require.False(t, Quadrant("how_big").Valid())
	require.True(t, Population.Valid())
	require.True(t, Performance.Valid())
	require.False(t, Level("x").Valid())
	for _, c := range []Counting{UniquePersons, PersonTimes, Households, Sessions, Amount, Ratio, Score} {
		require.True(t, c.Valid())
	}
	require.False(t, Counting("people").Valid())
	for _, k := range []ScopeKind{ScopeCommunity, ScopeProject, ScopeGrid, ScopeOrganization} {
		require.True(t, k.Valid())
	}
	require.False(t, ScopeKind("city").Valid())
	for _, c := range []Confidence{Verified, Secondary, Unverified} {
		require.True(t, c.Valid())
	}
	require.False(t, Confidence("maybe").Valid())
	require.Equal(t, "✅", Verified.Symbol())
	require.Equal(t, "◐", Secondary.Symbol())
	require.Equal(t, "❓", Unverified.Symbol())
	require.Equal(t, "?", Confidence("x").Symbol())
	for _, m := range []MethodKind{RatioToTarget, LikertMean, Checklist, Banded, Manual} {
		require.True(t, m.Valid())
	}
	require.False(t, MethodKind("sum").Valid())
	require.True(t, SocialGroupOrFoundation.Valid())
	require.True(t, PrivateNonEnterprise.Valid())
	require.False(t, SocialOrgKind("company").Valid())
}

func TestIndicatorValidate(t *testing.T) {
	good := Indicator{"x.y-1", "X", "persons", HigherIsBetter, StageOutput, HowMuch, Performance, UniquePersons}
	require.NoError(t, good.Validate())
	err := Indicator{Code: "Bad Code"}.Validate()
	for _, f := range []string{"Code", "Name", "Unit", "Direction", "Stage", "Quadrant", "Level", "Counting"} {
		requireField(t, err, f)
	}
	requireField(t, Indicator{Code: strings.Repeat("a", 65)}.Validate(), "Code")
	requireField(t, Indicator{}.Validate(), "Code")
}

func TestCatalogue(t *testing.T) {
	cat := Catalogue()
	require.GreaterOrEqual(t, len(cat), 15)
	seen := map[string]bool{}
	for i, in := range cat {
		require.NoError(t, in.Validate(), in.Code)
		require.False(t, seen[in.Code], "duplicate %s", in.Code)
		seen[in.Code] = true
		if i > 0 {
			require.Less(t, cat[i-1].Code, in.Code, "catalogue is ordered by code")
		}
	}
	// Unique persons and person-times are distinct indicators with distinct rules.
	people, ok := LookupIndicator(CodePeopleServed)
	require.True(t, ok)
	times, ok := LookupIndicator(CodePersonTimes)
	require.True(t, ok)
	require.Equal(t, UniquePersons, people.Counting)
	require.Equal(t, PersonTimes, times.Counting)
	rt, _ := LookupIndicator(CodeMedianResponseDays)
	require.Equal(t, LowerIsBetter, rt.Direction)
	_, ok = LookupIndicator("nope")
	require.False(t, ok)
	// A fresh slice each call.
	cat[0].Code = "changed"
	require.NotEqual(t, "changed", Catalogue()[0].Code)
}
