package diag

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file renders errors as CPython 3.8 prints them during compileall:
// py_compile.PyCompileError's message, which is traceback's
// format_exception_only block for exactly SyntaxError and a one-line
// "Sorry: CLASS: str(exc)" for every other class (IndentationError and
// TabError included, since py_compile tests the class by identity).
//
// Strings are Python str values in WTF-8 (lone surrogates as three bytes);
// lengths and offsets count code points, as CPython does. Offset is always
// taken as the integer CPython stores: compile() never leaves it None.

// Str is str() of the exception. SyntaxError and its subclasses append the
// base name of the file and the line number to the message.
func (e *Error) Str() string {
	if !e.IsSyntax() {
		return e.Msg
	}
	base := e.Filename[strings.LastIndexByte(e.Filename, '/')+1:]
	return e.Msg + " (" + base + ", line " + strconv.Itoa(e.Lineno) + ")"
}

// FormatExceptionOnly is traceback.format_exception_only(type(e), e) joined:
// for syntax errors the "  File ..., line N" line, the stripped source line
// and a caret under the offset, then "CLASS: msg".
func (e *Error) FormatExceptionOnly() string {
	var b strings.Builder
	if !e.IsSyntax() {
		b.WriteString(e.Class)
		if s := e.Str(); s != "" {
			b.WriteString(": ")
			b.WriteString(s)
		}
		b.WriteByte('\n')
		return b.String()
	}
	name := e.Filename
	if name == "" {
		name = "<string>"
	}
	b.WriteString(`  File "`)
	b.WriteString(name)
	b.WriteString(`", line `)
	b.WriteString(strconv.Itoa(e.Lineno))
	b.WriteByte('\n')
	if e.HasText {
		b.WriteString("    ")
		b.WriteString(pyStrip(e.Text))
		b.WriteByte('\n')
		// The caret goes under code point Offset of the line; whitespace
		// before it is copied (tabs keep their width), anything else
		// becomes a space, after dropping the line's indentation.
		b.WriteString("    ")
		e.caretSpace(&b)
		b.WriteString("^\n")
	}
	msg := e.Msg
	if msg == "" {
		msg = "<no detail available>"
	}
	b.WriteString(e.Class)
	b.WriteString(": ")
	b.WriteString(msg)
	b.WriteByte('\n')
	return b.String()
}

// caretSpace writes what goes before the caret: the text line up to the
// code point before Offset, indentation dropped, whitespace copied (tabs
// keep their width) and anything else a space. It reports whether that
// run was non-empty.
func (e *Error) caretSpace(b *strings.Builder) bool {
	line := strings.TrimRight(e.Text, "\n")
	n := runeCount(line)
	end := min(n, e.Offset) - 1
	if end < 0 {
		end = max(n+end, 0) // a negative slice bound counts from the end
	}
	lead := true
	for i, s := 0, line; i < end; i++ {
		r, size := decodeRune(s)
		s = s[size:]
		switch {
		case isSpace(r) && lead:
		case isSpace(r):
			if b != nil {
				b.WriteRune(r)
			}
		default:
			lead = false
			if b != nil {
				b.WriteByte(' ')
			}
		}
	}
	return !lead
}

// ReportPath names the code compileall runs to report e (the process
// effects measured for each in compile/share/held.txt): "error:sorry" for
// py_compile's one-line message (every class but exactly SyntaxError),
// else traceback.format_exception_only without a text line
// ("error:notext"), with one ("error:text"), or with a caret drawn under
// some non-blank characters ("error:caret", which calls str.isspace).
func (e *Error) ReportPath() string {
	switch {
	case e.Class != "SyntaxError":
		return "error:sorry"
	case !e.HasText:
		return "error:notext"
	case e.caretSpace(nil):
		return "error:caret"
	}
	return "error:text"
}

// PyCompileMsg is the message of the py_compile.PyCompileError wrapping e
// when file (compileall's dfile, or the source path) was compiled.
func (e *Error) PyCompileMsg(file string) string {
	if e.Class != "SyntaxError" {
		return "Sorry: " + e.Class + ": " + e.Str()
	}
	return strings.ReplaceAll(e.FormatExceptionOnly(), `File "<string>"`, `File "`+file+`"`)
}

// decodeRune decodes one code point of WTF-8, lone surrogates included.
func decodeRune(s string) (rune, int) {
	if len(s) >= 3 && s[0] == 0xED && s[1] >= 0xA0 && s[1] <= 0xBF && s[2]&0xC0 == 0x80 {
		return rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s)
}

func runeCount(s string) int {
	n := 0
	for s != "" {
		_, size := decodeRune(s)
		s = s[size:]
		n++
	}
	return n
}

// isSpace is str.isspace for one character (Unicode 12.1, which CPython 3.8
// uses; unlike Go's unicode.IsSpace it includes the separators 0x1C-0x1F).
func isSpace(r rune) bool {
	switch {
	case r >= 0x09 && r <= 0x0D, r >= 0x1C && r <= 0x20:
		return true
	case r < 0x85:
		return false
	}
	switch r {
	case 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// pyStrip is str.strip() with no argument.
func pyStrip(s string) string {
	for s != "" {
		r, size := decodeRune(s)
		if !isSpace(r) {
			break
		}
		s = s[size:]
	}
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		if !isSpace(r) {
			break
		}
		s = s[:len(s)-size]
	}
	return s
}
