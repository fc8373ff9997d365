// Package scanner tokenizes decoded Python 3.8 source exactly as CPython
// 3.8's tokenizer (Parser/tokenizer.c) does, and hands the parser the stream
// CPython's parser driver (Parser/parsetok.c) feeds its grammar engine.
//
// Usage:
//
//	f, derr := source.Decode(raw, filename)
//	var s scanner.Scanner
//	s.Init(f)
//	for {
//		kind, start, end := s.Scan()
//		if kind == token.ERRORTOKEN { return s.Err() }
//		text := s.Text(start, end) // no copy
//		...
//		if kind == token.ENDMARKER { break }
//	}
//
// Scan allocates nothing. Keywords are NAME tokens; "async" and "await" are
// always ASYNC and AWAIT, as in 3.8 without feature_version. Comments and
// blank lines produce no tokens. At end of input, as parsetok does, the first
// ENDMARKER becomes a NEWLINE (with position Col -1), followed by a DEDENT
// per open indentation level, then ENDMARKER.
package scanner

import (
	"strings"
	"unsafe"

	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/compile/token"
)

// Limits of CPython 3.8's tokenizer (Parser/tokenizer.h).
const (
	MaxIndent = 100 // indentation levels
	MaxLevel  = 200 // bracket nesting
	tabSize   = 8
)

const eof = -1

// Scanner holds the tokenizer state. The zero value is not usable; call Init.
type Scanner struct {
	// The token the last Scan, Next or successful Quick scanned: its
	// text is src[Off:EndOff]. Both are -1 for a token without text (and
	// before the first token), and noOff is then the read position. Only
	// the offsets are set per token; Start and End derive positions from
	// them, for the tokens whose positions are read.
	Kind token.Kind
	// Kw is a NAME token's keyword code (token.Keyword), set with it:
	// the lookup costs least where the name's bytes are at hand. It is
	// token.NoKeyword for any other token. It follows Kind in memory:
	// one 16-bit store sets both (setKind), so that no token pays a
	// store of its own to clear Kw.
	Kw          uint8
	Off, EndOff int32
	// PrevEnd is the end offset of the token before the current one, as
	// Quick found it: where a node built from the tokens up to it ends.
	PrevEnd int32

	// BarryAsFLUFL makes "<>" the inequality operator and rejects "!=",
	// as after "from __future__ import barry_as_FLUFL". The parser sets it.
	BarryAsFLUFL bool

	// The fields the inlined methods read are the Scanner's own: one
	// in state costs them a node of the inlining budget.
	src       string
	cur       int   // next byte to read
	lineStart int32 // start of the current line
	lineno    int32 // current line, 1-based
	// The last NAME with a non-ASCII character (see nonASCII),
	// NFKC-normalised, and its offset (-1 before one), for Ident.
	nfkc    string
	nfkcOff int32

	// The rest of the state of a scan, which Init clears. It leaves the
	// stacks after it (2.8 KB) as they are: a scan writes each entry
	// before it reads it (up to indent, below level), but the bottom of
	// the indentation stacks, which Init sets.
	state

	indstack    [MaxIndent]int
	altindstack [MaxIndent]int
	parenstack  [MaxLevel]byte
	parenline   [MaxLevel]int32
}

// state is the part of a Scanner that Init clears.
type state struct {
	noOff int32 // the read position of a token without text (Off -1)

	file *source.File

	// Fields mirroring CPython's tok_state, as byte offsets into src.
	inp int // end of the loaded lines (just after a '\n')
	// The last line before the current one that may hold a token (for a
	// string token ending on a later line, the line it starts on), for
	// posBefore: the blank and comment lines startLine skips hold none.
	// In lineStart and lineno's order (savePrevLine).
	prevLineStart, prevLineno int32
	buf                       int  // start of the line where the current token or statement region began (error text)
	inTok                     bool // a token has started (CPython's tok->start != NULL)
	done                      bool // end of input reached (E_EOF)
	lazy                      bool // the line's end is not searched for yet (lazyLine): inp is len(src)
	atbol                     bool
	// slow: atbol, pendin or err may be set, or the read position be
	// the end of input, so Quick must look at them. Whatever sets one
	// sets slow; Quick clears it once none is, so that its common case
	// tests one byte.
	slow     bool
	inGet    bool // get is calling Quick: a token Quick leaves is get's
	pendin   int
	indent   int
	level    int
	contLine bool

	strPlain bool // STRING tokens: no backslash, only ASCII (see PlainString)

	// Every token reads or sets this: it sits with the fields above,
	// before the large stacks.
	started bool // parsetok: a token was returned since the last end-of-input NEWLINE

	err *diag.Error

	// nonASCII holds the text of each NAME scanned with a non-ASCII
	// character (only get scans those); namedEscape is set once a str
	// literal, neither raw nor bytes, had a \N escape. Both are what
	// building the tree makes CPython import unicodedata for.
	nonASCII     []string
	nonASCIIOffs []int32 // each one's offset
	namedEscape  bool
}

