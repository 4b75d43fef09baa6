package volunteer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// postRetries bounds the retries of a posting whose amount depends on a balance read
// outside the Store's atomic section (caps, penalties): a concurrent posting makes the
// Store reject it, and it is recomputed.
const postRetries = 5

// Award is the result of AwardPoints: the transaction posted (nil when nothing was due)
// and the points not posted because of the caps.
type Award struct {
	Transaction *Transaction    `json:"transaction,omitempty"`
	Excess      decimal.Decimal `json:"excess"`
}

// AwardPoints posts the points due for a verified record: hours × rate (the opportunity's
// PointsPerHour, else the theme's, else DefaultPerHour), capped per activity, per day
// (activities starting on the same calendar date) and by the storage cap; the part cut by
// the caps is reported as Excess. It settles corrections: it posts the difference between
// what is due now and what was posted for the record before (an earn, or an adjust that
// takes points back, at most the balance). The idempotency key is
// "earn/<record>/<revisions>", so calling it again, after a failure or not, posts once.
func (s *Service) AwardPoints(ctx context.Context, recordID uuid.UUID) (Award, error) {
	const op = "volunteer.Service.AwardPoints"
	r, err := s.store.GetRecord(ctx, recordID)
	if err != nil {
		return Award{}, wushe.Wrap(op, err)
	}
	if r.Status != RecordVerified {
		return Award{}, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "ServiceRecord", ID: recordID.String(), Field: "Status",
			Msg: unverifiedMsg(r.Status)}
	}
	v, err := s.store.GetVolunteer(ctx, r.VolunteerID)
	if err != nil {
		return Award{}, wushe.Wrap(op, err)
	}
	override := decimal.Zero
	if r.OpportunityID != uuid.Nil {
		o, err := s.store.GetOpportunity(ctx, r.OpportunityID)
		if err != nil {
			return Award{}, wushe.Wrap(op, err)
		}
		override = o.PointsPerHour
	}
	acct, err := s.accountOf(op, v)
	if err != nil {
		return Award{}, err
	}
	key := fmt.Sprintf("earn/%s/%d", r.ID, len(r.Revisions))
	for attempt := 0; ; attempt++ {
		now := s.now()
		due := s.rules.Rate(r.Theme, override).Mul(decimal.NewFromInt(int64(r.Minutes))).Div(decimal.NewFromInt(60)).Round(2)
		excess := decimal.Zero
		if m := s.rules.MaxPerActivity; m.IsPositive() && due.GreaterThan(m) {
			excess, due = due.Sub(m), m
		}
		txs, err := s.recordTransactions(ctx, acct, r.ID)
		if err != nil {
			return Award{}, wushe.Wrap(op, err)
		}
		posted := decimal.Zero
		for _, t := range txs {
			if t.Key == key {
				return Award{Transaction: &t}, nil
			}
			posted = posted.Add(t.Delta(acct))
		}
		delta := due.Sub(posted)
		if m := s.rules.MaxPerDay; m.IsPositive() && delta.IsPositive() {
			day, err := s.earnedOnDay(ctx, v.ID, r, acct)
			if err != nil {
				return Award{}, wushe.Wrap(op, err)
			}
			if room := m.Sub(day).Sub(posted); delta.GreaterThan(room) {
				room = decimal.Max(room, decimal.Zero)
				excess, delta = excess.Add(delta.Sub(room)), room
			}
		}
		balance, err := s.store.LedgerBalance(ctx, acct, farFuture)
		if err != nil {
			return Award{}, wushe.Wrap(op, err)
		}
		var ceilings []Ceiling
		if c := s.rules.StorageCap; c.IsPositive() && delta.IsPositive() {
			room := decimal.Max(c.Sub(balance), decimal.Zero)
			if delta.GreaterThan(room) {
				excess, delta = excess.Add(delta.Sub(room)), room
			}
			ceilings = []Ceiling{{Account: acct, Max: c}}
		}
		kind, other := KindEarn, AccountIssuance
		if delta.IsNegative() {
			kind, other = KindAdjust, AccountAdjustments
			delta = decimal.Max(delta, balance.Neg())
		}
		if delta.IsZero() {
			return Award{Excess: excess}, nil
		}
		entries := []Entry{{Account: other, Amount: delta.Neg()}, {Account: acct, Amount: delta}}
		if m := s.rules.MaxPerDay; m.IsPositive() {
			// The daily tally makes the Store check the daily cap atomically: a concurrent
			// award for the same day makes this posting conflict, and the loop recomputes.
			st := r.Window.Start.In(s.loc)
			tally := DailyAccount(v.ID, time.Date(st.Year(), st.Month(), st.Day(), 0, 0, 0, 0, s.loc))
			entries = append(entries, Entry{Account: AccountDailyOffset, Amount: delta.Neg()}, Entry{Account: tally, Amount: delta})
			if delta.IsPositive() {
				ceilings = append(ceilings, Ceiling{Account: tally, Max: m})
			}
		}
		tx := Transaction{ID: s.newID(), Key: key, Kind: kind, RecordID: r.ID, PostedAt: now, CreatedAt: now, Ceilings: ceilings,
			Memo: "points for " + r.Activity, Entries: entries}
		out, err := s.post(ctx, tx)
		if err != nil && attempt < postRetries && retryable(err) {
			continue
		}
		if err != nil {
			return Award{}, wushe.Wrap(op, err)
		}
		return Award{Transaction: &out, Excess: excess}, nil
	}
}

