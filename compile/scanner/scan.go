package scanner

import (
	"math/bits"
	"strconv"
	"strings"
	"unsafe"

	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/token"
)

// nextc returns the next byte, loading the next line when the current one
// is used up (CPython's tok_nextc for string input), or eof.
func (s *Scanner) nextc() int {
	if s.cur < s.inp {
		s.cur++
		return int(s.src[s.cur-1])
	}
	return s.nextLine()
}

func (s *Scanner) nextLine() int {
	if s.done {
		return eof
	}
	if s.inp >= len(s.src) {
		s.done = true
		return eof
	}
	if !s.inTok {
		s.buf = s.cur
	}
	s.savePrevLine()
	s.loadLine(lineEnd(s.src, s.inp))
	c := s.src[s.cur]
	s.cur++
	return int(c)
}

// loadLine loads the line from the read position, which is the end of the
// loaded one, to end.
func (s *Scanner) loadLine(end int) {
	s.lineStart = int32(s.cur)
	s.lineno++
	s.inp = end
	s.lazy = false
}

// lazyLine loads the line from the read position without searching for
// its end, for Quick: most lines are scanned by Quick alone, which stops
// at the line's newline without needing inp (Fast's NEWLINE leaves it
// unsearched). Until then inp is len(src),
// which the reads of the few bytes str makes with nextc (an opening
// quote's next two, never past the newline) allow; anything else that
// reads inp calls knowLine first (Next, miss, startLine, the errors).
func (s *Scanner) lazyLine() {
	s.savePrevLine()
	s.lineStart = int32(s.cur)
	s.lineno++
	s.inp = len(s.src)
	s.lazy = true
}

// savePrevLine copies lineStart and lineno to prevLineStart and
// prevLineno, by one load and store (Fast spells it out: an inlined call
// leaves a NOP).
func (s *Scanner) savePrevLine() {
	*(*uint64)(unsafe.Pointer(&s.prevLineStart)) = *(*uint64)(unsafe.Pointer(&s.lineStart))
}

// savePrevLine's pairs are in the same order, with nothing between, and
// aligned for a uint64.
var (
	_ = [1]struct{}{}[unsafe.Offsetof(Scanner{}.lineno)-unsafe.Offsetof(Scanner{}.lineStart)-4]
	_ = [1]struct{}{}[unsafe.Offsetof(state{}.prevLineno)-unsafe.Offsetof(state{}.prevLineStart)-4]
	_ = [1]struct{}{}[unsafe.Offsetof(Scanner{}.lineStart)%unsafe.Alignof(uint64(0))]
	_ = [1]struct{}{}[(unsafe.Offsetof(Scanner{}.state)+unsafe.Offsetof(state{}.prevLineStart))%unsafe.Alignof(uint64(0))]
)

// knowLine searches for the end of a line loaded by lazyLine.
func (s *Scanner) knowLine() {
	if s.lazy {
		s.lazy = false
		s.inp = lineEnd(s.src, int(s.lineStart))
	}
}

// toLineEnd moves the read position to the loaded line's end, as get
// does after most errors.
func (s *Scanner) toLineEnd() {
	s.knowLine()
	s.cur = s.inp
}

// startLine does what get does at the start of a line until a token, for
// Quick, when the indentation is spaces: it skips blank and comment lines
// and the indentation, making INDENT or DEDENT tokens pending as get
// does. It reports false when get must go on, having changed nothing or
// skipped what get would (for tabs or form feeds, the end of input), or
// after recording an indentation error.
func (s *Scanner) startLine() bool {
	s.knowLine() // Fast's NEWLINE leaves its line's end unsearched
	for {
		if s.cur != s.inp || s.inp >= len(s.src) {
			return false
		}
		i := spacesEnd(s.src, s.cur, len(s.src))
		if i >= len(s.src) {
			return false
		}
		// Most lines start with a token: one table test passes them.
		if c := s.src[i]; lineStop[c] {
			if c == '\t' || c == '\f' {
				return false
			}
			// get skips a blank or comment line ending in '\n' whole. The
			// search for the line's end starts after the spaces (none is
			// a newline), and a blank line needs none.
			end := i + 1
			if c == '#' {
				end = lineEnd(s.src, i)
			}
			if s.src[end-1] != '\n' {
				return false
			}
			s.buf = s.cur
			s.loadLine(end)
			s.cur = end
			continue
		}
		col := i - s.cur
		s.buf = s.cur
		s.lazyLine()
		s.cur = i
		s.atbol = false
		// The line has a token: Quick's tokens leave started to the
		// line's start (see tok).
		s.started = true
		if s.level == 0 && (col != s.indstack[s.indent] || col != s.altindstack[s.indent]) {
			// As get: INDENT or DEDENTs made pending, or an error.
			return s.indentTo(col, col) != token.ERRORTOKEN
		}
		return true
	}
}

// backup undoes the reading of c.
func (s *Scanner) backup(c int) {
	if c != eof {
		s.cur--
	}
}

// Scan returns the next token. After ERRORTOKEN, Err holds the error and
// further calls return ERRORTOKEN again.
func (s *Scanner) Scan() (kind token.Kind, start, end token.Pos) {
	s.Next()
	return s.Kind, s.Start(), s.End()
}

// Next scans the next token, as Scan returns it, into Kind, Off and
// EndOff, where the parser reads it in place.
func (s *Scanner) Next() {
	s.syncCur()
	s.knowLine()
	s.PrevEnd = s.EndOff
	s.Kw = token.NoKeyword // until get's name, or Quick, sets it
	if s.err != nil {
		s.noText(token.ERRORTOKEN)
		return
	}
	kind, a, b := s.get()
	kw := s.Kw
	s.finish(kind, a, b)
	s.Kw = kw // finish cleared it
	// get's token may be Fast's.
	s.syncCur()
	s.atEnd()
}

// atEnd sets slow at the end of input, for Fast (see there), after a
// token taken otherwise.
func (s *Scanner) atEnd() {
	if s.cur >= len(s.src) {
		s.slow = true
	}
}

// noText sets the current token to one without text, at noPos.
func (s *Scanner) noText(kind token.Kind) {
	s.setKind(uint16(kind))
	s.Off, s.EndOff, s.noOff = -1, -1, int32(s.cur)
}

// finish sets the current token from what get or str returned (kind,
// text offsets a and b), doing parsetok's bookkeeping.
func (s *Scanner) finish(kind token.Kind, a, b int) {
	if !rareKind[kind] {
		s.started = true
		s.tok(kind, a, b)
		return
	}
	if kind == token.ERRORTOKEN {
		s.noText(kind)
		return
	}
	if kind == token.ENDMARKER && s.started {
		// parsetok turns the first end of input into a NEWLINE and
		// closes the open indentation levels.
		kind = token.NEWLINE
		s.started = false
		if s.indent > 0 {
			s.pendin = -s.indent
			s.slow = true
			s.indent = 0
		}
	} else {
		s.started = true
	}
	if a < 0 {
		s.noText(kind)
		return
	}
	if kind == token.NOTEQUAL {
		isBang := s.src[a] == '!'
		if isBang == s.BarryAsFLUFL {
			// parsetok rejects the spelling before it records a column.
			msg := "invalid syntax"
			if s.BarryAsFLUFL {
				msg = "with Barry as BDFL, use '<>' instead of '!='"
			}
			s.noText(s.tokError("SyntaxError", msg))
			return
		}
	}
	// A STRING may start on an earlier line: Start finds it.
	s.setKind(uint16(kind))
	s.Off, s.EndOff = int32(a), int32(b)
}

// tok (word_unaligned.go, word_portable.go) is finish for the common
// tokens.

