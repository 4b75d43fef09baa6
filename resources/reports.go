package resources

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// IdleLot is a lot with stock on hand that has not moved for a while.
type IdleLot struct {
	LotID    uuid.UUID       `json:"lot_id"`   // The lot concerned.
	Category string          `json:"category"` // What the resource is (rice, haircut, hall); matching compares it exactly.
	Unit     string          `json:"unit"`     // What quantities count (bag, session, hour, CNY).
	OnHand   decimal.Decimal `json:"on_hand"`  // Quantity free to allocate.
	// Value is OnHand at the lot's unit value, in CNY.
	Value    decimal.Decimal `json:"value"`
	IdleDays int             `json:"idle_days"`        // Whole days since the lot last moved.
	Expires  time.Time       `json:"expires,omitzero"` // First instant it may no longer be used; zero for none.
	// Requests are open requests for the same kind, category and unit that the lot is
	// eligible for: the "long idle beside under-supplied" pairs to act on.
	Requests []uuid.UUID `json:"requests,omitempty"`
}

// RequestGap is an open request not fully allocated.
type RequestGap struct {
	RequestID uuid.UUID       `json:"request_id"`         // The request concerned.
	Category  string          `json:"category"`           // What the resource is (rice, haircut, hall); matching compares it exactly.
	Urgency   Urgency         `json:"urgency"`            // The request's urgency.
	Quantity  decimal.Decimal `json:"quantity"`           // Wanted.
	Allocated decimal.Decimal `json:"allocated"`          // Reserved or delivered so far.
	Missing   decimal.Decimal `json:"missing"`            // Still to allocate.
	NeededBy  time.Time       `json:"needed_by,omitzero"` // When the request must be met; zero for no date.
}

// IdleReport sets long-idle resources beside unmet and under-supplied requests (the
// failure the L community paper names: resources "long idle" beside needs
// "under-supplied").
type IdleReport struct {
	AsOf     time.Time `json:"as_of"`     // The time the report was made for.
	IdleDays int       `json:"idle_days"` // The threshold asked for.
	// Idle lots, longest idle first, then by ID.
	Idle []IdleLot `json:"idle"`
	// Unmet requests have nothing allocated; UnderSupplied have part. Both are ordered
	// most urgent first, then earliest needed-by (none last), then by ID.
	Unmet         []RequestGap `json:"unmet"`
	UnderSupplied []RequestGap `json:"under_supplied"` // See Unmet.
}

// IdleReport lists lots whose stock on hand has not moved for more than idleDays days as
// of the service clock's now (expired lots excluded: they are for disposal), and the open
// requests that are unmet or under-supplied.
func (s *Service) IdleReport(ctx context.Context, idleDays int) (IdleReport, error) {
	const op = "resources.Service.IdleReport"
	if idleDays < 0 {
		return IdleReport{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "IdleReport", Field: "idleDays", Msg: "is negative"}
	}
	lots, err := listAll(ctx, LotFilter{InStock: true}, func(f *LotFilter, p wushe.PageRequest) { f.Page = p }, s.store.ListLots)
	if err != nil {
		return IdleReport{}, wushe.Wrap(op, err)
	}
	reqs, err := listAll(ctx, RequestFilter{Status: RequestOpen}, func(f *RequestFilter, p wushe.PageRequest) { f.Page = p }, s.store.ListRequests)
	if err != nil {
		return IdleReport{}, wushe.Wrap(op, err)
	}
	now := s.clock.Now()
	return BuildIdleReport(lots, reqs, now, idleDays), nil
}

