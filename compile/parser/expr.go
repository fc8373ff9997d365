package parser

import (
	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/token"
	"github.com/gopyc/gopyc/marshal"
)

// nameForbidden is ast.c's forbidden_name: __debug__ always, None, True and
// False when full (the grammar already keeps them out elsewhere).
//
// full is tested first: most callers pass false, and with the constant
// inlined they compare the name with "__debug__" alone.
func nameForbidden(name string, full bool) bool {
	if !full {
		return name == "__debug__"
	}
	switch name {
	case "__debug__", "None", "True", "False":
		return true
	}
	return false
}

// exprName is ast.c's get_expr_name, the noun of "cannot assign to ...".
func exprName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Attribute:
		return "attribute"
	case *ast.Subscript:
		return "subscript"
	case *ast.Starred:
		return "starred"
	case *ast.Name:
		return "name"
	case *ast.List:
		return "list"
	case *ast.Tuple:
		return "tuple"
	case *ast.Lambda:
		return "lambda"
	case *ast.Call:
		return "function call"
	case *ast.BoolOp, *ast.BinOp, *ast.UnaryOp:
		return "operator"
	case *ast.GeneratorExp:
		return "generator expression"
	case *ast.Yield, *ast.YieldFrom:
		return "yield expression"
	case *ast.Await:
		return "await expression"
	case *ast.ListComp:
		return "list comprehension"
	case *ast.SetComp:
		return "set comprehension"
	case *ast.DictComp:
		return "dict comprehension"
	case *ast.Dict:
		return "dict display"
	case *ast.Set:
		return "set display"
	case *ast.JoinedStr, *ast.FormattedValue:
		return "f-string expression"
	case *ast.Constant:
		switch t.Value {
		case marshal.None:
			return "None"
		case marshal.False:
			return "False"
		case marshal.True:
			return "True"
		case marshal.Ellipsis:
			return "Ellipsis"
		}
		return "literal"
	case *ast.Compare:
		return "comparison"
	case *ast.IfExp:
		return "conditional expression"
	case *ast.NamedExpr:
		return "named expression"
	}
	return "expression"
}

// setContext is ast.c's set_context: it marks e (and the elements of a
// tuple or list target) with ctx, or records why e cannot be a target. pos
// is the start of the whole target, where ast.c reports.
func (p *parser) setContext(e ast.Expr, ctx ast.ExprContext, pos token.Pos) bool {
	switch t := e.(type) {
	case *ast.Attribute:
		t.Ctx = ctx
		if ctx == ast.Store && nameForbidden(t.Attr, true) {
			p.astErr(pos, "cannot assign to "+t.Attr)
			return false
		}
	case *ast.Subscript:
		t.Ctx = ctx
	case *ast.Starred:
		t.Ctx = ctx
		return p.setContext(t.Value, ctx, pos)
	case *ast.Name:
		if ctx == ast.Store && nameForbidden(t.Id, false) {
			p.astErr(pos, "cannot assign to "+t.Id)
			return false
		}
		t.Ctx = ctx
	case *ast.List:
		t.Ctx = ctx
		for _, x := range t.Elts {
			if !p.setContext(x, ctx, pos) {
				return false
			}
		}
	case *ast.Tuple:
		t.Ctx = ctx
		for _, x := range t.Elts {
			if !p.setContext(x, ctx, pos) {
				return false
			}
		}
	default:
		verb := "cannot assign to "
		if ctx == ast.Del {
			verb = "cannot delete "
		}
		p.astErr(pos, verb+exprName(e))
		return false
	}
	return true
}

// namedexpr_test: test [':=' test]
func (p *parser) namedexprTest() ast.Expr {
	p.enter() // test's check covers it
	// The start becomes a position only for a named expression.
	soff := p.sc.Off
	e := p.test()
	if p.sc.Kind == token.COLONEQUAL {
		p.next()
		v := p.test()
		e = p.namedExpr(e, v, p.sc.PosOf(soff))
	}
	p.pop()
	return e
}

func (p *parser) namedExpr(target, value ast.Expr, start token.Pos) ast.Expr {
	if _, ok := target.(*ast.Name); !ok {
		p.astErr(start, "cannot use assignment expressions with "+exprName(target))
	} else {
		p.setContext(target, ast.Store, start)
	}
	return &ast.NamedExpr{Pos: span(start, p.sc.PrevPos()), Target: target, Value: value}
}

// test: or_test ['if' or_test 'else' test] | lambdef
//
// test and or_test are one function (testOr), so that a test costs no
// call more than its or_test.
func (p *parser) test() ast.Expr { return p.testOr(true) }

// orTest parses an or_test.
func (p *parser) orTest() ast.Expr { return p.testOr(false) }

// ifExp completes the IfExp of a test (at its stack entry) whose body,
// starting at start, is body.
func (p *parser) ifExp(body ast.Expr, start token.Pos) ast.Expr {
	p.next()
	cond := p.orTest()
	p.expectKw(kwElse)
	orelse := p.test()
	return node(&p.al.ifExps, ast.IfExp{Pos: span(start, p.sc.PrevPos()), Test: cond, Body: body, Orelse: orelse})
}

// test_nocond: or_test | lambdef_nocond
func (p *parser) testNocond() ast.Expr {
	p.push()
	var e ast.Expr
	if p.sc.Kw == kwLambda {
		e = p.lambdef(true)
	} else {
		e = p.orTest()
	}
	p.pop()
	return e
}

// lambdef: 'lambda' [varargslist] ':' test
// lambdef_nocond: 'lambda' [varargslist] ':' test_nocond
func (p *parser) lambdef(nocond bool) ast.Expr {
	p.push()
	start := p.sc.Start()
	p.next()
	var args *ast.Arguments
	if p.sc.Kind == token.COLON {
		args = p.emptyArguments()
	} else {
		args = p.argumentsList(false, token.COLON)
	}
	p.expect(token.COLON)
	var body ast.Expr
	if nocond {
		body = p.testNocond()
	} else {
		body = p.test()
	}
	p.pop()
	return node(&p.al.lambdas, ast.Lambda{Pos: span(start, p.sc.PrevPos()), Args: args, Body: body})
}

