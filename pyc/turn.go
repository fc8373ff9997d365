package pyc

import (
	"sync"
	"sync/atomic"

	"github.com/gopyc/gopyc/compile/share"
)

// Compiled is one compilation's result before marshalling. CPython's marshal
// output depends on what earlier compilations in the same process imported
// and interned, so the driver marshals files in compileall's order, each in
// the process state the files before it left.
type Compiled interface {
	// After returns the process state once this compilation ran in st.
	After(st share.State) share.State
	// Marshal returns the code object's bytes as a process in state st
	// (the state before this compilation) writes them.
	Marshal(st share.State) ([]byte, error)
}

// turn is one file's place in the sequence of compilations of a simulated
// CPython process. A nil turn is a fresh process of its own (py_compile,
// hermetic builds).
type turn struct {
	prev *turn
	// done is released, after final is set, when state is final: a flag
	// and a WaitGroup are 20 bytes where a channel is 96, and a run makes
	// one per file.
	done  sync.WaitGroup
	state share.State // the process state after the compilations so far
	// slots, when set, is the driver's pool of work slots, one of which
	// this turn's goroutine holds until it waits for the files before it.
	// It is not taken again after the wait (see reacquire): the
	// compilation is over, and what is left (checking the guessed state,
	// finishing the turn) is short. Taking the slot again stalled the
	// whole chain of turns behind files still compiling while the CPUs
	// idled (alternating stdlib runs: 0.648 s wall with it, 0.592 s
	// without).
	slots     *workSlots
	slotGiven bool // the slot was given up (see reacquire)
	// chain, when set, is shared by the run's turns: it keeps the state
	// of the last turn finished.
	chain *chain
	// pf, when set, is the run's prefetcher, told when a source was not
	// cached.
	pf *prefetcher
	// remaining counts the compilations this turn may still run; after the
	// last one the state is final and the next file need not wait for this
	// one's marshalling and writing.
	remaining         int32
	final             atomic.Bool
	started, finished bool
	// source is the descriptor+1 of the source the prefetcher opened for
	// this turn's file (0: none), which its first read takes.
	source int32
	// seq is the file's number in the run (see halted).
	seq int64
}

// halted reports whether a file before this one raised an uncaught
// exception: CPython never reaches this file, whose bytes are then not
// written. A file that finishes compiling before its turn would otherwise
// write them as it does on a guess; the files the workers took before the
// exception still may, if they wrote before it was raised.
func (t *turn) halted() bool {
	return t != nil && t.chain != nil && t.chain.stopAt != nil && t.seq > t.chain.stopAt.Load()
}

// chain holds the final state of the latest turn finished. Turns finish
// in order and states only grow, so it is the state of a prefix of the
// sequence: the state a file in the middle of the run would see, unless a
// file between that prefix and it had an effect no earlier file had,
// which is rare.
type chain struct {
	mu   sync.Mutex
	last share.State
	// start is the run's start (Unix ns), before any source is read.
	start int64
	// stopAt, when set, is the number of the first file that raised an
	// uncaught exception (see driver.stopAfter).
	stopAt *atomic.Int64
}

// init readies a zero turn to follow prev.
func (t *turn) init(prev *turn) {
	t.prev = prev
	t.done.Add(1)
}

// runStart is the run's start (Unix ns), or 0 for a turn outside a run.
func (t *turn) runStart() int64 {
	if t == nil || t.chain == nil {
		return 0
	}
	return t.chain.start
}

// ready reports whether the state before this turn's compilations is known
// without waiting.
func (t *turn) ready() bool {
	if t == nil || t.started || t.prev == nil {
		return true
	}
	return t.prev.final.Load()
}

// guessState returns the likeliest state before this turn while the files
// before it are still compiling: the state of the latest turn finished.
func (t *turn) guessState() share.State {
	if t == nil || t.chain == nil {
		return share.State{}
	}
	t.chain.mu.Lock()
	defer t.chain.mu.Unlock()
	return t.chain.last
}

// before returns the state before the next compilation of this turn,
// waiting for the files before it on first use.
func (t *turn) before() share.State {
	if t == nil {
		return share.State{}
	}
	if !t.started {
		t.started = true
		if t.prev != nil {
			if !t.prev.final.Load() {
				if t.slots != nil {
					t.slots.lend()
					t.slotGiven = true
					t.prev.done.Wait()
				} else {
					t.prev.done.Wait()
				}
			}
			t.state = t.prev.state
			t.prev = nil // a run's turns would otherwise form one long chain
		}
	}
	return t.state
}

// reacquire takes a work slot again if the wait gave it up, before
// compiling once more (another level, or again after a wrong guess).
func (t *turn) reacquire() {
	if t != nil && t.slotGiven {
		t.slots.takeBack()
		t.slotGiven = false
	}
}

// holdsSlot reports whether this turn holds one of the driver's work
// slots, which it may lend (release) and take back (reacquire).
func (t *turn) holdsSlot() bool { return t != nil && t.slots != nil && !t.slotGiven }

// takeSource returns the descriptor the prefetcher left open for this
// turn's source, or -1; the caller closes it.
func (t *turn) takeSource() int {
	if t == nil || t.source == 0 {
		return -1
	}
	fd := int(t.source) - 1
	t.source = 0
	return fd
}

// release gives the driver's work slot back, unless the wait did.
func (t *turn) release() {
	if !t.slotGiven {
		t.slots.lend()
		t.slotGiven = true
	}
}

// ran records a compilation done in the state before() returned.
func (t *turn) ran(c Compiled) {
	if t == nil {
		return
	}
	if c != nil {
		t.state = c.After(t.before())
	}
	if t.remaining--; t.remaining == 0 {
		t.finish()
	}
}

// finish lets the files after this one go on.
func (t *turn) finish() {
	if t != nil && !t.finished {
		t.before()
		t.finished = true
		if t.chain != nil {
			t.chain.mu.Lock()
			t.chain.last = t.state
			t.chain.mu.Unlock()
		}
		t.final.Store(true)
		t.done.Done()
	}
}

// Marshalled is a Compiled whose bytes do not depend on the process: an
// oracle's or a fake compiler's output.
type Marshalled []byte

// After leaves the state unchanged.
func (m Marshalled) After(st share.State) share.State { return st }

// Marshal returns m.
func (m Marshalled) Marshal(share.State) ([]byte, error) { return m, nil }
