package linkage

import (
	"cmp"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

// IdleInput is what the idle report reads: the needs, the provisions of organizations and
// units, the lots, and the records that show a provision in use.
type IdleInput struct {
	Needs         []Need
	Organizations []Organization
	Units         []Unit
	Lots          []resources.Lot
	// Links show a party's provisions in use: a link from the organization or unit at a
	// time counts as using every provision it declared.
	Links []Link
	// Used records other uses, such as referrals a responder answered.
	Used []ProvisionUse
}

// ProvisionUse says that a responder used its provisions of a category (an empty
// Category: all of them) at a time.
type ProvisionUse struct {
	Responder uuid.UUID `json:"responder"`
	Category  string    `json:"category,omitempty"`
	At        time.Time `json:"at"`
}

// IdleRow is one category in one grid: the needs left unmet there for the report's days
// beside the provisions and lots that went unused as long.
type IdleRow struct {
	// Category is the category key (CategoryKey).
	Category string `json:"category"`
	// Community and Area place the row; Area is uuid.Nil for needs and provisions not in
	// a grid, and both are for lots, which are held for every community.
	Community uuid.UUID `json:"community,omitzero"`
	Area      uuid.UUID `json:"area,omitzero"`
	// UnmetNeeds counts the needs not met or closed that were raised at least Days ago;
	// LongestOpenDays is the longest of them, in whole days.
	UnmetNeeds      int `json:"unmet_needs"`
	LongestOpenDays int `json:"longest_open_days"`
	// IdleProvisions counts the organizations' and units' provisions unused for at least
	// Days.
	IdleProvisions int `json:"idle_provisions"`
	// IdleLots counts the lots with stock on hand, not expired, that have not moved for at
	// least Days; IdleValue is the fair value of that stock in CNY.
	IdleLots  int             `json:"idle_lots"`
	IdleValue decimal.Decimal `json:"idle_value"`
}

// IdleCategory sums the rows of one category. Beside is set when the category has both
// unmet needs and idle provisions or lots: resources long idle beside needs
// under-supplied, the mismatch the L community paper names.
type IdleCategory struct {
	Category        string          `json:"category"`
	UnmetNeeds      int             `json:"unmet_needs"`
	LongestOpenDays int             `json:"longest_open_days"`
	IdleProvisions  int             `json:"idle_provisions"`
	IdleLots        int             `json:"idle_lots"`
	IdleValue       decimal.Decimal `json:"idle_value"`
	Beside          bool            `json:"beside"`
}

// IdleReport lists idle resources beside unmet needs, by category and grid.
type IdleReport struct {
	At   time.Time `json:"at"`
	Days int       `json:"days"`
	// Rows are by category, then community, then area (IDs in byte order); only rows with
	// something to count are listed.
	Rows []IdleRow `json:"rows"`
	// Categories sum the rows by category, in the same order.
	Categories []IdleCategory `json:"categories"`
}

// BuildIdleReport reports, as of at, the needs open for at least days days beside the
// offers and lots unused for at least as long, by category and grid:
//   - a need counts while it is neither met nor closed and was raised at least days ago
//     (exactly days ago counts), in its community and area;
//   - a provision of an organization or a unit counts when its last use is at least days
//     before at; its last use is the latest of when it was declared (Since, else when its
//     owner was created), the links from its owner and the uses recorded for its owner
//     and category, none later than at; in its owner's community and its Area;
//   - a lot counts when it has stock on hand, has not expired by at, and its last
//     movement (LastMoved, else when it was created) is at least days before at; with the
//     fair value of the stock on hand; lots are in no community or grid.
//
// days must not be negative (KindInvalid).
func BuildIdleReport(in IdleInput, at time.Time, days int) (*IdleReport, error) {
	const op = "linkage.BuildIdleReport"
	if days < 0 {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "IdleReport", Field: "Days", Msg: "cannot be negative"}
	}
	if at.IsZero() {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "IdleReport", Field: "At", Msg: "is required"}
	}
	span := time.Duration(days) * 24 * time.Hour
	cutoff := at.Add(-span) // a thing last used or raised at or before cutoff counts
	type key struct {
		cat        string
		comm, area uuid.UUID
	}
	rows := map[key]*IdleRow{}
	row := func(k key) *IdleRow {
		r := rows[k]
		if r == nil {
			r = &IdleRow{Category: k.cat, Community: k.comm, Area: k.area, IdleValue: decimal.Zero}
			rows[k] = r
		}
		return r
	}
	for _, n := range in.Needs {
		if n.Status.Final() || n.RaisedAt.After(cutoff) {
			continue
		}
		r := row(key{CategoryKey(n.Category), n.Community, n.Area})
		r.UnmetNeeds++
		r.LongestOpenDays = max(r.LongestOpenDays, int(at.Sub(n.RaisedAt)/(24*time.Hour)))
	}
	// The last use of each owner, in all categories ("") and in each.
	last := map[uuid.UUID]map[string]time.Time{}
	use := func(id uuid.UUID, cat string, t time.Time) {
		if t.After(at) {
			return
		}
		if last[id] == nil {
			last[id] = map[string]time.Time{}
		}
		if t.After(last[id][cat]) {
			last[id][cat] = t
		}
	}
	for _, l := range in.Links {
		if l.From.Kind == PartyOrganization || l.From.Kind == PartyUnit {
			use(l.From.ID, "", l.At)
		}
	}
	for _, u := range in.Used {
		use(u.Responder, CategoryKey(u.Category), u.At)
	}
	provided := func(id, community uuid.UUID, created time.Time, provs []Provision) {
		for _, p := range provs {
			cat := CategoryKey(p.Category)
			lastUse := p.Since
			if lastUse.IsZero() {
				lastUse = created
			}
			for _, t := range []time.Time{last[id][""], last[id][cat]} {
				if t.After(lastUse) {
					lastUse = t
				}
			}
			if lastUse.After(cutoff) {
				continue
			}
			row(key{cat, community, p.Area}).IdleProvisions++
		}
	}
	for _, o := range in.Organizations {
		provided(o.ID, o.Community, o.CreatedAt, o.Provisions)
	}
	for _, u := range in.Units {
		provided(u.ID, u.Community, u.CreatedAt, u.Provisions)
	}
	for _, l := range in.Lots {
		moved := l.LastMoved
		if moved.IsZero() {
			moved = l.CreatedAt
		}
		if !l.OnHand.IsPositive() || l.ExpiredAt(at) || moved.After(cutoff) {
			continue
		}
		r := row(key{cat: CategoryKey(l.Category)})
		r.IdleLots++
		r.IdleValue = r.IdleValue.Add(l.OnHand.Mul(l.UnitValue))
	}
	rep := &IdleReport{At: at, Days: days, Rows: []IdleRow{}, Categories: []IdleCategory{}}
	for _, r := range rows {
		rep.Rows = append(rep.Rows, *r)
	}
	slices.SortFunc(rep.Rows, func(a, b IdleRow) int {
		return cmp.Or(cmp.Compare(a.Category, b.Category), cmpID(a.Community, b.Community), cmpID(a.Area, b.Area))
	})
	for _, r := range rep.Rows {
		if n := len(rep.Categories); n == 0 || rep.Categories[n-1].Category != r.Category {
			rep.Categories = append(rep.Categories, IdleCategory{Category: r.Category, IdleValue: decimal.Zero})
		}
		c := &rep.Categories[len(rep.Categories)-1]
		c.UnmetNeeds += r.UnmetNeeds
		c.LongestOpenDays = max(c.LongestOpenDays, r.LongestOpenDays)
		c.IdleProvisions += r.IdleProvisions
		c.IdleLots += r.IdleLots
		c.IdleValue = c.IdleValue.Add(r.IdleValue)
		c.Beside = c.UnmetNeeds > 0 && c.IdleProvisions+c.IdleLots > 0
	}
	return rep, nil
}