var farFuture = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

func retryable(err error) bool {
	k := wushe.KindOf(err)
	return k == wushe.KindConflict || k == wushe.KindInsufficient
}

// earnedOnDay sums what was earned for the volunteer's other records whose activity
// started on r's calendar date.
func (s *Service) earnedOnDay(ctx context.Context, id uuid.UUID, r ServiceRecord, acct Account) (decimal.Decimal, error) {
	st := r.Window.Start.In(s.loc)
	from := time.Date(st.Year(), st.Month(), st.Day(), 0, 0, 0, 0, s.loc)
	rs, err := s.volunteerRecords(ctx, id, RecordFilter{From: from, To: from.AddDate(0, 0, 1)})
	if err != nil {
		return decimal.Zero, err
	}
	sum := decimal.Zero
	for _, o := range rs {
		if o.ID == r.ID {
			continue
		}
		txs, err := s.recordTransactions(ctx, acct, o.ID)
		if err != nil {
			return decimal.Zero, err
		}
		for _, t := range txs {
			sum = sum.Add(t.Delta(acct))
		}
	}
	return sum, nil
}

// recordTransactions lists the transactions posted to acct for one service record.
func (s *Service) recordTransactions(ctx context.Context, acct Account, record uuid.UUID) ([]Transaction, error) {
	return listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Transaction], error) {
		return s.store.ListTransactions(ctx, TransactionFilter{Account: acct, RecordID: record, Page: r})
	})
}

func (s *Service) accountTransactions(ctx context.Context, acct Account, kind EntryKind) ([]Transaction, error) {
	return listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Transaction], error) {
		return s.store.ListTransactions(ctx, TransactionFilter{Account: acct, Kind: kind, Page: r})
	})
}

