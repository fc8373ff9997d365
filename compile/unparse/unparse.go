// Package unparse turns an expression back into source text exactly as
// CPython 3.8's Python/ast_unparse.c does; the compiler stores annotations
// this way under "from __future__ import annotations".
//
// The tree it sees is the constant-folded one, so constants are written as
// Python's repr() writes them (1e309 folded to inf prints as "inf").
package unparse

import (
	"strings"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/marshal"
)

// Precedence levels, loosest first.
const (
	prTuple = iota
	prTest  // if-else, lambda
	prOr
	prAnd
	prNot
	prCmp
	prExpr
	prBor = prExpr
)

const (
	prBxor = prExpr + 1 + iota
	prBand
	prShift
	prArith
	prTerm
	prFactor
	prPower
	prAwait
	prAtom
)

// Expr returns the source text of e as _PyAST_ExprAsUnicode does.
func Expr(e ast.Expr) string {
	var w writer
	w.expr(e, prTest)
	return w.String()
}

type writer struct{ strings.Builder }

func (w *writer) openIf(cond bool) {
	if cond {
		w.WriteByte('(')
	}
}

func (w *writer) closeIf(cond bool) {
	if cond {
		w.WriteByte(')')
	}
}

func (w *writer) expr(e ast.Expr, level int) {
	switch n := e.(type) {
	case nil:
	case *ast.BoolOp:
		op, pr := " and ", prAnd
		if n.Op == ast.Or {
			op, pr = " or ", prOr
		}
		w.openIf(level > pr)
		for i, v := range n.Values {
			if i > 0 {
				w.WriteString(op)
			}
			w.expr(v, pr+1)
		}
		w.closeIf(level > pr)
	case *ast.BinOp:
		op, pr := binOp(n.Op)
		right := 0
		left := 0
		if n.Op == ast.Pow { // right-associative
			left = 1
		} else {
			right = 1
		}
		w.openIf(level > pr)
		w.expr(n.Left, pr+left)
		w.WriteString(op)
		w.expr(n.Right, pr+right)
		w.closeIf(level > pr)
	case *ast.UnaryOp:
		op, pr := "~", prFactor
		switch n.Op {
		case ast.Not:
			op, pr = "not ", prNot
		case ast.UAdd:
			op = "+"
		case ast.USub:
			op = "-"
		}
		w.openIf(level > pr)
		w.WriteString(op)
		w.expr(n.Operand, pr)
		w.closeIf(level > pr)
	case *ast.Lambda:
		w.openIf(level > prTest)
		if n.Args != nil && len(n.Args.Args)+len(n.Args.PosOnlyArgs) > 0 {
			w.WriteString("lambda ")
		} else {
			w.WriteString("lambda")
		}
		w.args(n.Args)
		w.WriteString(": ")
		w.expr(n.Body, prTest)
		w.closeIf(level > prTest)
	case *ast.IfExp:
		w.openIf(level > prTest)
		w.expr(n.Body, prTest+1)
		w.WriteString(" if ")
		w.expr(n.Test, prTest+1)
		w.WriteString(" else ")
		w.expr(n.Orelse, prTest)
		w.closeIf(level > prTest)
	case *ast.Dict:
		w.WriteByte('{')
		for i, v := range n.Values {
			if i > 0 {
				w.WriteString(", ")
			}
			var k ast.Expr
			if i < len(n.Keys) {
				k = n.Keys[i]
			}
			if k != nil {
				w.expr(k, prTest)
				w.WriteString(": ")
				w.expr(v, prTest)
			} else {
				w.WriteString("**")
				w.expr(v, prExpr)
			}
		}
		w.WriteByte('}')
	case *ast.Set:
		w.WriteByte('{')
		w.elts(n.Elts)
		w.WriteByte('}')
	case *ast.GeneratorExp:
		w.WriteByte('(')
		w.expr(n.Elt, prTest)
		w.comprehensions(n.Generators)
		w.WriteByte(')')
	case *ast.ListComp:
		w.WriteByte('[')
		w.expr(n.Elt, prTest)
		w.comprehensions(n.Generators)
		w.WriteByte(']')
	case *ast.SetComp:
		w.WriteByte('{')
		w.expr(n.Elt, prTest)
		w.comprehensions(n.Generators)
		w.WriteByte('}')
	case *ast.DictComp:
		w.WriteByte('{')
		w.expr(n.Key, prTest)
		w.WriteString(": ")
		w.expr(n.Value, prTest)
		w.comprehensions(n.Generators)
		w.WriteByte('}')
	case *ast.Yield:
		if n.Value == nil {
			w.WriteString("(yield)")
			return
		}
		w.WriteString("(yield ")
		w.expr(n.Value, prTest)
		w.WriteByte(')')
	case *ast.YieldFrom:
		w.WriteString("(yield from ")
		w.expr(n.Value, prTest)
		w.WriteByte(')')
	case *ast.Await:
		w.openIf(level > prAwait)
		w.WriteString("await ")
		w.expr(n.Value, prAtom)
		w.closeIf(level > prAwait)
	case *ast.Compare:
		w.openIf(level > prCmp)
		w.expr(n.Left, prCmp+1)
		for i, op := range n.Ops {
			w.WriteString(cmpOp(op))
			if i < len(n.Comparators) {
				w.expr(n.Comparators[i], prCmp+1)
			}
		}
		w.closeIf(level > prCmp)
	case *ast.Call:
		w.expr(n.Func, prAtom)
		if len(n.Args) == 1 && len(n.Keywords) == 0 {
			if g, ok := n.Args[0].(*ast.GeneratorExp); ok {
				w.expr(g, prTest) // f(x for x in y), no second parentheses
				return
			}
		}
		w.WriteByte('(')
		first := true
		for _, a := range n.Args {
			if !first {
				w.WriteString(", ")
			}
			first = false
			w.expr(a, prTest)
		}
		for _, k := range n.Keywords {
			if k == nil {
				continue
			}
			if !first {
				w.WriteString(", ")
			}
			first = false
			if k.Arg == "" {
				w.WriteString("**")
			} else {
				w.WriteString(k.Arg)
				w.WriteByte('=')
			}
			w.expr(k.Value, prTest)
		}
		w.WriteByte(')')
	case *ast.Constant:
		if n.Value == marshal.Ellipsis {
			w.WriteString("...")
			return
		}
		w.WriteString(marshal.Repr(n.Value))
	case *ast.JoinedStr:
		w.joinedStr(n, false)
	case *ast.FormattedValue:
		w.formattedValue(n)
	case *ast.Attribute:
		w.expr(n.Value, prAtom)
		// "1 .real": an int needs a space before the dot.
		if c, ok := n.Value.(*ast.Constant); ok {
			if _, isInt := c.Value.(*marshal.Int); isInt {
				w.WriteByte(' ')
			}
		}
		w.WriteByte('.')
		w.WriteString(n.Attr)
	case *ast.Subscript:
		w.expr(n.Value, prAtom)
		w.WriteByte('[')
		w.slice(n.Slice)
		w.WriteByte(']')
	case *ast.Starred:
		w.WriteByte('*')
		w.expr(n.Value, prExpr)
	case *ast.Name:
		w.WriteString(n.Id)
	case *ast.List:
		w.WriteByte('[')
		w.elts(n.Elts)
		w.WriteByte(']')
	case *ast.Tuple:
		if len(n.Elts) == 0 {
			w.WriteString("()")
			return
		}
		w.openIf(level > prTuple)
		w.elts(n.Elts)
		if len(n.Elts) == 1 {
			w.WriteByte(',')
		}
		w.closeIf(level > prTuple)
	case *ast.NamedExpr:
		w.openIf(level > prTuple)
		w.expr(n.Target, prAtom)
		w.WriteString(":=")
		w.expr(n.Value, prAtom)
		w.closeIf(level > prTuple)
	}
}

