package wushe

import (
	"crypto/sha1"
	"encoding/binary"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Clock tells the time. Services read time only through a Clock, so that tests and examples
// are deterministic. SystemClock is the real one; ManualClock is for tests and examples.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock: Now returns time.Now().
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// ManualClock is a Clock that moves only when told to. It is safe for concurrent use.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a clock that reads t until it is Set or Advanced.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t} }

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t (backwards too).
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// Advance moves the clock forward by d and returns the new time.
func (c *ManualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// IDSource makes new entity IDs. Services take one as an option; the default is NewID
// (time-ordered UUID version 7).
type IDSource func() uuid.UUID

// SequentialIDs returns an IDSource that yields the same sequence of UUIDs for the same
// seed, in ascending order: the first 6 bytes are a counter starting at 1 and the rest come
// from a SHA-1 hash of the seed, with the version (8, custom) and RFC 4122 variant bits set.
// Examples and tests use it so that their output does not change from run to run and lists
// come back in creation order. It is safe for concurrent use; the order in which concurrent
// callers receive IDs is not defined.
func SequentialIDs(seed string) IDSource {
	var mu sync.Mutex
	var n uint64
	sum := sha1.Sum([]byte(seed))
	return func() uuid.UUID {
		mu.Lock()
		n++
		i := n
		mu.Unlock()
		var id uuid.UUID
		var buf [8]byte
		binary.BigEndian.PutUint64(buf[:], i)
		copy(id[:6], buf[2:])
		copy(id[6:], sum[:10])
		id[6] = (id[6] & 0x0f) | 0x80 // version 8: custom
		id[8] = (id[8] & 0x3f) | 0x80 // RFC 4122 variant
		return id
	}
}