// penalize posts the no-show penalty for e, at most the balance.
func (s *Service) penalize(ctx context.Context, e Enrolment) (*Transaction, error) {
	acct, err := s.accountFor(ctx, "volunteer.Service.penalize", e.VolunteerID)
	if err != nil {
		return nil, err
	}
	key := "penalty/" + e.ID.String()
	for attempt := 0; ; attempt++ {
		now := s.now()
		if prev, err := s.store.ListTransactions(ctx, TransactionFilter{Key: key}); err != nil {
			return nil, err
		} else if len(prev.Items) > 0 {
			return &prev.Items[0], nil
		}
		bal, err := s.store.LedgerBalance(ctx, acct, farFuture)
		if err != nil {
			return nil, err
		}
		amt := decimal.Min(s.rules.NoShowPenalty, bal)
		if !amt.IsPositive() {
			return nil, nil
		}
		tx := Transaction{ID: s.newID(), Key: key, Kind: KindPenalty, PostedAt: now, CreatedAt: now, Memo: "no-show",
			Entries: []Entry{{Account: acct, Amount: amt.Neg()}, {Account: AccountPenalties, Amount: amt}}}
		out, err := s.post(ctx, tx)
		if err != nil && attempt < postRetries && retryable(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return &out, nil
	}
}

func requireKey(op, key string) error {
	if strings.TrimSpace(key) == "" {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Transaction", Field: "Key", Msg: "an idempotency key is required"}
	}
	return nil
}

// AddCatalogItem adds an item to the redemption catalogue, giving it an ID when nil. A
// cash-equivalent item is rejected (KindInvalid naming CashEquivalent).
func (s *Service) AddCatalogItem(ctx context.Context, c CatalogItem) (CatalogItem, error) {
	const op = "volunteer.Service.AddCatalogItem"
	now := s.now()
	if c.ID == uuid.Nil {
		c.ID = s.newID()
	}
	c.Version, c.CreatedAt, c.UpdatedAt = 0, now, now
	if err := c.Validate(); err != nil {
		return CatalogItem{}, wushe.WithOp(op, err)
	}
	if err := s.store.CreateCatalogItem(ctx, c); err != nil {
		return CatalogItem{}, wushe.Wrap(op, err)
	}
	c.Version = 1
	return c, nil
}

// Redeem spends the volunteer's points on quantity of a catalogue item, atomically with
// the stock: KindInsufficient when the balance or the stock is short. key is the
// idempotency key: a retry with the same key and content returns the first posting.
func (s *Service) Redeem(ctx context.Context, volunteerID, itemID uuid.UUID, quantity int, key string) (Transaction, error) {
	const op = "volunteer.Service.Redeem"
	v, err := s.store.GetVolunteer(ctx, volunteerID)
	if err != nil {
		return Transaction{}, wushe.Wrap(op, err)
	}
	if v.Status != StatusActive {
		return Transaction{}, &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "Volunteer", ID: v.ID.String(), Field: "Status", Msg: "is not active"}
	}
	acct, err := s.accountOf(op, v)
	if err != nil {
		return Transaction{}, err
	}
	return s.redeem(ctx, op, acct, itemID, quantity, key)
}

// redeem spends acct's points on quantity of a catalogue item (Redeem and
// RedeemForResident).
func (s *Service) redeem(ctx context.Context, op string, acct Account, itemID uuid.UUID, quantity int, key string) (Transaction, error) {
	now := s.now()
	if err := requireKey(op, key); err != nil {
		return Transaction{}, err
	}
	if quantity < 1 {
		return Transaction{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Redemption", Field: "Quantity", Msg: "is less than 1"}
	}
	item, err := s.store.GetCatalogItem(ctx, itemID)
	if err != nil {
		return Transaction{}, wushe.Wrap(op, err)
	}
	if !item.Active || item.CashEquivalent {
		return Transaction{}, &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "CatalogItem", ID: itemID.String(), Field: "Active",
			Msg: "the item cannot be redeemed"}
	}
	total := item.Cost.Mul(decimal.NewFromInt(int64(quantity)))
	tx := Transaction{ID: s.newID(), Key: key, Kind: KindRedeem, PostedAt: now, CreatedAt: now, Memo: "redeem " + item.Name,
		Redemption: &Redemption{ItemID: itemID, Quantity: quantity},
		Entries:    []Entry{{Account: acct, Amount: total.Neg()}, {Account: AccountRedemptions, Amount: total}}}
	out, err := s.post(ctx, tx)
	if err != nil {
		return Transaction{}, wushe.Wrap(op, err)
	}
	return out, nil
}

