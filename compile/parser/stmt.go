package parser

import (
	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/token"
)

func span(s, e token.Pos) ast.Pos {
	return ast.Pos{Lineno: s.Line, ColOffset: s.Col, EndLineno: e.Line, EndColOffset: e.Col}
}

// spanTo is a node starting at s and ending where the last statement of
// body ends (ast.c's get_last_end_pos).
func spanTo(s token.Pos, body []ast.Stmt) ast.Pos {
	last := body[len(body)-1].Loc()
	return ast.Pos{Lineno: s.Line, ColOffset: s.Col, EndLineno: last.EndLineno, EndColOffset: last.EndColOffset}
}

// file_input: (NEWLINE | stmt)* ENDMARKER
func (p *parser) fileInput() []ast.Stmt {
	outer, d := p.openSs()
	for p.sc.Kind != token.ENDMARKER {
		if p.sc.Kind == token.NEWLINE {
			p.next()
			continue
		}
		p.stmt()
		p.frozen = len(p.aerrs) > 0
	}
	return p.closeSs(outer, d)
}

// stmt: simple_stmt | compound_stmt; pushes the statements on p.ss.
//
// simple_stmt: small_stmt (';' small_stmt)* [';'] NEWLINE
// Each small_stmt may be listed in Module.Fold.
//
// A simple_stmt, the commonest statement, is parsed here, without a call
// of its own; a compound_stmt is out of line.
func (p *parser) stmt() {
	// A keyword code is a NAME's alone: the tables take a statement's
	// first token in two loads, without a test per kind. A name that is
	// no keyword, which starts most statements, is taken by one test.
	if p.sc.KindKw() != uint16(token.NAME) && (compoundKw[p.sc.Kw] || compoundKind[p.sc.Kind]) {
		p.markedCompoundStmt()
		return
	}
	// The entries of stmt, of simple_stmt and of each small_stmt in turn.
	p.depth += 3
	for {
		seeds := p.beginStmt()
		var st ast.Stmt
		if p.sc.Kw == kwNone {
			// smallStmt's expression statement, the commonest,
			// without its call; one that starts with a name needs
			// no check that it starts a test.
			if p.sc.Kind == token.NAME {
				st = p.exprStmt()
			} else {
				st = p.exprSmallStmt()
			}
		} else {
			st = p.smallStmt()
		}
		p.endStmt(seeds, st)
		p.pushS(st)
		if p.sc.Kind != token.SEMI {
			break
		}
		p.next()
		if p.sc.Kind == token.NEWLINE {
			break
		}
	}
	// expect, spelt out: every simple statement ends here.
	if p.sc.Kind != token.NEWLINE {
		p.syntaxError()
	}
	if !p.sc.Fast() {
		p.nextSlow()
	}
	p.depth -= 3
}

// compoundKw and compoundKind mark the keywords and the other tokens that
// start a compound_stmt.
var (
	compoundKw   = [256]bool{kwIf: true, kwWhile: true, kwFor: true, kwTry: true, kwWith: true, kwDef: true, kwClass: true}
	compoundKind = [256]bool{token.AT: true, token.ASYNC: true}
)

// simpleStmt parses a suite's simple_stmt, which starts no compound_stmt
// (startsSimpleStmt): stmt's, less stmt's entry.
func (p *parser) simpleStmt() {
	p.depth--
	p.stmt()
	p.depth++
}

// startsTest reports whether the current token can begin a test: two
// table loads, the keyword code being a NAME's alone.
func (p *parser) startsTest() bool {
	return testKind[p.sc.Kind] && testKw[p.sc.Kw]
}

// testKind marks the kinds that can begin a test and testKw the keyword
// codes a NAME that does can have (any token but a NAME has none).
var (
	testKind = [256]bool{token.NAME: true, token.NUMBER: true, token.STRING: true,
		token.LPAR: true, token.LSQB: true, token.LBRACE: true, token.MINUS: true,
		token.PLUS: true, token.TILDE: true, token.ELLIPSIS: true, token.AWAIT: true}
	testKw = [256]bool{kwNone: true, kwNot: true, kwLambda: true, kwNoneLit: true,
		kwTrue: true, kwFalse: true}
)

// startsExpr reports whether the current token can begin an expr (no
// 'not' or 'lambda').
func (p *parser) startsExpr() bool {
	if p.sc.Kind == token.NAME {
		switch p.sc.Kw {
		case kwNone, kwNoneLit, kwTrue, kwFalse:
			return true
		}
		return false
	}
	return p.startsTest()
}

