package pyc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/gopyc/gopyc/compile/diag"
)

// Compiler compiles the source of one file for the driver: it returns the
// marshalled code object, or a *diag.Error, plus the warnings raised.
// filename is the Python str (WTF-8) that becomes co_filename.
type Compiler func(src []byte, filename string, optimize int) (code []byte, warns []diag.Warning, err error)

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

	Compile Compiler
	// SourceLine returns line lineno of the file a warning names, as
	// linecache.getline does, or "" when it cannot be read. Nil: no lines.
	SourceLine func(filename string, lineno int) string
	Stdout     io.Writer
	Stderr     io.Writer
	Getenv     func(string) string // nil: os.Getenv
}

// FatalError is an exception compileall does not catch: CPython prints a
// traceback and exits with status 1; gopyc prints the exception line.
type FatalError struct{ Class, Msg string }

func (e *FatalError) Error() string { return e.Class + ": " + e.Msg }

// Run compiles dests (files and directories, in order) as compileall's main
// does and reports whether every file compiled. Files are compiled in
// parallel but everything is printed in the order of a serial run.
func Run(dests []string, o *Options) (ok bool, err error) {
	d := newDriver(o)
	go d.walk(dests)
	ok = true
	for it := range d.order {
		<-it.done
		if err != nil {
			continue // CPython stopped at the uncaught exception
		}
		d.stdout.Write(it.out)
		d.stderr.Write(it.errOut)
		if it.fatal != nil {
			err = it.fatal
			d.stop()
		}
		if !it.ok {
			ok = false
		}
	}
	d.stdout.Flush()
	d.stderr.Flush()
	return ok && err == nil, err
}

// item is one step of the serial run: a directory listing or one file.
type item struct {
	file, ddir string
	hasDDir    bool
	// Set by the worker before done is closed:
	out, errOut []byte
	ok          bool
	fatal       error
	done        chan struct{}
	after       []chan struct{} // earlier items writing the same cache files
}

type driver struct {
	o              *Options
	order          chan *item
	work           chan *item
	stdout, stderr *bufferedWriter
	mode           Mode
	levels         []int
	lastFor        map[string]chan struct{} // cache file -> done of the latest item writing it (walker only)
	pending        sync.WaitGroup
	quit           chan struct{}
	quitOnce       sync.Once
}

func newDriver(opts *Options) *driver {
	o := *opts // private copy: the working directory gets cached in it
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	d := &driver{
		o:       &o,
		order:   make(chan *item, 4*workers+16),
		work:    make(chan *item, 4*workers+16),
		stdout:  &bufferedWriter{w: o.Stdout},
		stderr:  &bufferedWriter{w: o.Stderr},
		mode:    o.Mode,
		lastFor: map[string]chan struct{}{},
		quit:    make(chan struct{}),
	}
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
	for i := 0; i < workers; i++ {
		go d.worker()
	}
	return d
}

