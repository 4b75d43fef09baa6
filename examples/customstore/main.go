package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/examples/internal/must"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "customstore:", err)
		os.Exit(1)
	}
}

// written is what the first half of the scenario made, for the second half to read back.
type written struct {
	community, worker, kase uuid.UUID
	lot                     uuid.UUID
	shift                   volunteer.ShiftRef
	volunteers              []uuid.UUID
}

// run opens a store in a temporary directory, runs a short scenario through the linkage,
// resources and volunteer Services, closes the store, opens it again from disk and writes
// what it reads back to w. The clock and the IDs are fixed, so the output is the same on
// every run.
func run(w io.Writer) error {
	dir, err := os.MkdirTemp("", "wushe-customstore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	clock := wushe.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))

	s, err := Open(dir)
	if err != nil {
		return err
	}
	made, err := write(ctx, w, s, clock)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}

	s, err = Open(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintln(w, "-- reopened from disk --")
	if err := readBack(ctx, w, s, clock, made); err != nil {
		return err
	}
	files, masked, err := scan(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d entity files on disk; files holding a masked value: %d\n", files, masked)
	return nil
}

// write is the first half: every package's Service writes through the one Store.
func write(ctx context.Context, w io.Writer, s *Store, clock *wushe.ManualClock) (written, error) {
	var out written
	ls, err := linkage.NewService(s, &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("customstore-linkage")})
	if err != nil {
		return out, err
	}
	c, err := ls.RegisterCommunity(ctx, linkage.Community{
		Name: "J community", Kind: linkage.CommunityUrban, District: "Wuhou", StreetOffice: "Jiangxi Street",
		Households: 6800, Residents: 20300,
		Areas: []linkage.Area{{ID: wushe.SequentialIDs("customstore-area")(), Name: "Grid 1", Level: linkage.LevelGrid,
			Staff: []linkage.GridStaff{{Name: must.Name("王芳"), Role: "grid staff", Phone: must.Phone("13800000001")}}}},
	})
	if err != nil {
		return out, err
	}
	worker, err := ls.RegisterSocialWorker(ctx, linkage.SocialWorker{
		Name: must.Name("李明"), Phone: must.Phone("13900000002"), Agency: "Xinyuan Social Work Agency",
		Qualification: linkage.QualificationSocial, Specialties: []linkage.Specialty{linkage.SpecialtyElderly},
		Communities: []uuid.UUID{c.ID}, CaseloadCap: 25, Status: linkage.WorkerActive,
	})
	if err != nil {
		return out, err
	}
	cs, err := ls.OpenCase(ctx, linkage.Case{
		Community: c.ID, Worker: worker.ID, Household: "household:3-2-401", Risk: linkage.RiskMedium,
		Client: linkage.Client{
			Ref:    wushe.NewSensitive(wushe.ClassReference, "client:0042"),
			Health: wushe.NewSensitive(wushe.ClassHealth, "knee replacement in 2022"),
		},
		Consents: []linkage.Consent{{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "case work", At: clock.Now()}},
	})
	if err != nil {
		return out, err
	}
	if _, err = ls.AddSession(ctx, cs.ID, linkage.Session{At: clock.Now(), Kind: linkage.SessionHomeVisit, Worker: worker.ID,
		Notes: wushe.NewSensitive(wushe.ClassCaseNote, "Lives alone; daughter visits on Sundays"), Duration: time.Hour}); err != nil {
		return out, err
	}
	fmt.Fprintf(w, "linkage: community %q, social worker %v, case %s with one home visit\n", c.Name, worker.Name, cs.Status)
	out.community, out.worker, out.kase = c.ID, worker.ID, cs.ID

	rs, err := resources.NewService(s, &resources.Options{Clock: clock, NewID: wushe.SequentialIDs("customstore-resources"),
		Organization: "J Community Charity Fund"})
	if err != nil {
		return out, err
	}
	bank, err := rs.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorInstitution,
		Name: "Rural Commercial Bank, Tianhe branch", CreditCode: "91350100M000100Y43"})
	if err != nil {
		return out, err
	}
	_, lot, err := rs.Donate(ctx, "clerk", resources.Donation{DonorID: bank.ID, Kind: resources.PropertyGoods,
		Category: "rice", Quantity: decimal.NewFromInt(40), Unit: "bag (5 kg)",
		FairValue: decimal.RequireFromString("2000.00"), FairValueProof: "supplier invoice 8812"},
		resources.Receiving{Handler: must.Name("王芳"), Holder: resources.Holder{Kind: resources.HolderSupermarket, Name: "Liede charity supermarket"}})
	if err != nil {
		return out, err
	}
	req, err := rs.Request(ctx, "social worker", resources.Request{CommunityID: c.ID,
		Group: resources.GroupElderly, Purpose: resources.PurposeCare, Kind: resources.PropertyGoods, Category: "rice",
		Unit: "bag (5 kg)", Quantity: decimal.NewFromInt(2), Urgency: resources.UrgencyDifficult})
	if err != nil {
		return out, err
	}
	a, err := rs.Reserve(ctx, "social worker", lot.ID, req.ID, decimal.NewFromInt(2))
	if err != nil {
		return out, err
	}
	if a, err = rs.Deliver(ctx, "volunteer", a.ID); err != nil {
		return out, err
	}
	fmt.Fprintf(w, "resources: 40 bags of rice donated, 2 reserved and %s\n", a.Status)
	out.lot = lot.ID

	vs, err := volunteer.NewService(s, &volunteer.Options{Clock: clock, NewID: wushe.SequentialIDs("customstore-volunteer"),
		CertificateKey: []byte("customstore example key")})
	if err != nil {
		return out, err
	}
	organizer := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: c.ID}
	opp, err := vs.CreateOpportunity(ctx, volunteer.Opportunity{
		Title: "反诈宣传进社区", Organizer: organizer, Theme: volunteer.ThemeAntiFraud,
		PlaceName: "社区广场", Place: wushe.Point{Lat: 30.642, Lng: 104.043}, Risk: volunteer.RiskLow,
		Shifts: []volunteer.Shift{{Window: wushe.NewWindow(time.Date(2026, 3, 7, 9, 0, 0, 0, time.UTC), 2*time.Hour), Headcount: 1}},
		Status: volunteer.OpportunityPublished,
	})
	if err != nil {
		return out, err
	}
	out.shift = volunteer.ShiftRef{OpportunityID: opp.ID, ShiftID: opp.Shifts[0].ID}
	for _, p := range []struct{ name, id, phone string }{
		{"张三丰", "110105199005170011", "13800001234"},
		{"赵敏", "110105199203080025", "13800005678"},
	} {
		idn, err := wushe.ParseIDNumber(p.id)
		if err != nil {
			return out, err
		}
		v, err := vs.Register(ctx, volunteer.Volunteer{
			Name: must.Name(p.name), IDNumber: idn, BirthDate: idn.BirthDate(), Gender: gender(idn), Phone: must.Phone(p.phone),
			CommunityID: c.ID, RegisteredOn: clock.Now(), Status: volunteer.StatusActive,
		})
		if err != nil {
			return out, err
		}
		e, err := vs.SignUp(ctx, v.ID, out.shift)
		if err != nil {
			return out, err
		}
		fmt.Fprintf(w, "volunteer: %v (ID number %v) signs up: %s\n", v.Name, v.IDNumber, e.Status)
		out.volunteers = append(out.volunteers, v.ID)
		clock.Advance(time.Minute)
	}
	return out, nil
}

