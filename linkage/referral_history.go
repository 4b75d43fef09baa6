package linkage

import "time"

// StatusAt is the referral's status at instant t, replayed from what it records: requested
// from RequestedAt, then the To of each of its Events whose At is not after t, in the order
// they were recorded. ok is false before RequestedAt (the referral did not exist yet). For
// a t at or after the last event it is the referral's Status: the "referrals by status over
// time" view of a period's end.
func (r Referral) StatusAt(t time.Time) (status ReferralStatus, ok bool) {
	if r.RequestedAt.IsZero() || t.Before(r.RequestedAt) {
		return "", false
	}
	status = ReferralRequested
	for _, e := range r.Events {
		if !e.At.After(t) {
			status = e.To
		}
	}
	return status, true
}

// CountByStatusAt counts referrals by their status at instant t (StatusAt), leaving out
// those not yet made; statuses with none are absent from the map.
func CountByStatusAt(referrals []Referral, t time.Time) map[ReferralStatus]int {
	out := map[ReferralStatus]int{}
	for _, r := range referrals {
		if s, ok := r.StatusAt(t); ok {
			out[s]++
		}
	}
	return out
}
