package evaluation

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func flat(r string) *decimal.Decimal { return Dec(dec(r)) }

// handSROI: impact = 10 × 1000 × (1 − 0.2) × (1 − 0) × (1 − 0.25) = 6000 in year 1, 3000 in
// year 2 (drop-off 50%); inputs = 4000 + 100 h × 20 CNY = 6000.
func handSROI() SROI {
	return SROI{
		Name: "Elder visiting",
		Outcomes: []Outcome{{Name: "Less isolation", Stakeholder: "elders", Indicator: CodeHouseholdsVisited,
			Quantity: d(10), Proxy: d(1000), ProxySource: "test proxy",
			Deadweight: dec("0.2"), Attribution: dec("0.25"), DropOff: dec("0.5"), Duration: 2}},
		Inputs:     []Input{{Name: "Grant", Amount: d(4000), Source: "street office"}},
		Volunteers: &VolunteerTime{Hours: d(100), HourlyValue: d(20), Source: "local minimum wage (test)"},
	}
}

// At a 0% discount: PV = 6000 + 3000 = 9000; NPV = 3000; ratio 9000/6000 = 1.5; net 0.5;
// payback = 6000 / (6000/12) = 12 months.
func TestSROIHandComputedUndiscounted(t *testing.T) {
	a := handSROI()
	a.DiscountRate = flat("0")
	r, err := a.Calculate()
	require.NoError(t, err)
	requireDec(t, "6000", r.TotalInputs)
	requireDec(t, "2000", r.VolunteerValue)
	requireDec(t, "9000", r.PresentValue)
	requireDec(t, "3000", r.NPV)
	requireDec(t, "1.5", r.Ratio)
	requireDec(t, "0.5", r.NetRatio)
	requireDec(t, "12", *r.PaybackMonths)
	require.Len(t, r.Years, 2)
	requireDec(t, "3000", r.Years[1].Value)
	requireDec(t, "10000", r.Outcomes[0].Gross)
	requireDec(t, "6000", r.Outcomes[0].Impact)
	require.Equal(t, "flat 0% a year", r.Discounting)
}

// At 10%: PV = 6000/1.1 + 3000/1.21 = 7933.884297... → 7933.88; ratio 1.32231... → 1.3223.
// At the Green Book 3.5%: 6000/1.035 + 3000/1.035² = 8597.63355... → 8597.63; ratio 1.4329.
func TestSROIHandComputedDiscounted(t *testing.T) {
	a := handSROI()
	a.DiscountRate = flat("0.10")
	r, err := a.Calculate()
	require.NoError(t, err)
	requireDec(t, "7933.88", r.PresentValue)
	requireDec(t, "1.3223", r.Ratio)
	requireDec(t, "1933.88", r.NPV)

	a.DiscountRate = nil
	r, err = a.Calculate()
	require.NoError(t, err)
	requireDec(t, "8597.63", r.PresentValue)
	requireDec(t, "1.4329", r.Ratio)
	require.Contains(t, r.Discounting, "Green Book")
	requireDec(t, "0.035", DefaultDiscountRate())
	requireDec(t, "0.966184", r.Years[0].DiscountFactor)
}

func TestSROIGreenBookTiersAndStartYear(t *testing.T) {
	a := SROI{Name: "long", Inputs: []Input{{Name: "x", Amount: d(1)}},
		Outcomes: []Outcome{{Name: "o", Quantity: d(1), Proxy: d(1), ProxySource: "s", Duration: 80}}}
	r, err := a.Calculate()
	require.NoError(t, err)
	require.Len(t, r.Years, 80)
	f := func(y int) decimal.Decimal { return r.Years[y-1].DiscountFactor }
	// Year 31 is discounted at 3.0%, year 76 at 2.5%.
	requireDec(t, f(30).DivRound(dec("1.03"), 6).String(), f(31), "year 31")
	requireDec(t, f(75).DivRound(dec("1.025"), 6).String(), f(76), "year 76")

	a = handSROI()
	a.DiscountRate = flat("0")
	a.Outcomes[0].StartYear = 3
	r, err = a.Calculate()
	require.NoError(t, err)
	require.Len(t, r.Years, 4)
	requireDec(t, "0", r.Years[0].Value)
	requireDec(t, "6000", r.Years[2].Value)
	requireDec(t, "9000", r.PresentValue)
}

