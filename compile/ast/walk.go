package ast

// A Visitor's Visit method is invoked for each node Walk meets. If the
// result w is not nil, Walk visits each child of node with w, then calls
// w.Visit(nil).
type Visitor interface {
	Visit(node Node) (w Visitor)
}

// Walk traverses an AST in depth-first order, children in ASDL field order.
func Walk(v Visitor, node Node) {
	if v = v.Visit(node); v == nil {
		return
	}
	switch n := node.(type) {
	case *Module:
		walkStmts(v, n.Body)
	case *Interactive:
		walkStmts(v, n.Body)
	case *Expression:
		Walk(v, n.Body)
	case *FunctionType:
		walkExprs(v, n.ArgTypes)
		Walk(v, n.Returns)
	case *FunctionDef:
		Walk(v, n.Args)
		walkStmts(v, n.Body)
		walkExprs(v, n.DecoratorList)
		walkOpt(v, n.Returns)
	case *AsyncFunctionDef:
		Walk(v, n.Args)
		walkStmts(v, n.Body)
		walkExprs(v, n.DecoratorList)
		walkOpt(v, n.Returns)
	case *ClassDef:
		walkExprs(v, n.Bases)
		for _, k := range n.Keywords {
			Walk(v, k)
		}
		walkStmts(v, n.Body)
		walkExprs(v, n.DecoratorList)
	case *Return:
		walkOpt(v, n.Value)
	case *Delete:
		walkExprs(v, n.Targets)
	case *Assign:
		walkExprs(v, n.Targets)
		Walk(v, n.Value)
	case *AugAssign:
		Walk(v, n.Target)
		Walk(v, n.Value)
	case *AnnAssign:
		Walk(v, n.Target)
		Walk(v, n.Annotation)
		walkOpt(v, n.Value)
	case *For:
		Walk(v, n.Target)
		Walk(v, n.Iter)
		walkStmts(v, n.Body)
		walkStmts(v, n.Orelse)
	case *AsyncFor:
		Walk(v, n.Target)
		Walk(v, n.Iter)
		walkStmts(v, n.Body)
		walkStmts(v, n.Orelse)
	case *While:
		Walk(v, n.Test)
		walkStmts(v, n.Body)
		walkStmts(v, n.Orelse)
	case *If:
		Walk(v, n.Test)
		walkStmts(v, n.Body)
		walkStmts(v, n.Orelse)
	case *With:
		for _, it := range n.Items {
			Walk(v, it)
		}
		walkStmts(v, n.Body)
	case *AsyncWith:
		for _, it := range n.Items {
			Walk(v, it)
		}
		walkStmts(v, n.Body)
	case *Raise:
		walkOpt(v, n.Exc)
		walkOpt(v, n.Cause)
	case *Try:
		walkStmts(v, n.Body)
		for _, h := range n.Handlers {
			Walk(v, h)
		}
		walkStmts(v, n.Orelse)
		walkStmts(v, n.FinalBody)
	case *Assert:
		Walk(v, n.Test)
		walkOpt(v, n.Msg)
	case *Import:
		for _, a := range n.Names {
			Walk(v, a)
		}
	case *ImportFrom:
		for _, a := range n.Names {
			Walk(v, a)
		}
	case *ExprStmt:
		Walk(v, n.Value)
	case *BoolOp:
		walkExprs(v, n.Values)
	case *NamedExpr:
		Walk(v, n.Target)
		Walk(v, n.Value)
	case *BinOp:
		Walk(v, n.Left)
		Walk(v, n.Right)
	case *UnaryOp:
		Walk(v, n.Operand)
	case *Lambda:
		Walk(v, n.Args)
		Walk(v, n.Body)
	case *IfExp:
		Walk(v, n.Test)
		Walk(v, n.Body)
		Walk(v, n.Orelse)
	case *Dict:
		walkExprs(v, n.Keys)
		walkExprs(v, n.Values)
	case *Set:
		walkExprs(v, n.Elts)
	case *ListComp:
		Walk(v, n.Elt)
		walkComps(v, n.Generators)
	case *SetComp:
		Walk(v, n.Elt)
		walkComps(v, n.Generators)
	case *DictComp:
		Walk(v, n.Key)
		Walk(v, n.Value)
		walkComps(v, n.Generators)
	case *GeneratorExp:
		Walk(v, n.Elt)
		walkComps(v, n.Generators)
	case *Await:
		Walk(v, n.Value)
	case *Yield:
		walkOpt(v, n.Value)
	case *YieldFrom:
		Walk(v, n.Value)
	case *Compare:
		Walk(v, n.Left)
		walkExprs(v, n.Comparators)
	case *Call:
		Walk(v, n.Func)
		walkExprs(v, n.Args)
		for _, k := range n.Keywords {
			Walk(v, k)
		}
	case *FormattedValue:
		Walk(v, n.Value)
		walkOpt(v, n.FormatSpec)
	case *JoinedStr:
		walkExprs(v, n.Values)
	case *Attribute:
		Walk(v, n.Value)
	case *Subscript:
		Walk(v, n.Value)
		Walk(v, n.Slice)
	case *Starred:
		Walk(v, n.Value)
	case *List:
		walkExprs(v, n.Elts)
	case *Tuple:
		walkExprs(v, n.Elts)
	case *Slice:
		walkOpt(v, n.Lower)
		walkOpt(v, n.Upper)
		walkOpt(v, n.Step)
	case *ExtSlice:
		for _, d := range n.Dims {
			Walk(v, d)
		}
	case *Index:
		Walk(v, n.Value)
	case *Comprehension:
		Walk(v, n.Target)
		Walk(v, n.Iter)
		walkExprs(v, n.Ifs)
	case *ExceptHandler:
		walkOpt(v, n.Type)
		walkStmts(v, n.Body)
	case *Arguments:
		walkArgs(v, n.PosOnlyArgs)
		walkArgs(v, n.Args)
		if n.Vararg != nil {
			Walk(v, n.Vararg)
		}
		walkArgs(v, n.KwOnlyArgs)
		walkExprs(v, n.KwDefaults)
		if n.Kwarg != nil {
			Walk(v, n.Kwarg)
		}
		walkExprs(v, n.Defaults)
	case *Arg:
		walkOpt(v, n.Annotation)
	case *Keyword:
		Walk(v, n.Value)
	case *WithItem:
		Walk(v, n.ContextExpr)
		walkOpt(v, n.OptionalVars)
	}
	v.Visit(nil)
}

func walkStmts(v Visitor, list []Stmt) {
	for _, s := range list {
		Walk(v, s)
	}
}

// walkExprs skips nil entries (Dict keys for **, KwDefaults without default).
func walkExprs(v Visitor, list []Expr) {
	for _, e := range list {
		if e != nil {
			Walk(v, e)
		}
	}
}

func walkOpt(v Visitor, e Expr) {
	if e != nil {
		Walk(v, e)
	}
}

func walkArgs(v Visitor, list []*Arg) {
	for _, a := range list {
		Walk(v, a)
	}
}

func walkComps(v Visitor, list []*Comprehension) {
	for _, c := range list {
		Walk(v, c)
	}
}

type inspector func(Node) bool

func (f inspector) Visit(node Node) Visitor {
	if node != nil && f(node) {
		return f
	}
	return nil
}

// Inspect calls f for each node in depth-first order, descending into a
// node's children only when f returns true.
func Inspect(node Node, f func(Node) bool) {
	Walk(inspector(f), node)
}
