package resources

import (
	"cmp"
	"container/heap"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
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
	// The eligible pairs, by request then pool: request i's are pairs[start[i]:start[i+1]].
	start []int
	pairs []resPair
	// expiry is each pool's expiry factor in units of 10^-4.
	expiry []int32
	// used marks the pairs the plan allocates along, one bit each.
	used []uint64
	// sol is the solution whose potentials price every pair (rejections' losses).
	sol     *match.Solution
	network *match.Problem
	// w are the weights of resFactors in units of 10^-4.
	w [4]int64
}

// resPair is an eligible pair as the plan keeps it, its request known from where it is
// stored: the pool, the distance factor in units of 10^-4 and whether the donor's
// restriction names the request's group or community.
type resPair struct {
	pool int32
	dist uint16
	pref bool
}

// resCand is an eligible pair: the request and pool indexes and the factor values in
// units of 10^-4 (distance, preference, expiry, urgency: Score's order).
type resCand struct {
	req, pool int32
	vals      [4]int32
}

// cand is pair k of request ri with its factor values.
func (pl *planner) cand(ri, k int) resCand {
	p := pl.pairs[k]
	c := resCand{req: int32(ri), pool: p.pool, vals: [4]int32{int32(p.dist), 0, pl.expiry[p.pool], urgencyUnits(&pl.live[ri])}}
	if p.pref {
		c.vals[1] = 10000
	}
	return c
}

// urgencyUnits is the urgency factor of r in units of 10^-4.
func urgencyUnits(r *Request) int32 { return int32(r.Urgency.Pressure()) * 2500 }

// isUsed reports whether the plan allocates along pair k.
func (pl *planner) isUsed(k int) bool { return pl.used[k>>6]&(1<<(k&63)) != 0 }

// resFactors are the factors in the order of a candidate's values and of its Score.
var resFactors = [4]string{FactorDistance, FactorPreference, FactorExpiry, FactorUrgency}

