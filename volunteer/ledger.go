package volunteer

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Account names a ledger account. Volunteer accounts ("volunteer/<uuid>") hold points and
// never go negative; system accounts ("system/<name>") are the other side of every
// posting and may.
type Account string

// The system accounts.
const (
	AccountIssuance    Account = "system/issuance"    // source of earned points
	AccountRedemptions Account = "system/redemptions" // sink of redeemed points
	AccountExpired     Account = "system/expired"     // sink of expired points
	AccountPenalties   Account = "system/penalties"   // sink of no-show penalties
	AccountAdjustments Account = "system/adjustments" // other side of manual adjustments
	AccountDailyOffset Account = "system/daily_tally" // other side of the daily tallies
)

const dailyPrefix = "daily/"

// DailyAccount is the memo account that tallies the points a volunteer earned for
// activities on one calendar day (day's date in the Service's location). Beside every
// earning the Service posts the same amount to it (against AccountDailyOffset) with a
// Ceiling of LedgerRules.MaxPerDay, so the Store's atomic ceiling check enforces the daily
// cap even when awards for one volunteer and day are posted concurrently. Nobody can spend
// from it; it is not part of the volunteer's balance.
func DailyAccount(id uuid.UUID, day time.Time) Account {
	return Account(dailyPrefix + id.String() + "/" + day.Format(time.DateOnly))
}

const volunteerPrefix = "volunteer/"

// VolunteerAccount is the points account of the volunteer with id.
func VolunteerAccount(id uuid.UUID) Account { return Account(volunteerPrefix + id.String()) }

// Guarded reports whether the account must never go negative: every volunteer account and
// every resident account.
func (a Account) Guarded() bool {
	return strings.HasPrefix(string(a), volunteerPrefix) || strings.HasPrefix(string(a), residentPrefix)
}

// Valid reports whether a is a volunteer account with a non-nil UUID, a resident account
// ("resident/" and 32 hex digits), "system/" and a lower-case name, a DailyAccount or an
// act tally ("tally/<owner>/<act kind>/<day or month>").
func (a Account) Valid() bool {
	s := string(a)
	if rest, ok := strings.CutPrefix(s, volunteerPrefix); ok {
		id, err := uuid.Parse(rest)
		return err == nil && id != uuid.Nil && id.String() == rest
	}
	if rest, ok := strings.CutPrefix(s, residentPrefix); ok {
		return isHex(rest, residentDigits)
	}
	if rest, ok := strings.CutPrefix(s, tallyPrefix); ok {
		return validTally(rest)
	}
	if rest, ok := strings.CutPrefix(s, "system/"); ok {
		return Theme(rest).Valid()
	}
	if rest, ok := strings.CutPrefix(s, dailyPrefix); ok {
		idPart, date, ok := strings.Cut(rest, "/")
		id, err := uuid.Parse(idPart)
		_, derr := time.Parse(time.DateOnly, date)
		return ok && err == nil && id != uuid.Nil && id.String() == idPart && derr == nil
	}
	return false
}

// Entry is one leg of a transaction: a signed amount on one account (positive credits the
// account, negative debits it).
type Entry struct {
	Account Account         `json:"account"`
	Amount  decimal.Decimal `json:"amount"`
}

// Ceiling caps an account's balance after a transaction: the Store rejects the
// transaction when the account would end above Max. The Service uses it for the storage
// cap.
type Ceiling struct {
	Account Account         `json:"account"`
	Max     decimal.Decimal `json:"max"`
}

// Redemption is the catalogue item and quantity a redeem transaction takes from stock.
type Redemption struct {
	ItemID   uuid.UUID `json:"item_id"`
	Quantity int       `json:"quantity"`
}

