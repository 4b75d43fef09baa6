package wushe

// The vocabulary several domain packages share is defined once here: linkage's needs,
// resources' requests and restrictions, and the matchers all speak of the same urgencies
// and target groups. The packages re-export these names (linkage.Urgency is
// wushe.Urgency), so either spelling names the same type.

// Urgency grades a need on the 急难愁盼 scale: urgent (急), difficult (难), anxious (愁),
// hoped for (盼). Urgencies are ordered, most pressing first.
type Urgency string

// The urgencies, most pressing first.
const (
	UrgencyUrgent    Urgency = "urgent"    // 急
	UrgencyDifficult Urgency = "difficult" // 难
	UrgencyAnxious   Urgency = "anxious"   // 愁
	UrgencyHopedFor  Urgency = "hoped_for" // 盼
)

var urgencies = NewEnum("urgency", UrgencyUrgent, UrgencyDifficult, UrgencyAnxious, UrgencyHopedFor)

// Urgencies lists the urgencies, most pressing first.
func Urgencies() []Urgency { return urgencies.Values() }

// Valid reports whether u is a known urgency.
func (u Urgency) Valid() bool { return urgencies.Has(u) }

// Check returns nil for a known urgency and otherwise a KindInvalid error on entity's field
// that lists the urgencies.
func (u Urgency) Check(entity, field string) error { return urgencies.Check(entity, field, u) }

// Rank is the position from the most pressing: 0 for urgent up to 3 for hoped_for, and -1
// for an unknown urgency. Sorting by Rank puts urgent first.
func (u Urgency) Rank() int {
	for i, v := range urgencies.values {
		if v == u {
			return i
		}
	}
	return -1
}

// Pressure is the weight of an urgency, the reverse of Rank: 4 for urgent down to 1 for
// hoped_for, and 0 for an unknown urgency. Matchers score with it (Pressure/4 is 1 for
// urgent).
func (u Urgency) Pressure() int {
	if r := u.Rank(); r >= 0 {
		return len(urgencies.values) - r
	}
	return 0
}

// MorePressingThan reports whether u is more pressing than v; both must be known.
func (u Urgency) MorePressingThan(v Urgency) bool {
	return u.Valid() && v.Valid() && u.Rank() < v.Rank()
}

// TargetGroup is a group of residents that needs, services, restrictions on gifts and
// matchers name, as the community papers sort residents.
type TargetGroup string

// The target groups.
const (
	GroupElderly         TargetGroup = "elderly"
	GroupChildren        TargetGroup = "children"
	GroupAdolescents     TargetGroup = "adolescents"
	GroupWomenAndParents TargetGroup = "women_and_parents"
	GroupDisabled        TargetGroup = "disabled"
	GroupLowIncome       TargetGroup = "low_income"
	GroupMigrants        TargetGroup = "migrants"
	GroupOneOldOneYoung  TargetGroup = "one_old_one_young" // "一老一小"
	// GroupGeneral is every resident: a gift restricted to it is open to anyone.
	GroupGeneral TargetGroup = "general"
	GroupOther   TargetGroup = "other"
)

var targetGroups = NewEnum("target group", GroupElderly, GroupChildren, GroupAdolescents,
	GroupWomenAndParents, GroupDisabled, GroupLowIncome, GroupMigrants, GroupOneOldOneYoung,
	GroupGeneral, GroupOther)

// TargetGroups lists every target group in a fixed order.
func TargetGroups() []TargetGroup { return targetGroups.Values() }

// Valid reports whether g is a known target group.
func (g TargetGroup) Valid() bool { return targetGroups.Has(g) }

// Check returns nil for a known target group and otherwise a KindInvalid error on entity's
// field that lists the groups.
func (g TargetGroup) Check(entity, field string) error { return targetGroups.Check(entity, field, g) }