// or_test: and_test ('or' and_test)*
// and_test: not_test ('and' not_test)*
//
// testOr parses a test (full) or an or_test. The levels test, or_test,
// and_test, not_test take one parser stack entry each. Entering them
// consumes no token before the next push (comparison's, lambdef's, or
// not_test's own for 'not'), and a stack that is too deep at an outer
// level is too deep there too, with the same error: so the entries are
// counted here and checked by that push, without a call per level.
//
// Most or_tests start with an atom_expr: comparison and factor are then
// parsed inline too, their entries counted in the same way, so that an
// atom costs two calls here rather than four.
//
// The commonest or_test, a lone name or number (or string), with trailers
// or not, is taken before anything else: its frame holds only what that
// path keeps across its calls, and the other forms (testOrFull) and the
// operators after an atom (testOrOps) are out of line.
func (p *parser) testOr(full bool) ast.Expr {
	// lim is the deepest caller depth at which atom_expr's and atom's
	// pushes, two above the atom's base+12 (see testOrFull; base is one
	// above the caller's depth for a test), do not overflow. It is a
	// test's, one below an or_test's, for both: an or_test at the one
	// depth between takes testOrFull's path, which checks every push,
	// and the bound costs no test of full.
	const lim = maxStack - (3 + 1 + lvlTerm + 1 + 2 + 2) - 1
	if p.depth > lim {
		return p.testOrFull(full)
	}
	// The start becomes a position only where a node needs it: most
	// or_tests are a lone name or number.
	soff := p.sc.Off
	m0 := p.mark()
	// Taken without atom_expr's and atom's calls (their pushes cannot
	// overflow here), and when the token after it can continue no level
	// up to test, the or_test ends there. (nameOrNumber is too big to
	// inline here.)
	var e ast.Expr
	switch {
	case p.sc.KindKw() == uint16(token.NAME): // a NAME, no keyword
		// nameOrNumber's name, the commonest atom, spelt out: a name
		// costs no call (Fast inlines here as it does there).
		n, ok := p.al.names.ready()
		if !ok {
			n = p.al.names.take()
		}
		id := p.ident()
		e = p.setName(n, p.tokPos(), id)
		if !p.sc.Fast() {
			p.nextSlow()
		}
	case p.simpleAtom():
		// A constant costs one call, not nameOrNumber's as well.
		e = p.constAtom()
	case p.sc.Kind == token.STRING:
		// The next commonest start (an argument, a docstring, a dict
		// key), without testOrFull's and atomExpr's calls and tests.
		e = p.strings()
	default:
		return p.testOrFull(full)
	}
	after := afterAtom[p.sc.Kind]
	if after == endsTest {
		return e
	}
	if after == startsTrailer {
		outer := p.depth
		d := outer + 3 + 1 + lvlTerm + 1 + 2 + 2 // the trailers' entry
		if full {
			d++
		}
		p.depth = d
		e = p.trailers(e, p.sc.PosOf(soff))
		p.depth = outer
		if afterAtom[p.sc.Kind] == endsTest {
			// Most atom_exprs (a call, an attribute) end their test too.
			return e
		}
	}
	return p.testOrOps(full, e, soff, m0)
}

// testOrTail is testOr(true) after its name e, at offset soff with
// mark m0, for arglist's spelt-out path.
func (p *parser) testOrTail(e ast.Expr, soff int32, m0 int) ast.Expr {
	after := afterAtom[p.sc.Kind]
	if after == endsTest {
		return e
	}
	if after == startsTrailer {
		outer := p.depth
		p.depth = outer + 3 + 1 + lvlTerm + 1 + 2 + 2 + 1 // the trailers' entry
		e = p.trailers(e, p.sc.PosOf(soff))
		p.depth = outer
		if afterAtom[p.sc.Kind] == endsTest {
			return e
		}
	}
	return p.testOrOps(true, e, soff, m0)
}

// testOrFull is testOr for an or_test that starts with no simple atom
// or string (or nested too deep for testOr's path). It and testOrOps
// stay out of line: inlined into testOr (as PGO would), they grow its
// frame and prologue for every lone name or number.
//
//go:noinline
func (p *parser) testOrFull(full bool) ast.Expr {
	outer := p.depth
	if full {
		p.depth++ // test's entry
	}
	base := p.depth
	soff := p.sc.Off
	var start token.Pos
	var e ast.Expr
	switch {
	case full && p.sc.Kw == kwLambda:
		e = p.lambdef(false)
		p.depth = outer
		return e
	case p.sc.Kw == kwNot:
		start = p.sc.Start()
		p.depth = base + 2
		e = p.notTest()
	case unaryOps[p.sc.Kind] != 0:
		start = p.sc.Start()
		p.depth = base + 3
		e = p.comparison()
	default:
		// comparison() and factor() at base+3, without their calls.
		m0 := p.mark()
		p.depth = base + 3 + 1 + lvlTerm + 1 + 2
		e = p.atomExpr()
		p.depth = outer
		if afterAtom[p.sc.Kind] == endsTest {
			return e
		}
		return p.testOrOps(full, e, soff, m0)
	}
	return p.testOrEnd(full, e, start, outer, base)
}

// testOrOps continues an or_test (at the caller's depth) whose atom_expr
// e, starting at offset soff, is followed by a token that may continue
// it; m0 is the mark before e.
//
//go:noinline
func (p *parser) testOrOps(full bool, e ast.Expr, soff int32, m0 int) ast.Expr {
	outer := p.depth
	base := outer
	if full {
		base++ // test's entry
	}
	start := p.sc.PosOf(soff)
	p.depth = base + 3 + 1 + lvlTerm + 1 + 2
	e = p.powerRest(e, start)
	p.depth = base + 3 + 1 + lvlTerm + 1
	e = p.binRest(e, start, lvlOr)
	p.depth = base + 3 + 1
	if op := p.compOp(); op != 0 {
		e = p.compRest(e, op, start, m0)
	}
	return p.testOrEnd(full, e, start, outer, base)
}

// testOrEnd completes an or_test (entered at depth outer, its own
// entries from base) whose first not_test, starting at start, is e.
func (p *parser) testOrEnd(full bool, e ast.Expr, start token.Pos, outer, base int) ast.Expr {
	if p.sc.Kw == kwAnd || p.sc.Kw == kwOr {
		e = p.boolRest(e, start, base)
	}
	p.depth = base
	if full && p.sc.Kw == kwIf {
		e = p.ifExp(e, start)
	}
	p.depth = outer
	return e
}

// boolRest continues an or_test (entered at depth base) whose first
// not_test, starting at start, is first.
func (p *parser) boolRest(first ast.Expr, start token.Pos, base int) ast.Expr {
	e := p.andRest(first, start, base)
	if p.sc.Kw == kwOr {
		xbase := len(p.xs)
		p.pushX(e)
		for p.sc.Kw == kwOr {
			p.next()
			s := p.sc.Start()
			p.depth = base + 2
			x := p.notTest()
			p.pushX(p.andRest(x, s, base))
		}
		e = node(&p.al.boolOps, ast.BoolOp{Pos: span(start, p.sc.PrevPos()), Op: ast.Or, Values: p.popXs(xbase)})
	}
	return e
}

// andRest continues an and_test (in an or_test entered at depth base)
// whose first not_test, starting at start, is first.
func (p *parser) andRest(first ast.Expr, start token.Pos, base int) ast.Expr {
	if p.sc.Kw != kwAnd {
		return first
	}
	xbase := len(p.xs)
	p.pushX(first)
	for p.sc.Kw == kwAnd {
		p.next()
		p.depth = base + 2
		p.pushX(p.notTest())
	}
	return node(&p.al.boolOps, ast.BoolOp{Pos: span(start, p.sc.PrevPos()), Op: ast.And, Values: p.popXs(xbase)})
}

// not_test: 'not' not_test | comparison
func (p *parser) notTest() ast.Expr {
	p.push()
	var e ast.Expr
	if p.sc.Kw == kwNot {
		start := p.sc.Start()
		p.next()
		operand := p.notTest()
		_, cmp := operand.(*ast.Compare)
		p.seedIf(cmp || constish(operand))
		e = node(&p.al.unaryOps, ast.UnaryOp{Pos: span(start, p.sc.PrevPos()), Op: ast.Not, Operand: operand})
	} else {
		e = p.comparison()
	}
	p.pop()
	return e
}

