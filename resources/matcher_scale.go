package resources

import (
	"cmp"
	"container/heap"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
)

// DefaultListLimit is the most exclusions and rejections a MatchPlan lists unless
// MatchOptions.ListLimit says otherwise: a city-wide plan has millions of them, which are
// counted and explained on demand rather than listed.
const DefaultListLimit = 1000

// planner is a plan in the making, and what the plan keeps to explain any pair on demand.
type planner struct {
	o       MatchOptions
	at      time.Time
	weights map[string]decimal.Decimal
	plan    *MatchPlan
	pools   []*pool
	live    []Request
	// byCat lists the pools of each kind and category, in pool order.
	byCat map[[2]string][]int32
	cands []resCand // by request, then pool
	used  []bool
	// lost is the reduced cost of each unused candidate's arc, when lostOK.
	lost    []int64
	lostOK  []bool
	network *match.Problem
	// w are the weights of resFactors in units of 10^-4.
	w [4]int64
}

// resCand is an eligible pair: the request and pool indexes and the factor values in
// units of 10^-4 (distance, preference, expiry, urgency: Score's order).
type resCand struct {
	req, pool int32
	vals      [4]int32
}

// resFactors are the factors in the order of a candidate's values and of its Score.
var resFactors = [4]string{FactorDistance, FactorPreference, FactorExpiry, FactorUrgency}

// round4Units is decimal.NewFromFloat(x).Round(4) in units of 10^-4, for 0 <= x <= 1,
// without the decimals: the shortest decimal that reads back as x, truncated to 5
// places, plus 5, divided by 10.
func round4Units(x float64) int64 {
	if x <= 0 {
		return 0
	}
	var buf [32]byte
	b := strconv.AppendFloat(buf[:0], x, 'e', -1, 64)
	e := slices.Index(b, 'e')
	exp, _ := strconv.Atoi(string(b[e+1:]))
	var m int64
	n := 0
	for _, c := range b[:e] {
		if c >= '0' && c <= '9' {
			m = m*10 + int64(c-'0')
			n++
		}
	}
	// x = m × 10^(exp − n + 1); x × 10^5 truncated:
	k := exp - n + 1 + 5
	for ; k > 0; k-- {
		m *= 10
	}
	for ; k < 0 && m > 0; k++ {
		m /= 10
	}
	return (m + 5) / 10
}

// exclude returns the first hard constraint the pair fails, with its detail, or "".
func (pl *planner) exclude(l Lot, r Request) (string, string) {
	o := pl.o
	if ok, why := Eligible(l, r, pl.at); !ok {
		return "eligibility", why
	}
	if !l.Expires.IsZero() && !r.NeededBy.IsZero() && l.Expires.Before(r.NeededBy) {
		return "expiry", fmt.Sprintf("lot expires %s, before the request's needed-by date %s",
			l.Expires.Format(time.DateOnly), r.NeededBy.Format(time.DateOnly))
	}
	if o.MaxDistanceMeters > 0 && l.Location != nil && r.Location != nil {
		if dist := l.Location.DistanceMeters(*r.Location); dist > o.MaxDistanceMeters {
			return "distance", fmt.Sprintf("farther apart than the limit of %.0f m", o.MaxDistanceMeters)
		}
	}
	return "", ""
}

// eligible is exclude without the text: whether the pair passes every hard constraint,
// else the constraint it fails first; b is r's beneficiary().
func (pl *planner) eligible(l *Lot, r *Request, b *Beneficiary) string {
	if ok, _ := eligible(l, r, b, pl.at, false); !ok {
		return "eligibility"
	}
	if !l.Expires.IsZero() && !r.NeededBy.IsZero() && l.Expires.Before(r.NeededBy) {
		return "expiry"
	}
	return ""
}

