package linkage

import (
	"slices"

	"github.com/wushe/wushe"
)

// oneOf reports whether v is among the listed values.
func oneOf[T comparable](v T, vs ...T) bool { return slices.Contains(vs, v) }

// CommunityKind says whether a community is urban (社区, a residents' committee) or rural
// (村, a villagers' committee).
type CommunityKind string

// The community kinds.
const (
	CommunityUrban CommunityKind = "urban"
	CommunityRural CommunityKind = "rural"
)

var communityKinds = wushe.NewEnum("community kind", CommunityUrban, CommunityRural)

// Valid reports whether k is a known community kind.
func (k CommunityKind) Valid() bool { return communityKinds.Has(k) }

// AreaLevel is the level of an Area in a community's grid tree.
type AreaLevel string

// The area levels: a grid (网格) sits directly under the community, a micro-grid (微网格)
// under a grid.
const (
	LevelGrid      AreaLevel = "grid"
	LevelMicroGrid AreaLevel = "micro_grid"
)

var areaLevels = wushe.NewEnum("area level", LevelGrid, LevelMicroGrid)

// Valid reports whether l is a known area level.
func (l AreaLevel) Valid() bool { return areaLevels.Has(l) }

// VenueKind classifies a community venue.
type VenueKind string

// The venue kinds, as the community papers name them.
const (
	VenueServiceCentre       VenueKind = "service_centre"       // 党群服务中心 / 社区服务中心
	VenuePartyMassStation    VenueKind = "party_mass_station"   // 党群服务站
	VenueCivilizationStation VenueKind = "civilization_station" // 新时代文明实践站
	VenueCivilizationPoint   VenueKind = "civilization_point"   // 新时代文明实践点
	VenueOther               VenueKind = "other"
)

var venueKinds = wushe.NewEnum("venue kind", VenueServiceCentre, VenuePartyMassStation, VenueCivilizationStation, VenueCivilizationPoint, VenueOther)

// Valid reports whether k is a known venue kind.
func (k VenueKind) Valid() bool { return venueKinds.Has(k) }

// TargetGroup is a group of residents that needs and services are classified by (the
// kernel's wushe.TargetGroup: one vocabulary for every package).
type TargetGroup = wushe.TargetGroup

// The target groups the community papers sort residents by.
const (
	GroupElderly         = wushe.GroupElderly
	GroupChildren        = wushe.GroupChildren
	GroupAdolescents     = wushe.GroupAdolescents
	GroupWomenAndParents = wushe.GroupWomenAndParents
	GroupDisabled        = wushe.GroupDisabled
	GroupLowIncome       = wushe.GroupLowIncome
	GroupMigrants        = wushe.GroupMigrants
	GroupOneOldOneYoung  = wushe.GroupOneOldOneYoung // "一老一小"
	GroupGeneral         = wushe.GroupGeneral
	GroupOther           = wushe.GroupOther
)

// TargetGroups lists every target group in a fixed order.
func TargetGroups() []TargetGroup { return wushe.TargetGroups() }