// smallStmt parses a small_stmt, whose entry simpleStmt counts.
func (p *parser) smallStmt() ast.Stmt {
	var s ast.Stmt
	// Only the statements that start with a keyword read it here: an
	// expression statement, the commonest, finds its own.
	var start token.Pos
	if p.sc.Kw != kwNone {
		start = p.sc.Start()
	}
	switch p.sc.Kw {
	case kwDel:
		p.enter()
		p.next()
		targets, _, _ := p.exprlist(ast.Del)
		s = node(&p.al.deletes, ast.Delete{Pos: span(start, p.sc.PrevPos()), Targets: targets})
		p.pop()
	case kwPass:
		p.enter()
		p.next()
		s = node(&p.al.passes, ast.Pass{Pos: span(start, p.sc.PrevPos())})
		p.pop()
	case kwBreak, kwContinue, kwReturn, kwRaise, kwYield:
		s = p.flowStmt()
	case kwImport, kwFrom:
		s = p.importStmt()
	case kwGlobal, kwNonlocal:
		p.enter()
		isGlobal := p.sc.Kw == kwGlobal
		p.next()
		var names []string
		for {
			if !p.isName() {
				p.syntaxError()
			}
			names = append(names, p.ident())
			p.next()
			if p.sc.Kind != token.COMMA {
				break
			}
			p.next()
		}
		if isGlobal {
			s = &ast.Global{Pos: span(start, p.sc.PrevPos()), Names: names}
		} else {
			s = &ast.Nonlocal{Pos: span(start, p.sc.PrevPos()), Names: names}
		}
		p.pop()
	case kwAssert:
		p.enter()
		p.next()
		test := p.test()
		var msg ast.Expr
		if p.sc.Kind == token.COMMA {
			p.next()
			msg = p.test()
		}
		s = node(&p.al.asserts, ast.Assert{Pos: span(start, p.sc.PrevPos()), Test: test, Msg: msg})
		p.pop()
	default:
		s = p.exprSmallStmt()
	}
	return s
}

// exprSmallStmt is the small_stmt that is an expr_stmt.
func (p *parser) exprSmallStmt() ast.Stmt {
	if !p.startsTest() && p.sc.Kind != token.STAR {
		p.syntaxError()
	}
	return p.exprStmt()
}

// ident returns the current NAME token as an identifier (NFKC-normalised).
func (p *parser) ident() string { return p.sc.Ident() }

// flow_stmt: break_stmt | continue_stmt | return_stmt | raise_stmt | yield_stmt
func (p *parser) flowStmt() ast.Stmt {
	p.enter()
	start := p.sc.Start()
	var s ast.Stmt
	p.enter() // the *_stmt nonterminal
	switch p.sc.Kw {
	case kwBreak:
		p.next()
		s = node(&p.al.breaks, ast.Break{Pos: span(start, p.sc.PrevPos())})
	case kwContinue:
		p.next()
		s = node(&p.al.continues, ast.Continue{Pos: span(start, p.sc.PrevPos())})
	case kwReturn:
		if !p.sc.Fast() { // next, spelt out: a hot site
			p.nextSlow()
		}
		var v ast.Expr
		if p.startsTest() || p.sc.Kind == token.STAR {
			v = p.testlistStarExpr()
		}
		r, ok := p.al.returns.ready()
		if !ok {
			r = p.al.returns.take()
		}
		r.Pos, r.Value = span(start, p.sc.PrevPos()), v
		s = r
	case kwRaise:
		p.next()
		var exc, cause ast.Expr
		if p.startsTest() {
			exc = p.test()
			if p.sc.Kw == kwFrom {
				p.next()
				cause = p.test()
			}
		}
		s = node(&p.al.raises, ast.Raise{Pos: span(start, p.sc.PrevPos()), Exc: exc, Cause: cause})
	case kwYield:
		y := p.yieldExpr()
		s = node(&p.al.exprStmts, ast.ExprStmt{Pos: span(start, p.sc.PrevPos()), Value: y})
	}
	p.pop()
	p.pop()
	return s
}

// expr_stmt: testlist_star_expr (annassign | augassign (yield_expr|testlist) |
//
//	[('=' (yield_expr|testlist_star_expr))+ [TYPE_COMMENT]] )
func (p *parser) exprStmt() ast.Stmt {
	p.enter()
	start := p.sc.Start()
	// testlistStarExpr, spelt out: the statement's start is its start.
	p.depth++
	var first ast.Expr
	if p.sc.Kind == token.STAR {
		first = p.starExpr()
	} else {
		first = p.testOr(true)
	}
	if p.sc.Kind == token.COMMA {
		first = p.starTuple(first, start.Offset)
	}
	p.depth--
	var s ast.Stmt
	// One load classes the token after the first testlist_star_expr;
	// the cases come in the order of their frequency.
	switch stmtTail[p.sc.Kind] {
	case 0:
		es, ok := p.al.exprStmts.ready()
		if !ok {
			es = p.al.exprStmts.take()
		}
		es.Pos, es.Value = span(start, p.sc.PrevPos()), first
		s = es
	case tailAssign:
		// ast.c converts and checks every target before the value. Most
		// assignments have one target, which takes no loop: the others
		// go on in moreTargets.
		p.setContext(first, ast.Store, start)
		if !p.sc.Fast() {
			p.nextSlow()
		}
		voff := p.sc.Off // a position only for another target
		isYield := p.sc.Kw == kwYield
		var value ast.Expr
		if isYield {
			value = p.yieldExpr()
		} else {
			value = p.testlistStarExpr()
		}
		var targets []ast.Expr
		if p.sc.Kind != token.EQUAL {
			// oneX, spelt out, as for a call's lone argument.
			l, ok := p.al.ones.ready()
			if !ok {
				l = p.al.ones.take()
			}
			l[0] = first
			targets = l[:]
		} else {
			targets, value = p.moreTargets(first, value, voff, isYield)
		}
		as, ok := p.al.assigns.ready()
		if !ok {
			as = p.al.assigns.take()
		}
		as.Pos, as.Targets, as.Value, as.TypeComment = span(start, p.sc.PrevPos()), targets, value, ""
		s = as
	case tailAug:
		s = p.augAssign(first, start)
	default: // tailAnn
		s = p.annAssign(first, start)
	}
	p.pop()
	return s
}

