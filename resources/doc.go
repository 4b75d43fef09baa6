// Package resources models the fifth of the "five social organizations": the public-welfare
// and charity resources (社区公益慈善资源) that enterprises, institutions, foundations,
// community funds and residents give, and their way from a donor to a resident in need.
//
// The model:
//
//   - A Donor gives (an enterprise, a hospital, a bank, a foundation, a resident ...). An
//     organisation's unified social credit code is validated (ParseCreditCode, GB
//     32100-2015 with the embedded GB 11714 organisation code). Contact details are masked
//     personal data. A donor may stay anonymous: receipts record "anonymous" and reports
//     never name it.
//   - A Donation is pledged and then received, in one or several receipts. Cash is CNY to
//     the fen; in-kind property (goods, service sessions, venue time, expertise) is valued
//     at fair value and gets no receipt without proof of that value (2020 tax
//     announcement). The receipt (Charity Law Art 38) and the written agreement (Art 39)
//     carry the fields the law names. Every receipt puts the property on hand as a Lot.
//   - A Lot is what is on hand to give: a quantity of a category in a unit, held by a
//     charity supermarket, a community fund or an organisation, with an expiry date for
//     perishables and the donor's restrictions (purposes, target groups, ages,
//     communities). Cash is a Lot in CNY.
//   - A Request is a need for resources, usually raised from a linkage Need (kept as an
//     opaque NeedID): community, target group, category, quantity, urgency (急难愁盼),
//     place, needed-by date and the beneficiary facts that eligibility is checked against.
//   - An Allocation takes a quantity of a Lot for a Request: reserved, then delivered, or
//     cancelled back to stock. A Disposal takes stock out (expired, damaged or sold at a
//     charity sale, the proceeds becoming a cash donation linked to the lot).
//   - Every change of stock is a Movement in an append-only log. For every lot at every
//     moment Received = OnHand + Reserved + Delivered + Disposed, and no quantity is ever
//     negative. The Store numbers and dates each lot's log in the order its movements
//     committed (Lot.Record), so Replay rebuilds, as of any past instant, the stock that
//     was true then, however concurrent the writers were.
//
// Service holds every rule and talks to a Store, which a host implements on its database
// (memstore.Store is the in-memory one; resourcestest.RunStoreTests checks any
// implementation). Changes that span entities (a receipt, a reservation, a delivery, a
// disposal) reach the Store as one Posting that it applies atomically.
//
// Reports: IdleReport puts long-idle stock beside unmet and under-supplied requests;
// Disclosure lists what a project must publish and when (Charity Law Art 79, and Art 72
// for emergencies through EmergencyDisclosurePeriods); CheckSpending tests the
// charitable-spending and management-cost ratios (Charity Law Art 61 and the 2020 tax
// announcement) against configurable thresholds.
//
// Matching: Match (and Service.Match) plans which lots go to which open requests as an
// exact transportation problem: quantities become integer units at a stated scale,
// identical lots are pooled, hard constraints (eligibility, the donor's restriction,
// expiry before the needed-by date, distance) exclude pairs, and the best plan fills the
// most units first and then has the highest total score (urgency first, then distance,
// first-expiry-first-out and the donor's preference). Every planned allocation, exclusion
// and unused pair is explained; ApplyPlan reserves the plan.
//
// The directory (donors, holders, service and venue lots) is exchanged as Open Referral
// HSDS 3.0 JSON with service_capacity and unit from 3.1 (ExportHSDS, ParseHSDS); fields
// this package does not know are kept and written back, never dropped. ParseHSDS reads
// every shape HSDS publishes (one organization with its services and locations nested,
// one service, list pages and arrays, the collections) and names each problem by its JSON
// path; ImportHSDS turns a directory into donors with their description, identifiers,
// offers and places, and lists whatever it does not keep. ExportHSDS writes donors the way
// ImportHSDS reads them, and marks lot holders and lots (HSDSHolderKindKey,
// HSDSLotKindKey) so that they come back as holders and are not taken for a directory's
// donors and offers: export, import and export again gives the same document.
package resources
