package linkagetest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// base is the instant the suite's times count from: UTC, whole seconds, so that a store
// keeping microseconds gives back exactly what it was given.
var base = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// at returns base plus n hours.
func at(n int) time.Time { return base.Add(time.Duration(n) * time.Hour) }

// The personal data the suite stores; a store must give it back unchanged (checklist 6).
var (
	personNames = mustParse(wushe.ParsePersonName, "张三", "欧阳娜娜", "Li Wei")
	phones      = mustParse(wushe.ParsePhone, "13800138000", "+86 139-1234-5678", "18612345678")
)

func mustParse[V any](parse func(string) (V, error), in ...string) []V {
	out := make([]V, len(in))
	for i, s := range in {
		v, err := parse(s)
		if err != nil {
			panic(fmt.Sprintf("linkagetest: a built-in value does not parse: %v", err))
		}
		out[i] = v
	}
	return out
}

func pick[V any](vs []V, n int) V { return vs[(n%len(vs)+len(vs))%len(vs)] }

// point returns a distinct location in Guangzhou for n.
func point(n int) *wushe.Point {
	return &wushe.Point{Lat: 23.1 + float64(n%100)/1000, Lng: 113.3 + float64(n%50)/1000}
}

// entities lists every entity linkage.Store holds, with what the suite needs to test it.
// An entity added to the Store must be added here; TestEntitiesCoverStore checks that.
func entities() []entityCases {
	return []entityCases{
		communitySpec(), socialWorkerSpec(), organizationSpec(), unitSpec(), projectSpec(),
		needSpec(), caseSpec(), activitySpec(), linkSpec(), councilMeetingSpec(), referralSpec(),
		followUpSpec(), partyOrgSpec(), partyReportSpec(),
	}
}

