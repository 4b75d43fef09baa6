package storecodec_test

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storecodec"
)

// A Store keeps the clear value and the decimal's scale; printing the value still masks it.
func Example() {
	type resident struct {
		Phone   wushe.Phone
		Subsidy decimal.Decimal
	}
	p, _ := wushe.ParsePhone("13800001234")
	stored, err := storecodec.Marshal(resident{Phone: p, Subsidy: decimal.RequireFromString("120.50")})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(stored))

	var back resident
	if err := storecodec.Unmarshal(stored, &back); err != nil {
		panic(err)
	}
	fmt.Println(back.Phone, back.Subsidy.StringFixed(2))
	// Output:
	// {"@format":1,"Phone":{"clear":"13800001234"},"Subsidy":{"coefficient":"12050","exponent":-2}}
	// 138****1234 120.50
}
