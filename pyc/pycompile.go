package pyc

import (
	"bytes"
	"errors"
	"hash/maphash"
	"os"
	"strings"
	"sync/atomic"

	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/share"
)

// PyCompile is py_compile.compile(file, cfile, dfile, doraise=True,
// optimize=level, invalidation_mode=mode): it compiles file, names the code
// dfile (file when ""), and writes cfile atomically. A compile error is
// returned as the PyCompileError message in msg; err is any other exception
// (OSError and friends), as a *PyError or an OS error. data is what was
// written. Warnings go to stderr as the warnings module prints them.
func PyCompile(file, cfile, dfile string, level int, mode Mode, c Compiler, sourceLine func(string, int) string, stderr *bytes.Buffer) (data []byte, msg string, err error) {
	return pyCompile(file, cfile, dfile, level, mode, c, sourceLine, stderr, nil, nil, true)
}

// PyCompileRun is one `python3.8 -S -m py_compile` process compiling files
// one after the other: each file's bytes depend on what the files before it
// did to the process (see share.State), as in a compileall run. Its zero
// value is not ready; use NewPyCompileRun.
type PyCompileRun struct{ state share.State }

// NewPyCompileRun returns a fresh py_compile process.
func NewPyCompileRun() *PyCompileRun { return &PyCompileRun{state: share.PyCompileProcess()} }

// Compile is PyCompile as the run's next compilation.
func (r *PyCompileRun) Compile(file, cfile, dfile string, level int, mode Mode, c Compiler, sourceLine func(string, int) string, stderr *bytes.Buffer) (data []byte, msg string, err error) {
	// A turn already started, with no file before it and no driver: it
	// neither waits nor guesses, and ends with the state after the file.
	t := &turn{state: r.state, started: true}
	data, msg, err = pyCompile(file, cfile, dfile, level, mode, c, sourceLine, stderr, t, nil, true)
	r.state = t.state
	return data, msg, err
}