// readBack is the second half: a new handle on the same directory reads what the first
// half wrote, personal data included.
func readBack(ctx context.Context, w io.Writer, s *Store, clock *wushe.ManualClock, made written) error {
	ls, err := linkage.NewService(s, &linkage.Options{Clock: clock})
	if err != nil {
		return err
	}
	c, err := s.GetCommunity(ctx, made.community)
	if err != nil {
		return err
	}
	worker, err := s.GetSocialWorker(ctx, made.worker)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "community %q (version %d), grid staff %v; social worker %v, phone %v\n",
		c.Name, c.Version, c.Areas[0].Staff[0].Name, worker.Name, worker.Phone)
	notes, err := ls.ReadCaseNotes(ctx, made.kase, linkage.Reader{Worker: made.worker}, "supervision", linkage.BasisConsent)
	if err != nil {
		return err
	}
	cs, err := s.GetCase(ctx, made.kase)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "case client health %v (class %s); the assigned worker reads the notes: %q\n",
		cs.Client.Health, cs.Client.Health.Class(), notes[0].Text)

	lot, err := s.GetLot(ctx, made.lot)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "lot %s, %s CNY a bag: %v\n", lot.Category, lot.UnitValue.String(), lot.Position())

	page, err := s.ListEnrolments(ctx, volunteer.EnrolmentFilter{Shift: made.shift})
	if err != nil {
		return err
	}
	for _, e := range page.Items {
		v, err := s.GetVolunteer(ctx, e.VolunteerID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "enrolment of %v, born %d: %s\n", v.Name, v.IDNumber.BirthDate().Year(), e.Status)
	}
	return nil
}

// scan counts the entity files under dir and those that hold a masked value ("***"),
// which a store must never persist.
func scan(dir string) (files, masked int, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".json" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		if bytes.Contains(b, []byte("**")) {
			masked++
		}
		return nil
	})
	return files, masked, err
}

func gender(n wushe.IDNumber) volunteer.Gender {
	if n.Male() {
		return volunteer.GenderMale
	}
	return volunteer.GenderFemale
}
