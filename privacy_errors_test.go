package wushe_test

import (
	"math"
	"testing"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
)

// Error messages never carry personal data: every error the parsers and validators return
// for bad personal input is walked for digit runs (region codes, numbers), coordinates
// and the input itself.
func TestErrorsCarryNoPersonalData(t *testing.T) {
	ids := []string{
		"51010719900101001",    // 17 characters
		"5101071990010100123",  // 19
		"51010719900101001Y",   // bad check character
		"510107199001010010",   // wrong check digit
		"51010719900A01001X",   // a letter
		"01010719900101001X",   // no region code
		"51010719901301001X",   // no birth date
		"5101071990010100１",    // a full-width digit
		"51010719900101001X\n", // trailing newline
	}
	for _, s := range ids {
		_, err := wushe.ParseIDNumber(s)
		storetest.RequireNoPersonalData(t, err, s)
	}
	for _, s := range []string{"5101071990010100", "51010719900101001Z"} {
		_, err := wushe.CompleteIDNumber(s)
		storetest.RequireNoPersonalData(t, err, s)
	}
	for _, s := range []string{"1381234567", "138123456789", "12812345678", "1381234567a", "+86 128 1234 5678"} {
		_, err := wushe.ParsePhone(s)
		storetest.RequireNoPersonalData(t, err, s)
	}
	for _, s := range []string{"张\x00三", "李*四", " 王五", "\xff\xfe"} {
		_, err := wushe.ParsePersonName(s)
		storetest.RequireNoPersonalData(t, err, s)
	}
	for _, p := range []wushe.Point{{Lat: 95.123456, Lng: 104.066541}, {Lat: 30.657341, Lng: 184.5},
		{Lat: math.NaN(), Lng: 104.0665}, {Lat: 30.6573, Lng: math.Inf(1)}} {
		storetest.RequireNoPersonalData(t, p.Validate(), "95.12", "104.06", "30.65", "184.5")
	}
}
