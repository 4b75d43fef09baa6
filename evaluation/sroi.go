package evaluation

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// SROI rounding: intermediate values are computed with divisions to 20 decimal places;
// money results (CNY) are rounded to 2 places and ratios to 4, half away from zero (that is
// half up for the non-negative values SROI mostly produces).
const (
	sroiPrecision = 20
	moneyPlaces   = 2
	ratioPlaces   = 4
)

// Outcome is one valued change in an SROI impact map. Filters are fractions in [0, 1].
type Outcome struct {
	// Name says what changes, for whom.
	Name string `json:"name"`
	// Stakeholder is who experiences it.
	Stakeholder string `json:"stakeholder,omitempty"`
	// Indicator is the code of the indicator that evidences it, if any.
	Indicator string `json:"indicator,omitempty"`
	// Quantity is how many stakeholders (or units) experience it per year.
	Quantity decimal.Decimal `json:"quantity"`
	// Proxy is the financial proxy: the value of one unit of the outcome for one year, in CNY.
	Proxy decimal.Decimal `json:"proxy"`
	// ProxySource cites where the proxy comes from.
	ProxySource string `json:"proxy_source"`
	// Deadweight is the share that would have happened anyway.
	Deadweight decimal.Decimal `json:"deadweight"`
	// Displacement is the share that displaced other outcomes.
	Displacement decimal.Decimal `json:"displacement"`
	// Attribution is the share due to other people or organizations.
	Attribution decimal.Decimal `json:"attribution"`
	// DropOff is the yearly decline after the first year.
	DropOff decimal.Decimal `json:"drop_off"`
	// Duration is how many years the outcome lasts (at least 1).
	Duration int `json:"duration"`
	// StartYear is the first year it occurs, 1 being the year of the investment; 0 means 1.
	StartYear int `json:"start_year,omitempty"`
}

func (o Outcome) start() int {
	if o.StartYear <= 0 {
		return 1
	}
	return o.StartYear
}

// Impact is the outcome's value in its first year: Quantity × Proxy × (1 − Deadweight) ×
// (1 − Displacement) × (1 − Attribution), unrounded.
func (o Outcome) Impact() decimal.Decimal {
	one := decimal.NewFromInt(1)
	return o.Quantity.Mul(o.Proxy).Mul(one.Sub(o.Deadweight)).Mul(one.Sub(o.Displacement)).Mul(one.Sub(o.Attribution))
}

// Input is an investment in the activity, in CNY: a grant, staff time, donated goods at value.
type Input struct {
	// Name says what the input is.
	Name string `json:"name"`
	// Amount is its value in CNY; not negative.
	Amount decimal.Decimal `json:"amount"`
	// Source says where the figure comes from.
	Source string `json:"source,omitempty"`
}

// VolunteerTime values volunteers' hours as an input. China has no official value of a
// volunteer hour; use a local wage as the proxy and cite it in Source.
type VolunteerTime struct {
	// Hours is the volunteer hours given (IRIS+ OI1166).
	Hours decimal.Decimal `json:"hours"`
	// HourlyValue is the value of one hour in CNY.
	HourlyValue decimal.Decimal `json:"hourly_value"`
	// Source cites the hourly value (a local wage figure and its year).
	Source string `json:"source"`
}

// Value is Hours × HourlyValue.
func (v VolunteerTime) Value() decimal.Decimal { return v.Hours.Mul(v.HourlyValue) }

// DefaultDiscountRate is 3.5%, the HM Treasury Green Book social time preference rate for
// years 1–30 (gov.uk, "Review of discounting in the Green Book: Terms of Reference",
// 2025-12-16). With no DiscountRate set, SROI discounts at 3.5% for years 1–30, 3.0% for
// 31–75 and 2.5% after, as the Green Book does.
func DefaultDiscountRate() decimal.Decimal { return decimal.New(35, -3) }

