package token

// Keyword codes of NAME tokens: CPython's parser classifies a NAME whose
// text is a keyword as that keyword only, never as a plain name. The
// scanner classifies each NAME as it scans it (see Keyword).
const (
	NoKeyword = iota
	KwFalse
	KwNone
	KwTrue
	KwAnd
	KwAs
	KwAssert
	KwBreak
	KwClass
	KwContinue
	KwDef
	KwDel
	KwElif
	KwElse
	KwExcept
	KwFinally
	KwFor
	KwFrom
	KwGlobal
	KwIf
	KwImport
	KwIn
	KwIs
	KwLambda
	KwNonlocal
	KwNot
	KwOr
	KwPass
	KwRaise
	KwReturn
	KwTry
	KwWhile
	KwWith
	KwYield
	// KwAsync and KwAwait are the texts the scanner returns as ASYNC and
	// AWAIT tokens, not as NAME.
	KwAsync
	KwAwait
)

// Keyword returns the keyword code of a name's text, or NoKeyword.
func Keyword(s string) int {
	if len(s) < 2 || len(s) > 8 {
		return NoKeyword
	}
	var w uint64
	for i := len(s) - 1; i >= 0; i-- {
		w = w<<8 | uint64(s[i])
	}
	return KeywordWord(w, len(s))
}

// KeywordWord is Keyword for a name of n bytes, 1 to 8, that are the low
// n bytes of w (as loaded little-endian from the source); w's other bytes
// are ignored. A name's bytes are never zero, so the name shifted to the
// top of the word is a key that no other name has; it is looked up in a
// table indexed by a multiplicative hash that no two keywords share, and
// compared once.
func KeywordWord(w uint64, n int) int {
	k := w << ((64 - 8*uint(n)) & 63)
	e := &kwTable[k*kwMul>>(64-kwBits)]
	if e.key == k {
		return int(e.kw)
	}
	return NoKeyword
}

const (
	kwBits = 6
	kwMul  = 0x3c132dd9adb6a967 // found by trying random odd multipliers
)

var kwTable = func() (t [1 << kwBits]struct {
	key uint64
	kw  uint8
}) {
	for text, kw := range map[string]uint8{
		"False": KwFalse, "None": KwNone, "True": KwTrue, "and": KwAnd,
		"as": KwAs, "assert": KwAssert, "break": KwBreak, "class": KwClass,
		"continue": KwContinue, "def": KwDef, "del": KwDel, "elif": KwElif,
		"else": KwElse, "except": KwExcept, "finally": KwFinally, "for": KwFor,
		"from": KwFrom, "global": KwGlobal, "if": KwIf, "import": KwImport,
		"in": KwIn, "is": KwIs, "lambda": KwLambda, "nonlocal": KwNonlocal,
		"not": KwNot, "or": KwOr, "pass": KwPass, "raise": KwRaise,
		"return": KwReturn, "try": KwTry, "while": KwWhile, "with": KwWith,
		"yield": KwYield, "async": KwAsync, "await": KwAwait,
	} {
		var k uint64
		for i := 0; i < len(text); i++ {
			k = k>>8 | uint64(text[i])<<56
		}
		e := &t[k*kwMul>>(64-kwBits)]
		if e.key != 0 {
			panic("token: keyword hash collision")
		}
		e.key, e.kw = k, kw
	}
	return
}()
