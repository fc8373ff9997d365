package parser

import (
	"strings"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/compile/token"
	"github.com/gopyc/gopyc/marshal"
)

// strAtom is a STRING+ atom being converted (ast.c's parsestrplus).
type strAtom struct {
	start, end token.Pos
	first      string // text of the first STRING token (make_kind, f-string locations)
	failed     bool

	// FstringParser state: the pending literal text is lastStr, or
	// p.tx[base:top] once a second piece joined it. Atoms nest (in
	// f-string expressions and format specs), and an inner one is done
	// before the outer one appends again: an outer atom's text sits below
	// its inner atoms' on the p.tx stack.
	lastStr   string
	base, top int
	hasLast   bool
	joined    bool
	fmode     bool
	// The atom's values are gathered on p.xs from xbase: an inner atom's
	// sit above its outer one's, as on p.tx.
	xbase int
}

func (a *strAtom) pos() ast.Pos { return span(a.start, a.end) }

func (a *strAtom) kind() ast.ConstKind { return strKind(a.first) }

// strKind is the kind of a string constant whose first token is text.
func strKind(text string) ast.ConstKind {
	if len(text) > 0 && text[0] == 'u' {
		return ast.KindU
	}
	return ast.NoKind
}

// fail records an ast.c error at the atom and stops its conversion.
func (p *parser) strFail(a *strAtom, msg string) {
	if !a.failed {
		a.failed = true
		p.astErr(a.start, msg)
	}
}

// strings parses STRING+ and converts it as parsestrplus does. It stays
// out of atom, whose other paths are hotter.
//
//go:noinline
func (p *parser) strings() ast.Expr {
	// Most atoms are one plain string. The others gather their tokens on
	// p.stoks, kept from file to file (an atom of many lines has
	// thousands); f-string expressions are parsed by p.sub, so nothing
	// pushes above them while they are converted.
	//
	// The node of a plain string is taken and placed first: only it and
	// the text are kept across the next token's scan. Any other atom
	// gives it back.
	c, ok := p.al.consts.ready()
	if !ok {
		c = p.al.consts.take()
	}
	c.Pos = span(p.sc.Start(), p.sc.End())
	first := p.text()
	if !p.sc.Fast() {
		p.nextSlow()
	}
	if p.sc.Kind == token.STRING {
		return p.stringsRest(c, first)
	}
	// An atom of one STRING token that is neither bytes nor an f-string
	// and decodes without error (most atoms are such) is converted here,
	// as stringsRest would, without a call. A quote first and a body not
	// starting with it (SplitString's own fast case): no prefix, not
	// triple-quoted.
	text := first
	var body string
	var raw bool
	kind := ast.NoKind
	if n := len(text); n >= 3 && (text[0] == '\'' || text[0] == '"') && text[1] != text[0] {
		body = text[1 : n-1]
	} else {
		pre, b := literal.SplitString(text)
		if pre.F || pre.Bytes {
			return p.stringsRest(c, first)
		}
		body, raw, kind = b, pre.Raw, strKind(text)
	}
	v := body
	if !p.sc.PlainString() { // the last STRING scanned is text
		var inv int
		var err *literal.Error
		v, inv, err = literal.Str(&p.al.c.text, body, raw)
		if err != nil {
			return p.stringsRest(c, first)
		}
		if inv >= 0 {
			p.warn(int(c.Lineno), literal.InvalidEscapeMsg(byte(inv)))
		}
	}
	// newStr spelt out: most strings are converted here, where its call
	// cost about as much as its work.
	sv, ok := p.al.c.strs.ready()
	if !ok {
		sv = p.al.c.strs.take()
	}
	*sv = marshal.Str{V: v}
	c.Value, c.Kind = sv, kind
	return c
}