// SROI is a Social Return on Investment analysis (A Guide to Social Return on Investment,
// Cabinet Office 2009, SROI Network 2012): outcomes valued with financial proxies, net of
// deadweight, displacement and attribution, declining by drop-off, discounted to a present
// value and set against the inputs.
type SROI struct {
	// Name identifies the analysis.
	Name string `json:"name"`
	// Outcomes are the valued changes (the impact map); at least one.
	Outcomes []Outcome `json:"outcomes"`
	// Inputs are the investments in CNY.
	Inputs []Input `json:"inputs"`
	// Volunteers, when set, adds volunteer time valued at an hourly proxy to the inputs.
	Volunteers *VolunteerTime `json:"volunteers,omitempty"`
	// DiscountRate is a flat yearly rate (0.035 for 3.5%); nil means the Green Book
	// schedule (see DefaultDiscountRate).
	DiscountRate *decimal.Decimal `json:"discount_rate,omitempty"`
}

func fraction(p *wushe.Problems, field string, v decimal.Decimal) {
	if v.IsNegative() || v.GreaterThan(decimal.NewFromInt(1)) {
		p.Addf(field, "%s is outside 0..1", v)
	}
}

// Validate reports every problem with the analysis, including total inputs of zero (the
// ratio would be undefined).
func (a SROI) Validate() error {
	p := wushe.Check("SROI")
	if !p.CheckValues(a) {
		return p.Err()
	}
	p.Require(strings.TrimSpace(a.Name) != "", "Name", "is required")
	p.Require(len(a.Outcomes) > 0, "Outcomes", "at least one outcome is required")
	for i, o := range a.Outcomes {
		f := wushe.Index("Outcomes", i)
		p.Require(strings.TrimSpace(o.Name) != "", f+".Name", "is required")
		if o.Quantity.IsNegative() {
			p.Addf(f+".Quantity", "%s is negative", o.Quantity)
		}
		if o.Proxy.IsNegative() {
			p.Addf(f+".Proxy", "%s is negative", o.Proxy)
		}
		p.Require(strings.TrimSpace(o.ProxySource) != "", f+".ProxySource", "is required: cite the financial proxy")
		fraction(p, f+".Deadweight", o.Deadweight)
		fraction(p, f+".Displacement", o.Displacement)
		fraction(p, f+".Attribution", o.Attribution)
		fraction(p, f+".DropOff", o.DropOff)
		if o.Duration < 1 || o.Duration > 100 {
			p.Addf(f+".Duration", "%d years is outside 1..100", o.Duration)
		}
		if o.StartYear < 0 || o.StartYear > 100 {
			p.Addf(f+".StartYear", "%d is outside 0..100", o.StartYear)
		}
	}
	total := decimal.Zero
	for i, in := range a.Inputs {
		f := wushe.Index("Inputs", i)
		p.Require(strings.TrimSpace(in.Name) != "", f+".Name", "is required")
		if in.Amount.IsNegative() {
			p.Addf(f+".Amount", "%s is negative", in.Amount)
		}
		total = total.Add(in.Amount)
	}
	if v := a.Volunteers; v != nil {
		if v.Hours.IsNegative() {
			p.Addf("Volunteers.Hours", "%s is negative", v.Hours)
		}
		if v.HourlyValue.IsNegative() {
			p.Addf("Volunteers.HourlyValue", "%s is negative", v.HourlyValue)
		}
		p.Require(strings.TrimSpace(v.Source) != "", "Volunteers.Source", "is required: cite the hourly value")
		total = total.Add(v.Value())
	}
	if !total.IsPositive() {
		p.Addf("Inputs", "total inputs are %s: the SROI ratio needs a positive investment", total)
	}
	if r := a.DiscountRate; r != nil {
		fraction(p, "DiscountRate", *r)
	}
	return p.Err()
}

// OutcomeValue is one outcome's contribution.
type OutcomeValue struct {
	// Name is the outcome's.
	Name string `json:"name"`
	// Gross is Quantity × Proxy per year.
	Gross decimal.Decimal `json:"gross"`
	// Impact is the first-year value after deadweight, displacement and attribution.
	Impact decimal.Decimal `json:"impact"`
	// PresentValue is the discounted value over its duration.
	PresentValue decimal.Decimal `json:"present_value"`
}

