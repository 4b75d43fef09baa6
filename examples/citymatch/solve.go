package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/runcost"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// cost is what one solve took (wall-clock and CPU time, memory allocated while it ran and
// the process's peak resident memory after it) and the time of each phase.
type cost struct {
	runcost.Cost
	Phases []phase
}

// phase is one phase of a match and how long it took.
type phase struct {
	Name    string
	Elapsed time.Duration
}

// phases times the phases a matcher reports and, on a long run, prints its progress to
// progress (at most once a second).
type phases struct {
	progress    io.Writer
	label       string
	start, last time.Time
	lastPrint   time.Time
	name        string
	done        []phase
}

func newPhases(label string, progress io.Writer) *phases {
	now := time.Now()
	return &phases{label: label, progress: progress, start: now, last: now, lastPrint: now}
}

// volunteers is a volunteer.MatchOptions.Progress.
func (p *phases) volunteers(pr volunteer.MatchProgress) {
	p.report(pr.Phase, pr.Done, pr.Total, pr.Phase == volunteer.PhaseDone)
}

// resources is a resources.MatchOptions.Progress.
func (p *phases) resources(pr resources.MatchProgress) {
	p.report(pr.Phase, pr.Done, pr.Total, pr.Phase == resources.PhaseDone)
}

// report notes that the match is in phase, done of total steps along (total 0 when not
// known), the last phase when final.
func (p *phases) report(phaseName string, done, total int, final bool) {
	now := time.Now()
	if phaseName != p.name {
		if p.name != "" {
			p.done = append(p.done, phase{p.name, now.Sub(p.last)})
		}
		p.name, p.last = phaseName, now
	}
	if p.progress != nil && now.Sub(p.lastPrint) >= time.Second && !final {
		p.lastPrint = now
		step := ""
		if total > 0 {
			step = fmt.Sprintf(" %d/%d", done, total)
		} else if done > 0 {
			step = fmt.Sprintf(" %d", done)
		}
		fmt.Fprintf(p.progress, "citymatch: %s: %s%s (%.1f s)\n", p.label, phaseName, step, now.Sub(p.start).Seconds())
	}
}

// measure runs f and records what it cost (runcost.Measure).
func measure(f func() error) (cost, error) {
	c, err := runcost.Measure(f)
	return cost{Cost: c}, err
}

// defaultGreedyLimit is the most candidates not chosen for which citymatch runs the greedy
// baselines unless -greedy-limit says otherwise: they need every candidate's score
// written out, which at city scale costs more than the match.
const defaultGreedyLimit = 300_000

// volunteerOutcome is the volunteer match and its greedy baseline.
type volunteerOutcome struct {
	Result *volunteer.MatchResult
	Cost   cost
	// Greedy is the greedy pass under the model the flow solves (places, one place per
	// shift, one shift per overlap cluster); GreedyCapped also keeps the weekly caps.
	Greedy, GreedyCapped []volunteer.Assignment
	// Wanted is the free places of each shift as the matcher counted them.
	Wanted map[volunteer.ShiftRef]int
	// GreedyRun says whether the greedy baselines ran (see city.GreedyLimit).
	GreedyRun bool
}

// matchVolunteers runs the volunteer Matcher of a Service over an in-memory store on the
// city's input, then the greedy baseline on the same candidates. A long match prints its
// progress to progress (nil: nowhere).
func matchVolunteers(c *city, progress io.Writer) (*volunteerOutcome, error) {
	const op = "citymatch.matchVolunteers"
	svc, err := volunteer.NewService(memstore.New(), &volunteer.Options{Clock: wushe.NewManualClock(matchAt)})
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	ph := newPhases("volunteers", progress)
	m, err := svc.NewMatcher(&volunteer.MatchOptions{MaxDistanceMeters: c.VolunteerDistance, Location: time.UTC, Progress: ph.volunteers, KeepNetwork: c.KeepNetworks})
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	out := &volunteerOutcome{Wanted: map[volunteer.ShiftRef]int{}}
	out.Cost, err = measure(func() (err error) {
		out.Result, err = m.Assign(c.Match)
		return err
	})
	out.Cost.Phases = ph.done
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	for _, f := range out.Result.Fills {
		out.Wanted[f.Shift] = f.Wanted
	}
	if out.GreedyRun = out.Result.RejectionCount <= c.GreedyLimit; out.GreedyRun {
		out.Greedy = greedyVolunteers(c, out.Result, out.Wanted, false)
		out.GreedyCapped = greedyVolunteers(c, out.Result, out.Wanted, true)
	}
	return out, nil
}

// overlapClusters numbers chains of overlapping windows, sweeping by start time, the way
// the volunteer Matcher does: a volunteer takes at most one shift per cluster.
func overlapClusters(win map[volunteer.ShiftRef]wushe.Window) map[volunteer.ShiftRef]int {
	refs := make([]volunteer.ShiftRef, 0, len(win))
	for r := range win {
		refs = append(refs, r)
	}
	slices.SortFunc(refs, func(a, b volunteer.ShiftRef) int {
		return cmp.Or(win[a].Start.Compare(win[b].Start), compareRefs(a, b))
	})
	out := map[volunteer.ShiftRef]int{}
	var end time.Time
	cl := -1
	for _, r := range refs {
		if cl < 0 || !win[r].Start.Before(end) {
			cl++
		}
		out[r] = cl
		if win[r].End.After(end) {
			end = win[r].End
		}
	}
	return out
}

