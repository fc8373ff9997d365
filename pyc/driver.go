package pyc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gopyc/gopyc/compile/diag"
)

// Compiler compiles the source of one file for the driver: it returns the
// compiled code, or a *diag.Error, plus the warnings raised. A failed
// compilation may still return a Compiled for its effect on the process.
// filename is the Python str (WTF-8) that becomes co_filename.
type Compiler func(src []byte, filename string, optimize int) (code Compiled, warns []diag.Warning, err error)

// Options configure a compileall run; the fields follow compileall's
// arguments.
type Options struct {
	MaxLevels int            // directory recursion depth (-l: 0, -r N)
	DDir      *string        // -d: directory prefix of the names compiled in
	Force     bool           // -f
	Rx        *regexp.Regexp // -x: skip files whose path it matches
	Quiet     int            // -q count
	Legacy    bool           // -b: NAME.pyc beside the source
	// Levels are the optimization levels to write, each to its own file
	// (compileall's -o, or the interpreter's -O level); nil means {0}.
	Levels  []int
	Mode    Mode // 0: DefaultMode from the environment
	Workers int  // parallel compilations; 0 means one per CPU
	Paths   Paths

	// From 3.9's compileall: -s and -p rewrite the name compiled in (they
	// exclude DDir); -e skips symlinked files whose target lies outside
	// the directory; --hardlink-dupes links equal files of several levels.
	StripDir, PrependDir *string
	LimitSlDest          string
	HardlinkDupes        bool
	// NoHashSkip restores compileall's rule that only timestamp-mode
	// files are ever up to date (gopyc also skips current hash files).
	NoHashSkip bool

	Compile Compiler
	// SourceLine returns line lineno of the file a warning names, as
	// linecache.getline does, or "" when it cannot be read. Nil: no lines.
	SourceLine func(filename string, lineno int) string
	Stdout     io.Writer
	Stderr     io.Writer
	Getenv     func(string) string // nil: os.Getenv
}

// LongRunFiles is how many files make a run long: at ~0.5 ms of CPU a
// file, ~60 ms of work or more. A command may tune its process for a
// long run (gopyc's grows its descriptor table, and may ready its heap
// for huge pages; see LooksLong).
const LongRunFiles = 128

// LooksLong tells whether a run over dests looks long: LongRunFiles
// names or more, or a directory to walk.
func LooksLong(dests []string) bool {
	if len(dests) >= LongRunFiles {
		return true
	}
	for _, dest := range dests {
		if fi, err := os.Stat(dest); err == nil && fi.IsDir() {
			return true
		}
	}
	return false
}

// FatalError is an exception compileall does not catch: CPython prints a
// traceback and exits with status 1; gopyc prints the exception line.
type FatalError struct{ Class, Msg string }

func (e *FatalError) Error() string { return e.Class + ": " + e.Msg }

// Run compiles dests (files and directories, in order) as compileall's main
// does and reports whether every file compiled. Files are compiled in
// parallel but everything is printed in the order of a serial run.
func Run(dests []string, o *Options) (ok bool, err error) {
	d := newDriver(o, len(dests) == 1)
	go d.walk(dests)
	<-d.printed
	d.pf.finish()
	d.stdout.Flush()
	d.stderr.Flush()
	return d.ok && d.err == nil, d.err
}

// The items are printed in the walk's order by whichever goroutine
// completes the first one not yet printed. (A loop waiting for each item
// in turn was woken once per file: 1,400-1,800 goroutine switches per
// stdlib run.)

// queue adds it, complete or not, to the items to print.
func (d *driver) queue(it *item, complete bool) {
	d.pmu.Lock()
	it.complete = complete
	if d.tail == nil {
		d.head = it
	} else {
		d.tail.next = it
	}
	d.tail = it
	d.printReady()
	d.pmu.Unlock()
}

// completed records that it is complete.
func (d *driver) completed(it *item) {
	d.pmu.Lock()
	it.complete = true
	d.printReady()
	d.pmu.Unlock()
}

// walked records that the walk is over: no item will be queued.
func (d *driver) walked() {
	d.pmu.Lock()
	d.walkOver = true
	d.printReady()
	d.pmu.Unlock()
}

