// Package idle keeps idle objects (a compiler stage's scratch) for reuse
// by the next compilation, as a sync.Pool would, except that any idle
// object is handed out. A sync.Pool keeps one object per processor where
// no other processor may take it, so a run on two CPUs made three of
// each stage's objects, each growing its own scratch to the largest file
// it met: fresh memory, whose first touch of each page is a fault.
package idle

import "sync"

// maxIdle bounds the objects a List keeps: beyond the compilations a
// process runs at once, extra ones are left to the collector.
const maxIdle = 16

// List is a free list of *T. The zero value is empty and ready to use.
type List[T any] struct {
	mu   sync.Mutex
	free []*T
}

// Get returns the object put back last, or a new zero one.
func (l *List[T]) Get() *T {
	l.mu.Lock()
	if k := len(l.free) - 1; k >= 0 {
		x := l.free[k]
		l.free[k] = nil
		l.free = l.free[:k]
		l.mu.Unlock()
		return x
	}
	l.mu.Unlock()
	return new(T)
}

// Put makes x idle; nothing may use it afterwards.
func (l *List[T]) Put(x *T) {
	l.mu.Lock()
	if len(l.free) < maxIdle {
		l.free = append(l.free, x)
	}
	l.mu.Unlock()
}