// compOp returns the comparison operator starting at the current token,
// or 0.
func (p *parser) compOp() ast.CmpOp {
	switch p.sc.Kind {
	case token.LESS:
		return ast.Lt
	case token.GREATER:
		return ast.Gt
	case token.EQEQUAL:
		return ast.Eq
	case token.GREATEREQUAL:
		return ast.GtE
	case token.LESSEQUAL:
		return ast.LtE
	case token.NOTEQUAL:
		return ast.NotEq
	case token.NAME:
		switch p.sc.Kw {
		case kwIn:
			return ast.In
		case kwNot:
			return ast.NotIn
		case kwIs:
			return ast.Is
		}
	}
	return 0
}

// comparison: expr (comp_op expr)*
//
// The first expr is parsed inline: comparison's entry and expr's six
// levels are counted together and checked once (see orTest and expr).
func (p *parser) comparison() ast.Expr {
	base := p.depth
	start := p.sc.Start()
	m0 := p.mark()
	p.depth = base + 1 + lvlTerm
	p.push()
	e := p.binRest(p.factor(), start, lvlOr)
	p.depth = base + 1
	if op := p.compOp(); op != 0 {
		e = p.compRest(e, op, start, m0)
	}
	p.depth = base
	return e
}

// compRest continues a comparison whose first expr, starting at start, is
// e, at the comparison operator op; m0 is the mark before e.
func (p *parser) compRest(e ast.Expr, op ast.CmpOp, start token.Pos, m0 int) ast.Expr {
	m1 := p.mark()
	var buf [4]ast.CmpOp
	ops := buf[:0]
	base := len(p.xs)
	for op != 0 {
		// comp_op: '<'|'>'|'=='|'>='|'<='|'<>'|'!='|'in'|'not' 'in'|'is'|'is' 'not'
		p.push()
		switch op {
		case ast.NotIn:
			p.next()
			p.expectKw(kwIn)
		case ast.Is:
			p.next()
			if p.sc.Kw == kwNot {
				op = ast.IsNot
				p.next()
			}
		default:
			if !p.sc.Fast() { // next, spelt out: a hot site
				p.nextSlow()
			}
		}
		p.pop()
		ops = append(ops, op)
		p.pushX(p.expr())
		op = p.compOp()
	}
	// ast.c converts the comparators before the left operand.
	p.moveErrs(m1, m0)
	if op := ops[len(ops)-1]; op == ast.In || op == ast.NotIn {
		p.seedIter(p.xs[len(p.xs)-1])
	}
	c, ok := p.al.compares.ready()
	if !ok {
		c = p.al.compares.take()
	}
	c.Pos, c.Left, c.Ops, c.Comparators = span(start, p.sc.PrevPos()), e, p.al.oa.make(ops), p.popXs(base)
	return c
}

// star_expr: '*' expr
func (p *parser) starExpr() ast.Expr {
	p.push()
	start := p.sc.Start()
	p.next()
	v := p.expr()
	p.pop()
	return node(&p.al.starreds, ast.Starred{Pos: span(start, p.sc.PrevPos()), Value: v, Ctx: ast.Load})
}

// Binary operator levels: expr, xor_expr, and_expr, shift_expr, arith_expr, term.
const (
	lvlOr = iota
	lvlXor
	lvlAnd
	lvlShift
	lvlArith
	lvlTerm
)

// binOp returns the binary operator at the current token and the level of
// the nonterminal that takes it, or level -1.
func (p *parser) binOp() (int, ast.Operator) {
	o := &binOps[p.sc.Kind]
	return int(o.lvl), o.op
}

// binOps is binOp's table, by token kind: a load instead of a switch
// after every operand.
var binOps = func() (t [256]struct {
	lvl int8
	op  ast.Operator
}) {
	for i := range t {
		t[i].lvl = -1
	}
	for _, o := range []struct {
		kind token.Kind
		lvl  int8
		op   ast.Operator
	}{
		{token.VBAR, lvlOr, ast.BitOr},
		{token.CIRCUMFLEX, lvlXor, ast.BitXor},
		{token.AMPER, lvlAnd, ast.BitAnd},
		{token.LEFTSHIFT, lvlShift, ast.LShift},
		{token.RIGHTSHIFT, lvlShift, ast.RShift},
		{token.PLUS, lvlArith, ast.Add},
		{token.MINUS, lvlArith, ast.Sub},
		{token.STAR, lvlTerm, ast.Mult},
		{token.AT, lvlTerm, ast.MatMult},
		{token.SLASH, lvlTerm, ast.Div},
		{token.PERCENT, lvlTerm, ast.Modulo},
		{token.DOUBLESLASH, lvlTerm, ast.FloorDiv},
	} {
		t[o.kind].lvl, t[o.kind].op = o.lvl, o.op
	}
	return
}()

// expr: xor_expr ('|' xor_expr)*, and so on down to
// term: factor (('*'|'@'|'/'|'%'|'//') factor)*
//
// The six levels are parsed by precedence climbing rather than one call per
// level; every operand still sits where CPython's parser stack has it, six
// entries (expr .. term) above the expr, which is what push accounts.
func (p *parser) expr() ast.Expr {
	base := p.depth
	p.depth += lvlTerm
	p.push()
	start := p.sc.Start()
	e := p.binRest(p.factor(), start, lvlOr)
	p.depth = base
	return e
}

// binRest extends left, which starts at start, with the operators of
// level min and tighter (left-associative at each level). It inlines: most
// operands are followed by no operator, and binLoop is not called then.
func (p *parser) binRest(left ast.Expr, start token.Pos, min int) ast.Expr {
	if int(binOps[p.sc.Kind].lvl) < min {
		return left
	}
	return p.binLoop(left, start, min)
}

func (p *parser) binLoop(left ast.Expr, start token.Pos, min int) ast.Expr {
	for {
		lvl, op := p.binOp()
		if lvl < min {
			return left
		}
		if !p.sc.Fast() { // next, spelt out: a hot site
			p.nextSlow()
		}
		rstart := p.sc.Start()
		right := p.factor()
		if l2, _ := p.binOp(); l2 > lvl {
			right = p.binRest(right, rstart, lvl+1)
		}
		p.seedIf(constish(left) && constish(right))
		b, ok := p.al.binops.ready()
		if !ok {
			b = p.al.binops.take()
		}
		b.Pos, b.Left, b.Op, b.Right = span(start, p.sc.PrevPos()), left, op, right
		left = b
	}
}

// factor: ('+'|'-'|'~') factor | power
// power: atom_expr ['**' factor]
//
// Without a unary operator, factor's and power's entries are counted
// together and checked by atom_expr's push (see orTest).
func (p *parser) factor() ast.Expr {
	start := p.sc.Start()
	if op := unaryOps[p.sc.Kind]; op != 0 {
		p.push()
		p.next()
		operand := p.factor()
		p.pop()
		p.seedIf(constish(operand))
		u, ok := p.al.unaryOps.ready()
		if !ok {
			u = p.al.unaryOps.take()
		}
		u.Pos, u.Op, u.Operand = span(start, p.sc.PrevPos()), op, operand
		return u
	}
	base := p.depth
	p.depth = base + 2
	e := p.powerRest(p.atomExpr(), start)
	p.depth = base
	return e
}

