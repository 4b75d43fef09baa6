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

// IDSource makes new entity IDs. Services take one as an option; the default is
// uuid.New (random version 4 UUIDs).
type IDSource func() uuid.UUID

// SequentialIDs returns an IDSource that yields the same sequence of UUIDs for the same
// seed: version-5-style name-based UUIDs of "seed/1", "seed/2", and so on. Examples and
// tests use it so that their output does not change from run to run. It is safe for
// concurrent use; the order in which concurrent callers receive IDs is not defined.
func SequentialIDs(seed string) IDSource {
	var mu sync.Mutex
	var n uint64
	return func() uuid.UUID {
		mu.Lock()
		n++
		i := n
		mu.Unlock()
		var buf [8]byte
		binary.BigEndian.PutUint64(buf[:], i)
		h := sha1.New()
		h.Write([]byte(seed))
		h.Write([]byte{'/'})
		h.Write(buf[:])
		var id uuid.UUID
		copy(id[:], h.Sum(nil))
		id[6] = (id[6] & 0x0f) | 0x50 // version 5
		id[8] = (id[8] & 0x3f) | 0x80 // RFC 4122 variant
		return id
	}
}