// tokKw (word_unaligned.go, word_portable.go) is tok for a name with
// keyword code kw.

// kwKind returns Kind | Kw<<8 for a name with keyword code kw: "async"
// and "await" are ASYNC and AWAIT, any other a NAME with its Kw.
func kwKind(kw int) uint16 {
	kk := uint16(token.NAME) | uint16(kw)<<8
	switch kw {
	case token.KwAsync:
		kk = uint16(token.ASYNC)
	case token.KwAwait:
		kk = uint16(token.AWAIT)
	}
	return kk
}

// rareKind marks the kinds Scan must look at further: those without
// text (a = b = -1), ERRORTOKEN, ENDMARKER (parsetok's end-of-input
// NEWLINE), NOTEQUAL (its spelling is checked) and STRING (it may start
// on an earlier line).
var rareKind = [256]bool{
	token.ENDMARKER: true, token.INDENT: true, token.DEDENT: true,
	token.ERRORTOKEN: true, token.NOTEQUAL: true, token.STRING: true,
}

// Quick is Next, reporting whether the token is no ERRORTOKEN (then Err
// holds the error). It takes the common tokens itself, without get:
// names, strings, plain decimal integers, operators, the NEWLINE ending a
// logical line (after a comment too), and the INDENT and DEDENT tokens of a line indented with
// spaces. It leaves any other token to Next (see miss), having changed
// nothing or done only what get does first (a line's indentation, a
// newline inside brackets). get calls it too (with inGet set), for a
// false at any token it leaves.
//
// It scans as get does from its label again, on the loaded line without
// per-byte calls. It reads the source, not the loaded line: every token it
// takes ends before the line's newline, and a line without one ends the
// source. It leaves to get anything that would make it look past the end
// of the source, which happens only at the end of an input without a
// final newline: that lookahead marks the end of input, which parse
// errors report.
func (s *Scanner) Quick() bool {
	return s.Fast() || s.Slow()
}

// Slow is Quick after Fast reported false: the parser calls Fast for
// every token, Slow for the few it declines.
func (s *Scanner) Slow() bool {
	ok := s.slowToken()
	s.atEnd()
	return ok
}

// syncCur sets cur to the read position, which Fast's tokens leave in
// EndOff: with slow clear it is the larger of the two (cur is behind after
// a token of Fast's, at an earlier token's end or a line's start; EndOff is
// behind after Fast cleared slow and declined the token: the previous
// token's end, or -1). Whatever reads cur outside Fast calls it first.
func (s *Scanner) syncCur() {
	if !s.slow && int(s.EndOff) > s.cur {
		s.cur = int(s.EndOff)
	}
}

// slowToken is Slow's token.
func (s *Scanner) slowToken() bool {
	s.syncCur()
	// Fast's false left EndOff the previous token's.
	s.PrevEnd = s.EndOff
	if s.slow {
		if s.err != nil || s.atbol && !s.startLine() {
			return s.miss()
		}
		if s.pendin != 0 {
			// What get does then, without its other tests.
			s.finish(s.pending(), -1, -1)
			return true
		}
		// Fast clears slow, with PrevEnd set as here (see Fast).
		if s.Fast() {
			return true
		}
	}
	return s.rest()
}

// rest is Quick's token when Fast declined it at the current state: a
// comment, a NEWLINE inside brackets, a string, or one for get (miss).
func (s *Scanner) rest() bool {
	src := s.src
	// Spaces a word at a time: the runs that align comments are long.
	i := spacesEnd(src, s.cur, len(src))
	if i >= len(src) {
		return s.miss()
	}
	c := src[i]
	switch byteClass[c] {
	case clsDigit:
		// A number Fast declines (a float, octal, an underscore...): as
		// get scans it, without get's way there. number's nextc reads
		// the line a lazyLine left unsearched (inp is len(src)): a
		// number stops at its newline, and its errors call knowLine.
		s.cur = i + 1
		s.inTok = true
		s.finish(s.number(i, int(c)))
		return s.Kind != token.ERRORTOKEN
	case clsNewline:
		if c == '#' {
			return s.comment(i)
		}
		return s.newline(i, i)
	case clsQuote:
		s.cur = i + 1
		s.inTok = true
		return s.str1(i, int(c))
	case clsIdent:
		// Fast takes the names but for string prefixes, the non-ASCII
		// ones and a name ending the source.
		j := identEnd(src, i+1)
		if j-i <= 2 && j < len(src) && (src[j] == '"' || src[j] == '\'') && isStrPrefix(src[i:j]) {
			s.cur = j + 1
			s.inTok = true
			return s.str1(i, int(src[j]))
		}
	}
	return s.miss()
}