// unaryOps gives factor's unary operator by token kind (0 for none): a
// load instead of three compares, on every or_test.
var unaryOps = [256]ast.UnaryOperator{token.PLUS: ast.UAdd, token.MINUS: ast.USub, token.TILDE: ast.Invert}

// powerRest completes a power whose atom_expr, starting at start, is e.
// It inlines, calling power only for the rare '**'.
func (p *parser) powerRest(e ast.Expr, start token.Pos) ast.Expr {
	if p.sc.Kind == token.DOUBLESTAR {
		e = p.power(e, start)
	}
	return e
}

func (p *parser) power(e ast.Expr, start token.Pos) ast.Expr {
	p.next()
	r := p.factor()
	p.seedIf(constish(e) && constish(r))
	return node(&p.al.binops, ast.BinOp{Pos: span(start, p.sc.PrevPos()), Left: e, Op: ast.Pow, Right: r})
}

// atom_expr: [AWAIT] atom trailer*
//
// atom_expr's entry and atom's are pushed and checked together (at the
// same token unless AWAIT comes first), and the trailers take atom's.
func (p *parser) atomExpr() ast.Expr {
	if p.sc.Kind == token.AWAIT {
		return p.awaitExpr()
	}
	p.depth += 2
	if p.depth > maxStack {
		p.overflow()
	}
	aoff := p.sc.Off
	// The strings, names and numbers that come here (an operator's
	// operand: an or_test's first atom takes testOr's path) cost no
	// call to atom, its start or its switch.
	var e ast.Expr
	switch {
	case p.sc.Kind == token.STRING:
		e = p.strings()
	case p.simpleAtom():
		e = p.nameOrNumber()
	default:
		e = p.atom()
	}
	if afterAtom[p.sc.Kind] == startsTrailer {
		e = p.trailers(e, p.sc.PosOf(aoff))
	}
	p.depth -= 2
	return e
}

// awaitExpr is atomExpr for an atom_expr that starts with AWAIT.
func (p *parser) awaitExpr() ast.Expr {
	p.push()
	start := p.sc.Start()
	p.next()
	p.push() // atom's
	aoff := p.sc.Off
	e := p.atom()
	if afterAtom[p.sc.Kind] == startsTrailer {
		e = p.trailers(e, p.sc.PosOf(aoff))
	}
	p.depth -= 2
	return &ast.Await{Pos: span(start, p.sc.PrevPos()), Value: e}
}

// trailers parses the trailers of an atom_expr whose atom e starts at
// astart. The caller sets the depth to the trailers' entry, one above
// atom_expr's: each trailer takes the entry its atom had, which was
// checked at the atom, so a trailer's push cannot overflow.
func (p *parser) trailers(e ast.Expr, astart token.Pos) ast.Expr {
	// The caller found a trailer; after each, afterAtom's one load tells
	// whether another follows (most atom_exprs end after one or two),
	// rather than the tests of all three kinds.
	for {
		switch p.sc.Kind {
		case token.LPAR:
			e = p.call(e, astart)
		case token.DOT:
			if !p.sc.Fast() {
				p.nextSlow()
			}
			if !p.isName() {
				p.syntaxError()
			}
			at, ok := p.al.attrs.ready()
			if !ok {
				at = p.al.attrs.take()
			}
			at.Pos, at.Value, at.Attr, at.Ctx = span(astart, p.sc.End()), e, p.ident(), ast.Load
			e = at
			if !p.sc.Fast() {
				p.nextSlow()
			}
		default: // token.LSQB
			e = p.subscript(e, astart)
		}
		if afterAtom[p.sc.Kind] != startsTrailer {
			return e
		}
	}
}

// call parses '(' [arglist] ')' after fn, which starts at start.
//
// The node is taken first and filled as its parts come: only it and the
// start are kept across the calls, where the parts would be spilled and
// reloaded around each of them.
func (p *parser) call(fn ast.Expr, start token.Pos) ast.Expr {
	c, ok := p.al.calls.ready()
	if !ok {
		c = p.al.calls.take()
	}
	c.Func = fn
	lpar := p.sc.Off
	if !p.sc.Fast() {
		p.nextSlow()
	}
	if p.sc.Kind != token.RPAR {
		c.Args, c.Keywords = p.arglist(lpar, true)
	} else {
		c.Args, c.Keywords = []ast.Expr{}, []*ast.Keyword{}
	}
	// expect, spelt out: a call is the commonest of its callers.
	if p.sc.Kind != token.RPAR {
		p.syntaxError()
	}
	if !p.sc.Fast() {
		p.nextSlow()
	}
	c.Pos = span(start, p.sc.PrevPos())
	return c
}

// arglist: argument (',' argument)*  [',']
// argument: ( test [comp_for] | test ':=' test | test '=' test | '**' test | '*' test )
//
// It applies ast_for_call's checks; allowGen is false for class bases,
// where a bare generator expression is invalid. lpar is the offset of the
// opening parenthesis.
//
// Most argument lists are positional tests alone, each followed by ',' or
// the closing ')': this loop takes those with none of the keyword, star
// and generator bookkeeping, and hands the first other argument (parsed,
// if it began with a test) to arglistRest.
func (p *parser) arglist(lpar int32, allowGen bool) ([]ast.Expr, []*ast.Keyword) {
	// arglist's entry and argument's, which every argument takes in turn
	// at the same depth: checked once, at the first.
	p.depth += 2
	if p.depth > maxStack {
		p.overflow()
	}
	m0 := p.mark()
	xbase := len(p.xs)
	if p.sc.Kind == token.STAR || p.sc.Kind == token.DOUBLESTAR {
		return p.arglistRest(lpar, allowGen, m0, xbase, false, pendingArg{})
	}
	for {
		// The argument's start becomes a position only where one is
		// needed: most arguments are positional.
		aoff, first, am := p.sc.Off, p.sc.EndOff, p.mark()
		name := p.sc.Kind == token.NAME
		var v ast.Expr
		if name && p.sc.Kw == kwNone && p.depth <= maxStack-(3+1+lvlTerm+1+2+2)-1 {
			// testOr's path for a name, spelt out: most arguments
			// are a lone name, which costs no call here.
			n, ok := p.al.names.ready()
			if !ok {
				n = p.al.names.take()
			}
			id := p.ident()
			v = p.setName(n, p.tokPos(), id)
			if !p.sc.Fast() {
				p.nextSlow()
			}
			if k := p.sc.Kind; k != token.COMMA && k != token.RPAR {
				v = p.testOrTail(v, aoff, am)
			}
		} else {
			v = p.test()
		}
		if p.sc.Kind != token.COMMA {
			if p.sc.Kind != token.RPAR {
				// A lone NAME: the test ended with the token it began
				// with (every later token it could take ends further on).
				single := name && p.sc.PrevEnd == first
				return p.arglistRest(lpar, allowGen, m0, xbase, xbase < len(p.xs), pendingArg{v, aoff, first, am, single})
			}
			if xbase == len(p.xs) { // the only argument, the commonest
				p.depth -= 2
				// oneX, spelt out: its call and frame cost as much as
				// its work (take's call keeps it from inlining).
				l, ok := p.al.ones.ready()
				if !ok {
					l = p.al.ones.take()
				}
				l[0] = v
				return l[:], []*ast.Keyword{}
			}
			p.pushX(v)
			break
		}
		p.pushX(v)
		if !p.sc.Fast() {
			p.nextSlow()
		}
		if !p.startsTest() {
			if p.sc.Kind != token.STAR && p.sc.Kind != token.DOUBLESTAR {
				break
			}
			return p.arglistRest(lpar, allowGen, m0, xbase, true, pendingArg{})
		}
	}
	p.depth -= 2
	return p.popXs(xbase), []*ast.Keyword{}
}

