package linkage

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// Qualification is a social worker's national vocational qualification. Qualifications are
// ordered: none < assistant < social worker < senior.
type Qualification string

// The qualifications, in increasing order.
const (
	QualificationNone      Qualification = "none"
	QualificationAssistant Qualification = "assistant_social_worker" // 助理社会工作师
	QualificationSocial    Qualification = "social_worker"           // 社会工作师
	QualificationSenior    Qualification = "senior_social_worker"    // 高级社会工作师
)

var qualificationOrder = []Qualification{QualificationNone, QualificationAssistant, QualificationSocial, QualificationSenior}

var qualifications = wushe.NewEnum("qualification", qualificationOrder...)

// Valid reports whether q is a known qualification.
func (q Qualification) Valid() bool { return qualifications.Has(q) }

// Rank is q's place in the order, 0 for none up to 3 for senior, and -1 for an unknown
// qualification.
func (q Qualification) Rank() int { return slices.Index(qualificationOrder, q) }

// AtLeast reports whether q is known and ranks at or above min.
func (q Qualification) AtLeast(min Qualification) bool { return q.Valid() && q.Rank() >= min.Rank() }

// Specialty is a field a social worker practises in.
type Specialty string

// The specialties.
const (
	SpecialtyElderly              Specialty = "elderly"
	SpecialtyChildren             Specialty = "children"
	SpecialtyAdolescents          Specialty = "adolescents"
	SpecialtyFamily               Specialty = "family"
	SpecialtyDisability           Specialty = "disability"
	SpecialtyPovertyRelief        Specialty = "poverty_relief"
	SpecialtyCommunityDevelopment Specialty = "community_development"
	SpecialtyMedical              Specialty = "medical"
	SpecialtyMentalHealth         Specialty = "mental_health"
	SpecialtyCorrections          Specialty = "corrections"
	SpecialtyDrugRehabilitation   Specialty = "drug_rehabilitation"
	SpecialtyDisasterRelief       Specialty = "disaster_relief"
	SpecialtyOther                Specialty = "other"
)

var specialties = wushe.NewEnum("specialty", SpecialtyElderly, SpecialtyChildren, SpecialtyAdolescents, SpecialtyFamily, SpecialtyDisability, SpecialtyPovertyRelief, SpecialtyCommunityDevelopment, SpecialtyMedical, SpecialtyMentalHealth, SpecialtyCorrections, SpecialtyDrugRehabilitation, SpecialtyDisasterRelief, SpecialtyOther)

// Valid reports whether s is a known specialty.
func (s Specialty) Valid() bool { return specialties.Has(s) }

// WorkerStatus is a social worker's employment status.
type WorkerStatus string

// The worker statuses. Only an active worker may be assigned a case.
const (
	WorkerActive  WorkerStatus = "active"
	WorkerOnLeave WorkerStatus = "on_leave"
	WorkerLeft    WorkerStatus = "left"
)

var workerStatuses = wushe.NewEnum("worker status", WorkerActive, WorkerOnLeave, WorkerLeft)

// Valid reports whether s is a known worker status.
func (s WorkerStatus) Valid() bool { return workerStatuses.Has(s) }

// SocialWorker is a professional social worker (社工), usually employed by an agency that
// operates a purchased service project. Name and phone print masked.
//
// Required: Name, Agency and Qualification. RegisterSocialWorker fills in ID (when nil),
// Status (active, when empty), Version, CreatedAt and UpdatedAt; the case Store methods
// keep Caseload.
type SocialWorker struct {
	ID    uuid.UUID        `json:"id"`
	Name  wushe.PersonName `json:"name"`
	Phone wushe.Phone      `json:"phone"`
	// Agency is the employing social-work agency (社工机构).
	Agency        string        `json:"agency"`
	Qualification Qualification `json:"qualification"`
	Specialties   []Specialty   `json:"specialties,omitempty"`
	// Communities lists the IDs of the communities the worker serves.
	Communities []uuid.UUID `json:"communities,omitempty"`
	// CaseloadCap is the most open cases the worker may hold; 0 means no cap.
	CaseloadCap int `json:"caseload_cap"`
	// OpenCases is the number of open cases the worker holds, counted against
	// CaseloadCap. The Service keeps it: OpenCase and UpdateCase claim a place atomically
	// before a case is given to the worker, and closing or reassigning a case releases it.
	// Callers cannot set it (UpdateSocialWorker keeps the stored value); after a failure
	// that left it high, Service.RecountCaseload sets it from the cases.
	OpenCases int          `json:"open_cases"`
	Location  *wushe.Point `json:"location,omitempty"`
	Status    WorkerStatus `json:"status"`
	Version   int64        `json:"version"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// Validate reports every problem with the worker.
func (w SocialWorker) Validate() error {
	p := wushe.Check("SocialWorker")
	if !p.CheckValues(w) {
		return p.Err()
	}
	p.Require(!w.Name.IsZero(), "Name", "is required")
	p.Require(strings.TrimSpace(w.Agency) != "", "Agency", "is required")
	p.Require(w.Qualification.Valid(), "Qualification", qualifications.Problem(w.Qualification))
	for i, s := range w.Specialties {
		p.Require(s.Valid(), wushe.Index("Specialties", i), specialties.Problem(s))
	}
	for i, c := range w.Communities {
		p.Require(c != uuid.Nil, wushe.Index("Communities", i), "is the nil UUID")
	}
	p.Require(w.CaseloadCap >= 0, "CaseloadCap", "cannot be negative")
	p.Require(w.OpenCases >= 0, "OpenCases", "cannot be negative")
	if w.Location != nil {
		p.Nested("Location", w.Location.Validate())
	}
	p.Require(w.Status.Valid(), "Status", workerStatuses.Problem(w.Status))
	return p.Err()
}

// Serves reports whether the worker serves the community.
func (w SocialWorker) Serves(community uuid.UUID) bool {
	return slices.Contains(w.Communities, community)
}
