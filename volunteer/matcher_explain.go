package volunteer

import (
	"cmp"
	"fmt"
	"io"
	"iter"
	"slices"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
)

// What became of a candidate.
const (
	outcomeRejected int8 = iota
	outcomeAssigned
	outcomeDropped
)

// explainer keeps what a MatchResult needs to explain any pair on demand: the prepared
// match, the cap rounds' state, each candidate's outcome and the reduced cost of its arc
// in the last round that offered it.
type explainer struct {
	m       *Matcher
	pr      *prepared
	st      *capState
	lost    []int64
	lostOK  []bool
	outcome []int8
	capOuts int            // rejections a cap round ruled out
	network *match.Problem // the first round's network, when kept
}

// noteNetwork keeps the first round's network when MatchOptions.KeepNetwork asks for it.
func (ex *explainer) noteNetwork(p *match.Problem) {
	if ex.m.opts.KeepNetwork && ex.network == nil {
		ex.network = p
	}
}

func (ex *explainer) assignment(c int) Assignment {
	k := ex.pr.cands[c]
	return Assignment{Shift: ex.pr.occs[k.occ].occ.Ref, VolunteerID: ex.pr.in.Volunteers[k.vol].ID, Score: ex.m.scoreOf(k.vals)}
}

func (ex *explainer) rejection(c int) Rejection {
	k := ex.pr.cands[c]
	r := Rejection{Shift: ex.pr.occs[k.occ].occ.Ref, VolunteerID: ex.pr.in.Volunteers[k.vol].ID, Score: ex.m.scoreOf(k.vals)}
	if ex.lostOK[c] {
		l := ex.m.scale.Points(ex.lost[c])
		r.Lost = &l
	}
	return r
}

// capExclusion is the weekly_cap exclusion of a candidate a cap round ruled out.
func (ex *explainer) capExclusion(c int) Exclusion {
	k := ex.pr.cands[c]
	v := ex.pr.in.Volunteers[k.vol]
	return Exclusion{Shift: ex.pr.occs[k.occ].occ.Ref, VolunteerID: v.ID, Constraint: ruleWeeklyCap,
		Detail: fmt.Sprintf("the assignments kept leave %v of the %d-minute cap that week, the shift takes %v", ex.st.capLeft[c], v.MaxWeeklyMinutes, ex.pr.occs[k.occ].dur)}
}

// AllRejections lists every candidate the answer did not use (and did not drop), by shift,
// then score (highest first), then volunteer ID: the whole list that Rejections holds the
// first MatchOptions.ListLimit entries of. Each is built when the iteration reaches it.
func (r *MatchResult) AllRejections() iter.Seq[Rejection] {
	if r.ex == nil {
		return slices.Values(r.Rejections)
	}
	return func(yield func(Rejection) bool) {
		ex := r.ex
		pr := ex.pr
		byOcc := make([][]int32, len(pr.occs))
		for c, k := range pr.cands {
			if ex.outcome[c] == outcomeRejected {
				byOcc[k.occ] = append(byOcc[k.occ], int32(c))
			}
		}
		for _, oi := range pr.byRef {
			list := byOcc[oi]
			slices.SortFunc(list, func(a, b int32) int {
				return cmp.Or(-cmp.Compare(pr.cands[a].total, pr.cands[b].total), cmp.Compare(pr.vols[pr.cands[a].vol].rank, pr.vols[pr.cands[b].vol].rank))
			})
			for _, c := range list {
				if !yield(ex.rejection(int(c))) {
					return
				}
			}
		}
	}
}

// AllExclusions lists every pair a hard constraint kept out, with the text that says why:
// the pairs of the input, volunteers in input order and shifts by start time then ref, each
// under the first constraint it fails in the order enrolled, eligibility, availability,
// overlap, weekly_cap, distance; then the candidates a later cap round left out because
// the volunteer's week was full (constraint weekly_cap), by volunteer ID then shift. It is
// the whole list that Exclusions holds the first MatchOptions.ListLimit entries of; each
// pair is checked again when the iteration reaches it, so listing every pair of a large
// match costs a pass over all of them.
func (r *MatchResult) AllExclusions() iter.Seq[Exclusion] {
	if r.ex == nil {
		return slices.Values(r.Exclusions)
	}
	return func(yield func(Exclusion) bool) {
		ex := r.ex
		pr := ex.pr
		stop := false
		for vi, v := range pr.in.Volunteers {
			for _, oc := range pr.occs {
				ex.m.hard(v, oc, pr.vols[vi].hist, func(constraint, format string, args ...any) {
					stop = stop || !yield(Exclusion{Shift: oc.occ.Ref, VolunteerID: v.ID, Constraint: constraint, Detail: fmt.Sprintf(format, args...)})
				})
				if stop {
					return
				}
			}
		}
		for c := range pr.cands {
			if ex.outcome[c] == outcomeRejected && ex.st.capOut[c] {
				if !yield(ex.capExclusion(c)) {
					return
				}
			}
		}
	}
}

