// Package astopt folds constants in the AST as CPython 3.8's Python/ast_opt.c.
//
// The traversal visits exactly the children CPython 3.8 visits (notably it
// never enters NamedExpr, and only For and comprehension iterables, not
// AsyncFor's, are rewritten), in its order within a statement; as no fold
// depends on another statement, a statement's own expressions may be
// folded before or after those of the statements nested in it. A folded node is replaced by a
// new *ast.Constant carrying the replaced node's position; every folded value
// is a fresh marshal object unless CPython would return an operand itself
// (for example +x, s*1, t+()).
package astopt

import (
	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/marshal"
)

// Optimize folds mod in place. optimize is the -O level (0, 1 or 2).
func Optimize(mod *ast.Module, optimize int) {
	OptimizeIn(mod, optimize, new(Memory))
}

// OptimizeIn is Optimize with the folded nodes and tuples allocated from
// mem, which must not be Reset while they are in use (in the tree or in
// code objects).
func OptimizeIn(mod *ast.Module, optimize int, mem *Memory) {
	if mod == nil {
		return
	}
	f := folder{optimize: optimize, Memory: mem}
	if mod.Fold == nil {
		f.body(mod.Body)
		return
	}
	f.marked(mod)
}

// OptimizeMod folds any top-level node in place, as _PyAST_Optimize does
// for the exec, single and eval modes.
func OptimizeMod(mod ast.Mod, optimize int) {
	f := folder{optimize: optimize, Memory: new(Memory)}
	switch m := mod.(type) {
	case *ast.Module:
		if m != nil {
			f.body(m.Body)
		}
	case *ast.Interactive:
		if m != nil {
			f.stmts(m.Body)
		}
	case *ast.Expression:
		if m != nil {
			m.Body = f.expr(m.Body)
		}
	}
}

type folder struct {
	optimize int

	*Memory
}

// Memory is what folding allocates nodes and tuples from. The constants
// outlive the tree, in code objects, so its owner decides when they are
// dead: Reset then keeps the chunks for the next file, whose folding
// writes no fresh memory until it folds more than the files before.
type Memory struct {
	consts chunks[ast.Constant]
	tuples chunks[marshal.Tuple]
	objs   chunks[marshal.Object]
	ints   chunks[marshal.Int] // negated literals
}

// Reset makes m's chunks available again; everything allocated from m
// before must be dead.
func (m *Memory) Reset() {
	m.consts.reset()
	m.tuples.reset()
	m.objs.reset()
	m.ints.reset()
}

// docString reports whether s is a string-constant statement.
func docString(s ast.Stmt) bool {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	c, ok := es.Value.(*ast.Constant)
	if !ok {
		return false
	}
	_, ok = c.Value.(*marshal.Str)
	return ok
}

// body folds a module, function or class body. A leading string that only
// became a constant by folding must not turn into a docstring, so CPython
// wraps it in a one-part JoinedStr.
func (f *folder) body(stmts []ast.Stmt) {
	if len(stmts) == 0 {
		return
	}
	had := docString(stmts[0])
	f.stmts(stmts)
	if !had && docString(stmts[0]) {
		st := stmts[0].(*ast.ExprStmt)
		st.Value = &ast.JoinedStr{Pos: st.Pos, Values: []ast.Expr{st.Value}}
	}
}

func (f *folder) stmts(stmts []ast.Stmt) {
	for _, s := range stmts {
		if s != nil {
			f.stmt(s)
			f.nested(s)
		}
	}
}

// marked folds mod through the parser's Module.Fold rather than its tree:
// folding the own expressions of each statement listed there folds the
// tree, as the statements not listed have nothing to fold. The tree must
// not have changed since parsing (it goes straight from the parser to
// Optimize).
func (f *folder) marked(mod *ast.Module) {
	// A body's first statement that folds into a string constant is
	// wrapped (see body) once its body's statement, listed after it,
	// is reached: such statements wait in strs (there are hardly ever
	// any).
	var strs []*ast.ExprStmt
	for _, s := range mod.Fold {
		var body []ast.Stmt
		switch n := s.(type) {
		case *ast.ExprStmt:
			// The commonest statement.
			v := n.Value
			n.Value = f.expr(v)
			if n.Value != v && docString(n) {
				strs = append(strs, n)
			}
			continue
		case *ast.FunctionDef:
			body = n.Body
		case *ast.AsyncFunctionDef:
			body = n.Body
		case *ast.ClassDef:
			body = n.Body
		}
		f.stmt(s)
		if len(strs) > 0 && len(body) > 0 {
			wrapDocString(strs, body[0])
		}
	}
	if len(strs) > 0 && len(mod.Body) > 0 {
		wrapDocString(strs, mod.Body[0])
	}
}