// printReady prints the complete items at the head of the queue; once the
// walk is over and all are printed, it releases Run. d.pmu is held.
func (d *driver) printReady() {
	for d.head != nil && d.head.complete {
		it := d.head
		if d.head = it.next; d.head == nil {
			d.tail = nil
		}
		it.next = nil
		if d.err != nil {
			d.printedItem(it)
			continue // CPython stopped at the uncaught exception
		}
		if len(it.errOut) == 0 {
			d.stdout.Write(it.out)
		} else {
			// A file's warnings are printed while it compiles: after its
			// "Compiling" line, before its error block. Both streams are
			// flushed around them, so that a terminal or a file holding
			// both gets them in that order, as from CPython writing
			// unbuffered (PYTHONUNBUFFERED, -u) or to a terminal.
			d.stdout.Write(it.out[:it.warnAt])
			d.stdout.Flush()
			d.stderr.Write(it.errOut)
			d.stderr.Flush()
			d.stdout.Write(it.out[it.warnAt:])
		}
		if it.fatal != nil {
			d.err = it.fatal
		}
		if !it.ok {
			d.ok = false
		}
		d.printedItem(it)
	}
	if d.walkOver && d.head == nil && !d.allPrinted {
		d.allPrinted = true
		close(d.printed)
	}
}

// Items are recycled once printed, and the walk runs at most maxAhead
// items ahead of the printing: a run made one ~300-byte item per file,
// all at once (the walk outpaces the compilations), and the fresh memory
// of those was a stdlib run's largest share of small objects (0.9 MB,
// ~350 page faults with the spans' first touches).
//
// A compile item is referenced after its worker is done by the turn of
// the next compile item, until that one has run its turn (see
// turn.before), which it has once complete: an item is free once the
// next compile item is printed. A run of several destinations keeps every
// item (lastFor and after point into them).

// maxAhead bounds the items the walk has made and the printing not yet
// freed; the walk waits at that until itemBatch of them are free, so it
// is woken a few times a run, not once per file. It also bounds the
// workers' goroutines (see workSlots.lend); the prefetch window stays well
// within it.
const (
	maxAhead  = 512
	itemBatch = 128
)

// newItem returns a zero item for the walk, waiting for room first.
func (d *driver) newItem() *item {
	if !d.oneDest {
		return new(item)
	}
	d.pmu.Lock()
	for d.inFlight >= maxAhead {
		d.walkWaits = true
		d.room.Wait()
	}
	d.inFlight++
	var it *item
	if k := len(d.free) - 1; k >= 0 {
		it = d.free[k]
		d.free = d.free[:k]
	}
	d.pmu.Unlock()
	if it == nil {
		return new(item)
	}
	*it = item{}
	return it
}

// printedItem frees what printing it makes free: a compile item frees the
// one printed before it, any other item itself. d.pmu is held.
func (d *driver) printedItem(it *item) {
	if !d.oneDest {
		return
	}
	if it.seq != 0 {
		it, d.lastPrinted = d.lastPrinted, it
		if it == nil {
			return
		}
	}
	d.free = append(d.free, it)
	d.inFlight--
	if d.walkWaits && d.inFlight <= maxAhead-itemBatch {
		d.walkWaits = false
		d.room.Signal()
	}
}

// item is one step of the serial run: a directory listing or one file.
type item struct {
	file, ddir string
	// Set by the worker before done is released:
	out, errOut []byte
	warnAt      int // where in out the warnings (errOut) belong
	fatal       error
	// done is released when the item is complete; an item made complete
	// never adds to it. A WaitGroup is 16 bytes, a channel 96.
	done  sync.WaitGroup
	after []*sync.WaitGroup // earlier items writing the same cache files
	turn  turn              // compile items: place in the process's sequence
	ok    bool              // set by the worker
	// The queue of items to print (guarded by the driver's pmu):
	next     *item
	complete bool
	// Set by the walker:
	seq     int64 // compile items: position among them, from 1
	hasDDir bool
	regular bool // the walker saw a regular file (no need to stat it again)
}

