// Package compile turns Python 3.8 source into the code object CPython 3.8
// would build for it. It chains the pipeline stages, each in its own
// subpackage in CPython's order: parser (decoding, tokenizing, parsing),
// astopt (constant folding), future, symtable, codegen (with peephole).
package compile

import (
	"github.com/gopyc/gopyc/compile/astopt"
	"github.com/gopyc/gopyc/compile/codegen"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/parser"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/symtable"
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
// does. filename becomes co_filename. On failure the error is a
// *diag.Error; warnings are returned in the order CPython emits them.
func Compile(src []byte, filename string, opts Options) (*marshal.Code, []diag.Warning, error) {
	mod, warns, err := parser.ParseFile(src, filename)
	if err != nil {
		return nil, warns, err
	}
	fut, err := future.Parse(mod, filename)
	if err != nil {
		return nil, warns, withText(err, src, filename, opts)
	}
	astopt.Optimize(mod, opts.Optimize)
	st, err := symtable.Build(mod, filename, fut)
	if err != nil {
		return nil, warns, withText(err, src, filename, opts)
	}
	code, cw, err := codegen.Compile(mod, st, fut, filename, codegen.Options{Optimize: opts.Optimize})
	warns = append(warns, cw...)
	if err != nil {
		return nil, warns, withText(err, src, filename, opts)
	}
	share.Apply(code)
	return code, warns, nil
}

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