// YearValue is the total value of all outcomes in one year.
type YearValue struct {
	// Year counts from 1, the year of the investment.
	Year int `json:"year"`
	// Value is the undiscounted value of the year, CNY.
	Value decimal.Decimal `json:"value"`
	// DiscountFactor is the product of 1/(1 + r) up to the year, 6 places.
	DiscountFactor decimal.Decimal `json:"discount_factor"`
	// PresentValue is Value × DiscountFactor, CNY.
	PresentValue decimal.Decimal `json:"present_value"`
}

// SROIResult is what Calculate returns; money in CNY to 2 places, ratios to 4.
type SROIResult struct {
	// Name is the analysis's.
	Name string `json:"name"`
	// Discounting describes the rate used.
	Discounting string `json:"discounting"`
	// TotalInputs includes VolunteerValue.
	TotalInputs    decimal.Decimal `json:"total_inputs"`
	VolunteerValue decimal.Decimal `json:"volunteer_value"`
	PresentValue   decimal.Decimal `json:"present_value"`
	// NPV is PresentValue − TotalInputs.
	NPV decimal.Decimal `json:"npv"`
	// Ratio is PresentValue ÷ TotalInputs ("1 : Ratio"); NetRatio is NPV ÷ TotalInputs.
	Ratio    decimal.Decimal `json:"ratio"`
	NetRatio decimal.Decimal `json:"net_ratio"`
	// PaybackMonths is TotalInputs ÷ (Σ first-year impact ÷ 12), nil when there is no impact.
	PaybackMonths *decimal.Decimal `json:"payback_months,omitempty"`
	Years         []YearValue      `json:"years"`
	Outcomes      []OutcomeValue   `json:"outcomes"`
}

// rate returns the discount rate of year t, shifted by shift.
func (a SROI) rate(t int, shift decimal.Decimal) decimal.Decimal {
	if a.DiscountRate != nil {
		return a.DiscountRate.Add(shift)
	}
	switch {
	case t <= 30:
		return DefaultDiscountRate().Add(shift)
	case t <= 75:
		return decimal.New(30, -3).Add(shift)
	}
	return decimal.New(25, -3).Add(shift)
}

// Calculate projects every outcome over its duration (value in year StartYear+k is
// Impact × (1 − DropOff)^k), discounts each year's total by the product of 1/(1 + r) over
// the years up to it, and returns present value, NPV, ratios and payback.
func (a SROI) Calculate() (SROIResult, error) {
	const op = "evaluation.SROI.Calculate"
	if err := a.Validate(); err != nil {
		return SROIResult{}, wushe.WithOp(op, err)
	}
	return a.calculate(decimal.Zero), nil
}

func (a SROI) calculate(shift decimal.Decimal) SROIResult {
	one := decimal.NewFromInt(1)
	last := 0
	for _, o := range a.Outcomes {
		last = max(last, o.start()+o.Duration-1)
	}
	factors := make([]decimal.Decimal, last+1)
	factors[0] = one
	for t := 1; t <= last; t++ {
		factors[t] = factors[t-1].DivRound(one.Add(a.rate(t, shift)), sroiPrecision)
	}
	yearly := make([]decimal.Decimal, last+1)
	res := SROIResult{Name: a.Name}
	pv, firstYear := decimal.Zero, decimal.Zero
	for _, o := range a.Outcomes {
		impact := o.Impact()
		firstYear = firstYear.Add(impact)
		ov := OutcomeValue{Name: o.Name, Gross: o.Quantity.Mul(o.Proxy).Round(moneyPlaces), Impact: impact.Round(moneyPlaces)}
		v, opv := impact, decimal.Zero
		for k := 0; k < o.Duration; k++ {
			t := o.start() + k
			yearly[t] = yearly[t].Add(v)
			opv = opv.Add(v.Mul(factors[t]))
			v = v.Mul(one.Sub(o.DropOff))
		}
		ov.PresentValue = opv.Round(moneyPlaces)
		res.Outcomes = append(res.Outcomes, ov)
	}
	for t := 1; t <= last; t++ {
		ypv := yearly[t].Mul(factors[t])
		pv = pv.Add(ypv)
		res.Years = append(res.Years, YearValue{Year: t, Value: yearly[t].Round(moneyPlaces),
			DiscountFactor: factors[t].Round(6), PresentValue: ypv.Round(moneyPlaces)})
	}
	inputs := decimal.Zero
	for _, in := range a.Inputs {
		inputs = inputs.Add(in.Amount)
	}
	if a.Volunteers != nil {
		res.VolunteerValue = a.Volunteers.Value().Round(moneyPlaces)
		inputs = inputs.Add(a.Volunteers.Value())
	}
	res.TotalInputs = inputs.Round(moneyPlaces)
	res.PresentValue = pv.Round(moneyPlaces)
	res.NPV = pv.Sub(inputs).Round(moneyPlaces)
	res.Ratio = pv.DivRound(inputs, sroiPrecision).Round(ratioPlaces)
	res.NetRatio = pv.Sub(inputs).DivRound(inputs, sroiPrecision).Round(ratioPlaces)
	if firstYear.IsPositive() {
		m := inputs.Mul(decimal.NewFromInt(12)).DivRound(firstYear, sroiPrecision).Round(moneyPlaces)
		res.PaybackMonths = &m
	}
	if a.DiscountRate != nil {
		res.Discounting = fmt.Sprintf("flat %s%% a year", a.DiscountRate.Add(shift).Mul(decimal.NewFromInt(100)).String())
	} else {
		res.Discounting = "HM Treasury Green Book STPR: 3.5% years 1-30, 3.0% years 31-75, 2.5% after"
		if !shift.IsZero() {
			res.Discounting += fmt.Sprintf(", shifted by %s%%", shift.Mul(decimal.NewFromInt(100)))
		}
	}
	return res
}