// Fast is Quick for the commonest tokens, or false having changed
// nothing but PrevEnd (which Slow sets again), the newlines
// inside brackets it took (as newline does before it calls Quick) and the
// blank and comment lines it skipped (as startLine does). It calls no
// function, so that it needs no stack frame: most tokens cost the one call
// to it. It takes a line's start (startLine) but for indentation with tabs
// or form feeds and indentation errors, INDENT and DEDENT tokens, and a
// comment's NEWLINE.
func (s *Scanner) Fast() bool {
	src := s.src
	var i int
	var c byte
again:
	if s.slow {
		// PrevEnd: see below.
		s.PrevEnd = s.EndOff
		if s.atbol {
			// startLine's common case: spaces, then a token. An
			// error clears atbol (tokError, syntaxError): err is nil.
			// Fast makes no bounds check (its panic call would cost
			// it the frame pointer's save): the unsigned tests say
			// why none is needed. A line's start is the end of the
			// line before (startLine's test of inp): whatever sets
			// atbol read that line's newline last.
			cur := s.cur
			if uint(cur) >= uint(len(src)) {
				return false
			}
			i = spacesEnd(src, cur, len(src))
			k := s.indent
			if uint(i) >= uint(len(src)) || lineStop[src[i]] || uint(k) >= MaxIndent {
				if uint(i) >= uint(len(src)) {
					return false
				}
				// A blank or comment line is skipped, as startLine
				// does, without a round through Slow.
				if c := src[i]; c == '#' {
					if i = newlineIn(src, i+1); i < 0 {
						return false
					}
				} else if c != '\n' {
					return false
				}
				s.buf = cur
				s.lineStart = int32(cur)
				s.lineno++
				s.inp = i + 1
				s.lazy = false
				s.cur = i + 1
				goto again
			}
			col := i - cur
			same := true
			if s.level == 0 && (col != s.indstack[k] || col != s.altindstack[k]) {
				// indentTo, but for its errors (left to Slow).
				if col > s.indstack[k] {
					if k+1 >= MaxIndent || col <= s.altindstack[k] {
						return false
					}
					k++
					s.indstack[k], s.altindstack[k] = col, col
				} else {
					for k > 0 && col < s.indstack[k] {
						k--
					}
					if uint(k) >= MaxIndent || col != s.indstack[k] || col != s.altindstack[k] {
						return false
					}
				}
				s.pendin += k - s.indent
				s.indent = k
				same = false
			}
			s.buf = cur
			// lazyLine, with the line's start at hand.
			*(*uint64)(unsafe.Pointer(&s.prevLineStart)) = *(*uint64)(unsafe.Pointer(&s.lineStart))
			s.lineStart = int32(cur)
			s.lineno++
			s.inp = len(src)
			s.lazy = true
			s.cur = i
			s.started = true
			if same {
				// No INDENT or DEDENT is pending (a NEWLINE, which
				// sets atbol, comes after them): the line's first
				// token, at i, which is in src and no space.
				s.atbol, s.slow = false, false
				c = *unsafeAt(src, i)
				goto dispatch
			}
			s.atbol = false
		} else if s.err != nil {
			return false
		}
		if p := s.pendin; p != 0 {
			// finish(pending()): an INDENT or DEDENT token.
			kind := token.Kind(token.INDENT)
			if p < 0 {
				s.pendin = p + 1
				kind = token.DEDENT
			} else {
				s.pendin = p - 1
			}
			s.started = true
			s.noText(kind)
			return true
		}
		i = s.cur
		if uint(i) >= uint(len(src)) {
			return false // the end of input: slow stays set
		}
		s.slow = false
	} else {
		// With slow clear, the last token ended at the read position
		// (a NEWLINE, a token without text or a line's start sets slow,
		// as get does before it calls Quick): the read position and
		// PrevEnd are its end. Fast's tokens leave cur behind, at an
		// earlier token's end or a line's start (one store a token
		// less): see syncCur.
		// (Loaded as a uint32: EndOff is no -1 here, and the load
		// then needs no sign extension.)
		i = int(*(*uint32)(unsafe.Pointer(&s.EndOff)))
		s.PrevEnd = int32(i)
	}
	// With slow clear the read position is in src, without a test per
	// token: the end of input sets slow (Fast's tokens end before it,
	// Slow and Next set slow at it).
	c = *unsafeAt(src, i)
dispatch:
	// A case for every value the mask leaves: a jump table without a
	// range check.
	switch byteClass[c] & 15 {
	case clsOther, 11, 12, 13, 14, 15:
		return false
	case clsSpace:
		// Most tokens follow no space or one, so a run of spaces is
		// a case of the dispatch (no test before it per token), and
		// the token after it dispatched again. Only spaces are
		// skipped: a tab or form feed is left to get, like any byte of
		// class clsOther.
		for i++; uint(i) < uint(len(src)); i++ {
			if c = *unsafeAt(src, i); c != ' ' {
				goto dispatch
			}
		}
		return false
	case clsNewline:
		// newline, in line: inside brackets the next line's token. A
		// comment's NEWLINE starts at the comment (comment).
		j := i
		if c == '#' {
			if j = newlineIn(src, i+1); j < 0 {
				return false
			}
		}
		// The line's end is j+1: a line lazyLine began stays
		// unsearched (knowLine finds j+1), and the next line's start
		// sets inp again.
		s.cur = j + 1
		s.atbol, s.slow = true, true
		if s.level > 0 {
			goto again
		}
		s.contLine = false
		return s.tok(token.NEWLINE, i, j)
	case clsIdent:
		// The rest of the name, eight bytes to a loop test (most names
		// take one) and two to a table lookup, in line: most names are
		// short, and classifying eight bytes at a time in a function
		// cost more. A name in the source's last bytes, or ending at a
		// quote (a string prefix) or a non-ASCII byte, is left to Slow.
		// Those returns are the loop's own (a function returning -1 for
		// them cost a test of its result per name).
		j, last := i+1, len(src)-8
		p := unsafe.Pointer(unsafe.StringData(src))
		if j > last {
			return false
		}
		for {
			w := unsafe.Add(p, j)
			n := identPair[pairAt(w)]
			if n == 2 {
				if n += identPair[pairAt(unsafe.Add(w, 2))]; n == 4 {
					if n += identPair[pairAt(unsafe.Add(w, 4))]; n == 6 {
						if n += identPair[pairAt(unsafe.Add(w, 6))]; n == 8 {
							if j += 8; j > last {
								return false
							}
							continue
						}
					}
				}
			}
			if n >= pairTail {
				return false
			}
			j += int(n)
			break
		}
		// Most names are no keyword: Kw is NoKeyword already, and
		// the kind NAME. kwLens passes only the names whose first byte
		// and length some keyword has (not self, name, args, ...).
		// The bit index is masked to the word, as the bit test does
		// (the unmasked shift cost the compiler's guard for lengths
		// past the width, four instructions per name): a name of 32
		// bytes or more may pass, and is tested after.
		// The word at i is in src: the loop read one at i+1 or later.
		if n := uint(j - i); uint32(kwLens[c])&(1<<(n&31)) != 0 && n < 16 {
			if kw := token.KeywordWord(wordIn(src, i), int(n)); kw != token.NoKeyword {
				return s.tokKw(kw, i, j)
			}
		}
		return s.tok(token.NAME, i, j)
	case clsQuote:
		// str1's common case: a literal from one quote to the next on
		// the line, not near the source's end, its escapes skipped but
		// for an escaped newline and \N (str1 sees to unicodedata).
		// strStop in line (strStopASCII does not inline), but for a
		// stop in the source's last bytes, and stopping at a non-ASCII
		// byte too (str1 takes such literals): so the one live word is
		// the quote's, and no register is saved on the stack (Fast
		// would need a frame). An escape clears strPlain in place.
		qs := uint64(c) * lo8
		s.strPlain = true
		for j := i + 1; j+8 <= len(src); j += 8 {
			x := wordIn(src, j)
			// The three zeroBytes one after the other, for fewer
			// registers at once.
			t := x ^ qs
			m := (t - lo8) &^ t
			t = x ^ ('\\' * lo8)
			m |= (t - lo8) &^ t
			t = x ^ ('\n' * lo8)
			m |= (t - lo8) &^ t
			if m = (m | x) & hi8; m != 0 {
				j += bits.TrailingZeros64(m) / 8
				// j < len(src)-1: the word at j-7 or later is in src.
				// The word read shows j >= 0.
				q := byte(qs)
				p := unsafe.Add(unsafe.Pointer(unsafe.StringData(src)), j)
				if uint(j+1) >= uint(len(src)) {
					return false
				}
				if b := *(*byte)(p); b != q {
					if b != '\\' {
						return false // a newline or non-ASCII byte
					}
					if b = *(*byte)(unsafe.Add(p, 1)); b == '\n' || b == 'N' {
						return false
					}
					// The backslash and the byte it escapes.
					s.strPlain = false
					j -= 6
					continue
				}
				if j-1 == i && *(*byte)(unsafe.Add(p, 1)) == q {
					return false // a triple quote
				}
				return s.tok(token.STRING, i, j+1)
			}
		}
		return false
	case clsDigit:
		// A decimal integer without underscores, exponent, fraction or
		// imaginary suffix; a lone "0" when the byte after it could
		// continue the literal; a hexadecimal integer without
		// underscores (tables of them are common).
		j := i + 1
		if c != '0' {
			for uint(j) < uint(len(src)) && isDigit(int(src[j])) {
				j++
			}
		} else if uint(j+1) < uint(len(src)) && hexStart(src, j) {
			// get ends a hexadecimal literal at any byte but a hex
			// digit or '_' (which goes on to a digit, or is an error).
			j += 2
			for uint(j) < uint(len(src)) && hexDigit[src[j]] {
				j++
			}
			if uint(j) >= uint(len(src)) || src[j] == '_' {
				return false
			}
			return s.tok(token.NUMBER, i, j)
		}
		if uint(j) >= uint(len(src)) || numberTail[src[j]] {
			return false
		}
		return s.tok(token.NUMBER, i, j)
	// The one-byte tokens, a case each: with eight cases the switch is a
	// jump table, not a search.
	// At the source's last byte (not its newline: an input without a
	// final newline) get looks further.
	case clsOp:
		// Bytes that are a token on their own and start no longer one.
		if i+1 == len(src) {
			return false
		}
		return s.tok(oneCharKind[c], i, i+1)
	case clsOpen:
		// level in a local: the stores to the stacks would make the
		// compiler reload it.
		l := s.level
		if i+1 == len(src) || uint(l) >= MaxLevel {
			return false
		}
		s.parenstack[l] = c
		s.parenline[l] = s.lineno
		s.level = l + 1
		return s.tok(oneCharKind[c], i, i+1)
	case clsClose:
		l := s.level - 1
		if i+1 == len(src) || uint(l) >= MaxLevel || s.parenstack[l] != openingOf[c] {
			return false
		}
		s.level = l
		return s.tok(oneCharKind[c], i, i+1)
	case clsDot:
		// A '.' alone; an ellipsis or a number is left to get.
		if uint(i+1) >= uint(len(src)) {
			return false
		}
		if c2 := int(src[i+1]); c2 == '.' || isDigit(c2) {
			return false
		}
		return s.tok(token.DOT, i, i+1)
	case clsOp2:
		// Bytes that may start a two- or three-byte operator; get reads
		// the byte after the first, and a third after a two-byte
		// operator. So a ':' ending a line is taken here. Most are a
		// token alone: the byte after no second of an operator says so
		// before any other test.
		if uint(i+1) >= uint(len(src)) {
			return false
		}
		c2 := int(src[i+1])
		if !opSecond[c2] {
			return s.tok(oneCharKind[c], i, i+1)
		}
		n := 1
		kind := oneCharKind[c]
		// In tables, not by a call to twoChars, which would make Fast
		// save s on the stack for every token.
		k := token.Kind(token.OP)
		switch c2 {
		case '=':
			k = eqKind[c]
		case '>':
			k = gtKind[c]
		case int(c):
			k = dblKind[c]
		}
		if k != token.OP {
			if uint(i+2) >= uint(len(src)) {
				return false
			}
			kind, n = k, 2
			if k3 := threeChars(int(c), c2, int(src[i+2])); k3 != token.OP {
				if uint(i+3) >= uint(len(src)) {
					return false // it would end the source (see above)
				}
				kind, n = k3, 3
			}
		}
		if kind == token.NOTEQUAL {
			return false // its spelling is checked by finish, after get
		}
		return s.tok(kind, i, i+n)
	}
	return false
}