// BuildIdleReport computes an IdleReport from lots and requests as of now. It is what
// Service.IdleReport runs on the store's data.
func BuildIdleReport(lots []Lot, reqs []Request, now time.Time, idleDays int) IdleReport {
	rep := IdleReport{AsOf: now, IdleDays: idleDays, Idle: []IdleLot{}, Unmet: []RequestGap{}, UnderSupplied: []RequestGap{}}
	for _, l := range lots {
		if !l.OnHand.IsPositive() || l.ExpiredAt(now) {
			continue
		}
		days := int(now.Sub(l.LastMoved) / (24 * time.Hour))
		if days <= idleDays {
			continue
		}
		il := IdleLot{LotID: l.ID, Category: l.Category, Unit: l.Unit, OnHand: l.OnHand,
			Value: l.OnHand.Mul(l.UnitValue).Round(CNYPlaces), IdleDays: days, Expires: l.Expires}
		for _, r := range reqs {
			if ok, _ := Eligible(l, r, now); ok && r.Remaining().IsPositive() {
				il.Requests = append(il.Requests, r.ID)
			}
		}
		rep.Idle = append(rep.Idle, il)
	}
	slices.SortFunc(rep.Idle, func(a, b IdleLot) int {
		if a.IdleDays != b.IdleDays {
			return b.IdleDays - a.IdleDays
		}
		return wushe.CompareIDs(a.LotID, b.LotID)
	})
	for _, r := range reqs {
		if r.Status != RequestOpen || !r.Remaining().IsPositive() {
			continue
		}
		alloc := r.Reserved.Add(r.Delivered)
		g := RequestGap{RequestID: r.ID, Category: r.Category, Urgency: r.Urgency, Quantity: r.Quantity,
			Allocated: alloc, Missing: r.Remaining(), NeededBy: r.NeededBy}
		if alloc.IsZero() {
			rep.Unmet = append(rep.Unmet, g)
		} else {
			rep.UnderSupplied = append(rep.UnderSupplied, g)
		}
	}
	for _, gs := range [][]RequestGap{rep.Unmet, rep.UnderSupplied} {
		slices.SortFunc(gs, compareGaps)
	}
	return rep
}

func compareGaps(a, b RequestGap) int {
	if ra, rb := a.Urgency.Pressure(), b.Urgency.Pressure(); ra != rb {
		return rb - ra
	}
	switch {
	case a.NeededBy.IsZero() && !b.NeededBy.IsZero():
		return 1
	case !a.NeededBy.IsZero() && b.NeededBy.IsZero():
		return -1
	}
	if c := a.NeededBy.Compare(b.NeededBy); c != 0 {
		return c
	}
	return wushe.CompareIDs(a.RequestID, b.RequestID)
}

// DisclosedReceipt is one receipt as published: the donor is "anonymous" for an anonymous
// donor and never carries contact details.
type DisclosedReceipt struct {
	DonationID uuid.UUID       `json:"donation_id"`      // The donation concerned.
	Number     string          `json:"number,omitempty"` // The receipt number; empty when withheld.
	Donor      string          `json:"donor"`            // The donor's display name; anonymous donors stay anonymous.
	Kind       PropertyKind    `json:"kind"`             // The kind of property.
	Category   string          `json:"category"`         // What the resource is (rice, haircut, hall); matching compares it exactly.
	Quantity   decimal.Decimal `json:"quantity"`         // In Unit, exact.
	Unit       string          `json:"unit"`             // What quantities count (bag, session, hour, CNY).
	Value      decimal.Decimal `json:"value"`            // Fair value in CNY.
	Date       time.Time       `json:"date"`             // The receipt date.
}

// DisclosedUse is one delivery or disposal of a project's property as published: what,
// how much and when, never who received it.
type DisclosedUse struct {
	LotID    uuid.UUID       `json:"lot_id"`           // The lot concerned.
	Kind     MovementKind    `json:"kind"`             // Deliver or dispose.
	Category string          `json:"category"`         // What the resource is (rice, haircut, hall); matching compares it exactly.
	Quantity decimal.Decimal `json:"quantity"`         // In Unit, exact.
	Unit     string          `json:"unit"`             // What quantities count (bag, session, hour, CNY).
	Value    decimal.Decimal `json:"value"`            // Fair value in CNY.
	Reason   DisposalReason  `json:"reason,omitempty"` // Why stock was disposed of.
	Date     time.Time       `json:"date"`             // When it happened.
}

// DisclosurePeriod is one report a project owes: the period it covers, when it is due,
// and what to disclose.
type DisclosurePeriod struct {
	Period wushe.Window `json:"period"` // The period covered.
	Due    time.Time    `json:"due"`    // When the report is due.
	// Final marks the full report due after the project ends.
	Final bool `json:"final"`
	// Overdue is set when Due is before the report's AsOf.
	Overdue       bool               `json:"overdue"`
	Receipts      []DisclosedReceipt `json:"receipts"`       // Receipts dated in the period.
	Uses          []DisclosedUse     `json:"uses"`           // Deliveries and disposals in the period.
	ReceivedValue decimal.Decimal    `json:"received_value"` // Total value of Receipts in CNY.
	UsedValue     decimal.Decimal    `json:"used_value"`     // Total value of Uses in CNY.
}