func (w *writer) elts(es []ast.Expr) {
	for i, e := range es {
		if i > 0 {
			w.WriteString(", ")
		}
		w.expr(e, prTest)
	}
}

func binOp(op ast.Operator) (string, int) {
	switch op {
	case ast.Add:
		return " + ", prArith
	case ast.Sub:
		return " - ", prArith
	case ast.Mult:
		return " * ", prTerm
	case ast.MatMult:
		return " @ ", prTerm
	case ast.Div:
		return " / ", prTerm
	case ast.Modulo:
		return " % ", prTerm
	case ast.LShift:
		return " << ", prShift
	case ast.RShift:
		return " >> ", prShift
	case ast.BitOr:
		return " | ", prBor
	case ast.BitXor:
		return " ^ ", prBxor
	case ast.BitAnd:
		return " & ", prBand
	case ast.FloorDiv:
		return " // ", prTerm
	case ast.Pow:
		return " ** ", prPower
	}
	return " ? ", prAtom
}

func cmpOp(op ast.CmpOp) string {
	switch op {
	case ast.Eq:
		return " == "
	case ast.NotEq:
		return " != "
	case ast.Lt:
		return " < "
	case ast.LtE:
		return " <= "
	case ast.Gt:
		return " > "
	case ast.GtE:
		return " >= "
	case ast.Is:
		return " is "
	case ast.IsNot:
		return " is not "
	case ast.In:
		return " in "
	case ast.NotIn:
		return " not in "
	}
	return " ? "
}

