package sqlstore

import (
	"sync"

	"github.com/google/uuid"
	"github.com/wushe/wushe/internal/clone"
)

// docCacheSize is how many decoded documents a Store keeps per table.
const docCacheSize = 8192

// docCache keeps the entities a Store decoded most recently, keyed by table and by the
// stored document itself, so that reading a hot entity again costs a deep copy instead of
// decoding its document. A document's bytes determine what it decodes to, so an entry can
// never be stale: a changed row has a different document, which misses. Each table keeps
// at most docCacheSize entries and forgets the oldest first. The zero value is ready to use
// and safe for concurrent use.
type docCache struct {
	mu     sync.Mutex
	tables map[string]*docRing
}

// docRing is one table's entries and their insertion order.
type docRing struct {
	byDoc map[string]any
	order []string
	next  int
}

// lookup returns the entity that doc of table decodes to, when it is cached.
func (c *docCache) lookup(table string, doc []byte) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.tables[table]
	if !ok {
		return nil, false
	}
	v, ok := r.byDoc[string(doc)]
	return v, ok
}

// keep remembers that doc of table decodes to v, forgetting the table's oldest entry when
// it is full. v must not be changed afterwards.
func (c *docCache) keep(table string, doc []byte, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tables == nil {
		c.tables = map[string]*docRing{}
	}
	r, ok := c.tables[table]
	if !ok {
		r = &docRing{byDoc: map[string]any{}}
		c.tables[table] = r
	}
	key := string(doc)
	if _, ok := r.byDoc[key]; ok {
		return
	}
	if len(r.order) < docCacheSize {
		r.order = append(r.order, key)
	} else {
		delete(r.byDoc, r.order[r.next])
		r.order[r.next] = key
		r.next = (r.next + 1) % docCacheSize
	}
	r.byDoc[key] = v
}

// decodeCached is decode through s's document cache: a cached document gives a deep copy
// of its entity, any other is decoded and kept.
func (t *table[T]) decodeCached(s *Store, op string, id uuid.UUID, version int64, doc []byte, out *T) error {
	if v, ok := s.docs.lookup(t.name, doc); ok {
		*out = clone.Of(v.(T))
		*t.version(out) = version
		return nil
	}
	if err := t.decode(s.codec, op, id, version, doc, out); err != nil {
		return err
	}
	s.docs.keep(t.name, doc, clone.Of(*out))
	return nil
}
