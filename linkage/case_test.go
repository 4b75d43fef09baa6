package linkage_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

const secretNote = "client disclosed debt of 20000 to a loan shark"

func (f *fixture) caseWithNote(t *testing.T) linkage.Case {
	t.Helper()
	c := f.openCase(t)
	c, err := f.svc.AddSession(f.ctx, c.ID, linkage.Session{
		Kind: linkage.SessionHomeVisit, Worker: f.worker.ID, Duration: time.Hour,
		Notes: wushe.NewSensitive(wushe.ClassCaseNote, secretNote),
	})
	require.NoError(t, err)
	return c
}

func TestReadCaseNotesAccess(t *testing.T) {
	t.Run("assigned worker and supervisor read without a disclosure", func(t *testing.T) {
		f := newFixture(t)
		c := f.caseWithNote(t)
		for _, w := range []uuid.UUID{f.worker.ID, f.supervisor.ID} {
			notes, err := f.svc.ReadCaseNotes(f.ctx, c.ID, linkage.Reader{Worker: w}, "", "")
			require.NoError(t, err)
			require.Len(t, notes, 1)
			require.Equal(t, secretNote, notes[0].Text)
			require.Equal(t, f.worker.ID, notes[0].Worker)
		}
		got, err := f.svc.GetCase(f.ctx, c.ID)
		require.NoError(t, err)
		require.Empty(t, got.Disclosures)
	})
	t.Run("consented third party reads and is logged", func(t *testing.T) {
		f := newFixture(t)
		c := f.caseWithNote(t)
		_, err := f.svc.RecordConsent(f.ctx, c.ID, linkage.Consent{GivenBy: "client", Recipient: "hospital:psychiatry",
			Scope: []string{linkage.ScopeNotes}, Purpose: "referral"})
		require.NoError(t, err)
		f.clock.Advance(time.Hour)
		notes, err := f.svc.ReadCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "hospital:psychiatry"}, "referral assessment", linkage.BasisConsent)
		require.NoError(t, err)
		require.Equal(t, secretNote, notes[0].Text)
		got, err := f.svc.GetCase(f.ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, []linkage.Disclosure{{At: t0.Add(time.Hour), By: f.worker.ID.String(), To: "hospital:psychiatry",
			Purpose: "referral assessment", Basis: linkage.BasisConsent, Fields: []string{linkage.ScopeNotes}}}, got.Disclosures)
	})
	t.Run("imminent harm and statutory duty break the glass with a reason, logged for review", func(t *testing.T) {
		f := newFixture(t)
		c := f.caseWithNote(t)
		for i, b := range []linkage.Basis{linkage.BasisImminentHarm, linkage.BasisStatutoryDuty} {
			_, err := f.svc.ReadCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "police:station-3"}, "risk of self-harm", b)
			requireKind(t, err, wushe.KindInvalid, "Basis")
			notes, err := f.svc.BreakGlassCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "police:station-3"}, b, "risk of self-harm",
				"client stated a plan and a date at the 3 March session")
			require.NoError(t, err)
			require.Len(t, notes, 1)
			got, err := f.svc.GetCase(f.ctx, c.ID)
			require.NoError(t, err)
			require.Len(t, got.Disclosures, i+1)
			d := got.Disclosures[i]
			require.Equal(t, b, d.Basis)
			require.Equal(t, "police:station-3", d.To)
			require.Equal(t, "client stated a plan and a date at the 3 March session", d.Reason)
			require.True(t, d.NeedsReview)
			require.True(t, d.AwaitsReview())
		}
		got, err := f.svc.GetCase(f.ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, []int{0, 1}, got.AwaitingReview())
	})
	t.Run("only the supervisor reviews a break-glass disclosure, once, with a note", func(t *testing.T) {
		f := newFixture(t)
		c := f.caseWithNote(t)
		_, err := f.svc.RecordConsent(f.ctx, c.ID, linkage.Consent{GivenBy: "client", Recipient: "hospital",
			Scope: []string{linkage.ScopeNotes}, Purpose: "referral"})
		require.NoError(t, err)
		_, err = f.svc.ReadCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "hospital"}, "referral", linkage.BasisConsent)
		require.NoError(t, err)
		_, err = f.svc.BreakGlassCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "police"}, linkage.BasisImminentHarm, "welfare check", "threat made to a neighbour")
		require.NoError(t, err)
		got, err := f.svc.GetCase(f.ctx, c.ID)
		require.NoError(t, err)
		require.False(t, got.Disclosures[0].NeedsReview, "a consented disclosure needs no review")
		require.Equal(t, []int{1}, got.AwaitingReview())

		_, err = f.svc.ReviewDisclosure(f.ctx, c.ID, 1, f.worker.ID, "fine")
		requireKind(t, err, wushe.KindForbidden, "Supervisor")
		_, err = f.svc.ReviewDisclosure(f.ctx, c.ID, 1, f.supervisor.ID, " ")
		requireKind(t, err, wushe.KindInvalid, "ReviewNote")
		_, err = f.svc.ReviewDisclosure(f.ctx, c.ID, 0, f.supervisor.ID, "fine")
		requireKind(t, err, wushe.KindConflict, "NeedsReview")
		_, err = f.svc.ReviewDisclosure(f.ctx, c.ID, 5, f.supervisor.ID, "fine")
		requireKind(t, err, wushe.KindNotFound, "Disclosures[5]")
		f.clock.Advance(time.Hour)
		reviewed, err := f.svc.ReviewDisclosure(f.ctx, c.ID, 1, f.supervisor.ID, "justified: imminent threat, minimum disclosed")
		require.NoError(t, err)
		d := reviewed.Disclosures[1]
		require.Equal(t, f.supervisor.ID, d.ReviewedBy)
		require.Equal(t, f.clock.Now(), d.ReviewedAt)
		require.Empty(t, reviewed.AwaitingReview())
		_, err = f.svc.ReviewDisclosure(f.ctx, c.ID, 1, f.supervisor.ID, "again")
		requireKind(t, err, wushe.KindConflict, "ReviewedAt")
	})
	t.Run("break-glass without a reason or on consent is invalid and writes nothing", func(t *testing.T) {
		f := newFixture(t)
		c := f.caseWithNote(t)
		before, err := f.svc.GetCase(f.ctx, c.ID)
		require.NoError(t, err)
		for _, reason := range []string{"", "  \t"} {
			notes, err := f.svc.BreakGlassCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "police"}, linkage.BasisImminentHarm, "risk", reason)
			requireKind(t, err, wushe.KindInvalid, "Reason")
			require.Nil(t, notes)
		}
		_, err = f.svc.BreakGlassCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "police"}, linkage.BasisConsent, "risk", "because")
		requireKind(t, err, wushe.KindInvalid, "Basis")
		_, err = f.svc.BreakGlassCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "police"}, linkage.BasisStatutoryDuty, " ", "Art 11")
		requireKind(t, err, wushe.KindInvalid, "Purpose")
		_, err = f.svc.BreakGlassCaseNotes(f.ctx, c.ID, linkage.Reader{}, linkage.BasisStatutoryDuty, "report", "Art 11")
		requireKind(t, err, wushe.KindForbidden, "linkage.Service.BreakGlassCaseNotes")
		after, err := f.svc.GetCase(f.ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, before, after)
	})
	t.Run("unentitled readers are forbidden and nothing is logged", func(t *testing.T) {
		f := newFixture(t)
		c := f.caseWithNote(t)
		// A consent for someone else, and a withdrawn consent for the reader.
		c, err := f.svc.RecordConsent(f.ctx, c.ID, linkage.Consent{GivenBy: "client", Recipient: "school",
			Scope: []string{linkage.ScopeNotes}, Purpose: "support plan"})
		require.NoError(t, err)
		c, err = f.svc.RecordConsent(f.ctx, c.ID, linkage.Consent{GivenBy: "client", Recipient: "journalist",
			Scope: []string{linkage.ScopeNotes}, Purpose: "story"})
		require.NoError(t, err)
		_, err = f.svc.WithdrawConsent(f.ctx, c.ID, c.Consents[2].ID)
		require.NoError(t, err)
		other := f.addWorker(t, "赵其他", linkage.QualificationSocial)
		before, err := f.svc.GetCase(f.ctx, c.ID)
		require.NoError(t, err)
		cases := []struct {
			reader linkage.Reader
			basis  linkage.Basis
		}{
			{linkage.Reader{Worker: other.ID}, linkage.BasisConsent},
			{linkage.Reader{}, linkage.BasisConsent},
			{linkage.Reader{Ref: "journalist"}, linkage.BasisConsent},
			{linkage.Reader{Ref: "neighbour"}, linkage.BasisConsent},
			{linkage.Reader{Worker: other.ID, Ref: "school-other"}, linkage.BasisConsent},
		}
		for _, tc := range cases {
			notes, err := f.svc.ReadCaseNotes(f.ctx, c.ID, tc.reader, "curiosity", tc.basis)
			requireKind(t, err, wushe.KindForbidden, "linkage.Service.ReadCaseNotes")
			require.Nil(t, notes)
		}
		after, err := f.svc.GetCase(f.ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, before, after, "a refused read must write nothing")
	})
	t.Run("bad purpose or basis is invalid", func(t *testing.T) {
		f := newFixture(t)
		c := f.caseWithNote(t)
		_, err := f.svc.ReadCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "x"}, " ", linkage.BasisConsent)
		requireKind(t, err, wushe.KindInvalid, "Purpose")
		_, err = f.svc.ReadCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "x"}, "p", "gossip")
		requireKind(t, err, wushe.KindInvalid, "Basis")
		_, err = f.svc.ReadCaseNotes(f.ctx, uuid.New(), linkage.Reader{Ref: "x"}, "p", linkage.BasisConsent)
		requireKind(t, err, wushe.KindNotFound, "linkage.Service.ReadCaseNotes")
	})
	t.Run("a failed log write returns no notes", func(t *testing.T) {
		fl := newFailingStore(newFakeStore())
		f := newFixtureOn(t, fl)
		c := f.caseWithNote(t)
		fl.fail["UpdateCase"] = 0
		notes, err := f.svc.BreakGlassCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "police"}, linkage.BasisStatutoryDuty, "report", "mandatory report")
		requireKind(t, err, wushe.KindUnavailable, "linkage.Service.BreakGlassCaseNotes")
		require.Nil(t, notes)
	})
}