// candidates lists the eligible pairs by request then pool, and counts the excluded ones
// (each lot of a pool once) by the first rule that ruled them out: distance for a located
// lot outside the grid cells around a located request (never looked at), else
// eligibility, expiry, distance.
func (pl *planner) candidates() error {
	o := pl.o
	pl.byCat = map[[2]string][]int32{}
	for i, p := range pl.pools {
		k := [2]string{string(p.lots[0].Kind), p.lots[0].Category}
		pl.byCat[k] = append(pl.byCat[k], int32(i))
	}
	// Per kind and category, a grid of the located pools (by pool index) and the pools
	// without a place, which every request looks at.
	type catGrid struct {
		grid     *match.Grid
		pools    []int32 // the located pools; the grid holds their positions here
		unplaced []int32
		lots     int // lots of the located pools
	}
	grids := map[[2]string]*catGrid{}
	if o.MaxDistanceMeters > 0 {
		var extent []wushe.Point
		for _, r := range pl.live {
			if r.Location != nil {
				extent = append(extent, *r.Location)
			}
		}
		for k, ps := range pl.byCat {
			cg := &catGrid{}
			var pts []wushe.Point
			for _, i := range ps {
				if l := pl.pools[i].lots[0]; l.Location == nil {
					cg.unplaced = append(cg.unplaced, i)
				} else {
					cg.pools = append(cg.pools, i)
					pts = append(pts, *l.Location)
					cg.lots += len(pl.pools[i].lots)
				}
			}
			if cg.grid = match.NewGrid(o.MaxDistanceMeters, pts, nil, extent); cg.grid != nil {
				grids[k] = cg
			}
		}
	}
	ref := o.MaxDistanceMeters
	if ref == 0 {
		ref = 5000
	}
	for i, n := range resFactors {
		pl.w[i] = pl.weights[n].Shift(4).IntPart()
	}
	w := pl.w
	// The expiry factor depends on the lot only.
	expiry := make([]int32, len(pl.pools))
	for i, p := range pl.pools {
		if l := p.lots[0]; !l.Expires.IsZero() {
			days := l.Expires.Sub(pl.at).Hours() / 24
			expiry[i] = int32(round4Units(math.Max(0, 1-days/365)))
		}
	}
	var visit []int32
	for ri := range pl.live {
		r := &pl.live[ri]
		k := [2]string{string(r.Kind), r.Category}
		visit = visit[:0]
		if cg := grids[k]; cg != nil && r.Location != nil {
			looked := 0
			cg.grid.Near(*r.Location, func(n int32) {
				for _, j := range cg.grid.Cells[n] {
					i := cg.pools[j]
					visit = append(visit, i)
					looked += len(pl.pools[i].lots)
				}
			})
			visit = append(visit, cg.unplaced...)
			slices.Sort(visit)
			if n := cg.lots - looked; n > 0 {
				pl.plan.ExcludedBy["distance"] += n
			}
		} else {
			visit = append(visit, pl.byCat[k]...)
		}
		urgency := int32(r.Urgency.Pressure()) * 2500
		b := r.beneficiary()
		for _, pi := range visit {
			p := pl.pools[pi]
			l := &p.lots[0]
			if rule := pl.eligible(l, r, &b); rule != "" {
				pl.plan.ExcludedBy[rule] += len(p.lots)
				continue
			}
			var dist float64
			located := l.Location != nil && r.Location != nil
			if located {
				dist = l.Location.DistanceMeters(*r.Location)
				if o.MaxDistanceMeters > 0 && dist > o.MaxDistanceMeters {
					pl.plan.ExcludedBy["distance"] += len(p.lots)
					continue
				}
			}
			c := resCand{req: int32(ri), pool: pi, vals: [4]int32{0, 0, expiry[pi], urgency}}
			if located {
				c.vals[0] = int32(round4Units(math.Max(0, 1-dist/ref)))
			}
			if slices.Contains(l.Restriction.Groups, r.Group) || slices.Contains(l.Restriction.Communities, r.CommunityID) {
				c.vals[1] = 10000
			}
			var total int64
			for i := range c.vals {
				total += int64(c.vals[i]) * w[i]
			}
			if total%10000 != 0 {
				// The default scale keeps 4 decimal places: the score does not convert.
				_, err := match.DefaultScale.Cost(pl.score(c).Total)
				return wushe.Wrap("", err)
			}
			pl.cands = append(pl.cands, c)
		}
	}
	for rule, n := range pl.plan.ExcludedBy {
		if n == 0 {
			delete(pl.plan.ExcludedBy, rule)
		}
	}
	return nil
}

// cost is the candidate's arc cost on match.DefaultScale: (100 − score) × 10^4.
func (pl *planner) cost(c resCand) int64 {
	var total int64
	for i := range resFactors {
		total += int64(c.vals[i]) * pl.w[i]
	}
	return 100*10000 - total/10000
}

