// Package diag holds the errors and warnings the compiler reports, as values
// carrying what CPython 3.8 would put in the exception or warning: class
// name, message, file, line, offset and source text.
package diag

import (
	"strconv"
	"strings"
)

// Error is a compile error: SyntaxError, IndentationError, TabError, or one
// of the non-syntax exceptions compile() can raise (ValueError for NUL bytes,
// RecursionError, MemoryError, UnicodeDecodeError, OverflowError, ...).
type Error struct {
	Class    string // Python exception class name, e.g. "SyntaxError"
	Msg      string
	Filename string
	Lineno   int    // 0 when the exception has no location
	Offset   int    // 1-based column in characters as CPython reports it; 0 when unknown
	Text     string // the source line, as SyntaxError.text holds it (with its newline); "" when None
	HasText  bool   // false when SyntaxError.text is None
	// Stderr is what CPython's C code writes straight to stderr on the way
	// to this error, before it is raised: the parser's stack overflow line.
	Stderr string
}

func (e *Error) Error() string {
	if e.Lineno == 0 {
		return e.Class + ": " + e.Msg
	}
	return e.Class + ": " + e.Msg + " (" + e.Filename + ", line " + strconv.Itoa(e.Lineno) + ")"
}

// IsSyntax reports whether the class is SyntaxError or one of its subclasses,
// the errors CPython prints with a file/line/caret block.
func (e *Error) IsSyntax() bool {
	switch e.Class {
	case "SyntaxError", "IndentationError", "TabError":
		return true
	}
	return false
}

// Warning is a SyntaxWarning or DeprecationWarning raised while compiling.
type Warning struct {
	Category string // "SyntaxWarning" or "DeprecationWarning"
	Msg      string
	Filename string
	Lineno   int
}

// Format renders the warning the way CPython's warnings module prints it to
// stderr during compileall: "FILE:LINE: CATEGORY: MSG\n" followed by the
// source line when it can be read (CPython reads it from the file with
// linecache, stripped, indented by two spaces).
func (w *Warning) Format(sourceLine string, haveLine bool) string {
	var b strings.Builder
	b.WriteString(w.Filename)
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(w.Lineno))
	b.WriteString(": ")
	b.WriteString(w.Category)
	b.WriteString(": ")
	b.WriteString(w.Msg)
	b.WriteByte('\n')
	// warnings prints any non-empty line, even one that strips to nothing,
	// and strips with str.strip (which also drops 0x1C-0x1F).
	if haveLine && sourceLine != "" {
		b.WriteString("  ")
		b.WriteString(pyStrip(sourceLine))
		b.WriteByte('\n')
	}
	return b.String()
}
