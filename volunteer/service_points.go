package volunteer

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// ---- residents' points ----

// ResidentAccount returns the points account of the resident with the pseudonymous
// reference ref: "resident/" and 32 hex digits of the reference's keyed index under
// Options.ResidentKey. Errors: no ResidentKey (KindInvalid, naming Options.ResidentKey), a
// reference that is empty or not of class reference (KindInvalid).
func (s *Service) ResidentAccount(ref wushe.Sensitive) (Account, error) {
	const op = "volunteer.Service.ResidentAccount"
	return s.residentAccount(op, ref)
}

func (s *Service) residentAccount(op string, ref wushe.Sensitive) (Account, error) {
	if s.resident == nil {
		return "", &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Options", Field: "ResidentKey",
			Msg: "residents' points need a ResidentKey in the Service's Options"}
	}
	if err := checkResidentRef(ref); err != nil {
		return "", wushe.WithOp(op, err)
	}
	clear, err := ref.Reveal(wushe.Entitlement{Actor: "volunteer.Service", Purpose: "resident points account", Classes: []wushe.Class{wushe.ClassReference}})
	if err != nil {
		return "", wushe.Wrap(op, err)
	}
	return residentAccount(wushe.KeyedIndex(s.resident, wushe.ClassReference, clear)), nil
}

