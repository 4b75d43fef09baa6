package wushe_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/wushe/wushe"
)

// Errors carry a kind that callers test with errors.Is, and name the operation, entity and
// field for people.
func ExampleKindOf() {
	err := wushe.Wrap("linkage.Service.OpenCase",
		wushe.E("memstore.GetSocialWorker", wushe.KindNotFound, "SocialWorker", "sw-7", "no such worker"))
	fmt.Println(errors.Is(err, wushe.ErrNotFound))
	fmt.Println(wushe.KindOf(err))
	fmt.Println(err)
	// Output:
	// true
	// not_found
	// linkage.Service.OpenCase: memstore.GetSocialWorker: SocialWorker sw-7: no such worker: not_found
}

// A Validate reports every problem at once; FieldErrors lists them.
func ExampleCheck() {
	p := wushe.Check("Volunteer")
	p.Require(false, "Name", "is required")
	p.Addf("WeeklyHourCap", "is %d, want at least 1", 0)
	p.Nested("Home", wushe.Point{Lat: 123}.Validate())
	for _, fe := range wushe.FieldErrors(p.Err()) {
		fmt.Println(fe.Field, "-", fe.Msg)
	}
	// Output:
	// Name - is required
	// WeeklyHourCap - is 0, want at least 1
	// Home.Lat - is not a latitude in [-90, 90]
}

// Personal data prints and encodes masked; the clear value needs an entitlement.
func ExampleParseIDNumber() {
	id, err := wushe.ParseIDNumber("11010519491231002X")
	if err != nil {
		panic(err)
	}
	phone, _ := wushe.ParsePhone("+86 138 1234 5678")
	fmt.Println(id, phone)
	js, _ := json.Marshal(map[string]any{"id": id, "phone": phone})
	fmt.Println(string(js))

	_, err = id.Reveal(wushe.Entitlement{Actor: "volunteer-7"})
	fmt.Println(errors.Is(err, wushe.ErrForbidden))
	raw, _ := id.Reveal(wushe.Entitlement{Actor: "officer-2", Purpose: "insurance enrolment",
		Classes: []wushe.Class{wushe.ClassIDNumber}})
	fmt.Println(raw)
	// Output:
	// 110***********002X 138****5678
	// {"id":"110***********002X","phone":"138****5678"}
	// true
	// 11010519491231002X
}

func ExamplePoint_DistanceMeters() {
	home := wushe.Point{Lat: 23.1200, Lng: 113.3300}
	centre := wushe.Point{Lat: 23.1227, Lng: 113.3300}
	fmt.Printf("%.0f m\n", home.DistanceMeters(centre))
	// Output: 300 m
}
