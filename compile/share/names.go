package share

import (
	"math/bits"
	"sync"
	"sync/atomic"
)

// Strings a compilation makes the process hold for good that held.txt
// cannot list, because they come from the source: the name a coding cookie
// asks the codec registry for is interned and kept as a key of its caches
// (the registry's and encodings.search_function's), found or not. They are
// numbered in a run-wide registry as files report them; a State holds the
// set of numbers its process holds.

// The index is copied on each registration (a few a run at most) so that
// models read it without a lock.
var registry struct {
	mu    sync.Mutex // serialises registrations
	index atomic.Pointer[map[string]int32]
	// filter has bit filterBit(name) set for every name in index: most
	// strings a model asks about are let go without a map lookup.
	filter atomic.Uint64
	size   atomic.Int32 // len(*index)
}

// filterBit picks a bit of registry.filter for v, which is not empty.
func filterBit(v string) uint64 {
	return 1 << ((uint(len(v))*7 + uint(v[0])*3 + uint(v[len(v)-1])) & 63)
}

// register returns name's number in the registry, adding it when new.
func register(name string) int32 {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	old := registry.index.Load()
	if old != nil {
		if i, ok := (*old)[name]; ok {
			return i
		}
	}
	index := make(map[string]int32)
	if old != nil {
		for k, v := range *old {
			index[k] = v
		}
	}
	i := int32(len(index))
	index[name] = i
	registry.index.Store(&index)
	registry.filter.Store(registry.filter.Load() | filterBit(name))
	registry.size.Store(i + 1)
	return i
}

// registered returns name's number, or -1 when it has none below limit (a
// number given after a model started is not its concern, see
// State.Agrees).
func registered(name string, limit int32) int32 {
	if name == "" || registry.filter.Load()&filterBit(name) == 0 {
		return -1
	}
	index := registry.index.Load()
	if index == nil {
		return -1
	}
	i, ok := (*index)[name]
	if !ok || i >= limit {
		return -1
	}
	return i
}

// nameSet is an immutable set of registry numbers; nil is empty. States
// share them, so a set is never changed once made.
type nameSet struct{ words []uint64 }

func (s *nameSet) has(i int32) bool {
	return s != nil && int(i>>6) < len(s.words) && s.words[i>>6]&(1<<(i&63)) != 0
}

// with returns the set holding s's numbers and i: s itself when it holds
// i already, else a new set.
func (s *nameSet) with(i int32) *nameSet {
	if s.has(i) {
		return s
	}
	n := int(i>>6) + 1
	if s != nil && len(s.words) > n {
		n = len(s.words)
	}
	t := &nameSet{words: make([]uint64, n)}
	if s != nil {
		copy(t.words, s.words)
	}
	t.words[i>>6] |= 1 << (i & 63)
	return t
}

// union returns the set of both sets' numbers, reusing one when it holds
// the other.
func (s *nameSet) union(o *nameSet) *nameSet {
	if o == nil || s == o {
		return s
	}
	if s == nil {
		return o
	}
	for w, word := range o.words {
		for word != 0 {
			b := int32(bits.TrailingZeros64(word))
			s = s.with(int32(w)<<6 | b)
			word &= word - 1
		}
	}
	return s
}

// differ reports whether s and o differ on a number that on holds or that
// is at or above limit (numbered after the model that made on started, so
// unknown to it).
func (s *nameSet) differ(o, on *nameSet, limit int32) bool {
	if s == o {
		return false
	}
	n := 0
	if s != nil {
		n = len(s.words)
	}
	if o != nil && len(o.words) > n {
		n = len(o.words)
	}
	for w := 0; w < n; w++ {
		x := s.word(w) ^ o.word(w)
		for x != 0 {
			i := int32(w)<<6 | int32(bits.TrailingZeros64(x))
			if i >= limit || on.has(i) {
				return true
			}
			x &= x - 1
		}
	}
	return false
}

func (s *nameSet) word(w int) uint64 {
	if s == nil || w >= len(s.words) {
		return 0
	}
	return s.words[w]
}
