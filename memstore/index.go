package memstore

import (
	"slices"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// idBlock is the most IDs one block of an idset holds before it splits.
const idBlock = 512

// idset is a set of IDs kept in list order (wushe.CompareIDs) as a list of sorted blocks:
// adding or removing one ID costs O(log n + idBlock), and walking from a cursor costs
// O(log n) to find it plus one step per ID visited. The zero value is an empty set.
type idset struct {
	blocks [][]uuid.UUID
	n      int
}

// block returns the index of the block where id belongs: the first whose last ID is not
// below id, or the last block.
func (s *idset) block(id uuid.UUID) int {
	i, _ := slices.BinarySearchFunc(s.blocks, id, func(b []uuid.UUID, id uuid.UUID) int {
		return wushe.CompareIDs(b[len(b)-1], id)
	})
	return min(i, len(s.blocks)-1)
}

// add puts id in the set; adding an ID already there changes nothing.
func (s *idset) add(id uuid.UUID) {
	if len(s.blocks) == 0 {
		s.blocks = [][]uuid.UUID{{id}}
		s.n = 1
		return
	}
	bi := s.block(id)
	b := s.blocks[bi]
	i, found := slices.BinarySearchFunc(b, id, wushe.CompareIDs)
	if found {
		return
	}
	b = slices.Insert(b, i, id)
	s.n++
	if len(b) <= idBlock {
		s.blocks[bi] = b
		return
	}
	half := len(b) / 2
	lo, hi := slices.Clone(b[:half]), slices.Clone(b[half:])
	s.blocks[bi] = lo
	s.blocks = slices.Insert(s.blocks, bi+1, hi)
}

// remove takes id out of the set; removing an ID not there changes nothing.
func (s *idset) remove(id uuid.UUID) {
	if len(s.blocks) == 0 {
		return
	}
	bi := s.block(id)
	b := s.blocks[bi]
	i, found := slices.BinarySearchFunc(b, id, wushe.CompareIDs)
	if !found {
		return
	}
	s.n--
	if len(b) == 1 {
		s.blocks = slices.Delete(s.blocks, bi, bi+1)
		return
	}
	s.blocks[bi] = slices.Delete(b, i, i+1)
}

// ascend calls visit with every ID that sorts after after (every ID when after is the
// nil UUID, which no row has), in list order, until visit returns false.
func (s *idset) ascend(after uuid.UUID, visit func(uuid.UUID) bool) {
	if s == nil || len(s.blocks) == 0 {
		return
	}
	bi, i := 0, 0
	if after != uuid.Nil {
		bi = s.block(after)
		var found bool
		i, found = slices.BinarySearchFunc(s.blocks[bi], after, wushe.CompareIDs)
		if found {
			i++
		}
	}
	for ; bi < len(s.blocks); bi, i = bi+1, 0 {
		for _, id := range s.blocks[bi][i:] {
			if !visit(id) {
				return
			}
		}
	}
}

// index keeps, for each key a row has, the set of IDs of the rows with that key: what a
// filter on the key walks instead of the whole table. A row may have several keys (a
// transaction has one per account it posts to) or none.
type index[T any, K comparable] struct {
	keys func(*T) []K
	sets map[K]*idset
}

// secondary is an index of a table, whatever its key type.
type secondary[T any] interface {
	add(id uuid.UUID, v *T)
	remove(id uuid.UUID, v *T)
}

func newIndex[T any, K comparable](keys func(*T) []K) *index[T, K] {
	return &index[T, K]{keys: keys, sets: map[K]*idset{}}
}

// key is keys for an index with one key per row, none when it is the zero value.
func key[T any, K comparable](get func(*T) K) func(*T) []K {
	return func(v *T) []K {
		var zero K
		if k := get(v); k != zero {
			return []K{k}
		}
		return nil
	}
}

func (x *index[T, K]) add(id uuid.UUID, v *T) {
	for _, k := range x.keys(v) {
		set, ok := x.sets[k]
		if !ok {
			set = &idset{}
			x.sets[k] = set
		}
		set.add(id)
	}
}

func (x *index[T, K]) remove(id uuid.UUID, v *T) {
	for _, k := range x.keys(v) {
		if set, ok := x.sets[k]; ok {
			set.remove(id)
			if set.n == 0 {
				delete(x.sets, k)
			}
		}
	}
}

// of returns the IDs of the rows with key k; an empty set when none has it.
func (x *index[T, K]) of(k K) *idset {
	if set, ok := x.sets[k]; ok {
		return set
	}
	return &idset{}
}