// stringsRest is strings for any atom but one plain string, whose first
// token's text is first and whose node c, placed, it gives back. Out of
// line: strings' frame and code are then the plain string's alone.
//
//go:noinline
func (p *parser) stringsRest(c *ast.Constant, first string) ast.Expr {
	p.al.consts.untake() // c, the last node taken (strings takes none after it)
	// The offsets of the positions are not needed (only their line and
	// column are reported).
	start := token.Pos{Line: c.Lineno, Col: c.ColOffset}
	end := token.Pos{Line: c.EndLineno, Col: c.EndColOffset}
	base := len(p.stoks)
	p.stoks = append(p.stoks, strTok{first, start})
	a := &strAtom{start: start, end: end, xbase: len(p.xs)}
	for p.sc.Kind == token.STRING {
		p.stoks = append(p.stoks, strTok{p.text(), p.sc.Start()})
		a.end = p.sc.End()
		p.next()
	}
	toks := p.stoks[base:]
	a.first = toks[0].text
	bytesmode := false
	var bytesVal []byte
	txBase := -1 // bytesVal is p.tx[txBase:] once a second piece joined it
	for i, t := range toks {
		pre, body := literal.SplitString(t.text)
		// parsestr decodes a plain literal (its errors and warnings come
		// first); only then is it checked against the literals before it.
		var sv string
		var bv []byte
		if !pre.F {
			var inv int
			var err *literal.Error
			if pre.Bytes {
				bv, inv, err = literal.Bytes(&p.al.c.text, body, pre.Raw)
			} else {
				sv, inv, err = literal.Str(&p.al.c.text, body, pre.Raw)
			}
			if err != nil {
				if pre.Bytes && strings.HasPrefix(err.Msg, "bytes can only") {
					a.failed = true
					p.astErr(t.start, err.Msg)
				} else {
					p.strFail(a, err.Msg)
				}
				break
			}
			if inv >= 0 {
				p.warn(int(t.start.Line), literal.InvalidEscapeMsg(byte(inv)))
			}
		}
		if i != 0 && bytesmode != pre.Bytes {
			p.strFail(a, "cannot mix bytes and nonbytes literals")
			break
		}
		bytesmode = pre.Bytes
		switch {
		case pre.F:
			p.fstringConcat(a, body, pre.Raw, 0)
		case pre.Bytes:
			if bytesVal == nil {
				bytesVal = bv // literal.Bytes returns a fresh slice
			} else {
				if txBase < 0 {
					txBase = len(p.tx)
					p.tx = append(p.tx, bytesVal...)
				}
				p.tx = append(p.tx, bv...)
				bytesVal = p.tx[txBase:]
			}
		default:
			p.concat(a, sv)
		}
		if a.failed {
			break
		}
	}
	p.stoks = cut(p.stoks, base)
	if txBase >= 0 {
		bytesVal = p.al.c.text.Copy(bytesVal)
		p.tx = p.tx[:txBase]
	}
	if bytesmode {
		p.xs = cut(p.xs, a.xbase) // no f-string came first: no values
		if bytesVal == nil {
			bytesVal = []byte{}
		}
		return p.newConst(a.pos(), node(&p.al.c.bytes, marshal.Bytes{V: bytesVal}), ast.NoKind)
	}
	return p.fstringFinish(a)
}

// strTok is a STRING token of an atom being converted.
type strTok struct {
	text  string
	start token.Pos
}

// concat appends s to a's pending literal text.
func (p *parser) concat(a *strAtom, s string) {
	switch {
	case s == "":
	case !a.hasLast:
		a.lastStr, a.hasLast = s, true
	case !a.joined:
		a.base = len(p.tx)
		p.tx = append(append(p.tx, a.lastStr...), s...)
		a.top, a.joined = len(p.tx), true
	default:
		// Above top is only what inner atoms left when they failed.
		p.tx = append(p.tx[:a.top], s...)
		a.top = len(p.tx)
	}
}

// take returns a's pending literal text and clears it.
func (p *parser) take(a *strAtom) string {
	s := a.lastStr
	if a.joined {
		s = p.al.c.text.String(p.tx[a.base:a.top])
		p.tx = p.tx[:a.base]
	}
	a.lastStr, a.hasLast, a.joined = "", false, false
	return s
}

// flush turns the pending literal text into a Constant value.
func (p *parser) flush(a *strAtom) {
	if a.hasLast {
		p.pushX(p.newConst(a.pos(), p.newStr(p.take(a)), a.kind()))
	}
}