// EarnForAct posts the points a resident earns for an act under LedgerRules.Acts: the
// rule's Points, cut by its daily and monthly caps for that kind of act (the part cut is
// reported as Excess). by must be allowed by the rule's ConfirmedBy. One act earns once:
// the idempotency key is "act/<kind>/<ref>/<account>", so a retry, or the same attendance
// reported twice, returns the first posting and writes nothing. The caps hold under
// concurrent postings (the Store checks them on tally accounts atomically).
//
// Errors: an invalid act (KindInvalid, naming the field), a kind without a rule
// (KindInvalid on LedgerRules.Acts), by not allowed (KindForbidden), no ResidentKey.
func (s *Service) EarnForAct(ctx context.Context, by Actor, act Act) (Award, error) {
	const op = "volunteer.Service.EarnForAct"
	if err := wushe.WithOp(op, act.Validate()); err != nil {
		return Award{}, err
	}
	rule, ok := s.rules.Acts[act.Kind]
	if !ok {
		return Award{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "LedgerRules", Field: "Acts",
			Msg: fmt.Sprintf("no rule for act kind %q: acts of this kind earn nothing here", act.Kind)}
	}
	if !rule.allows(by) {
		return Award{}, &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "Act", Field: "Kind",
			Msg: fmt.Sprintf("%s may not confirm a %s act", by, act.Kind)}
	}
	acct, err := s.residentAccount(op, act.Resident)
	if err != nil {
		return Award{}, err
	}
	key := "act/" + string(act.Kind) + "/" + act.Ref + "/" + string(acct)
	for attempt := 0; ; attempt++ {
		if prior, ok, err := s.postedWithKey(ctx, key); err != nil || ok {
			return Award{Transaction: prior}, wushe.Wrap(op, err)
		}
		at := act.At.In(s.loc)
		day := actTally(acct, act.Kind, at.Format(time.DateOnly))
		month := actTally(acct, act.Kind, at.Format("2006-01"))
		due, excess := rule.Points, decimal.Zero
		var ceilings []Ceiling
		for _, c := range []struct {
			tally Account
			max   decimal.Decimal
		}{{day, rule.DailyCap}, {month, rule.MonthlyCap}} {
			if !c.max.IsPositive() {
				continue
			}
			so, err := s.store.LedgerBalance(ctx, c.tally, farFuture)
			if err != nil {
				return Award{}, wushe.Wrap(op, err)
			}
			if room := decimal.Max(c.max.Sub(so), decimal.Zero); due.GreaterThan(room) {
				excess, due = excess.Add(due.Sub(room)), room
			}
			ceilings = append(ceilings, Ceiling{Account: c.tally, Max: c.max})
		}
		if due.IsZero() {
			return Award{Excess: excess}, nil
		}
		now := s.now()
		tx := Transaction{ID: s.newID(), Key: key, Kind: KindEarn, Act: act.Kind, PostedAt: act.At, CreatedAt: now,
			Memo: "points for " + string(act.Kind) + " " + act.Ref, Ceilings: ceilings,
			Entries: []Entry{{Account: AccountIssuance, Amount: due.Neg()}, {Account: acct, Amount: due},
				{Account: AccountDailyOffset, Amount: due.Neg().Mul(decimal.NewFromInt(2))}, {Account: day, Amount: due}, {Account: month, Amount: due}}}
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

// postedWithKey returns the transaction stored under key, if any.
func (s *Service) postedWithKey(ctx context.Context, key string) (*Transaction, bool, error) {
	page, err := s.store.ListTransactions(ctx, TransactionFilter{Key: key})
	if err != nil || len(page.Items) == 0 {
		return nil, false, err
	}
	return &page.Items[0], true, nil
}

// ResidentBalance is the resident's points balance as of asOf.
func (s *Service) ResidentBalance(ctx context.Context, ref wushe.Sensitive, asOf time.Time) (decimal.Decimal, error) {
	const op = "volunteer.Service.ResidentBalance"
	acct, err := s.residentAccount(op, ref)
	if err != nil {
		return decimal.Zero, err
	}
	b, err := s.store.LedgerBalance(ctx, acct, asOf)
	return b, wushe.Wrap(op, err)
}

// RedeemForResident spends the resident's points on quantity of a catalogue item in the
// points supermarket, under the ledger's guarantees: never below zero, the item's stock
// never below zero, and idempotent on key (a retry returns the first posting). Errors: an
// inactive or cash-equivalent item (KindForbidden), too few points or too little stock
// (KindInsufficient), a key used for something else (KindConflict).
func (s *Service) RedeemForResident(ctx context.Context, ref wushe.Sensitive, itemID uuid.UUID, quantity int, key string) (Transaction, error) {
	const op = "volunteer.Service.RedeemForResident"
	acct, err := s.residentAccount(op, ref)
	if err != nil {
		return Transaction{}, err
	}
	return s.redeem(ctx, op, acct, itemID, quantity, key)
}

// PointsFigures counts, for the postings dated in period, the accounts that earned
// (residents and volunteers), the points earned (by act kind) and the points redeemed.
func (s *Service) PointsFigures(ctx context.Context, period wushe.Window) (PointsFigures, error) {
	const op = "volunteer.Service.PointsFigures"
	if err := wushe.WithOp(op, period.Validate()); err != nil {
		return PointsFigures{}, err
	}
	txs, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Transaction], error) {
		return s.store.ListTransactions(ctx, TransactionFilter{From: period.Start, To: period.End, Page: r})
	})
	if err != nil {
		return PointsFigures{}, wushe.Wrap(op, err)
	}
	f := PointsFigures{Earned: decimal.Zero, Redeemed: decimal.Zero, EarnedByAct: map[ActKind]decimal.Decimal{}}
	earners := map[Account]bool{}
	for _, t := range txs {
		for _, e := range t.Entries {
			if !e.Account.Guarded() {
				continue
			}
			switch {
			case t.Kind == KindEarn || (t.Kind == KindAdjust && t.RecordID != uuid.Nil):
				act := t.Act
				if act == "" {
					act = ActVolunteerService
				}
				f.Earned = f.Earned.Add(e.Amount)
				f.EarnedByAct[act] = f.EarnedByAct[act].Add(e.Amount)
				if e.Amount.IsPositive() {
					earners[e.Account] = true
				}
			case t.Kind == KindRedeem:
				f.Redeemed = f.Redeemed.Sub(e.Amount)
			}
		}
	}
	f.ResidentsEarning = len(earners)
	return f, nil
}
