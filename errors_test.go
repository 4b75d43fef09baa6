package wushe_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestKindsAreTheirOwnSentinels(t *testing.T) {
	sentinels := map[wushe.Kind]error{
		wushe.KindNotFound:      wushe.ErrNotFound,
		wushe.KindAlreadyExists: wushe.ErrAlreadyExists,
		wushe.KindConflict:      wushe.ErrConflict,
		wushe.KindInvalid:       wushe.ErrInvalid,
		wushe.KindForbidden:     wushe.ErrForbidden,
		wushe.KindInsufficient:  wushe.ErrInsufficient,
		wushe.KindUnavailable:   wushe.ErrUnavailable,
	}
	require.Len(t, wushe.Kinds(), len(sentinels))
	for _, k := range wushe.Kinds() {
		require.True(t, k.Valid(), k)
		err := &wushe.Error{Op: "pkg.Op", Kind: k, Msg: "m"}
		for k2, s := range sentinels {
			assert.Equal(t, k == k2, errors.Is(err, s), "%s is %s", k, k2)
		}
		assert.Equal(t, k, wushe.KindOf(err))
		assert.Equal(t, k, wushe.KindOf(fmt.Errorf("wrapped: %w", err)))
	}
	assert.False(t, wushe.KindUnknown.Valid())
	assert.False(t, wushe.Kind("bogus").Valid())
	assert.Equal(t, "not_found", wushe.ErrNotFound.Error())
	assert.Equal(t, "already_exists", wushe.KindAlreadyExists.Error())
}

func TestErrorUnwrapYieldsCauseAndKind(t *testing.T) {
	cause := errors.New("disk on fire")
	err := &wushe.Error{Op: "memstore.GetCase", Kind: wushe.KindUnavailable, Entity: "Case", ID: "42", Err: cause}
	require.ErrorIs(t, err, cause)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	require.NotErrorIs(t, err, wushe.ErrNotFound)
	var werr *wushe.Error
	require.ErrorAs(t, fmt.Errorf("outer: %w", err), &werr)
	assert.Equal(t, "Case", werr.Entity)
	assert.Equal(t, "memstore.GetCase: Case 42: unavailable: disk on fire", err.Error())
}

func TestErrorText(t *testing.T) {
	cases := []struct {
		err  *wushe.Error
		want string
	}{
		{&wushe.Error{Op: "op", Kind: wushe.KindInvalid, Entity: "Need", Field: "Urgency", Msg: "is unknown"},
			"op: Need: Urgency: is unknown: invalid"},
		{&wushe.Error{Kind: wushe.KindNotFound, ID: "7"}, "7: not_found"},
		{&wushe.Error{Op: "op", Err: wushe.ErrConflict}, "op: conflict"},
		{&wushe.Error{Op: "op", Kind: wushe.KindConflict, Err: &wushe.Error{Kind: wushe.KindConflict, Msg: "stale"}}, "op: stale: conflict"},
		{&wushe.Error{}, ""},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.err.Error())
	}
}

func TestKindOf(t *testing.T) {
	assert.Equal(t, wushe.Kind(""), wushe.KindOf(nil))
	assert.Equal(t, wushe.KindUnknown, wushe.KindOf(errors.New("plain")))
	assert.Equal(t, wushe.KindUnavailable, wushe.KindOf(context.Canceled))
	assert.Equal(t, wushe.KindUnavailable, wushe.KindOf(fmt.Errorf("x: %w", context.DeadlineExceeded)))
	assert.Equal(t, wushe.KindNotFound, wushe.KindOf(fmt.Errorf("x: %w", wushe.ErrNotFound)))
	assert.Equal(t, wushe.KindUnknown, wushe.KindOf(wushe.Kind("bogus")))
	// A *Error without a kind takes its cause's.
	assert.Equal(t, wushe.KindForbidden, wushe.KindOf(&wushe.Error{Op: "op", Err: wushe.ErrForbidden}))
	// The outermost kind wins.
	inner := &wushe.Error{Kind: wushe.KindNotFound}
	assert.Equal(t, wushe.KindConflict, wushe.KindOf(&wushe.Error{Kind: wushe.KindConflict, Err: inner}))
	// Joined errors: the first with a kind.
	assert.Equal(t, wushe.KindInvalid, wushe.KindOf(errors.Join(errors.New("a"), wushe.Invalid("E", "F", "bad"))))
}