// SensitivityOptions sets how far each assumption is varied; zero fields take defaults.
type SensitivityOptions struct {
	// FilterStep is added to and taken from each filter (deadweight, displacement,
	// attribution, drop-off), clamped to 0..1; default 0.10.
	FilterStep decimal.Decimal `json:"filter_step"`
	// ProxyStep is the relative change of each financial proxy and of the volunteer hourly
	// value; default 0.20 (±20%).
	ProxyStep decimal.Decimal `json:"proxy_step"`
	// DiscountStep is added to and taken from the discount rate (not below 0); default 0.01.
	DiscountStep decimal.Decimal `json:"discount_step"`
	// DurationStep is added to and taken from each duration (not below 1 year); default 1.
	DurationStep int `json:"duration_step"`
}

// SensitivityCase is the ratio with one assumption changed.
type SensitivityCase struct {
	// Assumption names what changed: "outcome 1 (name) deadweight", "discount rate".
	Assumption string `json:"assumption"`
	// From and To are the base and changed values.
	From decimal.Decimal `json:"from"`
	To   decimal.Decimal `json:"to"`
	// Ratio is the SROI ratio with the change.
	Ratio decimal.Decimal `json:"ratio"`
}

// Sensitivity is the result of varying each assumption alone.
type Sensitivity struct {
	// Base is the ratio with no change.
	Base decimal.Decimal `json:"base"`
	// Min and Max bound the ratio over all cases and the base.
	Min decimal.Decimal `json:"min"`
	Max decimal.Decimal `json:"max"`
	// Cases are the variations, in the order Sensitivity documents.
	Cases []SensitivityCase `json:"cases"`
}

