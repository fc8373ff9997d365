// Package compile turns Python 3.8 source into the code object CPython 3.8
// would build for it. It chains the pipeline stages, each in its own
// subpackage in CPython's order: parser (decoding, tokenizing, parsing),
// astopt (constant folding), future, symtable, codegen (with peephole).
package compile

import (
	"bytes"
	"errors"
	"sync"

	"github.com/gopyc/gopyc/compile/astopt"
	"github.com/gopyc/gopyc/compile/codegen"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/parser"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/internal/idle"
	"github.com/gopyc/gopyc/marshal"
)

// Options are the settings of one compilation.
type Options struct {
	Optimize int // 0, 1 (-O) or 2 (-OO)

	// ReadFile, when set, is how SyntaxError.text is found for errors raised
	// after parsing: CPython reads line N of the file named filename from
	// disk (so compileall's -d names that do not exist give no text). When
	// nil the text comes from src, which keeps compilation free of I/O.
	ReadFile func(name string) ([]byte, error)
}

// Compile compiles src (the raw bytes of a .py file) as CPython 3.8's
// compile(src, filename, "exec", dont_inherit=True, optimize=opts.Optimize)
// does in a fresh `python3.8 -S -m compileall` process. filename becomes
// co_filename. On failure the error is a *diag.Error; warnings are returned
// in the order CPython emits them. The code object's strings may share
// src's memory, so src must not be modified while the code is in use.
func Compile(src []byte, filename string, opts Options) (*marshal.Code, []diag.Warning, error) {
	u, warns, err := CompileUnit(src, filename, opts)
	if err != nil {
		return nil, warns, err
	}
	return u.Code(share.State{}), warns, nil
}

// A Unit is a compiled module whose bytes still depend on the compiling
// process: CPython's marshal output follows reference counts, and those
// follow what earlier compilations in the same process imported or interned.
type Unit struct {
	code    *marshal.Code
	effects share.Effects
	mem     *unitMemory // what code was allocated from
	deps    share.State // what the last Code's sharing depended on
}

// CompileUnit compiles src like Compile but leaves the code object's sharing
// to be fixed by Unit.Code. On failure it still returns a Unit (with no
// code) carrying the file's effects on the process. As with Compile, src
// must stay unmodified while the unit is in use.
func CompileUnit(src []byte, filename string, opts Options) (*Unit, []diag.Warning, error) {
	mem := memories.Get()
	ps := parsers.Get()
	ps.Constants = &mem.consts
	mod, warns, err := ps.ParseFile(src, filename)
	defer func() {
		ps.Constants = nil
		ps.Release()
		parsers.Put(ps)
	}()
	// What building the tree did to CPython's process, whether it failed
	// or not (codegen adds its own below).
	named, names := ps.Decoded()
	// The unit is made here, so that codegen adds to its effects in place
	// (a separate value escaped: a second allocation per file).
	u := &Unit{effects: effectsOf(src, named, names)}
	if err != nil {
		recycle(mem)
		return u.failed(err), warns, err
	}
	fut, err := future.Parse(mod, filename)
	if err != nil {
		recycle(mem)
		err = withText(err, src, filename, opts)
		return u.failed(err), warns, err
	}
	astopt.OptimizeIn(mod, opts.Optimize, &mem.folded)
	st, err := symtable.Build(mod, filename, fut)
	if err != nil {
		recycle(mem)
		err = withText(err, src, filename, opts)
		return u.failed(err), warns, err
	}
	code, cw, err := codegen.Compile(mod, st, fut, filename, codegen.Options{Optimize: opts.Optimize, Memory: &mem.code, Effects: &u.effects})
	// The code holds nothing of the symbol table: its memory serves the
	// next file.
	st.Release()
	warns = append(warns, cw...)
	if err != nil {
		recycle(mem)
		err = withText(err, src, filename, opts)
		return u.failed(err), warns, err
	}
	u.code, u.mem = code, mem
	return u, warns, nil
}

// unitMemory is what a unit's code objects are allocated from: the
// constants the parser makes, those folding makes and the objects codegen
// makes.
type unitMemory struct {
	consts parser.Constants
	folded astopt.Memory
	code   codegen.Memory
}