func TestSROIValidate(t *testing.T) {
	a := SROI{Outcomes: []Outcome{{Quantity: d(-1), Proxy: d(-1), Deadweight: d(2), Displacement: d(-1),
		Attribution: dec("1.5"), DropOff: d(2), Duration: 0, StartYear: -1}},
		Inputs:       []Input{{Amount: d(-5)}},
		Volunteers:   &VolunteerTime{Hours: d(-1), HourlyValue: d(-1)},
		DiscountRate: flat("-0.1")}
	err := a.Validate()
	for _, f := range []string{"Name", "Outcomes[0].Name", "Outcomes[0].Quantity", "Outcomes[0].Proxy",
		"Outcomes[0].ProxySource", "Outcomes[0].Deadweight", "Outcomes[0].Displacement", "Outcomes[0].Attribution",
		"Outcomes[0].DropOff", "Outcomes[0].Duration", "Outcomes[0].StartYear", "Inputs[0].Name", "Inputs[0].Amount",
		"Volunteers.Hours", "Volunteers.HourlyValue", "Volunteers.Source", "Inputs", "DiscountRate"} {
		requireField(t, err, f)
	}
	requireField(t, SROI{Name: "x"}.Validate(), "Outcomes")
}

// Zero inputs are an error, never a division by zero.
func TestSROIZeroInputs(t *testing.T) {
	a := handSROI()
	a.Inputs = []Input{{Name: "nothing", Amount: d(0)}}
	a.Volunteers.Hours = d(0)
	_, err := a.Calculate()
	requireField(t, err, "Inputs")
	var werr *wushe.Error
	require.ErrorAs(t, err, &werr)
	require.Equal(t, "evaluation.SROI.Calculate", werr.Op)
	_, err = a.Sensitivity(nil)
	requireField(t, err, "Inputs")
}

func TestSROINoImpactNoPayback(t *testing.T) {
	a := handSROI()
	a.Outcomes[0].Deadweight = d(1)
	r, err := a.Calculate()
	require.NoError(t, err)
	require.Nil(t, r.PaybackMonths)
	requireDec(t, "0", r.Ratio)
	requireDec(t, "-1", r.NetRatio)
}

func randomSROI(rng *rand.Rand) SROI {
	frac := func() decimal.Decimal { return decimal.New(int64(rng.IntN(101)), -2) }
	a := SROI{Name: "random", Inputs: []Input{{Name: "grant", Amount: decimal.NewFromInt(int64(1 + rng.IntN(100000)))}}}
	if rng.IntN(2) == 0 {
		a.Volunteers = &VolunteerTime{Hours: decimalFromInt(rng.IntN(500)), HourlyValue: decimalFromInt(rng.IntN(50)), Source: "s"}
	}
	for i := 0; i < 1+rng.IntN(4); i++ {
		a.Outcomes = append(a.Outcomes, Outcome{Name: "o", Quantity: decimalFromInt(rng.IntN(200)),
			Proxy: decimalFromInt(rng.IntN(5000)), ProxySource: "s", Deadweight: frac(), Displacement: frac(),
			Attribution: frac(), DropOff: frac(), Duration: 1 + rng.IntN(6), StartYear: rng.IntN(3)})
	}
	if rng.IntN(2) == 0 {
		a.DiscountRate = Dec(decimal.New(int64(rng.IntN(15)), -2))
	}
	return a
}

// Properties: more deadweight, displacement, attribution or drop-off never raises the
// ratio; a higher discount rate never raises the present value.
func TestSROIProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 2026))
	for i := 0; i < 300; i++ {
		a := randomSROI(rng)
		base, err := a.Calculate()
		require.NoError(t, err)
		oi := rng.IntN(len(a.Outcomes))
		more := decimal.New(int64(rng.IntN(50)), -2)
		for _, which := range []int{0, 1, 2, 3} {
			b := a
			b.Outcomes = append([]Outcome(nil), a.Outcomes...)
			o := &b.Outcomes[oi]
			field := []*decimal.Decimal{&o.Deadweight, &o.Displacement, &o.Attribution, &o.DropOff}[which]
			*field = decimal.Min(d(1), field.Add(more))
			r, err := b.Calculate()
			require.NoError(t, err)
			require.True(t, r.Ratio.LessThanOrEqual(base.Ratio), "filter %d raised the ratio %s → %s", which, base.Ratio, r.Ratio)
			require.True(t, r.PresentValue.LessThanOrEqual(base.PresentValue))
		}
		lo := decimal.New(int64(rng.IntN(20)), -2)
		hi := lo.Add(decimal.New(int64(1+rng.IntN(20)), -2))
		a.DiscountRate = &lo
		rl, err := a.Calculate()
		require.NoError(t, err)
		a.DiscountRate = &hi
		rh, err := a.Calculate()
		require.NoError(t, err)
		require.True(t, rh.PresentValue.LessThanOrEqual(rl.PresentValue), "rate %s → %s raised PV", lo, hi)
		// NPV = PV − inputs, to the cent.
		require.True(t, rh.NPV.Sub(rh.PresentValue.Sub(rh.TotalInputs)).Abs().LessThanOrEqual(dec("0.01")))
	}
}