// pendingArg is an argument arglist parsed as a test and left to
// arglistRest: v (nil for none), its offset, the end of its first token,
// the mark before it and whether it is a lone NAME.
type pendingArg struct {
	v           ast.Expr
	aoff, first int32
	am          int
	single      bool
}

// arglistRest continues arglist (whose mark is m0 and whose positional
// arguments so far are on p.xs from xbase; comma tells whether one was
// read) at an argument that is no plain positional one, or whose test
// pend holds.
func (p *parser) arglistRest(lpar int32, allowGen bool, m0, xbase int, comma bool, pend pendingArg) ([]ast.Expr, []*ast.Keyword) {
	kbase := len(p.ks)
	nkeywords, ndstars := 0, 0
	var gen *ast.GeneratorExp
	var genStart token.Pos
	haveGen := false
	var seen map[string]bool
	for {
		v, aoff, first, am, single := pend.v, pend.aoff, pend.first, pend.am, pend.single
		pend.v = nil
		if v == nil {
			aoff, am = p.sc.Off, p.mark()
			switch p.sc.Kind {
			case token.STAR:
				astart := p.sc.Start()
				p.next()
				v := p.test()
				if ndstars > 0 {
					p.astErrorAt(am, astart, "iterable argument unpacking follows keyword argument unpacking")
				}
				vp := v.Loc()
				p.pushX(node(&p.al.starreds, ast.Starred{Pos: ast.Pos{Lineno: astart.Line, ColOffset: astart.Col, EndLineno: vp.EndLineno, EndColOffset: vp.EndColOffset}, Value: v, Ctx: ast.Load}))
			case token.DOUBLESTAR:
				p.next()
				v := p.test()
				k, ok := p.al.keywords.ready()
				if !ok {
					k = p.al.keywords.take()
				}
				k.Arg, k.Value = "", v
				p.ks = append(p.ks, k)
				nkeywords++
				ndstars++
			default:
				first = p.sc.EndOff
				single = p.sc.Kind == token.NAME
				v = p.test()
				// A lone NAME: the test ended with the token it began
				// with (every later token it could take ends further on).
				single = single && p.sc.PrevEnd == first
			}
		}
		if v != nil {
			switch {
			case p.sc.Kw == kwFor || p.sc.Kind == token.ASYNC:
				gens := p.compFor()
				g := node(&p.al.genExps, ast.GeneratorExp{Elt: v, Generators: gens})
				if !haveGen {
					haveGen, genStart, gen = true, p.sc.PosOf(aoff), g
				}
				p.pushX(g)
			case p.sc.Kind == token.COLONEQUAL:
				astart := p.sc.PosOf(aoff)
				p.next()
				val := p.test()
				if nkeywords > 0 {
					p.positionalAfterKeyword(am, astart, ndstars)
				}
				p.pushX(p.namedExpr(v, val, astart))
			case p.sc.Kind == token.EQUAL:
				astart := p.sc.PosOf(aoff)
				if !p.sc.Fast() { // next, spelt out: a hot site
					p.nextSlow()
				}
				p.truncate(am) // ast.c never converts the keyword's expression
				key := ""
				if !single {
					p.astErr(astart, "expression cannot contain assignment, perhaps you meant \"==\"?")
				} else {
					// The key is the lone NAME's text, from astart to first.
					key = literal.Identifier(p.sc.TextAt(int(aoff), int(first)))
					if nameForbidden(key, true) {
						p.astErr(astart, "cannot assign to "+key)
					} else if p.keywordRepeated(kbase, key, &seen) {
						p.astErr(astart, "keyword argument repeated")
					}
				}
				val := p.test()
				k, ok := p.al.keywords.ready()
				if !ok {
					k = p.al.keywords.take()
				}
				k.Arg, k.Value = key, val
				p.ks = append(p.ks, k)
				nkeywords++
			default:
				if nkeywords > 0 {
					p.positionalAfterKeyword(am, p.sc.PosOf(aoff), ndstars)
				}
				p.pushX(v)
			}
		}
		if p.sc.Kind != token.COMMA {
			break
		}
		if !p.sc.Fast() {
			p.nextSlow()
		}
		comma = true
		if !p.startsTest() && p.sc.Kind != token.STAR && p.sc.Kind != token.DOUBLESTAR {
			break
		}
	}
	if haveGen {
		// ast_for_call checks generator arguments before visiting any
		// argument.
		if !allowGen {
			p.astErrorAt(m0, genStart, "invalid syntax")
		} else if comma {
			p.astErrorAt(m0, genStart, "Generator expression must be parenthesized")
		} else {
			// The lone generator takes the call's parentheses.
			gen.Pos = span(p.sc.PosOf(lpar), p.sc.End())
		}
	}
	args := p.popXs(xbase)
	kws := []*ast.Keyword{}
	if len(p.ks) > kbase { // most calls have no keywords
		kws = p.al.ka.make(p.ks[kbase:])
		p.ks = cut(p.ks, kbase)
	}
	p.depth -= 2
	return args, kws
}

// keywordRepeated reports whether the call's keywords so far (from kbase on
// the keyword stack) name key; long calls switch to a set.
func (p *parser) keywordRepeated(kbase int, key string, seen *map[string]bool) bool {
	ks := p.ks[kbase:]
	if len(ks) < 32 {
		for _, k := range ks {
			if k.Arg == key {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]bool, 2*len(ks))
		for _, k := range ks {
			(*seen)[k.Arg] = true
		}
	}
	if (*seen)[key] {
		return true
	}
	(*seen)[key] = true
	return false
}

func (p *parser) positionalAfterKeyword(m int, pos token.Pos, ndstars int) {
	if ndstars > 0 {
		p.astErrorAt(m, pos, "positional argument follows keyword argument unpacking")
	} else {
		p.astErrorAt(m, pos, "positional argument follows keyword argument")
	}
}

