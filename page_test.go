package wushe_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestPageRequestNormalize(t *testing.T) {
	r, err := wushe.PageRequest{}.Normalize()
	require.NoError(t, err)
	assert.Equal(t, wushe.DefaultPageLimit, r.Limit)
	r, err = wushe.PageRequest{Limit: wushe.MaxPageLimit}.Normalize()
	require.NoError(t, err)
	assert.Equal(t, wushe.MaxPageLimit, r.Limit)
	for _, l := range []int{-1, wushe.MaxPageLimit + 1} {
		_, err := wushe.PageRequest{Limit: l}.Normalize()
		require.ErrorIs(t, err, wushe.ErrInvalid)
		assert.Equal(t, "Limit", wushe.FieldErrors(err)[0].Field)
	}
}

type row struct {
	ID uuid.UUID
	N  int
}

func TestPaginateWalksEverything(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := range 200 {
		n := r.IntN(30)
		items := make([]row, n)
		for i := range items {
			items[i] = row{ID: uuid.New(), N: i}
		}
		limit := 1 + r.IntN(7)
		var got []row
		req := wushe.PageRequest{Limit: limit}
		for pages := 0; ; pages++ {
			require.Less(t, pages, n+2, "trial %d loops", trial)
			p, err := wushe.Paginate(items, func(x row) uuid.UUID { return x.ID }, req)
			require.NoError(t, err)
			require.LessOrEqual(t, len(p.Items), limit)
			got = append(got, p.Items...)
			if p.Next == uuid.Nil {
				break
			}
			require.Len(t, p.Items, limit)
			req.After = p.Next
		}
		require.Len(t, got, n)
		for i := 1; i < len(got); i++ {
			require.Equal(t, -1, wushe.CompareIDs(got[i-1].ID, got[i].ID))
		}
	}
}

func TestPaginateEdges(t *testing.T) {
	id := func(x row) uuid.UUID { return x.ID }
	p, err := wushe.Paginate(nil, id, wushe.PageRequest{})
	require.NoError(t, err)
	assert.NotNil(t, p.Items)
	assert.Empty(t, p.Items)
	_, err = wushe.Paginate(nil, id, wushe.PageRequest{Limit: -3})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	// A cursor that is not in the list still pages from the right place.
	items := []row{{ID: uuid.MustParse("00000000-0000-0000-0000-000000000001")}, {ID: uuid.MustParse("00000000-0000-0000-0000-000000000003")}}
	p, err = wushe.Paginate(items, id, wushe.PageRequest{After: uuid.MustParse("00000000-0000-0000-0000-000000000002")})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, items[1].ID, p.Items[0].ID)
	// The caller's slice is not reordered.
	rev := []row{items[1], items[0]}
	_, err = wushe.Paginate(rev, id, wushe.PageRequest{})
	require.NoError(t, err)
	assert.Equal(t, items[1].ID, rev[0].ID)
}

func FuzzPageRequestNormalize(f *testing.F) {
	f.Add(0)
	f.Add(-1)
	f.Add(5000)
	f.Fuzz(func(t *testing.T, limit int) {
		r, err := wushe.PageRequest{Limit: limit}.Normalize()
		if limit < 0 || limit > wushe.MaxPageLimit {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			return
		}
		require.NoError(t, err)
		require.True(t, r.Limit >= 1 && r.Limit <= wushe.MaxPageLimit)
	})
}

func TestCollect(t *testing.T) {
	ids := make([]uuid.UUID, 2*wushe.MaxPageLimit+7)
	for i := range ids {
		ids[i] = uuid.New()
	}
	var calls int
	got, err := wushe.Collect(func(req wushe.PageRequest) (wushe.Page[uuid.UUID], error) {
		calls++
		return wushe.Paginate(ids, func(id uuid.UUID) uuid.UUID { return id }, req)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := slices.SortedFunc(slices.Values(ids), wushe.CompareIDs)
	if !slices.Equal(got, want) || calls != 3 {
		t.Fatalf("collected %d of %d items in %d calls, want all in 3", len(got), len(ids), calls)
	}
	boom := errors.New("boom")
	_, err = wushe.Collect(func(req wushe.PageRequest) (wushe.Page[int], error) {
		if req.After != uuid.Nil {
			return wushe.Page[int]{}, boom
		}
		return wushe.Page[int]{Items: []int{1}, Next: uuid.New()}, nil
	})
	if err != boom {
		t.Fatalf("the list's error: got %v", err)
	}
}