func TestCaseMasking(t *testing.T) {
	f := newFixture(t)
	c := f.caseWithNote(t)
	got, err := f.svc.GetCase(f.ctx, c.ID)
	require.NoError(t, err)
	list, err := f.svc.ListCases(f.ctx, linkage.CaseFilter{Worker: f.worker.ID})
	require.NoError(t, err)
	require.Len(t, list.Items, 1)
	js, err := json.Marshal(got)
	require.NoError(t, err)
	wjs, err := json.Marshal(f.worker)
	require.NoError(t, err)
	for _, out := range []string{fmt.Sprintf("%v", got), fmt.Sprintf("%+v", list.Items[0]), fmt.Sprintf("%#v", got), string(js),
		fmt.Sprintf("%v %+v", f.worker, f.worker), string(wjs)} {
		for _, secret := range []string{secretNote, "C-0042", "type 2 diabetes", "13812345678", "王小明"} {
			require.NotContains(t, out, secret)
		}
	}
	require.Contains(t, string(wjs), "138****5678")
}

func TestOpenCase(t *testing.T) {
	consent := []linkage.Consent{{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "case work"}}
	base := func(f *fixture) linkage.Case {
		return linkage.Case{Community: f.community.ID, Worker: f.worker.ID, Risk: linkage.RiskLow,
			Client: linkage.Client{Ref: wushe.NewSensitive(wushe.ClassReference, "C-1")}, Consents: consent}
	}
	t.Run("opens at intake with stamps", func(t *testing.T) {
		f := newFixture(t)
		c, err := f.svc.OpenCase(f.ctx, base(f))
		require.NoError(t, err)
		require.Equal(t, linkage.CaseIntake, c.Status)
		require.Equal(t, int64(1), c.Version)
		require.Equal(t, t0, c.OpenedAt)
		require.NotEqual(t, uuid.Nil, c.Consents[0].ID)
		require.Equal(t, t0, c.Consents[0].At)
	})
	refusals := []struct {
		name  string
		edit  func(*testing.T, *fixture, *linkage.Case)
		kind  wushe.Kind
		field string
	}{
		{"no consent", func(_ *testing.T, _ *fixture, c *linkage.Case) { c.Consents = nil }, wushe.KindInvalid, "Consents"},
		{"consent to notes only", func(_ *testing.T, _ *fixture, c *linkage.Case) {
			c.Consents = []linkage.Consent{{GivenBy: "client", Scope: []string{linkage.ScopeNotes}, Purpose: "x", Recipient: "a"}}
		}, wushe.KindInvalid, "Consents"},
		{"minor without guardian", func(_ *testing.T, _ *fixture, c *linkage.Case) { c.Client.Minor = true }, wushe.KindInvalid, "Consents"},
		{"minor by birth date", func(_ *testing.T, _ *fixture, c *linkage.Case) {
			c.Client.BirthDate = wushe.NewSensitive(wushe.ClassBirthDate, "2015-06-01")
		}, wushe.KindInvalid, "Consents"},
		{"bad birth date", func(_ *testing.T, _ *fixture, c *linkage.Case) {
			c.Client.BirthDate = wushe.NewSensitive(wushe.ClassBirthDate, "June 2015")
		}, wushe.KindInvalid, "Client.BirthDate"},
		{"missing worker", func(_ *testing.T, _ *fixture, c *linkage.Case) { c.Worker = uuid.New() }, wushe.KindNotFound, "Worker"},
		{"missing supervisor", func(_ *testing.T, _ *fixture, c *linkage.Case) { c.Supervisor = uuid.New() }, wushe.KindNotFound, "Supervisor"},
		{"missing community", func(_ *testing.T, _ *fixture, c *linkage.Case) { c.Community = uuid.New() }, wushe.KindNotFound, "Community"},
		{"under-qualified", func(t *testing.T, f *fixture, c *linkage.Case) {
			c.Risk = linkage.RiskHigh
			c.Worker = f.addWorker(t, "周助理", linkage.QualificationAssistant).ID
		}, wushe.KindInsufficient, "Worker"},
		{"invalid client", func(_ *testing.T, _ *fixture, c *linkage.Case) { c.Client.Ref = wushe.Sensitive{} }, wushe.KindInvalid, "Client.Ref"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			c := base(f)
			tc.edit(t, f, &c)
			_, err := f.svc.OpenCase(f.ctx, c)
			requireKind(t, err, tc.kind, "linkage.Service.OpenCase")
			require.Contains(t, fields(err), tc.field)
			page, err := f.svc.ListCases(f.ctx, linkage.CaseFilter{})
			require.NoError(t, err)
			require.Empty(t, page.Items)
		})
	}
	t.Run("minor with guardian consent", func(t *testing.T) {
		f := newFixture(t)
		c := base(f)
		c.Client.BirthDate = wushe.NewSensitive(wushe.ClassBirthDate, "2015-06-01")
		c.Consents = []linkage.Consent{{GivenBy: "guardian", Scope: []string{linkage.ScopeService}, Purpose: "case work"}}
		_, err := f.svc.OpenCase(f.ctx, c)
		require.NoError(t, err)
	})
	t.Run("inactive worker, other community, caseload cap", func(t *testing.T) {
		f := newFixture(t)
		w := f.worker
		w.CaseloadCap = 1
		w, err := f.svc.UpdateSocialWorker(f.ctx, w)
		require.NoError(t, err)
		_, err = f.svc.OpenCase(f.ctx, base(f))
		require.NoError(t, err)
		_, err = f.svc.OpenCase(f.ctx, base(f))
		requireKind(t, err, wushe.KindInsufficient, "cap is 1")

		w, err = f.svc.GetSocialWorker(f.ctx, w.ID) // opening a case counted it on the worker
		require.NoError(t, err)
		require.Equal(t, 1, w.OpenCases)
		w.Communities, w.CaseloadCap = nil, 0
		w, err = f.svc.UpdateSocialWorker(f.ctx, w)
		require.NoError(t, err)
		_, err = f.svc.OpenCase(f.ctx, base(f))
		requireKind(t, err, wushe.KindConflict, "does not serve")

		w.Status = linkage.WorkerLeft
		_, err = f.svc.UpdateSocialWorker(f.ctx, w)
		require.NoError(t, err)
		_, err = f.svc.OpenCase(f.ctx, base(f))
		requireKind(t, err, wushe.KindConflict, "not active")
	})
}