// wrapDocString wraps first's string constant, if it is one of strs, in a
// JoinedStr: folding must not make it a docstring.
func wrapDocString(strs []*ast.ExprStmt, first ast.Stmt) {
	for _, st := range strs {
		if ast.Stmt(st) == first {
			st.Value = &ast.JoinedStr{Pos: st.Pos, Values: []ast.Expr{st.Value}}
		}
	}
}

func (f *folder) exprs(es []ast.Expr) {
	for i, e := range es {
		// Constants, the commonest elements (of tables that fold),
		// without a call.
		if _, ok := e.(*ast.Constant); ok || e == nil {
			continue
		}
		es[i] = f.expr(e)
	}
}

func (f *folder) opt(e ast.Expr) ast.Expr {
	if e == nil {
		return nil
	}
	return f.expr(e)
}

func (f *folder) keywords(ks []*ast.Keyword) {
	for _, k := range ks {
		if k != nil {
			k.Value = f.expr(k.Value)
		}
	}
}

func (f *folder) arg(a *ast.Arg) {
	if a != nil {
		a.Annotation = f.opt(a.Annotation)
	}
}

func (f *folder) arguments(a *ast.Arguments) {
	if a == nil {
		return
	}
	for _, x := range a.PosOnlyArgs {
		f.arg(x)
	}
	for _, x := range a.Args {
		f.arg(x)
	}
	f.arg(a.Vararg)
	for _, x := range a.KwOnlyArgs {
		f.arg(x)
	}
	f.exprs(a.KwDefaults)
	f.arg(a.Kwarg)
	f.exprs(a.Defaults)
}

func (f *folder) comprehensions(gs []*ast.Comprehension) {
	for _, g := range gs {
		if g == nil {
			continue
		}
		g.Target = f.expr(g.Target)
		g.Iter = f.expr(g.Iter)
		f.exprs(g.Ifs)
		g.Iter = f.foldIter(g.Iter)
	}
}

// stmt folds s's own expressions, not those of the statements nested in
// it (see nested). The order of the two does not matter: no fold depends
// on another statement.
func (f *folder) stmt(s ast.Stmt) {
	switch n := s.(type) {
	case *ast.FunctionDef:
		f.arguments(n.Args)
		f.exprs(n.DecoratorList)
		n.Returns = f.opt(n.Returns)
	case *ast.AsyncFunctionDef:
		f.arguments(n.Args)
		f.exprs(n.DecoratorList)
		n.Returns = f.opt(n.Returns)
	case *ast.ClassDef:
		f.exprs(n.Bases)
		f.keywords(n.Keywords)
		f.exprs(n.DecoratorList)
	case *ast.Return:
		n.Value = f.opt(n.Value)
	case *ast.Delete:
		f.exprs(n.Targets)
	case *ast.Assign:
		f.exprs(n.Targets)
		n.Value = f.expr(n.Value)
	case *ast.AugAssign:
		n.Target = f.expr(n.Target)
		n.Value = f.expr(n.Value)
	case *ast.AnnAssign:
		n.Target = f.expr(n.Target)
		n.Annotation = f.expr(n.Annotation)
		n.Value = f.opt(n.Value)
	case *ast.For:
		n.Target = f.expr(n.Target)
		n.Iter = f.foldIter(f.expr(n.Iter))
	case *ast.AsyncFor:
		n.Target = f.expr(n.Target)
		n.Iter = f.expr(n.Iter)
	case *ast.While:
		n.Test = f.expr(n.Test)
	case *ast.If:
		n.Test = f.expr(n.Test)
	case *ast.With:
		f.withItems(n.Items)
	case *ast.AsyncWith:
		f.withItems(n.Items)
	case *ast.Raise:
		n.Exc = f.opt(n.Exc)
		n.Cause = f.opt(n.Cause)
	case *ast.Try:
		for _, h := range n.Handlers {
			if h != nil {
				h.Type = f.opt(h.Type)
			}
		}
	case *ast.Assert:
		n.Test = f.expr(n.Test)
		n.Msg = f.opt(n.Msg)
	case *ast.ExprStmt:
		n.Value = f.expr(n.Value)
	}
}