// The classes of the token after an expression statement's first
// testlist_star_expr: 0 for none of these (the statement ends).
const (
	tailAssign = 1 + iota // '='
	tailAug               // an augmented assignment's operator
	tailAnn               // ':'
)

var stmtTail = func() (t [256]uint8) {
	for k := range t {
		if augOps[k] != 0 {
			t[k] = tailAug
		}
	}
	t[token.EQUAL], t[token.COLON] = tailAssign, tailAnn
	return
}()

// annAssign completes an expression statement whose first
// testlist_star_expr, starting at start, is first, at its ':'. As in
// ast.c, the target's own errors come before the test of its kind.
// Out of line, as augAssign: most statements are no annotated or
// augmented assignment.
func (p *parser) annAssign(first ast.Expr, start token.Pos) ast.Stmt {
	// annassign: ':' test ['=' (yield_expr|testlist_star_expr)]
	p.enter()
	p.next()
	simple := 1
	switch t := first.(type) {
	case *ast.Name:
		if nameForbidden(t.Id, false) {
			p.astErr(start, "cannot assign to "+t.Id)
		}
		t.Ctx = ast.Store
	case *ast.Attribute:
		if nameForbidden(t.Attr, true) {
			p.astErr(start, "cannot assign to "+t.Attr)
		}
		t.Ctx = ast.Store
	case *ast.Subscript:
		t.Ctx = ast.Store
	case *ast.List:
		p.astErr(start, "only single target (not list) can be annotated")
	case *ast.Tuple:
		p.astErr(start, "only single target (not tuple) can be annotated")
	default:
		p.astErr(start, "illegal target for annotation")
	}
	if _, ok := first.(*ast.Name); !ok || p.firstKindIsLPar(start) {
		simple = 0
	}
	ann := p.test()
	var value ast.Expr
	if p.sc.Kind == token.EQUAL {
		p.next()
		if p.sc.Kw == kwYield {
			value = p.yieldExpr()
		} else {
			value = p.testlistStarExpr()
		}
	}
	p.pop()
	return node(&p.al.annAssigns, ast.AnnAssign{Pos: span(start, p.sc.PrevPos()), Target: first, Annotation: ann, Value: value, Simple: simple})
}

// augAssign completes an expression statement whose first
// testlist_star_expr, starting at start, is first, at its operator.
func (p *parser) augAssign(first ast.Expr, start token.Pos) ast.Stmt {
	op := augOps[p.sc.Kind]
	if p.setContext(first, ast.Store, start) {
		switch first.(type) {
		case *ast.Name, *ast.Attribute, *ast.Subscript:
		default:
			p.astErrorAt(len(p.aerrs), start, "illegal expression for augmented assignment")
		}
	}
	p.enter()
	p.next()
	p.pop()
	var value ast.Expr
	if p.sc.Kw == kwYield {
		value = p.yieldExpr()
	} else {
		value = p.testlist()
	}
	return node(&p.al.augAssigns, ast.AugAssign{Pos: span(start, p.sc.PrevPos()), Target: first, Op: op, Value: value})
}

// moreTargets continues an assignment at the '=' after its second part
// t, which starts at offset toff (isYield: a yield expression); first is
// its first target. It returns the targets and the value.
func (p *parser) moreTargets(first, t ast.Expr, toff int32, isYield bool) ([]ast.Expr, ast.Expr) {
	base := p.pushTarget(-1, first, t)
	tstart := p.sc.PosOf(toff)
	var value ast.Expr
	for p.sc.Kind == token.EQUAL {
		// t is the target before this '='.
		if isYield {
			p.astErr(tstart, "assignment to yield expression not possible")
		} else {
			p.setContext(t, ast.Store, tstart)
		}
		if !p.sc.Fast() {
			p.nextSlow()
		}
		tstart = p.sc.Start()
		isYield = p.sc.Kw == kwYield
		if isYield {
			value = p.yieldExpr()
		} else {
			value = p.testlistStarExpr()
		}
		if p.sc.Kind == token.EQUAL {
			base, t = p.pushTarget(base, first, value), value
		}
	}
	return p.popXs(base), value
}

// pushTarget pushes t, an assignment's target that another follows, and
// first before it if t is the second: the scratch stack holds the
// targets from a second one on, from base (-1 until then). The lines of
// exprStmt's hot calls stay where the PGO profile has them.
func (p *parser) pushTarget(base int, first, t ast.Expr) int {
	if base < 0 {
		base = len(p.xs)
		p.pushX(first)
	}
	p.pushX(t)
	return base
}

