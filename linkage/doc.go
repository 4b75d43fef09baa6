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
//   - Referral (the closed loop, STANDARDS.md §10.1): requested > received > accepted or
//     rejected > in_progress <> on_hold > completed, cancelled or failed. The responder
//     owns every edge but one: it receives, accepts or rejects, starts, holds and
//     resumes, completes and fails; the requester (or its supervisor) cancels a referral
//     that is not final. A move along the other side's edge is KindForbidden, one that
//     is no edge at all KindConflict. Rejected and failed referrals are re-referred as a
//     new referral whose Previous names the old one (the old one's Next names the new),
//     so the history is kept. Deadlines are data (DeadlineProfile, per urgency);
//     EscalateOverdue records an Escalation on a referral past its deadline, to the
//     requester's supervisor and, for a whistle to a street-office department, to the
//     street office. Two responders accepting one referral at once: one wins, the other
//     gets KindConflict.
//
// The need moves by itself (SyncNeed): planned when its first referral is accepted, in
// progress when work starts, met when every referral is final, one is completed and the
// latest follow-up call (FollowUpNeed) found the resident satisfied or basically
// satisfied; an unsatisfied answer re-refers the completed referral.
//
// Updates: every UpdateX(ctx, x) takes the caller's copy and succeeds only if x.Version is
// still the stored version; otherwise it returns KindConflict, and the caller reads again
// and retries. Fields that a life cycle owns (a need's status and timestamps, an
// organization's stage, a case's sessions and disclosures) are kept from the stored entity;
// only the life-cycle methods change them. A refused operation writes nothing.
//
// Residents' councils: ConvertProposal turns a proposal into a need (source
// residents_council) and records the need on the proposal. Its writes are ordered so that a
// failure leaves either nothing changed or the proposal marked converting, which a retry
// completes without making a second need (see its documentation).
//
// Linkage records: a Link says that someone (By) brought a party's contribution (From) to
// a need, activity or project (To), in one of Project D's five kinds; CountLinkedParties
// derives "units connected" and "volunteers connected" from them.
//
// Caseloads: a social worker's OpenCases counts the open cases held against CaseloadCap.
// OpenCase and a reassignment through UpdateCase claim a place atomically on the worker
// before the case is written, and closing or moving a case releases it, so concurrent
// callers can never give a worker more cases than the cap. A store failure can only leave
// the count high, never low; RecountCaseload mends it.
//
// Assigning cases: CaseAssigner proposes which social worker takes which case, exactly,
// on the shared matching engine: hard rules (status, communities served, the qualification
// a risk level needs, conflicts of interest, caseload room) exclude pairs; weighted
// factors (specialty, distance, continuity with the household, workload balance) score
// the rest; the most cases are placed first, then the best total score. The result lists
// the first rejections and exclusions, counts them all, and explains any pair on demand
// (AllRejections, AllExclusions, Explain). A CaseRound places one new case without solving again;
// ApplyCaseAssignments writes proposals through the Service's rules.
//
// Dispatch: Dispatcher proposes a responder for every open need of a community or a street
// at once (Service.LoadDispatchInput reads them): volunteers and teams (skills,
// availability), organizations' and units' Provisions (category, capacity left) and
// charity lots (category, quantity, expiry), all within the walking radius of the
// five-minute service circle. Hard rules exclude pairs and are counted by reason; named
// weighted factors, urgency first, score the rest; one exact solve on the shared engine
// places the most needs with the best total score; every proposal carries its factor
// breakdown and the best alternative. Candidates come from a spatial grid sized by the
// radius, so pairs beyond it are never scored. Nothing is written until the caller applies
// the proposals it keeps: Service.ApplyDispatch writes them as referrals, all or none, and
// refuses a proposal whose need, referral or responder changed since the dispatch read it. BuildIdleReport (Service.IdleReport) lists, by category and grid,
// the offers and lots unused for N days beside the needs open as long: the "long idle
// beside under-supplied" mismatch the L community paper names.
//
// Outputs and evaluation: Service.Outputs derives evaluation observations for a project or
// a community over a period from the stored records (households visited, case services,
// activities, unique people and person-times, volunteers and units connected from Links,
// needs raised and met with the median response time, organizations by stage), and
// Service.ContractScorecard scores a project against its contracted targets in one call.
//
// Residents who become providers: Service.Journeys follows a resident's one pseudonymous
// reference across attendance, needs, case clients, organization rosters, party members'
// posts and volunteers' verified service (comparing keyed indexes under
// Options.ReferenceKey, never references) and counts, for communities or a street and a
// period, the residents first served and serving strictly later (CountJourneys states the
// rule); Outputs reports them with the party, points and whistle figures.
//
// Privacy: names, phones, client attributes and case notes are wushe's masked types; they
// print and encode masked. Session notes are revealed only by Service.ReadCaseNotes: to the
// assigned worker and the supervisor, or to another reader with a recorded consent or a
// legal basis (imminent harm, statutory duty), in which case the disclosure is logged on
// the case in the same write. Anyone else gets a KindForbidden error and nothing is logged.
package linkage
