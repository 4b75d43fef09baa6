package linkagetest

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

func partyOrgSpec() spec[linkage.PartyOrg, linkage.PartyOrgFilter] {
	type (
		T = linkage.PartyOrg
		F = linkage.PartyOrgFilter
	)
	return spec[T, F]{
		name: "PartyOrg",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Community: uuid.NewSHA1(id, []byte("community")), Name: fmt.Sprintf("联合党支部%d", n),
				Kind: linkage.PartyJointBranch, Parent: uuid.NewSHA1(id, []byte("parent")),
				Hosts: []linkage.PartyHost{{Kind: linkage.PartyOrganization, ID: uuid.NewSHA1(id, []byte("k-team"))},
					{Kind: linkage.PartyUnit, ID: uuid.NewSHA1(id, []byte("bank"))}},
				FullMembers: 3 + n, FoundedOn: at(n), CreatedAt: at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreatePartyOrg,
		get:     linkage.Store.GetPartyOrg,
		list:    linkage.Store.ListPartyOrgs,
		update:  linkage.Store.UpdatePartyOrg,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias:   func(v *T) { v.Hosts[0].ID = uuid.Nil },
		bump: func(v *T) {
			v.Hosts = append(v.Hosts[:len(v.Hosts):len(v.Hosts)], linkage.PartyHost{Kind: linkage.PartyUnit,
				ID: uuid.NewSHA1(v.ID, []byte(fmt.Sprint("host", len(v.Hosts))))})
		},
		count: func(v T) int { return len(v.Hosts) },
		filters: func() []filterCase[T, F] {
			return []filterCase[T, F]{
				oneOf("Community", ids(3),
					func(v *T) *uuid.UUID { return &v.Community }, func(f *F, x uuid.UUID) { f.Community = x }),
				oneOf("Kind", []linkage.PartyOrgKind{linkage.PartyCommittee, linkage.PartyBranch, linkage.PartyJointBranch},
					func(v *T) *linkage.PartyOrgKind { return &v.Kind }, func(f *F, x linkage.PartyOrgKind) { f.Kind = x }),
			}
		},
	}
}

func partyReportSpec() spec[linkage.PartyReport, linkage.PartyReportFilter] {
	type (
		T = linkage.PartyReport
		F = linkage.PartyReportFilter
	)
	return spec[T, F]{
		name: "PartyReport",
		make: func(id uuid.UUID, n int) T {
			return T{
				ID: id, Community: uuid.NewSHA1(id, []byte("community")), Kind: linkage.ReportMember,
				Member:   wushe.NewSensitive(wushe.ClassReference, fmt.Sprintf("member-%d", n)),
				Employer: "区税务局", VolunteerID: uuid.NewSHA1(id, []byte("volunteer")), ReportedAt: at(n),
				Posts:     []linkage.PostClaim{{Kind: linkage.PostGridHelper, ClaimedAt: at(n).Add(time.Hour)}},
				CreatedAt: at(n), UpdatedAt: at(n),
			}
		},
		id:      func(v *T) uuid.UUID { return v.ID },
		setID:   func(v *T, id uuid.UUID) { v.ID = id },
		version: func(v *T) *int64 { return &v.Version },
		create:  linkage.Store.CreatePartyReport,
		get:     linkage.Store.GetPartyReport,
		list:    linkage.Store.ListPartyReports,
		update:  linkage.Store.UpdatePartyReport,
		page:    func(f *F) *wushe.PageRequest { return &f.Page },
		alias:   func(v *T) { v.Posts[0].Kind = linkage.PostPublicity },
		bump: func(v *T) {
			v.Posts = append(v.Posts[:len(v.Posts):len(v.Posts)], linkage.PostClaim{Kind: linkage.PostPublicity, ClaimedAt: base})
		},
		count: func(v T) int { return len(v.Posts) },
		filters: func() []filterCase[T, F] {
			return append([]filterCase[T, F]{
				oneOf("Community", ids(3),
					func(v *T) *uuid.UUID { return &v.Community }, func(f *F, x uuid.UUID) { f.Community = x }),
				oneOf("Kind", []linkage.PartyReportKind{linkage.ReportMember, linkage.ReportOrganization},
					func(v *T) *linkage.PartyReportKind { return &v.Kind }, func(f *F, x linkage.PartyReportKind) { f.Kind = x }),
			}, timeBounds("ReportedFrom", "ReportedTo", func(v *T) *time.Time { return &v.ReportedAt },
				func(f *F, x time.Time) { f.ReportedFrom = x }, func(f *F, x time.Time) { f.ReportedTo = x })...)
		},
	}
}
