package volunteer

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// TestEligibleAgreesWithCheckEligibility: the matchers' quick test (eligible without add)
// rules in exactly the pairs CheckEligibility passes, on random volunteers and
// opportunities under every profile, and with add it reports as many rules as
// CheckEligibility joins.
func TestEligibleAgreesWithCheckEligibility(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 1))
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	risks := []RiskLevel{RiskLow, RiskMedium, RiskHigh, RiskEmergency}
	themes := []Theme{ThemeElderlyCare, ThemeEmergencyRescue, ThemeEducation, ThemeAntiFraud}
	states := []Status{StatusActive, StatusActive, StatusSuspended}
	for _, name := range ProfileNames() {
		p, err := LookupProfile(name)
		require.NoError(t, err)
		s := &Service{profile: p}
		passed := 0
		for range 3000 {
			occ := Occurrence{Window: wushe.Window{Start: start.Add(time.Duration(rng.IntN(400)) * 24 * time.Hour)}}
			occ.Window.End = occ.Window.Start.Add(3 * time.Hour)
			v := Volunteer{Status: states[rng.IntN(len(states))],
				BirthDate:       occ.Window.Start.AddDate(-6-rng.IntN(20), 0, rng.IntN(60)-30),
				OwnLabourIncome: rng.IntN(2) == 0, LimitedCapacity: rng.IntN(10) == 0,
				Skills: []Skill{{Name: "first_aid", Level: rng.IntN(5)}}}
			if rng.IntN(2) == 0 {
				v.Consent = &GuardianConsent{GivenAt: start, Scope: themes[:1+rng.IntN(len(themes))]}
			}
			if rng.IntN(2) == 0 {
				v.Insurance = &Insurance{Policy: "P", From: start, To: start.Add(time.Duration(rng.IntN(500)) * 24 * time.Hour)}
			}
			o := Opportunity{Risk: risks[rng.IntN(len(risks))], Theme: themes[rng.IntN(len(themes))], MinAge: rng.IntN(20),
				GroupActivity: rng.IntN(2) == 0, TimeBank: rng.IntN(2) == 0}
			if rng.IntN(2) == 0 {
				o.Required = []SkillNeed{{Name: "first_aid", MinLevel: 1 + rng.IntN(4)}}
			}
			err := s.CheckEligibility(v, o, occ)
			ok := s.eligible(&v, v.AgeOn(occ.Window.Start), &o, &occ, nil)
			require.Equal(t, err == nil, ok, "profile %s, volunteer %+v, opportunity %+v: %v", name, v, o, err)
			n := 0
			s.eligible(&v, v.AgeOn(occ.Window.Start), &o, &occ, func(string, string, ...any) { n++ })
			var joined interface{ Unwrap() []error }
			if err != nil {
				if j, isJoin := err.(interface{ Unwrap() []error }); isJoin {
					joined = j
				}
				require.NotNil(t, joined)
				require.Len(t, joined.Unwrap(), n)
			} else {
				require.Zero(t, n)
				passed++
			}
		}
		require.Positive(t, passed, "profile %s: some pairs pass", name)
	}
}