// newline is Quick's NEWLINE token from a (a comment's start, or the
// newline) to the newline at j, which ends the loaded line (the only
// newline in it) and is its end if lazyLine did not search for it.
func (s *Scanner) newline(a, j int) bool {
	s.cur = j + 1
	s.inp = j + 1
	s.lazy = false
	s.atbol, s.slow = true, true
	if s.level > 0 {
		// Inside brackets get goes on to the next line's first
		// token; so does Quick, or it leaves get at that line's
		// start.
		return s.Quick()
	}
	s.contLine = false
	return s.tok(token.NEWLINE, a, j)
}

// comment is Quick's token after the comment at i, which runs to the
// line's newline: the NEWLINE token starts at the comment, as in get. Fast
// takes most; this is for a comment ending near the source's end.
// Out of line, as are miss and str1: rest then makes calls only where it
// returns their result.
//
//go:noinline
func (s *Scanner) comment(i int) bool {
	k := strings.IndexByte(s.src[i:], '\n')
	if k < 0 {
		return s.miss()
	}
	return s.newline(i, i+k)
}

// miss is Quick's return for a token it leaves to get: it scans the token
// with Next, unless get is the caller. Out of line: see comment.
//
//go:noinline
func (s *Scanner) miss() bool {
	s.knowLine() // get reads the line up to inp
	if s.inGet {
		return false
	}
	s.Next()
	return s.Kind != token.ERRORTOKEN
}

// name returns the kind of a name token with keyword code kw, setting Kw
// for a NAME: "async" and "await" are ASYNC and AWAIT.
func (s *Scanner) name(kw int) token.Kind {
	switch kw {
	case token.KwAsync:
		return token.ASYNC
	case token.KwAwait:
		return token.AWAIT
	}
	s.Kw = uint8(kw)
	return token.NAME
}

// str1 is Quick's string token: str, whose opening quote q was just
// read, finished as Scan returns it. An error is reported as false, so
// that a Quick that succeeds returns no ERRORTOKEN: Next, called then,
// returns the error token again. Out of line: see comment.
//
//go:noinline
func (s *Scanner) str1(a, q int) bool {
	// Most literals are one quote to the next on the same line, without
	// a backslash: those are taken here, as str would find them; they
	// start on the current line, so they need none of finish's tests.
	src, b := s.src, s.cur
	if b+1 < len(src) {
		end, plain := -1, true
		if src[b] != byte(q) {
			// Escapes are skipped here too, but for an escaped newline
			// (the literal goes on to the next line: str counts it).
			for {
				n, ascii := strStopASCII(src[b:], byte(q))
				plain = plain && ascii
				b += n
				if b+1 >= len(src) {
					break
				}
				if c := src[b]; c == byte(q) {
					end = b + 1
					break
				} else if c == '\n' || src[b+1] == '\n' {
					break
				}
				plain = false
				if src[b+1] == 'N' && !s.namedEscape {
					s.namedEscape = namedEscape(src[a:], byte(q))
				}
				b += 2
			}
		} else if src[b+1] != byte(q) {
			end = b + 1 // empty, not a triple quote
		}
		if end >= 0 {
			// As str: get calls finish again with the offsets.
			s.strPlain = plain
			s.cur = end
			return s.tok(token.STRING, a, end)
		}
	}
	s.finish(s.str(a, q))
	return s.Kind != token.ERRORTOKEN
}