// pyCompile is PyCompile as the t-th compilation of a compileall process
// that remembers the cache directories it made in dirs (may be nil); data
// is returned only when keep is set.
// The source's mtime, size and mode come from the descriptor it is read
// through, which spares three stat calls and cannot pair the bytes of one
// version of the file with the stat of another.
func pyCompile(file, cfile, dfile string, level int, mode Mode, c Compiler, sourceLine func(string, int) string, stderr *bytes.Buffer, t *turn, dirs *dirCache, keep bool) (data []byte, msg string, err error) {
	t.reacquire()
	dir := ""
	if i := strings.LastIndexByte(cfile, '/'); i >= 0 {
		dir = trimSlash(cfile[:i+1])
	}
	// In a directory this run made, the target can only be a file the
	// run wrote: no lstat is needed to know it is absent or regular (a
	// file written there since is replaced, see writeAtomic).
	absent := dirs != nil && dir != "" && dirs.madeHere(dir)
	if !absent {
		if absent, err = checkTarget(cfile); err != nil {
			return nil, "", err
		}
	}
	src, sst, err := readSource(file, t)
	if err != nil {
		return nil, "", err
	}
	// Everything made from src (the code object, its strings) is dead
	// when this returns; msg is copied so that it cannot be either.
	defer func() { srcBuffers.put(src) }()
	if dfile == "" {
		dfile = file
	}
	filename := FromOS(dfile)
	var compiled Compiled
	var warns []diag.Warning
	if level < -1 || level > 2 {
		err = &diag.Error{Class: "ValueError", Msg: "compile(): invalid optimize value"}
	} else {
		compiled, warns, err = safeCompile(c, src, filename, level)
	}
	// Once marshalled (or failed), the code is dead: its memory goes to
	// the next file.
	defer release(compiled)
	var h Header
	switch mode {
	case Timestamp:
		h = TimestampHeader(sst.mtime(), sst.size)
	default:
		h = HashHeader(src, mode == CheckedHash)
	}
	w := pycWriter{cfile: cfile, dir: dir, dirs: dirs, absent: absent, mode: sst.cacheMode(), header: h, keep: keep, size: len(src), filename: filename}
	if err == nil && speculate {
		if guessAlways && t != nil || !t.ready() {
			// The files before this one are still compiling. Rather than
			// wait for the state they leave, holding this file's code,
			// write the bytes for the state they will most likely leave,
			// and check the guess when that state is known: the file is
			// compiled and written again on the rare miss. Many files
			// can then wait for their turn at little cost.
			if t.halted() {
				return nil, "", nil
			}
			guess := t.guessState()
			if guessFor != nil {
				guess = guessFor(file, guess)
			}
			data, msg, err = w.write(compiled, guess)
			WriteWarnings(stderr, warns, sourceLine)
			// A wrong guess, which is rare, compiles the source again.
			// Dozens of files may wait at once: the buffer goes back
			// to the pool (buffers held by waiting files were an
			// eighth of a stdlib run's fresh memory, ~900 page
			// faults), and a wrong guess reads the file again and
			// checks that it is the same. A source settled before
			// the run is the same when its stat is (sameFile); one
			// changed since is kept while the sources kept stay
			// within waitingSourceBudget, else checked by a hash of
			// its bytes (hashing every source cost 0.5% of a run's
			// instructions).
			held := int64(0)
			var sum uint64
			size := len(src)
			settled := sst.settled(t.runStart())
			if !settled {
				if held = int64(cap(src)); waitingSource.Add(held) > waitingSourceBudget {
					waitingSource.Add(-held)
					held = 0
					sum = maphash.Bytes(srcSeed, src)
				}
			}
			if held == 0 {
				srcBuffers.put(src)
				src = nil
			}
			st := t.before()
			waitingSource.Add(-held)
			t.ran(compiled)
			if err != nil || msg != "" || sameBytes(compiled, guess, st) {
				return data, msg, err
			}
			guessMisses.Add(1)
			t.reacquire()
			if src == nil {
				var again srcStat
				if src, again, err = readSource(file, t); err != nil || len(src) != size ||
					settled && !sst.sameFile(&again) || !settled && maphash.Bytes(srcSeed, src) != sum {
					// Changed or gone since it was compiled: the
					// file written stands, the code of the source
					// as read (valid, though its ref flags may
					// differ from a sequential run's; the run raced
					// an edit anyway).
					return data, msg, nil
				}
			}
			if compiled, _, err = safeCompile(c, src, filename, level); err != nil {
				return nil, strings.Clone(compileErrorMsg(err, filename)), nil
			}
			defer release(compiled)
			w.absent = false
			return w.write(compiled, st)
		}
	}
	st := t.before()
	t.ran(compiled)
	if t.halted() {
		return nil, "", nil
	}
	WriteWarnings(stderr, warns, sourceLine)
	if err != nil {
		if e, ok := err.(*diag.Error); ok {
			stderr.WriteString(e.Stderr)
		}
		return nil, strings.Clone(compileErrorMsg(err, filename)), nil
	}
	return w.write(compiled, st)
}

// waitingSource counts the bytes of the source buffers kept by files
// waiting for their turn, which waitingSourceBudget bounds.
var waitingSource atomic.Int64

var waitingSourceBudget int64 = 8 << 20 // a variable for tests

// srcSeed seeds the checksums that tell a source read again after a wrong
// guess from the one compiled first.
var srcSeed = maphash.MakeSeed()

// Knobs for tests of the guess (see pyCompile).
var (
	// speculate lets files that finish compiling before their turn write
	// their bytes at once.
	speculate = true
	// guessAlways takes that path even when the state is known, and
	// guessFor, when set, replaces the guess for the source file.
	guessAlways bool
	guessFor    func(file string, guess share.State) share.State
	// guessMisses counts the files written twice.
	guessMisses atomic.Int64
)

// release gives c's memory back for later files, once nothing made from it
// is used; it may be called more than once.
func release(c Compiled) {
	if r, ok := c.(interface{ Release() }); ok {
		r.Release()
	}
}

