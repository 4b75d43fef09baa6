package linkage

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// ProposalStatus is where a council proposal stands.
type ProposalStatus string

// The proposal statuses. converting is transient: Service.ConvertProposal sets it, with the
// need's ID, before it creates the need, and replaces it with converted once the need
// exists; a proposal found converting is finished by calling ConvertProposal again.
const (
	ProposalProposed   ProposalStatus = "proposed"
	ProposalAdopted    ProposalStatus = "adopted"
	ProposalRejected   ProposalStatus = "rejected"
	ProposalConverting ProposalStatus = "converting"
	ProposalConverted  ProposalStatus = "converted"
)

var proposalStatuses = wushe.NewEnum("proposal status", ProposalProposed, ProposalAdopted, ProposalRejected, ProposalConverting, ProposalConverted)

// Valid reports whether s is a known proposal status.
func (s ProposalStatus) Valid() bool { return proposalStatuses.Has(s) }

// Proposal is one item raised at a residents' council.
type Proposal struct {
	ID    uuid.UUID `json:"id"`
	Title string    `json:"title"`
	// ProposedBy is a reference to who proposed it (a resident reference, a unit, a
	// grid).
	ProposedBy string         `json:"proposed_by"`
	Status     ProposalStatus `json:"status"`
	// Need is the need the proposal was converted into.
	Need uuid.UUID `json:"need,omitzero"`
}

// CouncilMeeting is a residents' council meeting (居民议事会) where residents propose and
// review services.
//
// Required: Community and HeldAt; each proposal needs a Title. HoldCouncilMeeting fills in
// ID (when nil), each proposal's ID and Status (proposed) when empty, Version, CreatedAt and
// UpdatedAt; DecideProposal and ConvertProposal move the proposals.
type CouncilMeeting struct {
	ID        uuid.UUID  `json:"id"`
	Community uuid.UUID  `json:"community"`
	HeldAt    time.Time  `json:"held_at"`
	Attendees int        `json:"attendees"`
	Proposals []Proposal `json:"proposals,omitempty"`
	// FollowUp records what was done after the meeting.
	FollowUp  string    `json:"follow_up,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate reports every problem with the meeting and its proposals.
func (m CouncilMeeting) Validate() error {
	p := wushe.Check("CouncilMeeting")
	if !p.CheckValues(m) {
		return p.Err()
	}
	p.Require(m.Community != uuid.Nil, "Community", "is required")
	p.Require(!m.HeldAt.IsZero(), "HeldAt", "is required")
	p.Require(m.Attendees >= 0, "Attendees", "cannot be negative")
	ids := map[uuid.UUID]bool{}
	for i, pr := range m.Proposals {
		f := wushe.Index("Proposals", i)
		p.Require(pr.ID != uuid.Nil, f+".ID", "is required")
		p.Require(!ids[pr.ID], f+".ID", "duplicates another proposal's ID")
		ids[pr.ID] = true
		p.Require(strings.TrimSpace(pr.Title) != "", f+".Title", "is required")
		p.Require(pr.Status.Valid(), f+".Status", proposalStatuses.Problem(pr.Status))
		converted := pr.Status == ProposalConverting || pr.Status == ProposalConverted
		p.Require(converted == (pr.Need != uuid.Nil), f+".Need", "is set exactly when the proposal is converting or converted")
	}
	return p.Err()
}

// Proposal returns the index of the proposal with the given ID, or -1.
func (m CouncilMeeting) Proposal(id uuid.UUID) int {
	for i, pr := range m.Proposals {
		if pr.ID == id {
			return i
		}
	}
	return -1
}