// get is CPython's tok_get. It returns the token kind and the byte range of
// its text, or a = b = -1 for tokens without text.
func (s *Scanner) get() (kind token.Kind, a, b int) {
	var c int
	blankline := false
nextline:
	s.inTok = false
	blankline = false

	if s.atbol {
		col, altcol := 0, 0
		s.atbol = false
		for {
			c = s.nextc()
			if c == ' ' {
				// Most indentation is spaces: take the whole run.
				i := spacesEnd(s.src, s.cur, s.inp)
				col += 1 + i - s.cur
				altcol += 1 + i - s.cur
				s.cur = i
			} else if c == '\t' {
				col = (col/tabSize + 1) * tabSize
				altcol = altcol + 1
			} else if c == '\f' {
				col, altcol = 0, 0
			} else {
				break
			}
		}
		s.backup(c)
		if c == '#' || c == '\n' {
			blankline = true
		}
		if !blankline && s.level == 0 {
			if k := s.indentTo(col, altcol); k == token.ERRORTOKEN {
				return k, -1, -1
			}
		}
	}

	s.inTok = true
	if s.pendin != 0 {
		return s.pending(), -1, -1
	}

again:
	if !blankline {
		// Through Fast's slow path, which sets PrevEnd from EndOff: the
		// read position may be past lines get skipped.
		s.inGet, s.slow = true, true
		ok := s.Quick()
		s.inGet = false
		if ok {
			// finish redoes the same bookkeeping from the offsets.
			return s.Kind, int(s.Off), int(s.EndOff)
		}
		if s.err != nil {
			return token.ERRORTOKEN, -1, -1 // a string's, from Quick
		}
		if s.atbol {
			goto nextline // Quick took a newline inside brackets
		}
	}
	s.inTok = false
	// Blanks never end the loaded line (it ends in '\n'), so the run is
	// skipped in place.
	{
		src, i := s.src[:s.inp], s.cur
		for i < len(src) && isBlank[src[i]] {
			i++
		}
		s.cur = i
	}
	c = s.nextc()
	start := s.cur - 1
	s.inTok = true

	if c == '#' {
		// A comment runs to the end of the loaded line, which ends in
		// '\n' unless it is the unterminated last line of a File not made
		// by Decode (f-string expressions).
		s.toLineEnd()
		if s.src[s.inp-1] == '\n' {
			c = '\n'
		} else {
			c = s.nextc()
		}
	}

	if c == eof {
		start = -1
		return token.ENDMARKER, -1, -1
	}

	if isIdentStart(c) {
		sawB, sawR, sawU, sawF := false, false, false, false
		for {
			if !(sawB || sawU || sawF) && (c == 'b' || c == 'B') {
				sawB = true
			} else if !(sawB || sawU || sawR || sawF) && (c == 'u' || c == 'U') {
				sawU = true
			} else if !(sawR || sawU) && (c == 'r' || c == 'R') {
				sawR = true
			} else if !(sawF || sawB || sawU) && (c == 'f' || c == 'F') {
				sawF = true
			} else {
				break
			}
			c = s.nextc()
			if c == '"' || c == '\'' {
				return s.str(start, c)
			}
		}
		nonascii := false
		for isIdentChar(c) {
			if c >= 0x80 {
				nonascii = true
			}
			// Skip the run of ASCII identifier bytes after c in one go.
			s.cur = identEnd(s.src[:s.inp], s.cur)
			c = s.nextc()
		}
		s.backup(c)
		if nonascii {
			if !literal.IsIdentifier(s.src[start:s.cur]) {
				return s.tokError("SyntaxError", "invalid character in identifier"), -1, -1
			}
			s.nonASCII = append(s.nonASCII, s.src[start:s.cur])
			s.nonASCIIOffs = append(s.nonASCIIOffs, int32(start))
			s.nfkc, s.nfkcOff = literal.Identifier(s.src[start:s.cur]), int32(start)
		}
		return s.name(token.Keyword(s.src[start:s.cur])), start, s.cur
	}

	if c == '\n' {
		s.atbol, s.slow = true, true
		if blankline || s.level > 0 {
			goto nextline
		}
		s.contLine = false
		return token.NEWLINE, start, s.cur - 1
	}

	if c == '.' {
		c = s.nextc()
		if isDigit(c) {
			return s.fraction(start, c)
		} else if c == '.' {
			c = s.nextc()
			if c == '.' {
				return token.ELLIPSIS, start, s.cur
			}
			s.backup(c)
			s.backup('.')
		} else {
			s.backup(c)
		}
		return token.DOT, start, s.cur
	}

	if isDigit(c) {
		return s.number(start, c)
	}

	if c == '\'' || c == '"' {
		return s.str(start, c)
	}

	if c == '\\' {
		c = s.nextc()
		if c != '\n' {
			s.toLineEnd()
			return s.tokError("SyntaxError", "unexpected character after line continuation character"), -1, -1
		}
		c = s.nextc()
		if c == eof {
			s.toLineEnd()
			return s.tokError("SyntaxError", "unexpected EOF while parsing"), -1, -1
		}
		s.backup(c)
		s.contLine = true
		goto again
	}

	{
		c2 := s.nextc()
		if k := twoChars(c, c2); k != token.OP {
			c3 := s.nextc()
			if k3 := threeChars(c, c2, c3); k3 != token.OP {
				k = k3
			} else {
				s.backup(c3)
			}
			return k, start, s.cur
		}
		s.backup(c2)
	}

	switch c {
	case '(', '[', '{':
		if s.level >= MaxLevel {
			return s.syntaxError("too many nested parentheses"), -1, -1
		}
		s.parenstack[s.level] = byte(c)
		s.parenline[s.level] = s.lineno
		s.level++
	case ')', ']', '}':
		if s.level == 0 {
			return s.syntaxError("unmatched '" + string(rune(c)) + "'"), -1, -1
		}
		s.level--
		opening := int(s.parenstack[s.level])
		if !(opening == '(' && c == ')' || opening == '[' && c == ']' || opening == '{' && c == '}') {
			msg := "closing parenthesis '" + string(rune(c)) + "' does not match opening parenthesis '" + string(rune(opening)) + "'"
			if s.parenline[s.level] != s.lineno {
				msg += " on line " + strconv.Itoa(int(s.parenline[s.level]))
			}
			return s.syntaxError(msg), -1, -1
		}
	}
	return oneChar(c), start, s.cur
}

// indentTo takes the indentation of a line with a token outside brackets:
// col, and altcol with tabs counted as one column. It makes the INDENT or
// DEDENT tokens it calls for pending, or records an error and returns
// ERRORTOKEN.
func (s *Scanner) indentTo(col, altcol int) token.Kind {
	if col == s.indstack[s.indent] {
		if altcol != s.altindstack[s.indent] {
			return s.indentError()
		}
	} else if col > s.indstack[s.indent] {
		if s.indent+1 >= MaxIndent {
			s.toLineEnd()
			return s.tokError("IndentationError", "too many levels of indentation")
		}
		if altcol <= s.altindstack[s.indent] {
			return s.indentError()
		}
		s.pendin++
		s.indent++
		s.indstack[s.indent] = col
		s.altindstack[s.indent] = altcol
	} else {
		for s.indent > 0 && col < s.indstack[s.indent] {
			s.pendin--
			s.indent--
		}
		if col != s.indstack[s.indent] {
			s.toLineEnd()
			return s.tokError("IndentationError", "unindent does not match any outer indentation level")
		}
		if altcol != s.altindstack[s.indent] {
			return s.indentError()
		}
	}
	return token.OP
}

// pending returns the next of the pending INDENT or DEDENT tokens.
func (s *Scanner) pending() token.Kind {
	if s.pendin < 0 {
		s.pendin++
		return token.DEDENT
	}
	s.pendin--
	return token.INDENT
}

func (s *Scanner) indentError() token.Kind {
	s.toLineEnd()
	return s.tokError("TabError", "inconsistent use of tabs and spaces in indentation")
}

// str scans a string literal whose opening quote q was just read; start is
// the offset of its prefix or quote.
func (s *Scanner) str(start int, q int) (token.Kind, int, int) {
	s.strPlain = true
	quoteSize, endQuoteSize := 1, 0
	c := s.nextc()
	if c == q {
		c = s.nextc()
		if c == q {
			quoteSize = 3
		} else {
			endQuoteSize = 1 // empty string
		}
	}
	if c != q {
		s.backup(c)
	}
	// The body is scanned over the whole rest of the source, not line by
	// line as tok_nextc reads it: the lines a string spans are counted
	// on the way, and only the line where it ends is loaded. Inside a
	// token no line load changes anything else (buf moves only outside
	// one), so the state after the token is the same.
	src := s.src
	i := s.cur
	if quoteSize == 3 {
		if end := s.tripleEnd(start, i, byte(q)); end >= 0 {
			return token.STRING, start, end
		}
	}
	line, lineStart := s.lineno, int(s.lineStart)
	plain := true
	for endQuoteSize != quoteSize {
		n, ascii := strStopASCII(src[i:], byte(q))
		plain = plain && ascii
		if n > 0 {
			i += n
			endQuoteSize = 0
		}
		if i >= len(src) {
			s.endStr(line, lineStart, len(src))
			s.done = true
			s.toLineEnd()
			if quoteSize == 3 {
				return s.tokError("SyntaxError", "EOF while scanning triple-quoted string literal"), -1, -1
			}
			return s.tokError("SyntaxError", "EOL while scanning string literal"), -1, -1
		}
		c := src[i]
		i++
		switch c {
		case byte(q):
			endQuoteSize++
			continue
		case '\n':
			if quoteSize == 1 {
				s.endStr(line, lineStart, i)
				s.toLineEnd()
				return s.tokError("SyntaxError", "EOL while scanning string literal"), -1, -1
			}
		default: // a backslash and the byte it escapes
			plain = false
			if i < len(src) {
				c = src[i]
				i++
				if c == 'N' && !s.namedEscape {
					s.namedEscape = namedEscape(src[start:], byte(q))
				}
			}
		}
		endQuoteSize = 0
		if c == '\n' && i < len(src) {
			// A line starts (at the end of input tok_nextc loads none).
			line++
			lineStart = i
		}
	}
	s.strPlain = plain
	s.endStr(line, lineStart, i)
	s.cur = i
	return token.STRING, start, s.cur
}

