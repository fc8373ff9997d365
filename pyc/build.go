package pyc

import (
	"github.com/gopyc/gopyc/compile/share"

	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gopyc/gopyc/compile/diag"
)

// Action is one explicit compilation for a build system: a declared source,
// a declared output, and everything else spelled out, so that the result
// depends on nothing but the source bytes and these fields.
type Action struct {
	Src  string // source file to read
	Out  string // .pyc file to write (atomically; missing parent directories are created)
	Name string // co_filename and the name in error messages; "" means Src
	Mode Mode   // invalidation mode; must be set (see DefaultMode)
	// Optimize is the optimization level, 0, 1 or 2.
	Optimize int
	// Mtime, for Timestamp mode, is the source mtime recorded in the
	// header; nil means the integer part of Src's st_mtime. The size
	// recorded is always the length of the source read.
	Mtime *int64
}

// ActionError is a failed Action: Err is a *diag.Error for a compile error,
// otherwise an OS error or a *PyError.
type ActionError struct {
	Action *Action
	Err    error
}

// Unwrap returns the action's error.
func (e *ActionError) Unwrap() error { return e.Err }

func (e *ActionError) Error() string {
	return e.Action.Src + " -> " + e.Action.Out + ": " + e.Message()
}

// Message is the error as py_compile prints it: the SyntaxError block, a
// "Sorry: CLASS: msg" line for other compile errors, "CLASS: msg" for
// exceptions such as OSError.
func (e *ActionError) Message() string {
	var de *diag.Error
	if errors.As(e.Err, &de) {
		return strings.TrimSuffix(de.PyCompileMsg(e.Action.name()), "\n")
	}
	return AsPyError(e.Err).Error()
}

func (a *Action) name() string {
	if a.Name == "" {
		return a.Src
	}
	return a.Name
}

// Check validates the fields that do not need the file system.
func (a *Action) Check() error {
	switch {
	case a.Src == "":
		return errors.New("no source given")
	case a.Out == "":
		return errors.New("no output given")
	case a.Mode < Timestamp || a.Mode > UncheckedHash:
		return fmt.Errorf("invalid invalidation mode %v", a.Mode)
	case a.Optimize < 0 || a.Optimize > 2:
		return fmt.Errorf("invalid optimization level %d (0, 1 or 2)", a.Optimize)
	}
	return nil
}

// Build performs a: it reads a.Src (and stats it for timestamp mode
// without Mtime), compiles it with c, and replaces a.Out with the .pyc.
// Nothing else is read: c should take SyntaxError text from the source
// bytes, not from a file named a.Name (see compile.Options.ReadFile). On
// error a.Out is left as it was. The warnings are returned for the caller
// to print (their source lines are in the returned source).
func Build(a *Action, c Compiler) (warns []diag.Warning, src []byte, err error) {
	if err := a.Check(); err != nil {
		return nil, nil, &ActionError{a, err}
	}
	if err := CheckTarget(a.Out); err != nil {
		return nil, nil, &ActionError{a, err}
	}
	f, err := os.Open(a.Src)
	if err != nil {
		return nil, nil, &ActionError{a, err}
	}
	fi, err := f.Stat()
	if err == nil {
		src, err = io.ReadAll(f)
	}
	f.Close()
	if err != nil {
		return nil, nil, &ActionError{a, err}
	}
	compiled, warns, err := safeCompile(c, src, FromOS(a.name()), a.Optimize)
	if err != nil {
		return warns, src, &ActionError{a, err}
	}
	// A hermetic action is a fresh process of its own.
	code, err := compiled.Marshal(share.State{})
	if err != nil {
		return warns, src, &ActionError{a, err}
	}
	var h Header
	switch a.Mode {
	case Timestamp:
		mtime := pyMtime(fi)
		if a.Mtime != nil {
			mtime = *a.Mtime
		}
		h = TimestampHeader(mtime, int64(len(src)))
	default:
		h = HashHeader(src, a.Mode == CheckedHash)
	}
	if i := strings.LastIndexByte(a.Out, '/'); i > 0 {
		if err := MakeDirs(a.Out[:i]); err != nil {
			return warns, src, &ActionError{a, err}
		}
	}
	if err := WriteAtomic(a.Out, Encode(h, code), CalcMode(a.Src)); err != nil {
		return warns, src, &ActionError{a, err}
	}
	return warns, src, nil
}