func compareRefs(a, b volunteer.ShiftRef) int {
	return cmp.Or(wushe.CompareIDs(a.OpportunityID, b.OpportunityID), wushe.CompareIDs(a.ShiftID, b.ShiftID), cmp.Compare(a.Occurrence, b.Occurrence))
}

// greedyVolunteers is the baseline: every candidate pair the matcher scored (its
// assignments, dropped assignments and rejections), taken by score, highest first (ties
// by shift, then volunteer ID), whenever the shift has a free place, the volunteer has no
// shift in the same overlap cluster and, when capped, the weekly cap still holds. Without
// caps it obeys exactly the model the matcher's flow solves, so the flow's answer (its
// assignments and the dropped ones together) fills at least as many places, and when it
// fills as many it scores at least as much.
func greedyVolunteers(c *city, res *volunteer.MatchResult, wanted map[volunteer.ShiftRef]int, capped bool) []volunteer.Assignment {
	type pair struct {
		Shift volunteer.ShiftRef
		Vol   uuid.UUID
		Score volunteer.Score
	}
	var pairs []pair
	for _, a := range slices.Concat(res.Assignments, res.Dropped) {
		pairs = append(pairs, pair{a.Shift, a.VolunteerID, a.Score})
	}
	for r := range res.AllRejections() {
		pairs = append(pairs, pair{r.Shift, r.VolunteerID, r.Score})
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(-a.Score.Total.Cmp(b.Score.Total), compareRefs(a.Shift, b.Shift), wushe.CompareIDs(a.Vol, b.Vol))
	})
	capOf := map[uuid.UUID]time.Duration{}
	for _, v := range c.Match.Volunteers {
		capOf[v.ID] = time.Duration(v.MaxWeeklyMinutes) * time.Minute
	}
	cluster := overlapClusters(c.Windows)
	filled := map[volunteer.ShiftRef]int{}
	busy := map[[2]any]bool{}
	// Every shift is in the week after the match and past service is before it, so the
	// week's minutes are only those this pass gives.
	week := map[uuid.UUID]time.Duration{}
	var out []volunteer.Assignment
	for _, p := range pairs {
		key := [2]any{p.Vol, cluster[p.Shift]}
		d := c.Windows[p.Shift].Duration()
		if filled[p.Shift] >= wanted[p.Shift] || busy[key] || (capped && capOf[p.Vol] > 0 && week[p.Vol]+d > capOf[p.Vol]) {
			continue
		}
		filled[p.Shift]++
		busy[key] = true
		week[p.Vol] += d
		out = append(out, volunteer.Assignment{Shift: p.Shift, VolunteerID: p.Vol, Score: p.Score})
	}
	return out
}

// resourceOutcome is the resource plan and its greedy baseline.
type resourceOutcome struct {
	Plan   *resources.MatchPlan
	Cost   cost
	Greedy []resources.PlannedAllocation
	// GreedyRun says whether the greedy baseline ran (see city.GreedyLimit).
	GreedyRun bool
}

// matchResources runs resources.Match on the city's lots and requests, then the greedy
// baseline on the same eligible pairs. A long match prints its progress to progress (nil:
// nowhere).
func matchResources(c *city, progress io.Writer) (*resourceOutcome, error) {
	const op = "citymatch.matchResources"
	out := &resourceOutcome{}
	ph := newPhases("resources", progress)
	var err error
	out.Cost, err = measure(func() (err error) {
		out.Plan, err = resources.Match(c.Lots, c.Requests, matchAt, &resources.MatchOptions{MaxDistanceMeters: c.ResourceDistance,
			WholeUnits: c.Fen == 0, Places: c.Fen, KeepNetwork: c.KeepNetworks, Progress: ph.resources})
		return err
	})
	out.Cost.Phases = ph.done
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	if out.GreedyRun = out.Plan.RejectionCount <= c.GreedyLimit; out.GreedyRun {
		out.Greedy = greedyResources(c, out.Plan)
	}
	return out, nil
}

// greedyResources is the baseline: every eligible pair of the plan (its allocations and
// rejections) taken by score per unit, highest first (ties by lot, then request ID),
// each time giving as much as both the lot and the request still allow.
func greedyResources(c *city, plan *resources.MatchPlan) []resources.PlannedAllocation {
	type pair struct {
		Lot, Req uuid.UUID
		Score    decimal.Decimal
	}
	var pairs []pair
	for _, a := range plan.Allocations {
		pairs = append(pairs, pair{a.LotID, a.RequestID, a.Score})
	}
	for r := range plan.AllRejections() {
		pairs = append(pairs, pair{r.LotID, r.RequestID, r.Score})
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(-a.Score.Cmp(b.Score), wushe.CompareIDs(a.Lot, b.Lot), wushe.CompareIDs(a.Req, b.Req))
	})
	lotLeft := map[uuid.UUID]decimal.Decimal{}
	for _, l := range c.Lots {
		lotLeft[l.ID] = l.OnHand
	}
	reqLeft := map[uuid.UUID]decimal.Decimal{}
	for _, r := range c.Requests {
		reqLeft[r.ID] = r.Remaining()
	}
	var out []resources.PlannedAllocation
	for _, p := range pairs {
		q := decimal.Min(lotLeft[p.Lot], reqLeft[p.Req])
		if !q.IsPositive() {
			continue
		}
		lotLeft[p.Lot] = lotLeft[p.Lot].Sub(q)
		reqLeft[p.Req] = reqLeft[p.Req].Sub(q)
		out = append(out, resources.PlannedAllocation{LotID: p.Lot, RequestID: p.Req, Quantity: q, Score: p.Score})
	}
	return out
}