// tripleEnd is str's loop for a triple-quoted literal whose body starts
// at i: tripleStop finds the next quote or backslash, counting the lines
// and noting the non-ASCII bytes on the way, rather than a stop at every
// line. It finishes the token as str does and returns its end, or -1,
// having changed nothing, for a literal that does not end in the source
// (str reports the error).
func (s *Scanner) tripleEnd(start, i int, q byte) int {
	src := s.src
	plain := true
	lines := 0
	for {
		k, n, hi := tripleStop(src, i, q)
		lines += n
		if hi {
			plain = false
		}
		if k+1 >= len(src) {
			return -1
		}
		if src[k] == '\\' {
			// The backslash and the byte it escapes, which may be
			// the quote or a newline.
			plain = false
			i = k + 2
			switch src[k+1] {
			case '\n':
				lines++
			case 'N':
				if !s.namedEscape {
					s.namedEscape = namedEscape(src[start:], q)
				}
			}
			continue
		}
		if k+2 < len(src) && src[k+1] == q && src[k+2] == q {
			i = k + 3
			break
		}
		i = k + 1
	}
	s.strPlain = plain
	if lines > 0 {
		s.endStr(s.lineno+int32(lines), strings.LastIndexByte(src[:i], '\n')+1, i)
	}
	s.cur = i
	return i
}

// tripleStopGeneric is tripleStop by searches.
func tripleStopGeneric(src string, i int, q byte) (stop, lines int, nonASCII bool) {
	stop = len(src)
	if k := strings.IndexByte(src[i:], q); k >= 0 {
		stop = i + k
	}
	if b := strings.IndexByte(src[i:stop], '\\'); b >= 0 {
		stop = i + b
	}
	return stop, strings.Count(src[i:stop], "\n"), !isASCII(src[i:stop])
}

// unsafeAt returns a pointer to src[i], i < len(src), for assembly and
// for reads the caller knows in bounds.
func unsafeAt(src string, i int) *byte {
	return (*byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(src)), i))
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	var acc uint64
	i := 0
	for ; i+32 <= len(s); i += 32 {
		acc |= wordIn(s, i) | wordIn(s, i+8) | wordIn(s, i+16) | wordIn(s, i+24)
	}
	for ; i+8 <= len(s); i += 8 {
		acc |= wordIn(s, i)
	}
	for ; i < len(s); i++ {
		acc |= uint64(s[i])
	}
	return acc&hi8 == 0
}

// endStr sets the current line to the one from lineStart, numbered line,
// where a string token ended at offset i, loading it if it is new.
func (s *Scanner) endStr(line int32, lineStart, i int) {
	if line != s.lineno {
		s.savePrevLine()
		s.lineno = line
		s.lineStart = int32(lineStart)
		s.inp = lineEnd(s.src, lineStart)
		s.lazy = false
	}
	s.cur = i
}

// namedEscape reports whether \N in the string literal lit (from its
// prefix, opening quote q) is an escape decoded through unicodedata: the
// literal is a str, neither raw nor bytes.
func namedEscape(lit string, q byte) bool {
	prefix := lit[:strings.IndexByte(lit, q)]
	return !strings.ContainsAny(prefix, "rRbB")
}

// decimalTail reads digits with single underscores between them; it
// returns the first byte after them, or 0 after recording an error.
func (s *Scanner) decimalTail() int {
	var c int
	for {
		i := s.cur
		for i < s.inp && '0' <= s.src[i] && s.src[i] <= '9' {
			i++
		}
		s.cur = i
		c = s.nextc()
		if c != '_' {
			return c
		}
		c = s.nextc()
		if !isDigit(c) {
			s.backup(c)
			s.syntaxError("invalid decimal literal")
			return 0
		}
	}
}

func (s *Scanner) number(start int, c int) (token.Kind, int, int) {
	if c == '0' {
		c = s.nextc()
		switch {
		case c == 'x' || c == 'X':
			c = s.nextc()
			for {
				if c == '_' {
					c = s.nextc()
				}
				if !isHex(c) {
					s.backup(c)
					return s.syntaxError("invalid hexadecimal literal"), -1, -1
				}
				for {
					c = s.nextc()
					if !isHex(c) {
						break
					}
				}
				if c != '_' {
					break
				}
			}
		case c == 'o' || c == 'O':
			c = s.nextc()
			for {
				if c == '_' {
					c = s.nextc()
				}
				if c < '0' || c >= '8' {
					s.backup(c)
					if isDigit(c) {
						return s.syntaxError("invalid digit '" + string(rune(c)) + "' in octal literal"), -1, -1
					}
					return s.syntaxError("invalid octal literal"), -1, -1
				}
				for {
					c = s.nextc()
					if c < '0' || c >= '8' {
						break
					}
				}
				if c != '_' {
					break
				}
			}
			if isDigit(c) {
				return s.syntaxError("invalid digit '" + string(rune(c)) + "' in octal literal"), -1, -1
			}
		case c == 'b' || c == 'B':
			c = s.nextc()
			for {
				if c == '_' {
					c = s.nextc()
				}
				if c != '0' && c != '1' {
					s.backup(c)
					if isDigit(c) {
						return s.syntaxError("invalid digit '" + string(rune(c)) + "' in binary literal"), -1, -1
					}
					return s.syntaxError("invalid binary literal"), -1, -1
				}
				for {
					c = s.nextc()
					if c != '0' && c != '1' {
						break
					}
				}
				if c != '_' {
					break
				}
			}
			if isDigit(c) {
				return s.syntaxError("invalid digit '" + string(rune(c)) + "' in binary literal"), -1, -1
			}
		default:
			nonzero := false
			for {
				if c == '_' {
					c = s.nextc()
					if !isDigit(c) {
						s.backup(c)
						return s.syntaxError("invalid decimal literal"), -1, -1
					}
				}
				if c != '0' {
					break
				}
				c = s.nextc()
			}
			if isDigit(c) {
				nonzero = true
				c = s.decimalTail()
				if c == 0 {
					return token.ERRORTOKEN, -1, -1
				}
			}
			if c == '.' {
				return s.fraction(start, s.nextc())
			} else if c == 'e' || c == 'E' {
				return s.exponent(start, c)
			} else if c == 'j' || c == 'J' {
				return s.imaginary(start)
			} else if nonzero {
				s.backup(c)
				return s.syntaxError("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"), -1, -1
			}
		}
		s.backup(c)
		return token.NUMBER, start, s.cur
	}
	c = s.decimalTail()
	if c == 0 {
		return token.ERRORTOKEN, -1, -1
	}
	if c == '.' {
		return s.fraction(start, s.nextc())
	}
	return s.afterFraction(start, c)
}

// fraction continues a number after its '.'; c is the byte after the dot.
func (s *Scanner) fraction(start int, c int) (token.Kind, int, int) {
	if isDigit(c) {
		c = s.decimalTail()
		if c == 0 {
			return token.ERRORTOKEN, -1, -1
		}
	}
	return s.afterFraction(start, c)
}

