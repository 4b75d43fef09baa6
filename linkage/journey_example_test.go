package linkage_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
)

// Count the residents who turned from service users into providers: one resident attends
// a neighbourhood festival in March and joins the knitting group a week later; another
// joins first and attends afterwards, which is no such turn.
func ExampleService_Journeys() {
	ctx := context.Background()
	clock := wushe.NewManualClock(time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC))
	svc, _ := linkage.NewService(memstore.New(), &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("journeys-example"),
		ReferenceKey: []byte("a secret key of the host, 32 bytes")})
	community, _ := svc.RegisterCommunity(ctx, linkage.Community{Name: "K社区", Kind: linkage.CommunityUrban, StreetOffice: "春熙路街道"})
	day := func(d int) time.Time { return time.Date(2024, 3, d, 9, 0, 0, 0, time.UTC) }
	ref := func(s string) wushe.Sensitive { return wushe.NewSensitive(wushe.ClassReference, s) }
	_, err := svc.RecordActivity(ctx, linkage.Activity{Community: community.ID, Kind: linkage.ActivityCommunityWork,
		Title: "邻里节", Window: wushe.NewWindow(day(2), 2*time.Hour),
		Attendance: []linkage.Attendance{{Ref: ref("R-0017")}, {Ref: ref("R-0023")}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = svc.RegisterOrganization(ctx, linkage.Organization{Name: "K编织队", Field: linkage.FieldMutualAid,
		Type: linkage.OrgAssociation, Community: community.ID, Stage: linkage.StageInterestGroup,
		Roster: []linkage.RosterEntry{{Ref: ref("R-0017"), JoinedAt: day(9)}, {Ref: ref("R-0023"), JoinedAt: day(1)}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	march := wushe.Window{Start: day(1).Truncate(24 * time.Hour), End: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}
	j, err := svc.Journeys(ctx, linkage.DispatchScope{Communities: []uuid.UUID{community.ID}}, march)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("residents %d, served %d, serving %d, new providers %d, became providers %d\n",
		j.Residents, j.Served, j.Serving, j.NewProviders, j.BecameProviders)
	for _, t := range j.Transitions {
		fmt.Printf("%s first, then %s: %d\n", t.From, t.To, t.Residents)
	}
	// Output:
	// residents 2, served 2, serving 2, new providers 2, became providers 1
	// attendee first, then member: 1
}