// Disclosure is what a project must publish (Charity Law Art 79: a project lasting more
// than six months discloses at least every three months, and in full within three months
// of its end).
type Disclosure struct {
	ProjectID uuid.UUID          `json:"project_id"` // The project.
	Term      wushe.Window       `json:"term"`       // The project's term.
	AsOf      time.Time          `json:"as_of"`      // The time the report was made for.
	Periods   []DisclosurePeriod `json:"periods"`    // The reports owed, in order, the final one last.
}

// Disclosure rules of Charity Law Art 79.
const (
	DisclosureLongProjectMonths = 6 // projects longer than this disclose periodically
	DisclosureIntervalMonths    = 3 // at least every three months
	DisclosureFinalMonths       = 3 // the full report within three months of the end
)

// DisclosurePeriods returns the reports a project running over term owes: for a term
// longer than six months one per three months from its start (the last one cut at the
// end), each due at its period's end, then the final report over the whole term due three
// months after the end. A shorter project owes only the final report.
func DisclosurePeriods(term wushe.Window) ([]DisclosurePeriod, error) {
	if err := term.Validate(); err != nil {
		return nil, wushe.WithOp("resources.DisclosurePeriods", err)
	}
	var out []DisclosurePeriod
	if term.End.After(term.Start.AddDate(0, DisclosureLongProjectMonths, 0)) {
		for i := 0; ; i++ {
			start := term.Start.AddDate(0, i*DisclosureIntervalMonths, 0)
			if !start.Before(term.End) {
				break
			}
			end := term.Start.AddDate(0, (i+1)*DisclosureIntervalMonths, 0)
			if end.After(term.End) {
				end = term.End
			}
			out = append(out, DisclosurePeriod{Period: wushe.Window{Start: start, End: end}, Due: end})
		}
	}
	out = append(out, DisclosurePeriod{Period: term, Due: term.End.AddDate(0, DisclosureFinalMonths, 0), Final: true})
	return out, nil
}

// EmergencyDisclosureDays is how often receipts are published while an emergency
// fundraising for a disaster, accident or public-health event is in its response phase
// (Charity Law Art 72: at least every five days).
const EmergencyDisclosureDays = 5

// EmergencyDisclosurePeriods returns the receipt reports owed during an emergency
// response phase: one per EmergencyDisclosureDays from its start (the last one cut at the
// end), each due at its period's end.
func EmergencyDisclosurePeriods(response wushe.Window) ([]DisclosurePeriod, error) {
	if err := response.Validate(); err != nil {
		return nil, wushe.WithOp("resources.EmergencyDisclosurePeriods", err)
	}
	var out []DisclosurePeriod
	for i := 0; ; i++ {
		start := response.Start.AddDate(0, 0, i*EmergencyDisclosureDays)
		if !start.Before(response.End) {
			return out, nil
		}
		end := response.Start.AddDate(0, 0, (i+1)*EmergencyDisclosureDays)
		if end.After(response.End) {
			end = response.End
		}
		out = append(out, DisclosurePeriod{Period: wushe.Window{Start: start, End: end}, Due: end})
	}
}

