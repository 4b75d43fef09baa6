// Package scaleprobe loads a district-sized data set into any Store that implements the
// linkage, volunteer and resources Stores, and runs the operations whose cost must stay
// flat as the district grows: the probe behind the scale benchmarks of memstore and the
// SQL adapter. Every benchmark that uses it measures the same workload on the same data,
// so figures from different Stores compare.
//
// The data set for n: 10 communities; n volunteers spread over them, each with one
// verified service record, one points award and one sign-up (shifts of 50 places); n needs
// raised over two years; n lots each received once over the same two years. Two
// volunteers carry long histories: one with 501 records, one with 1,000 records, and a
// third with 10,000 postings on its points account.
package scaleprobe

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/resources/resourcestest"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// Store is what the probe loads into: every package's Store in one value.
type Store interface {
	linkage.Store
	volunteer.Store
	resources.Store
}

// Communities is how many communities the volunteers, needs and lots are spread over.
const Communities = 10

// History lengths of the three volunteers with long histories.
const (
	StarsShort   = 501
	StarsLong    = 1000
	LongPostings = 10_000
)

// Times of the data set: history runs over [Start, Start + two years); Now is after it.
var (
	Start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	Now   = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
)

// Fixture is a loaded data set and the services over it.
type Fixture struct {
	Store       Store
	Clock       *wushe.ManualClock
	Volunteer   *volunteer.Service
	Linkage     *linkage.Service
	Resources   *resources.Service
	Communities []uuid.UUID
	Volunteers  []uuid.UUID
	Needs       []uuid.UUID
	Lots        []uuid.UUID
	// ShortStars, LongStars and LongLedger are the volunteers with StarsShort records,
	// StarsLong records and LongPostings postings.
	ShortStars, LongStars, LongLedger uuid.UUID
	// extra counts the records and shifts the operations add, for fresh keys and windows.
	extra int
	// pageAfter is the middle of community 3's volunteers in ID order, where
	// PageVolunteers starts.
	pageAfter uuid.UUID
}

// NewFixture returns the services over s with the probe's clock and an empty data set.
func NewFixture(s Store) (*Fixture, error) {
	f := &Fixture{Store: s, Clock: wushe.NewManualClock(Now)}
	var err error
	if f.Volunteer, err = volunteer.NewService(s, &volunteer.Options{Clock: f.Clock}); err != nil {
		return nil, err
	}
	if f.Linkage, err = linkage.NewService(s, &linkage.Options{Clock: f.Clock}); err != nil {
		return nil, err
	}
	if f.Resources, err = resources.NewService(s, &resources.Options{Clock: f.Clock}); err != nil {
		return nil, err
	}
	for i := range Communities {
		c := linkage.Community{ID: wushe.NewID(), Name: fmt.Sprintf("社区%d", i), Kind: linkage.CommunityUrban,
			District: "天河区", StreetOffice: "石牌街道", CreatedAt: Start, UpdatedAt: Start}
		if err := s.CreateCommunity(context.Background(), c); err != nil {
			return nil, err
		}
		f.Communities = append(f.Communities, c.ID)
	}
	return f, nil
}

// at is the i-th of n instants spread evenly over the two years of history.
func at(i, n int) time.Time {
	span := Start.AddDate(2, 0, 0).Sub(Start)
	return Start.Add(time.Duration(int64(span) / int64(max(n, 1)) * int64(i)))
}

// RegisterVolunteers registers n volunteers through volunteer.Service.Register, spread over
// the communities: the bulk load.
func (f *Fixture) RegisterVolunteers(ctx context.Context, n int) error {
	for i := range n {
		birth := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/1000)
		v := volunteertest.Volunteer(i%1000, birth, at(i, n))
		v.CommunityID = f.Communities[i%Communities]
		out, err := f.Volunteer.Register(ctx, v)
		if err != nil {
			return fmt.Errorf("volunteer %d: %w", i, err)
		}
		f.Volunteers = append(f.Volunteers, out.ID)
	}
	var ids []uuid.UUID
	for i := 3; i < len(f.Volunteers); i += Communities {
		ids = append(ids, f.Volunteers[i])
	}
	slices.SortFunc(ids, wushe.CompareIDs)
	if len(ids) > 1 {
		f.pageAfter = ids[(len(ids)-1)/2]
	}
	return nil
}