// memories hold the memory of released units for later files.
var memories idle.List[unitMemory]

// maxRecycled bounds the code-object memory a pooled unitMemory may keep.
const maxRecycled = 16 << 20

func recycle(mem *unitMemory) {
	if mem.code.Size() <= maxRecycled {
		mem.consts.Reset()
		mem.folded.Reset()
		mem.code.Reset()
		memories.Put(mem)
	}
}

// Release gives the memory of u's code objects to later compilations,
// which saves allocating it anew when many files are compiled one after
// another. Neither u nor anything obtained from it (its code objects,
// strings and tuples) may be used afterwards; a unit never released is
// simply collected.
func (u *Unit) Release() {
	if u != nil && u.mem != nil {
		recycle(u.mem)
		u.mem, u.code = nil, nil
	}
}

// failed makes u the unit of a file that did not compile: compileall's
// report of the error runs code in the process, with effects of its own.
func (u *Unit) failed(err error) *Unit {
	if de, ok := err.(*diag.Error); ok {
		u.effects.Add(de.ReportPath())
	}
	return u
}

// parsers recycle a tree's memory for the next file: a tree is done with
// once CompileUnit returns (code objects keep only its constants, which
// are the unit's memory, not the Parser's).
var parsers idle.List[parser.Parser]

// After returns the process state once this file has been compiled in st.
func (u *Unit) After(st share.State) share.State { return st.After(u.effects) }

// Code returns the code object with its sharing fixed as a process in state
// st (the state left by the files compiled before this one) would have it.
// It returns nil for a unit whose compilation failed.
func (u *Unit) Code(st share.State) *marshal.Code {
	if u.code != nil {
		// codegen interns module-wide: equal interned strings are one
		// object already.
		u.deps = share.ApplyDistinct(u.code, u.marshalState(st))
	}
	return u.code
}

// AppendMarshal appends the code object in marshal format as a process in
// state st would write it (Marshal into dst, without Code's separate walk
// of the tree). It appends nothing for a unit whose compilation failed.
func (u *Unit) AppendMarshal(dst []byte, st share.State) ([]byte, error) {
	if u.code == nil {
		return dst, errNoCode
	}
	out, deps, err := share.AppendDistinct(dst, u.code, u.marshalState(st))
	u.deps = deps
	return out, err
}

// SameBytes reports whether the code, last fixed by Code or Marshal for a
// process in state a, has the same bytes in state b; it may be asked after
// Release.
func (u *Unit) SameBytes(a, b share.State) bool {
	return u.marshalState(a).Agrees(u.marshalState(b), u.deps)
}

// marshalState is the state of a process that starts compiling this file in
// st when it marshals the code: the file's own effects (a codec, unicodedata
// imported to build the tree, the unparser's interned strings) all happen
// before, so they count for its bytes as for later files'.
func (u *Unit) marshalState(st share.State) share.State { return st.After(u.effects) }

// withText fills SyntaxError.text for errors raised after parsing, which
// CPython reads back from the source file by line number.
func withText(err error, src []byte, filename string, opts Options) error {
	e, ok := err.(*diag.Error)
	if !ok || !e.IsSyntax() || e.HasText || e.Lineno <= 0 {
		return err
	}
	if opts.ReadFile != nil {
		var rerr error
		if src, rerr = opts.ReadFile(filename); rerr != nil {
			return err
		}
	}
	e.Text, e.HasText = diag.ProgramText(src, e.Lineno)
	return err
}

// Marshal returns the unit's code object in marshal format as a process in
// state st would write it.
func (u *Unit) Marshal(st share.State) ([]byte, error) {
	// Written into a pooled scratch buffer, then copied once at its exact
	// size.
	sp := scratch.Get().(*[]byte)
	b, err := u.AppendMarshal((*sp)[:0], st)
	var out []byte
	if err == nil {
		out = bytes.Clone(b)
	}
	if cap(b) <= 1<<20 {
		*sp = b[:0]
	}
	scratch.Put(sp)
	return out, err
}

var scratch = sync.Pool{New: func() any { return new([]byte) }}

var errNoCode = errors.New("compile: marshal of a unit that failed to compile")
