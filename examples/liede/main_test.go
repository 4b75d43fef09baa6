package main

import (
	"bytes"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	got := out.String()
	for _, want := range []string{
		`project "Liede Renjia social work service project" (1+3+N), bought by Liede Street Office, Tianhe District`,
		"cycle 2021-06-01 to 2024-06-01",
		"(volunteer team): 24 members, themes: anti fraud, epidemic prevention, drug prevention\n",
		// The call-out: 21 of 24 homes lie within 1 km; ten answer, one every three minutes.
		`call-out "Falcon: order at the mass-testing site": 21 of 24 members invited, living within 1000 m (3 farther)`,
		// From the acknowledgements: the first at 2 min, the eighth at 2 + 7 x 3 = 23 min.
		"  first answer 2 min after the call; all 8 places filled 23 min after the call; fill rate 100% (8 of 8 places); 10 answered, 2 on the waiting list\n",
		// 152 Mondays from 7 June 2021 to 29 April 2024; the last week's Saturday falls in May.
		"152 weeks replayed: 151 Monday posts filled",
		"151 phone classes, 35 markets, 12 council meetings",
		"Monday posts: 3 weekly opportunities of 4 places",
		// 151 shifts x 4 places x 2 hours.
		"Falcon verified service: 604 records, 1208.0 h",
		// The links come from the completed referrals: the Falcon team's (one per member
		// who served on its posts) and the partner units' (one per council proposal; six
		// proposals in turn, each unit runs one).
		"the Falcon referral, completed from its work: 24 members served 1208.0 h on 604 verified records\n",
		"36 links derived from the completed referrals: 24 volunteer service links from 24 volunteers, 12 service links from 6 partner units\n",
		"  activities total       186\n",
		"  community activities   186\n",
		"  volunteers connected   24\n",
		"  units connected        6\n",
		"  volunteer hours        1208\n",
		"  volunteer hours        1208\n",
		// One council a quarter from June 2021 to March 2024, each proposal met, and the
		// publicity need the Falcon team answers.
		"  needs raised           13\n",
		"  needs met              13\n",
		"  needs met share        1\n",
		"  units connected         14.29 / 14.29 points",
		"  needs met               14.26 / 14.26 points",
		"verifies: true",
		"grade 优 (complete)",
	} {
		require.Contains(t, got, want)
	}
	// No personal data in the clear.
	raws := []string{"陈晓敏", "13900002021", "梁志强", "13700002021"}
	for i := range falconMembers {
		v := falconVolunteer(i, uuid.Nil)
		for _, r := range []interface {
			Reveal(wushe.Entitlement) (string, error)
		}{v.Name, v.Phone, v.IDNumber} {
			s, err := r.Reveal(wushe.StorageEntitlement())
			require.NoError(t, err)
			raws = append(raws, s)
		}
	}
	for _, raw := range raws {
		require.NotContains(t, got, raw)
	}
	// Plain words: codes, kinds and statuses print with spaces, never as raw values.
	for _, raw := range []string{"anti_fraud", "volunteer_team", "people_served"} {
		require.NotContains(t, got, raw)
	}
	// Deterministic: a second run prints the same.
	var again bytes.Buffer
	require.NoError(t, run(&again))
	require.Equal(t, got, again.String())
}

func TestFalconVolunteersAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	for i := range falconMembers {
		v := falconVolunteer(i, uuid.Nil)
		id, err := v.IDNumber.Reveal(wushe.StorageEntitlement())
		require.NoError(t, err)
		require.False(t, seen[id], "duplicate ID number %s", id)
		seen[id] = true
	}
}
