package linkage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
)

// BenchmarkNeedLifecycle raises a need and takes it to met over memstore: five store
// writes and the community look-up.
func BenchmarkNeedLifecycle(b *testing.B) {
	ctx := context.Background()
	svc, _, c := exampleService()
	n := linkage.Need{Community: c.ID, TargetGroup: linkage.GroupElderly, Category: "meals",
		Urgency: linkage.UrgencyUrgent, Source: linkage.SourceHotline}
	b.ReportAllocs()
	for b.Loop() {
		got, err := svc.RaiseNeed(ctx, n)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = svc.PlanNeed(ctx, got.ID)
		_, _ = svc.StartNeed(ctx, got.ID)
		if _, err := svc.MeetNeed(ctx, got.ID, "met"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadCaseNotesLogged reads the notes of a case with 50 sessions as a consented
// third party, which writes a disclosure each time. The log lives in the case, so a read
// costs more as the log grows; a fresh case is opened every 100 reads (outside the timer)
// to measure a case with 0 to 99 disclosures.
func BenchmarkReadCaseNotesLogged(b *testing.B) {
	ctx := context.Background()
	svc, _, c := exampleService()
	name, _ := wushe.ParsePersonName("王小明")
	w, err := svc.RegisterSocialWorker(ctx, linkage.SocialWorker{Name: name, Agency: "a",
		Qualification: linkage.QualificationSenior, Communities: []uuid.UUID{c.ID}})
	if err != nil {
		b.Fatal(err)
	}
	open := func() uuid.UUID {
		cs, err := svc.OpenCase(ctx, linkage.Case{Community: c.ID, Worker: w.ID,
			Client: linkage.Client{Ref: wushe.NewSensitive(wushe.ClassReference, "C-1")},
			Consents: []linkage.Consent{{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "case work"},
				{GivenBy: "client", Recipient: "hospital", Scope: []string{linkage.ScopeNotes}, Purpose: "referral"}}})
		if err != nil {
			b.Fatal(err)
		}
		for i := range 50 {
			if _, err := svc.AddSession(ctx, cs.ID, linkage.Session{Kind: linkage.SessionCounselling, Worker: w.ID,
				Notes: wushe.NewSensitive(wushe.ClassCaseNote, fmt.Sprintf("session %d notes", i))}); err != nil {
				b.Fatal(err)
			}
		}
		return cs.ID
	}
	id := open()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i++; i%100 == 0 {
			b.StopTimer()
			id = open()
			b.StartTimer()
		}
		if _, err := svc.ReadCaseNotes(ctx, id, linkage.Reader{Ref: "hospital"}, "referral", linkage.BasisConsent); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCommunityValidate validates a community of 100 grids with 10 micro-grids each.
func BenchmarkCommunityValidate(b *testing.B) {
	c := linkage.Community{Name: "c", Kind: linkage.CommunityUrban}
	ids := wushe.SequentialIDs("bench")
	for g := range 100 {
		grid := linkage.Area{ID: ids(), Name: fmt.Sprintf("G%d", g), Level: linkage.LevelGrid}
		c.Areas = append(c.Areas, grid)
		for m := range 10 {
			c.Areas = append(c.Areas, linkage.Area{ID: ids(), Name: fmt.Sprintf("G%d-%d", g, m), Level: linkage.LevelMicroGrid, Parent: grid.ID})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestServiceOnMemstore(t *testing.T) {
	f := newFixtureOn(t, memstore.New())
	c := f.caseWithNote(t)
	notes, err := f.svc.BreakGlassCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "police"}, linkage.BasisStatutoryDuty, "report", "mandatory report")
	if err != nil || len(notes) != 1 || notes[0].Text != secretNote {
		t.Fatalf("ReadCaseNotes = %v, %v", notes, err)
	}
	_, err = f.svc.ReadCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "neighbour"}, "x", linkage.BasisConsent)
	requireKind(t, err, wushe.KindForbidden, "")
	got, err := f.svc.GetCase(f.ctx, c.ID)
	if err != nil || len(got.Disclosures) != 1 {
		t.Fatalf("disclosures = %v, %v", got.Disclosures, err)
	}
	m := f.meeting(t)
	need, m, err := f.svc.ConvertProposal(f.ctx, m.ID, m.Proposals[0].ID, handrailNeed)
	if err != nil || m.Proposals[0].Need != need.ID {
		t.Fatalf("ConvertProposal = %v, %v", m.Proposals, err)
	}
	stale := m
	if _, err = f.svc.RecordFollowUp(f.ctx, m.ID, "done"); err != nil {
		t.Fatal(err)
	}
	stale.Attendees = 30
	_, err = f.svc.UpdateCouncilMeeting(f.ctx, stale)
	requireKind(t, err, wushe.KindConflict, "linkage.Service.UpdateCouncilMeeting")
}
