package evaluation

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestObservationValidate(t *testing.T) {
	require.NoError(t, obs(CodeCaseServices, "3", t0).Validate())
	err := Observation{Indicator: "BAD", Scope: Scope{Kind: "city"}}.Validate()
	for _, f := range []string{"Indicator", "Period.Start", "Period.End", "Scope.Kind", "Scope.ID", "Source", "RecordedAt"} {
		requireField(t, err, f)
	}
}

func TestNewObservationSetRejectsInvalid(t *testing.T) {
	bad := obs(CodeCaseServices, "3", t0)
	bad.Source = ""
	_, err := NewObservationSet(obs(CodeCaseServices, "1", t0), bad)
	requireField(t, err, "Observations[1].Source")
	var werr *wushe.Error
	require.ErrorAs(t, err, &werr)
	require.Equal(t, "evaluation.NewObservationSet", werr.Op)

	s := set(t, obs(CodeCaseServices, "1", t0))
	s2, err := s.With(bad)
	require.Error(t, err)
	require.Equal(t, 1, s2.Len(), "a rejected With leaves the set unchanged")
	s3, err := s.With(obs(CodeGroupSessions, "2", t0))
	require.NoError(t, err)
	require.Equal(t, 2, s3.Len())
	require.Equal(t, 1, s.Len(), "With does not modify the receiver")
}

func TestResolvedLatestWinsThenSource(t *testing.T) {
	a := obs(CodeCaseServices, "10", t0.Add(time.Hour))
	b := obs(CodeCaseServices, "12", t0.Add(2*time.Hour)) // recorded later: wins
	c := obs(CodeCaseServices, "11", t0.Add(2*time.Hour))
	c.Source = "aaa" // same time, smaller source: loses to b ("test")
	other := obs(CodeGroupSessions, "4", t0)
	s := set(t, c, other, a, b)
	res := s.Resolved()
	require.Len(t, res, 2)
	require.Equal(t, CodeCaseServices, res[0].Indicator)
	requireDec(t, "12", res[0].Value)
	requireDec(t, "4", res[1].Value)

	conf := s.Conflicts()
	require.Len(t, conf, 1)
	require.Len(t, conf[0], 3)
	// Same-value duplicates are not conflicts.
	require.Empty(t, set(t, obs(CodeCaseServices, "1", t0), obs(CodeCaseServices, "1", t0.Add(time.Hour))).Conflicts())

	// As of before b and c were recorded, a is the answer.
	asOf := s.AsOf(t0.Add(90 * time.Minute)).Resolved()
	require.Len(t, asOf, 2)
	requireDec(t, "10", asOf[0].Value)
	// AsOf is inclusive of its instant.
	require.Equal(t, 2, s.AsOf(t0.Add(time.Hour)).Len())
}

// Property: the resolved view does not depend on the order observations were given in.
func TestResolvedOrderIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	codes := []string{CodeCaseServices, CodeGroupSessions, CodePeopleServed}
	sources := []string{"a", "b", "c"}
	for round := 0; round < 200; round++ {
		var all []Observation
		for i := 0; i < 12; i++ {
			o := obs(codes[rng.IntN(3)], "1", t0.Add(time.Duration(rng.IntN(4))*time.Hour))
			o.Value = o.Value.Add(dec("1").Mul(decimalInt(rng.IntN(5))))
			o.Source = sources[rng.IntN(3)]
			if rng.IntN(2) == 0 {
				o.Period = year25
			}
			all = append(all, o)
		}
		want := set(t, all...).Resolved()
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		got := set(t, all...).Resolved()
		require.Equal(t, len(want), len(got))
		for i := range want {
			require.Equal(t, want[i].Indicator, got[i].Indicator)
			require.True(t, want[i].Value.Equal(got[i].Value))
			require.Equal(t, want[i].Source, got[i].Source)
			require.True(t, want[i].RecordedAt.Equal(got[i].RecordedAt))
		}
		// No key appears twice and each resolved value recorded no earlier than any duplicate.
		for i := 1; i < len(got); i++ {
			require.NotEqual(t, keyOf(got[i-1]), keyOf(got[i]))
		}
		for _, r := range got {
			for _, o := range all {
				if keyOf(o) == keyOf(r) {
					require.False(t, o.RecordedAt.After(r.RecordedAt))
				}
			}
		}
	}
}

