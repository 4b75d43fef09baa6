package evaluation

import (
	"testing"

	"github.com/wushe/wushe/storetest"
)

// Every enum of the package agrees with its type's Valid, and the Validate that checks a
// field of it refuses an unknown value with the values that would do.
func TestEnumsListTheirValues(t *testing.T) {
	storetest.RequireEnum(t, directions, Direction.Valid)
	storetest.RequireEnum(t, stages, Stage.Valid)
	storetest.RequireEnum(t, quadrants, Quadrant.Valid)
	storetest.RequireEnum(t, levels, Level.Valid)
	storetest.RequireEnum(t, countings, Counting.Valid)
	storetest.RequireEnum(t, scopeKinds, ScopeKind.Valid)
	storetest.RequireEnum(t, socialOrgKinds, SocialOrgKind.Valid)
	storetest.RequireEnum(t, confidences, Confidence.Valid)
	storetest.RequireEnum(t, methodKinds, MethodKind.Valid)

	good := Indicator{"x.y-1", "X", "persons", HigherIsBetter, StageOutput, HowMuch, Performance, UniquePersons}
	bad := good
	bad.Direction, bad.Stage, bad.Quadrant, bad.Level, bad.Counting = "up", "later", "how_nice", "street", "heads"
	err := bad.Validate()
	storetest.RequireListsValues(t, err, directions)
	storetest.RequireListsValues(t, err, stages)
	storetest.RequireListsValues(t, err, quadrants)
	storetest.RequireListsValues(t, err, levels)
	storetest.RequireListsValues(t, err, countings)

	o := obs(CodeCaseServices, "1", t0)
	o.Scope.Kind = "street"
	storetest.RequireListsValues(t, o.Validate(), scopeKinds)

	_, err = SocialOrgRubric("club", AnqingBands(), nil)
	storetest.RequireListsValues(t, err, socialOrgKinds)

	r := smallRubric()
	r.Confidence = "sure"
	storetest.RequireListsValues(t, r.Validate(), confidences)
	r = smallRubric()
	r.Root.Children[0].Method.Kind = "guess"
	storetest.RequireListsValues(t, r.Validate(), methodKinds)
	r = smallRubric()
	r.Root.Children[0].Method.Direction = "sideways"
	storetest.RequireListsValues(t, r.Validate(), directions)
}
