package linkage

import (
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/evaluation"
)

// Indicator codes of the linkage loop that Outputs reports (the hotline "three rates" of
// STANDARDS.md §10.2 among them). They use the evaluation catalogue's alphabet.
const (
	// CodeCasesServed counts distinct clients with a case session in the period.
	CodeCasesServed = "cases_served"
	// CodeReferrals counts the referrals requested in the period; CodeReferralsToPrefix,
	// followed by a ResponderKind, counts those handed to that kind.
	CodeReferrals         = "referrals"
	CodeReferralsToPrefix = "referrals_to."
	// CodeReferralResponseRate is the share of the period's referrals answered (accepted
	// or rejected) by their RespondBy.
	CodeReferralResponseRate = "referral_response_rate"
	// CodeReferralResolutionRate is the share of the period's referrals completed by the
	// period's end.
	CodeReferralResolutionRate = "referral_resolution_rate"
	// CodeReferralSatisfactionRate is the share of the period's follow-up calls answered
	// satisfied or basically satisfied.
	CodeReferralSatisfactionRate = "referral_satisfaction_rate"
	// CodeReferralMedianResponseDays and CodeReferralMedianResolutionDays are the medians,
	// in days to 2 places, of the period's referrals' ResponseTime and ResolutionTime.
	CodeReferralMedianResponseDays   = "referral_median_response_days"
	CodeReferralMedianResolutionDays = "referral_median_resolution_days"
	// CodeReferralsOverdue counts the period's referrals that were past a deadline at the
	// period's end: answered late, completed late, or still open past their Due.
	CodeReferralsOverdue = "referrals_overdue"
	// CodeWhistlesAnsweredOnTime counts the period's whistles (referrals to a street-office
	// department) answered by their RespondBy.
	CodeWhistlesAnsweredOnTime = "whistles_answered_on_time"
	// CodeWhistles counts the period's whistles; CodeWhistlesResolved those completed by
	// the period's end.
	CodeWhistles         = "whistles"
	CodeWhistlesResolved = "whistles_resolved"
)

// ReferralIndicator returns the code counting the referrals handed to kind k.
func ReferralIndicator(k ResponderKind) string { return CodeReferralsToPrefix + string(k) }

// referralCounts accumulates the referral figures.
type referralCounts struct {
	total, inTime, completed, overdue, whistles int
	whistleTotal, whistlesResolved              int
	byKind                                      map[ResponderKind]int
	responses, resolutions                      []time.Duration
	calls, content                              int
	clients                                     map[string]struct{}
}