// Transaction is an append-only, double-entry ledger posting: its entries sum to zero.
// Key is the idempotency key: posting a transaction whose key is already stored returns
// the stored one when the content is the same (SameContent) and a KindConflict error
// otherwise.
type Transaction struct {
	ID      uuid.UUID `json:"id"`
	Version int64     `json:"version"`
	Key     string    `json:"key"`
	Kind    EntryKind `json:"kind"`
	Entries []Entry   `json:"entries"`
	// PostedAt dates the transaction; balances as of t sum transactions posted at or
	// before t.
	PostedAt time.Time `json:"posted_at"`
	Memo     string    `json:"memo,omitempty"`
	RecordID uuid.UUID `json:"record_id,omitzero"`
	// Act is the kind of act an earning rewards (volunteer service for AwardPoints).
	Act        ActKind     `json:"act,omitempty"`
	Redemption *Redemption `json:"redemption,omitempty"`
	Ceilings   []Ceiling   `json:"ceilings,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
}

// Validate checks the key, kind, entries (at least two, non-zero, valid accounts, summing
// to zero), the redemption and the ceilings.
func (t Transaction) Validate() error {
	p := wushe.Check("Transaction")
	if !p.CheckValues(t) {
		return p.Err()
	}
	p.Require(t.ID != uuid.Nil, "ID", "is required")
	p.Require(strings.TrimSpace(t.Key) != "" && len(t.Key) <= 200, "Key", "is required (at most 200 bytes)")
	requireOneOf(p, "Kind", t.Kind, entryKinds)
	p.Require(len(t.Entries) >= 2, "Entries", "needs at least two entries")
	sum := decimal.Zero
	for i, e := range t.Entries {
		f := wushe.Index("Entries", i)
		p.Require(e.Account.Valid(), f+".Account", fmt.Sprintf("%q is not an account", e.Account))
		p.Require(!e.Amount.IsZero(), f+".Amount", "is zero")
		sum = sum.Add(e.Amount)
	}
	p.Require(sum.IsZero(), "Entries", fmt.Sprintf("sum to %s, want 0 (double entry)", sum))
	p.Require(!t.PostedAt.IsZero(), "PostedAt", "is required")
	if t.Redemption != nil {
		p.Require(t.Kind == KindRedeem, "Redemption", "only a redeem transaction takes stock")
		p.Require(t.Redemption.ItemID != uuid.Nil, "Redemption.ItemID", "is required")
		p.Require(t.Redemption.Quantity >= 1, "Redemption.Quantity", "is less than 1")
	}
	for i, c := range t.Ceilings {
		f := wushe.Index("Ceilings", i)
		p.Require(c.Account.Valid(), f+".Account", "is not an account")
		p.Require(!c.Max.IsNegative(), f+".Max", "is negative")
	}
	return p.Err()
}

// Delta is the net amount t posts to account.
func (t Transaction) Delta(account Account) decimal.Decimal {
	d := decimal.Zero
	for _, e := range t.Entries {
		if e.Account == account {
			d = d.Add(e.Amount)
		}
	}
	return d
}

// SameContent reports whether a and b post the same thing: kind, entries (in order,
// amounts compared numerically), memo, record and redemption. IDs and times are not
// compared, so a retry that made a fresh ID and time is the same content.
func SameContent(a, b Transaction) bool {
	if a.Kind != b.Kind || a.Memo != b.Memo || a.RecordID != b.RecordID || len(a.Entries) != len(b.Entries) {
		return false
	}
	for i := range a.Entries {
		if a.Entries[i].Account != b.Entries[i].Account || !a.Entries[i].Amount.Equal(b.Entries[i].Amount) {
			return false
		}
	}
	switch {
	case a.Redemption == nil && b.Redemption == nil:
		return true
	case a.Redemption == nil || b.Redemption == nil:
		return false
	}
	return *a.Redemption == *b.Redemption
}

// CatalogItem is something points can be redeemed for: a service, a small gift, a
// privilege. Cash and cash equivalents (vouchers, prepaid cards, transport top-ups that
// work as money) are refused: volunteering is unpaid (Order 685 Arts 2-3) and time coins
// cannot be exchanged for money (Beijing time bank).
type CatalogItem struct {
	ID      uuid.UUID       `json:"id"`
	Version int64           `json:"version"`
	Name    string          `json:"name"`
	Cost    decimal.Decimal `json:"cost"`
	Stock   int             `json:"stock"`
	// CashEquivalent marks an item that works as money; Validate rejects it.
	CashEquivalent bool      `json:"cash_equivalent,omitempty"`
	Active         bool      `json:"active"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Validate checks the name, cost and stock, and rejects a cash-equivalent item.
func (c CatalogItem) Validate() error {
	p := wushe.Check("CatalogItem")
	if !p.CheckValues(c) {
		return p.Err()
	}
	p.Require(c.ID != uuid.Nil, "ID", "is required")
	p.Require(strings.TrimSpace(c.Name) != "", "Name", "is required")
	p.Require(c.Cost.IsPositive(), "Cost", "is not positive")
	p.Require(c.Stock >= 0, "Stock", "is negative")
	p.Require(!c.CashEquivalent, "CashEquivalent", "cash and cash equivalents cannot be redeemed: volunteering is unpaid")
	return p.Err()
}

// ExpiryPolicy removes points not spent within AfterDays days of being earned, oldest
// first (spending consumes the oldest points). AfterDays 0 means points never expire,
// the default: no expiry rule was found in any source (STANDARDS.md §1.6).
type ExpiryPolicy struct {
	AfterDays int `json:"after_days,omitempty"`
}

// LedgerRules are the points rules as data. Zero values switch a rule off.
type LedgerRules struct {
	// DefaultPerHour is the points per verified hour when neither the opportunity nor
	// PerHourByTheme sets a rate (1 by default: 1 h = 1 time coin).
	DefaultPerHour decimal.Decimal `json:"default_per_hour"`
	// PerHourByTheme sets the rate for a theme.
	PerHourByTheme map[Theme]decimal.Decimal `json:"per_hour_by_theme,omitempty"`
	// MaxPerActivity caps the points one record earns.
	MaxPerActivity decimal.Decimal `json:"max_per_activity"`
	// MaxPerDay caps the points a volunteer earns for activities starting on one calendar
	// day (in the Service's location). It holds under concurrent awards: see DailyAccount.
	MaxPerDay decimal.Decimal `json:"max_per_day"`
	// StorageCap caps a balance (e.g. 1500 for Nanjing's 1500 h); earnings above it are
	// not posted and are reported as excess.
	StorageCap decimal.Decimal `json:"storage_cap"`
	// Expiry is the expiry policy; none by default.
	Expiry ExpiryPolicy `json:"expiry"`
	// NoShowPenalty is deducted for a no-show (never below a zero balance).
	NoShowPenalty decimal.Decimal `json:"no_show_penalty"`
	// Acts are the residents' points rules by act kind (EarnForAct); a kind without a
	// rule earns nothing and is refused. Volunteer service earns by the hourly rules above.
	Acts map[ActKind]ActRule `json:"acts,omitempty"`
}

// DefaultLedgerRules: 1 point per hour, no caps, no expiry, no penalty.
func DefaultLedgerRules() LedgerRules { return LedgerRules{DefaultPerHour: decimal.NewFromInt(1)} }

// Validate checks that no amount is negative.
func (r LedgerRules) Validate() error {
	p := wushe.Check("LedgerRules")
	p.Require(!r.DefaultPerHour.IsNegative(), "DefaultPerHour", "is negative")
	for th, v := range r.PerHourByTheme {
		p.Require(th.Valid() && !v.IsNegative(), "PerHourByTheme["+string(th)+"]", "is not a theme with a non-negative rate")
	}
	p.Require(!r.MaxPerActivity.IsNegative(), "MaxPerActivity", "is negative")
	p.Require(!r.MaxPerDay.IsNegative(), "MaxPerDay", "is negative")
	p.Require(!r.StorageCap.IsNegative(), "StorageCap", "is negative")
	p.Require(r.Expiry.AfterDays >= 0, "Expiry.AfterDays", "is negative")
	p.Require(!r.NoShowPenalty.IsNegative(), "NoShowPenalty", "is negative")
	for _, k := range slices.Sorted(maps.Keys(r.Acts)) {
		f := "Acts[" + string(k) + "]"
		p.Add(actKinds.Check("LedgerRules", f, k))
		p.Nested(f, r.Acts[k].Validate())
	}
	return p.Err()
}

// Rate returns the points per hour for an activity of theme with the opportunity rate
// override (zero: none).
func (r LedgerRules) Rate(theme Theme, override decimal.Decimal) decimal.Decimal {
	if override.IsPositive() {
		return override
	}
	if v, ok := r.PerHourByTheme[theme]; ok {
		return v
	}
	return r.DefaultPerHour
}

// Balance sums the entries of txs on account posted at or before asOf. It is the
// definition every Store's LedgerBalance must agree with.
func Balance(txs []Transaction, account Account, asOf time.Time) decimal.Decimal {
	b := decimal.Zero
	for _, t := range txs {
		if !t.PostedAt.After(asOf) {
			b = b.Add(t.Delta(account))
		}
	}
	return b
}