// subscript parses '[' subscriptlist ']' after v, which starts at start.
// subscriptlist: subscript (',' subscript)* [',']
func (p *parser) subscript(v ast.Expr, start token.Pos) ast.Expr {
	if !p.sc.Fast() {
		p.nextSlow()
	}
	p.push()
	sstart := p.sc.Start()
	first := p.subscriptItem()
	s := first
	if p.sc.Kind == token.COMMA {
		s = p.subscriptTuple(first, sstart)
	} else {
		p.pop()
		// expect(token.RSQB), spelt out: a hot site.
		if p.sc.Kind != token.RSQB {
			p.syntaxError()
		}
		if !p.sc.Fast() {
			p.nextSlow()
		}
	}
	if ix, ok := s.(*ast.Index); ok {
		p.seedIf(constish(v) && constish(ix.Value))
	}
	sb, ok := p.al.subs.ready()
	if !ok {
		sb = p.al.subs.take()
	}
	sb.Pos, sb.Value, sb.Slice, sb.Ctx = span(start, p.sc.PrevPos()), v, s, ast.Load
	return sb
}

// subscriptTuple completes subscript's subscriptlist whose first item,
// starting at sstart, is followed by a comma. Out of line: most
// subscripts are one item.
func (p *parser) subscriptTuple(first ast.SliceKind, sstart token.Pos) ast.SliceKind {
	var buf [4]ast.SliceKind
	slices := append(buf[:0], first)
	for p.sc.Kind == token.COMMA {
		p.next()
		if !p.startsTest() && p.sc.Kind != token.COLON {
			break
		}
		slices = append(slices, p.subscriptItem())
	}
	send := p.sc.PrevPos()
	p.pop()
	p.expect(token.RSQB)
	for _, x := range slices {
		if _, ok := x.(*ast.Index); !ok {
			return &ast.ExtSlice{Dims: append([]ast.SliceKind(nil), slices...)}
		}
	}
	elts := p.al.xa.alloc(len(slices))
	for i, x := range slices {
		elts[i] = x.(*ast.Index).Value
	}
	p.seedTuple(elts)
	return node(&p.al.indexes, ast.Index{Value: node(&p.al.tuples, ast.Tuple{Pos: span(sstart, send), Elts: elts, Ctx: ast.Load})})
}

// subscript: test | [test] ':' [test] [sliceop]
// sliceop: ':' [test]
func (p *parser) subscriptItem() ast.SliceKind {
	p.push()
	var lower, upper, step ast.Expr
	if p.sc.Kind != token.COLON {
		if !p.startsTest() {
			p.syntaxError()
		}
		lower = p.test()
		if p.sc.Kind != token.COLON {
			p.pop()
			ix, ok := p.al.indexes.ready()
			if !ok {
				ix = p.al.indexes.take()
			}
			ix.Value = lower
			return ix
		}
	}
	if !p.sc.Fast() { // next, spelt out: a hot site
		p.nextSlow()
	}
	if p.startsTest() {
		upper = p.test()
	}
	if p.sc.Kind == token.COLON {
		p.push()
		p.next()
		if p.startsTest() {
			step = p.test()
		}
		p.pop()
	}
	p.pop()
	return node(&p.al.slices, ast.Slice{Lower: lower, Upper: upper, Step: step})
}

// testlist: test (',' test)* [',']
func (p *parser) testlist() ast.Expr {
	p.enter() // test's check covers it
	// The start becomes a position only for a tuple.
	soff := p.sc.Off
	e := p.test()
	if p.sc.Kind == token.COMMA {
		base := len(p.xs)
		p.pushX(e)
		for p.sc.Kind == token.COMMA {
			p.next()
			if !p.startsTest() {
				break
			}
			p.pushX(p.test())
		}
		elts := p.popXs(base)
		p.seedTuple(elts)
		e = p.tuple(span(p.sc.PosOf(soff), p.sc.PrevPos()), elts)
	}
	p.pop()
	return e
}

// testlist_star_expr: (test|star_expr) (',' (test|star_expr))* [',']
func (p *parser) testlistStarExpr() ast.Expr {
	// test's or star_expr's check covers this entry.
	p.enter()
	soff := p.sc.Off // a position only for a tuple
	// testOrStar without its call: most statements start here.
	var e ast.Expr
	if p.sc.Kind == token.STAR {
		e = p.starExpr()
	} else {
		e = p.testOr(true)
	}
	if p.sc.Kind == token.COMMA {
		e = p.starTuple(e, soff)
	}
	p.pop()
	return e
}

// starTuple completes a testlist_star_expr whose first element e, starting
// at offset soff, a comma follows. Out of line: most statements are no
// tuple, and exprStmt spells out the rest of testlistStarExpr.
func (p *parser) starTuple(e ast.Expr, soff int32) ast.Expr {
	base := len(p.xs)
	p.pushX(e)
	for p.sc.Kind == token.COMMA {
		p.next()
		if !p.startsTest() && p.sc.Kind != token.STAR {
			break
		}
		p.pushX(p.testOrStar())
	}
	elts := p.popXs(base)
	p.seedTuple(elts)
	return p.tuple(span(p.sc.PosOf(soff), p.sc.PrevPos()), elts)
}

// tuple returns a loaded Tuple of elts at pos, field by field: a
// composite literal (node's) is built aside and copied.
func (p *parser) tuple(pos ast.Pos, elts []ast.Expr) *ast.Tuple {
	t, ok := p.al.tuples.ready()
	if !ok {
		t = p.al.tuples.take()
	}
	t.Pos, t.Elts, t.Ctx = pos, elts, ast.Load
	return t
}

func (p *parser) testOrStar() ast.Expr {
	if p.sc.Kind == token.STAR {
		return p.starExpr()
	}
	return p.test()
}

func (p *parser) exprOrStar() ast.Expr {
	if p.sc.Kind == token.STAR {
		return p.starExpr()
	}
	return p.expr()
}

// exprlist: (expr|star_expr) (',' (expr|star_expr))* [',']
// It returns the elements with ctx set (each checked from its own start),
// whether there was a comma, and the end of the list.
func (p *parser) exprlist(ctx ast.ExprContext) ([]ast.Expr, bool, token.Pos) {
	p.push()
	base := len(p.xs)
	comma := false
	for {
		s := p.sc.Start()
		e := p.exprOrStar()
		p.pushX(e)
		p.setContext(e, ctx, s)
		if p.sc.Kind != token.COMMA {
			break
		}
		p.next()
		comma = true
		if !p.startsExpr() && p.sc.Kind != token.STAR {
			break
		}
	}
	p.pop()
	return p.popXs(base), comma, p.sc.PrevPos()
}

// exprlistTarget is the target of a for loop or comprehension: one
// expression, or a Tuple from the first element to the list's end.
func (p *parser) exprlistTarget(ctx ast.ExprContext) ast.Expr {
	elts, comma, end := p.exprlist(ctx)
	if !comma {
		return elts[0]
	}
	f := elts[0].Loc()
	p.seedTuple(elts)
	return node(&p.al.tuples, ast.Tuple{Pos: ast.Pos{Lineno: f.Lineno, ColOffset: f.ColOffset, EndLineno: end.Line, EndColOffset: end.Col}, Elts: elts, Ctx: ctx})
}

// yield_expr: 'yield' [yield_arg]
// yield_arg: 'from' test | testlist_star_expr
func (p *parser) yieldExpr() ast.Expr {
	p.push()
	start := p.sc.Start()
	p.next()
	var e ast.Expr
	switch {
	case p.sc.Kw == kwFrom:
		p.push()
		p.next()
		v := p.test()
		p.pop()
		e = &ast.YieldFrom{Pos: span(start, p.sc.PrevPos()), Value: v}
	case p.startsTest() || p.sc.Kind == token.STAR:
		p.push()
		v := p.testlistStarExpr()
		p.pop()
		e = node(&p.al.yields, ast.Yield{Pos: span(start, p.sc.PrevPos()), Value: v})
	default:
		e = node(&p.al.yields, ast.Yield{Pos: span(start, p.sc.PrevPos())})
	}
	p.pop()
	return e
}

