package gen

import (
	"fmt"

	"github.com/wushe/wushe"
)

// Peer names a solver wushe is compared against.
type Peer string

// The peers (see bench/peers).
const (
	// ScipyLAP is scipy.optimize.linear_sum_assignment on a dense matrix.
	ScipyLAP Peer = "scipy_lap"
	// ScipySparse is scipy.sparse.csgraph.min_weight_full_bipartite_matching; it only
	// applies to one-unit problems with a full matching of the demands.
	ScipySparse Peer = "scipy_sparse"
	// LEMON is LEMON 1.3.1's NetworkSimplex on the DIMACS file.
	LEMON Peer = "lemon"
	// NetworkX is networkx.network_simplex on the DIMACS file. It is slow, so it runs on
	// every smoke instance but, in the full set, only on the plentiful b-matching market
	// (about 40 s there; the balanced and scarce markets take minutes).
	NetworkX Peer = "networkx"
)

// Target is a row of the performance targets: what wushe's solve time must satisfy.
type Target struct {
	// Peer is the solver the ratio is taken against (the first peer run on the instance).
	Peer Peer
	// MaxRatio, when positive, bounds wushe's solve time ÷ the peer's.
	MaxRatio float64
	// MaxMillis, when positive, bounds wushe's solve time in milliseconds.
	MaxMillis float64
	// Group, when set, names instances whose ratios are also summarised together; the
	// geometric mean of a group's ratios must not exceed GroupGeoMean.
	Group        string
	GroupGeoMean float64
}

// String renders the target as the comparison table shows it, e.g. "<= 0.85x scipy_lap".
func (t Target) String() string {
	s := ""
	if t.MaxRatio > 0 {
		s = fmt.Sprintf("<= %gx %s", t.MaxRatio, t.Peer)
	}
	if t.MaxMillis > 0 {
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("<= %g ms", t.MaxMillis)
	}
	if t.Group != "" {
		s += fmt.Sprintf(" (%s geomean <= %gx)", t.Group, t.GroupGeoMean)
	}
	return s
}

// Instance is one named benchmark instance: exactly one of Dense and Sparse is set.
type Instance struct {
	// Name is unique in its set and safe as a file name.
	Name string
	// Dense or Sparse is the spec.
	Dense  *Dense
	Sparse *Sparse
	// Peers lists the peers to run, the target's peer first.
	Peers []Peer
	// Target is the performance target the instance measures.
	Target Target
}

// The instance sets.
const (
	// SmokeSet has a tiny instance of every shape; it runs in seconds.
	SmokeSet = "smoke"
	// FullSet has the sizes of the performance targets; generating it writes about 1 GB.
	FullSet = "full"
	// ClusteredSet has city-like b-matching markets for the engine against LEMON: shifts
	// and volunteers in clusters (neighbourhoods), 20 to 30 nearest candidates per shift,
	// supply from plentiful to scarce, at two sizes.
	ClusteredSet = "clustered"
)

// clusteredSizes are the ClusteredSet's markets: shifts × volunteers, 4 places a shift,
// with about one cluster per 150 shifts.
var clusteredSizes = [][2]int{{5000, 10000}, {10000, 20000}}

// clusteredSet returns the ClusteredSet.
func clusteredSet(seed uint64) ([]Instance, error) {
	var out []Instance
	s := seed
	for _, z := range clusteredSizes {
		for _, m := range []Market{Plentiful, Balanced, Scarce} {
			s++
			b, err := BMatching(m, z[0], z[1], 4, 20, s)
			if err != nil {
				return nil, err
			}
			b.KSpread, b.Clusters = 10, z[0]/150
			out = append(out, Instance{Name: fmt.Sprintf("clustered-%s-%dx%d", m, z[0], z[1]), Sparse: &b, Peers: []Peer{LEMON},
				Target: Target{Peer: LEMON, MaxRatio: 1.5, Group: "clustered b-matching", GroupGeoMean: 1.0}})
		}
	}
	return out, nil
}

// sizes are the dimensions of one set.
type sizes struct {
	dense             []int
	rectRows, rectCol int
	sparseD, sparseS  int
	sparseK           int
	balN, balK        int
	defN, defK        int
	bmD, bmS, bmK     int
	nxMaxArcs         int // networkx runs on sparse instances with at most this many arcs
}

