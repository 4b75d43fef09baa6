package match

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// lexObjective is (lexicographic units filled, cost + penalties) of a solution.
func lexObjective(p *Problem, s *Solution) (int64, int64) {
	got := make([]int64, len(p.Demands))
	for _, pr := range s.Pairs {
		got[pr.Demand] += pr.Units
	}
	var filled int64
	for i, d := range p.Demands {
		if d.Penalty == 0 {
			filled += got[i]
		}
	}
	return filled, s.Cost + s.PenaltyCost
}

func TestSessionMatchesFromScratch(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 34))
	ids := 0
	for it := range 300 {
		p := flowRandomProblem(rng, it%2 == 0)
		s, err := NewSession(p)
		require.NoError(t, err)
		for step := range 12 {
			cur := s.Problem()
			switch op := rng.IntN(4); op {
			case 0:
				ids++
				d := Demand{ID: fmt.Sprintf("n%d", ids), Units: int64(rng.IntN(4))}
				if rng.IntN(2) == 0 {
					d.Penalty = int64(1 + rng.IntN(40))
				}
				var arcs []Arc
				for j := range cur.Supplies {
					if cur.Supplies[j].Units > 0 && rng.IntN(2) == 0 {
						arcs = append(arcs, Arc{Supply: j, Cost: int64(rng.IntN(30) - 5), Cap: int64(rng.IntN(3))})
					}
				}
				_, err = s.AddDemand(d, arcs)
			case 1:
				ids++
				x := Supply{ID: fmt.Sprintf("m%d", ids), Units: int64(rng.IntN(4))}
				var arcs []Arc
				for i := range cur.Demands {
					if cur.Demands[i].Units > 0 && rng.IntN(2) == 0 {
						arcs = append(arcs, Arc{Demand: i, Cost: int64(rng.IntN(30) - 5), Cap: int64(rng.IntN(3))})
					}
				}
				_, err = s.AddSupply(x, arcs)
			case 2:
				if len(cur.Demands) == 0 {
					continue
				}
				i := rng.IntN(len(cur.Demands))
				err = s.RemoveDemand(i)
				if cur.Demands[i].Units == 0 && err != nil {
					err = nil // possibly removed already
				}
			case 3:
				if len(cur.Supplies) == 0 {
					continue
				}
				j := rng.IntN(len(cur.Supplies))
				err = s.RemoveSupply(j)
				if cur.Supplies[j].Units == 0 && err != nil {
					err = nil
				}
			}
			require.NoError(t, err, "instance %d step %d", it, step)
			now := s.Problem()
			sol := s.Solution()
			flowCheckSolution(t, now, sol, fmt.Sprintf("instance %d step %d", it, step))
			byDemand := map[int][]Pair{}
			for _, pr := range sol.Pairs {
				byDemand[pr.Demand] = append(byDemand[pr.Demand], pr)
			}
			for i := -1; i <= len(now.Demands); i++ {
				require.Equal(t, byDemand[i], s.DemandPairs(i), "instance %d step %d: the pairs of demand %d", it, step, i)
			}
			fresh, err := Solve(now, nil)
			require.NoError(t, err)
			f1, c1 := lexObjective(now, sol)
			f2, c2 := lexObjective(now, fresh)
			require.Equal(t, f2, f1, "instance %d step %d: filled", it, step)
			require.Equal(t, c2, c1, "instance %d step %d: cost", it, step)
		}
	}
}

