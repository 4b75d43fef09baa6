package volunteer

import (
	"math"
	"time"
)

// Reliability scores attendance. The score is a float64 in [0, 1]: it is a ranking
// signal, not money or a quantity, so floating point is fine.
//
// The formula is an exponentially weighted average with a prior. Each past enrolment
// outcome i, t_i days before the instant scored, has weight w_i = 0.5^(t_i / HalfLifeDays)
// and value v_i: 1 for completed, 0 for a no-show, LateCancelValue for a late cancellation
// (on-time cancellations and open enrolments are ignored). With PriorEvents = k good
// events of weight 1,
//
//	score = (k + Σ w_i v_i) / (k + Σ w_i)
//
// so a newcomer scores 1, a no-show lowers the score, and as it ages its weight halves
// every HalfLifeDays and good attendance brings the score back. Outcomes after the
// instant scored are ignored.
type Reliability struct {
	HalfLifeDays    float64 `json:"half_life_days"`
	PriorEvents     float64 `json:"prior_events"`
	LateCancelValue float64 `json:"late_cancel_value"`
}

// DefaultReliability: a half-life of 90 days, a prior of 3 good events, late cancellations
// worth half a completed shift.
var DefaultReliability = Reliability{HalfLifeDays: 90, PriorEvents: 3, LateCancelValue: 0.5}

// Score computes the score at instant at from enrolments (any order). An enrolment's
// outcome is dated by CompletedAt, CancelledAt or, for a no-show, the end of its window.
func (r Reliability) Score(enrolments []Enrolment, at time.Time) float64 {
	if r.HalfLifeDays <= 0 {
		r.HalfLifeDays = DefaultReliability.HalfLifeDays
	}
	if r.PriorEvents < 0 {
		r.PriorEvents = 0
	}
	num, den := r.PriorEvents, r.PriorEvents
	for _, e := range enrolments {
		var when time.Time
		var v float64
		switch {
		case e.Status == EnrolmentCompleted:
			when, v = e.CompletedAt, 1
		case e.Status == EnrolmentNoShow:
			when, v = e.Window.End, 0
		case e.Status == EnrolmentCancelled && e.LateCancellation:
			when, v = e.CancelledAt, r.LateCancelValue
		default:
			continue
		}
		if when.IsZero() || when.After(at) {
			continue
		}
		days := at.Sub(when).Hours() / 24
		w := math.Pow(0.5, days/r.HalfLifeDays)
		num += w * v
		den += w
	}
	if den == 0 {
		return 1
	}
	return math.Max(0, math.Min(1, num/den))
}