// score is the candidate's decimal score, built as the factors say.
func (pl *planner) score(c resCand) match.Score {
	urgency := decimal.NewFromInt(int64(c.vals[3] / 2500)).Div(decimal.NewFromInt(4))
	value := func(v int32) decimal.Decimal {
		if v == 0 {
			return decimal.Zero
		}
		return decimal.New(int64(v), -4)
	}
	preference := decimal.Zero
	if c.vals[1] != 0 {
		preference = decimal.NewFromInt(1)
	}
	sc, _ := match.NewScore(
		match.Factor{Name: FactorDistance, Value: value(c.vals[0]), Weight: pl.weights[FactorDistance]},
		match.Factor{Name: FactorPreference, Value: preference, Weight: pl.weights[FactorPreference]},
		match.Factor{Name: FactorExpiry, Value: value(c.vals[2]), Weight: pl.weights[FactorExpiry]},
		match.Factor{Name: FactorUrgency, Value: urgency, Weight: pl.weights[FactorUrgency]})
	return sc
}

func (pl *planner) rejection(a int) MatchRejection {
	c := pl.cands[a]
	r := MatchRejection{LotID: pl.pools[c.pool].lots[0].ID, RequestID: pl.live[c.req].ID, Score: pl.score(c).Total}
	if pl.lostOK[a] {
		r.Lost = decimal.NullDecimal{Decimal: match.DefaultScale.Points(pl.lost[a]), Valid: true}
	}
	return r
}

// rejOrder orders unused candidates as Rejections lists them: known losses first, least
// first, then by request and lot ID.
func (pl *planner) rejOrder(a, b int32) int {
	if pl.lostOK[a] != pl.lostOK[b] {
		if pl.lostOK[a] {
			return -1
		}
		return 1
	}
	ca, cb := pl.cands[a], pl.cands[b]
	if pl.lostOK[a] {
		if c := cmp.Compare(pl.lost[a], pl.lost[b]); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(ca.req, cb.req), cmp.Compare(ca.pool, cb.pool))
}

// rejHeap is a max-heap of unused candidates by rejOrder: it keeps the first ones.
type rejHeap struct {
	pl *planner
	a  []int32
}

func (h *rejHeap) Len() int           { return len(h.a) }
func (h *rejHeap) Less(i, j int) bool { return h.pl.rejOrder(h.a[i], h.a[j]) > 0 }
func (h *rejHeap) Swap(i, j int)      { h.a[i], h.a[j] = h.a[j], h.a[i] }
func (h *rejHeap) Push(x any)         { h.a = append(h.a, x.(int32)) }
func (h *rejHeap) Pop() any           { x := h.a[len(h.a)-1]; h.a = h.a[:len(h.a)-1]; return x }

// AllRejections lists every eligible pair the plan does not use, least score lost first
// (ties by request ID, then lot ID): the whole list that Rejections holds the first
// MatchOptions.ListLimit entries of. Each is built when the iteration reaches it.
func (p *MatchPlan) AllRejections() iter.Seq[MatchRejection] {
	if p.pl == nil {
		return slices.Values(p.Rejections)
	}
	return func(yield func(MatchRejection) bool) {
		pl := p.pl
		// Small batches through a bounded heap, so that the first entries cost a pass, not a
		// sort of every pair.
		var after int32 = -1
		for batch := 1024; ; batch *= 4 {
			h := &rejHeap{pl: pl}
			for a := range pl.cands {
				a32 := int32(a)
				if pl.used[a] || (after >= 0 && pl.rejOrder(a32, after) <= 0) {
					continue
				}
				if h.Len() < batch {
					heap.Push(h, a32)
				} else if pl.rejOrder(a32, h.a[0]) < 0 {
					h.a[0] = a32
					heap.Fix(h, 0)
				}
			}
			out := slices.Clone(h.a)
			slices.SortFunc(out, pl.rejOrder)
			for _, a := range out {
				if !yield(pl.rejection(int(a))) {
					return
				}
			}
			if len(out) < batch {
				return
			}
			after = out[len(out)-1]
		}
	}
}

// AllExclusions lists every lot and request of the same kind and category that a hard
// constraint kept apart, with the text that says why: requests by ID, lots by the order of
// their pools (ID order), each pair under the first constraint it fails in the order
// eligibility, expiry, distance. It is the whole list that Exclusions holds the first
// MatchOptions.ListLimit entries of; each pair is checked again when the iteration
// reaches it.
func (p *MatchPlan) AllExclusions() iter.Seq[MatchExclusion] {
	if p.pl == nil {
		return slices.Values(p.Exclusions)
	}
	return func(yield func(MatchExclusion) bool) {
		pl := p.pl
		for _, r := range pl.live {
			for _, pi := range pl.byCat[[2]string{string(r.Kind), r.Category}] {
				lots := pl.pools[pi].lots
				constraint, detail := pl.exclude(lots[0], r)
				if constraint == "" {
					continue
				}
				for _, l := range lots {
					if !yield(MatchExclusion{LotID: l.ID, RequestID: r.ID, Constraint: constraint, Detail: detail}) {
						return
					}
				}
			}
		}
	}
}