// Instances returns the instance set covering every performance target row, each instance
// seeded from seed. It fails with a KindInvalid error for an unknown set name.
func Instances(set string, seed uint64) ([]Instance, error) {
	var z sizes
	switch set {
	case SmokeSet:
		z = sizes{dense: []int{60, 100}, rectRows: 20, rectCol: 200, sparseD: 100, sparseS: 1000, sparseK: 10,
			balN: 100, balK: 10, defN: 1000, defK: 5, bmD: 100, bmS: 200, bmK: 12, nxMaxArcs: 1 << 30}
	case ClusteredSet:
		return clusteredSet(seed)
	case FullSet:
		z = sizes{dense: []int{2000, 5000}, rectRows: 1000, rectCol: 10000, sparseD: 10000, sparseS: 100000, sparseK: 50,
			balN: 10000, balK: 50, defN: 100000, defK: 10, bmD: 10000, bmS: 20000, bmK: 20, nxMaxArcs: 250000}
	default:
		return nil, wushe.WithOp("gen.Instances", wushe.Invalid("Set", "Name", "%q is not %q, %q or %q", set, SmokeSet, FullSet, ClusteredSet))
	}
	var out []Instance
	s := seed
	next := func() uint64 { s++; return s }
	for _, n := range z.dense {
		out = append(out,
			Instance{Name: fmt.Sprintf("dense-geo-%d", n), Dense: &Dense{Rows: n, Cols: n, Costs: Geographic, Seed: next()},
				Peers: []Peer{ScipyLAP}, Target: Target{Peer: ScipyLAP, MaxRatio: 0.85}},
			Instance{Name: fmt.Sprintf("dense-uniform-%d", n), Dense: &Dense{Rows: n, Cols: n, Costs: Uniform, Seed: next()},
				Peers: []Peer{ScipyLAP}, Target: Target{Peer: ScipyLAP, MaxRatio: 0.45}})
	}
	out = append(out, Instance{Name: fmt.Sprintf("rect-geo-%dx%d", z.rectRows, z.rectCol),
		Dense: &Dense{Rows: z.rectRows, Cols: z.rectCol, Costs: Geographic, Seed: next()},
		Peers: []Peer{ScipyLAP}, Target: Target{Peer: ScipyLAP, MaxRatio: 0.8}})
	nx := func(sp *Sparse, peers ...Peer) []Peer {
		if sp.Demands*min(sp.K, sp.Supplies) <= z.nxMaxArcs && (set == SmokeSet || sp.SupplyUnits*int64(sp.Supplies) >= 2*sp.DemandUnits*int64(sp.Demands)) {
			peers = append(peers, NetworkX)
		}
		return peers
	}
	sp := &Sparse{Demands: z.sparseD, Supplies: z.sparseS, K: z.sparseK, Seed: next()}
	out = append(out, Instance{Name: fmt.Sprintf("sparse-%dx%dx%d", z.sparseD, z.sparseS, z.sparseK), Sparse: sp,
		Peers: nx(sp, LEMON, ScipySparse), Target: Target{Peer: LEMON, MaxMillis: 10}})
	sp = &Sparse{Demands: z.balN, Supplies: z.balN, K: z.balK, Seed: next()}
	out = append(out, Instance{Name: fmt.Sprintf("balanced-%dx%dx%d", z.balN, z.balN, z.balK), Sparse: sp,
		Peers: nx(sp, LEMON, ScipySparse), Target: Target{Peer: LEMON, MaxRatio: 0.85}})
	// The K nearest, kept when the person holds the task's skill (one of 8; everyone holds
	// 4): about K/2 arcs per task, so the deficit row has about 10 arcs per task. Local
	// shortages leave some tasks unfillable, so no full matching exists and the
	// lexicographic objective (most filled, then cheapest) decides.
	sp = &Sparse{Demands: z.defN, Supplies: z.defN, K: 2 * z.defK, Skills: 8, SupplySkills: 4, Seed: next()}
	out = append(out, Instance{Name: fmt.Sprintf("deficit-%dx%dx%d", z.defN, z.defN, z.defK), Sparse: sp,
		Peers: nx(sp, LEMON), Target: Target{Peer: LEMON, MaxRatio: 1.0}})
	for _, m := range []Market{Plentiful, Balanced, Scarce} {
		b, err := BMatching(m, z.bmD, z.bmS, 4, z.bmK, next())
		if err != nil {
			return nil, err
		}
		out = append(out, Instance{Name: fmt.Sprintf("bmatch-%s-%dx%d", m, z.bmD, z.bmS), Sparse: &b,
			Peers:  nx(&b, LEMON),
			Target: Target{Peer: LEMON, MaxRatio: 1.5, Group: "b-matching", GroupGeoMean: 1.0}})
	}
	return out, nil
}
