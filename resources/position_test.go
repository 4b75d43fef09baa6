package resources_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe/resources"
)

func TestPositionEqual(t *testing.T) {
	d := decimal.RequireFromString
	lot := uuid.New()
	p := resources.Position{LotID: lot, Received: d("10"), OnHand: d("5"), Reserved: d("3"), Delivered: d("2"), Disposed: d("0")}
	same := resources.Position{LotID: lot, Received: d("10.00"), OnHand: d("5.0"), Reserved: d("3"), Delivered: d("2.000"), Disposed: decimal.Zero}
	if !p.Equal(same) || !same.Equal(p) {
		t.Fatalf("%v and %v differ only in scale", p, same)
	}
	for name, change := range map[string]func(*resources.Position){
		"LotID":     func(q *resources.Position) { q.LotID = uuid.New() },
		"Received":  func(q *resources.Position) { q.Received = d("11") },
		"OnHand":    func(q *resources.Position) { q.OnHand = d("4.999") },
		"Reserved":  func(q *resources.Position) { q.Reserved = d("3.001") },
		"Delivered": func(q *resources.Position) { q.Delivered = d("1") },
		"Disposed":  func(q *resources.Position) { q.Disposed = d("0.5") },
	} {
		q := p
		change(&q)
		if p.Equal(q) || q.Equal(p) {
			t.Errorf("a different %s compares equal", name)
		}
	}
}

func TestRequestSameAllocated(t *testing.T) {
	d := decimal.RequireFromString
	r := resources.Request{ID: uuid.New(), Quantity: d("5"), Reserved: d("2"), Delivered: d("1")}
	o := r
	o.Reserved, o.Delivered = d("2.00"), d("1.0")
	o.Status, o.Quantity, o.Category = resources.RequestClosed, d("9"), "oil"
	if !r.SameAllocated(o) {
		t.Fatal("requests with the same Reserved and Delivered (other fields aside) differ")
	}
	o = r
	o.Reserved = d("3")
	if r.SameAllocated(o) {
		t.Fatal("a different Reserved compares equal")
	}
	o = r
	o.Delivered = d("0")
	if r.SameAllocated(o) {
		t.Fatal("a different Delivered compares equal")
	}
}
