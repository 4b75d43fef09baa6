// Package linkage models the five parties of 五社联动 ("five social organizations
// linkage") and the work that links them: communities with their grid trees and venues,
// social workers, community social organizations and their cultivation, units in the
// jurisdiction, government-purchased service projects, resident needs, case-work files,
// activities, linkage records and residents' councils.
//
// Entities are plain structs with a Validate method. A host persists them through Store,
// which it implements on its database (or uses memstore.New); linkagetest.RunStoreTests
// proves an implementation. Service holds the rules: it validates, stamps IDs, versions
// and times from its Clock, moves entities through their life cycles, and checks who may
// read case notes.
//
// Life cycles:
//   - Organization: interest_group > volunteer_team > filed > registered > service_brand
//     (Stage.CanAdvanceTo; the criteria are CultivationRules, STANDARDS.md §2.2). A move
//     whose criteria fail returns one KindInsufficient error listing every unmet
//     criterion; wushe.FieldErrors lists them.
//   - Need: open > planned > in_progress > met, or closed_unmet from any state that is not
//     final, with a timestamp per state.
//   - Case: intake > assessment > plan > intervention > review > closed.
//   - Project: draft > active <> suspended > completed or terminated.
//
// Privacy: names, phones, client attributes and case notes are wushe's masked types; they
// print and encode masked. Session notes are revealed only by Service.ReadCaseNotes: to the
// assigned worker and the supervisor, or to another reader with a recorded consent or a
// legal basis (imminent harm, statutory duty), in which case the disclosure is logged on
// the case in the same write. Anyone else gets a KindForbidden error and nothing is logged.
package linkage