// round4Units is decimal.NewFromFloat(x).Round(4) in units of 10^-4, for 0 <= x <= 1,
// without the decimals: the shortest decimal that reads back as x, truncated to 5
// places, plus 5, divided by 10, which is that decimal times 10^4 plus 1/2, rounded down.
// The decimal lies within 10^-12 of x × 10^4 here, so unless x × 10^4 + 1/2 is within
// 10^-9 of an integer its floor is the answer, and only then is the decimal written out.
func round4Units(x float64) int64 {
	if x <= 0 {
		return 0
	}
	if x <= 1 {
		y := x*1e4 + 0.5
		if f := math.Floor(y); y-f > 1e-9 && y-f < 1-1e-9 {
			return int64(f)
		}
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

// poolFacts is what candidates reads of a pool for every request that looks at it. class
// numbers the pool's rule class: pools whose lots have the same unit, the same restriction
// but for its communities, and are both expired or both not at the plan's time pass or fail
// Eligible together for any request of their kind and category (as far as anything but
// the communities goes), and name a request's group together; communities are the
// restriction's, checked for each pool.
type poolFacts struct {
	loc         *wushe.Point
	expires     time.Time
	lots        int
	class       int32
	communities []uuid.UUID
}

// candidates lists the eligible pairs by request then pool, and counts the excluded ones
// (each lot of a pool once) by the first rule that ruled them out: distance for a located
// lot outside the grid cells around a located request (never looked at), else
// eligibility, expiry, distance. Eligibility and preference are decided once per request
// and rule class, not per pool.
func (pl *planner) candidates() error {
	o := pl.o
	pl.byCat = map[[2]string][]int32{}
	facts := make([]poolFacts, len(pl.pools))
	classes := map[string]int32{}
	for i, p := range pl.pools {
		l := &p.lots[0]
		k := [2]string{string(l.Kind), l.Category}
		pl.byCat[k] = append(pl.byCat[k], int32(i))
		rest := l.Restriction
		rest.Communities = nil
		r, _ := json.Marshal(rest)
		ck := strings.Join([]string{l.Unit, strconv.FormatBool(l.ExpiredAt(pl.at)), string(r)}, "\x00")
		cl, ok := classes[ck]
		if !ok {
			cl = int32(len(classes))
			classes[ck] = cl
		}
		facts[i] = poolFacts{loc: l.Location, expires: l.Expires, lots: len(p.lots), class: cl, communities: l.Restriction.Communities}
	}
	// Per kind and category, a grid of the located pools (by pool index) and the pools
	// without a place, which every request looks at.
	type nearList struct {
		pools    []int32 // in pool order
		unlooked int     // lots of the located pools outside the cells
	}
	type catGrid struct {
		grid     *match.Grid
		pools    []int32 // the located pools; the grid holds their positions here
		unplaced []int32
		lots     int // lots of the located pools
		// near lists the pools a request looks at, by the grid area of its place.
		near map[[3]int32]*nearList
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
			cg := &catGrid{near: map[[3]int32]*nearList{}}
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
	pl.expiry = make([]int32, len(pl.pools))
	for i, p := range pl.pools {
		if l := p.lots[0]; !l.Expires.IsZero() {
			days := l.Expires.Sub(pl.at).Hours() / 24
			pl.expiry[i] = int32(round4Units(math.Max(0, 1-days/365)))
		}
	}
	// verdict[class] is what the request being looked at makes of a rule class, when
	// seen[class] is its stamp: ineligible, eligible, eligible and preferred.
	const (
		ineligible uint8 = iota + 1
		admitted
		preferred
	)
	verdict := make([]uint8, len(classes))
	seen := make([]int32, len(classes))
	var byEligibility, byExpiry, byDistance int
	pl.start = make([]int, 1, len(pl.live)+1)
	for ri := range pl.live {
		r := &pl.live[ri]
		k := [2]string{string(r.Kind), r.Category}
		visit := pl.byCat[k]
		if cg := grids[k]; cg != nil && r.Location != nil {
			area := cg.grid.Area(*r.Location)
			nl := cg.near[area]
			if nl == nil {
				nl = &nearList{unlooked: cg.lots}
				cg.grid.Near(*r.Location, func(n int32) {
					for _, j := range cg.grid.Cells[n] {
						i := cg.pools[j]
						nl.pools = append(nl.pools, i)
						nl.unlooked -= len(pl.pools[i].lots)
					}
				})
				nl.pools = append(nl.pools, cg.unplaced...)
				slices.Sort(nl.pools)
				cg.near[area] = nl
			}
			visit = nl.pools
			byDistance += nl.unlooked
		}
		urgency := int64(urgencyUnits(r)) * w[3]
		b := r.beneficiary()
		stamp := int32(ri + 1)
		for _, pi := range visit {
			f := &facts[pi]
			if seen[f.class] != stamp {
				seen[f.class] = stamp
				l := pl.pools[pi].lots[0]
				l.Restriction.Communities = nil
				v := ineligible
				if ok, _ := eligible(&l, r, &b, pl.at, false); ok {
					v = admitted
					if slices.Contains(l.Restriction.Groups, r.Group) {
						v = preferred
					}
				}
				verdict[f.class] = v
			}
			v := verdict[f.class]
			if v != ineligible && len(f.communities) > 0 {
				switch {
				case !slices.Contains(f.communities, b.CommunityID):
					v = ineligible
				case slices.Contains(f.communities, r.CommunityID):
					v = preferred
				}
			}
			if v == ineligible {
				byEligibility += f.lots
				continue
			}
			if !f.expires.IsZero() && !r.NeededBy.IsZero() && f.expires.Before(r.NeededBy) {
				byExpiry += f.lots
				continue
			}
			p := resPair{pool: pi, pref: v == preferred}
			if f.loc != nil && r.Location != nil {
				dist := f.loc.DistanceMeters(*r.Location)
				if o.MaxDistanceMeters > 0 && dist > o.MaxDistanceMeters {
					byDistance += f.lots
					continue
				}
				p.dist = uint16(round4Units(math.Max(0, 1-dist/ref)))
			}
			total := int64(p.dist)*w[0] + int64(pl.expiry[pi])*w[2] + urgency
			if p.pref {
				total += 10000 * w[1]
			}
			if total%10000 != 0 {
				// The default scale keeps 4 decimal places: the score does not convert.
				pl.pairs = append(pl.pairs, p)
				_, err := match.DefaultScale.Cost(pl.score(pl.cand(ri, len(pl.pairs)-1)).Total)
				return wushe.Wrap("", err)
			}
			pl.pairs = append(pl.pairs, p)
		}
		pl.start = append(pl.start, len(pl.pairs))
	}
	for rule, n := range map[string]int{"eligibility": byEligibility, "expiry": byExpiry, "distance": byDistance} {
		if n > 0 {
			pl.plan.ExcludedBy[rule] += n
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

// rejKey is an unused pair as Rejections orders it: known losses first, least first, then
// by request and lot ID.
type rejKey struct {
	ok        bool
	lost      int64
	req, pool int32
	k         int
}

func rejOrder(a, b rejKey) int {
	if a.ok != b.ok {
		if a.ok {
			return -1
		}
		return 1
	}
	if a.ok {
		if c := cmp.Compare(a.lost, b.lost); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(a.req, b.req), cmp.Compare(a.pool, b.pool))
}

// rejKeyOf is the key of pair k of request ri, with its loss: the reduced cost of its arc
// under the solution's potentials.
func (pl *planner) rejKeyOf(ri, k int) rejKey {
	c := pl.cand(ri, k)
	key := rejKey{req: c.req, pool: c.pool, k: k}
	key.lost, key.ok = pl.sol.Reduced(pl.cost(c), ri, int(c.pool))
	return key
}

func (pl *planner) rejection(key rejKey) MatchRejection {
	r := MatchRejection{LotID: pl.pools[key.pool].lots[0].ID, RequestID: pl.live[key.req].ID, Score: pl.score(pl.cand(int(key.req), key.k)).Total}
	if key.ok {
		r.Lost = decimal.NullDecimal{Decimal: match.DefaultScale.Points(key.lost), Valid: true}
	}
	return r
}

// rejHeap is a max-heap of unused pairs by rejOrder: it keeps the first ones.
type rejHeap []rejKey

func (h rejHeap) Len() int           { return len(h) }
func (h rejHeap) Less(i, j int) bool { return rejOrder(h[i], h[j]) > 0 }
func (h rejHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *rejHeap) Push(x any)        { *h = append(*h, x.(rejKey)) }
func (h *rejHeap) Pop() any          { x := (*h)[len(*h)-1]; *h = (*h)[:len(*h)-1]; return x }

// AllRejections lists every eligible pair the plan does not use, least score lost first
// (ties by request ID, then lot ID): the whole list that Rejections holds the first
// MatchOptions.ListLimit entries of. Each is built when the iteration reaches it.
func (p *MatchPlan) AllRejections() iter.Seq[MatchRejection] {
	if p.pl == nil {
		return slices.Values(p.Rejections)
	}
	return func(yield func(MatchRejection) bool) {
		pl := p.pl
		// Small batches, each the first pairs after the last one yielded, so that the first
		// entries cost a pass, not a sort of every pair.
		var after *rejKey
		for batch := 1024; ; batch *= 4 {
			out := pl.firstRejections(after, batch)
			for _, key := range out {
				if !yield(pl.rejection(key)) {
					return
				}
			}
			if len(out) < batch {
				return
			}
			after = &out[len(out)-1]
		}
	}
}

// firstRejections returns, in rejOrder, the first n unused pairs that come after the key
// after (nil: from the first).
//
// The pairs are stored by request then pool, rejOrder's order among equal losses, and at
// an optimum no unused pair loses less than zero (its reduced cost is at least zero, or
// a unit forced along it would lower the total cost). So once the n first pairs found so
// far all lose zero, no later pair can come before any of them, and the pass stops: on a
// city, where many pairs are as good as the ones chosen, it reads a small part of the
// pairs.
func (pl *planner) firstRejections(after *rejKey, n int) []rejKey {
	if n <= 0 {
		return nil
	}
	left := len(pl.pairs)
	if pl.sol != nil {
		left -= len(pl.sol.Pairs)
	}
	if n >= left {
		// Every unused pair is wanted: sort them rather than keep a heap of them all.
		var out []rejKey
		pl.eachUnused(func(ri, k int) bool {
			if key := pl.rejKeyOf(ri, k); after == nil || rejOrder(key, *after) > 0 {
				out = append(out, key)
			}
			return true
		})
		slices.SortFunc(out, rejOrder)
		return out
	}
	h := make(rejHeap, 0, n)
	pl.eachUnused(func(ri, k int) bool {
		key := pl.rejKeyOf(ri, k)
		if after != nil && rejOrder(key, *after) <= 0 {
			return true
		}
		if len(h) < n {
			heap.Push(&h, key)
		} else if rejOrder(key, h[0]) < 0 {
			h[0] = key
			heap.Fix(&h, 0)
		}
		return len(h) < n || !h[0].ok || h[0].lost > 0
	})
	slices.SortFunc(h, rejOrder)
	return h
}

// eachUnused calls f with every pair the plan does not use, by request then pool, until f
// returns false.
func (pl *planner) eachUnused(f func(ri, k int) bool) {
	for ri := range pl.live {
		for k := pl.start[ri]; k < pl.start[ri+1]; k++ {
			if !pl.isUsed(k) && !f(ri, k) {
				return
			}
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
	k, found := slices.BinarySearchFunc(pl.pairs[pl.start[ri]:pl.start[ri+1]], int32(pi), func(p resPair, pool int32) int {
		return cmp.Compare(p.pool, pool)
	})
	if !found {
		out.Outcome = PairExcluded
		out.Constraint, out.Detail = pl.exclude(pl.pools[pi].lots[0], r)
		return out, nil
	}
	k += pl.start[ri]
	sc := pl.score(pl.cand(ri, k))
	out.Score = &sc
	if pl.isUsed(k) {
		out.Outcome = PairPlanned
	} else {
		out.Outcome = PairRejected
		out.Lost = pl.rejection(pl.rejKeyOf(ri, k)).Lost
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
