package match

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestNewScore(t *testing.T) {
	s, err := NewScore(
		Factor{Name: "distance", Value: d("0.8"), Weight: d("40")},
		Factor{Name: "skill", Value: d("1"), Weight: d("35.5")},
	)
	require.NoError(t, err)
	assert.True(t, s.Total.Equal(d("67.5")), s.Total.String())
	assert.Equal(t, "distance", s.Factors[0].Name)
	assert.True(t, s.Factors[0].Points().Equal(d("32")))

	_, err = NewScore(Factor{Name: "a"}, Factor{Name: "a"}, Factor{})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	fe := wushe.FieldErrors(err)
	require.Len(t, fe, 2)
	assert.Equal(t, "Factors[1].Name", fe[0].Field)
	assert.Equal(t, "Factors[2].Name", fe[1].Field)
	assert.Equal(t, "match.NewScore", fe[0].Op)
}

func TestWeightsScore(t *testing.T) {
	w := Weights{"distance": d("40"), "skill": d("60")}
	s, err := w.Score(map[string]decimal.Decimal{"skill": d("0.5"), "distance": d("0.25")})
	require.NoError(t, err)
	require.Len(t, s.Factors, 2)
	assert.Equal(t, "distance", s.Factors[0].Name) // by name
	assert.True(t, s.Total.Equal(d("40")))
	_, err = w.Score(map[string]decimal.Decimal{"age": d("1")})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Equal(t, "Factors.age", wushe.FieldErrors(err)[0].Field)
}

func TestScaleCostExact(t *testing.T) {
	s := DefaultScale
	c, err := s.Cost(d("67.5"))
	require.NoError(t, err)
	assert.Equal(t, int64(325000), c)
	assert.True(t, s.Score(c).Equal(d("67.5")))
	c, err = s.Cost(d("-3.0001"))
	require.NoError(t, err)
	assert.Equal(t, int64(1030001), c)

	// Too many places: never rounded.
	_, err = s.Cost(d("1.00001"))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	var werr *wushe.Error
	require.ErrorAs(t, err, &werr)
	assert.Equal(t, "Total", werr.Field)
	assert.Equal(t, "match.Scale.Cost", werr.Op)
	// Above Max.
	_, err = s.Cost(d("100.0001"))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	// Overflow.
	_, err = s.Cost(d("-1e30"))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	// Bad scales.
	_, err = Scale{Places: 19}.Cost(d("0"))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	require.Error(t, Scale{Places: 2, Max: d("0.001")}.Validate())
	require.Error(t, Scale{Places: 18, Max: d("100")}.Validate())
	require.NoError(t, Scale{Places: 0, Max: d("5")}.Validate())

	assert.True(t, s.Points(-12345).Equal(d("-1.2345")))
}

func TestScaleRoundTripProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for it := 0; it < 5000; it++ {
		places := int32(r.IntN(7))
		s := Scale{Places: places, Max: decimal.NewFromInt(r.Int64N(1000))}
		score := decimal.New(r.Int64N(2_000_000)-1_000_000, -int32(r.IntN(int(places)+1)))
		c, err := s.Cost(score)
		if score.GreaterThan(s.Max) {
			require.Error(t, err)
			continue
		}
		require.NoError(t, err)
		require.GreaterOrEqual(t, c, int64(0))
		require.True(t, s.Score(c).Equal(score), "%s -> %d -> %s", score, c, s.Score(c))
		// Order: a higher score is never a higher cost.
		c2, err := s.Cost(score.Sub(s.Points(1)))
		require.NoError(t, err)
		require.Equal(t, c+1, c2)
	}
}

func FuzzScaleCost(f *testing.F) {
	f.Add("12.5", int32(4), "100")
	f.Add("-0.00001", int32(4), "1")
	f.Add("1e40", int32(2), "1e41")
	f.Fuzz(func(t *testing.T, score string, places int32, max string) {
		sc, err1 := decimal.NewFromString(score)
		mx, err2 := decimal.NewFromString(max)
		if err1 != nil || err2 != nil || places < -5 || places > 25 || sc.Exponent() < -40 || mx.Exponent() < -40 ||
			sc.Exponent() > 40 || mx.Exponent() > 40 {
			return
		}
		s := Scale{Places: places, Max: mx}
		c, err := s.Cost(sc)
		if err != nil {
			if wushe.KindOf(err) != wushe.KindInvalid {
				t.Fatalf("kind %v", wushe.KindOf(err))
			}
			return
		}
		if !s.Score(c).Equal(sc) {
			t.Fatalf("%s -> %d -> %s", sc, c, s.Score(c))
		}
	})
}