// New returns a Scanner over f.
func New(f *source.File) *Scanner {
	s := new(Scanner)
	s.Init(f)
	return s
}

// Init prepares s to scan f from the beginning.
func (s *Scanner) Init(f *source.File) {
	s.Kind, s.Off, s.EndOff, s.PrevEnd, s.Kw, s.BarryAsFLUFL = 0, -1, -1, 0, 0, false
	s.src, s.cur, s.lineStart, s.lineno, s.nfkc, s.nfkcOff = f.Src, 0, 0, 0, "", -1
	s.state = state{file: f, atbol: true, slow: true}
	s.indstack[0], s.altindstack[0] = 0, 0
}

// File returns the scanned file.
func (s *Scanner) File() *source.File { return s.file }

// Text returns the source text between two positions (a token's start and
// end), without copying.
func (s *Scanner) Text(start, end token.Pos) string {
	return s.TextAt(int(start.Offset), int(end.Offset))
}

// TextAt returns the source text between two offsets, without copying.
func (s *Scanner) TextAt(a, b int) string {
	// One unsigned comparison covers a negative start and a start past
	// the end, and lets the compiler drop the slice's own bounds checks:
	// the parser calls this for most tokens.
	if uint(a) > uint(b) || uint(b) > uint(len(s.src)) {
		return ""
	}
	return s.src[a:b]
}

// Ident returns the current token, a NAME, as an identifier: its text,
// NFKC-normalised when it has a non-ASCII character (by get, which scans
// those names), as ast.c's new_identifier does. It inlines without a
// call: the parser reads most names of a tree here.
//
// The text is made without the slice's bounds checks (a dozen
// instructions per name), and as a string header rather than by
// unsafe.String, whose length and overflow checks cost six more: a
// NAME's offsets, set by Quick or get from the name they scanned, always
// lie in the source.
func (s *Scanner) Ident() string {
	if s.Off == s.nfkcOff {
		return s.nfkc
	}
	h := strHeader{unsafe.Add(unsafe.Pointer(unsafe.StringData(s.src)), int(s.Off)), int(s.EndOff - s.Off)}
	return *(*string)(unsafe.Pointer(&h))
}

// strHeader is a string's representation: Ident builds one.
type strHeader struct {
	data unsafe.Pointer
	n    int
}

// Start returns the current token's start: parsetok's line and
// col_offset (for a STRING, of the line it starts on); Col is -1 for a
// token without text. Start, End and PrevPos inline (at the budget's
// limit): most positions are on the current line.
func (s *Scanner) Start() token.Pos {
	if s.Off >= s.lineStart {
		return token.Pos{Line: s.lineno, Col: s.Off - s.lineStart, Offset: s.Off}
	}
	return s.startBefore()
}

// End returns the current token's end, as Start.
func (s *Scanner) End() token.Pos {
	if s.EndOff >= s.lineStart {
		return token.Pos{Line: s.lineno, Col: s.EndOff - s.lineStart, Offset: s.EndOff}
	}
	return s.endBefore()
}

// PrevPos returns the position of PrevEnd, as Start.
func (s *Scanner) PrevPos() token.Pos {
	if s.PrevEnd >= s.lineStart {
		return token.Pos{Line: s.lineno, Col: s.PrevEnd - s.lineStart, Offset: s.PrevEnd}
	}
	return s.prevBefore()
}

// PosOf returns the position of offset off of a token scanned so far (a
// token's start or end), as Start. It inlines where the caller is small
// enough.
func (s *Scanner) PosOf(off int32) token.Pos {
	if off >= s.lineStart {
		return token.Pos{Line: s.lineno, Col: off - s.lineStart, Offset: off}
	}
	return s.posBefore(off)
}

// CurLine returns the current line's number and start offset: a token on it
// (any NAME or NUMBER) starts at column Off-start.
func (s *Scanner) CurLine() (line, start int32) { return s.lineno, s.lineStart }

// startBefore, endBefore and prevBefore are posBefore for Start, End and
// PrevPos, out of line so that those inline (a call without arguments
// costs least).
//
//go:noinline
func (s *Scanner) startBefore() token.Pos { return s.posBefore(s.Off) }

//go:noinline
func (s *Scanner) endBefore() token.Pos { return s.posBefore(s.EndOff) }

//go:noinline
func (s *Scanner) prevBefore() token.Pos { return s.posBefore(s.PrevEnd) }