// comp_for: [ASYNC] sync_comp_for
// sync_comp_for: 'for' exprlist 'in' or_test [comp_iter]
// comp_iter: comp_for | comp_if
// comp_if: 'if' test_nocond [comp_iter]
func (p *parser) compFor() []*ast.Comprehension {
	saved := p.depth
	var buf [2]*ast.Comprehension
	gens := buf[:0]
	for {
		p.push() // comp_for
		async := 0
		if p.sc.Kind == token.ASYNC {
			async = 1
			p.next()
		}
		p.push() // sync_comp_for
		p.expectKw(kwFor)
		target := p.exprlistTarget(ast.Store)
		p.expectKw(kwIn)
		iter := p.orTest()
		p.seedIter(iter)
		c := node(&p.al.comps, ast.Comprehension{Target: target, Iter: iter, Ifs: []ast.Expr{}, IsAsync: async})
		gens = append(gens, c)
		for p.sc.Kw == kwIf {
			p.push() // comp_iter
			p.push() // comp_if
			p.next()
			c.Ifs = append(c.Ifs, p.testNocond())
		}
		if p.sc.Kw == kwFor || p.sc.Kind == token.ASYNC {
			p.push() // comp_iter
			continue
		}
		break
	}
	p.depth = saved
	return p.al.ca.make(gens)
}

func (p *parser) startsCompFor() bool { return p.sc.Kw == kwFor || p.sc.Kind == token.ASYNC }

func setPos(e ast.Expr, pos ast.Pos) { *e.Loc() = pos }

// atom: ('(' [yield_expr|testlist_comp] ')' | '[' [testlist_comp] ']' |
//
//	'{' [dictorsetmaker] '}' | NAME | NUMBER | STRING+ | '...' |
//	'None' | 'True' | 'False')
//
// Its entry is atomExpr's to push.
func (p *parser) atom() ast.Expr {
	// Only a bracketed atom needs its start: a name's or a number's is
	// its token's.
	var start token.Pos
	if p.sc.Kind != token.NAME && p.sc.Kind != token.NUMBER {
		start = p.sc.Start()
	}
	var e ast.Expr
	switch p.sc.Kind {
	case token.LPAR:
		if !p.sc.Fast() {
			p.nextSlow()
		}
		switch {
		case p.sc.Kind == token.RPAR:
			p.next()
			p.seeds++ // () is a constant
			e = node(&p.al.tuples, ast.Tuple{Pos: span(start, p.sc.PrevPos()), Elts: []ast.Expr{}, Ctx: ast.Load})
		case p.sc.Kw == kwYield:
			e = p.yieldExpr()
			p.expect(token.RPAR)
		default:
			var wrap bool
			e, wrap = p.testlistComp(false)
			// expect(token.RPAR), spelt out: a hot site.
			if p.sc.Kind != token.RPAR {
				p.syntaxError()
			}
			if !p.sc.Fast() {
				p.nextSlow()
			}
			if wrap {
				setPos(e, span(start, p.sc.PrevPos()))
			}
		}
	case token.LSQB:
		p.next()
		if p.sc.Kind == token.RSQB {
			p.next()
			e = node(&p.al.lists, ast.List{Pos: span(start, p.sc.PrevPos()), Elts: []ast.Expr{}, Ctx: ast.Load})
		} else {
			e, _ = p.testlistComp(true)
			// expect(token.RSQB), spelt out: a hot site.
			if p.sc.Kind != token.RSQB {
				p.syntaxError()
			}
			if !p.sc.Fast() {
				p.nextSlow()
			}
			setPos(e, span(start, p.sc.PrevPos()))
		}
	case token.LBRACE:
		p.next()
		if p.sc.Kind == token.RBRACE {
			p.next()
			e = node(&p.al.dicts, ast.Dict{Pos: span(start, p.sc.PrevPos()), Keys: []ast.Expr{}, Values: []ast.Expr{}})
		} else {
			e = p.dictOrSetMaker(start)
			p.expect(token.RBRACE)
			setPos(e, span(start, p.sc.PrevPos()))
		}
	case token.NAME, token.NUMBER:
		if !p.simpleAtom() {
			p.syntaxError()
		}
		e = p.nameOrNumber()
	case token.STRING:
		e = p.strings()
	case token.ELLIPSIS:
		e = &ast.Constant{Pos: span(start, p.sc.End()), Value: marshal.Ellipsis}
		p.next()
	default:
		p.syntaxError()
	}
	return e
}

// simpleAtom reports whether the current token is an atom on its own: a
// NAME that is no keyword, None, True, False or a NUMBER.
func (p *parser) simpleAtom() bool {
	// The four keyword codes come first (token.Keyword), kwTrue is 3, and
	// a NUMBER has none; NAME and NUMBER are 1 and 2. So Kind | Kw<<8,
	// less one and without Kw's two low bits, is at most 1 for these
	// tokens only: one load and one comparison.
	return (uint(p.sc.KindKw())-1)&^(kwTrue<<8) <= 1
}

// simpleAtom's test relies on these values.
var (
	_ = [1]struct{}{}[kwTrue-3]
	_ = [1]struct{}{}[token.NAME-1]
	_ = [1]struct{}{}[token.NUMBER-2]
)

// nameOrNumber takes the atom at the current token, a simpleAtom.
func (p *parser) nameOrNumber() ast.Expr {
	if p.sc.KindKw() != uint16(token.NAME) { // no NAME, or a keyword
		return p.constAtom()
	}
	// The node is taken and the text read before the span is made: only
	// the node is live across a call.
	n, ok := p.al.names.ready()
	if !ok {
		n = p.al.names.take()
	}
	id := p.ident()
	e := p.setName(n, p.tokPos(), id)
	if !p.sc.Fast() {
		p.nextSlow()
	}
	return e
}

// tokPos is the span of the current token, a NAME or NUMBER: it is on
// the current line (only a STRING spans lines).
func (p *parser) tokPos() ast.Pos {
	line, ls := p.sc.CurLine()
	return ast.Pos{Lineno: line, ColOffset: p.sc.Off - ls, EndLineno: line, EndColOffset: p.sc.EndOff - ls}
}

// constAtom takes the atom at the current token, a simpleAtom that is a
// constant: a NUMBER, None, True or False. The node is filled in place
// rather than by newConst's call, which takes the parts as arguments.
func (p *parser) constAtom() *ast.Constant {
	c, ok := p.al.consts.ready()
	if !ok {
		c = p.al.consts.take()
	}
	c.Pos, c.Kind = p.tokPos(), ast.NoKind
	switch p.sc.Kw {
	case kwNoneLit:
		c.Value = marshal.None
	case kwTrue:
		c.Value = marshal.True
	case kwFalse:
		c.Value = marshal.False
	default:
		// The commonest number, a small decimal int, costs no call.
		text := p.text()
		if n, ok := smallDecimal(text); ok {
			i, ok := p.al.c.ints.ready()
			if !ok {
				i = p.al.c.ints.take()
			}
			*i = marshal.Int{Small: n}
			c.Value = i
		} else {
			c.Value = p.number(text)
		}
	}
	if !p.sc.Fast() {
		p.nextSlow()
	}
	return c
}

