package volunteer

import (
	"slices"
	"strings"
	"time"

	"github.com/wushe/wushe"
)

// Profile holds a jurisdiction's age, consent, insurance and time-bank rules as data. The
// Service applies the profile named in its Options. Profiles are looked up by name with
// LookupProfile; an unknown name is an error, never a silent default.
type Profile struct {
	// Name is the lookup key: "national", "shanghai", "shandong", "beijing", "cyl".
	Name string `json:"name"`
	// Source names the rule the profile encodes.
	Source string `json:"source"`
	// MinAgeRegistration: nobody younger may register individually, with a guardian's
	// consent or not (0: no such limit). The CYL rules set 14 (Art 7).
	MinAgeRegistration int `json:"min_age_registration,omitempty"`
	// MinAgeIndividual is the youngest age at which a person may serve individually;
	// younger ones register only with a guardian's consent and take group activities only.
	MinAgeIndividual int `json:"min_age_individual"`
	// ConsentBelow: a volunteer younger than this needs a guardian's consent covering the
	// activity's theme, unless SelfSupportingFrom exempts them.
	ConsentBelow int `json:"consent_below"`
	// SelfSupportingFrom: a volunteer at least this old who lives mainly on their own
	// labour income (Volunteer.OwnLabourIncome) has full civil capacity (民法典 Art 18 ¶2)
	// and needs no guardian's consent (0: no exemption). 16 in every built-in profile.
	SelfSupportingFrom int `json:"self_supporting_from,omitempty"`
	// AdultAge is the age of majority (18); below it a volunteer is a minor.
	AdultAge int `json:"adult_age"`
	// ForbiddenRiskForMinors: minors may not take activities at or above this risk level
	// ("" allows every level).
	ForbiddenRiskForMinors RiskLevel `json:"forbidden_risk_for_minors,omitempty"`
	// ForbiddenThemesForMinors lists themes minors may not take.
	ForbiddenThemesForMinors []Theme `json:"forbidden_themes_for_minors,omitempty"`
	// InsuranceRequiredAt: activities at or above this risk level need accident insurance
	// covering the whole shift (Order 685 Art 17).
	InsuranceRequiredAt RiskLevel `json:"insurance_required_at"`
	// TimeBankMinAge: below this age a volunteer may take time-bank activities only when
	// they are group activities (0: no rule).
	TimeBankMinAge int `json:"time_bank_min_age,omitempty"`
	// LimitedCapacityNeedsConsent: a person of limited civil capacity needs a guardian's
	// consent (or a guardian with them) to serve.
	LimitedCapacityNeedsConsent bool `json:"limited_capacity_needs_consent,omitempty"`
	// TransfersAllowed: points may be transferred to family members.
	TransfersAllowed bool `json:"transfers_allowed"`
}

// The built-in profiles, as summarised in STANDARDS.md §1.5 and §1.6.
var builtinProfiles = []Profile{
	{Name: "national", Source: "志愿服务条例 (Order 685) Arts 15, 17; CYL 2013 age rule as the default",
		MinAgeIndividual: 14, ConsentBelow: 18, SelfSupportingFrom: 16, AdultAge: 18,
		ForbiddenRiskForMinors: RiskHigh, InsuranceRequiredAt: RiskHigh},
	{Name: "shanghai", Source: "上海市志愿服务条例 (2019) Art 13; 沪助养老时光汇 providers ≥18, <18 via group activities",
		MinAgeIndividual: 14, ConsentBelow: 18, SelfSupportingFrom: 16, AdultAge: 18,
		ForbiddenRiskForMinors: RiskHigh, InsuranceRequiredAt: RiskMedium,
		TimeBankMinAge: 18, TransfersAllowed: true},
	{Name: "shandong", Source: "山东省志愿服务条例 (2021) Art 10",
		MinAgeIndividual: 14, ConsentBelow: 18, SelfSupportingFrom: 16, AdultAge: 18,
		ForbiddenRiskForMinors: RiskHigh, ForbiddenThemesForMinors: []Theme{ThemeEmergencyRescue},
		InsuranceRequiredAt: RiskHigh, LimitedCapacityNeedsConsent: true},
	{Name: "beijing", Source: "北京市志愿服务促进条例 (2020) Art 12; Beijing time bank (gift to direct relatives)",
		MinAgeIndividual: 14, ConsentBelow: 18, SelfSupportingFrom: 16, AdultAge: 18,
		ForbiddenRiskForMinors: RiskHigh, InsuranceRequiredAt: RiskHigh,
		LimitedCapacityNeedsConsent: true, TransfersAllowed: true},
	{Name: "cyl", Source: "中国注册志愿者管理办法 (CYL 2013) Arts 7, 12; 民法典 Art 18",
		MinAgeRegistration: 14, MinAgeIndividual: 14, ConsentBelow: 18, SelfSupportingFrom: 16, AdultAge: 18,
		ForbiddenRiskForMinors: RiskMedium, InsuranceRequiredAt: RiskHigh},
}

