package linkage

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// ProjectStatus is where a purchased service project is in its life.
type ProjectStatus string

// The project statuses. Allowed moves (ProjectStatus.CanMoveTo): draft -> active or
// terminated; active -> suspended, completed or terminated; suspended -> active or
// terminated. completed and terminated are final.
const (
	ProjectDraft      ProjectStatus = "draft"
	ProjectActive     ProjectStatus = "active"
	ProjectSuspended  ProjectStatus = "suspended"
	ProjectCompleted  ProjectStatus = "completed"
	ProjectTerminated ProjectStatus = "terminated"
)

var projectStatuses = wushe.NewEnum("project status", ProjectDraft, ProjectActive, ProjectSuspended, ProjectCompleted, ProjectTerminated)

// Valid reports whether s is a known project status.
func (s ProjectStatus) Valid() bool { return projectStatuses.Has(s) }

// CanMoveTo reports whether a project may move from s to to.
func (s ProjectStatus) CanMoveTo(to ProjectStatus) bool {
	switch s {
	case ProjectDraft:
		return oneOf(to, ProjectActive, ProjectTerminated)
	case ProjectActive:
		return oneOf(to, ProjectSuspended, ProjectCompleted, ProjectTerminated)
	case ProjectSuspended:
		return oneOf(to, ProjectActive, ProjectTerminated)
	}
	return false
}

// Target is a contracted target of a project: an indicator and the value promised
// ("households visited", "household", 30).
type Target struct {
	// IndicatorCode links the target to an evaluation indicator.
	IndicatorCode string          `json:"indicator_code"`
	Name          string          `json:"name"`
	Unit          string          `json:"unit"`
	Value         decimal.Decimal `json:"value"`
}

// Project is a government-purchased service project (政府购买服务项目): a purchaser buys
// services that an agency operates in some communities for a cycle, with contracted targets.
//
// Required: Name, Purchaser, Operator, at least one of Communities (each must exist) and a
// valid Cycle; each target needs a Name and a Unit. RegisterProject fills in ID (when nil),
// Status (draft, when empty), Version, CreatedAt and UpdatedAt; MoveProject changes Status.
type Project struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
	// Purchaser is the buying body, e.g. a district civil-affairs bureau or a street office.
	Purchaser string `json:"purchaser"`
	// Operator is the social-work agency that runs the project.
	Operator    string      `json:"operator"`
	Communities []uuid.UUID `json:"communities"`
	// Budget is in CNY, at most 2 decimal places.
	Budget decimal.Decimal `json:"budget"`
	// Cycle is the service cycle, half-open [Start, End).
	Cycle   wushe.Window  `json:"cycle"`
	Targets []Target      `json:"targets,omitempty"`
	Status  ProjectStatus `json:"status"`
	// Mechanism names the service pattern, e.g. "1+3+N".
	Mechanism string    `json:"mechanism,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate reports every problem with the project.
func (p Project) Validate() error {
	c := wushe.Check("Project")
	if !c.CheckValues(p) {
		return c.Err()
	}
	c.Require(strings.TrimSpace(p.Name) != "", "Name", "is required")
	c.Require(strings.TrimSpace(p.Purchaser) != "", "Purchaser", "is required")
	c.Require(strings.TrimSpace(p.Operator) != "", "Operator", "is required")
	c.Require(len(p.Communities) > 0, "Communities", "needs at least one community")
	for i, id := range p.Communities {
		c.Require(id != uuid.Nil, wushe.Index("Communities", i), "is the nil UUID")
	}
	c.Require(!p.Budget.IsNegative(), "Budget", "cannot be negative")
	c.Require(p.Budget.Equal(p.Budget.Truncate(2)), "Budget", "has more than 2 decimal places")
	c.Nested("Cycle", p.Cycle.Validate())
	codes := map[string]bool{}
	for i, t := range p.Targets {
		f := wushe.Index("Targets", i)
		c.Require(strings.TrimSpace(t.Name) != "", f+".Name", "is required")
		c.Require(strings.TrimSpace(t.Unit) != "", f+".Unit", "is required")
		c.Require(!t.Value.IsNegative(), f+".Value", "cannot be negative")
		if t.IndicatorCode != "" {
			c.Require(!codes[t.IndicatorCode], f+".IndicatorCode", "is listed twice")
			codes[t.IndicatorCode] = true
		}
	}
	c.Require(p.Status.Valid(), "Status", projectStatuses.Problem(p.Status))
	return c.Err()
}
