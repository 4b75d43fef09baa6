package resources_test

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

func TestKeepStock(t *testing.T) {
	d := decimal.RequireFromString
	lot := resources.Lot{ID: uuid.New(), Category: "rice", Received: d("10"), OnHand: d("6"), Reserved: d("2"), Delivered: d("4")}

	l := lot
	require.NoError(t, resources.KeepStock("op", func(l *resources.Lot) error { l.Category = "flour"; l.OnHand = d("6.00"); return nil })(&l),
		"descriptive changes pass, and so does the same quantity at another scale")
	require.Equal(t, "flour", l.Category)

	for name, change := range map[string]func(*resources.Lot){
		"OnHand":    func(l *resources.Lot) { l.OnHand = d("7") },
		"Reserved":  func(l *resources.Lot) { l.Reserved = d("1") },
		"Delivered": func(l *resources.Lot) { l.Delivered = d("5") },
		"Received":  func(l *resources.Lot) { l.Received = d("11") },
	} {
		l := lot
		err := resources.KeepStock("memstore.Store.UpdateLot", func(l *resources.Lot) error { change(l); return nil })(&l)
		require.ErrorIs(t, err, wushe.ErrInvalid, name)
		var e *wushe.Error
		require.True(t, errors.As(err, &e))
		require.Equal(t, "memstore.Store.UpdateLot", e.Op)
		require.Equal(t, lot.ID.String(), e.ID)
	}
	boom := errors.New("boom")
	l = lot
	require.Same(t, boom, resources.KeepStock("op", func(*resources.Lot) error { return boom })(&l), "fn's own error passes as it is")
}

func TestKeepAllocated(t *testing.T) {
	d := decimal.RequireFromString
	req := resources.Request{ID: uuid.New(), Category: "rice", Quantity: d("5"), Reserved: d("2"), Delivered: d("1")}

	r := req
	require.NoError(t, resources.KeepAllocated("op", func(r *resources.Request) error { r.Quantity = d("8"); r.Reserved = d("2.0"); return nil })(&r))
	require.True(t, r.Quantity.Equal(d("8")))
	for name, change := range map[string]func(*resources.Request){
		"Reserved":  func(r *resources.Request) { r.Reserved = d("3") },
		"Delivered": func(r *resources.Request) { r.Delivered = d("0") },
	} {
		r := req
		err := resources.KeepAllocated("op", func(r *resources.Request) error { change(r); return nil })(&r)
		require.ErrorIs(t, err, wushe.ErrInvalid, name)
		var e *wushe.Error
		require.True(t, errors.As(err, &e))
		require.Equal(t, "Reserved", e.Field)
		require.Equal(t, req.ID.String(), e.ID)
	}
	boom := errors.New("boom")
	r = req
	require.Same(t, boom, resources.KeepAllocated("op", func(*resources.Request) error { return boom })(&r))
}
