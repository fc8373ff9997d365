package ast

import (
	"strconv"
	"strings"

	"github.com/gopyc/gopyc/marshal"
)

// Dump renders n exactly as CPython 3.8's ast.dump(n, include_attributes=...)
// does: ASDL field order, None for absent optionals, [] for empty lists and
// Python reprs for identifiers and constants.
func Dump(n Node, includeAttributes bool) string {
	d := dumper{attrs: includeAttributes}
	d.node(n)
	return d.b.String()
}

type dumper struct {
	b     strings.Builder
	attrs bool
}

// open writes "Name(" and returns a field writer.
func (d *dumper) open(name string) { d.b.WriteString(name); d.b.WriteByte('(') }

func (d *dumper) field(first bool, name string) {
	if !first {
		d.b.WriteString(", ")
	}
	d.b.WriteString(name)
	d.b.WriteByte('=')
}

func (d *dumper) close(p *Pos) {
	if d.attrs && p != nil {
		d.b.WriteString(", lineno=")
		d.posTail(p)
	}
	d.b.WriteByte(')')
}

func (d *dumper) none() { d.b.WriteString("None") }

func (d *dumper) ident(s string) {
	d.b.WriteString(marshal.StrRepr(s))
}

func (d *dumper) optIdent(s string) {
	if s == "" {
		d.none()
	} else {
		d.ident(s)
	}
}

func (d *dumper) optStr(s string) {
	if s == "" {
		d.none()
	} else {
		d.b.WriteString(marshal.StrRepr(s))
	}
}

func (d *dumper) int(v int) { d.b.WriteString(strconv.Itoa(v)) }

func (d *dumper) expr(e Expr) {
	if e == nil {
		d.none()
		return
	}
	d.node(e)
}

func (d *dumper) stmts(l []Stmt) {
	d.b.WriteByte('[')
	for i, s := range l {
		if i > 0 {
			d.b.WriteString(", ")
		}
		d.node(s)
	}
	d.b.WriteByte(']')
}

func (d *dumper) exprs(l []Expr) {
	d.b.WriteByte('[')
	for i, e := range l {
		if i > 0 {
			d.b.WriteString(", ")
		}
		d.expr(e)
	}
	d.b.WriteByte(']')
}

func (d *dumper) idents(l []string) {
	d.b.WriteByte('[')
	for i, s := range l {
		if i > 0 {
			d.b.WriteString(", ")
		}
		d.ident(s)
	}
	d.b.WriteByte(']')
}

func (d *dumper) args(l []*Arg) {
	d.b.WriteByte('[')
	for i, a := range l {
		if i > 0 {
			d.b.WriteString(", ")
		}
		d.node(a)
	}
	d.b.WriteByte(']')
}

func (d *dumper) keywords(l []*Keyword) {
	d.b.WriteByte('[')
	for i, k := range l {
		if i > 0 {
			d.b.WriteString(", ")
		}
		d.node(k)
	}
	d.b.WriteByte(']')
}

func (d *dumper) ctx(c ExprContext) {
	if c == 0 {
		d.none()
		return
	}
	d.b.WriteString(c.String())
	d.b.WriteString("()")
}

func (d *dumper) funcDef(name string, n string, args *Arguments, body []Stmt, decos []Expr, returns Expr, tc string, p *Pos) {
	d.open(name)
	d.field(true, "name")
	d.ident(n)
	d.field(false, "args")
	d.node(args)
	d.field(false, "body")
	d.stmts(body)
	d.field(false, "decorator_list")
	d.exprs(decos)
	d.field(false, "returns")
	d.expr(returns)
	d.field(false, "type_comment")
	d.optStr(tc)
	d.close(p)
}

func (d *dumper) forStmt(name string, target, iter Expr, body, orelse []Stmt, tc string, p *Pos) {
	d.open(name)
	d.field(true, "target")
	d.expr(target)
	d.field(false, "iter")
	d.expr(iter)
	d.field(false, "body")
	d.stmts(body)
	d.field(false, "orelse")
	d.stmts(orelse)
	d.field(false, "type_comment")
	d.optStr(tc)
	d.close(p)
}