// firstKindIsLPar reports whether the expression starting at pos begins
// with a parenthesis (annotation targets: "(x): int" is not simple).
func (p *parser) firstKindIsLPar(pos token.Pos) bool {
	src := p.sc.File().Src
	return int(pos.Offset) < len(src) && src[pos.Offset] == '('
}

// augOps gives an augmented assignment's operator by token kind (0 for
// none).
var augOps = [256]ast.Operator{
	token.PLUSEQUAL:        ast.Add,
	token.MINEQUAL:         ast.Sub,
	token.STAREQUAL:        ast.Mult,
	token.ATEQUAL:          ast.MatMult,
	token.SLASHEQUAL:       ast.Div,
	token.PERCENTEQUAL:     ast.Modulo,
	token.AMPEREQUAL:       ast.BitAnd,
	token.VBAREQUAL:        ast.BitOr,
	token.CIRCUMFLEXEQUAL:  ast.BitXor,
	token.LEFTSHIFTEQUAL:   ast.LShift,
	token.RIGHTSHIFTEQUAL:  ast.RShift,
	token.DOUBLESTAREQUAL:  ast.Pow,
	token.DOUBLESLASHEQUAL: ast.FloorDiv,
}

// import_stmt: import_name | import_from
func (p *parser) importStmt() ast.Stmt {
	p.enter()
	start := p.sc.Start()
	var s ast.Stmt
	p.enter()
	if p.sc.Kw == kwImport {
		// import_name: 'import' dotted_as_names
		p.next()
		p.enter() // dotted_as_names
		var buf [4]*ast.Alias
		names := buf[:0]
		for {
			names = append(names, p.dottedAsName())
			if p.sc.Kind != token.COMMA {
				break
			}
			p.next()
		}
		p.pop()
		s = node(&p.al.imports, ast.Import{Pos: span(start, p.sc.PrevPos()), Names: p.al.ala.make(names)})
	} else {
		// import_from: ('from' (('.' | '...')* dotted_name | ('.' | '...')+)
		//               'import' ('*' | '(' import_as_names ')' | import_as_names))
		p.next()
		level := 0
		for p.sc.Kind == token.DOT || p.sc.Kind == token.ELLIPSIS {
			if p.sc.Kind == token.DOT {
				level++
			} else {
				level += 3
			}
			p.next()
		}
		module := ""
		if level == 0 || p.isName() {
			if !p.isName() {
				p.syntaxError()
			}
			module, _ = p.dottedName(false)
		}
		p.expectKw(kwImport)
		var names []*ast.Alias
		switch p.sc.Kind {
		case token.STAR:
			p.next()
			names = []*ast.Alias{{Name: "*"}}
		case token.LPAR:
			p.next()
			names, _ = p.importAsNames()
			p.expect(token.RPAR)
		default:
			nstart := p.sc.Start()
			m := p.mark()
			var trailing bool
			names, trailing = p.importAsNames()
			if trailing {
				p.truncate(m) // ast.c stops before converting the names
				p.astErr(nstart, "trailing comma not allowed without surrounding parentheses")
			}
		}
		s = node(&p.al.importFroms, ast.ImportFrom{Pos: span(start, p.sc.PrevPos()), Module: module, Names: names, Level: level})
	}
	p.pop()
	p.pop()
	return s
}

// dotted_name: NAME ('.' NAME)*; returns the joined name and whether it
// has a single part.
func (p *parser) dottedName(store bool) (string, bool) {
	p.enter()
	if !p.isName() {
		p.syntaxError()
	}
	first := p.sc.Start()
	// A lone name is an identifier (NFKC-normalised, as new_identifier
	// does); a dotted one is the names' bytes joined as written, which
	// ast.c's alias_for_import_name never normalises. Most are written
	// without spaces: the source text from first is then the name, with
	// no concatenation.
	name := p.ident()
	raw := p.text()
	if !p.sc.Fast() { // next, spelt out: a hot site
		p.nextSlow()
	}
	single, verbatim := true, true
	for p.sc.Kind == token.DOT {
		dot := p.sc.Off
		verbatim = verbatim && dot == p.sc.PrevEnd
		p.next()
		if !p.isName() {
			p.syntaxError()
		}
		if verbatim && p.sc.Off == dot+1 {
			raw = p.sc.TextAt(int(first.Offset), int(p.sc.EndOff))
		} else {
			verbatim = false
			raw += "." + p.text()
		}
		single = false
		p.next()
	}
	if !single {
		name = raw
		if p.sc.NonASCIINames() {
			p.rawNames = append(p.rawNames, [2]int32{first.Offset, p.sc.PrevEnd})
		}
	}
	if single && store && nameForbidden(name, false) {
		p.astErr(first, "cannot assign to "+name)
	}
	p.pop()
	return name, single
}