// Transfer gives amount points from one volunteer to a family member, where the profile
// allows transfers (KindForbidden otherwise). The relation is kept in the memo; the
// receiver's storage cap applies (KindConflict when it would be exceeded).
func (s *Service) Transfer(ctx context.Context, from, to uuid.UUID, amount decimal.Decimal, rel Relation, key string) (Transaction, error) {
	const op = "volunteer.Service.Transfer"
	now := s.now()
	if err := wushe.CheckDecimal("Transaction", "Amount", amount); err != nil {
		return Transaction{}, wushe.WithOp(op, err)
	}
	if !s.profile.TransfersAllowed {
		return Transaction{}, &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "Transaction", Field: "Kind",
			Msg: "the " + s.profile.Name + " profile does not allow transfers"}
	}
	if err := requireKey(op, key); err != nil {
		return Transaction{}, err
	}
	p := wushe.Check("Transfer")
	p.Require(amount.IsPositive(), "Amount", "is not positive")
	requireOneOf(p, "Relation", rel, relations)
	p.Require(from != to, "To", "is the sender")
	if err := p.Err(); err != nil {
		return Transaction{}, wushe.WithOp(op, err)
	}
	accts := make([]Account, 2)
	var err error
	for i, id := range []uuid.UUID{from, to} {
		if accts[i], err = s.accountFor(ctx, op, id); err != nil {
			return Transaction{}, err
		}
	}
	if accts[0] == accts[1] {
		return Transaction{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Transfer", Field: "To",
			Msg: "is the same resident's account as the sender's"}
	}
	tx := Transaction{ID: s.newID(), Key: key, Kind: KindTransfer, PostedAt: now, CreatedAt: now, Memo: "transfer to " + string(rel),
		Entries: []Entry{{Account: accts[0], Amount: amount.Neg()}, {Account: accts[1], Amount: amount}}}
	if c := s.rules.StorageCap; c.IsPositive() {
		tx.Ceilings = []Ceiling{{Account: accts[1], Max: c}}
	}
	out, err := s.post(ctx, tx)
	if err != nil {
		return Transaction{}, wushe.Wrap(op, err)
	}
	return out, nil
}

// Adjust posts a manual correction of amount (positive credits, negative debits) to the
// volunteer's account, by an admin only; the balance never goes negative.
func (s *Service) Adjust(ctx context.Context, by Actor, volunteerID uuid.UUID, amount decimal.Decimal, memo, key string) (Transaction, error) {
	const op = "volunteer.Service.Adjust"
	now := s.now()
	if err := wushe.CheckDecimal("Transaction", "Amount", amount); err != nil {
		return Transaction{}, wushe.WithOp(op, err)
	}
	if by.Kind != ActorAdmin {
		return Transaction{}, &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "Transaction", Field: "By", Msg: "only an admin may adjust"}
	}
	if err := requireKey(op, key); err != nil {
		return Transaction{}, err
	}
	if amount.IsZero() || strings.TrimSpace(memo) == "" {
		return Transaction{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Transaction", Field: "Amount", Msg: "needs a non-zero amount and a memo"}
	}
	acct, err := s.accountFor(ctx, op, volunteerID)
	if err != nil {
		return Transaction{}, err
	}
	tx := Transaction{ID: s.newID(), Key: key, Kind: KindAdjust, PostedAt: now, CreatedAt: now, Memo: memo,
		Entries: []Entry{{Account: AccountAdjustments, Amount: amount.Neg()}, {Account: acct, Amount: amount}}}
	out, err := s.post(ctx, tx)
	if err != nil {
		return Transaction{}, wushe.Wrap(op, err)
	}
	return out, nil
}