func TestCaseLifecycle(t *testing.T) {
	f := newFixture(t)
	c := f.openCase(t)
	_, err := f.svc.AdvanceCase(f.ctx, c.ID, linkage.CaseIntervention)
	requireKind(t, err, wushe.KindConflict, "linkage.Service.AdvanceCase")
	for _, s := range []linkage.CaseStatus{linkage.CaseAssessment, linkage.CasePlanning, linkage.CaseIntervention,
		linkage.CaseReview, linkage.CaseIntervention, linkage.CaseReview} {
		c, err = f.svc.AdvanceCase(f.ctx, c.ID, s)
		require.NoError(t, err)
		require.Equal(t, s, c.Status)
	}
	c, err = f.svc.SetCasePlan(f.ctx, c.ID, linkage.CasePlan{Goals: []string{"stable income"}, Text: wushe.NewSensitive(wushe.ClassCaseNote, "plan")})
	require.NoError(t, err)
	require.Equal(t, []string{"stable income"}, c.Plan.Goals)
	_, err = f.svc.SetCasePlan(f.ctx, c.ID, linkage.CasePlan{Text: wushe.NewSensitive(wushe.ClassHealth, "x")})
	requireKind(t, err, wushe.KindInvalid, "Plan.Text")

	_, err = f.svc.AddSession(f.ctx, c.ID, linkage.Session{Kind: linkage.SessionCounselling, Worker: uuid.New()})
	requireKind(t, err, wushe.KindForbidden, "linkage.Service.AddSession")
	_, err = f.svc.AddSession(f.ctx, c.ID, linkage.Session{Kind: "chat", Worker: f.worker.ID})
	requireKind(t, err, wushe.KindInvalid, "Kind")
	c, err = f.svc.AddSession(f.ctx, c.ID, linkage.Session{Kind: linkage.SessionGroup, Worker: f.supervisor.ID})
	require.NoError(t, err)
	require.Len(t, c.Sessions, 1)

	f.clock.Advance(24 * time.Hour)
	c, err = f.svc.AdvanceCase(f.ctx, c.ID, linkage.CaseClosed)
	require.NoError(t, err)
	require.Equal(t, t0.Add(24*time.Hour), c.ClosedAt)
	_, err = f.svc.AdvanceCase(f.ctx, c.ID, linkage.CaseReview)
	requireKind(t, err, wushe.KindConflict, "")
	_, err = f.svc.AddSession(f.ctx, c.ID, linkage.Session{Kind: linkage.SessionGroup, Worker: f.worker.ID})
	requireKind(t, err, wushe.KindConflict, "closed")
	_, err = f.svc.SetCasePlan(f.ctx, c.ID, linkage.CasePlan{})
	requireKind(t, err, wushe.KindConflict, "closed")
}

