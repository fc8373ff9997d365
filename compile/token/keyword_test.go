package token

import "testing"

// TestKeyword checks the keyword table against the keywords and names
// that differ from one by a byte, a length or a case.
func TestKeyword(t *testing.T) {
	kws := map[string]int{
		"False": KwFalse, "None": KwNone, "True": KwTrue, "and": KwAnd,
		"as": KwAs, "assert": KwAssert, "break": KwBreak, "class": KwClass,
		"continue": KwContinue, "def": KwDef, "del": KwDel, "elif": KwElif,
		"else": KwElse, "except": KwExcept, "finally": KwFinally, "for": KwFor,
		"from": KwFrom, "global": KwGlobal, "if": KwIf, "import": KwImport,
		"in": KwIn, "is": KwIs, "lambda": KwLambda, "nonlocal": KwNonlocal,
		"not": KwNot, "or": KwOr, "pass": KwPass, "raise": KwRaise,
		"return": KwReturn, "try": KwTry, "while": KwWhile, "with": KwWith,
		"yield": KwYield, "async": KwAsync, "await": KwAwait,
	}
	check := func(name string) {
		t.Helper()
		if got, want := Keyword(name), kws[name]; got != want {
			t.Fatalf("Keyword(%q) = %d, want %d", name, got, want)
		}
		if n := len(name); n >= 1 && n <= 8 {
			w := uint64(0x5858585858585858) // bytes after the name: ignored
			for i := n - 1; i >= 0; i-- {
				w = w<<8 | uint64(name[i])
			}
			if got, want := KeywordWord(w, n), kws[name]; got != want {
				t.Fatalf("KeywordWord(%q) = %d, want %d", name, got, want)
			}
		}
	}
	for kw := range kws {
		check(kw)
		check(kw[1:])
		check(kw[:len(kw)-1])
		check(kw + "s")
		check("_" + kw)
		for i := range kw {
			b := []byte(kw)
			b[i] ^= 0x20
			check(string(b))
			b[i] = 'x'
			check(string(b))
		}
	}
	for _, name := range []string{"a", "x", "self", "_", "print", "isinstance", "continued", "nonlocals"} {
		check(name)
	}
}