func communitySpec() spec[linkage.Community, linkage.CommunityFilter] {
	type (
		T = linkage.Community
		F = linkage.CommunityFilter
	)
	return spec[T, F]{
		name: "Community",
		make: func(id uuid.UUID, n int) T {
			grid := uuid.NewSHA1(id, []byte("grid"))
			return T{
				ID: id, Name: fmt.Sprintf("社区%d", n), Kind: linkage.CommunityUrban,
				District: "天河区", StreetOffice: "猎德街道", Households: 1000 + n, Residents: 3000 + n, PartyMembers: 40,
				Areas: []linkage.Area{
					{ID: grid, Name: "一网格", Level: linkage.LevelGrid, Staff: []linkage.GridStaff{
						{Name: pick(personNames, n), Role: "grid staff", Phone: pick(phones, n)},
					}},
					{ID: uuid.NewSHA1(id, []byte("micro")), Name: "一网格一微网格", Level: linkage.LevelMicroGrid, Parent: grid},
				},
				Venues: []linkage.Venue{{ID: uuid.NewSHA1(id, []byte("venue")), Name: "党群服务站",
					Kind: pick(venueKinds, n), Location: point(n)}},
				CreatedAt: at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateCommunity,
		get:     linkage.Store.GetCommunity,
		list:    linkage.Store.ListCommunities,
		update:  linkage.Store.UpdateCommunity,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias: func(v *T) {
			v.Areas[0].Name = "changed"
			v.Areas[0].Staff[0].Role = "changed"
			v.Venues[0].Location.Lat = -1
		},
		bump:  func(v *T) { v.Households++ },
		count: func(v T) int { return v.Households },
		filters: func() []filterCase[T, F] {
			return []filterCase[T, F]{
				oneOf("Kind", []linkage.CommunityKind{linkage.CommunityRural, linkage.CommunityUrban},
					func(v *T) *linkage.CommunityKind { return &v.Kind }, func(f *F, x linkage.CommunityKind) { f.Kind = x }),
				oneOf("District", []string{"越秀区", "天河区", "海珠区"},
					func(v *T) *string { return &v.District }, func(f *F, x string) { f.District = x }),
				oneOf("StreetOffice", []string{"猎德街道", "冼村街道", "石牌街道"},
					func(v *T) *string { return &v.StreetOffice }, func(f *F, x string) { f.StreetOffice = x }),
			}
		},
	}
}

var venueKinds = []linkage.VenueKind{linkage.VenuePartyMassStation, linkage.VenueServiceCentre,
	linkage.VenueCivilizationPoint}

func socialWorkerSpec() spec[linkage.SocialWorker, linkage.SocialWorkerFilter] {
	type (
		T = linkage.SocialWorker
		F = linkage.SocialWorkerFilter
	)
	return spec[T, F]{
		name: "SocialWorker",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Name: pick(personNames, n), Phone: pick(phones, n+1), Agency: "悦群社工",
				Qualification: pick(qualifications, n),
				Specialties:   []linkage.Specialty{linkage.SpecialtyElderly, linkage.SpecialtyFamily},
				Communities:   []uuid.UUID{uuid.NewSHA1(id, []byte("c1")), uuid.NewSHA1(id, []byte("c2"))},
				CaseloadCap:   20 + n, Location: point(n), Status: linkage.WorkerActive,
				CreatedAt: at(n), UpdatedAt: at(n + 1),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateSocialWorker,
		get:     linkage.Store.GetSocialWorker,
		list:    linkage.Store.ListSocialWorkers,
		update:  linkage.Store.UpdateSocialWorker,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias: func(v *T) {
			v.Specialties[0] = linkage.SpecialtyOther
			v.Communities[0] = uuid.New()
			v.Location.Lng = -1
		},
		bump:  func(v *T) { v.CaseloadCap++ },
		count: func(v T) int { return v.CaseloadCap },
		filters: func() []filterCase[T, F] {
			return []filterCase[T, F]{
				oneOf("Agency", []string{"悦群社工", "启创社工", "北斗星社工"},
					func(v *T) *string { return &v.Agency }, func(f *F, x string) { f.Agency = x }),
				contains("Community", ids(3),
					func(v *T) *[]uuid.UUID { return &v.Communities }, func(f *F, x uuid.UUID) { f.Community = x }),
				contains("Specialty", []linkage.Specialty{linkage.SpecialtyChildren, linkage.SpecialtyElderly, linkage.SpecialtyMedical},
					func(v *T) *[]linkage.Specialty { return &v.Specialties }, func(f *F, x linkage.Specialty) { f.Specialty = x }),
				oneOf("Status", []linkage.WorkerStatus{linkage.WorkerOnLeave, linkage.WorkerActive, linkage.WorkerLeft},
					func(v *T) *linkage.WorkerStatus { return &v.Status }, func(f *F, x linkage.WorkerStatus) { f.Status = x }),
			}
		},
	}
}

var qualifications = []linkage.Qualification{linkage.QualificationAssistant, linkage.QualificationSocial,
	linkage.QualificationSenior}

func organizationSpec() spec[linkage.Organization, linkage.OrganizationFilter] {
	type (
		T = linkage.Organization
		F = linkage.OrganizationFilter
	)
	return spec[T, F]{
		name: "Organization",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Name: fmt.Sprintf("K编织队%d", n), Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation,
				Community: uuid.NewSHA1(id, []byte("community")),
				Leader:    linkage.Leader{Name: pick(personNames, n), Phone: pick(phones, n)},
				Members:   linkage.Members{Individuals: 12 + n, Units: 1},
				Staff:     1, Venue: "活动室",
				Charter: linkage.Charter{Text: "章程", AdoptedAt: at(n)},
				Funds:   decimal.RequireFromString("1234.50"),
				Stage:   linkage.StageVolunteerTeam,
				StageHistory: []linkage.StageChange{{From: linkage.StageInterestGroup, To: linkage.StageVolunteerTeam,
					At: at(n), ApprovedBy: "社区居委会", Note: "队伍成形"}},
				Assessments: []linkage.CapacityAssessment{{At: at(n + 1), Assessor: "督导", Summary: "良好",
					Scores: []linkage.Score{{Dimension: "leadership", Value: decimal.RequireFromString("3.5")}}}},
				Roster:    []linkage.RosterEntry{{Ref: wushe.NewSensitive(wushe.ClassReference, fmt.Sprintf("R-%04d", n)), JoinedAt: at(n)}},
				CreatedAt: at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateOrganization,
		get:     linkage.Store.GetOrganization,
		list:    linkage.Store.ListOrganizations,
		update:  linkage.Store.UpdateOrganization,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias: func(v *T) {
			v.StageHistory[0].Note = "changed"
			v.Assessments[0].Scores[0].Dimension = "changed"
			v.Assessments[0].Scores[0].Value = decimal.NewFromInt(-1)
		},
		bump:  func(v *T) { v.Members.Individuals++ },
		count: func(v T) int { return v.Members.Individuals },
		filters: func() []filterCase[T, F] {
			return []filterCase[T, F]{
				oneOf("Community", ids(3),
					func(v *T) *uuid.UUID { return &v.Community }, func(f *F, x uuid.UUID) { f.Community = x }),
				oneOf("Field", []linkage.ActivityField{linkage.FieldCharity, linkage.FieldMutualAid, linkage.FieldCultureSport},
					func(v *T) *linkage.ActivityField { return &v.Field }, func(f *F, x linkage.ActivityField) { f.Field = x }),
				oneOf("Type", []linkage.OrgType{linkage.OrgInstitution, linkage.OrgAssociation},
					func(v *T) *linkage.OrgType { return &v.Type }, func(f *F, x linkage.OrgType) { f.Type = x }),
				oneOf("Stage", []linkage.Stage{linkage.StageFiled, linkage.StageVolunteerTeam, linkage.StageRegistered},
					func(v *T) *linkage.Stage { return &v.Stage }, func(f *F, x linkage.Stage) { f.Stage = x }),
			}
		},
	}
}

func unitSpec() spec[linkage.Unit, linkage.UnitFilter] {
	type (
		T = linkage.Unit
		F = linkage.UnitFilter
	)
	return spec[T, F]{
		name: "Unit",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Name: fmt.Sprintf("农商银行支行%d", n), Kind: linkage.UnitEnterprise,
				Community: uuid.NewSHA1(id, []byte("community")),
				Contact:   linkage.Contact{Name: pick(personNames, n), Phone: pick(phones, n)},
				Offers:    []linkage.Offer{linkage.OfferServices, linkage.OfferVolunteers},
				Tags:      []string{"anti-fraud talk", "financial education"},
				CreatedAt: at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateUnit,
		get:     linkage.Store.GetUnit,
		list:    linkage.Store.ListUnits,
		update:  linkage.Store.UpdateUnit,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias: func(v *T) {
			v.Offers[0] = linkage.OfferVenues
			v.Tags[0] = "changed"
		},
		// Appending keeps the elements a copy shares; it writes past them only.
		bump:  func(v *T) { v.Tags = append(v.Tags[:len(v.Tags):len(v.Tags)], "tag") },
		count: func(v T) int { return len(v.Tags) },
		filters: func() []filterCase[T, F] {
			return []filterCase[T, F]{
				oneOf("Community", ids(3),
					func(v *T) *uuid.UUID { return &v.Community }, func(f *F, x uuid.UUID) { f.Community = x }),
				oneOf("Kind", []linkage.UnitKind{linkage.UnitInstitution, linkage.UnitEnterprise, linkage.UnitSocialGroup},
					func(v *T) *linkage.UnitKind { return &v.Kind }, func(f *F, x linkage.UnitKind) { f.Kind = x }),
				contains("Offer", []linkage.Offer{linkage.OfferVenues, linkage.OfferServices, linkage.OfferExpertise},
					func(v *T) *[]linkage.Offer { return &v.Offers }, func(f *F, x linkage.Offer) { f.Offer = x }),
			}
		},
	}
}

func projectSpec() spec[linkage.Project, linkage.ProjectFilter] {
	type (
		T = linkage.Project
		F = linkage.ProjectFilter
	)
	return spec[T, F]{
		name: "Project",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Name: fmt.Sprintf("猎德人家%d", n), Purchaser: "天河区民政局", Operator: "悦群社工",
				Communities: []uuid.UUID{uuid.NewSHA1(id, []byte("c1")), uuid.NewSHA1(id, []byte("c2"))},
				Budget:      decimal.NewFromInt(int64(500000 + n)),
				Cycle:       wushe.Window{Start: at(0), End: at(24 * 365 * 3)},
				Targets: []linkage.Target{{IndicatorCode: "HV", Name: "households visited", Unit: "household",
					Value: decimal.NewFromInt(30)}},
				Status: linkage.ProjectActive, Mechanism: "1+3+N",
				CreatedAt: at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateProject,
		get:     linkage.Store.GetProject,
		list:    linkage.Store.ListProjects,
		update:  linkage.Store.UpdateProject,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias: func(v *T) {
			v.Communities[0] = uuid.New()
			v.Targets[0].Name = "changed"
		},
		bump:  func(v *T) { v.Budget = v.Budget.Add(decimal.NewFromInt(1)) },
		count: func(v T) int { return int(v.Budget.IntPart()) },
		filters: func() []filterCase[T, F] {
			return []filterCase[T, F]{
				contains("Community", ids(3),
					func(v *T) *[]uuid.UUID { return &v.Communities }, func(f *F, x uuid.UUID) { f.Community = x }),
				oneOf("Purchaser", []string{"昌平区民政局", "天河区民政局", "猎德街道办事处"},
					func(v *T) *string { return &v.Purchaser }, func(f *F, x string) { f.Purchaser = x }),
				oneOf("Operator", []string{"启创社工", "悦群社工"},
					func(v *T) *string { return &v.Operator }, func(f *F, x string) { f.Operator = x }),
				oneOf("Status", []linkage.ProjectStatus{linkage.ProjectCompleted, linkage.ProjectActive, linkage.ProjectDraft},
					func(v *T) *linkage.ProjectStatus { return &v.Status }, func(f *F, x linkage.ProjectStatus) { f.Status = x }),
			}
		},
	}
}

func needSpec() spec[linkage.Need, linkage.NeedFilter] {
	type (
		T = linkage.Need
		F = linkage.NeedFilter
	)
	return spec[T, F]{
		name: "Need",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Community: uuid.NewSHA1(id, []byte("community")), Area: uuid.NewSHA1(id, []byte("area")),
				TargetGroup: linkage.GroupElderly, Category: "meal delivery", Urgency: linkage.UrgencyDifficult,
				Source:      pick(needSources, n),
				Beneficiary: wushe.NewSensitive(wushe.ClassReference, fmt.Sprintf("R-%04d", n)),
				Location:    point(n), Description: fmt.Sprintf("need %d", n), Status: linkage.NeedOpen,
				RaisedAt: at(n), CreatedAt: at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateNeed,
		get:     linkage.Store.GetNeed,
		list:    linkage.Store.ListNeeds,
		update:  linkage.Store.UpdateNeed,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias:   func(v *T) { v.Location.Lat = -1 },
		// The counter is the number of follow-up marks in Outcome.
		bump:  func(v *T) { v.Outcome += "+" },
		count: func(v T) int { return len(v.Outcome) },
		filters: func() []filterCase[T, F] {
			return append([]filterCase[T, F]{
				oneOf("Community", ids(3),
					func(v *T) *uuid.UUID { return &v.Community }, func(f *F, x uuid.UUID) { f.Community = x }),
				oneOf("Area", ids(3),
					func(v *T) *uuid.UUID { return &v.Area }, func(f *F, x uuid.UUID) { f.Area = x }),
				oneOf("Status", []linkage.NeedStatus{linkage.NeedPlanned, linkage.NeedOpen, linkage.NeedMet},
					func(v *T) *linkage.NeedStatus { return &v.Status }, func(f *F, x linkage.NeedStatus) { f.Status = x }),
				oneOf("TargetGroup", []linkage.TargetGroup{linkage.GroupChildren, linkage.GroupElderly, linkage.GroupDisabled},
					func(v *T) *linkage.TargetGroup { return &v.TargetGroup }, func(f *F, x linkage.TargetGroup) { f.TargetGroup = x }),
				oneOf("Urgency", []linkage.Urgency{linkage.UrgencyUrgent, linkage.UrgencyDifficult, linkage.UrgencyHopedFor},
					func(v *T) *linkage.Urgency { return &v.Urgency }, func(f *F, x linkage.Urgency) { f.Urgency = x }),
				{
					// Open, met or closed unmet at one of six hours (the Store does not check
					// that the times agree with Status); OpenFrom is the third.
					field: "OpenFrom",
					vary: func(v *T, r *rand.Rand) {
						at := base.Add(time.Duration(r.IntN(6)) * time.Hour)
						switch r.IntN(3) {
						case 0:
							v.MetAt, v.ClosedAt = time.Time{}, time.Time{}
						case 1:
							v.MetAt, v.ClosedAt = at, time.Time{}
						default:
							v.MetAt, v.ClosedAt = time.Time{}, at
						}
					},
					set: func(f *F) { f.OpenFrom = base.Add(2 * time.Hour) },
					want: func(v T) bool {
						return v.MetAt.IsZero() && v.ClosedAt.IsZero() || !v.MetAt.IsZero() && !v.MetAt.Before(base.Add(2*time.Hour)) ||
							!v.ClosedAt.IsZero() && !v.ClosedAt.Before(base.Add(2*time.Hour))
					},
				},
			}, timeBounds("RaisedFrom", "RaisedTo", func(v *T) *time.Time { return &v.RaisedAt },
				func(f *F, x time.Time) { f.RaisedFrom = x }, func(f *F, x time.Time) { f.RaisedTo = x })...)
		},
	}
}

var needSources = []linkage.NeedSource{linkage.SourceHomeVisit, linkage.SourceGridStaff,
	linkage.SourceResidentsCouncil}

func caseSpec() spec[linkage.Case, linkage.CaseFilter] {
	type (
		T = linkage.Case
		F = linkage.CaseFilter
	)
	return spec[T, F]{
		name: "Case",
		make: func(id uuid.UUID, n int) T {
			worker := uuid.NewSHA1(id, []byte("worker"))
			return T{
				ID: id, Community: uuid.NewSHA1(id, []byte("community")),
				Client: linkage.Client{
					Ref:        wushe.NewSensitive(wushe.ClassReference, fmt.Sprintf("C-%04d", n)),
					Health:     wushe.NewSensitive(wushe.ClassHealth, "hypertension"),
					Disability: wushe.NewSensitive(wushe.ClassDisability, "level 3 physical"),
					LowIncome:  wushe.NewSensitive(wushe.ClassLowIncome, "低保"),
					BirthDate:  wushe.NewSensitive(wushe.ClassBirthDate, "1950-04-01"),
				},
				Worker: worker, Supervisor: uuid.NewSHA1(id, []byte("supervisor")), Household: "H-1",
				Consents: []linkage.Consent{{ID: uuid.NewSHA1(id, []byte("consent")), GivenBy: "client",
					Scope: []string{"service", "notes"}, Purpose: "case work", At: at(n)}},
				Plan: linkage.CasePlan{Goals: []string{"daily meals", "social contact"},
					Text: wushe.NewSensitive(wushe.ClassCaseNote, "plan text")},
				Sessions: []linkage.Session{{At: at(n + 1), Kind: linkage.SessionHomeVisit, Worker: worker,
					Notes: wushe.NewSensitive(wushe.ClassCaseNote, "first visit"), Duration: 45 * time.Minute}},
				Status: linkage.CaseIntake, Risk: pick(riskLevels, n),
				Disclosures: []linkage.Disclosure{{At: at(n + 2), By: worker.String(), To: "street office",
					Purpose: "subsidy review", Basis: pick(bases, n), Fields: []string{"LowIncome"}}},
				OpenedAt: at(n), CreatedAt: at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateCase,
		get:     linkage.Store.GetCase,
		list:    linkage.Store.ListCases,
		update:  linkage.Store.UpdateCase,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias: func(v *T) {
			v.Consents[0].Scope[0] = "changed"
			v.Plan.Goals[0] = "changed"
			v.Sessions[0].Notes = wushe.NewSensitive(wushe.ClassCaseNote, "changed")
			v.Disclosures[0].Fields[0] = "changed"
		},
		bump: func(v *T) {
			v.Sessions = append(v.Sessions[:len(v.Sessions):len(v.Sessions)],
				linkage.Session{At: base, Kind: linkage.SessionCounselling, Worker: v.Worker, Duration: time.Hour})
		},
		count: func(v T) int { return len(v.Sessions) },
		filters: func() []filterCase[T, F] {
			return []filterCase[T, F]{
				oneOf("Worker", ids(3),
					func(v *T) *uuid.UUID { return &v.Worker }, func(f *F, x uuid.UUID) { f.Worker = x }),
				oneOf("Supervisor", ids(3),
					func(v *T) *uuid.UUID { return &v.Supervisor }, func(f *F, x uuid.UUID) { f.Supervisor = x }),
				oneOf("Status", []linkage.CaseStatus{linkage.CaseIntervention, linkage.CaseIntake, linkage.CaseClosed},
					func(v *T) *linkage.CaseStatus { return &v.Status }, func(f *F, x linkage.CaseStatus) { f.Status = x }),
				oneOf("Community", ids(3),
					func(v *T) *uuid.UUID { return &v.Community }, func(f *F, x uuid.UUID) { f.Community = x }),
			}
		},
	}
}

var (
	riskLevels = []linkage.RiskLevel{linkage.RiskLow, linkage.RiskMedium, linkage.RiskHigh}
	bases      = []linkage.Basis{linkage.BasisConsent, linkage.BasisStatutoryDuty}
)

func activitySpec() spec[linkage.Activity, linkage.ActivityFilter] {
	type (
		T = linkage.Activity
		F = linkage.ActivityFilter
	)
	return spec[T, F]{
		name: "Activity",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Kind: linkage.ActivityPublicWelfareMarket, Title: fmt.Sprintf("公益集市%d", n),
				Community:     uuid.NewSHA1(id, []byte("community")),
				Organizations: []uuid.UUID{uuid.NewSHA1(id, []byte("o1")), uuid.NewSHA1(id, []byte("o2"))},
				Units:         []uuid.UUID{uuid.NewSHA1(id, []byte("u1"))},
				Project:       uuid.NewSHA1(id, []byte("project")), Venue: "广场",
				Window:     wushe.Window{Start: at(n), End: at(n + 3)},
				Attendance: []linkage.Attendance{linkage.Attendee("R-1", at(n)), linkage.Attendee("R-2", time.Time{})},
				Volunteers: []uuid.UUID{uuid.NewSHA1(id, []byte("v1"))}, ExtraVolunteers: 2,
				TargetGroups: []linkage.TargetGroup{linkage.GroupElderly, linkage.GroupChildren},
				CreatedAt:    at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateActivity,
		get:     linkage.Store.GetActivity,
		list:    linkage.Store.ListActivities,
		update:  linkage.Store.UpdateActivity,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias: func(v *T) {
			v.Organizations[0] = uuid.New()
			v.Units[0] = uuid.New()
			v.Attendance[0].Ref = wushe.NewSensitive(wushe.ClassReference, "changed")
			v.Volunteers[0] = uuid.New()
			v.TargetGroups[0] = linkage.GroupOther
		},
		bump:  func(v *T) { v.UncountedPersonTimes++ },
		count: func(v T) int { return v.UncountedPersonTimes },
		filters: func() []filterCase[T, F] {
			return append([]filterCase[T, F]{
				oneOf("Community", ids(3),
					func(v *T) *uuid.UUID { return &v.Community }, func(f *F, x uuid.UUID) { f.Community = x }),
				oneOf("Project", ids(3),
					func(v *T) *uuid.UUID { return &v.Project }, func(f *F, x uuid.UUID) { f.Project = x }),
				contains("Organization", ids(3),
					func(v *T) *[]uuid.UUID { return &v.Organizations }, func(f *F, x uuid.UUID) { f.Organization = x }),
				oneOf("Kind", []linkage.ActivityKind{linkage.ActivityGroupWork, linkage.ActivityTraining, linkage.ActivityOther},
					func(v *T) *linkage.ActivityKind { return &v.Kind }, func(f *F, x linkage.ActivityKind) { f.Kind = x }),
			}, timeBounds("From", "To", func(v *T) *time.Time { return &v.Window.Start },
				func(f *F, x time.Time) { f.From = x }, func(f *F, x time.Time) { f.To = x })...)
		},
	}
}

func linkSpec() spec[linkage.Link, linkage.LinkFilter] {
	type (
		T = linkage.Link
		F = linkage.LinkFilter
	)
	return spec[T, F]{
		name: "Link",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Kind: linkage.LinkService, At: at(n),
				By:          linkage.Party{Kind: linkage.PartySocialWorker, ID: uuid.NewSHA1(id, []byte("by"))},
				From:        linkage.Party{Kind: linkage.PartyUnit, ID: uuid.NewSHA1(id, []byte("from"))},
				To:          linkage.LinkTarget{Kind: linkage.TargetNeed, ID: uuid.NewSHA1(id, []byte("to"))},
				Project:     uuid.NewSHA1(id, []byte("project")),
				Description: "free clinic", Quantity: decimal.NewNullDecimal(decimal.NewFromInt(int64(3 + n))),
				Unit: "hours", CreatedAt: at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateLink,
		get:     linkage.Store.GetLink,
		list:    linkage.Store.ListLinks,
		update:  linkage.Store.UpdateLink,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		// A Link holds no slice, map or pointer: nothing to alias.
		bump: func(v *T) {
			v.Quantity = decimal.NewNullDecimal(v.Quantity.Decimal.Add(decimal.NewFromInt(1)))
		},
		count: func(v T) int { return int(v.Quantity.Decimal.IntPart()) },
		filters: func() []filterCase[T, F] {
			return append([]filterCase[T, F]{
				oneOf("Kind", []linkage.LinkKind{linkage.LinkVenue, linkage.LinkService, linkage.LinkTalent},
					func(v *T) *linkage.LinkKind { return &v.Kind }, func(f *F, x linkage.LinkKind) { f.Kind = x }),
				oneOf("ByKind", []linkage.PartyKind{linkage.PartyCommunity, linkage.PartySocialWorker, linkage.PartyOrganization},
					func(v *T) *linkage.PartyKind { return &v.By.Kind }, func(f *F, x linkage.PartyKind) { f.ByKind = x }),
				oneOf("ByID", ids(3),
					func(v *T) *uuid.UUID { return &v.By.ID }, func(f *F, x uuid.UUID) { f.ByID = x }),
				oneOf("FromKind", []linkage.PartyKind{linkage.PartyDonor, linkage.PartyUnit, linkage.PartyVolunteer},
					func(v *T) *linkage.PartyKind { return &v.From.Kind }, func(f *F, x linkage.PartyKind) { f.FromKind = x }),
				oneOf("FromID", ids(3),
					func(v *T) *uuid.UUID { return &v.From.ID }, func(f *F, x uuid.UUID) { f.FromID = x }),
				oneOf("ToKind", []linkage.TargetKind{linkage.TargetActivity, linkage.TargetNeed, linkage.TargetProject},
					func(v *T) *linkage.TargetKind { return &v.To.Kind }, func(f *F, x linkage.TargetKind) { f.ToKind = x }),
				oneOf("ToID", ids(3),
					func(v *T) *uuid.UUID { return &v.To.ID }, func(f *F, x uuid.UUID) { f.ToID = x }),
				oneOf("Project", ids(3),
					func(v *T) *uuid.UUID { return &v.Project }, func(f *F, x uuid.UUID) { f.Project = x }),
			}, timeBounds("From", "To", func(v *T) *time.Time { return &v.At },
				func(f *F, x time.Time) { f.From = x }, func(f *F, x time.Time) { f.To = x })...)
		},
	}
}

func councilMeetingSpec() spec[linkage.CouncilMeeting, linkage.CouncilMeetingFilter] {
	type (
		T = linkage.CouncilMeeting
		F = linkage.CouncilMeetingFilter
	)
	return spec[T, F]{
		name: "CouncilMeeting",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Community: uuid.NewSHA1(id, []byte("community")), HeldAt: at(n), Attendees: 15 + n,
				Proposals: []linkage.Proposal{
					{ID: uuid.NewSHA1(id, []byte("p1")), Title: "加装楼道扶手", ProposedBy: "R-7", Status: linkage.ProposalAdopted},
					{ID: uuid.NewSHA1(id, []byte("p2")), Title: "周末托管", ProposedBy: "grid 2", Status: linkage.ProposalProposed},
				},
				FollowUp: "街道回复", CreatedAt: at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateCouncilMeeting,
		get:     linkage.Store.GetCouncilMeeting,
		list:    linkage.Store.ListCouncilMeetings,
		update:  linkage.Store.UpdateCouncilMeeting,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias: func(v *T) {
			v.Proposals[0].Title = "changed"
			v.Proposals[1].Status = linkage.ProposalRejected
		},
		bump:  func(v *T) { v.Attendees++ },
		count: func(v T) int { return v.Attendees },
		filters: func() []filterCase[T, F] {
			return append([]filterCase[T, F]{
				oneOf("Community", ids(3),
					func(v *T) *uuid.UUID { return &v.Community }, func(f *F, x uuid.UUID) { f.Community = x }),
			}, timeBounds("From", "To", func(v *T) *time.Time { return &v.HeldAt },
				func(f *F, x time.Time) { f.From = x }, func(f *F, x time.Time) { f.To = x })...)
		},
	}
}

func referralSpec() spec[linkage.Referral, linkage.ReferralFilter] {
	type (
		T = linkage.Referral
		F = linkage.ReferralFilter
	)
	return spec[T, F]{
		name: "Referral",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Need: uuid.NewSHA1(id, []byte("need")), Community: uuid.NewSHA1(id, []byte("community")),
				Requester:  linkage.Party{Kind: linkage.PartySocialWorker, ID: uuid.NewSHA1(id, []byte("requester"))},
				Supervisor: linkage.Party{Kind: linkage.PartySocialWorker, ID: uuid.NewSHA1(id, []byte("supervisor"))},
				Responder: linkage.ReferralResponder{Kind: linkage.ResponderVolunteerTeam, ID: uuid.NewSHA1(id, []byte("team")),
					Name: "猎鹰队"},
				Category: "meal delivery", Ask: "两名志愿者送餐", Quantity: decimal.NewNullDecimal(decimal.NewFromInt(int64(2 + n))),
				Unit: "people", Urgency: linkage.UrgencyDifficult, Status: linkage.ReferralInProgress,
				RequestedAt: at(n), RespondBy: at(n + 12), ResolveBy: at(n + 72),
				ReceivedAt: at(n + 1), RespondedAt: at(n + 2), StartedAt: at(n + 3),
				Work: []linkage.WorkRef{{Kind: linkage.WorkOpportunity, ID: uuid.NewSHA1(id, []byte("opportunity"))}},
				Escalations: []linkage.Escalation{{At: at(n + 13), Missed: linkage.DeadlineRespond,
					Supervisor: linkage.Party{Kind: linkage.PartySocialWorker, ID: uuid.NewSHA1(id, []byte("supervisor"))}}},
				Events: []linkage.ReferralEvent{
					{At: at(n + 1), Side: linkage.SideResponder, From: linkage.ReferralRequested, To: linkage.ReferralReceived},
					{At: at(n + 2), Side: linkage.SideResponder, From: linkage.ReferralReceived, To: linkage.ReferralAccepted},
				},
				CreatedAt: at(n), UpdatedAt: at(n + 3),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateReferral,
		get:     linkage.Store.GetReferral,
		list:    linkage.Store.ListReferrals,
		update:  linkage.Store.UpdateReferral,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias: func(v *T) {
			v.Work[0].ID = uuid.New()
			v.Escalations[0].Missed = linkage.DeadlineResolve
			v.Events[1].Reason = "changed"
		},
		bump: func(v *T) {
			v.Quantity = decimal.NewNullDecimal(v.Quantity.Decimal.Add(decimal.NewFromInt(1)))
		},
		count: func(v T) int { return int(v.Quantity.Decimal.IntPart()) },
		filters: func() []filterCase[T, F] {
			var due [6]time.Time
			for i := range due {
				due[i] = base.Add(time.Duration(i) * time.Hour)
			}
			requested := timeBounds("RequestedFrom", "RequestedTo", func(v *T) *time.Time { return &v.RequestedAt },
				func(f *F, x time.Time) { f.RequestedFrom = x }, func(f *F, x time.Time) { f.RequestedTo = x })
			return append(requested, []filterCase[T, F]{
				oneOf("Need", ids(3), func(v *T) *uuid.UUID { return &v.Need }, func(f *F, x uuid.UUID) { f.Need = x }),
				oneOf("Community", ids(3), func(v *T) *uuid.UUID { return &v.Community }, func(f *F, x uuid.UUID) { f.Community = x }),
				oneOf("ResponderKind", []linkage.ResponderKind{linkage.ResponderDepartment, linkage.ResponderUnit, linkage.ResponderCharityFund},
					func(v *T) *linkage.ResponderKind { return &v.Responder.Kind }, func(f *F, x linkage.ResponderKind) { f.ResponderKind = x }),
				oneOf("ResponderID", ids(3), func(v *T) *uuid.UUID { return &v.Responder.ID }, func(f *F, x uuid.UUID) { f.ResponderID = x }),
				oneOf("Status", []linkage.ReferralStatus{linkage.ReferralRequested, linkage.ReferralAccepted, linkage.ReferralCompleted},
					func(v *T) *linkage.ReferralStatus { return &v.Status }, func(f *F, x linkage.ReferralStatus) { f.Status = x }),
				{
					// Due depends on the status: RespondBy while unanswered, ResolveBy while
					// worked on, nothing once final. The bound meets a deadline exactly.
					field: "DueBefore",
					vary: func(e *T, r *rand.Rand) {
						i := r.IntN(len(due))
						e.RespondBy, e.ResolveBy = due[i], due[i+r.IntN(len(due)-i)]
					},
					set:  func(f *F) { f.DueBefore = due[3] },
					want: func(e T) bool { d := e.Due(); return !d.IsZero() && d.Before(due[3]) },
				},
			}...)
		},
		more: func(s spec[T, F]) []namedCase {
			return []namedCase{{"AcceptRace", testAcceptRace}, {"Delete", testDeleteReferral}}
		},
	}
}

func followUpSpec() spec[linkage.FollowUp, linkage.FollowUpFilter] {
	type (
		T = linkage.FollowUp
		F = linkage.FollowUpFilter
	)
	return spec[T, F]{
		name: "FollowUp",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Need: uuid.NewSHA1(id, []byte("need")), Community: uuid.NewSHA1(id, []byte("community")),
				Referral: uuid.NewSHA1(id, []byte("referral")),
				Caller:   linkage.Party{Kind: linkage.PartySocialWorker, ID: uuid.NewSHA1(id, []byte("caller"))},
				CalledAt: at(n), Answer: linkage.BasicallySatisfied, Note: fmt.Sprintf("送餐准时%d", n),
				CreatedAt: at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreateFollowUp,
		get:     linkage.Store.GetFollowUp,
		list:    linkage.Store.ListFollowUps,
		update:  linkage.Store.UpdateFollowUp,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		// A FollowUp holds no slice, map or pointer: nothing to alias.
		bump:  func(v *T) { v.Note += "+" },
		count: func(v T) int { return len(v.Note) },
		filters: func() []filterCase[T, F] {
			return append([]filterCase[T, F]{
				oneOf("Need", ids(3), func(v *T) *uuid.UUID { return &v.Need }, func(f *F, x uuid.UUID) { f.Need = x }),
				oneOf("Community", ids(3), func(v *T) *uuid.UUID { return &v.Community }, func(f *F, x uuid.UUID) { f.Community = x }),
				oneOf("Answer", []linkage.Satisfaction{linkage.Unsatisfied, linkage.Satisfied, linkage.BasicallySatisfied},
					func(v *T) *linkage.Satisfaction { return &v.Answer }, func(f *F, x linkage.Satisfaction) { f.Answer = x }),
			}, timeBounds("From", "To", func(v *T) *time.Time { return &v.CalledAt },
				func(f *F, x time.Time) { f.From = x }, func(f *F, x time.Time) { f.To = x })...)
		},
	}
}
