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
	"github.com/wushe/wushe/internal/geo"
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
	// wanted is each live request's remaining quantity.
	wanted []decimal.Decimal
	// byCat lists the pools of each kind and category, in pool order.
	byCat map[[2]string][]int32
	// The eligible pairs, by request then pool: request i's are pairs[start[i]:start[i+1]].
	start []int
	pairs []resPair
	// expiry is each pool's expiry factor in units of 10^-4, urgency each live request's.
	expiry, urgency []int32
	// used marks the pairs the plan allocates along, one bit each.
	used []uint64
	// sol is the solution whose potentials price every pair (rejections' losses).
	sol     *match.Solution
	network *match.Problem
	// w are the weights of resFactors in units of 10^-4, weightOf the decimals.
	w        [4]int64
	weightOf [4]decimal.Decimal
	// urgencyValues are the urgency factors by pressure (urgencyValue).
	urgencyValues [5]decimal.Decimal
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
func (pl *planner) cand(ri, k int) resCand { return pl.candOf(ri, pl.pairs[k]) }

// candOf is pair p of request ri with its factor values.
func (pl *planner) candOf(ri int, p resPair) resCand {
	c := resCand{req: int32(ri), pool: p.pool, vals: [4]int32{int32(p.dist), 0, pl.expiry[p.pool], pl.urgency[ri]}}
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

// poolFacts is what candidates reads of a pool for every request that looks at it, packed
// small so that the pools of a category stay in the processor's cache. class numbers the
// pool's rule class: pools whose lots have the same kind, category and unit, the same
// restriction but for its communities, and are both expired or both not at the plan's
// time pass or fail Eligible together for any request (as far as anything but the
// communities goes), and name a request's group together. comm indexes the
// restriction's communities, checked for each pool (-1: none). expires is the rank of the
// pool's expiry date among every pool's, from 1 (noExpiry: it does not expire), so that
// its lots expire before a request's needed-by date when the rank is at most the number
// of pools expiring before that date.
type poolFacts struct {
	class, lots, comm, expires int32
	located                    bool
}

const noExpiry = math.MaxInt32

// The verdicts on a rule class for the request being looked at.
const (
	ineligible uint8 = iota + 1
	admitted
	preferred
)

// ruleClasses numbers the pools' rule classes (see poolFacts) and keeps each one's first
// lot without its communities: what the class is judged on.
type ruleClasses struct {
	number map[string]int32
	lots   []Lot
}

func (rc *ruleClasses) of(l *Lot, at time.Time) int32 {
	rest := l.Restriction
	rest.Communities = nil
	r, _ := json.Marshal(rest)
	k := strings.Join([]string{string(l.Kind), l.Category, l.Unit, strconv.FormatBool(l.ExpiredAt(at)), string(r)}, "\x00")
	cl, ok := rc.number[k]
	if !ok {
		cl = int32(len(rc.lots))
		rc.number[k] = cl
		c := *l
		c.Restriction.Communities = nil
		rc.lots = append(rc.lots, c)
	}
	return cl
}

// pairChunk is how many pairs candidates gathers in one chunk: the pairs are written
// once into a slice of their exact number at the end, so that millions of them are never
// copied to grow one slice.
const pairChunk = 1 << 15

// candidates lists the eligible pairs by request then pool, and counts the excluded ones
// (each lot of a pool once) by the first rule that ruled them out: distance for a located
// lot outside the grid cells around a located request (never looked at), else
// eligibility, expiry, distance. Eligibility and preference are decided once per request
// and rule class, not per pool; a located pair outside the latitude and longitude bands
// of the distance limit is ruled out without measuring it (geo.Bands).
func (pl *planner) candidates() error {
	o := pl.o
	pl.byCat = map[[2]string][]int32{}
	facts := make([]poolFacts, len(pl.pools))
	locs := make([]wushe.Point, len(pl.pools))
	cosLat := make([]float64, len(pl.pools))
	classes := ruleClasses{number: map[string]int32{}}
	// The communities of the restrictions, numbered from 1 (0: a community none names).
	commNumber := map[uuid.UUID]int32{}
	var communities [][]int32
	maxLat := 0.0
	for i, p := range pl.pools {
		l := &p.lots[0]
		k := [2]string{string(l.Kind), l.Category}
		pl.byCat[k] = append(pl.byCat[k], int32(i))
		facts[i] = poolFacts{class: classes.of(l, pl.at), lots: int32(len(p.lots)), comm: -1, expires: noExpiry, located: l.Location != nil}
		if cs := l.Restriction.Communities; len(cs) > 0 {
			facts[i].comm = int32(len(communities))
			nums := make([]int32, len(cs))
			for j, c := range cs {
				n, ok := commNumber[c]
				if !ok {
					n = int32(len(commNumber) + 1)
					commNumber[c] = n
				}
				nums[j] = n
			}
			communities = append(communities, nums)
		}
		if l.Location != nil {
			locs[i], cosLat[i] = *l.Location, geo.CosLat(*l.Location)
			maxLat = max(maxLat, math.Abs(l.Location.Lat))
		}
	}
	// Expiry dates by rank.
	var expiring []int32
	for i, p := range pl.pools {
		if !p.lots[0].Expires.IsZero() {
			expiring = append(expiring, int32(i))
		}
	}
	slices.SortStableFunc(expiring, func(a, b int32) int { return pl.pools[a].lots[0].Expires.Compare(pl.pools[b].lots[0].Expires) })
	dates := make([]time.Time, len(expiring))
	for rank, i := range expiring {
		facts[i].expires = int32(rank + 1)
		dates[rank] = pl.pools[i].lots[0].Expires
	}
	// expiredBefore counts the pools that expire before t (none before the zero time).
	expiredBefore := func(t time.Time) int32 {
		if t.IsZero() {
			return 0
		}
		n, _ := slices.BinarySearchFunc(dates, t, func(d, t time.Time) int {
			if d.Before(t) {
				return -1
			}
			return 1
		})
		return int32(n)
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
	bands := geo.NewBands(o.MaxDistanceMeters, math.Inf(1))
	if o.MaxDistanceMeters > 0 {
		var extent []wushe.Point
		for _, r := range pl.live {
			if r.Location != nil {
				extent = append(extent, *r.Location)
				maxLat = max(maxLat, math.Abs(r.Location.Lat))
			}
		}
		bands = geo.NewBands(o.MaxDistanceMeters, maxLat)
		for k, ps := range pl.byCat {
			cg := &catGrid{near: map[[3]int32]*nearList{}}
			var pts []wushe.Point
			for _, i := range ps {
				if !facts[i].located {
					cg.unplaced = append(cg.unplaced, i)
				} else {
					cg.pools = append(cg.pools, i)
					pts = append(pts, locs[i])
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
	// whole says every weight is a whole number, so every score converts to the default
	// scale and no pair needs checking.
	whole := true
	for i, n := range resFactors {
		pl.w[i] = pl.weights[n].Shift(4).IntPart()
		whole = whole && pl.w[i]%10000 == 0
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
	pl.urgency = make([]int32, len(pl.live))
	for i := range pl.live {
		pl.urgency[i] = urgencyUnits(&pl.live[i])
	}
	// verdict[class] is what the request being looked at makes of a rule class, when
	// seen[class] is its stamp.
	verdict := make([]uint8, len(classes.lots))
	seen := make([]int32, len(classes.lots))
	var byEligibility, byExpiry, byDistance int
	pl.start = make([]int, 1, len(pl.live)+1)
	var chunks [][]resPair
	chunk := make([]resPair, 0, pairChunk)
	total := 0
	for ri := range pl.live {
		if ri%4096 == 4095 {
			pl.progress(PhaseCandidates, ri, len(pl.live))
		}
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
		b := r.beneficiary()
		benComm, reqComm := commNumber[b.CommunityID], commNumber[r.CommunityID]
		stamp := int32(ri + 1)
		before := expiredBefore(r.NeededBy)
		var at wushe.Point
		var cosAt float64
		located := r.Location != nil
		if located {
			at, cosAt = *r.Location, geo.CosLat(*r.Location)
		}
		for _, pi := range visit {
			f := &facts[pi]
			if seen[f.class] != stamp {
				seen[f.class] = stamp
				l := &classes.lots[f.class]
				v := ineligible
				if ok, _ := eligible(l, r, &b, pl.at, false); ok {
					v = admitted
					if slices.Contains(l.Restriction.Groups, r.Group) {
						v = preferred
					}
				}
				verdict[f.class] = v
			}
			v := verdict[f.class]
			if v != ineligible && f.comm >= 0 {
				switch cs := communities[f.comm]; {
				case benComm == 0 || !slices.Contains(cs, benComm):
					v = ineligible
				case reqComm != 0 && slices.Contains(cs, reqComm):
					v = preferred
				}
			}
			if v == ineligible {
				byEligibility += int(f.lots)
				continue
			}
			if f.expires <= before {
				byExpiry += int(f.lots)
				continue
			}
			p := resPair{pool: pi, pref: v == preferred}
			if f.located && located {
				if bands.Beyond(locs[pi], at) {
					byDistance += int(f.lots)
					continue
				}
				units, beyond := distanceUnits(locs[pi], at, cosLat[pi], cosAt, o.MaxDistanceMeters, ref)
				if beyond {
					byDistance += int(f.lots)
					continue
				}
				p.dist = units
			}
			if !whole {
				c := pl.candOf(ri, p)
				sum := int64(0)
				for i, v := range c.vals {
					sum += int64(v) * w[i]
				}
				if sum%10000 != 0 {
					// The default scale keeps 4 decimal places: the score does not convert.
					_, err := match.DefaultScale.Cost(pl.score(c).Total)
					return wushe.Wrap("", err)
				}
			}
			if len(chunk) == cap(chunk) {
				chunks = append(chunks, chunk)
				chunk = make([]resPair, 0, pairChunk)
			}
			chunk = append(chunk, p)
			total++
		}
		pl.start = append(pl.start, total)
	}
	pl.pairs = make([]resPair, 0, total)
	for _, c := range append(chunks, chunk) {
		pl.pairs = append(pl.pairs, c...)
	}
	for rule, n := range map[string]int{"eligibility": byEligibility, "expiry": byExpiry, "distance": byDistance} {
		if n > 0 {
			pl.plan.ExcludedBy[rule] += n
		}
	}
	return nil
}

// distanceUnits decides a located pair of a lot and a request as the distance
// DistanceMeters gives decides it: beyond, when the limit is set (not 0) and the distance
// exceeds it, else the distance factor in units of 10^-4, round4Units(max(0, 1 −
// distance/ref)). geo.SmallDistance, from the cosines of the latitudes, answers for most
// pairs; only a pair it cannot measure, or whose distance lies so near the limit or a
// factor's rounding boundary that its error could matter, is measured with
// DistanceMeters.
func distanceUnits(lot, req wushe.Point, cosLot, cosReq, limit, ref float64) (units uint16, beyond bool) {
	d, ok := geo.SmallDistance(lot, req, cosLot, cosReq)
	if ok && limit > 0 {
		switch {
		case d > limit*(1+1e-10):
			return 0, true
		case d >= limit*(1-1e-10):
			ok = false
		}
	}
	if ok {
		// The error of d, at most geo.SmallDistanceError of it, moves x by less than 10^-11
		// (d is at most a few times ref) and y by less than 10^-7.
		switch x := 1 - d/ref; {
		case x < -1e-9:
			return 0, false
		case x > 1e-9:
			y := x*1e4 + 0.5
			if f := math.Floor(y); y-f > 1e-6 && y-f < 1-1e-6 {
				return uint16(f), false
			}
		}
	}
	dist := lot.DistanceMeters(req)
	if limit > 0 && dist > limit {
		return 0, true
	}
	return uint16(round4Units(math.Max(0, 1-dist/ref))), false
}

// cost is the candidate's arc cost on match.DefaultScale: (100 − score) × 10^4.
func (pl *planner) cost(c resCand) int64 {
	var total int64
	for i := range resFactors {
		total += int64(c.vals[i]) * pl.w[i]
	}
	return 100*10000 - total/10000
}

// score is the candidate's decimal score, built as the factors say: the sum NewScore
// makes (Σ Value × Weight, the same decimals), without its checks of the factors' names,
// which are the matcher's own four.
func (pl *planner) score(c resCand) match.Score {
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
	fs := []match.Factor{
		{Name: FactorDistance, Value: value(c.vals[0]), Weight: pl.weightOf[0]},
		{Name: FactorPreference, Value: preference, Weight: pl.weightOf[1]},
		{Name: FactorExpiry, Value: value(c.vals[2]), Weight: pl.weightOf[2]},
		{Name: FactorUrgency, Value: pl.urgencyValue(c.vals[3]), Weight: pl.weightOf[3]}}
	total := decimal.Zero
	for _, f := range fs {
		total = total.Add(f.Points())
	}
	return match.Score{Factors: fs, Total: total}
}

// urgencyValue is the urgency factor of v units of 10^-4: a pressure of q quarters, q / 4.
func (pl *planner) urgencyValue(v int32) decimal.Decimal {
	if q := v / 2500; q >= 0 && int(q) < len(pl.urgencyValues) {
		return pl.urgencyValues[q]
	}
	return urgencyOf(v / 2500)
}

func urgencyOf(q int32) decimal.Decimal {
	return decimal.NewFromInt(int64(q)).Div(decimal.NewFromInt(4))
}

// rejKey is an unused pair as Rejections orders it: known losses first, least first, then
// by request and lot ID, which is the order of the pairs' index k.
type rejKey struct {
	lost int64
	k    int
	ok   bool
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
	return cmp.Compare(a.k, b.k)
}

// rejKeyOf is the key of pair k of request ri, with its loss: the reduced cost of its arc
// under the solution's potentials.
func (pl *planner) rejKeyOf(ri, k int) rejKey {
	c := pl.cand(ri, k)
	key := rejKey{k: k}
	key.lost, key.ok = pl.sol.Reduced(pl.cost(c), ri, int(c.pool))
	return key
}

// requestOf is the request of pair k.
func (pl *planner) requestOf(k int) int {
	ri, _ := slices.BinarySearch(pl.start[1:], k+1)
	return ri
}

func (pl *planner) rejection(key rejKey) MatchRejection {
	ri := pl.requestOf(key.k)
	c := pl.cand(ri, key.k)
	r := MatchRejection{LotID: pl.pools[c.pool].lots[0].ID, RequestID: pl.live[ri].ID, Score: pl.score(c).Total}
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
		// Batches growing fourfold, each the first pairs after the last one yielded, so
		// that the first entries cost a pass, not a sort of every pair; once a batch would
		// be more than a sixteenth of what is left, the rest is sorted in one go.
		var after *rejKey
		left := pl.unused()
		for batch := 1024; left > 0; batch *= 4 {
			if batch*16 >= left {
				batch = left
			}
			out := pl.firstRejections(after, batch, left)
			for _, key := range out {
				if !yield(pl.rejection(key)) {
					return
				}
			}
			if len(out) < batch {
				return
			}
			left -= len(out)
			after = &out[len(out)-1]
		}
	}
}

// unused counts the pairs the plan does not use.
func (pl *planner) unused() int {
	n := len(pl.pairs)
	if pl.sol != nil {
		n -= len(pl.sol.Pairs)
	}
	return n
}

// firstRejections returns, in rejOrder, the first n of the left unused pairs that come
// after the key after (nil: from the first; left: how many come after it).
//
// The pairs are stored by request then pool, rejOrder's order among equal losses, and at
// an optimum no unused pair loses less than zero (its reduced cost is at least zero, or
// a unit forced along it would lower the total cost). So once the n first pairs found so
// far all lose zero, no later pair can come before any of them, and the pass stops: on a
// city, where many pairs are as good as the ones chosen, it reads a small part of the
// pairs.
func (pl *planner) firstRejections(after *rejKey, n, left int) []rejKey {
	if n <= 0 {
		return nil
	}
	if n >= left {
		// Every pair left is wanted: sort them rather than keep a heap of them all.
		out := make([]rejKey, 0, left)
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
