package linkage

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Party-building linkage (党建引领): the community party committee and its branches lead the
// five parties. wushe models what the papers count: party organizations and whom they
// cover, in-service party members who report to their residential community and claim
// posts (在职党员到社区报到), and units' party organizations that report too ("double
// report"). Whistles to departments and units ride on the referral loop.

// PartyOrgKind is the level of a party organization.
type PartyOrgKind string

// The party organization kinds. A joint branch (联合支部) gathers the members of several
// organizations or units that each have too few members for a branch of their own.
const (
	PartyCommittee     PartyOrgKind = "committee"      // 社区党委
	PartyGeneralBranch PartyOrgKind = "general_branch" // 党总支
	PartyBranch        PartyOrgKind = "branch"         // 党支部
	PartyJointBranch   PartyOrgKind = "joint_branch"   // 联合党支部
)

var partyOrgKinds = wushe.NewEnum("party organization kind", PartyCommittee, PartyGeneralBranch, PartyBranch, PartyJointBranch)

// Valid reports whether k is a known party organization kind.
func (k PartyOrgKind) Valid() bool { return partyOrgKinds.Has(k) }

// PartyHost is an organization or unit a party organization sits in.
type PartyHost struct {
	// Kind is PartyOrganization or PartyUnit (the link vocabulary).
	Kind PartyKind `json:"kind"`
	ID   uuid.UUID `json:"id"`
}