// dotted_as_name: dotted_name ['as' NAME]
func (p *parser) dottedAsName() *ast.Alias {
	p.enter()
	a := p.al.aliases.alloc()
	if !p.isName() {
		p.syntaxError()
	}
	// ast.c checks a lone name only when it has no alias.
	m := p.mark()
	a.Name, _ = p.dottedName(true)
	if p.sc.Kw == kwAs {
		p.truncate(m)
	}
	if p.sc.Kw == kwAs {
		p.next()
		if !p.isName() {
			p.syntaxError()
		}
		a.Asname = p.ident()
		if nameForbidden(a.Asname, false) {
			p.astErr(p.sc.Start(), "cannot assign to "+a.Asname)
		}
		p.next()
	}
	p.pop()
	return a
}

// import_as_names: import_as_name (',' import_as_name)* [',']
func (p *parser) importAsNames() ([]*ast.Alias, bool) {
	p.enter()
	var buf [8]*ast.Alias
	names := buf[:0]
	trailing := false
	for {
		// import_as_name: NAME ['as' NAME]
		p.enter()
		if !p.isName() {
			p.syntaxError()
		}
		a := p.al.aliases.alloc()
		a.Name = p.ident()
		npos := p.sc.Start()
		p.next()
		if p.sc.Kw == kwAs {
			p.next()
			if !p.isName() {
				p.syntaxError()
			}
			a.Asname = p.ident()
			if nameForbidden(a.Asname, false) {
				p.astErr(p.sc.Start(), "cannot assign to "+a.Asname)
			}
			p.next()
		} else if nameForbidden(a.Name, false) {
			p.astErr(npos, "cannot assign to "+a.Name)
		}
		p.pop()
		names = append(names, a)
		if p.sc.Kind != token.COMMA {
			break
		}
		p.next()
		if !p.isName() {
			trailing = true
			break
		}
	}
	p.pop()
	return p.al.ala.make(names), trailing
}

// markedCompoundStmt is stmt for a compound_stmt, which it parses,
// pushes and records in Module.Fold: a compound statement costs one call
// here, not two.
//
// compound_stmt: if_stmt | while_stmt | for_stmt | try_stmt | with_stmt |
//
//	funcdef | classdef | decorated | async_stmt
func (p *parser) markedCompoundStmt() {
	p.depth += 2 // stmt's entry and compound_stmt's
	seeds := p.beginStmt()
	var s ast.Stmt
	switch {
	case p.sc.Kind == token.AT:
		s = p.decorated()
	case p.sc.Kind == token.ASYNC:
		// async_stmt: ASYNC (funcdef | with_stmt | for_stmt)
		p.enter()
		start := p.sc.Start()
		p.next()
		switch p.sc.Kw {
		case kwDef:
			s = p.funcdef(start, nil, true)
		case kwWith:
			s = p.withStmt(start, true)
		case kwFor:
			s = p.forStmt(start, true)
		default:
			p.syntaxError()
		}
		p.pop()
	default:
		switch p.sc.Kw {
		case kwIf:
			s = p.ifStmt()
		case kwWhile:
			s = p.whileStmt()
		case kwFor:
			s = p.forStmt(p.sc.Start(), false)
		case kwTry:
			s = p.tryStmt()
		case kwWith:
			s = p.withStmt(p.sc.Start(), false)
		case kwDef:
			s = p.funcdef(p.sc.Start(), nil, false)
		case kwClass:
			s = p.classdef(nil)
		}
	}
	p.endStmt(seeds, s)
	p.pushS(s)
	p.depth -= 2
}

// suite: simple_stmt | NEWLINE INDENT stmt+ DEDENT
func (p *parser) suite() []ast.Stmt {
	p.enter()
	outer, d := p.openSs()
	if p.sc.Kind == token.NEWLINE {
		if !p.sc.Fast() {
			p.nextSlow()
		}
		if p.sc.Kind != token.INDENT {
			p.expectIndent()
		}
		if !p.sc.Fast() {
			p.nextSlow()
		}
		for {
			p.stmt()
			if p.sc.Kind == token.DEDENT {
				break
			}
		}
		if !p.sc.Fast() {
			p.nextSlow()
		}
	} else {
		if !p.startsSimpleStmt() {
			p.syntaxError()
		}
		p.simpleStmt()
	}
	p.pop()
	return p.closeSs(outer, d)
}

func (p *parser) startsSimpleStmt() bool {
	if p.sc.Kind == token.NAME {
		switch p.sc.Kw {
		case kwIf, kwWhile, kwFor, kwTry, kwWith, kwDef, kwClass, kwElif, kwElse, kwExcept, kwFinally, kwAs, kwIn, kwIs, kwAnd, kwOr:
			return false
		}
		return true
	}
	return p.startsTest() || p.sc.Kind == token.STAR
}