func TestConsents(t *testing.T) {
	f := newFixture(t)
	c := f.openCase(t)
	id := uuid.New()
	c, err := f.svc.RecordConsent(f.ctx, c.ID, linkage.Consent{ID: id, GivenBy: "client", Recipient: "school", Scope: []string{linkage.ScopeNotes}, Purpose: "p"})
	require.NoError(t, err)
	require.True(t, c.Consented("school", linkage.ScopeNotes, t0))
	_, err = f.svc.RecordConsent(f.ctx, c.ID, linkage.Consent{ID: id, GivenBy: "client", Scope: []string{"x"}, Purpose: "p"})
	requireKind(t, err, wushe.KindAlreadyExists, "linkage.Service.RecordConsent")
	_, err = f.svc.RecordConsent(f.ctx, c.ID, linkage.Consent{GivenBy: "neighbour", Scope: []string{"x"}, Purpose: "p"})
	requireKind(t, err, wushe.KindInvalid, "GivenBy")

	f.clock.Advance(time.Minute)
	c, err = f.svc.WithdrawConsent(f.ctx, c.ID, id)
	require.NoError(t, err)
	require.False(t, c.Consented("school", linkage.ScopeNotes, f.clock.Now()))
	require.True(t, c.Consented("school", linkage.ScopeNotes, t0), "the consent covered the time before withdrawal")
	_, err = f.svc.WithdrawConsent(f.ctx, c.ID, id)
	requireKind(t, err, wushe.KindConflict, "already withdrawn")
	_, err = f.svc.WithdrawConsent(f.ctx, c.ID, uuid.New())
	requireKind(t, err, wushe.KindNotFound, "")
}