func dedupe(s []int) []int {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func (d *driver) stop() { d.quitOnce.Do(func() { close(d.quit) }) }

func (d *driver) worker() {
	for it := range d.work {
		for _, c := range it.after {
			<-c
		}
		d.compileFile(it)
		close(it.done)
		d.pending.Done()
	}
}

// emit queues an item already complete (listing lines).
func (d *driver) emit(out string) bool {
	it := &item{out: []byte(out), ok: true, done: make(chan struct{})}
	close(it.done)
	return d.push(it, false)
}

func (d *driver) push(it *item, compile bool) bool {
	select {
	case <-d.quit:
		return false
	case d.order <- it:
	}
	if compile {
		d.pending.Add(1)
		d.work <- it
	}
	return true
}

// walk produces the items in compileall's order: for each destination, a
// file, or the recursive listing of a directory.
func (d *driver) walk(dests []string) {
	defer func() {
		close(d.work)
		close(d.order)
	}()
	for _, dest := range dests {
		if isFile(dest) {
			if !d.file(dest, d.o.DDir) {
				return
			}
			continue
		}
		if d.o.Workers < 0 {
			it := &item{done: make(chan struct{}), fatal: &FatalError{"ValueError", "workers must be greater or equal to 0"}}
			close(it.done)
			d.push(it, false)
			return
		}
		if !d.dir(dest, d.o.DDir, d.o.MaxLevels) {
			return
		}
	}
}

func (d *driver) file(name string, ddir *string) bool {
	it := &item{file: name, done: make(chan struct{})}
	if ddir != nil {
		it.ddir, it.hasDDir = *ddir, true
	}
	// A file met twice (named twice, or reached by two routes) must see the
	// cache file the first compilation wrote, as in a serial run.
	for _, lvl := range d.levels {
		c := name + "c"
		if !d.o.Legacy {
			var err error
			if c, err = d.o.Paths.FromSource(name, OptTag(lvl)); err != nil {
				continue
			}
		}
		key := cleanPath(d.abs(c))
		if prev := d.lastFor[key]; prev != nil {
			it.after = append(it.after, prev)
		}
		d.lastFor[key] = it.done
	}
	return d.push(it, true)
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
	var names []string
	if err == nil {
		names, err = f.Readdirnames(-1)
		f.Close()
	}
	if err != nil {
		names = nil
		if d.o.Quiet < 2 && !d.emit("Can't list "+Repr(FromOS(dir))+"\n") {
			return false
		}
	}
	sort.Strings(names) // code point order, as Python sorts str
	for _, name := range names {
		if name == "__pycache__" {
			continue
		}
		full := pathJoin(dir, name)
		var dfile *string
		if ddir != nil {
			s := pathJoin(*ddir, name)
			dfile = &s
		}
		fi, err := os.Stat(full)
		if err != nil || !fi.IsDir() {
			if !d.file(full, ddir) {
				return false
			}
			continue
		}
		if maxlevels > 0 && name != "." && name != ".." && !isLink(full) {
			if !d.dir(full, dfile, maxlevels-1) {
				return false
			}
		}
	}
	return true
}

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
	if o.Rx != nil && o.Rx.MatchString(FromOS(full)) {
		return
	}
	if !isFile(full) {
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
	for i, lvl := range d.levels {
		msg, err := d.pyCompile(full, cfiles[i], dfile, lvl, &errOut)
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
// a zero flags word and the source's integer mtime. The size is not
// compared, and a hash-based file never counts as current.
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
	for _, c := range cfiles {
		f, err := os.Open(c)
		if err != nil {
			return false, nil
		}
		var got [12]byte
		n, _ := io.ReadFull(f, got[:])
		f.Close()
		if n != 12 || got != want {
			return false, nil
		}
	}
	return true, nil
}

// pyMtime is int(os.stat(path).st_mtime): CPython builds the float
// seconds + nanoseconds*1e-9 and truncates it, which can round up to the
// next second.
func pyMtime(fi os.FileInfo) int64 {
	t := fi.ModTime()
	return int64(math.Trunc(float64(t.Unix()) + float64(t.Nanosecond())*1e-9))
}

// pyCompile is py_compile.compile with doraise: it returns the
// PyCompileError message for a compile error, or err for the other
// exceptions compileall catches (OSError and friends).
func (d *driver) pyCompile(file, cfile, dfile string, level int, stderr *bytes.Buffer) (msg string, err error) {
	if err := CheckTarget(cfile); err != nil {
		return "", err
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	if dfile == "" {
		dfile = file
	}
	filename := FromOS(dfile)
	var code []byte
	var warns []diag.Warning
	if level < -1 || level > 2 {
		err = &diag.Error{Class: "ValueError", Msg: "compile(): invalid optimize value"}
	} else {
		code, warns, err = safeCompile(d.o.Compile, src, filename, level)
	}
	d.warn(warns, stderr)
	if err != nil {
		var de *diag.Error
		if !errors.As(err, &de) {
			de = &diag.Error{Class: "SystemError", Msg: "gopyc: " + err.Error()}
		}
		return de.PyCompileMsg(filename), nil
	}
	if i := strings.LastIndexByte(cfile, '/'); i >= 0 {
		if err := MakeDirs(trimSlash(cfile[:i+1])); err != nil {
			return "", err
		}
	}
	var h Header
	switch d.mode {
	case Timestamp:
		fi, err := os.Stat(file)
		if err != nil {
			return "", err
		}
		h = TimestampHeader(pyMtime(fi), fi.Size())
	default:
		h = HashHeader(src, d.mode == CheckedHash)
	}
	return "", WriteAtomic(cfile, Encode(h, code), CalcMode(file))
}

// safeCompile turns a compiler panic into an error for that file alone, so
// one bad input neither stops the run nor leaves a partial file.
func safeCompile(c Compiler, src []byte, filename string, level int) (code []byte, warns []diag.Warning, err error) {
	defer func() {
		if r := recover(); r != nil {
			code, err = nil, fmt.Errorf("internal compiler error: %v", r)
		}
	}()
	return c(src, filename, level)
}

// warn prints the warnings the default filters let through: a
// DeprecationWarning only for a module named __main__, never the other
// categories ignored by default.
func (d *driver) warn(warns []diag.Warning, w *bytes.Buffer) {
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
		if d.o.SourceLine != nil && !(strings.HasPrefix(wa.Filename, "<") && strings.HasSuffix(wa.Filename, ">")) {
			line = d.o.SourceLine(ToOS(wa.Filename), wa.Lineno)
		}
		w.WriteString(BackslashReplace(wa.Format(line, line != "")))
	}
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
