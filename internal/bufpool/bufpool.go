// Package bufpool is a free list of byte buffers of mixed sizes, shared by
// the goroutines compiling files at once, for memory that outlives one
// call but not one file (decoded text, long string literals).
package bufpool

import "sync"

// Free holds free buffers. The zero value is empty and ready to use.
type Free struct {
	mu   sync.Mutex
	bufs [][]byte
}

// Take removes and returns the smallest free buffer with room for n bytes,
// emptied, or nil when none has.
func (f *Free) Take(n int) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	best := -1
	for k, b := range f.bufs {
		if cap(b) >= n && (best < 0 || cap(b) < cap(f.bufs[best])) {
			best = k
		}
	}
	if best < 0 {
		return nil
	}
	b := f.bufs[best]
	last := len(f.bufs) - 1
	f.bufs[best] = f.bufs[last]
	f.bufs = f.bufs[:last]
	return b[:0]
}

// Put makes bufs free; nothing may use them afterwards.
func (f *Free) Put(bufs [][]byte) {
	if len(bufs) == 0 {
		return
	}
	f.mu.Lock()
	f.bufs = append(f.bufs, bufs...)
	f.mu.Unlock()
}