// referrals counts the scope's referrals requested in the period and its follow-up calls
// made in it. A community's referrals are those of the community; a project's those whose
// Project is it.
func (w *outputsWalk) referrals(c *outputCounts) error {
	rc := referralCounts{byKind: map[ResponderKind]int{}}
	end := w.period.End
	for _, community := range w.communities {
		f := ReferralFilter{Community: community, RequestedFrom: w.period.Start, RequestedTo: w.period.End}
		err := walkPages(w, func(req wushe.PageRequest) (wushe.Page[Referral], error) {
			f.Page = req
			return w.s.store.ListReferrals(w.ctx, f)
		}, func(r Referral) error {
			if !w.period.Contains(r.RequestedAt) || (w.scope.Kind == evaluation.ScopeProject && r.Project != w.scope.ID) {
				return nil
			}
			rc.total++
			rc.byKind[r.Responder.Kind]++
			if r.Whistle() {
				rc.whistleTotal++
			}
			answeredBy := !r.RespondedAt.IsZero() && r.RespondedAt.Before(end)
			if answeredBy && r.AnsweredInTime() {
				rc.inTime++
				if r.Whistle() {
					rc.whistles++
				}
			}
			if d, ok := r.ResponseTime(); ok && answeredBy {
				rc.responses = append(rc.responses, d)
			}
			if d, ok := r.ResolutionTime(); ok && r.ClosedAt.Before(end) {
				rc.completed++
				if r.Whistle() {
					rc.whistlesResolved++
				}
				rc.resolutions = append(rc.resolutions, d)
			}
			if lateAt(r, end) {
				rc.overdue++
			}
			return nil
		})
		if err != nil {
			return err
		}
		ff := FollowUpFilter{Community: community, From: w.period.Start, To: w.period.End}
		err = walkPages(w, func(req wushe.PageRequest) (wushe.Page[FollowUp], error) {
			ff.Page = req
			return w.s.store.ListFollowUps(w.ctx, ff)
		}, func(fu FollowUp) error {
			rc.calls++
			if fu.Answer.Content() {
				rc.content++
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	c.referrals = &rc
	return nil
}

// lateAt reports whether r was past a deadline at t: answered after RespondBy, completed
// after ResolveBy, or open at t past the deadline it was then held to.
func lateAt(r Referral, t time.Time) bool {
	answered := !r.RespondedAt.IsZero() && r.RespondedAt.Before(t)
	if answered && r.RespondedAt.After(r.RespondBy) {
		return true
	}
	if !answered && t.After(r.RespondBy) && (r.ClosedAt.IsZero() || !r.ClosedAt.Before(t)) {
		return true
	}
	closed := !r.ClosedAt.IsZero() && r.ClosedAt.Before(t)
	if closed {
		return r.Status == ReferralCompleted && r.ClosedAt.After(r.ResolveBy)
	}
	return answered && r.Status.Answered() && r.Status != ReferralRejected && t.After(r.ResolveBy)
}

// add appends the referral observations: counts when any referral was requested in the
// period, rates and medians only when their denominators are not empty.
func (rc *referralCounts) add(add func(string, decimal.Decimal)) {
	n := func(code string, v int) { add(code, decimal.NewFromInt(int64(v))) }
	share := func(code string, num, den int) {
		if den > 0 {
			add(code, decimal.NewFromInt(int64(num)).DivRound(decimal.NewFromInt(int64(den)), 4))
		}
	}
	if rc.total > 0 {
		n(CodeReferrals, rc.total)
		for _, k := range ResponderKinds() {
			n(ReferralIndicator(k), rc.byKind[k])
		}
		share(CodeReferralResponseRate, rc.inTime, rc.total)
		share(CodeReferralResolutionRate, rc.completed, rc.total)
		n(CodeReferralsOverdue, rc.overdue)
		n(CodeWhistles, rc.whistleTotal)
		n(CodeWhistlesAnsweredOnTime, rc.whistles)
		n(CodeWhistlesResolved, rc.whistlesResolved)
		if m, ok := medianDays(rc.responses); ok {
			add(CodeReferralMedianResponseDays, m)
		}
		if m, ok := medianDays(rc.resolutions); ok {
			add(CodeReferralMedianResolutionDays, m)
		}
	}
	share(CodeReferralSatisfactionRate, rc.content, rc.calls)
}

// workTotals sums, for the scope's referrals, the verified volunteer minutes served and
// the value of allocations delivered in the period, from the work attached to them; what
// Outputs reports when no VolunteerHours or ResourcesAllocated override is given and the
// Service reaches the volunteer or resources work.
func (w *outputsWalk) workTotals() (minutes int64, value decimal.Decimal, err error) {
	value = decimal.Zero
	seen := map[uuid.UUID]bool{}
	for _, community := range w.communities {
		f := ReferralFilter{Community: community}
		err = walkPages(w, func(req wushe.PageRequest) (wushe.Page[Referral], error) {
			f.Page = req
			return w.s.store.ListReferrals(w.ctx, f)
		}, func(r Referral) error {
			if seen[r.ID] || (w.scope.Kind == evaluation.ScopeProject && r.Project != w.scope.ID) {
				return nil
			}
			seen[r.ID] = true
			o, err := w.s.outputsOf(w.ctx, w.op, r)
			if err != nil {
				return err
			}
			for _, rec := range o.Records {
				if !w.period.Contains(rec.At) {
					continue
				}
				minutes += int64(rec.Minutes)
				value = value.Add(rec.Value)
			}
			return nil
		})
		if err != nil {
			return 0, decimal.Zero, err
		}
	}
	return minutes, value, nil
}
