// Package must builds the personal data the example programs register: valid names, phone
// numbers and ID numbers from literals, panicking on a typo in the example itself. Library
// code never panics; these helpers exist only so that examples read like the domain.
package must

import (
	"fmt"
	"time"

	"github.com/wushe/wushe"
)

// Name parses a person's name or panics.
func Name(s string) wushe.PersonName {
	n, err := wushe.ParsePersonName(s)
	if err != nil {
		panic(err)
	}
	return n
}

// Phone parses a mainland mobile number or panics.
func Phone(s string) wushe.Phone {
	p, err := wushe.ParsePhone(s)
	if err != nil {
		panic(err)
	}
	return p
}

// IDNumber builds the valid resident ID number of a person born on birth in the
// 6-digit region, with sequence code seq (0-999; odd for men), or panics.
func IDNumber(region string, birth time.Time, seq int) wushe.IDNumber {
	n, err := wushe.CompleteIDNumber(fmt.Sprintf("%s%s%03d", region, birth.Format("20060102"), seq%1000))
	if err != nil {
		panic(err)
	}
	return n
}
