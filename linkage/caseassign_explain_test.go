package linkage_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/linkgen"
	"github.com/wushe/wushe/linkage"
)

// mixedCaseInput is linkgen's case round with some workers on leave, some without a cap and
// declared conflicts of both kinds, so that every rule excludes some pairs.
func mixedCaseInput(cases, workers int) linkage.CaseAssignInput {
	in := linkgen.CaseSpec{Seed: 2024, Cases: cases, Workers: workers}.Input()
	for i := range in.Workers {
		if i%11 == 3 {
			in.Workers[i].Status = linkage.WorkerOnLeave
		}
		if i%5 == 1 {
			in.Conflicts = append(in.Conflicts,
				linkage.CaseConflict{Worker: in.Workers[i].ID, Household: fmt.Sprintf("H-%d", i*7%5000), Reason: "relative"},
				linkage.CaseConflict{Worker: in.Workers[i].ID, Case: in.Cases[i%len(in.Cases)].ID})
		}
		if i%9 == 2 {
			in.Workers[i].CaseloadCap = 0
		}
		if i%13 == 5 {
			in.Workers[i].CaseloadCap = 1 // at or over the cap: excluded for capacity
		}
	}
	return in
}

// checkCaseLists checks a result made with ListLimit limit against the full result of the
// same round: the lists are the first entries of the full ones, the All iterators give the
// full ones, the counts count them, every pair of the round is assigned, rejected or
// excluded exactly once, and Explain says of each pair what the lists say.
func checkCaseLists(t *testing.T, in linkage.CaseAssignInput, res, full *linkage.CaseAssignResult, limit int) {
	t.Helper()
	n := limit
	if n < 0 {
		n = len(full.Rejections) + len(full.Exclusions)
	}
	require.Equal(t, full.Rejections[:min(n, len(full.Rejections))], res.Rejections)
	require.Equal(t, full.Exclusions[:min(n, len(full.Exclusions))], res.Exclusions)
	require.Equal(t, full.Rejections, slices.Collect(res.AllRejections()))
	require.Equal(t, full.Exclusions, slices.Collect(res.AllExclusions()))
	require.Equal(t, len(full.Rejections), res.RejectionCount)
	require.Equal(t, len(full.Exclusions), res.ExclusionCount)
	byRule := map[string]int64{}
	for _, e := range full.Exclusions {
		byRule[e.Rule]++
	}
	var rules []string
	for _, rc := range res.Excluded {
		rules = append(rules, rc.Rule)
		require.Equal(t, byRule[rc.Rule], rc.Pairs, rc.Rule)
	}
	require.Equal(t, []string{linkage.CaseRuleStatus, linkage.CaseRuleCommunity, linkage.CaseRuleQualification, linkage.CaseRuleConflict, linkage.CaseRuleCapacity}, rules)

	// Rejections: least loss first, then by case and worker ID.
	require.True(t, slices.IsSortedFunc(full.Rejections, func(x, y linkage.CaseRejection) int {
		return cmp.Or(x.Lost.Decimal.Cmp(y.Lost.Decimal), cmp.Compare(x.Case.String(), y.Case.String()), cmp.Compare(x.Worker.String(), y.Worker.String()))
	}))
	require.True(t, slices.IsSortedFunc(full.Exclusions, func(x, y linkage.CaseExclusion) int {
		return cmp.Or(cmp.Compare(x.Case.String(), y.Case.String()), cmp.Compare(x.Worker.String(), y.Worker.String()))
	}))

	type pair struct{ c, w uuid.UUID }
	seen := map[pair]string{}
	mark := func(p pair, what string) {
		require.Empty(t, seen[p], "pair %v listed twice", p)
		seen[p] = what
	}
	for _, a := range res.Assignments {
		mark(pair{a.Case, a.Worker}, linkage.CasePairAssigned)
		ex, err := res.Explain(a.Case, a.Worker)
		require.NoError(t, err)
		require.Equal(t, linkage.CasePairAssigned, ex.Outcome)
		require.Equal(t, a.Score.String(), ex.Score.String())
		require.Equal(t, a.Factors, ex.Factors)
	}
	for _, rj := range full.Rejections {
		mark(pair{rj.Case, rj.Worker}, linkage.CasePairRejected)
		ex, err := res.Explain(rj.Case, rj.Worker)
		require.NoError(t, err)
		require.Equal(t, linkage.CasePairRejected, ex.Outcome)
		require.Equal(t, rj.Score.String(), ex.Score.String())
		require.Equal(t, rj.Lost, ex.Lost)
	}
	for _, e := range full.Exclusions {
		mark(pair{e.Case, e.Worker}, linkage.CasePairExcluded)
		ex, err := res.Explain(e.Case, e.Worker)
		require.NoError(t, err)
		require.Equal(t, linkage.CasePairExcluded, ex.Outcome)
		require.Equal(t, e.Rule, ex.Rule)
		require.Equal(t, e.Detail, ex.Detail)
	}
	require.Len(t, seen, len(in.Cases)*len(in.Workers))
}