func TestFilterAndAll(t *testing.T) {
	a := obs(CodeCaseServices, "1", t0)
	b := obs(CodeGroupSessions, "2", t0)
	b.Scope = Scope{Kind: ScopeProject, ID: "p1"}
	c := obs(CodeCaseServices, "3", t0)
	c.Period = year25
	s := set(t, a, b, c)
	require.Equal(t, 2, s.Filter(ObservationFilter{Indicators: []string{CodeCaseServices}}).Len())
	require.Equal(t, 1, s.Filter(ObservationFilter{Scope: Scope{Kind: ScopeProject}}).Len())
	require.Equal(t, 0, s.Filter(ObservationFilter{Scope: Scope{Kind: ScopeProject, ID: "p2"}}).Len())
	require.Equal(t, 2, s.Filter(ObservationFilter{Within: year26}).Len())
	require.Equal(t, 1, s.Filter(ObservationFilter{Within: year25}).Len())
	require.Equal(t, 0, s.Filter(ObservationFilter{RecordedBy: t0.Add(-time.Second)}).Len())
	all := s.All()
	require.Len(t, all, 3)
	all[0].Indicator = "changed"
	require.NotEqual(t, "changed", s.All()[0].Indicator, "All returns a copy")
	require.Equal(t, "organization:org-1", org.String())
	var zero ObservationSet
	require.Equal(t, 0, zero.Len())
}

func TestLatest(t *testing.T) {
	old := obs(CodeCaseServices, "5", t0)
	old.Period = year25
	cur := obs(CodeCaseServices, "9", t0)
	half := obs(CodeCaseServices, "4", t0)
	half.Period = wushe.Window{Start: t0.AddDate(0, 6, 0), End: year26.End}
	s := set(t, old, cur, half)
	got, ok, err := s.Latest(CodeCaseServices)
	require.NoError(t, err)
	require.True(t, ok)
	requireDec(t, "9", got.Value, "same end: the longer period wins")
	_, ok, err = s.Latest(CodeGroupSessions)
	require.NoError(t, err)
	require.False(t, ok)

	other := obs(CodeCaseServices, "1", t0)
	other.Scope = Scope{Kind: ScopeProject, ID: "p"}
	_, _, err = set(t, cur, other).Latest(CodeCaseServices)
	requireField(t, err, "Scope")
}

func decimalInt(i int) decimalT { return decimalFromInt(i) }

// Property: the fast validity check agrees with Validate.
func TestObservationValidAgreesWithValidate(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for i := 0; i < 2000; i++ {
		o := obs(CodeCaseServices, "1", t0)
		switch rng.IntN(9) {
		case 0:
			o.Indicator = []string{"", "X", "a b"}[rng.IntN(3)]
		case 1:
			o.Period.Start = time.Time{}
		case 2:
			o.Period.End = o.Period.Start.Add(-time.Duration(rng.IntN(2)) * time.Hour)
		case 3:
			o.Scope.Kind = "city"
		case 4:
			o.Scope.ID = " "
		case 5:
			o.Source = ""
		case 6:
			o.RecordedAt = time.Time{}
		case 7:
			o.Period.End = time.Time{}
		}
		require.Equal(t, o.Validate() == nil, o.valid(), "%+v", o)
	}
}

func TestObservationSetJSON(t *testing.T) {
	b, err := json.Marshal(ObservationSet{})
	require.NoError(t, err)
	require.Equal(t, "[]", string(b))
	s := set(t, obs(CodeGroupSessions, "2", t0), obs(CodeCaseServices, "1", t0))
	b, err = json.Marshal(s)
	require.NoError(t, err)
	var back ObservationSet
	require.NoError(t, json.Unmarshal(b, &back))
	b2, _ := json.Marshal(back)
	require.Equal(t, string(b), string(b2))
	require.Equal(t, CodeCaseServices, back.All()[0].Indicator)

	require.Error(t, json.Unmarshal([]byte(`{"x":1}`), &back))
	err = json.Unmarshal([]byte(`[{"indicator":"a"}]`), &back)
	requireField(t, err, "Observations[0].Source")
	require.Equal(t, 2, back.Len(), "a rejected decode leaves the set as it was")
}

// FuzzObservationSetJSON: decoding never panics and what decodes re-encodes stably.
func FuzzObservationSetJSON(f *testing.F) {
	b, _ := json.Marshal(set(f, obs(CodeCaseServices, "1", t0), obs(CodeCaseServices, "2", t0)))
	f.Add(b)
	f.Add([]byte(`[{"indicator":"a","value":"1e5"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s ObservationSet
		if json.Unmarshal(data, &s) != nil {
			return
		}
		b1, err := json.Marshal(s)
		require.NoError(t, err)
		var again ObservationSet
		require.NoError(t, json.Unmarshal(b1, &again))
		b2, err := json.Marshal(again)
		require.NoError(t, err)
		require.Equal(t, string(b1), string(b2))
		require.Equal(t, len(s.Resolved()), len(again.Resolved()))
	})
}
