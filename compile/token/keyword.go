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

// Keyword returns the keyword code of a name's text, or NoKeyword. A name
// is looked up in a table indexed by a hash that no two keywords share,
// and compared once.
func Keyword(s string) int {
	if len(s) < 2 || len(s) > 8 {
		return NoKeyword
	}
	e := &kwTable[kwHash(s)]
	if e.text == s {
		return int(e.kw)
	}
	return NoKeyword
}

func kwHash(s string) int {
	return (int(s[0]) + 11*int(s[len(s)-1]) + len(s)) & (kwTableSize - 1)
}

const kwTableSize = 128

var kwTable = func() (t [kwTableSize]struct {
	text string
	kw   uint8
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
		h := kwHash(text)
		if t[h].text != "" {
			panic("token: keyword hash collision")
		}
		t[h].text, t[h].kw = text, kw
	}
	return
}()
