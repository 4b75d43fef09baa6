package volunteertest

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// IDNumber returns a valid resident ID number for someone born on birth with sequence
// code seq (0-999; odd for men), region 110105, with the GB 11643 check character. It
// panics on an invalid birth year (before 1000 or after 9999), as fixtures should.
func IDNumber(birth time.Time, seq int) wushe.IDNumber {
	n, err := wushe.CompleteIDNumber(fmt.Sprintf("110105%s%03d", birth.Format("20060102"), seq%1000))
	if err != nil {
		panic(err)
	}
	return n
}

// Volunteer returns a valid, active adult volunteer born on birth, with a fresh random ID,
// a unique ID number for seq (0-999), a matching number and gender, registered on
// registered. Pass it through Service.Register or straight to a Store.
func Volunteer(seq int, birth, registered time.Time) volunteer.Volunteer {
	id := uuid.New()
	idn := IDNumber(birth, seq)
	g := volunteer.GenderFemale
	if idn.Male() {
		g = volunteer.GenderMale
	}
	name, _ := wushe.ParsePersonName("张三丰")
	phone, _ := wushe.ParsePhone("13800001234")
	return volunteer.Volunteer{
		ID: id, Number: volunteer.NewVolunteerNumber(id, registered.Year()), Name: name, Gender: g,
		BirthDate: birth, IDNumber: idn, Phone: phone, CommunityID: uuid.New(),
		Home: wushe.Point{Lat: 23.13, Lng: 113.32}, HasHome: true,
		Skills:       []volunteer.Skill{{Name: "first_aid", Level: 3}},
		Languages:    []string{"zh", "yue"},
		Availability: volunteer.Availability{Weekly: []volunteer.WeeklyWindow{{Weekday: time.Saturday, DayWindow: volunteer.DayWindow{Start: volunteer.NewTimeOfDay(8, 0), End: volunteer.NewTimeOfDay(18, 0)}}}},
		RegisteredOn: registered, Status: volunteer.StatusActive,
		CreatedAt: registered, UpdatedAt: registered,
	}
}

// Opportunity returns a valid published opportunity with one shift of headcount places
// starting at start and lasting two hours, organized by a community with a fresh ID.
func Opportunity(start time.Time, headcount int) volunteer.Opportunity {
	return volunteer.Opportunity{
		ID: uuid.New(), Title: "反诈宣传进社区", Organizer: volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()},
		Theme: volunteer.ThemeAntiFraud, PlaceName: "社区广场", Place: wushe.Point{Lat: 23.13, Lng: 113.33},
		Shifts:        []volunteer.Shift{{ID: uuid.New(), Window: wushe.NewWindow(start, 2*time.Hour), Headcount: headcount, Place: "东门"}},
		Risk:          volunteer.RiskLow,
		PointsPerHour: decimal.Zero,
		Recurrence:    volunteer.RecurrenceNone,
		Status:        volunteer.OpportunityPublished, PublishedAt: start.AddDate(0, 0, -7),
		CreatedAt: start.AddDate(0, 0, -7), UpdatedAt: start.AddDate(0, 0, -7),
	}
}