func (p *parser) fstringFinish(a *strAtom) ast.Expr {
	if !a.fmode {
		return p.newConst(a.pos(), p.newStr(p.take(a)), a.kind())
	}
	p.flush(a)
	return node(&p.al.joinedStrs, ast.JoinedStr{Pos: a.pos(), Values: p.popXs(a.xbase)})
}

// fstringConcat parses the body of an f-string into a (FstringParser_ConcatFstring),
// returning the unparsed rest (at a '}' for a nested format spec).
func (p *parser) fstringConcat(a *strAtom, s string, raw bool, level int) string {
	a.fmode = true
	for !a.failed {
		lit, rest, more := p.fstringLiteral(a, s, raw, level)
		if a.failed {
			return ""
		}
		p.concat(a, lit)
		s = rest
		if more {
			continue
		}
		if s == "" || s[0] == '}' {
			break
		}
		// s[0] == '{': an expression
		var fv ast.Expr
		var text string
		fv, text, s = p.fstringExpr(a, s, raw, level)
		if a.failed {
			return ""
		}
		p.concat(a, text)
		p.flush(a)
		p.pushX(fv)
	}
	if a.failed {
		return ""
	}
	if level == 0 && len(s) > 1 {
		p.strFail(a, "f-string: unexpected end of string")
	} else if level != 0 && (s == "" || s[0] != '}') {
		p.strFail(a, "f-string: expecting '}'")
	}
	return s
}

// fstringLiteral scans literal text up to an expression's '{', a '}' or
// the end (fstring_find_literal). more reports a doubled brace: the caller
// takes the literal and calls again.
func (p *parser) fstringLiteral(a *strAtom, s string, raw bool, level int) (lit, rest string, more bool) {
	i, end := 0, len(s)
loop:
	for i < end {
		ch := s[i]
		i++
		if !raw && ch == '\\' && i < end {
			ch = s[i]
			i++
			if ch == 'N' {
				if i < end {
					c := s[i]
					i++
					if c == '{' {
						for i < end {
							c := s[i]
							i++
							if c == '}' {
								break
							}
						}
						continue
					}
				}
				break loop
			}
			if ch == '{' {
				p.warn(int(a.start.Line), literal.InvalidEscapeMsg('{'))
			}
		}
		if ch == '{' || ch == '}' {
			if level == 0 {
				if i < end && s[i] == ch {
					return p.fstringDecode(a, s[:i], raw), s[i+1:], true
				}
				if ch == '}' {
					p.strFail(a, "f-string: single '}' is not allowed")
					return "", "", false
				}
			}
			i--
			break
		}
	}
	return p.fstringDecode(a, s[:i], raw), s[i:], false
}

func (p *parser) fstringDecode(a *strAtom, s string, raw bool) string {
	if s == "" {
		return ""
	}
	if raw {
		// fstring_find_literal decodes a raw piece as strict UTF-8, as
		// a raw str literal's body is.
		v, _, err := literal.Str(&p.al.c.text, s, true)
		if err != nil {
			p.strFail(a, err.Msg)
			return ""
		}
		return v
	}
	// A lone backslash ending the text (before an f-string brace) stays a
	// backslash: decode_unicode_with_escapes turns it into \u005c.
	n := 0
	for n < len(s) && s[len(s)-1-n] == '\\' {
		n++
	}
	if n%2 == 1 {
		return p.fstringDecode(a, s[:len(s)-1], raw) + "\\"
	}
	v, inv, err := literal.StrEscapes(&p.al.c.text, s)
	if err != nil {
		p.strFail(a, err.Msg)
		return ""
	}
	if inv >= 0 {
		p.warn(int(a.start.Line), literal.InvalidEscapeMsg(byte(inv)))
	}
	return v
}

