package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	got := out.String()
	for _, want := range []string{
		`project "K volunteer service team cultivation in L community" bought by Changping District Civil Affairs Bureau`,
		"K volunteer service team: interest group with 6 members",
		"  capacity assessment 2022-04-08 (baseline): mean 1.38 of 5",
		"  2022-04-12: volunteer team refused (insufficient):\n    - Leader.Name: an accountable leader is required\n",
		"  2022-04-18: volunteer team approved by residents' committee",
		"  2022-07-09: filed refused (insufficient):",
		"    - Leader.Phone: the accountable leader's phone is required",
		"    - Members: has 9 members, an association needs at least 10",
		"    - Venue: a fixed venue is required",
		"    - Charter: an adopted charter",
		"  2022-08-06: filed approved by street office",
		"  capacity assessment 2022-09-30 (mid-term): mean 3.00 of 5",
		"  capacity assessment 2023-03-20 (final): mean 4.00 of 5",
		"3 knitters donated 3 lots for the charity sales",
		// The first sale's first lot: 12 scarves at 45 x 0.9, paid by that sale's buyers.
		"  486.00 CNY for 12 scarf of knitted_scarf, paid by 20 buyers at K team charity sale 1\n",
		// Sold at 90% of the listed value: 26 scarves x 45 + 27 hats x 30 + 21 scarves x 45,
		// times 0.9, is 1053 + 729 + 850.50.
		"3 charity sales raised 2632.50 CNY from their buyers, kept as 9 cash lots of the knitters' donations",
		"knitted_scarf          scarf  received 40 = on hand 14 + reserved 0 + delivered 0 + disposed 26 conserved=true",
		"knitted_hat            hat    received 36 = on hand 9 + reserved 0 + delivered 0 + disposed 27 conserved=true",
		"winter care packs: 2632.50 of 3600.00 CNY delivered from the proceeds",
		// Counted once: the three knitters' goods are the receipts (40 x 45 + 36 x 30 +
		// 24 x 45 = 3960); the sales are neither receipts nor uses; the uses are the
		// proceeds delivered as care packs.
		"  final   2022-04-01 to 2023-04-01 due 2023-07-01: 3 receipts 3960.00 CNY, 9 uses 2632.50 CNY",
		// Three full party members and no branch inside the team: not covered; then its
		// own branch (Party Constitution Art 30).
		"party building once the team is filed: 0 of 1 social organizations with 3 or more full party members have a party branch (0%)\n",
		"party building once the team has its own branch: 1 of 1 social organizations with 3 or more full party members have a party branch (100%)\n",
		// The links come from the completed referrals: the three sales attached to the
		// team's, the proceeds delivered for the fund's.
		"the need for winter care is met after the residents' follow-up (satisfied)\n",
		"2 links derived from the completed referrals:\n  organization linkage from K volunteer service team: 3 records\n  service linkage from L community charity fund: 2632.50 CNY\n",
		"activities by kind: 3 tripartite talks, 5 capacity-building lectures, 20 knitting training, 3 charity sales",
		"  group sessions             20\n",
		"  community activities       11\n",
		"  organizations filed        1\n",
		"  resources allocated value  2632.5\n",
		"  resources allocated value   17.55 / 20.00 points",
		"grade 优 (complete)",
	} {
		require.Contains(t, got, want)
	}
	require.Equal(t, 12, strings.Count(got, "conserved=true"))
	// The receipts are the knitters' goods at their fair value, and nothing else: the cash
	// from the buyers is no receipt, and no knitter is named as giving it.
	goods := 0
	for _, d := range donors {
		goods += int(d.pieces * d.value)
	}
	require.Equal(t, 3960, goods)
	require.Equal(t, len(donors), strings.Count(got, "    receipt from "))
	require.NotContains(t, got, "CNY charity_sale_proceeds")
	require.Contains(t, got, fmt.Sprintf("3 receipts %d.00 CNY", goods))
	require.NotContains(t, got, "conserved=false")
	// No personal data in the clear.
	raw := []string{"刘佳", "13900102022"}
	for _, d := range donors {
		raw = append(raw, d.name, d.phone)
	}
	for _, r := range raw {
		require.NotContains(t, got, r)
	}
	// Plain words: codes, kinds and statuses print with spaces, never as raw values.
	for _, raw := range []string{"interest_group", "volunteer_team", "group_sessions"} {
		require.NotContains(t, got, raw)
	}
	// Deterministic: a second run prints the same.
	var again bytes.Buffer
	require.NoError(t, run(&again))
	require.Equal(t, got, again.String())
}

func TestKnitters(t *testing.T) {
	require.Empty(t, knitters(0))
	require.Equal(t, []string{"knitter-01", "knitter-02", "knitter-03"}, knitters(3))
}