// Load loads the whole data set for n.
func (f *Fixture) Load(ctx context.Context, n int) error {
	if err := f.RegisterVolunteers(ctx, n); err != nil {
		return err
	}
	for i, id := range f.Volunteers {
		if _, err := f.AwardNewRecord(ctx, id, at(i, n)); err != nil {
			return fmt.Errorf("award %d: %w", i, err)
		}
	}
	for i := 0; i < len(f.Volunteers); i += 50 {
		o := volunteertest.Opportunity(Now.AddDate(0, 1, 0).Add(time.Duration(i/50)*3*time.Hour), 50)
		o.Organizer = volunteer.Actor{Kind: volunteer.ActorCommunity, ID: f.Communities[(i/50)%Communities]}
		if err := f.Store.CreateOpportunity(ctx, o); err != nil {
			return err
		}
		ref := volunteer.ShiftRef{OpportunityID: o.ID, ShiftID: o.Shifts[0].ID}
		for _, id := range f.Volunteers[i:min(i+50, len(f.Volunteers))] {
			if _, err := f.Volunteer.SignUp(ctx, id, ref); err != nil {
				return fmt.Errorf("sign-up: %w", err)
			}
		}
	}
	if err := f.loadHistories(ctx); err != nil {
		return err
	}
	if err := f.loadNeeds(ctx, n); err != nil {
		return err
	}
	return f.loadLots(ctx, n)
}

