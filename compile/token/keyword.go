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

// kwTable is the keyword table, a literal so that it costs no start-up
// time (built at init, it took 0.4-1.6 ms of each run). Entry i holds the
// keyword whose key hashes to i; TestKwTable checks it against the
// keywords and prints it again when they change.
var kwTable = [1 << kwBits]kwEntry{
	0:  {0x796c6c616e696600, KwFinally},  // "finally"
	2:  {0x7373616c63000000, KwClass},    // "class"
	6:  {0x726f660000000000, KwFor},      // "for"
	7:  {0x66696c6500000000, KwElif},     // "elif"
	8:  {0x65736c6146000000, KwFalse},    // "False"
	9:  {0x7470656378650000, KwExcept},   // "except"
	10: {0x6c61626f6c670000, KwGlobal},   // "global"
	12: {0x6e72757465720000, KwReturn},   // "return"
	14: {0x6665640000000000, KwDef},      // "def"
	15: {0x646e610000000000, KwAnd},      // "and"
	16: {0x6c61636f6c6e6f6e, KwNonlocal}, // "nonlocal"
	17: {0x6874697700000000, KwWith},     // "with"
	20: {0x726f000000000000, KwOr},       // "or"
	21: {0x65736c6500000000, KwElse},     // "else"
	23: {0x7472657373610000, KwAssert},   // "assert"
	25: {0x6575725400000000, KwTrue},     // "True"
	26: {0x6573696172000000, KwRaise},    // "raise"
	29: {0x7361000000000000, KwAs},       // "as"
	30: {0x636e797361000000, KwAsync},    // "async"
	33: {0x6669000000000000, KwIf},       // "if"
	35: {0x656e6f4e00000000, KwNone},     // "None"
	37: {0x7373617000000000, KwPass},     // "pass"
	38: {0x7469617761000000, KwAwait},    // "await"
	39: {0x746f6e0000000000, KwNot},      // "not"
	40: {0x6c65640000000000, KwDel},      // "del"
	43: {0x65756e69746e6f63, KwContinue}, // "continue"
	47: {0x6e69000000000000, KwIn},       // "in"
	48: {0x7369000000000000, KwIs},       // "is"
	49: {0x656c696877000000, KwWhile},    // "while"
	51: {0x74726f706d690000, KwImport},   // "import"
	55: {0x6d6f726600000000, KwFrom},     // "from"
	56: {0x7972740000000000, KwTry},      // "try"
	57: {0x646c656979000000, KwYield},    // "yield"
	58: {0x6164626d616c0000, KwLambda},   // "lambda"
	63: {0x6b61657262000000, KwBreak},    // "break"
}

type kwEntry struct {
	key uint64 // the keyword's bytes at the top of the word, first lowest
	kw  uint8
}
