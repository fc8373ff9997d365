package token

import (
	"fmt"
	"strings"
	"testing"
)

// TestKwTable checks kwTable against the keywords: each at the index its
// key hashes to, no two at one index. On a difference it prints the
// table's entries as they should be.
func TestKwTable(t *testing.T) {
	var want [len(kwTable)]kwEntry
	var lines [len(kwTable)]string
	for text, kw := range keywords {
		var k uint64
		for i := 0; i < len(text); i++ {
			k = k>>8 | uint64(text[i])<<56
		}
		i := k * kwMul >> (64 - kwBits)
		if want[i].key != 0 {
			t.Fatalf("%q hashes to %d as another keyword does: find another kwMul", text, i)
		}
		want[i] = kwEntry{k, uint8(kw)}
		lines[i] = fmt.Sprintf("\t%d: {%#016x, Kw%s}, // %q\n", i, k, strings.ToUpper(text[:1])+text[1:], text)
	}
	if want != kwTable {
		t.Errorf("kwTable differs from the keywords; its entries should be:\n%s", strings.Join(lines[:], ""))
	}
}

var keywords = map[string]int{
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

// TestKeyword checks the keyword table against the keywords and names
// that differ from one by a byte, a length or a case.
func TestKeyword(t *testing.T) {
	kws := keywords
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