// loadHistories registers the three volunteers with long histories.
func (f *Fixture) loadHistories(ctx context.Context) error {
	long := make([]uuid.UUID, 3)
	for k := range long {
		v := volunteertest.Volunteer(k, time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC), Start)
		v.CommunityID = f.Communities[0]
		out, err := f.Volunteer.Register(ctx, v)
		if err != nil {
			return err
		}
		long[k] = out.ID
	}
	f.ShortStars, f.LongStars, f.LongLedger = long[0], long[1], long[2]
	for k, n := range map[uuid.UUID]int{f.ShortStars: StarsShort, f.LongStars: StarsLong} {
		for i := range n {
			if err := f.Store.CreateRecord(ctx, f.record(k, at(i, n))); err != nil {
				return err
			}
		}
	}
	acct := volunteer.VolunteerAccount(f.LongLedger)
	one := decimal.NewFromInt(1)
	for i := range LongPostings {
		t := at(i, LongPostings)
		tx := volunteer.Transaction{ID: wushe.NewID(), Key: fmt.Sprintf("probe/%d", i), Kind: volunteer.KindEarn,
			PostedAt: t, CreatedAt: t, Memo: "points",
			Entries: []volunteer.Entry{{Account: volunteer.AccountIssuance, Amount: one.Neg()}, {Account: acct, Amount: one}}}
		if _, err := f.Store.PostTransaction(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// record is a verified two-hour service record of volunteer id starting at start.
func (f *Fixture) record(id uuid.UUID, start time.Time) volunteer.ServiceRecord {
	f.extra++
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: f.Communities[f.extra%Communities]}
	return volunteer.ServiceRecord{ID: wushe.NewID(), VolunteerID: id, Activity: "反诈宣传", Content: "发放宣传资料",
		Theme: volunteer.ThemeAntiFraud, Window: wushe.NewWindow(start, 2*time.Hour), Minutes: 120,
		Organizer: org, RecordedBy: org, RecordedAt: start.Add(3 * time.Hour),
		Status: volunteer.RecordVerified, VerifiedBy: org, VerifiedAt: start.Add(4 * time.Hour),
		CreatedAt: start.Add(3 * time.Hour), UpdatedAt: start.Add(4 * time.Hour)}
}

// AwardNewRecord stores a fresh verified record of volunteer id starting at start and
// awards its points: what the AwardPoints benchmark repeats.
func (f *Fixture) AwardNewRecord(ctx context.Context, id uuid.UUID, start time.Time) (volunteer.Award, error) {
	r := f.record(id, start)
	if err := f.Store.CreateRecord(ctx, r); err != nil {
		return volunteer.Award{}, err
	}
	return f.Volunteer.AwardPoints(ctx, r.ID)
}

// NewShift stores a fresh published opportunity with one shift of 50 places, later than
// every shift before it, and returns the shift: what the SignUp benchmark signs up for.
func (f *Fixture) NewShift(ctx context.Context) (volunteer.ShiftRef, error) {
	f.extra++
	o := volunteertest.Opportunity(Now.AddDate(1, 0, 0).Add(time.Duration(f.extra)*3*time.Hour), 50)
	if err := f.Store.CreateOpportunity(ctx, o); err != nil {
		return volunteer.ShiftRef{}, err
	}
	return volunteer.ShiftRef{OpportunityID: o.ID, ShiftID: o.Shifts[0].ID}, nil
}

// loadNeeds stores n needs over the communities, raised over the two years; every third
// is met a week after it was raised.
func (f *Fixture) loadNeeds(ctx context.Context, n int) error {
	for i := range n {
		raised := at(i, n)
		nd := linkage.Need{ID: wushe.NewID(), Community: f.Communities[i%Communities], Category: fmt.Sprintf("助餐 %d", i),
			TargetGroup: linkage.GroupElderly, Urgency: linkage.UrgencyHopedFor, Source: linkage.SourceHomeVisit,
			Status: linkage.NeedOpen, RaisedAt: raised, CreatedAt: raised, UpdatedAt: raised}
		if i%3 == 0 {
			nd.Status, nd.MetAt, nd.UpdatedAt = linkage.NeedMet, raised.AddDate(0, 0, 7), raised.AddDate(0, 0, 7)
		}
		if err := f.Store.CreateNeed(ctx, nd); err != nil {
			return err
		}
		f.Needs = append(f.Needs, nd.ID)
	}
	return nil
}

// loadLots receives n lots, one donation each from one donor, over the two years.
func (f *Fixture) loadLots(ctx context.Context, n int) error {
	d := resourcestest.Donor()
	if err := f.Store.CreateDonor(ctx, d); err != nil {
		return err
	}
	for i := range n {
		t := at(i, n)
		dn := resourcestest.Donation(d.ID)
		l := resourcestest.Lot(dn.ID)
		m := resources.Movement{ID: wushe.NewID(), LotID: l.ID, Kind: resources.MoveReceive, Quantity: decimal.NewFromInt(10),
			At: t, Actor: "probe", DonationID: dn.ID}
		if err := f.Store.Post(ctx, resources.Posting{NewDonations: []resources.Donation{dn}, NewLots: []resources.Lot{l},
			Movements: []resources.Movement{m}}); err != nil {
			return err
		}
		f.Lots = append(f.Lots, l.ID)
	}
	return nil
}

// PageVolunteers reads the page of 50 volunteers of one community that follows the
// community's middle volunteer in ID order, so the page is never empty whatever IDs the
// volunteers were given.
func (f *Fixture) PageVolunteers(ctx context.Context) (wushe.Page[volunteer.Volunteer], error) {
	return f.Store.ListVolunteers(ctx, volunteer.VolunteerFilter{CommunityID: f.Communities[3],
		Page: wushe.PageRequest{Limit: 50, After: f.pageAfter}})
}

// PageNeeds reads the first page of 50 needs of one community raised in the second
// quarter of the second year.
func (f *Fixture) PageNeeds(ctx context.Context) (wushe.Page[linkage.Need], error) {
	from := Start.AddDate(1, 3, 0)
	return f.Store.ListNeeds(ctx, linkage.NeedFilter{Community: f.Communities[3], RaisedFrom: from, RaisedTo: from.AddDate(0, 3, 0),
		Page: wushe.PageRequest{Limit: 50}})
}

// Outputs derives the outputs of one community over the second year.
func (f *Fixture) Outputs(ctx context.Context) (int, error) {
	period := wushe.Window{Start: Start.AddDate(1, 0, 0), End: Start.AddDate(2, 0, 0)}
	set, err := f.Linkage.Outputs(ctx, linkage.CommunityScope(f.Communities[3]), period, nil)
	return len(set.All()), err
}

// Positions returns every lot's position as of the middle of the history.
func (f *Fixture) Positions(ctx context.Context) ([]resources.Position, error) {
	return f.Resources.Positions(ctx, Start.AddDate(1, 0, 0))
}