// if_stmt: 'if' namedexpr_test ':' suite ('elif' namedexpr_test ':' suite)* ['else' ':' suite]
//
// Most ifs have no elif: their one node is filled as its parts come, and
// only a chain of elifs takes elifChain's bookkeeping.
func (p *parser) ifStmt() ast.Stmt {
	p.enter()
	start := p.sc.Start()
	m0 := p.mark()
	if !p.sc.Fast() {
		p.nextSlow()
	}
	s, ok := p.al.ifs.ready()
	if !ok {
		s = p.al.ifs.take()
	}
	s.Test = p.namedexprTest()
	// expect(token.COLON), spelt out: a hot site.
	if p.sc.Kind != token.COLON {
		p.syntaxError()
	}
	if !p.sc.Fast() {
		p.nextSlow()
	}
	body := p.suite()
	if p.sc.Kw == kwElif {
		p.pop()
		return p.elifChain(s, start, m0, body)
	}
	s.Body = body
	if p.sc.Kw == kwElse {
		p.next()
		p.expect(token.COLON)
		s.Orelse = p.suite()
		s.Pos = spanTo(start, s.Orelse)
	} else {
		s.Orelse = []ast.Stmt{}
		s.Pos = spanTo(start, body)
	}
	p.pop()
	return s
}

// elifChain completes an if statement (entered at the caller's depth)
// at its first elif; the if, starting at start with mark m0, has its
// node first with the Test set, and body.
func (p *parser) elifChain(first *ast.If, start token.Pos, m0 int, body []ast.Stmt) ast.Stmt {
	test := first.Test
	p.enter()
	type clause struct {
		start token.Pos
		test  ast.Expr
		body  []ast.Stmt
		seeds int // an elif's beginStmt, else -1
	}
	var cbuf [4]clause
	var mbuf [4]int
	clauses := append(cbuf[:0], clause{start, test, body, -1})
	marks := append(mbuf[:0], m0) // where each clause's ast.c errors start
	for p.sc.Kw == kwElif {
		start := p.sc.Start()
		marks = append(marks, p.mark())
		// An elif is an If of its own, nested in the previous
		// clause's orelse (the if's is markedCompoundStmt's).
		seeds := p.beginStmt()
		if !p.sc.Fast() {
			p.nextSlow()
		}
		test := p.namedexprTest()
		p.expect(token.COLON)
		body := p.suite()
		clauses = append(clauses, clause{start, test, body, seeds})
	}
	var orelse []ast.Stmt
	if p.sc.Kw == kwElse {
		p.next()
		p.expect(token.COLON)
		orelse = p.suite()
	}
	if len(marks) > 1 && len(p.aerrs) > marks[0] {
		p.reorderElifErrors(marks)
	}
	for i := len(clauses) - 1; i >= 0; i-- {
		c := clauses[i]
		last := c.body
		if orelse != nil {
			last = orelse
		}
		var s *ast.If
		if i == 0 {
			s = first
		} else {
			var ok bool
			if s, ok = p.al.ifs.ready(); !ok {
				s = p.al.ifs.take()
			}
		}
		*s = ast.If{Pos: spanTo(c.start, last), Test: c.test, Body: c.body, Orelse: orelse}
		if orelse == nil {
			s.Orelse = []ast.Stmt{}
		}
		if c.seeds >= 0 {
			p.endStmt(c.seeds, s)
		}
		orelse = p.oneStmt(s)
	}
	p.pop()
	return orelse[0]
}

// reorderElifErrors puts the ast.c errors of an if/elif chain in the order
// ast.c visits it: the last elif (with the else), the other elifs
// backwards, the if clause last.
func (p *parser) reorderElifErrors(marks []int) {
	end := len(p.aerrs)
	group := func(i int) []*diag.Error {
		hi := end
		if i+1 < len(marks) {
			hi = marks[i+1]
		}
		return p.aerrs[marks[i]:hi]
	}
	var out []*diag.Error
	for i := len(marks) - 1; i >= 0; i-- {
		out = append(out, group(i)...)
	}
	copy(p.aerrs[marks[0]:], out)
}

// while_stmt: 'while' namedexpr_test ':' suite ['else' ':' suite]
func (p *parser) whileStmt() ast.Stmt {
	p.enter()
	start := p.sc.Start()
	p.next()
	test := p.namedexprTest()
	p.expect(token.COLON)
	body := p.suite()
	orelse := []ast.Stmt{}
	last := body
	if p.sc.Kw == kwElse {
		p.next()
		p.expect(token.COLON)
		orelse = p.suite()
		last = orelse
	}
	p.pop()
	return node(&p.al.whiles, ast.While{Pos: spanTo(start, last), Test: test, Body: body, Orelse: orelse})
}

// for_stmt: 'for' exprlist 'in' testlist ':' [TYPE_COMMENT] suite ['else' ':' suite]
func (p *parser) forStmt(start token.Pos, async bool) ast.Stmt {
	p.enter()
	p.next()
	m0 := p.mark()
	target := p.exprlistTarget(ast.Store)
	p.expectKw(kwIn)
	iter := p.testlist()
	p.expect(token.COLON)
	body := p.suite()
	orelse := []ast.Stmt{}
	last := body
	if p.sc.Kw == kwElse {
		p.next()
		p.expect(token.COLON)
		m1 := p.mark()
		orelse = p.suite()
		last = orelse
		// ast.c converts the else suite first.
		p.moveErrs(m1, m0)
	}
	p.pop()
	p.seedIter(iter)
	if async {
		return &ast.AsyncFor{Pos: spanTo(start, last), Target: target, Iter: iter, Body: body, Orelse: orelse}
	}
	f, ok := p.al.fors.ready()
	if !ok {
		f = p.al.fors.take()
	}
	f.Pos, f.Target, f.Iter, f.Body, f.Orelse, f.TypeComment = spanTo(start, last), target, iter, body, orelse, ""
	return f
}

