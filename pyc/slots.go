package pyc

import "sync/atomic"

// workSlots bounds the files being compiled at once to the worker count. A
// worker takes a slot before it takes an item and keeps it from one item
// to the next, so that the next file compiles on the stack that compiled
// the last one, still in cache; a file gives its slot up while it waits
// for the files before it (turn.before) or for the disk (readSource).
//
// A file in flight that needs a slot back (to compile again after a wrong
// guess, to read on after the disk) must not wait behind a worker that
// holds a slot while it waits for an item: once the walk waits for room
// (newItem), the items it waits on include that file's, and the run
// deadlocked. So a worker between items hands its slot straight to such
// a file (handoff), ahead of taking another item.
//
// A slot given up is only used if a worker is free to take it: each worker
// runs one file at a time, and files that wait for their turn hold their
// workers. Behind one large file, the files after it can fill every
// worker; the CPU then idles until it ends (session 45: with a fixed 32
// workers per slot, one CPU idled for 7-48 ms of a ~270 ms stdlib run,
// with 63 of the 64 workers waiting). So a slot given up while no worker
// is free starts another (lend), up to a limit.
type workSlots struct {
	held    chan struct{} // a slot taken is a value sent
	handoff chan struct{} // a slot passed from a worker to a file in flight
	// free counts the workers between files (taking a slot or an
	// item); workers counts those started, which spawn, when set,
	// raises to at most limit.
	free, workers atomic.Int32
	limit         int32
	spawn         func()
}

func newWorkSlots(n int) *workSlots {
	return &workSlots{held: make(chan struct{}, n), handoff: make(chan struct{})}
}

// lend gives a slot up for a while, starting a worker to use it when none
// is free.
func (s *workSlots) lend() {
	s.give()
	if s.spawn != nil && s.free.Load() == 0 && s.workers.Load() < s.limit {
		// Two files lending at once may both start one: the limit
		// still holds, as an overshoot of one or two.
		s.workers.Add(1)
		go s.spawn()
	}
}

// take takes a slot for a worker about to take an item.
func (s *workSlots) take() { s.held <- struct{}{} }

// takeBack takes a slot for a file in flight: a free one, or one a worker
// hands over.
func (s *workSlots) takeBack() {
	select {
	case s.held <- struct{}{}:
	case <-s.handoff:
	}
}

// give gives a slot up.
func (s *workSlots) give() { <-s.held }

// next returns the next item for a worker holding a slot (ok false when
// the items are over), or reports by handed that it gave its slot to a
// file in flight instead, which it does first whenever one waits.
func (s *workSlots) next(work <-chan *item) (it *item, ok, handed bool) {
	select {
	case s.handoff <- struct{}{}:
		return nil, false, true
	default:
	}
	select {
	case it, ok = <-work:
		return it, ok, false
	case s.handoff <- struct{}{}:
		return nil, false, true
	}
}