// posBefore is the position of offset off of a token scanned so far (a
// token's start or end) before the current line, or of a token without
// text for -1: the current line, column -1, offset at the read position
// (noOff). Most are on the line before (or a string's first line). Lines
// end at '\n' only (the source's newlines are translated), so counting
// them back to the current line's start gives the line of any other.
func (s *Scanner) posBefore(off int32) token.Pos {
	if off < 0 {
		return token.Pos{Line: s.lineno, Col: -1, Offset: s.noOff}
	}
	if off >= s.prevLineStart {
		return token.Pos{Line: s.prevLineno, Col: off - s.prevLineStart, Offset: off}
	}
	n := strings.Count(s.src[off:s.lineStart], "\n")
	start := strings.LastIndexByte(s.src[:off], '\n') + 1
	return token.Pos{Line: s.lineno - int32(n), Col: off - int32(start), Offset: off}
}

// Err returns the error after Scan returned ERRORTOKEN, with CPython's
// class, message, line, offset and text; nil otherwise.
func (s *Scanner) Err() *diag.Error { return s.err }

// Line returns the current line number of the tokenizer (CPython's
// tok->lineno): the line of the end of the last token, or of the token
// after it when the tokenizer already looked ahead (INDENT/DEDENT).
func (s *Scanner) Line() int { return int(s.lineno) }

// NonASCIINames reports whether a NAME token returned so far had a
// non-ASCII character: until then no name needs NFKC normalising.
func (s *Scanner) NonASCIINames() bool { return len(s.nonASCII) > 0 }

// NonASCIINameTexts returns the text of each NAME token returned so far
// that had a non-ASCII character, in source order.
func (s *Scanner) NonASCIINameTexts() []string { return s.nonASCII }

// NonASCIINameOffsets returns the offset of each name NonASCIINameTexts
// returns.
func (s *Scanner) NonASCIINameOffsets() []int32 { return s.nonASCIIOffs }

// NamedEscapes reports whether a STRING token returned so far, a str
// literal neither raw nor bytes, had a \N escape (decoding it needs
// unicodedata).
func (s *Scanner) NamedEscapes() bool { return s.namedEscape }

// PlainString reports whether the last STRING token scanned has neither a
// backslash nor a non-ASCII byte: its body is then its value, under any
// prefix, with nothing to decode or validate.
func (s *Scanner) PlainString() bool { return s.strPlain }

// AtEOF reports whether the tokenizer has reached the end of input; a
// parser error raised then is reported as "unexpected EOF while parsing".
func (s *Scanner) AtEOF() bool { return s.done }

// ParseError returns the error CPython reports when its parser rejects the
// token Scan returned last: class and msg are what err_input would choose
// for E_SYNTAX ("invalid syntax" SyntaxError, or IndentationError
// "expected an indented block", "unexpected indent", "unexpected
// unindent"), replaced by SyntaxError "unexpected EOF while parsing" once
// the input is exhausted. Line, offset and text follow parsetok: the line
// is the tokenizer's current line, the offset the token's column (or the
// read position for tokens without one), counted in characters over the
// text, which runs from the line where the statement region began to the
// end of the current line.
func (s *Scanner) ParseError(class, msg string) *diag.Error {
	if s.done {
		class, msg = "SyntaxError", "unexpected EOF while parsing"
	}
	s.syncCur()
	off := s.cur - s.buf
	if s.Off >= 0 {
		off = int(s.Start().Col) + 1
	}
	return s.inputError(class, msg, off)
}

// inputError builds an error the way err_input does from parsetok's
// details: text is src[buf:inp], offset is byte offset off into it,
// converted to characters.
func (s *Scanner) inputError(class, msg string, off int) *diag.Error {
	s.knowLine()
	text := s.src[s.buf:s.inp]
	if off > len(text) {
		off = len(text)
	}
	if off < 0 {
		off = 0
	}
	return &diag.Error{
		Class:    class,
		Msg:      msg,
		Filename: s.file.Name,
		Lineno:   int(s.lineno),
		Offset:   source.CountChars(text[:off]),
		Text:     source.ReplaceInvalid(text),
		HasText:  true,
	}
}

// tokError records an error detected by the tokenizer with an error code
// (the E_* path through parsetok and err_input), at the read position.
func (s *Scanner) tokError(class, msg string) token.Kind {
	s.err = s.inputError(class, msg, s.cur-s.buf)
	s.slow, s.atbol = true, false // Fast tests err only without atbol
	return token.ERRORTOKEN
}

// syntaxError records an error the tokenizer raises itself (its
// syntaxerror function): offset counts the characters of the current line
// up to the read position; text is the current line without its newline.
func (s *Scanner) syntaxError(msg string) token.Kind {
	s.knowLine()
	line := s.src[int(s.lineStart):s.inp]
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	s.err = &diag.Error{
		Class:    "SyntaxError",
		Msg:      msg,
		Filename: s.file.Name,
		Lineno:   int(s.lineno),
		Offset:   source.CountChars(s.src[int(s.lineStart):s.cur]),
		Text:     source.ReplaceInvalid(line),
		HasText:  true,
	}
	s.slow, s.atbol = true, false // Fast tests err only without atbol
	return token.ERRORTOKEN
}
