package resources

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Property: round4Units is decimal.NewFromFloat(x).Round(4) in units of 10^-4, which is
// how the factors were computed before they were integers, on its fast path and next to
// the halves where it writes the decimal out.
func TestRound4UnitsProperty(t *testing.T) {
	want := func(x float64) int64 { return decimal.NewFromFloat(x).Round(4).Shift(4).IntPart() }
	for _, x := range []float64{0, 1, 0.5, 0.12345, 0.00005, 0.99995, 0.49995, 1e-9, 0.1 + 0.2, 1 - 1e-17, math.SmallestNonzeroFloat64} {
		require.Equal(t, want(x), round4Units(x), "%v", x)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		x := rng.Float64()
		switch rng.IntN(4) {
		case 0:
			x = math.Round(x*1e5) / 1e5 // halves at the fifth place
		case 1:
			x = 1 - 8000/(8000+rng.Float64()*9000)
		case 2: // a few steps of the float either side of a half at the fifth place
			x = math.Round(x*1e5) / 1e5
			for range rng.IntN(2000) - 1000 {
				x = math.Nextafter(x, 0)
			}
			for range rng.IntN(2000) - 1000 {
				x = math.Nextafter(x, 1)
			}
		}
		require.Equal(t, want(x), round4Units(x), "%v", x)
	}
}
