package volunteer_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// checkKind fails unless err is nil or a KindInvalid error naming a field.
func checkKind(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if wushe.KindOf(err) != wushe.KindInvalid {
		t.Fatalf("kind %s, want invalid: %v", wushe.KindOf(err), err)
	}
	if len(wushe.FieldErrors(err)) == 0 {
		t.Fatalf("no field named: %v", err)
	}
}

func FuzzValidateVolunteerNumber(f *testing.F) {
	f.Add(volunteer.NewVolunteerNumber(uuid.MustParse("0190f5a2-7c1e-7000-8000-000000000001"), 2026))
	f.Add("V2026-000000000000-0")
	f.Add("")
	f.Add("110105199005170012")
	f.Fuzz(func(t *testing.T, s string) {
		err := volunteer.ValidateVolunteerNumber(s)
		checkKind(t, err)
		if err == nil {
			if len(s) != 20 || s[0] != 'V' {
				t.Fatalf("accepted %q", s)
			}
			if _, perr := wushe.ParseIDNumber(s); perr == nil {
				t.Fatalf("%q is both a volunteer number and an ID number", s)
			}
		}
	})
}

func FuzzParseTimeOfDay(f *testing.F) {
	for _, s := range []string{"00:00", "09:30", "24:00", "24:01", "9:30", "", "ab:cd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := volunteer.ParseTimeOfDay(s)
		checkKind(t, err)
		if err == nil {
			if !v.Valid() || v.String() != s {
				t.Fatalf("%q parsed to %d (%s)", s, v, v)
			}
			var back volunteer.TimeOfDay
			b, _ := json.Marshal(v)
			if err := json.Unmarshal(b, &back); err != nil || back != v {
				t.Fatalf("JSON round trip of %q: %v %v", s, back, err)
			}
		}
	})
}

func FuzzVolunteerValidate(f *testing.F) {
	f.Add("张三", "female", 3, 600, 8*60, 18*60, "2026-03-07", 23.1, 113.3, "anti_fraud", "P-1", int64(3600))
	f.Fuzz(func(t *testing.T, name, gender string, level, weekly, start, end int, date string, lat, lng float64, theme, policy string, cover int64) {
		v := volunteertest.Volunteer(1, time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), t0)
		if n, err := wushe.ParsePersonName(name); err == nil {
			v.Name = n
		}
		v.Gender = volunteer.Gender(gender)
		v.Skills[0].Level = level
		v.MaxWeeklyMinutes = weekly
		v.Availability.Weekly[0].Start, v.Availability.Weekly[0].End = volunteer.TimeOfDay(start), volunteer.TimeOfDay(end)
		v.Availability.Exceptions = []volunteer.DateException{{Date: date}}
		v.Home = wushe.Point{Lat: lat, Lng: lng}
		v.Consent = &volunteer.GuardianConsent{Guardian: v.Name, Relation: volunteer.RelationParent, GivenAt: t0, Scope: []volunteer.Theme{volunteer.Theme(theme)}}
		v.Insurance = &volunteer.Insurance{Policy: policy, From: t0, To: t0.Add(time.Duration(cover) * time.Second)}
		err := v.Validate()
		checkKind(t, err)
		b, jerr := json.Marshal(v)
		if jerr != nil {
			t.Fatalf("marshal: %v", jerr)
		}
		if strings.Contains(string(b), "1990-05-17") {
			t.Fatalf("the birth date leaked: %s", b)
		}
	})
}

func FuzzOpportunityValidate(f *testing.F) {
	f.Add("活动", "anti_fraud", "low", "none", 2, int64(7200), 14, "1.5", 3)
	f.Fuzz(func(t *testing.T, title, theme, risk, rec string, headcount int, seconds int64, minAge int, rate string, level int) {
		o := volunteertest.Opportunity(t0, 1)
		o.Title, o.Theme, o.Risk, o.Recurrence = title, volunteer.Theme(theme), volunteer.RiskLevel(risk), volunteer.Recurrence(rec)
		o.Shifts[0].Headcount = headcount
		o.Shifts[0].Window = wushe.NewWindow(t0, time.Duration(seconds)*time.Second)
		o.MinAge = minAge
		if d, err := decimal.NewFromString(rate); err == nil {
			o.PointsPerHour = d
		}
		o.Required = []volunteer.SkillNeed{{Name: "x", MinLevel: level}}
		err := o.Validate()
		checkKind(t, err)
		if err == nil {
			if headcount < 1 || seconds <= 0 || o.PointsPerHour.IsNegative() {
				t.Fatalf("accepted a bad opportunity: %+v", o)
			}
			_ = o.Occurrences(t0.Add(-time.Hour), t0.AddDate(0, 1, 0))
		}
	})
}