type driver struct {
	lastTurn *turn // of the last compile item pushed (walker only)
	seq      int64 // compile items pushed so far (walker only)
	// stopAt is the number of the first compile item known to have raised
	// an uncaught exception (math.MaxInt64 while none has): the walk
	// stops, and no later item is compiled.
	stopAt         atomic.Int64
	o              *Options
	work           chan *item
	stdout, stderr *bufferedWriter
	mode           Mode
	levels         []int
	lastFor        map[string]*sync.WaitGroup // cache file -> done of the latest item writing it (walker only)
	oneDest        bool                       // the run has one destination: lastFor is not needed
	pending        sync.WaitGroup
	dirs           dirCache // cache directories made or found
	pf             *prefetcher
	// slots bounds the files being worked on at once to the worker count;
	// a file waiting for the one before it to finish compiling gives its
	// slot up (see turn.before), so the other workers' goroutines can
	// compile ahead instead of idling behind one large file.
	slots *workSlots
	chain chain // the turns' shared record of the latest final state

	// The items to print, in order (see printReady), and the run's
	// outcome so far.
	pmu                  sync.Mutex
	head, tail           *item
	walkOver, allPrinted bool
	printed              chan struct{} // closed when every item is printed
	ok                   bool
	err                  error

	// Items to recycle (see newItem), also guarded by pmu.
	free        []*item
	inFlight    int   // items made by the walk and not yet free
	lastPrinted *item // the compile item printed last
	walkWaits   bool  // the walk waits on room
	room        sync.Cond
}

func newDriver(opts *Options, oneDest bool) *driver {
	o := *opts // private copy: the working directory gets cached in it
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	queue := queueAhead
	if oneDest {
		queue = maxAhead // never full: the walk waits for room first
	}
	d := &driver{
		o:       &o,
		oneDest: oneDest,
		work:    make(chan *item, queue),
		stdout:  &bufferedWriter{w: o.Stdout},
		stderr:  &bufferedWriter{w: o.Stderr},
		mode:    o.Mode,
		lastFor: map[string]*sync.WaitGroup{},
		slots:   newWorkSlots(workers),
		printed: make(chan struct{}),
		ok:      true,
		pf:      newPrefetcher(),
	}
	d.stopAt.Store(math.MaxInt64)
	d.room.L = &d.pmu
	d.chain.start = time.Now().UnixNano()
	d.chain.stopAt = &d.stopAt
	if d.mode == 0 {
		getenv := o.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		d.mode = DefaultMode(getenv)
	}
	// The working directory cannot change during a run: read it once.
	wd, wdErr := d.o.Paths.getwd()
	d.o.Paths.Getwd = func() (string, error) { return wd, wdErr }
	d.levels = append([]int(nil), o.Levels...)
	if len(d.levels) == 0 {
		d.levels = []int{0}
	}
	sort.Ints(d.levels)
	d.levels = dedupe(d.levels)
	// Several goroutines per slot: the ones waiting for their turn behind
	// a large file leave the others room to compile ahead. More start
	// when all wait (see workSlots.lend), up to the items the walk may
	// have in flight.
	d.slots.spawn = d.worker
	d.slots.limit = int32(max(maxAhead, perSlot*workers))
	d.slots.workers.Store(int32(perSlot * workers))
	for i := 0; i < perSlot*workers; i++ {
		go d.worker()
	}
	return d
}

// perSlot is the number of worker goroutines per slot a run starts with. A
// file that ends compiling before the files ahead of it writes its bytes
// for the state they most likely leave and waits with its code released
// (see pyCompile), so a waiting goroutine holds little more than its
// source and its stack. Behind a large file, more may wait than this
// allows: the pool then grows (see workSlots.lend), to 150-250 goroutines
// in a stdlib run on two CPUs (session 45). With a fixed pool of this
// size, one CPU idled for 7-48 ms of a ~270 ms run (execution traces),
// and 128 per slot, fixed, measured as the growing pool does: 0.26 s
// against 0.28 s (8 alternations), peak RSS 37.6 against 33.9 MB.
const perSlot = 32

// queueAhead is how many files the walker may queue ahead of the ones
// being compiled in a run of several destinations (a run of one is
// bounded by maxAhead instead). With room for a few dozen, the walker
// parked on a full queue and was woken for each item taken, two goroutine
// switches per file (1,632 parks per stdlib run). Items queued after one
// that raised an uncaught exception are not compiled (see worker), so a
// long queue compiles no more files in that case.
const queueAhead = 4096