// PartyOrg is a basic-level party organization of a community: its committee, a
// general branch, a branch (in the community, or inside a community social organization or
// unit it hosts) or a joint branch of several.
//
// Required: Community, Name, Kind. A committee has no Parent; any other names its parent
// party organization. Hosts lists the organizations or units a branch sits in: exactly one
// for a branch inside an organization, several for a joint branch, none for a branch of the
// community's own residents. The Service fills in ID, Version and the timestamps.
type PartyOrg struct {
	ID        uuid.UUID    `json:"id"`
	Community uuid.UUID    `json:"community"`
	Name      string       `json:"name"`
	Kind      PartyOrgKind `json:"kind"`
	Parent    uuid.UUID    `json:"parent,omitzero"`
	Hosts     []PartyHost  `json:"hosts,omitempty"`
	// FullMembers counts the organization's full party members (正式党员).
	FullMembers int       `json:"full_members"`
	FoundedOn   time.Time `json:"founded_on,omitzero"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Validate checks the party organization on its own.
func (p PartyOrg) Validate() error {
	c := wushe.Check("PartyOrg")
	c.Require(p.ID != uuid.Nil, "ID", "is required")
	c.Require(p.Community != uuid.Nil, "Community", "is required")
	c.Require(strings.TrimSpace(p.Name) != "", "Name", "is required")
	c.Add(partyOrgKinds.Check("PartyOrg", "Kind", p.Kind))
	if p.Kind == PartyCommittee {
		c.Require(p.Parent == uuid.Nil, "Parent", "must be empty for a committee")
		c.Require(len(p.Hosts) == 0, "Hosts", "must be empty for a committee")
	} else if p.Kind.Valid() {
		c.Require(p.Parent != uuid.Nil, "Parent", "is required below the committee")
		c.Require(p.Parent != p.ID, "Parent", "is the organization itself")
	}
	if p.Kind == PartyJointBranch {
		c.Require(len(p.Hosts) >= 2, "Hosts", "a joint branch gathers at least two organizations or units")
	}
	for i, h := range p.Hosts {
		f := wushe.Index("Hosts", i)
		c.Require(h.Kind == PartyOrganization || h.Kind == PartyUnit, f+".Kind", "must be organization or unit")
		c.Require(h.ID != uuid.Nil, f+".ID", "is required")
		c.Require(!slices.Contains(p.Hosts[:i], h), f, "is listed twice")
	}
	c.Require(p.FullMembers >= 0, "FullMembers", "cannot be negative")
	return c.Err()
}

// BranchThreshold is the number of full party members at which an organization must set
// up a basic-level party organization of its own (Constitution of the Communist Party of
// China, Art 30: three or more full members).
const BranchThreshold = 3

// PartyCoverage is how far party organizations reach the community social organizations
// of a community: the figure behind the L community paper's criticism that the social
// organizations had no party building inside them.
type PartyCoverage struct {
	// Organizations counts the community's social organizations; WithMembers those with at
	// least one full party member; Required those with BranchThreshold or more.
	Organizations int `json:"organizations"`
	WithMembers   int `json:"with_members"`
	Required      int `json:"required"`
	// OwnBranch counts the organizations a branch sits in alone; InJointBranch those a
	// joint branch gathers.
	OwnBranch     int `json:"own_branch"`
	InJointBranch int `json:"in_joint_branch"`
	// Covered counts the Required organizations with a branch of their own or in a joint
	// branch; Uncovered lists the others, in ID order.
	Covered   int         `json:"covered"`
	Uncovered []uuid.UUID `json:"uncovered,omitempty"`
}

// Rate is Covered / Required, exact; 1 when no organization requires a branch.
func (c PartyCoverage) Rate() decimal.Decimal {
	if c.Required == 0 {
		return decimal.NewFromInt(1)
	}
	return decimal.NewFromInt(int64(c.Covered)).Div(decimal.NewFromInt(int64(c.Required)))
}

// Coverage computes the party coverage of orgs by the party organizations partyOrgs. An
// organization is covered when a branch (or general branch) sits in it alone or a joint
// branch gathers it (Party Constitution Art 30). Organizations count with their
// PartyMembers.
func Coverage(orgs []Organization, partyOrgs []PartyOrg) PartyCoverage {
	own, joint := map[uuid.UUID]bool{}, map[uuid.UUID]bool{}
	for _, p := range partyOrgs {
		for _, h := range p.Hosts {
			if h.Kind != PartyOrganization {
				continue
			}
			if p.Kind == PartyJointBranch {
				joint[h.ID] = true
			} else {
				own[h.ID] = true
			}
		}
	}
	var c PartyCoverage
	for _, o := range orgs {
		c.Organizations++
		if o.PartyMembers > 0 {
			c.WithMembers++
		}
		if own[o.ID] {
			c.OwnBranch++
		}
		if joint[o.ID] {
			c.InJointBranch++
		}
		if o.PartyMembers < BranchThreshold {
			continue
		}
		c.Required++
		if own[o.ID] || joint[o.ID] {
			c.Covered++
		} else {
			c.Uncovered = append(c.Uncovered, o.ID)
		}
	}
	slices.SortFunc(c.Uncovered, wushe.CompareIDs)
	return c
}

// PartyReportKind says who reports to the community.
type PartyReportKind string

// The report kinds of the "double report" (双报到): in-service members report to their
// residential community; units' party organizations report to the community they are in.
const (
	ReportMember       PartyReportKind = "member"
	ReportOrganization PartyReportKind = "organization"
)

var partyReportKinds = wushe.NewEnum("party report kind", ReportMember, ReportOrganization)

// Valid reports whether k is a known report kind.
func (k PartyReportKind) Valid() bool { return partyReportKinds.Has(k) }

// PostKind is a post a reporting member claims (认岗).
type PostKind string

// The posts the community offers reporting members.
const (
	PostGridHelper       PostKind = "grid_helper"       // helper of a grid (网格员助理)
	PostVolunteerService PostKind = "volunteer_service" // volunteer service
	PostPublicity        PostKind = "publicity"         // policy publicity
)

var postKinds = wushe.NewEnum("post", PostGridHelper, PostVolunteerService, PostPublicity)

// Valid reports whether k is a known post.
func (k PostKind) Valid() bool { return postKinds.Has(k) }

// PostClaim is a post a reporting member took.
type PostClaim struct {
	Kind      PostKind  `json:"kind"`
	ClaimedAt time.Time `json:"claimed_at"`
}

// PartyReport is a report to a residential community: an in-service party member's (the
// member named by a pseudonymous reference, the employer unit named) or a unit's party
// organization's. A member reports once to a community: the Service derives the report's
// ID from the community and the member's keyed index, so a second report is
// KindAlreadyExists on every Store.
//
// Required: Community, Kind; for a member, Member (class reference) and Employer (the
// unit's name); for an organization, Unit (a unit of the community). VolunteerID links the
// member's volunteer registration, whose verified service counts as their service hours.
// The Service fills in ID, ReportedAt, Posts, Version and the timestamps.
type PartyReport struct {
	ID        uuid.UUID       `json:"id"`
	Community uuid.UUID       `json:"community"`
	Kind      PartyReportKind `json:"kind"`
	// Member is the member's pseudonymous reference; empty for an organization's report.
	Member wushe.Sensitive `json:"member"`
	// Employer names the member's work unit (在职单位); Unit is the reporting unit for an
	// organization's report, or the member's employer when it is a unit of the community.
	Employer    string      `json:"employer,omitempty"`
	Unit        uuid.UUID   `json:"unit,omitzero"`
	VolunteerID uuid.UUID   `json:"volunteer_id,omitzero"`
	ReportedAt  time.Time   `json:"reported_at"`
	Posts       []PostClaim `json:"posts,omitempty"`
	Version     int64       `json:"version"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// Validate checks the report on its own.
func (r PartyReport) Validate() error {
	c := wushe.Check("PartyReport")
	c.Require(r.ID != uuid.Nil, "ID", "is required")
	c.Require(r.Community != uuid.Nil, "Community", "is required")
	c.Add(partyReportKinds.Check("PartyReport", "Kind", r.Kind))
	switch r.Kind {
	case ReportMember:
		if r.Member.IsZero() {
			c.Addf("Member", "is required")
		} else if r.Member.Class() != wushe.ClassReference {
			c.Addf("Member", "must be a pseudonymous reference (class reference), not class %s", r.Member.Class())
		}
		c.Require(strings.TrimSpace(r.Employer) != "" || r.Unit != uuid.Nil, "Employer", "is required: the member's work unit")
	case ReportOrganization:
		c.Require(r.Member.IsZero(), "Member", "must be empty for an organization's report")
		c.Require(r.Unit != uuid.Nil, "Unit", "is required: the reporting unit")
	}
	c.Require(!r.ReportedAt.IsZero(), "ReportedAt", "is required")
	for i, p := range r.Posts {
		f := wushe.Index("Posts", i)
		c.Add(postKinds.Check("PartyReport", f+".Kind", p.Kind))
		c.Require(!p.ClaimedAt.IsZero(), f+".ClaimedAt", "is required")
		c.Require(!slices.ContainsFunc(r.Posts[:i], func(q PostClaim) bool { return q.Kind == p.Kind }), f, "claims a post twice")
	}
	return c.Err()
}

// PartyOrgFilter selects party organizations; zero fields match everything.
type PartyOrgFilter struct {
	Community uuid.UUID
	Kind      PartyOrgKind
	Page      wushe.PageRequest
}

// Match reports whether p passes the filter: the one statement of its semantics.
func (f PartyOrgFilter) Match(p *PartyOrg) bool {
	return (f.Community == uuid.Nil || p.Community == f.Community) && (f.Kind == "" || p.Kind == f.Kind)
}

// PartyReportFilter selects reports; zero fields match everything. ReportedFrom and
// ReportedTo select ReportedAt in [ReportedFrom, ReportedTo).
type PartyReportFilter struct {
	Community    uuid.UUID
	Kind         PartyReportKind
	ReportedFrom time.Time
	ReportedTo   time.Time
	Page         wushe.PageRequest
}

// Match reports whether r passes the filter: the one statement of its semantics.
func (f PartyReportFilter) Match(r *PartyReport) bool {
	return (f.Community == uuid.Nil || r.Community == f.Community) && (f.Kind == "" || r.Kind == f.Kind) &&
		(f.ReportedFrom.IsZero() || !r.ReportedAt.Before(f.ReportedFrom)) &&
		(f.ReportedTo.IsZero() || r.ReportedAt.Before(f.ReportedTo))
}

// PartyStore is the part of Store that keeps party organizations and reports, like any
// other entity (see Store's contract). A member reports once: the Service gives the
// report a deterministic ID, so CreatePartyReport's already_exists is the uniqueness check.
type PartyStore interface {
	CreatePartyOrg(ctx context.Context, p PartyOrg) error
	GetPartyOrg(ctx context.Context, id uuid.UUID) (PartyOrg, error)
	ListPartyOrgs(ctx context.Context, f PartyOrgFilter) (wushe.Page[PartyOrg], error)
	UpdatePartyOrg(ctx context.Context, id uuid.UUID, fn func(*PartyOrg) error) (PartyOrg, error)

	CreatePartyReport(ctx context.Context, r PartyReport) error
	GetPartyReport(ctx context.Context, id uuid.UUID) (PartyReport, error)
	ListPartyReports(ctx context.Context, f PartyReportFilter) (wushe.Page[PartyReport], error)
	UpdatePartyReport(ctx context.Context, id uuid.UUID, fn func(*PartyReport) error) (PartyReport, error)
}
