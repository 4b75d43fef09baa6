package tour

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/memstore"
)

func TestRunOnMemstore(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, Run(t.Context(), &out, memstore.New()))
	got := out.String()
	for _, want := range []string{
		`community "J community": 20300 residents, 3 areas, 2 venues; grid staff 王*`,
		"social worker 李* (social_worker), phone 139****0002",
		"filing refused (insufficient):",
		"  - Members: has 8 members, an association needs at least 10",
		"  - Venue: a fixed venue is required",
		"with 12 members, a venue and a charter it is filed (approved by Jiangxi Street office)",
		"budget 300000.00 CNY, 2 targets",
		"is now need (open, difficult, residents_council)",
		"need planned 48h0m0s after it was raised",
		"client health shown as ***",
		`the assigned worker reads the notes: "Lives alone; daughter visits on Sundays"`,
		"the health centre without consent: forbidden=true",
		"units connected to the project: 1",
	} {
		require.Contains(t, got, want)
	}
	// No personal data in the clear.
	for _, raw := range []string{"王芳", "李明", "13900000002", "knee replacement", "client:0042"} {
		require.NotContains(t, got, raw)
	}
	// Deterministic: a second run prints the same.
	var again bytes.Buffer
	require.NoError(t, Run(t.Context(), &again, memstore.New()))
	require.Equal(t, got, again.String())
	require.Equal(t, 14, strings.Count(got, "\n"))
}

// The tour needs an empty store: on one that already holds its entities it stops at the
// first one with an error, instead of printing a half tour as if it were whole.
func TestRunNeedsAnEmptyStore(t *testing.T) {
	s := memstore.New()
	require.NoError(t, Run(t.Context(), io.Discard, s))
	require.Error(t, Run(t.Context(), io.Discard, s))
}