// ExpirePoints applies the expiry policy to the volunteer's account: points credited more
// than Expiry.AfterDays ago that spending (oldest first) has not used are removed. It
// returns the posting, or nil when nothing expires or the policy is off. Its key is
// "expire/<account>/<cutoff>", so a retry at the same instant posts once.
func (s *Service) ExpirePoints(ctx context.Context, volunteerID uuid.UUID) (*Transaction, error) {
	const op = "volunteer.Service.ExpirePoints"
	if s.rules.Expiry.AfterDays <= 0 {
		return nil, nil
	}
	acct, err := s.accountFor(ctx, op, volunteerID)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		now := s.now()
		cutoff := now.AddDate(0, 0, -s.rules.Expiry.AfterDays)
		txs, err := s.accountTransactions(ctx, acct, "")
		if err != nil {
			return nil, wushe.Wrap(op, err)
		}
		amt := ExpiredAmount(txs, acct, cutoff)
		if !amt.IsPositive() {
			return nil, nil
		}
		tx := Transaction{ID: s.newID(), Key: "expire/" + string(acct) + "/" + cutoff.UTC().Format(time.RFC3339Nano), Kind: KindExpire,
			PostedAt: now, CreatedAt: now, Memo: fmt.Sprintf("points older than %d days", s.rules.Expiry.AfterDays),
			Entries: []Entry{{Account: acct, Amount: amt.Neg()}, {Account: AccountExpired, Amount: amt}}}
		out, err := s.post(ctx, tx)
		if err != nil && attempt < postRetries && retryable(err) {
			continue
		}
		if err != nil {
			return nil, wushe.Wrap(op, err)
		}
		return &out, nil
	}
}

// ExpiredAmount is what an expiry at cutoff removes from account: the credits posted at
// or before cutoff minus every debit ever posted (debits use the oldest points first),
// and never less than zero.
func ExpiredAmount(txs []Transaction, account Account, cutoff time.Time) decimal.Decimal {
	old, debits := decimal.Zero, decimal.Zero
	for _, t := range txs {
		d := t.Delta(account)
		switch {
		case d.IsNegative():
			debits = debits.Add(d.Neg())
		case !t.PostedAt.After(cutoff):
			old = old.Add(d)
		}
	}
	return decimal.Max(old.Sub(debits), decimal.Zero)
}

// Balance returns the volunteer's points as of asOf.
func (s *Service) Balance(ctx context.Context, volunteerID uuid.UUID, asOf time.Time) (decimal.Decimal, error) {
	const op = "volunteer.Service.Balance"
	acct, err := s.accountFor(ctx, op, volunteerID)
	if err != nil {
		return decimal.Zero, err
	}
	b, err := s.store.LedgerBalance(ctx, acct, asOf)
	return b, wushe.Wrap(op, err)
}

// Statement returns every transaction on the volunteer's account, ordered by ID.
func (s *Service) Statement(ctx context.Context, volunteerID uuid.UUID) ([]Transaction, error) {
	const op = "volunteer.Service.Statement"
	acct, err := s.accountFor(ctx, op, volunteerID)
	if err != nil {
		return nil, err
	}
	txs, err := s.accountTransactions(ctx, acct, "")
	return txs, wushe.Wrap(op, err)
}

// accountOf is the points account of a volunteer: the resident's account when the
// volunteer has a ResidentRef (one balance per person), otherwise VolunteerAccount.
func (s *Service) accountOf(op string, v Volunteer) (Account, error) {
	if v.ResidentRef.IsZero() {
		return VolunteerAccount(v.ID), nil
	}
	return s.residentAccount(op, v.ResidentRef)
}

// accountFor reads the volunteer and returns their points account (accountOf).
func (s *Service) accountFor(ctx context.Context, op string, volunteerID uuid.UUID) (Account, error) {
	v, err := s.store.GetVolunteer(ctx, volunteerID)
	if err != nil {
		return "", wushe.Wrap(op, err)
	}
	return s.accountOf(op, v)
}

// post validates tx and hands it to the Store.
func (s *Service) post(ctx context.Context, tx Transaction) (Transaction, error) {
	if err := tx.Validate(); err != nil {
		return Transaction{}, err
	}
	return s.store.PostTransaction(ctx, tx)
}