// nested folds the statements nested in s.
func (f *folder) nested(s ast.Stmt) {
	switch n := s.(type) {
	case *ast.FunctionDef:
		f.body(n.Body)
	case *ast.AsyncFunctionDef:
		f.body(n.Body)
	case *ast.ClassDef:
		f.body(n.Body)
	case *ast.For:
		f.stmts(n.Body)
		f.stmts(n.Orelse)
	case *ast.AsyncFor:
		f.stmts(n.Body)
		f.stmts(n.Orelse)
	case *ast.While:
		f.stmts(n.Body)
		f.stmts(n.Orelse)
	case *ast.If:
		f.stmts(n.Body)
		f.stmts(n.Orelse)
	case *ast.With:
		f.stmts(n.Body)
	case *ast.AsyncWith:
		f.stmts(n.Body)
	case *ast.Try:
		f.stmts(n.Body)
		for _, h := range n.Handlers {
			if h != nil {
				f.stmts(h.Body)
			}
		}
		f.stmts(n.Orelse)
		f.stmts(n.FinalBody)
	}
}

func (f *folder) withItems(items []*ast.WithItem) {
	for _, it := range items {
		if it != nil {
			it.ContextExpr = f.expr(it.ContextExpr)
			it.OptionalVars = f.opt(it.OptionalVars)
		}
	}
}

func (f *folder) slice(s ast.SliceKind) {
	switch n := s.(type) {
	case *ast.Slice:
		n.Lower = f.opt(n.Lower)
		n.Upper = f.opt(n.Upper)
		n.Step = f.opt(n.Step)
	case *ast.ExtSlice:
		for _, d := range n.Dims {
			if d != nil {
				f.slice(d)
			}
		}
	case *ast.Index:
		n.Value = f.expr(n.Value)
	}
}

// constant replaces the node at pos by a constant.
func (f *folder) constant(pos *ast.Pos, v marshal.Object) ast.Expr {
	c := f.constNode()
	c.Pos, c.Value = *pos, v
	return c
}

// expr folds e's children and then e itself, returning e or its
// replacement.
func (f *folder) expr(e ast.Expr) ast.Expr {
	// Names and constants, most of the nodes, are decided before the
	// switch over every kind.
	if n, ok := e.(*ast.Name); ok {
		if n.Id == "__debug__" {
			return f.constant(&n.Pos, marshal.Bool(f.optimize == 0))
		}
		return e
	}
	if _, ok := e.(*ast.Constant); ok {
		return e
	}
	switch n := e.(type) {
	case *ast.BoolOp:
		f.exprs(n.Values)
	case *ast.BinOp:
		n.Left = f.expr(n.Left)
		n.Right = f.expr(n.Right)
		l, ok1 := n.Left.(*ast.Constant)
		r, ok2 := n.Right.(*ast.Constant)
		if ok1 && ok2 {
			if v, ok := binaryOp(n.Op, l.Value, r.Value); ok {
				return f.constant(&n.Pos, v)
			}
		}
	case *ast.UnaryOp:
		n.Operand = f.expr(n.Operand)
		switch arg := n.Operand.(type) {
		case *ast.Constant:
			if v, ok := f.unaryOp(n.Op, arg.Value); ok {
				return f.constant(&n.Pos, v)
			}
		case *ast.Compare:
			// "not" flips the comparisons whose negation is exact; the
			// node becomes the comparison itself, position included.
			if n.Op == ast.Not && len(arg.Ops) == 1 {
				op := arg.Ops[0]
				switch op {
				case ast.Is:
					op = ast.IsNot
				case ast.IsNot:
					op = ast.Is
				case ast.In:
					op = ast.NotIn
				case ast.NotIn:
					op = ast.In
				default:
					op = 0
				}
				if op != 0 {
					arg.Ops[0] = op
					return arg
				}
			}
		}
	case *ast.Lambda:
		f.arguments(n.Args)
		n.Body = f.expr(n.Body)
	case *ast.IfExp:
		n.Test = f.expr(n.Test)
		n.Body = f.expr(n.Body)
		n.Orelse = f.expr(n.Orelse)
	case *ast.Dict:
		f.exprs(n.Keys)
		f.exprs(n.Values)
	case *ast.Set:
		f.exprs(n.Elts)
	case *ast.ListComp:
		n.Elt = f.expr(n.Elt)
		f.comprehensions(n.Generators)
	case *ast.SetComp:
		n.Elt = f.expr(n.Elt)
		f.comprehensions(n.Generators)
	case *ast.DictComp:
		n.Key = f.expr(n.Key)
		n.Value = f.expr(n.Value)
		f.comprehensions(n.Generators)
	case *ast.GeneratorExp:
		n.Elt = f.expr(n.Elt)
		f.comprehensions(n.Generators)
	case *ast.Await:
		n.Value = f.expr(n.Value)
	case *ast.Yield:
		n.Value = f.opt(n.Value)
	case *ast.YieldFrom:
		n.Value = f.expr(n.Value)
	case *ast.Compare:
		n.Left = f.expr(n.Left)
		f.exprs(n.Comparators)
		// Only the last comparison's right operand is rewritten.
		if k := len(n.Ops) - 1; k >= 0 && k < len(n.Comparators) {
			if op := n.Ops[k]; op == ast.In || op == ast.NotIn {
				n.Comparators[k] = f.foldIter(n.Comparators[k])
			}
		}
	case *ast.Call:
		n.Func = f.expr(n.Func)
		f.exprs(n.Args)
		f.keywords(n.Keywords)
	case *ast.FormattedValue:
		n.Value = f.expr(n.Value)
		n.FormatSpec = f.opt(n.FormatSpec)
	case *ast.JoinedStr:
		f.exprs(n.Values)
	case *ast.Attribute:
		n.Value = f.expr(n.Value)
	case *ast.Subscript:
		n.Value = f.expr(n.Value)
		if n.Slice != nil {
			f.slice(n.Slice)
		}
		if n.Ctx != ast.Load {
			break
		}
		c, ok := n.Value.(*ast.Constant)
		if !ok {
			break
		}
		idx, ok := n.Slice.(*ast.Index)
		if !ok {
			break
		}
		if k, ok := idx.Value.(*ast.Constant); ok {
			if v, ok := getItem(c.Value, k.Value); ok {
				return f.constant(&n.Pos, v)
			}
		}
	case *ast.Starred:
		n.Value = f.expr(n.Value)
	case *ast.List:
		f.exprs(n.Elts)
	case *ast.Tuple:
		f.exprs(n.Elts)
		if n.Ctx == ast.Load {
			if t := f.constTuple(n.Elts); t != nil {
				return f.constant(&n.Pos, t)
			}
		}
	}
	return e
}