func (d *dumper) withStmt(name string, items []*WithItem, body []Stmt, tc string, p *Pos) {
	d.open(name)
	d.field(true, "items")
	d.b.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			d.b.WriteString(", ")
		}
		d.node(it)
	}
	d.b.WriteByte(']')
	d.field(false, "body")
	d.stmts(body)
	d.field(false, "type_comment")
	d.optStr(tc)
	d.close(p)
}

func (d *dumper) comp(name string, elt Expr, gens []*Comprehension, p *Pos) {
	d.open(name)
	d.field(true, "elt")
	d.expr(elt)
	d.field(false, "generators")
	d.comps(gens)
	d.close(p)
}

func (d *dumper) comps(gens []*Comprehension) {
	d.b.WriteByte('[')
	for i, g := range gens {
		if i > 0 {
			d.b.WriteString(", ")
		}
		d.node(g)
	}
	d.b.WriteByte(']')
}

func (d *dumper) slice(s SliceKind) {
	if s == nil {
		d.none()
		return
	}
	d.node(s)
}

func (d *dumper) node(n Node) {
	switch n := n.(type) {
	case nil:
		d.none()
	case *Module:
		d.open("Module")
		d.field(true, "body")
		d.stmts(n.Body)
		d.field(false, "type_ignores")
		d.b.WriteByte('[')
		for i, t := range n.TypeIgnores {
			if i > 0 {
				d.b.WriteString(", ")
			}
			d.node(t)
		}
		d.b.WriteByte(']')
		d.b.WriteByte(')')
	case *Interactive:
		d.open("Interactive")
		d.field(true, "body")
		d.stmts(n.Body)
		d.b.WriteByte(')')
	case *Expression:
		d.open("Expression")
		d.field(true, "body")
		d.expr(n.Body)
		d.b.WriteByte(')')
	case *FunctionType:
		d.open("FunctionType")
		d.field(true, "argtypes")
		d.exprs(n.ArgTypes)
		d.field(false, "returns")
		d.expr(n.Returns)
		d.b.WriteByte(')')
	case *TypeIgnore:
		d.open("TypeIgnore")
		d.field(true, "lineno")
		d.int(n.Lineno)
		d.field(false, "tag")
		d.ident(n.Tag)
		d.b.WriteByte(')')

	case *FunctionDef:
		d.funcDef("FunctionDef", n.Name, n.Args, n.Body, n.DecoratorList, n.Returns, n.TypeComment, &n.Pos)
	case *AsyncFunctionDef:
		d.funcDef("AsyncFunctionDef", n.Name, n.Args, n.Body, n.DecoratorList, n.Returns, n.TypeComment, &n.Pos)
	case *ClassDef:
		d.open("ClassDef")
		d.field(true, "name")
		d.ident(n.Name)
		d.field(false, "bases")
		d.exprs(n.Bases)
		d.field(false, "keywords")
		d.keywords(n.Keywords)
		d.field(false, "body")
		d.stmts(n.Body)
		d.field(false, "decorator_list")
		d.exprs(n.DecoratorList)
		d.close(&n.Pos)
	case *Return:
		d.open("Return")
		d.field(true, "value")
		d.expr(n.Value)
		d.close(&n.Pos)
	case *Delete:
		d.open("Delete")
		d.field(true, "targets")
		d.exprs(n.Targets)
		d.close(&n.Pos)
	case *Assign:
		d.open("Assign")
		d.field(true, "targets")
		d.exprs(n.Targets)
		d.field(false, "value")
		d.expr(n.Value)
		d.field(false, "type_comment")
		d.optStr(n.TypeComment)
		d.close(&n.Pos)
	case *AugAssign:
		d.open("AugAssign")
		d.field(true, "target")
		d.expr(n.Target)
		d.field(false, "op")
		d.b.WriteString(n.Op.String())
		d.b.WriteString("()")
		d.field(false, "value")
		d.expr(n.Value)
		d.close(&n.Pos)
	case *AnnAssign:
		d.open("AnnAssign")
		d.field(true, "target")
		d.expr(n.Target)
		d.field(false, "annotation")
		d.expr(n.Annotation)
		d.field(false, "value")
		d.expr(n.Value)
		d.field(false, "simple")
		d.int(n.Simple)
		d.close(&n.Pos)
	case *For:
		d.forStmt("For", n.Target, n.Iter, n.Body, n.Orelse, n.TypeComment, &n.Pos)
	case *AsyncFor:
		d.forStmt("AsyncFor", n.Target, n.Iter, n.Body, n.Orelse, n.TypeComment, &n.Pos)
	case *While:
		d.open("While")
		d.field(true, "test")
		d.expr(n.Test)
		d.field(false, "body")
		d.stmts(n.Body)
		d.field(false, "orelse")
		d.stmts(n.Orelse)
		d.close(&n.Pos)
	case *If:
		d.open("If")
		d.field(true, "test")
		d.expr(n.Test)
		d.field(false, "body")
		d.stmts(n.Body)
		d.field(false, "orelse")
		d.stmts(n.Orelse)
		d.close(&n.Pos)
	case *With:
		d.withStmt("With", n.Items, n.Body, n.TypeComment, &n.Pos)
	case *AsyncWith:
		d.withStmt("AsyncWith", n.Items, n.Body, n.TypeComment, &n.Pos)
	case *Raise:
		d.open("Raise")
		d.field(true, "exc")
		d.expr(n.Exc)
		d.field(false, "cause")
		d.expr(n.Cause)
		d.close(&n.Pos)
	case *Try:
		d.open("Try")
		d.field(true, "body")
		d.stmts(n.Body)
		d.field(false, "handlers")
		d.b.WriteByte('[')
		for i, h := range n.Handlers {
			if i > 0 {
				d.b.WriteString(", ")
			}
			d.node(h)
		}
		d.b.WriteByte(']')
		d.field(false, "orelse")
		d.stmts(n.Orelse)
		d.field(false, "finalbody")
		d.stmts(n.FinalBody)
		d.close(&n.Pos)
	case *Assert:
		d.open("Assert")
		d.field(true, "test")
		d.expr(n.Test)
		d.field(false, "msg")
		d.expr(n.Msg)
		d.close(&n.Pos)
	case *Import:
		d.open("Import")
		d.field(true, "names")
		d.aliases(n.Names)
		d.close(&n.Pos)
	case *ImportFrom:
		d.open("ImportFrom")
		d.field(true, "module")
		d.optIdent(n.Module)
		d.field(false, "names")
		d.aliases(n.Names)
		d.field(false, "level")
		d.int(n.Level)
		d.close(&n.Pos)
	case *Global:
		d.open("Global")
		d.field(true, "names")
		d.idents(n.Names)
		d.close(&n.Pos)
	case *Nonlocal:
		d.open("Nonlocal")
		d.field(true, "names")
		d.idents(n.Names)
		d.close(&n.Pos)
	case *ExprStmt:
		d.open("Expr")
		d.field(true, "value")
		d.expr(n.Value)
		d.close(&n.Pos)
	case *Pass:
		d.open("Pass")
		if d.attrs {
			d.b.WriteString("lineno=")
			d.posTail(&n.Pos)
		}
		d.b.WriteByte(')')
	case *Break:
		d.open("Break")
		if d.attrs {
			d.b.WriteString("lineno=")
			d.posTail(&n.Pos)
		}
		d.b.WriteByte(')')
	case *Continue:
		d.open("Continue")
		if d.attrs {
			d.b.WriteString("lineno=")
			d.posTail(&n.Pos)
		}
		d.b.WriteByte(')')

	case *BoolOp:
		d.open("BoolOp")
		d.field(true, "op")
		d.b.WriteString(n.Op.String())
		d.b.WriteString("()")
		d.field(false, "values")
		d.exprs(n.Values)
		d.close(&n.Pos)
	case *NamedExpr:
		d.open("NamedExpr")
		d.field(true, "target")
		d.expr(n.Target)
		d.field(false, "value")
		d.expr(n.Value)
		d.close(&n.Pos)
	case *BinOp:
		d.open("BinOp")
		d.field(true, "left")
		d.expr(n.Left)
		d.field(false, "op")
		d.b.WriteString(n.Op.String())
		d.b.WriteString("()")
		d.field(false, "right")
		d.expr(n.Right)
		d.close(&n.Pos)
	case *UnaryOp:
		d.open("UnaryOp")
		d.field(true, "op")
		d.b.WriteString(n.Op.String())
		d.b.WriteString("()")
		d.field(false, "operand")
		d.expr(n.Operand)
		d.close(&n.Pos)
	case *Lambda:
		d.open("Lambda")
		d.field(true, "args")
		d.node(n.Args)
		d.field(false, "body")
		d.expr(n.Body)
		d.close(&n.Pos)
	case *IfExp:
		d.open("IfExp")
		d.field(true, "test")
		d.expr(n.Test)
		d.field(false, "body")
		d.expr(n.Body)
		d.field(false, "orelse")
		d.expr(n.Orelse)
		d.close(&n.Pos)
	case *Dict:
		d.open("Dict")
		d.field(true, "keys")
		d.exprs(n.Keys)
		d.field(false, "values")
		d.exprs(n.Values)
		d.close(&n.Pos)
	case *Set:
		d.open("Set")
		d.field(true, "elts")
		d.exprs(n.Elts)
		d.close(&n.Pos)
	case *ListComp:
		d.comp("ListComp", n.Elt, n.Generators, &n.Pos)
	case *SetComp:
		d.comp("SetComp", n.Elt, n.Generators, &n.Pos)
	case *GeneratorExp:
		d.comp("GeneratorExp", n.Elt, n.Generators, &n.Pos)
	case *DictComp:
		d.open("DictComp")
		d.field(true, "key")
		d.expr(n.Key)
		d.field(false, "value")
		d.expr(n.Value)
		d.field(false, "generators")
		d.comps(n.Generators)
		d.close(&n.Pos)
	case *Await:
		d.open("Await")
		d.field(true, "value")
		d.expr(n.Value)
		d.close(&n.Pos)
	case *Yield:
		d.open("Yield")
		d.field(true, "value")
		d.expr(n.Value)
		d.close(&n.Pos)
	case *YieldFrom:
		d.open("YieldFrom")
		d.field(true, "value")
		d.expr(n.Value)
		d.close(&n.Pos)
	case *Compare:
		d.open("Compare")
		d.field(true, "left")
		d.expr(n.Left)
		d.field(false, "ops")
		d.b.WriteByte('[')
		for i, op := range n.Ops {
			if i > 0 {
				d.b.WriteString(", ")
			}
			d.b.WriteString(op.String())
			d.b.WriteString("()")
		}
		d.b.WriteByte(']')
		d.field(false, "comparators")
		d.exprs(n.Comparators)
		d.close(&n.Pos)
	case *Call:
		d.open("Call")
		d.field(true, "func")
		d.expr(n.Func)
		d.field(false, "args")
		d.exprs(n.Args)
		d.field(false, "keywords")
		d.keywords(n.Keywords)
		d.close(&n.Pos)
	case *FormattedValue:
		d.open("FormattedValue")
		d.field(true, "value")
		d.expr(n.Value)
		d.field(false, "conversion")
		d.int(n.Conversion)
		d.field(false, "format_spec")
		d.expr(n.FormatSpec)
		d.close(&n.Pos)
	case *JoinedStr:
		d.open("JoinedStr")
		d.field(true, "values")
		d.exprs(n.Values)
		d.close(&n.Pos)
	case *Constant:
		d.open("Constant")
		d.field(true, "value")
		d.b.WriteString(marshal.Repr(n.Value))
		d.field(false, "kind")
		d.optStr(n.Kind.String())
		d.close(&n.Pos)
	case *Attribute:
		d.open("Attribute")
		d.field(true, "value")
		d.expr(n.Value)
		d.field(false, "attr")
		d.ident(n.Attr)
		d.field(false, "ctx")
		d.ctx(n.Ctx)
		d.close(&n.Pos)
	case *Subscript:
		d.open("Subscript")
		d.field(true, "value")
		d.expr(n.Value)
		d.field(false, "slice")
		d.slice(n.Slice)
		d.field(false, "ctx")
		d.ctx(n.Ctx)
		d.close(&n.Pos)
	case *Starred:
		d.open("Starred")
		d.field(true, "value")
		d.expr(n.Value)
		d.field(false, "ctx")
		d.ctx(n.Ctx)
		d.close(&n.Pos)
	case *Name:
		d.open("Name")
		d.field(true, "id")
		d.ident(n.Id)
		d.field(false, "ctx")
		d.ctx(n.Ctx)
		d.close(&n.Pos)
	case *List:
		d.open("List")
		d.field(true, "elts")
		d.exprs(n.Elts)
		d.field(false, "ctx")
		d.ctx(n.Ctx)
		d.close(&n.Pos)
	case *Tuple:
		d.open("Tuple")
		d.field(true, "elts")
		d.exprs(n.Elts)
		d.field(false, "ctx")
		d.ctx(n.Ctx)
		d.close(&n.Pos)

	case *Slice:
		d.open("Slice")
		d.field(true, "lower")
		d.expr(n.Lower)
		d.field(false, "upper")
		d.expr(n.Upper)
		d.field(false, "step")
		d.expr(n.Step)
		d.b.WriteByte(')')
	case *ExtSlice:
		d.open("ExtSlice")
		d.field(true, "dims")
		d.b.WriteByte('[')
		for i, s := range n.Dims {
			if i > 0 {
				d.b.WriteString(", ")
			}
			d.slice(s)
		}
		d.b.WriteByte(']')
		d.b.WriteByte(')')
	case *Index:
		d.open("Index")
		d.field(true, "value")
		d.expr(n.Value)
		d.b.WriteByte(')')

	case *Comprehension:
		d.open("comprehension")
		d.field(true, "target")
		d.expr(n.Target)
		d.field(false, "iter")
		d.expr(n.Iter)
		d.field(false, "ifs")
		d.exprs(n.Ifs)
		d.field(false, "is_async")
		d.int(n.IsAsync)
		d.b.WriteByte(')')
	case *ExceptHandler:
		d.open("ExceptHandler")
		d.field(true, "type")
		d.expr(n.Type)
		d.field(false, "name")
		d.optIdent(n.Name)
		d.field(false, "body")
		d.stmts(n.Body)
		d.close(&n.Pos)
	case *Arguments:
		d.open("arguments")
		d.field(true, "posonlyargs")
		d.args(n.PosOnlyArgs)
		d.field(false, "args")
		d.args(n.Args)
		d.field(false, "vararg")
		d.optArg(n.Vararg)
		d.field(false, "kwonlyargs")
		d.args(n.KwOnlyArgs)
		d.field(false, "kw_defaults")
		d.exprs(n.KwDefaults)
		d.field(false, "kwarg")
		d.optArg(n.Kwarg)
		d.field(false, "defaults")
		d.exprs(n.Defaults)
		d.b.WriteByte(')')
	case *Arg:
		d.open("arg")
		d.field(true, "arg")
		d.ident(n.Arg)
		d.field(false, "annotation")
		d.expr(n.Annotation)
		d.field(false, "type_comment")
		d.optStr(n.TypeComment)
		d.close(&n.Pos)
	case *Keyword:
		d.open("keyword")
		d.field(true, "arg")
		d.optIdent(n.Arg)
		d.field(false, "value")
		d.expr(n.Value)
		d.b.WriteByte(')')
	case *Alias:
		d.open("alias")
		d.field(true, "name")
		d.ident(n.Name)
		d.field(false, "asname")
		d.optIdent(n.Asname)
		d.b.WriteByte(')')
	case *WithItem:
		d.open("withitem")
		d.field(true, "context_expr")
		d.expr(n.ContextExpr)
		d.field(false, "optional_vars")
		d.expr(n.OptionalVars)
		d.b.WriteByte(')')
	default:
		d.b.WriteString("<?>")
	}
}

// posTail writes the attribute list of a node without fields, after "lineno=".
func (d *dumper) posTail(p *Pos) {
	d.b.WriteString(strconv.Itoa(int(p.Lineno)))
	d.b.WriteString(", col_offset=")
	d.b.WriteString(strconv.Itoa(int(p.ColOffset)))
	d.b.WriteString(", end_lineno=")
	d.b.WriteString(strconv.Itoa(int(p.EndLineno)))
	d.b.WriteString(", end_col_offset=")
	d.b.WriteString(strconv.Itoa(int(p.EndColOffset)))
}

func (d *dumper) optArg(a *Arg) {
	if a == nil {
		d.none()
	} else {
		d.node(a)
	}
}

func (d *dumper) aliases(l []*Alias) {
	d.b.WriteByte('[')
	for i, a := range l {
		if i > 0 {
			d.b.WriteString(", ")
		}
		d.node(a)
	}
	d.b.WriteByte(']')
}