// Disclosure builds the disclosure schedule of a project and fills each period with the
// receipts of the project's donations and the deliveries and disposals of their lots. A
// charity sale is neither a receipt nor a use: its proceeds are a cash lot of the same
// donation, whose deliveries are uses, so each gift counts once. Anonymous donors stay
// anonymous; no beneficiary is named.
func (s *Service) Disclosure(ctx context.Context, projectID uuid.UUID, term wushe.Window) (Disclosure, error) {
	const op = "resources.Service.Disclosure"
	if projectID == uuid.Nil {
		return Disclosure{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Disclosure", Field: "projectID", Msg: "is required"}
	}
	periods, err := DisclosurePeriods(term)
	if err != nil {
		return Disclosure{}, wushe.WithOp(op, err)
	}
	dons, err := listAll(ctx, DonationFilter{ProjectID: projectID}, func(f *DonationFilter, p wushe.PageRequest) { f.Page = p }, s.store.ListDonations)
	if err != nil {
		return Disclosure{}, wushe.Wrap(op, err)
	}
	var receipts []DisclosedReceipt
	var uses []DisclosedUse
	for _, d := range dons {
		for _, rc := range d.Receipts {
			receipts = append(receipts, DisclosedReceipt{DonationID: d.ID, Number: rc.Number, Donor: rc.Donor, Kind: d.Kind,
				Category: d.Category, Quantity: rc.Quantity, Unit: rc.Unit, Value: rc.Value, Date: rc.Date})
		}
		lots, err := listAll(ctx, LotFilter{DonationID: d.ID}, func(f *LotFilter, p wushe.PageRequest) { f.Page = p }, s.store.ListLots)
		if err != nil {
			return Disclosure{}, wushe.Wrap(op, err)
		}
		for _, l := range lots {
			ms, err := listAll(ctx, MovementFilter{LotID: l.ID, Kinds: []MovementKind{MoveDeliver, MoveDispose}},
				func(f *MovementFilter, p wushe.PageRequest) { f.Page = p }, s.store.ListMovements)
			if err != nil {
				return Disclosure{}, wushe.Wrap(op, err)
			}
			for _, m := range ms {
				if m.Reason == DisposeSold {
					continue // a sale turns goods into cash of the same gift; the cash's deliveries are its uses
				}
				uses = append(uses, DisclosedUse{LotID: l.ID, Kind: m.Kind, Category: l.Category, Quantity: m.Quantity,
					Unit: l.Unit, Value: m.Quantity.Mul(l.UnitValue).Round(CNYPlaces), Reason: m.Reason, Date: m.At})
			}
		}
	}
	now := s.clock.Now()
	for i := range periods {
		p := &periods[i]
		p.Overdue = p.Due.Before(now)
		p.Receipts, p.Uses = []DisclosedReceipt{}, []DisclosedUse{}
		p.ReceivedValue, p.UsedValue = decimal.Zero, decimal.Zero
		for _, r := range receipts {
			if p.Period.Contains(r.Date) {
				p.Receipts = append(p.Receipts, r)
				p.ReceivedValue = p.ReceivedValue.Add(r.Value)
			}
		}
		for _, u := range uses {
			if p.Period.Contains(u.Date) {
				p.Uses = append(p.Uses, u)
				p.UsedValue = p.UsedValue.Add(u.Value)
			}
		}
		slices.SortStableFunc(p.Receipts, func(a, b DisclosedReceipt) int { return a.Date.Compare(b.Date) })
		slices.SortStableFunc(p.Uses, func(a, b DisclosedUse) int { return a.Date.Compare(b.Date) })
	}
	return Disclosure{ProjectID: projectID, Term: term, AsOf: now, Periods: periods}, nil
}

// SpendingThresholds are the ratios a charity is tested against. They are data: a host
// may load the figures of a newer rule.
type SpendingThresholds struct {
	// MinSpendingPublic is the least charitable spending, as a share of last year's total
	// income, for an organisation with public-fundraising status.
	MinSpendingPublic decimal.Decimal `json:"min_spending_public"`
	// MinSpendingOther is the least charitable spending, as a share of last year-end net
	// assets, for an organisation without it.
	MinSpendingOther decimal.Decimal `json:"min_spending_other"`
	// MaxManagementPublic and MaxManagementOther cap management costs as a share of the
	// year's total spending.
	MaxManagementPublic decimal.Decimal `json:"max_management_public"`
	MaxManagementOther  decimal.Decimal `json:"max_management_other"` // See MaxManagementPublic.
	// Source names the rule the figures come from.
	Source string `json:"source"`
}

// DefaultThresholds returns the figures of Charity Law Art 61 and the 2020 announcement
// of the Ministry of Finance, the State Taxation Administration and the Ministry of Civil
// Affairs on pre-tax deduction of charitable donations: spending at least 70% of last
// year's income (with public-fundraising status) or 8% of last year-end net assets
// (without); management costs at most 10% (with) or 12% (without) of total spending.
func DefaultThresholds() SpendingThresholds {
	return SpendingThresholds{
		MinSpendingPublic:   decimal.RequireFromString("0.70"),
		MinSpendingOther:    decimal.RequireFromString("0.08"),
		MaxManagementPublic: decimal.RequireFromString("0.10"),
		MaxManagementOther:  decimal.RequireFromString("0.12"),
		Source:              "慈善法 Art 61 (2023); 财政部 税务总局 民政部公告2020年第27号 (charitable-donation deductions)",
	}
}

// Financials are one organisation's figures for one year, in CNY.
type Financials struct {
	PublicFundraising bool `json:"public_fundraising"` // Whether the organisation has public-fundraising status.
	// LastYearIncome is last year's total income (the base with public-fundraising status).
	LastYearIncome decimal.Decimal `json:"last_year_income"`
	// LastYearNetAssets is last year-end net assets (the base without it).
	LastYearNetAssets  decimal.Decimal `json:"last_year_net_assets"`
	CharitableSpending decimal.Decimal `json:"charitable_spending"` // The year's charitable spending.
	ManagementCosts    decimal.Decimal `json:"management_costs"`    // The year's management costs.
	TotalSpending      decimal.Decimal `json:"total_spending"`      // The year's total spending.
}

// SpendingCheck is the outcome of CheckSpending. Ratios are rounded half away from zero
// to 4 decimal places for display; the pass decisions compare exactly.
type SpendingCheck struct {
	SpendingRatio   decimal.Decimal `json:"spending_ratio"`   // Charitable spending / base.
	MinSpending     decimal.Decimal `json:"min_spending"`     // The threshold applied.
	SpendingOK      bool            `json:"spending_ok"`      // Whether the spending ratio meets MinSpending.
	ManagementRatio decimal.Decimal `json:"management_ratio"` // Management costs / total spending.
	MaxManagement   decimal.Decimal `json:"max_management"`   // The threshold applied.
	ManagementOK    bool            `json:"management_ok"`    // Whether the management ratio is within MaxManagement.
	Source          string          `json:"source"`           // The rule the thresholds come from.
}

// CheckSpending tests f against t. A zero base (income or net assets) is invalid, as is a
// zero total spending with management costs; amounts must be non-negative.
func CheckSpending(f Financials, t SpendingThresholds) (SpendingCheck, error) {
	p := wushe.Check("Financials")
	for _, x := range []struct {
		n string
		v decimal.Decimal
	}{{"LastYearIncome", f.LastYearIncome}, {"LastYearNetAssets", f.LastYearNetAssets}, {"CharitableSpending", f.CharitableSpending},
		{"ManagementCosts", f.ManagementCosts}, {"TotalSpending", f.TotalSpending}} {
		p.Require(!x.v.IsNegative(), x.n, "is negative")
	}
	base, minS, maxM, baseField := f.LastYearNetAssets, t.MinSpendingOther, t.MaxManagementOther, "LastYearNetAssets"
	if f.PublicFundraising {
		base, minS, maxM, baseField = f.LastYearIncome, t.MinSpendingPublic, t.MaxManagementPublic, "LastYearIncome"
	}
	p.Require(base.IsPositive(), baseField, "must be positive: it is the base of the spending ratio")
	p.Require(f.TotalSpending.IsPositive() || f.ManagementCosts.IsZero(), "TotalSpending", "is zero while management costs are not")
	p.Require(f.ManagementCosts.LessThanOrEqual(f.TotalSpending), "ManagementCosts", "exceed total spending")
	if err := p.Err(); err != nil {
		return SpendingCheck{}, wushe.WithOp("resources.CheckSpending", err)
	}
	c := SpendingCheck{MinSpending: minS, MaxManagement: maxM, Source: t.Source}
	c.SpendingOK = f.CharitableSpending.GreaterThanOrEqual(base.Mul(minS))
	c.SpendingRatio = f.CharitableSpending.DivRound(base, 4)
	c.ManagementRatio = decimal.Zero
	c.ManagementOK = true
	if f.TotalSpending.IsPositive() {
		c.ManagementRatio = f.ManagementCosts.DivRound(f.TotalSpending, 4)
		c.ManagementOK = f.ManagementCosts.LessThanOrEqual(f.TotalSpending.Mul(maxM))
	}
	return c, nil
}