func TestCaseValidate(t *testing.T) {
	w := uuid.New()
	c := linkage.Case{Worker: w, Supervisor: w, Status: linkage.CaseClosed, Risk: "extreme",
		Client:      linkage.Client{Ref: wushe.NewSensitive(wushe.ClassName, "x")},
		Consents:    []linkage.Consent{{}},
		Sessions:    []linkage.Session{{Duration: -1, Notes: wushe.NewSensitive(wushe.ClassHealth, "x")}},
		Disclosures: []linkage.Disclosure{{}},
	}
	got := fields(c.Validate())
	for _, want := range []string{"Community", "Client.Ref", "Supervisor", "Consents[0].ID", "Consents[0].GivenBy",
		"Sessions[0].At", "Sessions[0].Kind", "Sessions[0].Worker", "Sessions[0].Notes", "Sessions[0].Duration",
		"Risk", "Disclosures[0].Basis", "Disclosures[0].To", "OpenedAt", "ClosedAt"} {
		require.Contains(t, got, want)
	}
	cs := linkage.Consent{ID: uuid.New(), GivenBy: "client", Scope: []string{"x"}, Purpose: "p", At: t0, WithdrawnAt: t0.Add(-time.Hour)}
	require.Equal(t, []string{"WithdrawnAt"}, fields(cs.Validate()))
}

