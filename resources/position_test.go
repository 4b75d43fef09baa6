package resources_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
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

func TestLotRecord(t *testing.T) {
	d := decimal.RequireFromString
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	lot := resources.Lot{ID: uuid.New(), Received: decimal.Zero, OnHand: decimal.Zero, Reserved: decimal.Zero,
		Delivered: decimal.Zero, Disposed: decimal.Zero, LastMoved: t0}
	mv := func(kind resources.MovementKind, q string, at time.Time) resources.Movement {
		return resources.Movement{ID: uuid.New(), LotID: lot.ID, Kind: kind, Quantity: d(q), At: at, Actor: "t"}
	}
	// The first movement keeps its date, even one before the lot's LastMoved.
	m, err := lot.Record(mv(resources.MoveReceive, "3", t0.Add(-time.Hour)))
	require.NoError(t, err)
	assert.Equal(t, int64(1), m.Seq)
	assert.Equal(t, t0.Add(-time.Hour), m.At)
	assert.Equal(t, int64(1), lot.LastSeq)
	assert.Equal(t, t0, lot.LastMoved)
	// A later one dated at or before LastMoved is logged one nanosecond after it.
	for i, at := range []time.Time{t0.Add(-2 * time.Hour), t0.Add(time.Nanosecond)} {
		m, err = lot.Record(mv(resources.MoveReserve, "1", at))
		require.NoError(t, err)
		assert.Equal(t, int64(2+i), m.Seq)
		assert.Equal(t, t0.Add(time.Duration(i+1)*time.Nanosecond), m.At)
		assert.Equal(t, m.At, lot.LastMoved)
	}
	// One dated later keeps its date.
	m, err = lot.Record(mv(resources.MoveRelease, "1", t0.Add(time.Hour)))
	require.NoError(t, err)
	assert.Equal(t, int64(4), m.Seq)
	assert.Equal(t, t0.Add(time.Hour), m.At)
	// A movement that does not fit changes nothing.
	before := lot
	_, err = lot.Record(mv(resources.MoveReserve, "5", t0.Add(2*time.Hour)))
	require.ErrorIs(t, err, wushe.ErrInsufficient)
	assert.Equal(t, before, lot)
	assert.True(t, lot.OnHand.Equal(d("2")) && lot.Reserved.Equal(d("1")), "%v", lot.Position())
}

func TestReplayFollowsSeq(t *testing.T) {
	d := decimal.RequireFromString
	at := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	lot := uuid.New()
	low, high := uuid.MustParse("00000000-0000-7000-8000-000000000001"), uuid.MustParse("ffffffff-0000-7000-8000-000000000001")
	recv := resources.Movement{ID: high, LotID: lot, Kind: resources.MoveReceive, Quantity: d("2"), At: at, Seq: 1, Actor: "t"}
	res := resources.Movement{ID: low, LotID: lot, Kind: resources.MoveReserve, Quantity: d("2"), At: at, Seq: 2, Actor: "t",
		AllocationID: uuid.New(), RequestID: uuid.New()}
	// At one instant, Seq decides before ID: the receipt comes first.
	ps, err := resources.Replay([]resources.Movement{res, recv}, at)
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.True(t, ps[0].Reserved.Equal(d("2")), "%v", ps[0])
	// A log whose times disagree with its numbers is refused, naming the movement.
	res.At = at.Add(-time.Second)
	_, err = resources.Replay([]resources.Movement{res, recv}, at)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	var we *wushe.Error
	require.ErrorAs(t, err, &we)
	assert.Equal(t, "Seq", we.Field)
	assert.Equal(t, recv.ID.String(), we.ID)
	// Movements without a Seq (not from a Store) replay by time, then ID.
	res.Seq, recv.Seq, res.At = 0, 0, at.Add(time.Second)
	ps, err = resources.Replay([]resources.Movement{res, recv}, at.Add(time.Second))
	require.NoError(t, err)
	assert.True(t, ps[0].Reserved.Equal(d("2")))
}

// Property: whatever times the movements carry, a log written through Record replays as
// of each movement's instant to exactly the lot as Record left it after that movement.
func TestRecordThenReplayProperty(t *testing.T) {
	d := decimal.NewFromInt
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 13))
		lot := resources.Lot{ID: uuid.New(), Received: decimal.Zero, OnHand: decimal.Zero, Reserved: decimal.Zero,
			Delivered: decimal.Zero, Disposed: decimal.Zero, LastMoved: t0}
		var log []resources.Movement
		var after []resources.Position
		kinds := []resources.MovementKind{resources.MoveReceive, resources.MoveReserve, resources.MoveRelease, resources.MoveDeliver, resources.MoveDispose}
		for range 40 {
			m := resources.Movement{ID: uuid.New(), LotID: lot.ID, Kind: kinds[rng.IntN(len(kinds))], Quantity: d(int64(1 + rng.IntN(3))),
				At: t0.Add(time.Duration(rng.IntN(120)-60) * time.Second), Actor: "t", Reason: resources.DisposeDamaged}
			logged, err := lot.Record(m)
			if err != nil {
				continue
			}
			log = append(log, logged)
			after = append(after, lot.Position())
		}
		rng.Shuffle(len(log), func(i, j int) { log[i], log[j] = log[j], log[i] })
		slices.SortFunc(log, func(a, b resources.Movement) int { return int(a.Seq - b.Seq) })
		for i, m := range log {
			ps, err := resources.Replay(log, m.At)
			require.NoError(t, err, "seed %d", seed)
			require.Len(t, ps, 1)
			require.True(t, ps[0].Equal(after[i]), "seed %d movement %d: replayed %v, recorded %v", seed, m.Seq, ps[0], after[i])
		}
	}
}
