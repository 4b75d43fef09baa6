package evaluation

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// ScopeKind is what an observation is about.
type ScopeKind string

// The scope kinds.
const (
	ScopeCommunity    ScopeKind = "community"
	ScopeProject      ScopeKind = "project"
	ScopeGrid         ScopeKind = "grid"
	ScopeOrganization ScopeKind = "organization"
)

var scopeKinds = wushe.NewEnum("scope kind", ScopeCommunity, ScopeProject, ScopeGrid, ScopeOrganization)

// Valid reports whether k is one of the scope kinds.
func (k ScopeKind) Valid() bool { return scopeKinds.Has(k) }

// Scope names the unit an observation describes: a community, project, grid or
// organization, by the ID the host uses for it (a UUID string or any other key).
type Scope struct {
	// Kind is what sort of unit it is.
	Kind ScopeKind `json:"kind"`
	// ID is the host's identifier of the unit.
	ID string `json:"id"`
}

// String renders "kind:id".
func (s Scope) String() string { return string(s.Kind) + ":" + s.ID }

func compareScope(a, b Scope) int {
	if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// Observation is one measured value of an indicator for a scope over a period.
type Observation struct {
	// Indicator is the indicator's Code.
	Indicator string `json:"indicator"`
	// Value is the measured value, in the indicator's unit.
	Value decimal.Decimal `json:"value"`
	// Period is the half-open time range the value covers.
	Period wushe.Window `json:"period"`
	// Scope is what the value is about.
	Scope Scope `json:"scope"`
	// Source says where the value comes from ("linkage", "survey-2026Q1", "site visit").
	Source string `json:"source"`
	// RecordedAt is when the value was recorded; "as of" queries use it.
	RecordedAt time.Time `json:"recorded_at"`
	// Note is an optional remark.
	Note string `json:"note,omitempty"`
}

// Validate reports every problem with the observation.
func (o Observation) Validate() error {
	p := wushe.Check("Observation")
	if !p.CheckValues(o) {
		return p.Err()
	}
	if msg := validCode(o.Indicator); msg != "" {
		p.Addf("Indicator", "%s", msg)
	}
	p.Nested("Period", o.Period.Validate())
	p.Add(scopeKinds.Check("Observation", "Scope.Kind", o.Scope.Kind))
	p.Require(strings.TrimSpace(o.Scope.ID) != "", "Scope.ID", "is required")
	p.Require(strings.TrimSpace(o.Source) != "", "Source", "is required")
	p.Require(!o.RecordedAt.IsZero(), "RecordedAt", "is required")
	return p.Err()
}

// valid reports whether Validate would return nil, without building errors.
func (o Observation) valid() bool {
	return validCode(o.Indicator) == "" && !o.Period.Start.IsZero() && o.Period.End.After(o.Period.Start) &&
		o.Scope.Kind.Valid() && strings.TrimSpace(o.Scope.ID) != "" && strings.TrimSpace(o.Source) != "" &&
		!o.RecordedAt.IsZero()
}

// key is what makes two observations duplicates of each other.
type obsKey struct {
	indicator  string
	start, end int64
	scope      Scope
}

func keyOf(o Observation) obsKey {
	return obsKey{o.Indicator, o.Period.Start.UnixNano(), o.Period.End.UnixNano(), o.Scope}
}

// compareObs is the set's canonical order: indicator, scope, period start, period end,
// recorded time, source, value, note.
func compareObs(a, b Observation) int {
	if c := strings.Compare(a.Indicator, b.Indicator); c != 0 {
		return c
	}
	if c := compareScope(a.Scope, b.Scope); c != 0 {
		return c
	}
	if c := a.Period.Start.Compare(b.Period.Start); c != 0 {
		return c
	}
	if c := a.Period.End.Compare(b.Period.End); c != 0 {
		return c
	}
	return compareVersion(a, b)
}

// compareVersion orders observations of the same key: RecordedAt, Source, Value, Note.
// The greatest is the one Resolved keeps.
func compareVersion(a, b Observation) int {
	if c := a.RecordedAt.Compare(b.RecordedAt); c != 0 {
		return c
	}
	if c := strings.Compare(a.Source, b.Source); c != 0 {
		return c
	}
	if c := a.Value.Cmp(b.Value); c != 0 {
		return c
	}
	return strings.Compare(a.Note, b.Note)
}

// ObservationSet is an immutable, ordered collection of valid observations. It is a value
// that evaluation computes over; evaluation keeps no store of its own: hosts persist
// observations where they like and build a set to score.
//
// Duplicates (the same indicator, period and scope) may coexist in the set, for instance
// a corrected figure recorded after the first one. Resolved picks one of them by a fixed
// rule: the latest RecordedAt wins, and among those recorded at the same instant the
// greatest Source (byte order), then the greatest Value. The zero value is an empty set.
type ObservationSet struct {
	obs []Observation
}

// NewObservationSet validates every observation and returns the set holding them, or an
// error naming each invalid one by index; on error no set is built.
func NewObservationSet(obs ...Observation) (ObservationSet, error) {
	p := wushe.Check("ObservationSet")
	for i, o := range obs {
		if !o.valid() { // the fast check; Validate says what is wrong
			p.Nested(wushe.Index("Observations", i), o.Validate())
		}
	}
	if err := p.Err(); err != nil {
		return ObservationSet{}, wushe.WithOp("evaluation.NewObservationSet", err)
	}
	// A stable sort of indices: observations that compare equal (1 and 1.0) keep their
	// given order, and a set decoded from its own encoding comes back identical.
	idx := make([]int, len(obs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return compareObs(obs[a], obs[b]) })
	cp := make([]Observation, len(obs))
	for i, j := range idx {
		cp[i] = obs[j]
	}
	return ObservationSet{obs: cp}, nil
}

// With returns a new set holding s's observations and obs; s is unchanged.
func (s ObservationSet) With(obs ...Observation) (ObservationSet, error) {
	all := append(slices.Clone(s.obs), obs...)
	out, err := NewObservationSet(all...)
	if err != nil {
		return s, wushe.WithOp("evaluation.ObservationSet.With", err)
	}
	return out, nil
}

// Len is the number of observations, duplicates included.
func (s ObservationSet) Len() int { return len(s.obs) }

// All returns a copy of the observations in canonical order: indicator, scope, period,
// then RecordedAt.
func (s ObservationSet) All() []Observation { return slices.Clone(s.obs) }

// AsOf returns the observations recorded at or before t: what was known at t.
func (s ObservationSet) AsOf(t time.Time) ObservationSet {
	return s.Filter(ObservationFilter{RecordedBy: t})
}

// ObservationFilter selects observations; zero fields select everything.
type ObservationFilter struct {
	// Indicators keeps observations of these indicator codes.
	Indicators []string
	// Scope keeps observations about this scope (when Kind is set; ID too when set).
	Scope Scope
	// Within keeps observations whose period lies inside this window.
	Within wushe.Window
	// RecordedBy keeps observations recorded at or before this time.
	RecordedBy time.Time
}

func (f ObservationFilter) match(o Observation) bool {
	if len(f.Indicators) > 0 && !slices.Contains(f.Indicators, o.Indicator) {
		return false
	}
	if f.Scope.Kind != "" && o.Scope.Kind != f.Scope.Kind {
		return false
	}
	if f.Scope.ID != "" && o.Scope.ID != f.Scope.ID {
		return false
	}
	if !f.Within.Start.IsZero() && o.Period.Start.Before(f.Within.Start) {
		return false
	}
	if !f.Within.End.IsZero() && o.Period.End.After(f.Within.End) {
		return false
	}
	if !f.RecordedBy.IsZero() && o.RecordedAt.After(f.RecordedBy) {
		return false
	}
	return true
}

// Filter returns the observations f selects, in canonical order.
func (s ObservationSet) Filter(f ObservationFilter) ObservationSet {
	var out []Observation
	for _, o := range s.obs {
		if f.match(o) {
			out = append(out, o)
		}
	}
	return ObservationSet{obs: out}
}

// wins reports whether a beats b as the value of their shared key.
func wins(a, b Observation) bool { return compareVersion(a, b) > 0 }

// Resolved returns one observation per (indicator, period, scope), in canonical order:
// the one recorded last, ties broken by the greatest Source, then the greatest Value.
// The result does not depend on the order observations were added in.
func (s ObservationSet) Resolved() []Observation {
	var out []Observation
	for _, o := range s.obs {
		if n := len(out); n > 0 && keyOf(out[n-1]) == keyOf(o) {
			if wins(o, out[n-1]) {
				out[n-1] = o
			}
			continue
		}
		out = append(out, o)
	}
	return out
}

// Conflicts returns, for every (indicator, period, scope) recorded more than once with
// different values, all the observations of that key in canonical order. Each group's
// resolved value is the one Resolved returns.
func (s ObservationSet) Conflicts() [][]Observation {
	var groups [][]Observation
	for i := 0; i < len(s.obs); {
		j := i + 1
		for j < len(s.obs) && keyOf(s.obs[j]) == keyOf(s.obs[i]) {
			j++
		}
		g := s.obs[i:j]
		for _, o := range g[1:] {
			if !o.Value.Equal(g[0].Value) {
				groups = append(groups, slices.Clone(g))
				break
			}
		}
		i = j
	}
	return groups
}

// Latest returns the resolved observation of the indicator to use when one value is
// wanted: the one whose period ends last, then (for equal ends) the one that starts first,
// i.e. the longer period. It returns false when the set holds no observation of the
// indicator, and an error when the indicator is observed for more than one scope (filter
// by scope first).
func (s ObservationSet) Latest(indicator string) (Observation, bool, error) {
	var mine []Observation
	for _, o := range s.Resolved() {
		if o.Indicator == indicator {
			mine = append(mine, o)
		}
	}
	return latestOf(indicator, mine)
}

// byIndicator groups the resolved observations by indicator code.
func (s ObservationSet) byIndicator() map[string][]Observation {
	out := map[string][]Observation{}
	for _, o := range s.Resolved() {
		out[o.Indicator] = append(out[o.Indicator], o)
	}
	return out
}

// latestOf applies Latest's rule to the resolved observations of one indicator.
func latestOf(indicator string, resolved []Observation) (Observation, bool, error) {
	var best Observation
	for i, o := range resolved {
		if i > 0 && o.Scope != best.Scope {
			return Observation{}, false, &wushe.Error{Op: "evaluation.ObservationSet.Latest", Kind: wushe.KindInvalid,
				Entity: "ObservationSet", Field: "Scope",
				Msg: "indicator " + indicator + " is observed for more than one scope (" + best.Scope.String() + ", " + o.Scope.String() + "); filter by scope first"}
		}
		if i == 0 || o.Period.End.After(best.Period.End) ||
			(o.Period.End.Equal(best.Period.End) && o.Period.Start.Before(best.Period.Start)) {
			best = o
		}
	}
	return best, len(resolved) > 0, nil
}

// MarshalJSON encodes the set as a JSON array of its observations in canonical order.
func (s ObservationSet) MarshalJSON() ([]byte, error) {
	if s.obs == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(s.obs)
}

// UnmarshalJSON decodes a JSON array of observations, validating each as
// NewObservationSet does; on error s is unchanged.
func (s *ObservationSet) UnmarshalJSON(b []byte) error {
	var obs []Observation
	if err := json.Unmarshal(b, &obs); err != nil {
		return &wushe.Error{Op: "evaluation.ObservationSet.UnmarshalJSON", Kind: wushe.KindInvalid,
			Entity: "ObservationSet", Msg: "not a JSON array of observations", Err: err}
	}
	out, err := NewObservationSet(obs...)
	if err != nil {
		return wushe.WithOp("evaluation.ObservationSet.UnmarshalJSON", err)
	}
	*s = out
	return nil
}