func TestCaseEnums(t *testing.T) {
	require.Equal(t, linkage.QualificationNone, linkage.RiskLow.RequiredQualification())
	require.Equal(t, linkage.QualificationAssistant, linkage.RiskMedium.RequiredQualification())
	require.Equal(t, linkage.QualificationSocial, linkage.RiskHigh.RequiredQualification())
	require.False(t, linkage.CaseStatus("x").CanMoveTo(linkage.CaseClosed))
	require.False(t, linkage.CaseIntake.CanMoveTo(linkage.CasePlanning))
	require.True(t, linkage.CaseIntake.CanMoveTo(linkage.CaseClosed))
	require.False(t, linkage.Basis("x").Valid())
	require.Equal(t, "worker 00000000-0000-0000-0000-000000000001",
		linkage.Reader{Worker: uuid.MustParse("00000000-0000-0000-0000-000000000001")}.String())
	require.Equal(t, "an anonymous reader", linkage.Reader{}.String())
}

func TestUpdateCase(t *testing.T) {
	f := newFixture(t)
	c := f.caseWithNote(t)
	assistant := f.addWorker(t, "周助理", linkage.QualificationAssistant)
	edit := c
	edit.Worker, edit.Household, edit.Status = assistant.ID, "H-12", linkage.CaseClosed
	got, err := f.svc.UpdateCase(f.ctx, edit)
	require.NoError(t, err)
	require.Equal(t, assistant.ID, got.Worker)
	require.Equal(t, "H-12", got.Household)
	require.Equal(t, linkage.CaseIntake, got.Status, "status only changes through AdvanceCase")
	require.Len(t, got.Sessions, 1)

	_, err = f.svc.UpdateCase(f.ctx, edit)
	requireKind(t, err, wushe.KindConflict, "linkage.Service.UpdateCase")
	high := got
	high.Risk = linkage.RiskHigh
	_, err = f.svc.UpdateCase(f.ctx, high)
	requireKind(t, err, wushe.KindInsufficient, "high-risk")
	high.Risk, high.Supervisor = linkage.RiskLow, assistant.ID
	_, err = f.svc.UpdateCase(f.ctx, high)
	requireKind(t, err, wushe.KindInvalid, "Supervisor")
	_, err = f.svc.UpdateCase(f.ctx, linkage.Case{ID: uuid.New()})
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.UpdateCase")

	// The former worker no longer reads the notes without a basis.
	_, err = f.svc.ReadCaseNotes(f.ctx, c.ID, linkage.Reader{Worker: f.worker.ID}, "follow-up", linkage.BasisConsent)
	requireKind(t, err, wushe.KindForbidden, "")
}

func TestDisclosureReviewRules(t *testing.T) {
	base := linkage.Disclosure{At: t0, By: "w", To: "police", Purpose: "welfare check", Basis: linkage.BasisImminentHarm, Fields: []string{"notes"}}
	require.NoError(t, base.Validate())
	require.True(t, linkage.BasisImminentHarm.BreakGlass())
	require.True(t, linkage.BasisStatutoryDuty.BreakGlass())
	require.False(t, linkage.BasisConsent.BreakGlass())

	flagged := base
	flagged.NeedsReview = true
	requireKind(t, flagged.Validate(), wushe.KindInvalid, "Reason")
	flagged.Reason = "threat made"
	require.NoError(t, flagged.Validate())
	require.True(t, flagged.AwaitsReview())

	reviewed := flagged
	reviewed.ReviewedAt = t0
	requireKind(t, reviewed.Validate(), wushe.KindInvalid, "ReviewedBy")
	reviewed.ReviewedBy = uuid.New()
	requireKind(t, reviewed.Validate(), wushe.KindInvalid, "ReviewNote")
	reviewed.ReviewNote = "justified"
	require.NoError(t, reviewed.Validate())
	require.False(t, reviewed.AwaitsReview())

	unflagged := base
	unflagged.ReviewedAt, unflagged.ReviewedBy, unflagged.ReviewNote = t0, uuid.New(), "x"
	requireKind(t, unflagged.Validate(), wushe.KindInvalid, "NeedsReview")
}