// fstringExpr parses "{expr[=][!c][:spec]}" at the start of s
// (fstring_find_expr); it returns the FormattedValue, the "=" debug text,
// and the rest of s.
func (p *parser) fstringExpr(a *strAtom, s string, raw bool, level int) (ast.Expr, string, string) {
	if level >= 2 {
		p.strFail(a, "f-string: expressions nested too deeply")
		return nil, "", ""
	}
	i := 1
	end := len(s)
	var quote byte
	strType := 0
	var stack [200]byte
	depth := 0
	for ; i < end; i++ {
		ch := s[i]
		if ch == '\\' {
			p.strFail(a, "f-string expression part cannot include a backslash")
			return nil, "", ""
		}
		if quote != 0 {
			if ch == quote {
				if strType == 3 {
					if i+2 < end && s[i+1] == ch && s[i+2] == ch {
						i += 2
						strType, quote = 0, 0
						continue
					}
				} else {
					strType, quote = 0, 0
					continue
				}
			}
			continue
		}
		switch {
		case ch == '\'' || ch == '"':
			if i+2 < end && s[i+1] == ch && s[i+2] == ch {
				strType = 3
				i += 2
			} else {
				strType = 1
			}
			quote = ch
		case ch == '[' || ch == '{' || ch == '(':
			if depth >= len(stack) {
				p.strFail(a, "f-string: too many nested parenthesis")
				return nil, "", ""
			}
			stack[depth] = ch
			depth++
		case ch == '#':
			p.strFail(a, "f-string expression part cannot include '#'")
			return nil, "", ""
		case depth == 0 && (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<'):
			if i+1 < end {
				next := s[i+1]
				if (ch == '!' || ch == '=' || ch == '<' || ch == '>') && next == '=' {
					i++
					continue
				}
				if ch == '>' || ch == '<' {
					continue
				}
			}
			goto found
		case ch == ']' || ch == '}' || ch == ')':
			if depth == 0 {
				p.strFail(a, "f-string: unmatched '"+string(ch)+"'")
				return nil, "", ""
			}
			depth--
			open := stack[depth]
			if !(open == '(' && ch == ')' || open == '[' && ch == ']' || open == '{' && ch == '}') {
				p.strFail(a, "f-string: closing parenthesis '"+string(ch)+"' does not match opening parenthesis '"+string(open)+"'")
				return nil, "", ""
			}
		}
	}
found:
	if quote != 0 {
		p.strFail(a, "f-string: unterminated string")
		return nil, "", ""
	}
	if depth != 0 {
		p.strFail(a, "f-string: unmatched '"+string(stack[depth-1])+"'")
		return nil, "", ""
	}
	if i >= end {
		p.strFail(a, "f-string: expecting '}'")
		return nil, "", ""
	}
	exprSrc := s[1:i]
	value := p.fstringCompile(a, exprSrc)
	if a.failed {
		return nil, "", ""
	}
	text := ""
	conv := -1
	if s[i] == '=' {
		i++
		for i < end && isASCIISpace(s[i]) {
			i++
		}
		text = s[1:i]
	}
	if i < end && s[i] == '!' {
		i++
		if i >= end {
			p.strFail(a, "f-string: expecting '}'")
			return nil, "", ""
		}
		conv = int(s[i])
		i++
		if conv != 's' && conv != 'r' && conv != 'a' {
			p.strFail(a, "f-string: invalid conversion character: expected 's', 'r', or 'a'")
			return nil, "", ""
		}
	}
	if i >= end {
		p.strFail(a, "f-string: expecting '}'")
		return nil, "", ""
	}
	var spec ast.Expr
	if s[i] == ':' {
		i++
		if i >= end {
			p.strFail(a, "f-string: expecting '}'")
			return nil, "", ""
		}
		sub := &strAtom{start: a.start, end: a.end, first: a.first, xbase: len(p.xs)}
		rest := p.fstringConcat(sub, s[i:], raw, level+1)
		if sub.failed {
			a.failed = true
			return nil, "", ""
		}
		spec = p.fstringFinish(sub)
		i = end - len(rest)
	}
	if i >= end || s[i] != '}' {
		p.strFail(a, "f-string: expecting '}'")
		return nil, "", ""
	}
	i++
	if text != "" && spec == nil && conv == -1 {
		conv = 'r'
	}
	fv := node(&p.al.formattedValues, ast.FormattedValue{Pos: a.pos(), Value: value, Conversion: conv, FormatSpec: spec})
	return fv, text, s[i:]
}

func isASCIISpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	}
	return false
}