// try_stmt: ('try' ':' suite ((except_clause ':' suite)+ ['else' ':' suite]
//
//	['finally' ':' suite] | 'finally' ':' suite))
func (p *parser) tryStmt() ast.Stmt {
	p.enter()
	start := p.sc.Start()
	p.next()
	p.expect(token.COLON)
	body := p.suite()
	var buf [4]*ast.ExceptHandler
	handlers := buf[:0]
	orelse := []ast.Stmt{}
	final := []ast.Stmt{}
	mh := p.mark()
	if p.sc.Kw == kwExcept {
		for p.sc.Kw == kwExcept {
			// except_clause: 'except' [test ['as' NAME]]
			p.enter()
			hstart := p.sc.Start()
			p.next()
			h := p.al.handlers.alloc()
			if p.startsTest() {
				h.Type = p.test()
				if p.sc.Kw == kwAs {
					p.next()
					if !p.isName() {
						p.syntaxError()
					}
					h.Name = p.ident()
					if nameForbidden(h.Name, false) {
						p.astErr(p.sc.Start(), "cannot assign to "+h.Name)
					}
					p.next()
				}
			}
			p.pop()
			p.expect(token.COLON)
			h.Body = p.suite()
			h.Pos = spanTo(hstart, h.Body)
			handlers = append(handlers, h)
		}
		me := p.mark()
		if p.sc.Kw == kwElse {
			p.next()
			p.expect(token.COLON)
			orelse = p.suite()
		}
		if p.sc.Kw == kwFinally {
			p.next()
			p.expect(token.COLON)
			final = p.suite()
		}
		// ast.c converts else and finally before the handlers.
		p.moveErrs(me, mh)
	} else {
		if p.sc.Kw != kwFinally {
			p.syntaxError()
		}
		p.next()
		p.expect(token.COLON)
		final = p.suite()
	}
	p.pop()
	var pos ast.Pos
	switch {
	case len(final) > 0:
		pos = spanTo(start, final)
	case len(orelse) > 0:
		pos = spanTo(start, orelse)
	default:
		h := handlers[len(handlers)-1]
		pos = ast.Pos{Lineno: start.Line, ColOffset: start.Col, EndLineno: h.EndLineno, EndColOffset: h.EndColOffset}
	}
	t, ok := p.al.trys.ready()
	if !ok {
		t = p.al.trys.take()
	}
	t.Pos, t.Body, t.Handlers, t.Orelse, t.FinalBody = pos, body, p.al.ha.make(handlers), orelse, final
	return t
}

// with_stmt: 'with' with_item (',' with_item)*  ':' [TYPE_COMMENT] suite
func (p *parser) withStmt(start token.Pos, async bool) ast.Stmt {
	p.enter()
	p.next()
	var buf [4]*ast.WithItem
	items := buf[:0]
	for {
		// with_item: test ['as' expr]
		p.enter()
		istart := p.sc.Start()
		it := p.al.withItems.alloc()
		it.ContextExpr = p.test()
		if p.sc.Kw == kwAs {
			p.next()
			it.OptionalVars = p.expr()
			p.setContext(it.OptionalVars, ast.Store, istart)
		}
		p.pop()
		items = append(items, it)
		if p.sc.Kind != token.COMMA {
			break
		}
		if !p.sc.Fast() { // next, spelt out: a hot site
			p.nextSlow()
		}
	}
	p.expect(token.COLON)
	body := p.suite()
	p.pop()
	if async {
		return &ast.AsyncWith{Pos: spanTo(start, body), Items: p.al.wa.make(items), Body: body}
	}
	w, ok := p.al.withs.ready()
	if !ok {
		w = p.al.withs.take()
	}
	w.Pos, w.Items, w.Body, w.TypeComment = spanTo(start, body), p.al.wa.make(items), body, ""
	return w
}

// funcdef: 'def' NAME parameters ['->' test] ':' [TYPE_COMMENT] func_body_suite
func (p *parser) funcdef(start token.Pos, decos []ast.Expr, async bool) ast.Stmt {
	p.enter()
	defStart := p.sc.Start()
	if !p.sc.Fast() {
		p.nextSlow()
	}
	if !p.isName() {
		p.syntaxError()
	}
	name := p.ident()
	if nameForbidden(name, false) {
		p.astErr(p.sc.Start(), "cannot assign to "+name)
	}
	if !p.sc.Fast() {
		p.nextSlow()
	}
	// parameters: '(' [typedargslist] ')'
	p.enter()
	// expect(token.LPAR), spelt out: a hot site.
	if p.sc.Kind != token.LPAR {
		p.syntaxError()
	}
	if !p.sc.Fast() {
		p.nextSlow()
	}
	args := p.argumentsList(true, token.RPAR)
	// expect(token.RPAR), spelt out: a hot site.
	if p.sc.Kind != token.RPAR {
		p.syntaxError()
	}
	if !p.sc.Fast() {
		p.nextSlow()
	}
	p.pop()
	var returns ast.Expr
	if p.sc.Kind == token.RARROW {
		p.next()
		returns = p.test()
	}
	// expect(token.COLON), spelt out: a hot site.
	if p.sc.Kind != token.COLON {
		p.syntaxError()
	}
	if !p.sc.Fast() {
		p.nextSlow()
	}
	body := p.suite()
	p.pop()
	if decos == nil {
		decos = []ast.Expr{}
	}
	if async {
		return p.asyncFuncdef(start, name, args, body, decos, returns)
	}
	// Field by field: a composite literal is built aside and copied.
	fd, ok := p.al.funcdefs.ready()
	if !ok {
		fd = p.al.funcdefs.take()
	}
	fd.Pos, fd.Name, fd.Args, fd.Body, fd.DecoratorList = spanTo(defStart, body), name, args, body, decos
	fd.Returns, fd.TypeComment, fd.Sym = returns, "", 0
	return fd
}