// Sensitivity varies each assumption down and up by the steps in opts (nil for the
// defaults), one at a time, and reports the ratio of each case and the range. Cases
// whose change is clamped away (a filter already at 0 lowered) are left out. Cases come
// in a fixed order: per outcome its deadweight, displacement, attribution, drop-off,
// proxy and duration, then the volunteer hourly value, then the discount rate (with the
// Green Book schedule every tier moves by the step); down before up.
func (a SROI) Sensitivity(opts *SensitivityOptions) (Sensitivity, error) {
	const op = "evaluation.SROI.Sensitivity"
	var o SensitivityOptions
	if opts != nil {
		o = *opts
	}
	pr := wushe.Check("SensitivityOptions")
	if o.FilterStep.IsNegative() || o.ProxyStep.IsNegative() || o.DiscountStep.IsNegative() || o.DurationStep < 0 {
		pr.Addf("Steps", "steps may not be negative")
	}
	if err := pr.Err(); err != nil {
		return Sensitivity{}, wushe.WithOp(op, err)
	}
	if o.FilterStep.IsZero() {
		o.FilterStep = decimal.New(10, -2)
	}
	if o.ProxyStep.IsZero() {
		o.ProxyStep = decimal.New(20, -2)
	}
	if o.DiscountStep.IsZero() {
		o.DiscountStep = decimal.New(1, -2)
	}
	if o.DurationStep == 0 {
		o.DurationStep = 1
	}
	if err := a.Validate(); err != nil {
		return Sensitivity{}, wushe.WithOp(op, err)
	}
	base := a.calculate(decimal.Zero).Ratio
	s := Sensitivity{Base: base, Min: base, Max: base}
	add := func(name string, from, to decimal.Decimal, variant SROI, shift decimal.Decimal) {
		if from.Equal(to) {
			return
		}
		r := variant.calculate(shift).Ratio
		s.Cases = append(s.Cases, SensitivityCase{Assumption: name, From: from, To: to, Ratio: r})
		s.Min, s.Max = decimal.Min(s.Min, r), decimal.Max(s.Max, r)
	}
	one := decimal.NewFromInt(1)
	clamp := func(v decimal.Decimal) decimal.Decimal { return decimal.Max(decimal.Zero, decimal.Min(one, v)) }
	withOutcome := func(i int, f func(*Outcome)) SROI {
		v := a
		v.Outcomes = append([]Outcome(nil), a.Outcomes...)
		f(&v.Outcomes[i])
		return v
	}
	for i, oc := range a.Outcomes {
		label := fmt.Sprintf("outcome %d (%s) ", i+1, oc.Name)
		filters := []struct {
			name string
			get  func(*Outcome) *decimal.Decimal
		}{
			{"deadweight", func(o *Outcome) *decimal.Decimal { return &o.Deadweight }},
			{"displacement", func(o *Outcome) *decimal.Decimal { return &o.Displacement }},
			{"attribution", func(o *Outcome) *decimal.Decimal { return &o.Attribution }},
			{"drop-off", func(o *Outcome) *decimal.Decimal { return &o.DropOff }},
		}
		for _, f := range filters {
			from := *f.get(&oc)
			for _, to := range []decimal.Decimal{clamp(from.Sub(o.FilterStep)), clamp(from.Add(o.FilterStep))} {
				add(label+f.name, from, to, withOutcome(i, func(x *Outcome) { *f.get(x) = to }), decimal.Zero)
			}
		}
		for _, to := range []decimal.Decimal{oc.Proxy.Mul(one.Sub(o.ProxyStep)), oc.Proxy.Mul(one.Add(o.ProxyStep))} {
			to = decimal.Max(decimal.Zero, to)
			add(label+"proxy", oc.Proxy, to, withOutcome(i, func(x *Outcome) { x.Proxy = to }), decimal.Zero)
		}
		for _, to := range []int{max(1, oc.Duration-o.DurationStep), min(100, oc.Duration+o.DurationStep)} {
			add(label+"duration", decimal.NewFromInt(int64(oc.Duration)), decimal.NewFromInt(int64(to)),
				withOutcome(i, func(x *Outcome) { x.Duration = to }), decimal.Zero)
		}
	}
	if vt := a.Volunteers; vt != nil {
		for _, to := range []decimal.Decimal{decimal.Max(decimal.Zero, vt.HourlyValue.Mul(one.Sub(o.ProxyStep))), vt.HourlyValue.Mul(one.Add(o.ProxyStep))} {
			v := a
			nv := *vt
			nv.HourlyValue = to
			v.Volunteers = &nv
			if nv.Value().Add(sumInputs(a.Inputs)).IsPositive() {
				add("volunteer hourly value", vt.HourlyValue, to, v, decimal.Zero)
			}
		}
	}
	baseRate := DefaultDiscountRate()
	if a.DiscountRate != nil {
		baseRate = *a.DiscountRate
	}
	for _, to := range []decimal.Decimal{decimal.Max(decimal.Zero, baseRate.Sub(o.DiscountStep)), baseRate.Add(o.DiscountStep)} {
		add("discount rate", baseRate, to, a, to.Sub(baseRate))
	}
	return s, nil
}

func sumInputs(in []Input) decimal.Decimal {
	t := decimal.Zero
	for _, i := range in {
		t = t.Add(i.Amount)
	}
	return t
}