// TestCaseAssignListsAreCappedAndComplete checks the capped lists, the iterators, the
// counts and Explain against the full lists, over seeded rounds and several limits.
func TestCaseAssignListsAreCappedAndComplete(t *testing.T) {
	for _, size := range [][2]int{{60, 12}, {150, 30}, {40, 45}, {200, 8}} {
		in := mixedCaseInput(size[0], size[1])
		full := assign(t, newAssigner(t, &linkage.CaseAssignOptions{ListLimit: -1}), in)
		require.NotEmpty(t, full.Rejections)
		for _, limit := range []int{-1, 0, 1, 7, 1000} {
			t.Run(fmt.Sprintf("%dx%d/limit=%d", size[0], size[1], limit), func(t *testing.T) {
				res := assign(t, newAssigner(t, &linkage.CaseAssignOptions{ListLimit: limit}), in)
				l := limit
				if l == 0 {
					l = linkage.DefaultCaseListLimit
				}
				require.Equal(t, full.Assignments, res.Assignments)
				require.Equal(t, full.Unplaced, res.Unplaced)
				checkCaseLists(t, in, res, full, l)
			})
		}
	}
}

// TestCaseRoundResultKeepsItsAnswer: a round's result explains the round as it was, however
// many cases are placed after it; a case placed later is not a case of the earlier result.
func TestCaseRoundResultKeepsItsAnswer(t *testing.T) {
	in := mixedCaseInput(120, 25)
	later := in.Cases[80:]
	in.Cases = in.Cases[:80]
	a := newAssigner(t, &linkage.CaseAssignOptions{ListLimit: -1})
	round, err := a.Start(in)
	require.NoError(t, err)
	before, err := round.Result()
	require.NoError(t, err)
	snapshot, err := json.Marshal(before)
	require.NoError(t, err)
	rejections, exclusions := slices.Collect(before.AllRejections()), slices.Collect(before.AllExclusions())
	for _, c := range later {
		_, err := round.Place(c)
		require.NoError(t, err)
	}
	// A repeated case is refused and changes nothing.
	_, err = round.Place(later[0])
	requireKind(t, err, wushe.KindInvalid, "")

	again, err := json.Marshal(before)
	require.NoError(t, err)
	require.JSONEq(t, string(snapshot), string(again))
	require.Equal(t, rejections, slices.Collect(before.AllRejections()))
	require.Equal(t, exclusions, slices.Collect(before.AllExclusions()))
	_, err = before.Explain(later[0].ID, in.Workers[0].ID)
	requireKind(t, err, wushe.KindNotFound, "")

	after, err := round.Result()
	require.NoError(t, err)
	all := in
	all.Cases = append(slices.Clone(in.Cases), later...)
	full := assign(t, a, all)
	// Same objective as a full solve; the lists describe the round's own answer.
	require.Equal(t, len(full.Assignments), len(after.Assignments))
	require.True(t, full.Score().Equal(after.Score()), "%s vs %s", full.Score(), after.Score())
	require.Equal(t, full.Exclusions, slices.Collect(after.AllExclusions()))
	require.Equal(t, full.ExclusionCount, after.ExclusionCount)
	require.Equal(t, full.RejectionCount, after.RejectionCount)
}

func TestCaseAssignExplainErrors(t *testing.T) {
	in := mixedCaseInput(20, 6)
	res := assign(t, newAssigner(t, nil), in)
	_, err := res.Explain(uuid.New(), in.Workers[0].ID)
	requireKind(t, err, wushe.KindNotFound, "")
	require.ErrorContains(t, err, "linkage.CaseAssignResult.Explain")
	_, err = res.Explain(in.Cases[0].ID, uuid.New())
	requireKind(t, err, wushe.KindNotFound, "")
	var zero linkage.CaseAssignResult
	_, err = zero.Explain(in.Cases[0].ID, in.Workers[0].ID)
	requireKind(t, err, wushe.KindInvalid, "")
	// A result not made by an assigner lists what it holds.
	zero.Rejections = []linkage.CaseRejection{{Case: in.Cases[0].ID}}
	require.Len(t, slices.Collect(zero.AllRejections()), 1)
	require.Empty(t, slices.Collect(zero.AllExclusions()))
}

// TestNewCaseAssignerRefusesWeightsTooLarge: weights whose sum does not fit the engine's
// integers are refused when the assigner is made, not at the first round.
func TestNewCaseAssignerRefusesWeightsTooLarge(t *testing.T) {
	huge := decimal.New(1, 15)
	_, err := linkage.NewCaseAssigner(&linkage.CaseAssignOptions{Weights: linkage.CaseWeights{Specialty: huge, Distance: huge}})
	requireKind(t, err, wushe.KindInvalid, "")
	require.ErrorContains(t, err, "linkage.NewCaseAssigner")
}