// asyncFuncdef builds funcdef's node for an async def: out of line, for
// its literal's code.
//
//go:noinline
func (p *parser) asyncFuncdef(start token.Pos, name string, args *ast.Arguments, body []ast.Stmt, decos []ast.Expr, returns ast.Expr) ast.Stmt {
	return node(&p.al.asyncFuncdefs, ast.AsyncFunctionDef{Pos: spanTo(start, body), Name: name, Args: args, Body: body, DecoratorList: decos, Returns: returns})
}

// classdef: 'class' NAME ['(' [arglist] ')'] ':' suite
func (p *parser) classdef(decos []ast.Expr) ast.Stmt {
	p.enter()
	start := p.sc.Start()
	p.next()
	if !p.isName() {
		p.syntaxError()
	}
	name := p.ident()
	// ast.c reports a forbidden class name at its CHILD(n, 3) or the name.
	errPos := p.sc.Start()
	p.next()
	bases, kws := []ast.Expr{}, []*ast.Keyword{}
	sufAt := true
	if p.sc.Kind == token.LPAR {
		sufAt = false
		lpar := p.sc.Start()
		p.next()
		if p.sc.Kind == token.RPAR {
			errPos = p.sc.Start()
			p.next()
		} else {
			p.enter() // arglist, as in a trailer
			bases, kws = p.arglist(lpar.Offset, false)
			p.pop()
			// expect(token.RPAR), spelt out: a hot site.
			if p.sc.Kind != token.RPAR {
				p.syntaxError()
			}
			if !p.sc.Fast() {
				p.nextSlow()
			}
		}
	}
	// expect(token.COLON), spelt out: a hot site.
	if p.sc.Kind != token.COLON {
		p.syntaxError()
	}
	if !p.sc.Fast() {
		p.nextSlow()
	}
	if sufAt {
		errPos = p.sc.Start()
	}
	body := p.suite()
	if nameForbidden(name, false) {
		p.astErr(errPos, "cannot assign to "+name)
	}
	p.pop()
	if decos == nil {
		decos = []ast.Expr{}
	}
	c, ok := p.al.classdefs.ready()
	if !ok {
		c = p.al.classdefs.take()
	}
	c.Pos, c.Name, c.Bases, c.Keywords, c.Body, c.DecoratorList, c.Sym = spanTo(start, body), name, bases, kws, body, decos, 0
	return c
}

// decorated: decorators (classdef | funcdef | async_funcdef)
func (p *parser) decorated() ast.Stmt {
	p.enter()
	p.enter() // decorators
	xbase := len(p.xs)
	for p.sc.Kind == token.AT {
		p.pushX(p.decorator())
	}
	decos := p.popXs(xbase)
	p.pop()
	var s ast.Stmt
	switch {
	case p.sc.Kw == kwDef:
		s = p.funcdef(p.sc.Start(), decos, false)
	case p.sc.Kw == kwClass:
		s = p.classdef(decos)
	case p.sc.Kind == token.ASYNC:
		// async_funcdef: ASYNC funcdef
		p.enter()
		start := p.sc.Start()
		p.next()
		if p.sc.Kw != kwDef {
			p.syntaxError()
		}
		s = p.funcdef(start, decos, true)
		p.pop()
	default:
		p.syntaxError()
	}
	p.pop()
	return s
}

// decorator: '@' dotted_name [ '(' [arglist] ')' ] NEWLINE
func (p *parser) decorator() ast.Expr {
	p.enter()
	p.next()
	p.enter() // dotted_name
	if !p.isName() {
		p.syntaxError()
	}
	start := p.sc.Start()
	var e ast.Expr = p.newName(span(start, p.sc.End()), p.ident())
	p.next()
	for p.sc.Kind == token.DOT {
		p.next()
		if !p.isName() {
			p.syntaxError()
		}
		e = node(&p.al.attrs, ast.Attribute{Pos: span(start, p.sc.End()), Value: e, Attr: p.ident(), Ctx: ast.Load})
		p.next()
	}
	p.pop()
	if p.sc.Kind == token.LPAR {
		e = p.call(e, start)
	}
	p.expect(token.NEWLINE)
	p.pop()
	return e
}