func TestSessionErrors(t *testing.T) {
	p := &Problem{
		Demands:  []Demand{{ID: "a", Units: 1}},
		Supplies: []Supply{{ID: "x", Units: 1}},
		Arcs:     []Arc{{Demand: 0, Supply: 0, Cost: 1}},
	}
	s, err := NewSession(p)
	require.NoError(t, err)
	before := s.Solution()
	field := func(err error) string {
		fe := wushe.FieldErrors(err)
		if len(fe) == 0 {
			return ""
		}
		return fe[0].Field
	}
	_, err = s.AddDemand(Demand{ID: "a", Units: 1}, nil)
	assert.Equal(t, "ID", field(err))
	_, err = s.AddDemand(Demand{ID: "b", Units: -1}, nil)
	assert.Equal(t, "Units", field(err))
	_, err = s.AddDemand(Demand{ID: "b", Units: 1, Penalty: -1}, nil)
	assert.Equal(t, "Penalty", field(err))
	_, err = s.AddDemand(Demand{ID: "b", Units: 1}, []Arc{{Supply: 3}})
	assert.Equal(t, "Arcs[0].Supply", field(err))
	_, err = s.AddDemand(Demand{ID: "b", Units: 1}, []Arc{{Supply: 0}, {Supply: 0}})
	assert.Equal(t, "Arcs[1].Supply", field(err))
	_, err = s.AddDemand(Demand{ID: "b", Units: 1}, []Arc{{Supply: 0, Cap: -1}})
	assert.Equal(t, "Arcs[0].Cap", field(err))
	_, err = s.AddDemand(Demand{ID: "b", Units: math.MaxInt64}, nil)
	assert.True(t, errors.Is(err, wushe.ErrInvalid))
	_, err = s.AddDemand(Demand{ID: "b", Units: 1 << 40}, []Arc{{Supply: 0, Cost: math.MaxInt64 / 4}})
	assert.True(t, errors.Is(err, wushe.ErrInvalid), "%v", err)
	_, err = s.AddSupply(Supply{ID: "x", Units: 1}, nil)
	assert.Equal(t, "ID", field(err))
	_, err = s.AddSupply(Supply{ID: "y", Units: -1}, nil)
	assert.Equal(t, "Units", field(err))
	_, err = s.AddSupply(Supply{ID: "y", Units: 1}, []Arc{{Demand: 4}})
	assert.Equal(t, "Arcs[0].Demand", field(err))
	_, err = s.AddSupply(Supply{ID: "y", Units: 1}, []Arc{{Demand: 0}, {Demand: 0}})
	assert.Equal(t, "Arcs[1].Demand", field(err))
	_, err = s.AddSupply(Supply{ID: "y", Units: 1}, []Arc{{Demand: 0, Cap: -2}})
	assert.Equal(t, "Arcs[0].Cap", field(err))
	_, err = s.AddSupply(Supply{ID: "y", Units: 1 << 40}, []Arc{{Demand: 0, Cost: math.MaxInt64 / 4}})
	assert.True(t, errors.Is(err, wushe.ErrInvalid), "%v", err)
	assert.Equal(t, before, s.Solution(), "rejected changes leave the session unchanged")
	assert.Len(t, s.Problem().Demands, 1)
	assert.Len(t, s.Problem().Supplies, 1)

	assert.True(t, errors.Is(s.RemoveDemand(5), wushe.ErrNotFound))
	assert.True(t, errors.Is(s.RemoveSupply(-1), wushe.ErrNotFound))
	require.NoError(t, s.RemoveSupply(0))
	assert.True(t, errors.Is(s.RemoveSupply(0), wushe.ErrNotFound))
	require.NoError(t, s.RemoveDemand(0))
	assert.True(t, errors.Is(s.RemoveDemand(0), wushe.ErrNotFound))
	_, err = s.AddDemand(Demand{ID: "a", Units: 1}, []Arc{{Supply: 0}})
	assert.Equal(t, "Arcs[0].Supply", field(err), "a removed supply takes no arcs")
	i, err := s.AddDemand(Demand{ID: "a", Units: 2}, nil)
	require.NoError(t, err, "a removed demand's ID is free again")
	assert.Equal(t, 1, i)

	_, err = NewSession(&Problem{Demands: []Demand{{ID: "a", Units: -1}}})
	assert.True(t, errors.Is(err, wushe.ErrInvalid))
}

func ExampleSession() {
	// Two social workers with spare caseload; cases arrive and one worker leaves.
	s, _ := NewSession(&Problem{
		Supplies: []Supply{{ID: "worker-li", Units: 1}, {ID: "worker-wang", Units: 2}},
	})
	c1, _ := s.AddDemand(Demand{ID: "case-1", Units: 1}, []Arc{{Supply: 0, Cost: 1}, {Supply: 1, Cost: 4}})
	s.AddDemand(Demand{ID: "case-2", Units: 1}, []Arc{{Supply: 0, Cost: 2}, {Supply: 1, Cost: 3}})
	show := func() {
		sol := s.Solution()
		p := s.Problem()
		for _, pr := range sol.Pairs {
			fmt.Printf("%s→%s ", p.Demands[pr.Demand].ID, p.Supplies[pr.Supply].ID)
		}
		fmt.Printf("filled %d cost %d\n", sol.Filled, sol.Cost)
	}
	show()
	s.RemoveSupply(0)
	show()
	s.RemoveDemand(c1)
	show()
	// Output:
	// case-1→worker-li case-2→worker-wang filled 2 cost 4
	// case-1→worker-wang case-2→worker-wang filled 2 cost 7
	// case-2→worker-wang filled 1 cost 3
}