// The outcomes PairExplanation reports.
const (
	PairAssigned = "assigned" // in Assignments
	PairDropped  = "dropped"  // in Dropped
	PairRejected = "rejected" // a candidate not used
	PairExcluded = "excluded" // kept out by a hard constraint
)

// PairExplanation is what a match made of one shift and one volunteer.
type PairExplanation struct {
	Shift       ShiftRef  `json:"shift"`
	VolunteerID uuid.UUID `json:"volunteer_id"`
	// Outcome is PairAssigned, PairDropped, PairRejected or PairExcluded.
	Outcome string `json:"outcome"`
	// Score is the pair's score, for every outcome but PairExcluded.
	Score *Score `json:"score,omitempty"`
	// Lost is, for a rejected pair, what Rejection.Lost says.
	Lost *decimal.Decimal `json:"lost,omitempty"`
	// Exclusions are the exclusions that name the pair, as AllExclusions lists them: for an
	// excluded pair its constraint, for a rejected pair a weekly cap ruled out later.
	Exclusions []Exclusion `json:"exclusions,omitempty"`
}

// Explain says what the match made of the pair of shift ref and a volunteer: assigned,
// dropped or rejected with its score (and, rejected, the score lost by forcing it), or
// excluded with the constraint and the same text AllExclusions gives. It costs a look at
// the pair, not a pass over the match. A shift or volunteer not in the match's input is a
// KindNotFound error.
func (r *MatchResult) Explain(ref ShiftRef, volunteerID uuid.UUID) (*PairExplanation, error) {
	const op = "volunteer.MatchResult.Explain"
	ex := r.ex
	if ex == nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "MatchResult", Msg: "was not made by Matcher.Assign"}
	}
	pr := ex.pr
	oi, ok := slices.BinarySearchFunc(pr.byRef, ref, func(i int32, ref ShiftRef) int { return compareRefs(pr.occs[i].occ.Ref, ref) })
	if !ok {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "Shift", ID: ref.String(), Msg: "is not a shift of the match"}
	}
	occ := pr.byRef[oi]
	vr, ok := slices.BinarySearchFunc(pr.byID, volunteerID, func(i int32, id uuid.UUID) int { return wushe.CompareIDs(pr.in.Volunteers[i].ID, id) })
	if !ok {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "Volunteer", ID: volunteerID.String(), Msg: "is not a volunteer of the match"}
	}
	vi := pr.byID[vr]
	out := &PairExplanation{Shift: ref, VolunteerID: volunteerID}
	// The candidates are by volunteer ID, then occurrence.
	c, found := slices.BinarySearchFunc(pr.cands, [2]int32{pr.vols[vi].rank, occ}, func(k cand, key [2]int32) int {
		return cmp.Or(cmp.Compare(pr.vols[k.vol].rank, key[0]), cmp.Compare(k.occ, key[1]))
	})
	if !found {
		out.Outcome = PairExcluded
		ex.m.hard(pr.in.Volunteers[vi], pr.occs[occ], pr.vols[vi].hist, func(constraint, format string, args ...any) {
			out.Exclusions = append(out.Exclusions, Exclusion{Shift: ref, VolunteerID: volunteerID, Constraint: constraint, Detail: fmt.Sprintf(format, args...)})
		})
		return out, nil
	}
	s := ex.m.scoreOf(pr.cands[c].vals)
	out.Score = &s
	switch ex.outcome[c] {
	case outcomeAssigned:
		out.Outcome = PairAssigned
	case outcomeDropped:
		out.Outcome = PairDropped
	default:
		out.Outcome = PairRejected
		out.Lost = ex.rejection(c).Lost
		if ex.st.capOut[c] {
			out.Exclusions = append(out.Exclusions, ex.capExclusion(c))
		}
	}
	return out, nil
}

// WriteDIMACS writes the flow network of the match's first solve (the one before any cap
// round) in the DIMACS minimum-cost-flow format, so that another solver can check its
// optimum: the shifts' nodes by ID, then the supplies' (a volunteer's overlap cluster), then
// a sink, each shift supplying its free places, and a comment line "c wushe big BIG total
// T" giving the price of a place left unfilled. It needs MatchOptions.KeepNetwork, which
// keeps the network in the result; without it the error is of kind invalid.
func (r *MatchResult) WriteDIMACS(w io.Writer) error {
	const op = "volunteer.MatchResult.WriteDIMACS"
	if r.ex == nil || r.ex.network == nil {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "MatchResult", Field: "KeepNetwork", Msg: "the match did not keep its network (set MatchOptions.KeepNetwork)"}
	}
	return wushe.Wrap(op, match.WriteProblemDIMACS(w, r.ex.network))
}