func dedupe(s []int) []int {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// stopAfter records that the compile item numbered seq raised an
// uncaught exception: no later item is compiled.
func (d *driver) stopAfter(seq int64) {
	for {
		at := d.stopAt.Load()
		if seq >= at || d.stopAt.CompareAndSwap(at, seq) {
			return
		}
	}
}

// worker compiles items while it holds a work slot (see workSlots). It
// waits for an item with its slot, ready to hand it to a file in flight
// that needs one. Taking an item first and then a slot handed each file
// to the goroutine that had waited longest, whose stack was last used
// dozens of files before (a one-CPU stdlib run under cachegrind: ~0.3 M
// more last-level misses).
func (d *driver) worker() {
	growStack(false)
	held := false
	for {
		d.slots.free.Add(1)
		if !held {
			d.slots.take()
			held = true
		}
		it, ok, handed := d.slots.next(d.work)
		d.slots.free.Add(-1)
		if handed {
			held = false
			continue
		}
		if !ok {
			break
		}
		if len(it.after) > 0 {
			// The files awaited need slots of their own.
			d.slots.give()
			for _, c := range it.after {
				c.Wait()
			}
			d.slots.takeBack()
		}
		// A file after one that raised an uncaught exception is never
		// reached by CPython: it is not compiled.
		if it.seq < d.stopAt.Load() {
			it.turn.source = int32(d.pf.begin(it.seq)) + 1
			d.compileFile(it)
			if fd := it.turn.takeSource(); fd >= 0 {
				closeAdvised(fd) // the file was not read (or not first)
			}
			if it.fatal != nil {
				d.stopAfter(it.seq)
			}
		}
		it.turn.finish()
		held = !it.turn.slotGiven
		it.done.Done()
		d.pending.Done()
		d.completed(it)
	}
	if held {
		d.slots.give()
	}
}

// growStack, called with false at the start of a goroutine, grows its
// stack at once to the size compiling a deeply nested file needs: the
// runtime grows a stack by doubling it when a call runs out of room,
// copying it and adjusting every frame, and a worker deep in the parser's
// recursion paid that several times (a stdlib run on one CPU: 9 M
// instructions in pcvalue, adjustframe and the unwinder; 0.4 M this way).
// The frame alone is enough: the array is never touched. 64 KiB stacks
// (this 32 KiB frame, doubled) held nearly every file; asking for 512 KiB
// did not pay.
//
//go:noinline
func growStack(use bool) {
	if use {
		var room [32 << 10]byte
		stackSink = room[stackSink]
	}
}

var stackSink byte

// emit queues an item already complete (listing lines).
func (d *driver) emit(out string) bool {
	it := d.newItem()
	it.out, it.ok = []byte(out), true
	return d.push(it, false)
}

func (d *driver) push(it *item, compile bool) bool {
	if d.stopAt.Load() != math.MaxInt64 {
		return false // nothing after the exception is reached
	}
	d.queue(it, !compile)
	if compile {
		d.seq++
		it.seq = d.seq
		it.turn.init(d.lastTurn)
		it.turn.slots = d.slots
		it.turn.chain = &d.chain
		it.turn.pf = d.pf
		it.turn.seq = it.seq
		it.turn.remaining = int32(len(d.levels))
		d.lastTurn = &it.turn
		d.pending.Add(1)
		d.pf.add(it.file, it.seq)
		d.work <- it
	}
	return true
}

// walk produces the items in compileall's order: for each destination, a
// file, or the recursive listing of a directory.
func (d *driver) walk(dests []string) {
	defer func() {
		close(d.work)
		d.pf.walked()
		d.walked()
	}()
	for _, dest := range dests {
		if isFile(dest) {
			if !d.file(dest, d.o.DDir) {
				return
			}
			continue
		}
		if d.o.Workers < 0 {
			it := &item{fatal: &FatalError{"ValueError", "workers must be greater or equal to 0"}}
			d.push(it, false)
			return
		}
		if !d.dir(dest, d.o.DDir, d.o.MaxLevels) {
			return
		}
	}
}

func (d *driver) file(name string, ddir *string) bool { return d.fileOf(name, ddir, false) }

// fileOf queues the compilation of file name; regular tells that it was
// just seen to be a regular file.
func (d *driver) fileOf(name string, ddir *string, regular bool) bool {
	if regular && d.inert(name) {
		// As push: the walk ends at the first item after an uncaught
		// exception.
		return d.stopAt.Load() == math.MaxInt64
	}
	it := d.newItem()
	it.file, it.regular = name, regular
	it.done.Add(1)
	if ddir != nil {
		it.ddir, it.hasDDir = *ddir, true
	}
	// A file met twice (named twice, or reached by two routes) must see the
	// cache file the first compilation wrote, as in a serial run. The walk
	// of one destination meets every path once (names in a directory are
	// distinct, symlinked directories and __pycache__ are not entered),
	// and distinct .py paths (the only files written) have distinct cache
	// files, so a run of one destination keeps no record.
	for _, lvl := range d.levels {
		if d.oneDest {
			break
		}
		var c string
		if d.o.Legacy {
			c = name + "c"
		} else {
			var err error
			if c, err = d.o.Paths.FromSource(name, OptTag(lvl)); err != nil {
				continue
			}
		}
		key := cleanPath(d.abs(c))
		if prev := d.lastFor[key]; prev != nil {
			it.after = append(it.after, prev)
		}
		d.lastFor[key] = &it.done
	}
	return d.push(it, true)
}

// inert reports whether compileall's compile_file does nothing at all for
// the regular file name: it prints nothing, writes nothing and changes no
// state, and none of the steps before its test of the ".py" suffix can
// fail (-s/-p and --limit-sl-dest can, and so can the cache path under a
// prefix, which FromSource makes with the run's working directory).
// Such a file gets no item: a queued one held a worker goroutine until the
// files before it were done, and in the standard library's test
// directories (601 data files) those waits filled the window of files
// compiled ahead, leaving a CPU idle behind a large file.
func (d *driver) inert(name string) bool {
	o := d.o
	if strings.HasSuffix(name, ".py") || o.StripDir != nil || o.PrependDir != nil || o.LimitSlDest != "" || o.HardlinkDupes {
		return false
	}
	if o.Legacy {
		return true
	}
	// The cache paths compileFile would make, made here (a data file is
	// rare enough that building them costs nothing worth avoiding).
	for _, lvl := range d.levels {
		if _, err := o.Paths.FromSource(name, OptTag(lvl)); err != nil {
			return false
		}
	}
	return true
}

// dir is compileall's _walk_dir: sorted names, __pycache__ skipped, files
// (and anything not a directory) compiled, real subdirectories entered
// while levels remain, symlinked ones never.
func (d *driver) dir(dir string, ddir *string, maxlevels int) bool {
	if d.o.Quiet == 0 && !d.emit("Listing "+Repr(FromOS(dir))+"...\n") {
		return false
	}
	if d.insidePrefix(dir) {
		// Compiling writes into the prefix tree: list it only once the
		// files before it are written, as a serial run would.
		d.pending.Wait()
	}
	f, err := os.Open(dir)
	var ents []os.DirEntry
	if err == nil {
		ents, err = f.ReadDir(-1)
		f.Close()
	}
	if err != nil {
		ents = nil
		if d.o.Quiet < 2 && !d.emit("Can't list "+Repr(FromOS(dir))+"\n") {
			return false
		}
	}
	// Code point order, as Python sorts str.
	slices.SortFunc(ents, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	// Entry types stand in for stat only where stat would succeed; in a
	// directory that cannot be searched, or beyond PATH_MAX, CPython's
	// isdir and isfile fail and it skips the entry without a word.
	searchable := dirSearchable(dir)
	for _, ent := range ents {
		name := ent.Name()
		if name == "__pycache__" {
			continue
		}
		full := pathJoin(dir, name)
		var dfile *string
		if ddir != nil {
			s := pathJoin(*ddir, name)
			dfile = &s
		}
		if !searchable || len(full) >= pathMax {
			if fi, err := os.Stat(full); err == nil && fi.IsDir() {
				if maxlevels > 0 && name != "." && name != ".." && !isLink(full) && !d.dir(full, dfile, maxlevels-1) {
					return false
				}
			} else if !d.file(full, ddir) {
				return false
			}
			continue
		}
		// The listing's entry type answers os.path.isdir (a stat) and
		// os.path.islink (an lstat) for everything but symlinks.
		switch typ := ent.Type(); {
		case typ.IsRegular():
			if !d.fileOf(full, ddir, true) {
				return false
			}
			continue
		case typ&fs.ModeSymlink != 0:
			// A symlinked directory is never entered.
			if fi, err := os.Stat(full); err == nil && fi.IsDir() {
				continue
			}
		case typ.IsDir():
			if maxlevels > 0 && name != "." && name != ".." && !d.dir(full, dfile, maxlevels-1) {
				return false
			}
			continue
		}
		if !d.file(full, ddir) {
			return false
		}
	}
	return true
}

// pathMax is Linux's PATH_MAX, counting the terminating NUL.
const pathMax = 4096

func (d *driver) insidePrefix(dir string) bool {
	if d.o.Paths.Prefix == "" || d.o.Legacy {
		return false
	}
	a, p := cleanPath(d.abs(dir)), cleanPath(d.abs(d.o.Paths.Prefix))
	return a == p || strings.HasPrefix(a, p+"/") || p == "/"
}

func (d *driver) abs(p string) string {
	if strings.HasPrefix(p, "/") {
		return p
	}
	wd, err := d.o.Paths.getwd()
	if err != nil {
		return p
	}
	return wd + "/" + p
}

func cleanPath(p string) string {
	if isClean(p) {
		return p
	}
	return cleanParts(p)
}

// cleanParts is cleanPath the long way.
func cleanParts(p string) string {
	var parts []string
	for _, s := range strings.Split(p, "/") {
		switch s {
		case "", ".":
		case "..":
			if len(parts) > 0 {
				parts = parts[:len(parts)-1]
			}
		default:
			parts = append(parts, s)
		}
	}
	return "/" + strings.Join(parts, "/")
}

// isClean reports whether cleanPath would return p unchanged: an
// absolute path with no empty, "." or ".." part (the common case, which
// then costs no split and join per file).
func isClean(p string) bool {
	if p == "/" {
		return true
	}
	if len(p) < 2 || p[0] != '/' || p[len(p)-1] == '/' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] != '/' {
			continue
		}
		// p[i+1] exists: p does not end in '/'.
		switch rest := p[i+1:]; {
		case rest[0] == '/',
			rest[0] == '.' && (len(rest) == 1 || rest[1] == '/'),
			strings.HasPrefix(rest, "..") && (len(rest) == 2 || rest[2] == '/'):
			return false
		}
	}
	return true
}