func TestWrapAndE(t *testing.T) {
	require.NoError(t, wushe.Wrap("op", nil))
	err := wushe.Wrap("linkage.Service.OpenCase", wushe.E("memstore.GetCase", wushe.KindNotFound, "Case", "9", "no such case %d", 9))
	require.ErrorIs(t, err, wushe.ErrNotFound)
	assert.Equal(t, "linkage.Service.OpenCase: memstore.GetCase: Case 9: no such case 9: not_found", err.Error())
	plain := wushe.Wrap("op", errors.New("boom"))
	assert.Equal(t, wushe.KindUnknown, wushe.KindOf(plain))
	assert.Equal(t, "op: boom", plain.Error())
}

func TestProblemsCollectsEveryField(t *testing.T) {
	p := wushe.Check("Community")
	assert.True(t, p.Require(true, "Name", "is required"))
	assert.False(t, p.Require(false, "Name", "is required"))
	p.Addf("Households", "is %d, want >= 0", -1)
	p.Nested("Areas[0]", wushe.Check("Area").Err())
	inner := wushe.Check("Area")
	inner.Addf("Name", "is required")
	inner.Addf("Parent", "is unknown")
	p.Nested(wushe.Index("Areas", 1), inner.Err())
	p.Nested("Location", errors.New("no field here"))
	p.Add(nil)
	p.Add(wushe.E("op", wushe.KindConflict, "Community", "", "clash"))
	require.Equal(t, 6, p.Len())
	err := wushe.WithOp("linkage.Service.RegisterCommunity", p.Err())
	require.ErrorIs(t, err, wushe.ErrInvalid)
	require.ErrorIs(t, err, wushe.ErrConflict)
	fields := []string{}
	for _, fe := range wushe.FieldErrors(err) {
		fields = append(fields, fe.Field)
		assert.Equal(t, "Community", fe.Entity)
		assert.Equal(t, "linkage.Service.RegisterCommunity", fe.Op)
	}
	assert.Equal(t, []string{"Name", "Households", "Areas[1].Name", "Areas[1].Parent", "Location"}, fields)
	assert.Contains(t, err.Error(), "linkage.Service.RegisterCommunity: Community: Areas[1].Name: is required: invalid")

	require.NoError(t, wushe.Check("X").Err())
	one := wushe.Check("X")
	one.Addf("F", "bad")
	var werr *wushe.Error
	require.ErrorAs(t, one.Err(), &werr)
	assert.Equal(t, "F", werr.Field)
	assert.Nil(t, wushe.FieldErrors(nil))
	assert.NoError(t, wushe.WithOp("op", nil))
}

func TestNestedFieldPaths(t *testing.T) {
	inner := wushe.Check("Inner")
	inner.Addf("[2]", "bad element")
	inner.Addf("", "bad whole")
	p := wushe.Check("Outer")
	p.Nested("Items", inner.Err())
	p.Nested("", wushe.Invalid("Inner", "Name", "x"))
	var got []string
	for _, fe := range wushe.FieldErrors(p.Err()) {
		got = append(got, fe.Field)
	}
	// The empty-field error is not a field error until re-rooted, so it is kept whole.
	assert.Equal(t, []string{"Items[2]", "Items", "Name"}, got)
}

func TestWithOpKeepsExistingOps(t *testing.T) {
	inner := &wushe.Error{Op: "inner", Kind: wushe.KindInvalid}
	outer := &wushe.Error{Kind: wushe.KindInvalid, Err: fmt.Errorf("ctx: %w", &wushe.Error{Kind: wushe.KindInvalid})}
	err := wushe.WithOp("outer", errors.Join(inner, outer))
	require.Error(t, err)
	assert.Equal(t, "inner", inner.Op)
	assert.Equal(t, "outer", outer.Op)
	var deep *wushe.Error
	require.ErrorAs(t, outer.Err, &deep)
	assert.Equal(t, "outer", deep.Op)
}

func TestWalk(t *testing.T) {
	inner := errors.New("inner")
	tree := fmt.Errorf("top: %w", errors.Join(&wushe.Error{Op: "a", Err: inner}, wushe.ErrConflict))
	var seen []string
	wushe.Walk(tree, func(e error) bool {
		seen = append(seen, fmt.Sprintf("%T", e))
		return true
	})
	assert.Equal(t, []string{"*fmt.wrapError", "*errors.joinError", "*wushe.Error", "*errors.errorString", "wushe.Kind"}, seen)
	// Returning false stops the descent below that error only.
	seen = nil
	wushe.Walk(tree, func(e error) bool {
		seen = append(seen, fmt.Sprintf("%T", e))
		_, isErr := e.(*wushe.Error)
		return !isErr
	})
	assert.Equal(t, []string{"*fmt.wrapError", "*errors.joinError", "*wushe.Error", "wushe.Kind"}, seen)
	wushe.Walk(nil, func(error) bool { t.Fatal("visited nil"); return true })
}