func scoredFixture(t *testing.T) *Scored {
	t.Helper()
	w := Weights{"distance": d("60"), "skill": d("40")}
	mk := func(dist, skill string) Score {
		s, err := w.Score(map[string]decimal.Decimal{"distance": d(dist), "skill": d(skill)})
		require.NoError(t, err)
		return s
	}
	sc, err := NewScored(
		[]Demand{{ID: "shift-a", Units: 1}, {ID: "shift-b", Units: 1}},
		[]Supply{{ID: "vol-1", Units: 1}, {ID: "vol-2", Units: 1}, {ID: "vol-3", Units: 1}},
		[]Candidate{
			{Demand: "shift-a", Supply: "vol-1", Score: mk("0.9", "1")},
			{Demand: "shift-a", Supply: "vol-2", Score: mk("0.5", "1")},
			{Demand: "shift-b", Supply: "vol-1", Score: mk("0.8", "0.5")},
			{Demand: "shift-b", Supply: "vol-2", Score: mk("0.7", "0.5")},
		},
		[]Exclusion{{Demand: "shift-b", Supply: "vol-3", Constraint: "skill", Detail: "no first-aid certificate"}},
		DefaultScale,
	)
	require.NoError(t, err)
	return sc
}

func TestNewScored(t *testing.T) {
	sc := scoredFixture(t)
	require.Len(t, sc.Problem.Arcs, 4)
	assert.Equal(t, Arc{Demand: 0, Supply: 0, Cost: (100 - 94) * 10000}, sc.Problem.Arcs[0])
	assert.Equal(t, Arc{Demand: 1, Supply: 1, Cost: (100 - 62) * 10000}, sc.Problem.Arcs[3])

	_, err := NewScored(
		[]Demand{{ID: "a"}, {ID: "a", Units: -1, Penalty: -1}, {}},
		[]Supply{{ID: "x"}, {ID: "x", Units: -1}, {}},
		[]Candidate{
			{Demand: "a", Supply: "x"}, {Demand: "a", Supply: "x"}, {Demand: "zz", Supply: "yy", Cap: -1},
			{Demand: "a", Supply: "x", Score: Score{Total: d("0.00001")}},
		},
		[]Exclusion{{Demand: "q", Supply: "r"}},
		DefaultScale)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	fields := map[string]bool{}
	for _, fe := range wushe.FieldErrors(err) {
		fields[fe.Field] = true
		assert.Equal(t, "match.NewScored", fe.Op)
	}
	for _, f := range []string{"Demands[1].ID", "Demands[1].Units", "Demands[1].Penalty", "Demands[2].ID",
		"Supplies[1].ID", "Supplies[1].Units", "Supplies[2].ID", "Candidates[1]", "Candidates[2].Demand",
		"Candidates[2].Supply", "Candidates[2].Cap", "Candidates[3].Score.Total", "Exclusions[0].Demand",
		"Exclusions[0].Supply", "Exclusions[0].Constraint"} {
		assert.True(t, fields[f], "missing %s in %v", f, fields)
	}
	_, err = NewScored(nil, nil, nil, nil, Scale{Places: -1})
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestScoreJSON(t *testing.T) {
	s, err := NewScore(Factor{Name: "skill", Value: d("1"), Weight: d("2.5")})
	require.NoError(t, err)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"factors":[{"name":"skill","value":"1","weight":"2.5"}],"total":"2.5"}`, string(b))
}

func FuzzNewScored(f *testing.F) {
	f.Add([]byte{2, 2, 0, 0, 1, 1, 0, 1, 3}, "12.5")
	f.Add([]byte{1, 1, 0, 0, 0, 0}, "-1.00001")
	f.Add([]byte{3, 0, 2, 9}, "100")
	f.Fuzz(func(t *testing.T, data []byte, total string) {
		if len(data) < 2 {
			return
		}
		score, err := decimal.NewFromString(total)
		if err != nil || score.Exponent() < -30 || score.Exponent() > 30 {
			return
		}
		id := func(b byte) string { return string(rune('a' + b%4)) }
		var ds []Demand
		var ss []Supply
		for i := 0; i < int(data[0]%4); i++ {
			ds = append(ds, Demand{ID: id(byte(i)), Units: int64(i) - 1})
		}
		for i := 0; i < int(data[1]%4); i++ {
			ss = append(ss, Supply{ID: id(byte(i)), Units: 1})
		}
		var cs []Candidate
		for k := 2; k+1 < len(data); k += 2 {
			cs = append(cs, Candidate{Demand: id(data[k]), Supply: id(data[k+1]), Score: Score{Total: score}, Cap: int64(data[k]%3) - 1})
		}
		sc, err := NewScored(ds, ss, cs, nil, DefaultScale)
		if err != nil {
			if wushe.KindOf(err) != wushe.KindInvalid || len(wushe.FieldErrors(err)) == 0 {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		if len(sc.Problem.Arcs) != len(cs) {
			t.Fatal("one arc per candidate")
		}
		for a, arc := range sc.Problem.Arcs {
			if sc.Problem.Demands[arc.Demand].ID != cs[a].Demand || sc.Problem.Supplies[arc.Supply].ID != cs[a].Supply {
				t.Fatalf("arc %d names the wrong nodes", a)
			}
			if !DefaultScale.Score(arc.Cost).Equal(score) || arc.Cost < 0 {
				t.Fatalf("arc %d cost %d does not give back %s", a, arc.Cost, score)
			}
		}
	})
}