func (w *writer) arg(a *ast.Arg) {
	if a == nil {
		return
	}
	w.WriteString(a.Arg)
	if a.Annotation != nil {
		w.WriteString(": ")
		w.expr(a.Annotation, prTest)
	}
}

func (w *writer) args(a *ast.Arguments) {
	if a == nil {
		return
	}
	first := true
	sep := func() {
		if !first {
			w.WriteString(", ")
		}
		first = false
	}
	npos, nargs, ndef := len(a.PosOnlyArgs), len(a.Args), len(a.Defaults)
	for i := 0; i < npos+nargs; i++ {
		sep()
		if i < npos {
			w.arg(a.PosOnlyArgs[i])
		} else {
			w.arg(a.Args[i-npos])
		}
		if di := i - npos - nargs + ndef; di >= 0 {
			w.WriteByte('=')
			w.expr(a.Defaults[di], prTest)
		}
		if npos > 0 && i+1 == npos {
			w.WriteString(", /")
		}
	}
	if a.Vararg != nil || len(a.KwOnlyArgs) > 0 {
		sep()
		w.WriteByte('*')
		if a.Vararg != nil {
			w.arg(a.Vararg)
		}
	}
	nkw, nkwdef := len(a.KwOnlyArgs), len(a.KwDefaults)
	for i, k := range a.KwOnlyArgs {
		sep()
		w.arg(k)
		if di := i - nkw + nkwdef; di >= 0 && a.KwDefaults[di] != nil {
			w.WriteByte('=')
			w.expr(a.KwDefaults[di], prTest)
		}
	}
	if a.Kwarg != nil {
		sep()
		w.WriteString("**")
		w.arg(a.Kwarg)
	}
}

func (w *writer) comprehensions(gs []*ast.Comprehension) {
	for _, g := range gs {
		if g == nil {
			continue
		}
		if g.IsAsync != 0 {
			w.WriteString(" async for ")
		} else {
			w.WriteString(" for ")
		}
		w.expr(g.Target, prTuple)
		w.WriteString(" in ")
		w.expr(g.Iter, prTest+1)
		for _, c := range g.Ifs {
			w.WriteString(" if ")
			w.expr(c, prTest+1)
		}
	}
}

func (w *writer) slice(s ast.SliceKind) {
	switch n := s.(type) {
	case *ast.Slice:
		if n.Lower != nil {
			w.expr(n.Lower, prTest)
		}
		w.WriteByte(':')
		if n.Upper != nil {
			w.expr(n.Upper, prTest)
		}
		if n.Step != nil {
			w.WriteByte(':')
			w.expr(n.Step, prTest)
		}
	case *ast.ExtSlice:
		for i, d := range n.Dims {
			if i > 0 {
				w.WriteString(", ")
			}
			w.slice(d)
		}
		if len(n.Dims) == 1 {
			w.WriteByte(',')
		}
	case *ast.Index:
		level := prTuple
		if t, ok := n.Value.(*ast.Tuple); ok {
			for _, e := range t.Elts {
				if _, star := e.(*ast.Starred); star {
					level++
					break
				}
			}
		}
		w.expr(n.Value, level)
	}
}

// fstringBody renders the parts of an f-string without quotes.
func fstringBody(values []ast.Expr) string {
	var b writer
	for _, v := range values {
		b.fstringElement(v)
	}
	return b.String()
}

func (w *writer) fstringElement(e ast.Expr) {
	switch n := e.(type) {
	case *ast.Constant:
		if s, ok := n.Value.(*marshal.Str); ok {
			t := strings.ReplaceAll(s.V, "{", "{{")
			w.WriteString(strings.ReplaceAll(t, "}", "}}"))
		}
	case *ast.JoinedStr:
		w.joinedStr(n, true)
	case *ast.FormattedValue:
		w.formattedValue(n)
	}
}

func (w *writer) joinedStr(n *ast.JoinedStr, formatSpec bool) {
	body := fstringBody(n.Values)
	if formatSpec {
		w.WriteString(body)
		return
	}
	w.WriteByte('f')
	w.WriteString(marshal.StrRepr(body))
}

func (w *writer) formattedValue(n *ast.FormattedValue) {
	var inner writer
	// Above PR_TEST so that a lambda's colon is parenthesised.
	inner.expr(n.Value, prTest+1)
	s := inner.String()
	if strings.HasPrefix(s, "{") {
		w.WriteString("{ ")
	} else {
		w.WriteByte('{')
	}
	w.WriteString(s)
	switch n.Conversion {
	case 'a':
		w.WriteString("!a")
	case 'r':
		w.WriteString("!r")
	case 's':
		w.WriteString("!s")
	}
	if n.FormatSpec != nil {
		w.WriteByte(':')
		w.fstringElement(n.FormatSpec)
	}
	w.WriteByte('}')
}