func TestSensitivity(t *testing.T) {
	a := handSROI()
	s, err := a.Sensitivity(nil)
	require.NoError(t, err)
	base, _ := a.Calculate()
	require.True(t, s.Base.Equal(base.Ratio))
	require.True(t, s.Min.LessThanOrEqual(s.Base) && s.Base.LessThanOrEqual(s.Max))
	// Displacement is 0, so only its +0.1 case exists: 4 filters × 2 − 1, proxy × 2,
	// duration × 2, volunteer value × 2, discount × 2 = 15 cases.
	require.Len(t, s.Cases, 15)
	byName := map[string][]SensitivityCase{}
	for _, c := range s.Cases {
		byName[c.Assumption] = append(byName[c.Assumption], c)
		require.True(t, c.Ratio.GreaterThanOrEqual(s.Min) && c.Ratio.LessThanOrEqual(s.Max))
	}
	dw := byName["outcome 1 (Less isolation) deadweight"]
	require.Len(t, dw, 2)
	requireDec(t, "0.1", dw[0].To)
	require.True(t, dw[0].Ratio.GreaterThan(s.Base) && dw[1].Ratio.LessThan(s.Base))
	vol := byName["volunteer hourly value"]
	require.Len(t, vol, 2)
	require.True(t, vol[0].Ratio.GreaterThan(s.Base), "cheaper volunteer time raises the ratio")
	disc := byName["discount rate"]
	requireDec(t, "0.025", disc[0].To)
	require.True(t, disc[0].Ratio.GreaterThan(disc[1].Ratio))

	// Custom steps; a flat-rate analysis; negative steps are rejected.
	a.DiscountRate = flat("0")
	s, err = a.Sensitivity(&SensitivityOptions{FilterStep: dec("0.5"), ProxyStep: dec("1"), DiscountStep: dec("0.05"), DurationStep: 3})
	require.NoError(t, err)
	for _, c := range s.Cases {
		if c.Assumption == "discount rate" {
			requireDec(t, "0.05", c.To, "0 cannot go lower")
		}
	}
	_, err = a.Sensitivity(&SensitivityOptions{FilterStep: dec("-1")})
	requireField(t, err, "Steps")
}

func TestSROIJSONRoundTrip(t *testing.T) {
	a := handSROI()
	res, err := a.Calculate()
	require.NoError(t, err)
	sens, err := a.Sensitivity(nil)
	require.NoError(t, err)
	for _, v := range []any{a, res, sens} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var back any
		switch v.(type) {
		case SROI:
			back = &SROI{}
		case SROIResult:
			back = &SROIResult{}
		default:
			back = &Sensitivity{}
		}
		require.NoError(t, json.Unmarshal(b, back))
		b2, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(b), string(b2))
	}
	var back SROIResult
	b, _ := json.Marshal(res)
	require.NoError(t, json.Unmarshal(b, &back))
	require.True(t, back.Ratio.Equal(res.Ratio))
	require.True(t, back.PaybackMonths.Equal(*res.PaybackMonths))
}

// FuzzSROIJSON: any decoded analysis either fails Validate with KindInvalid or calculates.
func FuzzSROIJSON(f *testing.F) {
	b, _ := json.Marshal(handSROI())
	f.Add(b)
	f.Add([]byte(`{"name":"x","outcomes":[{"name":"o","quantity":"1","proxy":"1","proxy_source":"s","duration":1}],"inputs":[{"name":"i","amount":"0"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a SROI
		if len(data) > 4096 || json.Unmarshal(data, &a) != nil || !saneSROI(a) {
			return
		}
		if err := a.Validate(); err != nil {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			return
		}
		r, err := a.Calculate()
		require.NoError(t, err)
		require.True(t, r.TotalInputs.IsPositive() || r.TotalInputs.IsZero())
	})
}

// saneSROI keeps fuzzed numbers to sizes real analyses have, so that exact decimal
// arithmetic on a value like 1e999999999 does not stall the fuzzer.
func saneSROI(a SROI) bool {
	ok := func(v decimal.Decimal) bool {
		return v.Exponent() > -30 && v.Exponent() < 30 && v.NumDigits() < 30
	}
	for _, o := range a.Outcomes {
		for _, v := range []decimal.Decimal{o.Quantity, o.Proxy, o.Deadweight, o.Displacement, o.Attribution, o.DropOff} {
			if !ok(v) {
				return false
			}
		}
	}
	for _, in := range a.Inputs {
		if !ok(in.Amount) {
			return false
		}
	}
	if v := a.Volunteers; v != nil && (!ok(v.Hours) || !ok(v.HourlyValue)) {
		return false
	}
	return a.DiscountRate == nil || ok(*a.DiscountRate)
}