func FuzzTransactionValidate(f *testing.F) {
	f.Add("key", "earn", "1.5", "-1.5", "system/issuance", 0)
	f.Add("", "gift", "0", "1", "bank/x", 2)
	f.Fuzz(func(t *testing.T, key, kind, a, b, account string, qty int) {
		da, err1 := decimal.NewFromString(a)
		db, err2 := decimal.NewFromString(b)
		if err1 != nil || err2 != nil {
			return
		}
		tx := volunteer.Transaction{ID: uuid.New(), Key: key, Kind: volunteer.EntryKind(kind), PostedAt: t0,
			Entries: []volunteer.Entry{{Account: volunteer.Account(account), Amount: da}, {Account: volunteer.VolunteerAccount(uuid.New()), Amount: db}}}
		if qty != 0 {
			tx.Redemption = &volunteer.Redemption{ItemID: uuid.New(), Quantity: qty}
		}
		err := tx.Validate()
		checkKind(t, err)
		if err == nil && !da.Add(db).IsZero() {
			t.Fatalf("accepted unbalanced entries %s %s", da, db)
		}
	})
}

func FuzzServiceRecordValidate(f *testing.F) {
	f.Add("活动", "内容", "elderly_care", 120, int64(3*3600), "verified")
	f.Fuzz(func(t *testing.T, activity, content, theme string, minutes int, seconds int64, status string) {
		r := verified(minutes, t0)
		r.Activity, r.Content, r.Theme, r.Status = activity, content, volunteer.Theme(theme), volunteer.RecordStatus(status)
		r.Window = wushe.NewWindow(t0.Add(-time.Duration(seconds)*time.Second), time.Duration(seconds)*time.Second)
		err := r.Validate()
		checkKind(t, err)
		if err == nil && (minutes <= 0 || int64(minutes)*60 > seconds) {
			t.Fatalf("accepted %d minutes in %d seconds", minutes, seconds)
		}
	})
}

func FuzzAvailabilityCovers(f *testing.F) {
	f.Add(int64(0), int64(3600), 480, 720, "2026-03-07", true)
	f.Fuzz(func(t *testing.T, offset, length int64, start, end int, date string, unavailable bool) {
		a := volunteer.Availability{Weekly: []volunteer.WeeklyWindow{{Weekday: time.Saturday, DayWindow: volunteer.DayWindow{Start: volunteer.TimeOfDay(start), End: volunteer.TimeOfDay(end)}}},
			Exceptions: []volunteer.DateException{{Date: date, Unavailable: unavailable}}}
		if a.Validate() != nil || length > 30*24*3600 || length < -30*24*3600 || offset > 1e9 || offset < -1e9 {
			return
		}
		w := wushe.NewWindow(t0.Add(time.Duration(offset)*time.Second), time.Duration(length)*time.Second)
		if a.Covers(w, nil) && length <= 0 {
			t.Fatal("covered an empty window")
		}
	})
}

// FuzzFillFromIDNumber checks that whatever valid ID number a registration carries, the
// birth date and gender derived from it pass Validate's agreement checks, and a gender
// given against the number is refused.
func FuzzFillFromIDNumber(f *testing.F) {
	f.Add("11010519900517001")
	f.Add("44010620000229123")
	f.Add("12345619991231999")
	f.Fuzz(func(t *testing.T, first17 string) {
		n, err := wushe.CompleteIDNumber(first17)
		if err != nil {
			return
		}
		v := volunteertest.Volunteer(1, time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
		v.IDNumber, v.BirthDate, v.Gender = n, time.Time{}, ""
		v.FillFromIDNumber()
		for _, fe := range wushe.FieldErrors(v.Validate()) {
			if fe.Field == "BirthDate" || fe.Field == "Gender" {
				t.Fatalf("derived %s disagrees: %v", fe.Field, fe)
			}
		}
		wrong := v
		wrong.Gender = volunteer.GenderFemale
		if !n.Male() {
			wrong.Gender = volunteer.GenderMale
		}
		if !strings.Contains(wrong.Validate().Error(), "Gender") {
			t.Fatalf("a gender against the number passed")
		}
	})
}
