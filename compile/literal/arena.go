package literal

import "unsafe"

// Arena holds the bytes of decoded literals in shared chunks, so that a
// string with escapes costs no allocation of its own. A nil *Arena
// allocates each result on its own.
type Arena struct {
	cur    []byte   // the current chunk; cur[:len(cur)] is handed out
	chunks [][]byte // chunks[:used] have been handed out from
	used   int
	large  [][]byte // memory of longer results; large[:nlarge] is handed out
	nlarge int
	tmp    []byte // scratch of rewriteNonASCII, never handed out
}

// maxArenaText is the longest result kept in a chunk; longer ones (rare)
// get their own memory.
const maxArenaText = 1024

// Reset makes the arena's memory available again: every string and slice
// it handed out before must be dead.
func (a *Arena) Reset() {
	a.cur, a.used, a.nlarge = nil, 0, 0
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
		if a.used == len(a.chunks) {
			// Chunks grow with use, so that small files stay cheap.
			a.chunks = append(a.chunks, make([]byte, 0, 1024<<min(len(a.chunks), 3)))
		}
		a.cur = a.chunks[a.used][:0]
		a.used++
	}
	l := len(a.cur)
	return a.cur[l : l : l+n]
}

// roomLarge is room for a result longer than a chunk's share: memory of
// its own, kept for later files like the chunks. It takes the first free
// one large enough (a file has few such results).
func (a *Arena) roomLarge(n int) []byte {
	i := a.nlarge
	for i < len(a.large) && cap(a.large[i]) < n {
		i++
	}
	if i == len(a.large) {
		a.large = append(a.large, make([]byte, 0, n))
	}
	l := a.large[i]
	a.large[i], a.large[a.nlarge] = a.large[a.nlarge], l
	a.nlarge++
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

// String returns a copy of b in a's memory.
func (a *Arena) String(b []byte) string {
	return a.str(append(a.room(len(b)), b...))
}