// sameBytes reports whether c, marshalled for a process in state a, has the
// same bytes in state b.
func sameBytes(c Compiled, a, b share.State) bool {
	if sb, ok := c.(interface{ SameBytes(a, b share.State) bool }); ok {
		return sb.SameBytes(a, b)
	}
	return a == b
}

// pycWriter writes one cache file.
type pycWriter struct {
	cfile, dir string
	dirs       *dirCache
	absent     bool // cfile is known not to exist
	mode       os.FileMode
	header     Header
	keep       bool // return the bytes written
	size       int  // of the source
	filename   string
}

// write marshals c as a process in state st would, releases c and writes
// the file, as pyCompile returns.
func (w *pycWriter) write(c Compiled, st share.State) (data []byte, msg string, err error) {
	// A buffer the size of the source: half the standard library's .pyc
	// files are smaller than their source and the buffer's power-of-two
	// class leaves room for most of the rest (85 of 2,234 grow it). Asking
	// for twice the size drew from larger classes than the files need, and
	// pooled buffers are touched in full: 4.2 MB of them per stdlib run,
	// 2.3 MB this way.
	out := srcBuffers.get(w.size + 64)
	defer func() { srcBuffers.put(out) }()
	out, err = appendPyc(w.header.Append(out), c, st)
	release(c)
	if err != nil {
		return nil, strings.Clone(compileErrorMsg(err, w.filename)), nil
	}
	dirs := w.dirs
	if w.dir != "" {
		if dirs == nil {
			err = MakeDirs(w.dir)
		} else {
			err = dirs.makeDirs(w.dir)
		}
		if err != nil {
			return nil, "", err
		}
	} else {
		dirs = nil
	}
	if err := writeAtomic(w.cfile, out, w.mode, dirs, w.dir, w.absent); err != nil {
		return nil, "", err
	}
	if w.keep {
		data = bytes.Clone(out)
	}
	return data, "", nil
}

// appendPyc appends the marshalled code to dst (a header), straight into
// the buffer when the compilation can append it.
func appendPyc(dst []byte, c Compiled, st share.State) ([]byte, error) {
	if ap, ok := c.(interface {
		AppendMarshal([]byte, share.State) ([]byte, error)
	}); ok {
		return ap.AppendMarshal(dst, st)
	}
	code, err := c.Marshal(st)
	return append(dst, code...), err
}

// compileErrorMsg is PyCompileError(...).msg for a compiler error.
func compileErrorMsg(err error, filename string) string {
	var de *diag.Error
	if !errors.As(err, &de) {
		de = &diag.Error{Class: "SystemError", Msg: "gopyc: " + err.Error()}
	}
	return de.PyCompileMsg(filename)
}

// WriteWarnings prints the warnings the default filters let through: a
// DeprecationWarning only for a module named __main__, never the other
// categories ignored by default. sourceLine (may be nil) supplies the
// source line shown under each, as linecache does.
func WriteWarnings(w *bytes.Buffer, warns []diag.Warning, sourceLine func(string, int) string) {
	for i := range warns {
		wa := &warns[i]
		switch wa.Category {
		case "DeprecationWarning":
			if strings.TrimSuffix(wa.Filename, ".py") != "__main__" {
				continue
			}
		case "PendingDeprecationWarning", "ImportWarning", "ResourceWarning":
			continue
		}
		line := ""
		if sourceLine != nil && !(strings.HasPrefix(wa.Filename, "<") && strings.HasSuffix(wa.Filename, ">")) {
			line = sourceLine(ToOS(wa.Filename), wa.Lineno)
		}
		w.WriteString(BackslashReplace(wa.Format(line, line != "")))
	}
}

// GuessMisses returns how many files this process compiled a second time
// because the state guessed for them while earlier files compiled was
// wrong (see pyCompile). It is for tuning: such recompilations depend on
// how the goroutines were scheduled, and an instruction count that
// includes them is not comparable with one that does not.
func GuessMisses() int64 { return guessMisses.Load() }