// The outcomes PairExplanation reports.
const (
	PairPlanned   = "planned"   // the plan allocates from the lot's pool to the request
	PairRejected  = "rejected"  // eligible, not used
	PairExcluded  = "excluded"  // kept apart by a hard constraint
	PairUnrelated = "unrelated" // of another kind or category: not a pair at all
)

// PairExplanation is what a plan made of one lot and one request.
type PairExplanation struct {
	LotID     uuid.UUID `json:"lot_id"`
	RequestID uuid.UUID `json:"request_id"`
	// Outcome is PairPlanned, PairRejected, PairExcluded or PairUnrelated.
	Outcome string `json:"outcome"`
	// Score is the pair's score per unit, for a planned or rejected pair.
	Score *match.Score `json:"score,omitempty"`
	// Lost is, for a rejected pair, what MatchRejection.Lost says.
	Lost decimal.NullDecimal `json:"lost"`
	// Constraint and Detail say why an excluded pair was kept apart, as AllExclusions.
	Constraint string `json:"constraint,omitempty"`
	Detail     string `json:"detail,omitempty"`
}

// Explain says what the plan made of a lot in stock and an open request: planned or
// rejected with the score (and, rejected, the score lost by forcing it), excluded with the
// constraint and text AllExclusions gives, or unrelated (another kind or category). A lot
// or request the plan did not consider is a KindNotFound error. Identical lots are pooled:
// the pair's pool is what was planned or rejected.
func (p *MatchPlan) Explain(lotID, requestID uuid.UUID) (*PairExplanation, error) {
	const op = "resources.MatchPlan.Explain"
	pl := p.pl
	if pl == nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "MatchPlan", Msg: "was not made by Match"}
	}
	ri, ok := slices.BinarySearchFunc(pl.live, requestID, func(r Request, id uuid.UUID) int { return wushe.CompareIDs(r.ID, id) })
	if !ok {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "Request", ID: requestID.String(), Msg: "is not an open request of the plan"}
	}
	pi := -1
	var lot Lot
	for i, pool := range pl.pools {
		if j := slices.IndexFunc(pool.lots, func(l Lot) bool { return l.ID == lotID }); j >= 0 {
			pi, lot = i, pool.lots[j]
			break
		}
	}
	if pi < 0 {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "Lot", ID: lotID.String(), Msg: "is not a lot in stock of the plan"}
	}
	out := &PairExplanation{LotID: lotID, RequestID: requestID}
	r := pl.live[ri]
	if lot.Kind != r.Kind || lot.Category != r.Category {
		out.Outcome = PairUnrelated
		return out, nil
	}
	a, found := slices.BinarySearchFunc(pl.cands, [2]int32{int32(ri), int32(pi)}, func(c resCand, k [2]int32) int {
		return cmp.Or(cmp.Compare(c.req, k[0]), cmp.Compare(c.pool, k[1]))
	})
	if !found {
		out.Outcome = PairExcluded
		out.Constraint, out.Detail = pl.exclude(pl.pools[pi].lots[0], r)
		return out, nil
	}
	sc := pl.score(pl.cands[a])
	out.Score = &sc
	if pl.used[a] {
		out.Outcome = PairPlanned
	} else {
		out.Outcome = PairRejected
		out.Lost = pl.rejection(a).Lost
	}
	return out, nil
}

// WriteDIMACS writes the flow network the plan solved in the DIMACS minimum-cost-flow
// format (see the match package's WriteProblemDIMACS: the requests' nodes by ID, then the
// pools' by first lot ID, then a sink; quantities in units of 10^-Places, costs in units
// of 10^-4 point below 100), so that another solver can check its optimum. It needs
// MatchOptions.KeepNetwork; without it the error is of kind invalid.
func (p *MatchPlan) WriteDIMACS(w io.Writer) error {
	const op = "resources.MatchPlan.WriteDIMACS"
	if p.pl == nil || p.pl.network == nil {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "MatchPlan", Field: "KeepNetwork", Msg: "the plan did not keep its network (set MatchOptions.KeepNetwork)"}
	}
	return wushe.Wrap(op, match.WriteProblemDIMACS(w, p.pl.network))
}
