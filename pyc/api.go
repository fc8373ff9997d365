package pyc

import (
	"os"

	"github.com/gopyc/gopyc/compile"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/marshal"
)

// This file is the library API: compile Python 3.8 source to a code
// object, to .pyc bytes, or to a cache file, with no interpreter.

// CompileCode compiles src (the raw bytes of a .py file) as CPython 3.8's
// compile(src, filename, "exec", dont_inherit=True, optimize=optimize)
// does; filename becomes co_filename. The error, if any, is a *diag.Error
// (SyntaxError and friends); warnings come in the order CPython emits them.
// It reads no file. The code object's strings may share src's memory:
// leave src unmodified while the code is in use.
func CompileCode(src []byte, filename string, optimize int) (*marshal.Code, []diag.Warning, error) {
	return compile.Compile(src, filename, compile.Options{Optimize: optimize})
}

// PycOptions choose the header of the .pyc CompileBytes returns.
type PycOptions struct {
	Optimize int  // 0, 1 (-O) or 2 (-OO)
	Mode     Mode // invalidation mode; 0 means Timestamp
	// Mtime is the source modification time recorded in Timestamp mode
	// (integer seconds, as int(os.stat(path).st_mtime)).
	Mtime int64
}

// CompileBytes returns the complete .pyc CPython 3.8 writes for src named
// filename: the 16-byte header for opts.Mode (the size recorded in
// Timestamp mode is len(src)), then the marshalled code object.
func CompileBytes(src []byte, filename string, opts PycOptions) ([]byte, []diag.Warning, error) {
	compiled, warns, err := Hermetic(src, filename, opts.Optimize)
	if err != nil {
		return nil, warns, err
	}
	code, err := compiled.Marshal(share.State{})
	if err != nil {
		return nil, warns, err
	}
	var h Header
	switch opts.Mode {
	case 0, Timestamp:
		h = TimestampHeader(opts.Mtime, int64(len(src)))
	default:
		h = HashHeader(src, opts.Mode == CheckedHash)
	}
	return Encode(h, code), warns, nil
}

// FileOptions configure CompileFile.
type FileOptions struct {
	Optimize int
	// Mode is the invalidation mode; 0 means DefaultMode(os.Getenv)
	// (checked-hash when SOURCE_DATE_EPOCH is set), as py_compile.
	Mode Mode
	// Paths gives the cache location rules (pycache_prefix); the zero
	// value is CPython's default __pycache__ layout.
	Paths Paths
	// DFile is the name compiled in; "" means the source path.
	DFile string
}

// CompileFile is py_compile.compile(source, doraise=True): it writes the
// .pyc for source to its PEP 3147 cache path (under opts.Paths) and returns
// that path. A compile error is returned as a *diag.Error; the warnings
// are returned, not printed.
func CompileFile(source string, opts FileOptions) (cfile string, warns []diag.Warning, err error) {
	cfile, err = opts.Paths.FromSource(source, OptTag(opts.Optimize))
	if err != nil {
		return "", nil, err
	}
	mode := opts.Mode
	if mode == 0 {
		mode = DefaultMode(os.Getenv)
	}
	a := &Action{Src: source, Out: cfile, Name: opts.DFile, Mode: mode, Optimize: opts.Optimize}
	warns, _, err = Build(a, Default)
	if ae, ok := err.(*ActionError); ok {
		err = ae.Err
	}
	if err != nil {
		return "", warns, err
	}
	return cfile, warns, nil
}

// Default is the Compiler gopyc's compileall and py_compile modes use:
// gopyc's compiler, with SyntaxError text of errors found after parsing
// read back from the file named filename, as CPython does (so compileall
// -d names that do not exist give no text).
func Default(src []byte, filename string, optimize int) (Compiled, []diag.Warning, error) {
	return compileWith(src, filename, optimize, os.ReadFile)
}

// Hermetic is the Compiler for build actions: like Default but reading no
// file; SyntaxError text always comes from src.
func Hermetic(src []byte, filename string, optimize int) (Compiled, []diag.Warning, error) {
	return compileWith(src, filename, optimize, nil)
}

func compileWith(src []byte, filename string, optimize int, readFile func(string) ([]byte, error)) (Compiled, []diag.Warning, error) {
	u, warns, err := compile.CompileUnit(src, filename, compile.Options{Optimize: optimize, ReadFile: readFile})
	if u == nil {
		return nil, warns, err // no typed nil in the interface
	}
	return u, warns, err // on failure u carries the file's effects on the process
}