// fstringCompile parses one f-string expression as fstring_compile_expr:
// "(" + expr + ")" in eval mode with file name "<fstring>", then moves the
// nodes to where fstring_fix_node_location puts them.
func (p *parser) fstringCompile(a *strAtom, expr string) ast.Expr {
	if p.frozen {
		// The module already failed; nothing here can matter.
		a.failed = true
		return nil
	}
	blank := true
	for i := 0; i < len(expr); i++ {
		switch expr[i] {
		case ' ', '\t', '\n', '\f':
			continue
		}
		blank = false
		break
	}
	if blank {
		p.strFail(a, "f-string: empty expression not allowed")
		return nil
	}
	// The parser of f-string expressions is kept from one to the next.
	// It builds its trees from slabs of its own, whose chunks go back
	// with p's (resetSubs): handing p's over and back copied 4 KB of
	// allocs twice per expression.
	sub := p.sub
	if sub == nil {
		sub = new(parser)
		p.sub = sub
	}
	sub.al.c = p.al.c
	sub.begin(state{filename: "<fstring>", noText: true, file: source.File{Name: "<fstring>", Src: "(" + expr + ")"}})
	sub.sc.Init(&sub.file)
	e, err := sub.parseEval()
	p.seeds += sub.seeds
	if err != nil {
		a.failed = true
		if len(p.aerrs) == 0 {
			p.cut()
		}
		p.aerrs = append(p.aerrs, err)
		return nil
	}
	// fstring_fix_node_location: find "{expr}" in the first STRING token.
	lines := int(a.start.Line) - 1
	cols := int(a.start.Col)
	if k := strings.Index(a.first, "{"+expr+"}"); k >= 0 {
		st := k
		for st > 0 && a.first[st] != '\n' {
			st--
		}
		cols += k - st
		lines += strings.Count(a.first[:k], "\n")
	}
	for _, w := range sub.warns {
		w.Lineno += lines
		p.warns = append(p.warns, w)
	}
	if len(sub.aerrs) > 0 {
		ae := sub.aerrs[0]
		if ae.Lineno == 1 {
			ae.Offset += cols
		}
		ae.Lineno += lines
		a.failed = true
		if len(p.aerrs) == 0 {
			p.cut()
		}
		p.aerrs = append(p.aerrs, ae)
		return nil
	}
	// The mover lives in p, so that walking with it allocates nothing.
	p.move = locMover{lines: int32(lines), cols: int32(cols)}
	ast.Walk(&p.move, e)
	return e
}

// locMover moves the nodes of an f-string expression's tree by lines and
// cols (fstring_fix_node_location).
type locMover struct{ lines, cols int32 }

func (m *locMover) Visit(n ast.Node) ast.Visitor {
	switch n := n.(type) {
	case nil:
		return nil
	case *ast.BinOp:
		m.shift(&n.Pos, n.Right.Loc().Lineno == 1)
	case *ast.Call, *ast.Attribute, *ast.Subscript:
		pos := n.(ast.Expr).Loc()
		m.shift(pos, pos.EndLineno == 1)
	case ast.Expr:
		pos := n.Loc()
		m.shift(pos, pos.Lineno == 1)
	case *ast.Arg:
		m.shift(&n.Pos, n.Lineno == 1)
	}
	return m
}

// shift moves pos. CPython shifts the columns of CST nodes on the
// fragment's first line only; a node's end moves with the CST node it was
// taken from.
func (m *locMover) shift(pos *ast.Pos, endMoves bool) {
	if pos.Lineno == 1 {
		pos.ColOffset += m.cols
	}
	if endMoves {
		pos.EndColOffset += m.cols
	}
	pos.Lineno += m.lines
	pos.EndLineno += m.lines
}

// parseEval parses the whole input as eval_input: testlist NEWLINE* ENDMARKER.
func (p *parser) parseEval() (e ast.Expr, err *diag.Error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			e, err = nil, p.err
		}
	}()
	p.warnCut = -1
	p.next()
	p.depth = 1
	e = p.testlist()
	for p.sc.Kind == token.NEWLINE {
		p.next()
	}
	if p.sc.Kind != token.ENDMARKER {
		p.syntaxError()
	}
	return e, nil
}