// DefaultProfile is the name of the profile a Service uses when Options.Profile is empty.
const DefaultProfile = "national"

// LookupProfile returns the built-in profile called name (case-insensitive). An unknown
// name is a KindInvalid error naming Profile.
func LookupProfile(name string) (Profile, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	for _, p := range builtinProfiles {
		if p.Name == key {
			p.ForbiddenThemesForMinors = slices.Clone(p.ForbiddenThemesForMinors)
			return p, nil
		}
	}
	return Profile{}, wushe.E("volunteer.LookupProfile", wushe.KindInvalid, "Profile", "",
		"no profile called %q; known: %s", name, strings.Join(ProfileNames(), ", "))
}

// ProfileNames lists the built-in profiles' names in a fixed order.
func ProfileNames() []string {
	out := make([]string, len(builtinProfiles))
	for i, p := range builtinProfiles {
		out[i] = p.Name
	}
	return out
}

// Validate checks that the ages are ordered and the levels known.
func (p Profile) Validate() error {
	c := wushe.Check("Profile")
	c.Require(strings.TrimSpace(p.Name) != "", "Name", "is required")
	c.Require(p.MinAgeRegistration >= 0 && p.MinAgeRegistration <= 120, "MinAgeRegistration", "is not in [0, 120]")
	c.Require(p.MinAgeIndividual >= 0 && p.MinAgeIndividual <= 120, "MinAgeIndividual", "is not in [0, 120]")
	c.Require(p.ConsentBelow >= 0 && p.ConsentBelow <= 120, "ConsentBelow", "is not in [0, 120]")
	c.Require(p.SelfSupportingFrom >= 0 && p.SelfSupportingFrom <= 120, "SelfSupportingFrom", "is not in [0, 120]")
	c.Require(p.AdultAge > 0 && p.AdultAge <= 120, "AdultAge", "is not in [1, 120]")
	if p.ForbiddenRiskForMinors != "" {
		requireOneOf(c, "ForbiddenRiskForMinors", p.ForbiddenRiskForMinors, riskLevels)
	}
	requireOneOf(c, "InsuranceRequiredAt", p.InsuranceRequiredAt, riskLevels)
	for i, t := range p.ForbiddenThemesForMinors {
		requireTheme(c, wushe.Index("ForbiddenThemesForMinors", i), t)
	}
	c.Require(p.TimeBankMinAge >= 0, "TimeBankMinAge", "is negative")
	return c.Err()
}

// NeedsConsent reports whether v needs a guardian's consent to serve on day: below
// ConsentBelow unless v is SelfSupportingFrom or older and lives on their own labour
// income (民法典 Art 18), and always for a person of limited capacity where
// LimitedCapacityNeedsConsent.
func (p Profile) NeedsConsent(v Volunteer, day time.Time) bool {
	return p.needsConsentAged(&v, v.AgeOn(day))
}

// needsConsentAged is NeedsConsent for v aged age on the day.
func (p *Profile) needsConsentAged(v *Volunteer, age int) bool {
	if v.LimitedCapacity && p.LimitedCapacityNeedsConsent {
		return true
	}
	if age >= p.ConsentBelow {
		return false
	}
	return !(v.OwnLabourIncome && p.SelfSupportingFrom > 0 && age >= p.SelfSupportingFrom)
}

// forbidsForMinor reports whether the profile bars minors from an activity with this risk
// and theme.
func (p Profile) forbidsForMinor(risk RiskLevel, theme Theme) bool {
	if p.ForbiddenRiskForMinors != "" && risk.AtLeast(p.ForbiddenRiskForMinors) {
		return true
	}
	return slices.Contains(p.ForbiddenThemesForMinors, theme)
}
