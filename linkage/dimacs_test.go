package linkage_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/linkgen"
	"github.com/wushe/wushe/internal/match"
	"github.com/wushe/wushe/linkage"
)

// solveDIMACS reads what WriteDIMACS wrote, solves it with the engine's network simplex
// and returns the graph, the optimum and D, the number of demand nodes.
func solveDIMACS(t *testing.T, write func(*bytes.Buffer) error) (*match.Graph, *match.Flow, int) {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, write(&b))
	require.Contains(t, b.String(), "c wushe big ")
	var d, s int
	for _, l := range strings.Split(b.String(), "\n") {
		if f := strings.Fields(l); len(f) == 5 && f[0] == "c" && f[1] == "wushe" && f[2] == "problem" {
			var err1, err2 error
			d, err1 = strconv.Atoi(f[3])
			s, err2 = strconv.Atoi(f[4])
			require.NoError(t, errors.Join(err1, err2))
		}
	}
	g, err := match.ReadDIMACS(strings.NewReader(b.String()))
	require.NoError(t, err)
	require.Len(t, g.Supply, d+s+1, "demands, supplies and the sink")
	f, err := match.MinCostFlow(g, match.NetworkSimplex)
	require.NoError(t, err)
	return g, f, d
}

// unfilled is the flow on the demands' "unfilled" arcs, the last d arcs of the network.
func unfilled(g *match.Graph, f *match.Flow, d int) int64 {
	var u int64
	for k := len(g.Arcs) - d; k < len(g.Arcs); k++ {
		u += f.Flow[k]
	}
	return u
}

// Property: the network a case round writes has the round's optimum: as many cases placed,
// and the cost of the round's own answer on that network equals the optimum's.
func TestCaseAssignResultWriteDIMACS(t *testing.T) {
	a := newAssigner(t, nil)
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 11))
		in := randomInput(rng, 1+rng.IntN(15), 1+rng.IntN(8))
		res := assign(t, a, in)
		g, f, d := solveDIMACS(t, func(b *bytes.Buffer) error { return res.WriteDIMACS(b) })
		require.Equal(t, len(in.Cases), d, "seed %d", seed)
		assert.Equal(t, int64(len(res.Assignments)), int64(d)-unfilled(g, f, d), "seed %d: cases placed", seed)

		// The round's answer on the written network: nodes are cases then workers, by ID.
		cases := make([]uuid.UUID, 0, len(in.Cases))
		for _, c := range in.Cases {
			cases = append(cases, c.ID)
		}
		workers := make([]uuid.UUID, 0, len(in.Workers))
		for _, w := range in.Workers {
			workers = append(workers, w.ID)
		}
		slices.SortFunc(cases, wushe.CompareIDs)
		slices.SortFunc(workers, wushe.CompareIDs)
		require.Len(t, g.Supply, len(cases)+len(workers)+1, "seed %d", seed)
		var cost int64
		placed := map[int]bool{}
		for _, as := range res.Assignments {
			from, to := slices.Index(cases, as.Case), len(cases)+slices.Index(workers, as.Worker)
			k := slices.IndexFunc(g.Arcs, func(e match.FlowArc) bool { return e.From == from && e.To == to })
			require.GreaterOrEqual(t, k, 0, "seed %d: the assignment's arc is in the network", seed)
			cost += g.Arcs[k].Cost
			placed[from] = true
		}
		for i := range cases {
			if !placed[i] {
				cost += g.Arcs[len(g.Arcs)-d+i].Cost
			}
		}
		assert.Equal(t, f.Cost, cost, "seed %d: the round's answer is an optimum of the network it wrote", seed)
	}

	var zero linkage.CaseAssignResult
	err := zero.WriteDIMACS(&bytes.Buffer{})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Contains(t, err.Error(), "linkage.CaseAssignResult.WriteDIMACS")
}

// A round that took cases one at a time writes the network it holds now, every case in it.
func TestCaseRoundResultWriteDIMACS(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 11))
	in := randomInput(rng, 10, 4)
	start := in
	start.Cases = in.Cases[:4]
	round, err := newAssigner(t, nil).Start(start)
	require.NoError(t, err)
	for _, c := range in.Cases[4:] {
		_, err := round.Place(c)
		require.NoError(t, err)
	}
	res, err := round.Result()
	require.NoError(t, err)
	g, f, d := solveDIMACS(t, func(b *bytes.Buffer) error { return res.WriteDIMACS(b) })
	assert.Equal(t, len(in.Cases), d)
	assert.Equal(t, int64(len(res.Assignments)), int64(d)-unfilled(g, f, d))
}

// Property: the network a dispatch writes has as many tasks placed at its optimum as the
// dispatch proposed.
func TestDispatchResultWriteDIMACS(t *testing.T) {
	d, err := linkage.NewDispatcher(nil)
	require.NoError(t, err)
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 13))
		in := linkgen.StreetSpec{Seed: seed, Communities: 1 + rng.IntN(3), Needs: 20 + rng.IntN(40), Volunteers: rng.IntN(40),
			Teams: rng.IntN(3), Organizations: rng.IntN(6), Units: rng.IntN(4), Lots: rng.IntN(20), SideMeters: 1500}.Input()
		res, err := d.Dispatch(in)
		require.NoError(t, err)
		g, f, nd := solveDIMACS(t, func(b *bytes.Buffer) error { return res.WriteDIMACS(b) })
		assert.Equal(t, len(res.Proposals)+len(res.Unplaced), nd, "seed %d: one demand a task", seed)
		assert.Equal(t, int64(len(res.Proposals)), int64(nd)-unfilled(g, f, nd), "seed %d: tasks placed", seed)
	}
	var zero linkage.DispatchResult
	require.ErrorIs(t, zero.WriteDIMACS(&bytes.Buffer{}), wushe.ErrInvalid)
}