func (s *Scanner) afterFraction(start int, c int) (token.Kind, int, int) {
	if c == 'e' || c == 'E' {
		return s.exponent(start, c)
	}
	if c == 'j' || c == 'J' {
		return s.imaginary(start)
	}
	s.backup(c)
	return token.NUMBER, start, s.cur
}

func (s *Scanner) exponent(start int, e int) (token.Kind, int, int) {
	c := s.nextc()
	if c == '+' || c == '-' {
		c = s.nextc()
		if !isDigit(c) {
			s.backup(c)
			return s.syntaxError("invalid decimal literal"), -1, -1
		}
	} else if !isDigit(c) {
		s.backup(c)
		s.backup(e)
		return token.NUMBER, start, s.cur
	}
	c = s.decimalTail()
	if c == 0 {
		return token.ERRORTOKEN, -1, -1
	}
	if c == 'j' || c == 'J' {
		return s.imaginary(start)
	}
	s.backup(c)
	return token.NUMBER, start, s.cur
}

func (s *Scanner) imaginary(start int) (token.Kind, int, int) {
	c := s.nextc()
	s.backup(c)
	return token.NUMBER, start, s.cur
}

// Byte classes for the dispatch at the start of a token; non-ASCII bytes
// are clsOther.
const (
	clsOther   = iota // left to get
	clsIdent          // starts an identifier (or a string prefix)
	clsQuote          // starts a string
	clsDigit          // starts a number
	clsOp             // a one-byte operator that starts no longer token
	clsOpen           // an opening bracket (a clsOp)
	clsClose          // a closing bracket (a clsOp)
	clsOp2            // may start a two- or three-byte operator
	clsNewline        // '\n', and '#' (a comment runs to it)
	clsDot            // '.': a token alone unless an ellipsis or a number follows
	clsSpace          // ' ' (Fast's dispatch; get and rest skip spaces before theirs)
)

var byteClass = func() (t [256]uint8) {
	for c := range t {
		if c < 0x80 && isIdentStart(c) {
			t[c] = clsIdent
		}
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = clsDigit
	}
	t['"'], t['\''] = clsQuote, clsQuote
	t['\n'], t['#'] = clsNewline, clsNewline
	for _, c := range ",;~" {
		t[c] = clsOp
	}
	for _, c := range "([{" {
		t[c] = clsOpen
	}
	for _, c := range ")]}" {
		t[c] = clsClose
	}
	// '!' starts only "!=", which get takes (its spelling is checked).
	for _, c := range "%&*+-/:<=>@^|" {
		t[c] = clsOp2
	}
	t['.'] = clsDot
	t[' '] = clsSpace
	return
}()

// kwLens holds for each byte the lengths of the keywords that start
// with it, as bits (bit n for length n; keywords have 2 to 8 bytes).
var kwLens = func() (t [256]uint16) {
	for _, k := range keywords {
		t[k[0]] |= 1 << len(k)
	}
	return
}()

// keywords are the texts token.Keyword knows (TestKeywords checks them).
var keywords = [...]string{
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield",
}

// numberTail marks the bytes after a run of decimal digits that make the
// number more than a plain integer (or an error).
var numberTail = [256]bool{
	'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true,
	'_': true, '.': true, 'e': true, 'E': true, 'j': true, 'J': true,
	'x': true, 'X': true, 'o': true, 'O': true, 'b': true, 'B': true,
}

// hexStart reports whether src[j:] starts with 'x' or 'X' and a hex digit,
// for a j+1 the caller keeps in src: the bounds checks the compiler would
// make cost Fast its frame.
func hexStart(src string, j int) bool {
	p := unsafe.Add(unsafe.Pointer(unsafe.StringData(src)), j)
	return *(*byte)(p)|0x20 == 'x' && hexDigit[*(*byte)(unsafe.Add(p, 1))]
}

// hexDigit marks the hexadecimal digits.
var hexDigit = func() (t [256]bool) {
	for c := range t {
		t[c] = isHex(c)
	}
	return
}()

// opSecond marks the bytes that are the second of a two-byte operator
// (see twoChars): after any other, Quick has a one-byte operator.
var opSecond = [256]bool{'=': true, '*': true, '/': true, '<': true, '>': true}

// twoChars as tables by the first byte, for Quick: its two-byte operators
// end in '=' or '>' or repeat the first byte.
var eqKind, gtKind, dblKind = func() (eq, gt, dbl [256]token.Kind) {
	for c := range eq {
		eq[c], gt[c], dbl[c] = twoChars(c, '='), twoChars(c, '>'), twoChars(c, c)
	}
	return
}()

var openingOf = [256]byte{')': '(', ']': '[', '}': '{'}

// lineStop marks the bytes after a line's spaces that startLine leaves
// to get (a tab or form feed) or skips with the line (blank or comment).
var lineStop = [256]bool{'\t': true, '\f': true, '#': true, '\n': true}

var isBlank = [256]bool{' ': true, '\t': true, '\f': true}

func isStrPrefix(p string) bool {
	switch len(p) {
	case 1:
		switch p[0] | 0x20 {
		case 'b', 'r', 'u', 'f':
			return true
		}
	case 2:
		a, b := p[0]|0x20, p[1]|0x20
		return a == 'r' && (b == 'b' || b == 'f') || b == 'r' && (a == 'b' || a == 'f')
	}
	return false
}

func isDigit(c int) bool { return '0' <= c && c <= '9' }

func isHex(c int) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isIdentStart(c int) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c >= 0x80
}

// identEnd returns the end of the run of asciiIdent bytes at src[j:].
// Four bytes are taken per loop test, read through a pointer: j is never
// negative, so the loop test keeps the four in bounds (slicing them out
// cost three instructions of bounds checks per four bytes).
func identEnd(src string, j int) int {
	p := unsafe.Pointer(unsafe.StringData(src))
	for ; j+4 <= len(src); j += 4 {
		w := unsafe.Add(p, j)
		if n := identPair[pairAt(w)] &^ pairTail; n != 2 {
			return j + int(n)
		}
		if n := identPair[pairAt(unsafe.Add(w, 2))] &^ pairTail; n != 2 {
			return j + 2 + int(n)
		}
	}
	// The last three bytes or fewer, one at a time.
	for j < len(src) && asciiIdent[src[j]] {
		j++
	}
	return j
}

// identPair holds, for two bytes read as pairAt reads them (the first
// lowest), how many lead a run of asciiIdent bytes (0, 1 or 2), plus
// pairTail when the byte that ends the run is a quote or non-ASCII. A
// name's bytes cost half the lookups and tests of a table by byte, and
// the byte after it none.
var identPair [1 << 16]uint8

const pairTail = 0x80

// init fills identPair a row per second byte: every row holds the first
// byte's entries for bytes that end the run, and the second byte's entry
// for the bytes that continue it. Entry by entry, the 64 Ki tests cost
// 1.3 M instructions at every start.
func init() {
	var ends [256]uint8 // the entries of a first byte that ends the run
	var cont []uint8    // the bytes that continue it
	for c := range ends {
		if asciiIdent[c] {
			cont = append(cont, uint8(c))
		} else if endsAtTail(c) {
			ends[c] = pairTail
		}
	}
	for hi := range 256 {
		v := uint8(2)
		if !asciiIdent[hi] {
			v = 1
			if endsAtTail(hi) {
				v |= pairTail
			}
		}
		row := identPair[hi<<8 : hi<<8+256]
		copy(row, ends[:])
		for _, lo := range cont {
			row[lo] = v
		}
	}
}

// endsAtTail reports whether byte c, ending a run of asciiIdent bytes,
// takes pairTail: a quote or a non-ASCII byte.
func endsAtTail(c int) bool { return c >= 0x80 || c == '"' || c == '\'' }

