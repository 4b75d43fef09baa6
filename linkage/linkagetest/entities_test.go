package linkagetest

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/linkage"
)

// TestEntitiesCoverStore checks that the suite has a spec for every entity linkage.Store
// serves, so that an entity added to the Store cannot go untested.
func TestEntitiesCoverStore(t *testing.T) {
	st := reflect.TypeFor[linkage.Store]()
	served := map[string]bool{}
	for i := range st.NumMethod() {
		m := st.Method(i)
		// Every method's first result, or a Create's entity argument, is the entity (a
		// List's is a wushe.Page of it).
		var et reflect.Type
		if m.Type.NumOut() == 1 && m.Type.In(1) == reflect.TypeFor[uuid.UUID]() {
			// DeleteX(ctx, id, version): the entity is named by the method.
			served[strings.TrimPrefix(m.Name, "Delete")] = true
			continue
		}
		if m.Type.NumOut() > 1 {
			et = m.Type.Out(0)
			if f, ok := et.FieldByName("Items"); ok {
				et = f.Type.Elem()
			}
		} else {
			et = m.Type.In(1)
		}
		require.Equal(t, reflect.TypeFor[linkage.Need]().PkgPath(), et.PkgPath(), "%s", m.Name)
		served[et.Name()] = true
	}
	var specs []string
	for _, e := range entities() {
		specs = append(specs, e.entity())
	}
	var want []string
	for name := range served {
		want = append(want, name)
	}
	slices.Sort(want)
	slices.Sort(specs)
	require.Equal(t, want, specs)
}

// TestFilterCasesCoverFilters checks that every field of every filter but Page has a case.
func TestFilterCasesCoverFilters(t *testing.T) {
	check := func(name string, f reflect.Type, fields []string) {
		t.Helper()
		var want []string
		for i := range f.NumField() {
			if n := f.Field(i).Name; n != "Page" {
				want = append(want, n)
			}
		}
		slices.Sort(want)
		slices.Sort(fields)
		require.Equal(t, want, fields, "the filter cases of %s", name)
	}
	check("Community", reflect.TypeFor[linkage.CommunityFilter](), fields(communitySpec()))
	check("SocialWorker", reflect.TypeFor[linkage.SocialWorkerFilter](), fields(socialWorkerSpec()))
	check("Organization", reflect.TypeFor[linkage.OrganizationFilter](), fields(organizationSpec()))
	check("Unit", reflect.TypeFor[linkage.UnitFilter](), fields(unitSpec()))
	check("Project", reflect.TypeFor[linkage.ProjectFilter](), fields(projectSpec()))
	check("Need", reflect.TypeFor[linkage.NeedFilter](), fields(needSpec()))
	check("Case", reflect.TypeFor[linkage.CaseFilter](), fields(caseSpec()))
	check("Activity", reflect.TypeFor[linkage.ActivityFilter](), fields(activitySpec()))
	check("Link", reflect.TypeFor[linkage.LinkFilter](), fields(linkSpec()))
	check("CouncilMeeting", reflect.TypeFor[linkage.CouncilMeetingFilter](), fields(councilMeetingSpec()))
	check("Referral", reflect.TypeFor[linkage.ReferralFilter](), fields(referralSpec()))
	check("FollowUp", reflect.TypeFor[linkage.FollowUpFilter](), fields(followUpSpec()))
}

func fields[T, F any](s spec[T, F]) []string {
	var out []string
	for _, c := range s.filters() {
		out = append(out, c.field)
	}
	return out
}

// TestFeaturesRounds checks the Rounds default.
func TestFeaturesRounds(t *testing.T) {
	require.Equal(t, 1, Features{}.rounds())
	require.Equal(t, 1, Features{Rounds: -3}.rounds())
	require.Equal(t, 4, Features{Rounds: 4}.rounds())
}