// afterAtom classes the token after an atom, one load for both of the
// questions asked there:
//   - endsTest: it ends the test the atom starts, continuing no
//     atom_expr, power, expr level, comparison, or_test or test (NAME
//     covers the keywords that do);
//   - startsTrailer: it starts a trailer, so that an atom without one
//     costs no call to trailers;
//   - 0: neither (an operator).
var afterAtom = func() (t [256]uint8) {
	for k := range t {
		if binOps[k].lvl < 0 {
			t[k] = endsTest
		}
	}
	for _, k := range []token.Kind{token.NAME, token.DOUBLESTAR,
		token.LESS, token.GREATER, token.EQEQUAL, token.GREATEREQUAL, token.LESSEQUAL, token.NOTEQUAL} {
		t[k] = 0
	}
	for _, k := range []token.Kind{token.LPAR, token.LSQB, token.DOT} {
		t[k] = startsTrailer
	}
	return
}()

// afterAtom's classes.
const (
	endsTest = 1 + iota
	startsTrailer
)

// testlist_comp: (namedexpr_test|star_expr) ( comp_for | (',' (namedexpr_test|star_expr))* [','] )
// It returns a ListComp/List (list) or GeneratorExp/Tuple, or the lone
// element of a parenthesized expression (wrap false: it keeps its position).
func (p *parser) testlistComp(list bool) (ast.Expr, bool) {
	// namedexpr_test's or star_expr's check covers this entry.
	p.enter()
	eoff := p.sc.Off // a position only for an error
	var first ast.Expr
	if p.sc.Kind == token.STAR {
		first = p.starExpr()
	} else {
		first = p.namedexprTest()
	}
	var e ast.Expr
	wrap := true
	switch {
	case p.startsCompFor():
		e = p.listOrGenComp(first, eoff, list)
	case p.sc.Kind == token.COMMA:
		base := len(p.xs)
		p.pushX(first)
		for p.sc.Kind == token.COMMA {
			if !p.sc.Fast() {
				p.nextSlow()
			}
			if p.sc.Kind == token.STAR {
				p.pushX(p.starExpr())
			} else if p.startsTest() {
				p.pushX(p.namedexprTest())
			} else {
				break
			}
		}
		elts := p.popXs(base)
		if list {
			e = node(&p.al.lists, ast.List{Elts: elts, Ctx: ast.Load})
		} else {
			p.seedTuple(elts)
			e = p.tuple(ast.Pos{}, elts)
		}
	default:
		if list {
			e = node(&p.al.lists, ast.List{Elts: p.oneX(first), Ctx: ast.Load})
		} else {
			e = first
			wrap = false
		}
	}
	p.pop()
	return e, wrap
}

// listOrGenComp completes testlistComp's comprehension of first, which
// starts at offset eoff: out of line, as the rarer form.
func (p *parser) listOrGenComp(first ast.Expr, eoff int32, list bool) ast.Expr {
	if _, ok := first.(*ast.Starred); ok {
		p.astErr(p.sc.PosOf(eoff), "iterable unpacking cannot be used in comprehension")
	}
	gens := p.compFor()
	if list {
		return node(&p.al.listComps, ast.ListComp{Elt: first, Generators: gens})
	}
	return node(&p.al.genExps, ast.GeneratorExp{Elt: first, Generators: gens})
}

// dictorsetmaker: ( ((test ':' test | '**' expr)
//
//	 (comp_for | (',' (test ':' test | '**' expr))* [','])) |
//	((test | star_expr)
//	 (comp_for | (',' (test | star_expr))* [','])) )
func (p *parser) dictOrSetMaker(lbrace token.Pos) ast.Expr {
	p.push()
	m := p.mark()
	var e ast.Expr
	isDict, firstDstar := false, false
	// A dict's keys and values gather in pairs on p.xs (key nil for
	// '**'), a set's elements one by one.
	xbase := len(p.xs)
	eoff := p.sc.Off // a position only for an error
	switch {
	case p.sc.Kind == token.DOUBLESTAR:
		p.next()
		isDict, firstDstar = true, true
		p.pushX(nil)
		p.pushX(p.expr())
	case p.sc.Kind == token.STAR:
		p.pushX(p.starExpr())
	default:
		k := p.test()
		p.pushX(k)
		if p.sc.Kind == token.COLON {
			p.next()
			isDict = true
			p.pushX(p.test())
		}
	}
	if p.startsCompFor() {
		e = p.dictOrSetComp(m, lbrace, xbase, eoff, isDict, firstDstar)
		p.pop()
		return e
	}
	for p.sc.Kind == token.COMMA {
		if !p.sc.Fast() {
			p.nextSlow()
		}
		if isDict {
			if p.sc.Kind == token.DOUBLESTAR {
				p.next()
				p.pushX(nil)
				p.pushX(p.expr())
			} else if p.startsTest() {
				p.pushX(p.test())
				// expect(token.COLON), spelt out: a hot site.
				if p.sc.Kind != token.COLON {
					p.syntaxError()
				}
				if !p.sc.Fast() {
					p.nextSlow()
				}
				p.pushX(p.test())
			} else {
				break
			}
		} else {
			if p.sc.Kind == token.STAR {
				p.pushX(p.starExpr())
			} else if p.startsTest() {
				p.pushX(p.test())
			} else {
				break
			}
		}
	}
	if isDict {
		pairs := p.xs[xbase:]
		n := len(pairs) / 2
		keys, values := p.al.xa.alloc(n), p.al.xa.alloc(n)
		for i := range n {
			keys[i], values[i] = pairs[2*i], pairs[2*i+1]
		}
		p.xs = cut(p.xs, xbase)
		e = node(&p.al.dicts, ast.Dict{Keys: keys, Values: values})
	} else {
		e = &ast.Set{Elts: p.popXs(xbase)}
	}
	p.pop()
	return e
}

// dictOrSetComp completes dictOrSetMaker's comprehension, whose element
// (or key and value) is on p.xs from xbase: out of line, as the rarer
// form.
func (p *parser) dictOrSetComp(m int, lbrace token.Pos, xbase int, eoff int32, isDict, firstDstar bool) ast.Expr {
	first := p.xs[xbase]
	if isDict {
		value := p.xs[xbase+1]
		p.xs = cut(p.xs, xbase)
		if firstDstar {
			p.astErrorAt(m, lbrace, "dict unpacking cannot be used in dict comprehension")
		}
		gens := p.compFor()
		return &ast.DictComp{Key: first, Value: value, Generators: gens}
	}
	p.xs = cut(p.xs, xbase)
	if _, ok := first.(*ast.Starred); ok {
		p.astErr(p.sc.PosOf(eoff), "iterable unpacking cannot be used in comprehension")
	}
	gens := p.compFor()
	return &ast.SetComp{Elt: first, Generators: gens}
}