// asciiIdent marks the ASCII bytes that continue an identifier.
var asciiIdent = [256]bool{
	'_': true,
	'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true,
	'a': true, 'b': true, 'c': true, 'd': true, 'e': true, 'f': true, 'g': true, 'h': true, 'i': true, 'j': true, 'k': true, 'l': true, 'm': true,
	'n': true, 'o': true, 'p': true, 'q': true, 'r': true, 's': true, 't': true, 'u': true, 'v': true, 'w': true, 'x': true, 'y': true, 'z': true,
	'A': true, 'B': true, 'C': true, 'D': true, 'E': true, 'F': true, 'G': true, 'H': true, 'I': true, 'J': true, 'K': true, 'L': true, 'M': true,
	'N': true, 'O': true, 'P': true, 'Q': true, 'R': true, 'S': true, 'T': true, 'U': true, 'V': true, 'W': true, 'X': true, 'Y': true, 'Z': true,
}

func isIdentChar(c int) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c >= 0x80
}

// oneCharKind is oneChar as a table by byte, for Quick.
var oneCharKind = func() (t [256]token.Kind) {
	for c := range t {
		t[c] = oneChar(c)
	}
	return
}()

func oneChar(c int) token.Kind {
	switch c {
	case '%':
		return token.PERCENT
	case '&':
		return token.AMPER
	case '(':
		return token.LPAR
	case ')':
		return token.RPAR
	case '*':
		return token.STAR
	case '+':
		return token.PLUS
	case ',':
		return token.COMMA
	case '-':
		return token.MINUS
	case '.':
		return token.DOT
	case '/':
		return token.SLASH
	case ':':
		return token.COLON
	case ';':
		return token.SEMI
	case '<':
		return token.LESS
	case '=':
		return token.EQUAL
	case '>':
		return token.GREATER
	case '@':
		return token.AT
	case '[':
		return token.LSQB
	case ']':
		return token.RSQB
	case '^':
		return token.CIRCUMFLEX
	case '{':
		return token.LBRACE
	case '|':
		return token.VBAR
	case '}':
		return token.RBRACE
	case '~':
		return token.TILDE
	}
	return token.OP
}

func twoChars(c1, c2 int) token.Kind {
	switch c1 {
	case '!':
		if c2 == '=' {
			return token.NOTEQUAL
		}
	case '%':
		if c2 == '=' {
			return token.PERCENTEQUAL
		}
	case '&':
		if c2 == '=' {
			return token.AMPEREQUAL
		}
	case '*':
		switch c2 {
		case '*':
			return token.DOUBLESTAR
		case '=':
			return token.STAREQUAL
		}
	case '+':
		if c2 == '=' {
			return token.PLUSEQUAL
		}
	case '-':
		switch c2 {
		case '=':
			return token.MINEQUAL
		case '>':
			return token.RARROW
		}
	case '/':
		switch c2 {
		case '/':
			return token.DOUBLESLASH
		case '=':
			return token.SLASHEQUAL
		}
	case ':':
		if c2 == '=' {
			return token.COLONEQUAL
		}
	case '<':
		switch c2 {
		case '<':
			return token.LEFTSHIFT
		case '=':
			return token.LESSEQUAL
		case '>':
			return token.NOTEQUAL
		}
	case '=':
		if c2 == '=' {
			return token.EQEQUAL
		}
	case '>':
		switch c2 {
		case '=':
			return token.GREATEREQUAL
		case '>':
			return token.RIGHTSHIFT
		}
	case '@':
		if c2 == '=' {
			return token.ATEQUAL
		}
	case '^':
		if c2 == '=' {
			return token.CIRCUMFLEXEQUAL
		}
	case '|':
		if c2 == '=' {
			return token.VBAREQUAL
		}
	}
	return token.OP
}

func threeChars(c1, c2, c3 int) token.Kind {
	switch {
	case c1 == '*' && c2 == '*' && c3 == '=':
		return token.DOUBLESTAREQUAL
	case c1 == '.' && c2 == '.' && c3 == '.':
		return token.ELLIPSIS
	case c1 == '/' && c2 == '/' && c3 == '=':
		return token.DOUBLESLASHEQUAL
	case c1 == '<' && c2 == '<' && c3 == '=':
		return token.LEFTSHIFTEQUAL
	case c1 == '>' && c2 == '>' && c3 == '=':
		return token.RIGHTSHIFTEQUAL
	}
	return token.OP
}

// Byte-parallel search within a 64-bit word: zeroBytes sets the high bit
// of the bytes of x that are zero. It can also mark bytes above a zero byte
// (borrows), never below one, so the lowest mark is exact.
const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
)

func zeroBytes(x uint64) uint64 { return (x - lo8) &^ x & hi8 }

// wordAt is word, or the bytes up to the end of s (zeros after them)
// near it.
func wordAt(s string, i int) uint64 {
	if i+8 <= len(s) {
		return wordIn(s, i)
	}
	var w uint64
	for k := len(s) - 1; k >= i; k-- {
		w = w<<8 | uint64(s[k])
	}
	return w
}

// spacesEnd returns the index of the first byte of s[i:end] that is no
// space, or end: indentation is taken eight bytes at a time. end is at
// most len(s), so the loop test keeps the words in s.
func spacesEnd(s string, i, end int) int {
	for ; i+8 <= end; i += 8 {
		if x := wordIn(s, i) ^ (' ' * lo8); x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
	}
	for uint(i) < uint(end) && s[i] == ' ' { // i >= 0: said so for Fast's bounds
		i++
	}
	return i
}

// newlineIn returns the index of the first '\n' in src at or after j, or
// -1 when there is none in the whole words from j (near the source's end).
// It inlines, for Fast (a comment's end), which must make no call.
func newlineIn(src string, j int) int {
	for ; j+8 <= len(src); j += 8 {
		x := wordIn(src, j) ^ ('\n' * lo8)
		if m := (x - lo8) &^ x & hi8; m != 0 {
			return j + bits.TrailingZeros64(m)/8
		}
	}
	return -1
}

// lineEnd returns the end of the line starting at i in s: just after its
// '\n', or len(s). The vectorised IndexByte costs fewer instructions and
// less time than searching the first words inline, even on short lines.
func lineEnd(s string, i int) int {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(s)
}

// strStop returns the index of the first quote q, backslash or newline in
// s (the rest of a string literal's line), or len(s).
func strStop(s string, q byte) int {
	n, _ := strStopASCII(s, q)
	return n
}

// strStopASCII is strStop that also reports whether the bytes it skips
// are all ASCII.
func strStopASCII(s string, q byte) (int, bool) {
	i := 0
	var acc uint64 // or of the skipped bytes
	// The quote's word is made once (the compiler would multiply per
	// word), and the three zeroBytes share their final mask.
	qs := uint64(q) * lo8
	for ; i+8 <= len(s); i += 8 {
		x := wordIn(s, i)
		a, b, c := x^qs, x^('\\'*lo8), x^('\n'*lo8)
		if m := ((a-lo8)&^a | (b-lo8)&^b | (c-lo8)&^c) & hi8; m != 0 {
			// The bytes below the first stop (whose own high bit is the
			// lowest bit of m, left out).
			acc |= x & (m&-m - 1)
			return i + bits.TrailingZeros64(m)/8, acc&hi8 == 0
		}
		acc |= x
	}
	for ; i < len(s); i++ {
		b := s[i]
		if b == q || b == '\\' || b == '\n' {
			break
		}
		acc |= uint64(b)
	}
	return i, acc&hi8 == 0
}
