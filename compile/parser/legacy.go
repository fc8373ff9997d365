package parser

import (
	"strings"
	"unicode"

	"github.com/gopyc/gopyc/compile/diag"
)

// rewriteLegacy reproduces SyntaxError.__init__'s hint for Python 2 print
// and exec statements (Objects/exceptions.c): it looks at the error's text,
// not at the parse, so it applies to any plain SyntaxError whose line reads
// like one.
func rewriteLegacy(e *diag.Error) {
	text := []rune(e.Text)
	for _, r := range text {
		if r == '(' {
			return
		}
	}
	if legacyCheck(e, text, 0) {
		return
	}
	for i, r := range text {
		if r == ':' {
			legacyCheck(e, text, i+1)
			return
		}
	}
}

func legacyCheck(e *diag.Error, text []rune, start int) bool {
	for start < len(text) && isPySpace(text[start]) {
		start++
	}
	if start == len(text) {
		return false
	}
	rest := string(text[start:])
	if strings.HasPrefix(rest, "print ") {
		data := text[start+6:]
		end := len(data)
		for i, r := range data {
			if r == ';' {
				end = i
				break
			}
		}
		arg := strings.Trim(string(data[:end]), " \t\r\n")
		endArg := ""
		if strings.HasSuffix(arg, ",") {
			endArg = ` end=" "`
		}
		e.Msg = "Missing parentheses in call to 'print'. Did you mean print(" + arg + endArg + ")?"
		return true
	}
	if strings.HasPrefix(rest, "exec ") {
		e.Msg = "Missing parentheses in call to 'exec'"
		return true
	}
	return false
}

// isPySpace is Py_UNICODE_ISSPACE.
func isPySpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85:
		return true
	}
	if r < 128 {
		return false
	}
	return unicode.Is(unicode.White_Space, r) && r != 0x180e || unicode.In(r, unicode.Zs, unicode.Zl, unicode.Zp)
}
