package tour

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/memstore"
)

// want is the whole tour, every figure in it: the story's rules produce each line (the
// filing refused until the criteria are met, the referral deadlines for a difficult need,
// the completions from verified service and delivered rice, the need met only after the
// resident's call, the links derived from the work, the rates from Outputs).
const want = `community "J community": 20300 residents, 3 areas, 2 venues; grid staff 王*
social worker 李* (social worker), phone 139****0002
organization "Silver-hair knitting group" is a volunteer team; filing refused (insufficient):
  - Members: has 8 members, an association needs at least 10
  - Venue: a fixed venue is required
  - Charter: an adopted charter (text or reference, and adoption date) is required
with 12 members, a venue and a charter it is filed (approved by Jiangxi Street office)
project "Party-building-led social work in J community": budget 300000.00 CNY, 2 targets

The residents' council (23 residents) raises "Lunch for older residents living alone in building 3": the need is open
The social worker assesses it in a home visit: case intake, the client's health shows as ***
  the assigned worker reads the notes: "Lives alone; daughter visits on Sundays"
  the health centre asks without consent: refused
The team "Building 3 lunch team" has 2 volunteers (赵**, 孙**); the charity stock holds 20 bags of rice worth 50.00 CNY each
The social worker refers it to the team, the stock and the health centre: each must answer within 12 hours and finish within 3 days
  J community charity stock: accepted at once
  Community health service centre: rejected after 1 hour (no doctor free for home visits until April)
  Building 3 lunch team: accepted after 3 hours
  the need is now planned

The stock delivers 4 bags of rice to the lunch kitchen
  J community charity stock: completed 18 hours after the referral: 4 bags delivered, worth 200.00 CNY
The team serves the lunch shift of 3 March, 11:00 (2 signed up, 0 no-shows); the organizer closes it:
  赵** served 2 hours; the record is verified
  孙** served 2 hours; the record is verified
  4 points for the team
  Building 3 lunch team: completed 2 days after the referral: 2 volunteers served 4 hours in all
  the need is now in progress, until the resident says it is met

The social worker calls the resident back: satisfied ("lunch arrives hot every day"). The need is met, 4 days 5 hours after it was raised

3 links were derived from the completed referrals:
  volunteer service linkage from volunteer 赵**: 2.00 hours
  volunteer service linkage from volunteer 孙**: 2.00 hours
  service linkage from J community: 200.00 CNY
volunteers connected to the project: 2

March 2023 in J community: 3 referrals, 4 volunteer hours, 200.00 CNY of goods delivered
  answered in time 100%, resolved 67%, residents satisfied 100%
`

func TestRunOnMemstore(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, Run(t.Context(), &out, memstore.New()))
	got := out.String()
	require.Equal(t, want, got)
	// No personal data in the clear: names, phones, ID numbers, health, case references.
	for _, raw := range []string{"王芳", "李明", "赵红梅", "孙建国", "13900000002", "13580000001", "510107", "knee replacement", "client:0042"} {
		require.NotContains(t, got, raw)
	}
	// No raw enum values: statuses and kinds print as words.
	for _, raw := range []string{"in_progress", "social_worker", "volunteer_team", "volunteer_service"} {
		require.NotContains(t, got, raw)
	}
	// Deterministic: a second run prints the same.
	var again bytes.Buffer
	require.NoError(t, Run(t.Context(), &again, memstore.New()))
	require.Equal(t, got, again.String())
}

// The tour needs an empty store: on one that already holds its entities it stops at the
// first one with an error, instead of printing a half tour as if it were whole.
func TestRunNeedsAnEmptyStore(t *testing.T) {
	s := memstore.New()
	require.NoError(t, Run(t.Context(), io.Discard, s))
	require.Error(t, Run(t.Context(), io.Discard, s))
}

func TestSpanAndWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                               "0 minutes",
		time.Minute:                     "1 minute",
		3 * time.Hour:                   "3 hours",
		24 * time.Hour:                  "1 day",
		4*24*time.Hour + 5*time.Hour:    "4 days 5 hours",
		2*24*time.Hour + 90*time.Minute: "2 days 1 hour 30 minutes",
	} {
		require.Equal(t, want, span(d), "%v", d)
	}
	require.Equal(t, "at once", after(0))
	require.Equal(t, "after 1 hour", after(time.Hour))
	require.Equal(t, "in progress", words("in_progress"))
}