// pathJoin is os.path.join of two parts.
func pathJoin(a, b string) string {
	switch {
	case strings.HasPrefix(b, "/"):
		return b
	case a == "" || strings.HasSuffix(a, "/"):
		return a + b
	}
	return a + "/" + b
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func isLink(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode()&os.ModeSymlink != 0
}

// compileFile is compileall.compile_file for one item; its output is
// buffered in the item.
func (d *driver) compileFile(it *item) {
	it.ok = true
	defer func() {
		if r := recover(); r != nil {
			it.ok = false
			it.fatal = &FatalError{"SystemError", fmt.Sprintf("gopyc internal error compiling %s: %v", it.file, r)}
		}
	}()
	o := d.o
	full := it.file
	name := full[strings.LastIndexByte(full, '/')+1:]
	var dfile string
	if it.hasDDir {
		dfile = pathJoin(it.ddir, name)
	}
	if o.StripDir != nil || o.PrependDir != nil {
		var err error
		if dfile, err = stripPrepend(full, o.StripDir, o.PrependDir); err != nil {
			it.fatal = err
			return
		}
	}
	if o.HardlinkDupes && len(d.levels) < 2 {
		it.fatal = &FatalError{"ValueError", "Hardlinking of duplicated bytecode makes sense only for more than one optimization level"}
		return
	}
	if o.Rx != nil && o.Rx.MatchString(FromOS(full)) {
		return
	}
	if o.LimitSlDest != "" && isLink(full) {
		under, err := d.linkInside(full)
		if err != nil {
			it.fatal = err
			return
		}
		if !under {
			return
		}
	}
	if !it.regular && !isFile(full) {
		return
	}
	cfiles := make([]string, len(d.levels))
	for i, lvl := range d.levels {
		if o.Legacy {
			cfiles[i] = full + "c"
			continue
		}
		c, err := o.Paths.FromSource(full, OptTag(lvl))
		if err != nil {
			it.fatal = fatal(err)
			return
		}
		cfiles[i] = c
	}
	if !strings.HasSuffix(name, ".py") {
		return
	}
	if !o.Force {
		fresh, err := d.upToDate(full, cfiles)
		if err != nil {
			it.fatal = err
			return
		}
		if fresh {
			return
		}
	}
	var out, errOut bytes.Buffer
	if o.Quiet == 0 {
		out.WriteString("Compiling " + Repr(FromOS(full)) + "...\n")
	}
	it.warnAt = out.Len()
	var prev []byte
	for i, lvl := range d.levels {
		data, msg, err := pyCompile(full, cfiles[i], dfile, lvl, d.mode, o.Compile, o.SourceLine, &errOut, &it.turn, &d.dirs, o.HardlinkDupes)
		if err == nil && msg == "" && i > 0 && o.HardlinkDupes && bytes.Equal(data, prev) {
			// 3.9's --hardlink-dupes: a level whose file equals the
			// previous level's becomes a hard link to it.
			if err = os.Remove(cfiles[i]); err == nil {
				err = os.Link(cfiles[i-1], cfiles[i])
			}
		}
		prev = data
		if msg == "" && err == nil {
			continue
		}
		it.ok = false
		if o.Quiet >= 2 {
			break
		}
		if o.Quiet == 1 {
			out.WriteString("*** Error compiling " + Repr(FromOS(full)) + "...\n")
		} else {
			out.WriteString("*** ")
		}
		if err != nil {
			e := AsPyError(err)
			out.WriteString(ToOS(e.Class + ": " + e.Str))
		} else {
			out.WriteString(BackslashReplace(msg))
		}
		out.WriteByte('\n')
		break
	}
	it.out, it.errOut = out.Bytes(), errOut.Bytes()
}

func fatal(err error) error {
	s := err.Error()
	if i := strings.Index(s, ": "); i > 0 && !strings.Contains(s[:i], " ") {
		return &FatalError{s[:i], s[i+2:]}
	}
	return &FatalError{"OSError", s}
}

// upToDate is compileall's check: every cache file starts with the magic,
// a zero flags word and the source's integer mtime (the size is not
// compared). compileall stops there; in the hash modes gopyc also counts
// as current a set of cache files that all carry the mode's flags and the
// hash of the source as it is now (see upToDateHash).
func (d *driver) upToDate(full string, cfiles []string) (bool, error) {
	fi, err := os.Stat(full)
	if err != nil {
		return false, nil
	}
	mtime := pyMtime(fi)
	if mtime < math.MinInt32 || mtime > math.MaxInt32 {
		return false, &FatalError{"struct.error", "argument out of range"}
	}
	var want [12]byte
	copy(want[:], Magic[:])
	binary.LittleEndian.PutUint32(want[8:], uint32(int32(mtime)))
	if headersAre(cfiles, want[:]) {
		return true, nil
	}
	if d.mode == Timestamp || d.o.NoHashSkip {
		return false, nil
	}
	src, err := os.ReadFile(full)
	if err != nil {
		return false, nil
	}
	h := HashHeader(src, d.mode == CheckedHash).Append(nil)
	return headersAre(cfiles, h), nil
}

// headersAre reports whether every file starts with want.
func headersAre(files []string, want []byte) bool {
	got := make([]byte, len(want))
	for _, c := range files {
		// Non-blocking: a FIFO planted at the cache path must not hang the
		// run (CPython's compileall blocks there forever); it reads as
		// empty, so the file is compiled and CheckTarget refuses the FIFO.
		f, err := os.OpenFile(c, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if err != nil {
			return false
		}
		n, _ := io.ReadFull(f, got)
		f.Close()
		if n != len(want) || !bytes.Equal(got, want) {
			return false
		}
	}
	return true
}

// pyMtime is int(os.stat(path).st_mtime): CPython builds the float
// seconds + nanoseconds*1e-9 and truncates it, which can round up to the
// next second.
func pyMtime(fi os.FileInfo) int64 {
	t := fi.ModTime()
	return int64(math.Trunc(float64(t.Unix()) + float64(t.Nanosecond())*1e-9))
}

// safeCompile turns a compiler panic into an error for that file alone, so
// one bad input neither stops the run nor leaves a partial file.
func safeCompile(c Compiler, src []byte, filename string, level int) (code Compiled, warns []diag.Warning, err error) {
	defer func() {
		if r := recover(); r != nil {
			code, err = nil, fmt.Errorf("internal compiler error: %v", r)
		}
	}()
	return c(src, filename, level)
}

// bufferedWriter collects output so that a run makes few write calls.
type bufferedWriter struct {
	w   io.Writer
	buf []byte
}

func (b *bufferedWriter) Write(p []byte) {
	if b.w == nil {
		return
	}
	b.buf = append(b.buf, p...)
	if len(b.buf) >= 64<<10 {
		b.Flush()
	}
}

func (b *bufferedWriter) Flush() {
	if b.w != nil && len(b.buf) > 0 {
		b.w.Write(b.buf)
		b.buf = b.buf[:0]
	}
}

// stripPrepend is how 3.9's compile_file derives the compiled-in name from
// -s and -p: the path split at "/" loses each part equal to the part of
// stripdir at the same position (list.remove: the first equal part goes),
// the rest is joined again, and prependdir is joined in front.
func stripPrepend(full string, strip, prepend *string) (string, error) {
	dfile, have := "", false
	if strip != nil {
		fparts := strings.Split(full, "/")
		sparts := strings.Split(*strip, "/")
		parts := append([]string(nil), fparts...)
		for i := 0; i < len(sparts) && i < len(fparts); i++ {
			if sparts[i] != fparts[i] {
				continue
			}
			for j, p := range parts {
				if p == sparts[i] {
					parts = append(parts[:j], parts[j+1:]...)
					break
				}
			}
		}
		if len(parts) == 0 {
			return "", &FatalError{"TypeError", "join() missing 1 required positional argument: 'a'"}
		}
		dfile, have = parts[0], true
		for _, p := range parts[1:] {
			dfile = pathJoin(dfile, p)
		}
	}
	if prepend != nil {
		if !have {
			dfile = full
		}
		dfile = pathJoin(*prepend, dfile)
	}
	return dfile, nil
}

// linkInside is 3.9's -e test for a symlinked file: whether
// Path(limit).resolve() is among Path(full).resolve().parents.
func (d *driver) linkInside(full string) (bool, error) {
	wd, _ := d.o.Paths.getwd()
	limit, err := resolvePath(d.o.LimitSlDest, wd)
	if err != nil {
		return false, err
	}
	target, err := resolvePath(full, wd)
	if err != nil {
		return false, err
	}
	for target != "/" {
		i := strings.LastIndexByte(target, '/')
		target = target[:i]
		if target == "" {
			target = "/"
		}
		if target == limit {
			return true, nil
		}
	}
	return false, nil
}

// resolvePath is pathlib's non-strict resolve on POSIX: made absolute,
// "." and ".." folded, every symlink met followed; components that do not
// exist are kept as they are.
func resolvePath(p, wd string) (string, error) {
	seen := map[string]string{}
	var resolve func(path, rest string) (string, error)
	resolve = func(path, rest string) (string, error) {
		if strings.HasPrefix(rest, "/") {
			path = ""
		}
		for _, name := range strings.Split(rest, "/") {
			if name == "" || name == "." {
				continue
			}
			if name == ".." {
				if i := strings.LastIndexByte(path, '/'); i >= 0 {
					path = path[:i]
				} else {
					path = ""
				}
				continue
			}
			newpath := path + "/" + name
			if strings.HasSuffix(path, "/") {
				newpath = path + name
			}
			if r, ok := seen[newpath]; ok {
				if r == "" {
					return "", &FatalError{"RuntimeError", "Symlink loop from " + Repr(FromOS(newpath))}
				}
				path = r
				continue
			}
			target, err := os.Readlink(newpath)
			if err != nil {
				path = newpath
				continue
			}
			seen[newpath] = ""
			r, err := resolve(path, target)
			if err != nil {
				return "", err
			}
			seen[newpath] = r
			path = r
		}
		return path, nil
	}
	base := ""
	if !strings.HasPrefix(p, "/") {
		base = wd
	}
	r, err := resolve(base, p)
	if r == "" {
		r = "/"
	}
	return r, err
}
