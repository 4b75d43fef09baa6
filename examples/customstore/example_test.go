package main

import (
	"context"
	"fmt"
	"os"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// The whole scenario: write through every Service, reopen, read back.
func Example() {
	if err := run(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// linkage: community "J community", social worker 李*, case intake with one home visit
	// resources: 40 bags of rice donated, 2 reserved and delivered
	// volunteer: 张** (ID number 110***********0011) signs up: confirmed
	// volunteer: 赵* (ID number 110***********0025) signs up: applied
	// -- reopened from disk --
	// community "J community" (version 1), grid staff 王*; social worker 李*, phone 139****0002
	// case client health *** (class health); the assigned worker reads the notes: "Lives alone; daughter visits on Sundays"
	// lot rice, 50 CNY a bag: received 40 = on hand 38 + reserved 0 + delivered 2 + disposed 0
	// enrolment of 张**, born 1990: confirmed
	// enrolment of 赵*, born 1992: applied
	// 16 entity files on disk; files holding a masked value: 0
}

// Open a store on a directory and hand it to a Service: the Store is the only thing a
// host writes.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "wushe-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	s, err := Open(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	svc, err := linkage.NewService(s, &linkage.Options{NewID: wushe.SequentialIDs("example")})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := svc.RegisterCommunity(context.Background(), linkage.Community{Name: "J community",
		Kind: linkage.CommunityUrban, District: "Wuhou", StreetOffice: "Jiangxi Street", Households: 10, Residents: 30})
	if err != nil {
		fmt.Println(err)
		return
	}
	got, err := s.GetCommunity(context.Background(), c.ID)
	fmt.Println(got.Name, got.Version, err)
	// Output:
	// J community 1 <nil>
}