// constTuple returns a tuple of the elements' values when all are
// constants, else nil.
func (f *folder) constTuple(elts []ast.Expr) *marshal.Tuple {
	// A tuple that is not constant wastes its items until Reset: it
	// is rare, as the statements with nothing to fold are not visited.
	items := f.objs.take(len(elts))
	for i, e := range elts {
		c, ok := e.(*ast.Constant)
		if !ok {
			return nil
		}
		items[i] = c.Value
	}
	t := f.tuple()
	t.Items = items
	return t
}

// chunks hands out values from chunks that grow to 64 values (or a
// longer request's length), kept for reuse after a reset.
type chunks[T any] struct {
	free []T
	list [][]T // every chunk made; list[:used] have been handed out from
	used int
}

// take returns n zeroed values, contiguous, their capacity capped.
func (c *chunks[T]) take(n int) []T {
	if n > len(c.free) {
		c.next(n)
	}
	s := c.free[:n:n]
	c.free = c.free[n:]
	return s
}

// next makes c.free a chunk with room for n: the next kept one that is
// long enough (cleared, as it holds an earlier file's values), else a new
// one. A kept chunk too short for n stays unused until the next reset.
// Not inlined: it is the rare path of take, constNode and tuple.
//
//go:noinline
func (c *chunks[T]) next(n int) {
	for c.used < len(c.list) {
		k := c.list[c.used]
		c.used++
		if len(k) >= n {
			clear(k)
			c.free = k
			return
		}
	}
	c.free = make([]T, max(8<<min(len(c.list), 3), n))
	c.list = append(c.list, c.free)
	c.used = len(c.list)
}

// constNode and tuple are take(1)[0] for the commonest takes, spelt out:
// a call of a generic method does not inline.
func (m *Memory) constNode() *ast.Constant {
	free := m.consts.free
	if len(free) == 0 {
		m.consts.next(1)
		free = m.consts.free
	}
	m.consts.free = free[1:]
	return &free[0]
}

func (m *Memory) tuple() *marshal.Tuple {
	free := m.tuples.free
	if len(free) == 0 {
		m.tuples.next(1)
		free = m.tuples.free
	}
	m.tuples.free = free[1:]
	return &free[0]
}

func (c *chunks[T]) reset() { c.free, c.used = nil, 0 }

// foldIter rewrites the iterable of a for loop or comprehension, or the
// right operand of in / not in: a list display becomes a tuple (constant
// when all items are), a set display of constants a frozenset constant.
func (f *folder) foldIter(e ast.Expr) ast.Expr {
	switch n := e.(type) {
	case *ast.List:
		for _, x := range n.Elts {
			if _, ok := x.(*ast.Starred); ok {
				return e
			}
		}
		if v := f.constTuple(n.Elts); v != nil {
			return f.constant(&n.Pos, v)
		}
		return &ast.Tuple{Pos: n.Pos, Elts: n.Elts, Ctx: n.Ctx}
	case *ast.Set:
		if v := f.constTuple(n.Elts); v != nil {
			return f.constant(&n.Pos, marshal.NewFrozenSet(v.Items))
		}
	}
	return e
}
