package literal

import (
	"sync"
	"unsafe"

	"github.com/gopyc/gopyc/internal/bufpool"
)

// Arena holds the bytes of decoded literals in shared chunks, so that a
// string with escapes costs no allocation of its own. A nil *Arena
// allocates each result on its own.
//
// Arenas take their memory from, and Reset gives it back to, free lists
// shared by all (spare for chunks, spareLarge for long results): the memory
// is what the arenas in use at once need, not every arena's high-water.
type Arena struct {
	cur    []byte   // the current chunk; cur[:len(cur)] is handed out
	chunks [][]byte // the chunks handed out from since Reset
	large  [][]byte // the memory of longer results since Reset
	tmp    []byte   // scratch of rewriteNonASCII, never handed out
}

// maxArenaText is the longest result kept in a chunk; longer ones (rare)
// get memory of their own.
const maxArenaText = 1024

// arenaChunk is the size of a chunk.
const arenaChunk = 8 << 10

// spare holds the free memory of every Arena.
var spare struct {
	sync.Mutex
	chunks [][]byte // each arenaChunk long
}

// spareLarge holds the free memory of long results.
var spareLarge bufpool.Free

// Reset makes the arena's memory available again: every string and slice
// it handed out before must be dead.
func (a *Arena) Reset() {
	if len(a.chunks) > 0 {
		spare.Lock()
		spare.chunks = append(spare.chunks, a.chunks...)
		spare.Unlock()
	}
	spareLarge.Put(a.large)
	// Past their length the lists still name the memory, which spare
	// keeps alive anyway.
	a.cur, a.chunks, a.large = nil, a.chunks[:0], a.large[:0]
}

// room returns an empty slice with capacity n, for a result of at most n
// bytes that keep then claims.
func (a *Arena) room(n int) []byte {
	if n == 0 {
		return []byte{}
	}
	if a == nil {
		return make([]byte, 0, n)
	}
	if n > maxArenaText {
		return a.roomLarge(n)
	}
	if cap(a.cur)-len(a.cur) < n {
		a.cur = a.chunk()
	}
	l := len(a.cur)
	return a.cur[l : l : l+n]
}

// chunk returns a free chunk, taken for a until Reset.
func (a *Arena) chunk() []byte {
	var c []byte
	spare.Lock()
	if k := len(spare.chunks) - 1; k >= 0 {
		c = spare.chunks[k]
		spare.chunks = spare.chunks[:k]
	}
	spare.Unlock()
	if c == nil {
		c = make([]byte, 0, arenaChunk)
	}
	a.chunks = append(a.chunks, c)
	return c[:0]
}

// roomLarge is room for a result longer than a chunk's share: memory of
// its own, kept for later results like the chunks: the smallest free one
// large enough (a file has few such results), else new memory.
func (a *Arena) roomLarge(n int) []byte {
	l := spareLarge.Take(n)
	if l == nil {
		l = make([]byte, 0, n)
	}
	a.large = append(a.large, l)
	return l[:0:n]
}

// keep claims b, a result built in room's slice, so that no later result
// overwrites it.
func (a *Arena) keep(b []byte) {
	if a != nil && len(b) > 0 && len(a.cur) < cap(a.cur) &&
		unsafe.SliceData(b) == unsafe.SliceData(a.cur[len(a.cur):]) {
		a.cur = a.cur[:len(a.cur)+len(b)]
	}
}

// str returns b, built in room's slice, as a string that keeps its memory.
func (a *Arena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	a.keep(b)
	// b is never written again: the string takes its memory.
	return unsafe.String(&b[0], len(b))
}

// Copy returns a copy of b in a's memory, with its length as capacity.
func (a *Arena) Copy(b []byte) []byte {
	c := append(a.room(len(b)), b...)
	a.keep(c)
	return c
}

// String returns a copy of b in a's memory.
func (a *Arena) String(b []byte) string {
	return a.str(append(a.room(len(b)), b...))
}
