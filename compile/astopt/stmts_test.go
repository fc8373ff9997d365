package astopt

import (
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// TestStatements checks the traversal on testdata/astopt/stmts.py: what is
// and is not visited, the docstring guard and the "not" rewrite. The
// expectations follow ast_opt.c and were checked with dis under CPython 3.8.
func TestStatements(t *testing.T) {
	python := py38.Require(t)
	mod, err := astjson.ParseFile(python, "../../testdata/astopt/stmts.py")
	if err != nil {
		t.Fatal(err)
	}
	Optimize(mod, 1)
	b := mod.Body
	isConst := func(what string, e ast.Expr, want string) {
		t.Helper()
		c, ok := e.(*ast.Constant)
		if !ok {
			t.Errorf("%s: got %T, want constant %s", what, e, want)
			return
		}
		if g := astjson.Canon(c.Value); g != want {
			t.Errorf("%s: got %s, want %s", what, g, want)
		}
	}
	// A string made by folding is wrapped so it is no docstring.
	if js, ok := b[0].(*ast.ExprStmt).Value.(*ast.JoinedStr); !ok || len(js.Values) != 1 {
		t.Errorf("folded leading string: got %T, want a one-part JoinedStr", b[0].(*ast.ExprStmt).Value)
	} else {
		isConst("folded leading string", js.Values[0], "str:6162")
	}
	fn := b[1].(*ast.FunctionDef)
	isConst("annotation", fn.Args.Args[0].Annotation, "int:3")
	isConst("default", fn.Args.Defaults[0], "int:-1")
	isConst("kw default", fn.Args.KwDefaults[0], "int:6")
	isConst("returns", fn.Returns, "int:12")
	if _, ok := fn.Body[0].(*ast.ExprStmt).Value.(*ast.Constant); !ok {
		t.Errorf("docstring was rewritten")
	}
	ann := fn.Body[1].(*ast.AnnAssign)
	isConst("AnnAssign annotation", ann.Annotation, "int:10")
	isConst("AnnAssign value", ann.Value, "int:12")
	if c, ok := fn.Body[2].(*ast.Return).Value.(*ast.Compare); !ok || c.Ops[0] != ast.IsNot {
		t.Errorf("not a is b: got %#v", fn.Body[2].(*ast.Return).Value)
	}
	// A class body starting with an implicitly concatenated string already
	// had a docstring... no: ("x" "y") * 2 folds, so it gets wrapped.
	if _, ok := b[2].(*ast.ClassDef).Body[0].(*ast.ExprStmt).Value.(*ast.JoinedStr); !ok {
		t.Errorf("class body folded string not wrapped")
	}
	if c, ok := b[3].(*ast.ExprStmt).Value.(*ast.Compare); !ok || c.Ops[0] != ast.NotIn {
		t.Errorf("not a in b: got %T", b[3].(*ast.ExprStmt).Value)
	}
	if u, ok := b[4].(*ast.ExprStmt).Value.(*ast.UnaryOp); !ok || u.Op != ast.Not {
		t.Errorf("not a == b must stay: got %T", b[4].(*ast.ExprStmt).Value)
	}
	if ne, ok := b[5].(*ast.ExprStmt).Value.(*ast.NamedExpr); !ok {
		t.Errorf("walrus: got %T", b[5].(*ast.ExprStmt).Value)
	} else if _, ok := ne.Value.(*ast.BinOp); !ok {
		t.Errorf("3.8 does not fold inside :=, got %T", ne.Value)
	}
	isConst("for iter", b[6].(*ast.For).Iter, "(int:1,int:2)")
	g := b[7].(*ast.AsyncFunctionDef)
	if _, ok := g.Body[0].(*ast.AsyncFor).Iter.(*ast.List); !ok {
		t.Errorf("async for iter must stay a list, got %T", g.Body[0].(*ast.AsyncFor).Iter)
	}
	isConst("async comprehension iter", g.Body[1].(*ast.ExprStmt).Value.(*ast.ListComp).Generators[0].Iter, "(int:3,int:4)")
	isConst("__debug__ at -O", b[8].(*ast.Assign).Value, "False")
	if tu, ok := b[9].(*ast.ExprStmt).Value.(*ast.Compare).Comparators[0].(*ast.Tuple); !ok || tu.Ctx != ast.Load {
		t.Errorf("x in [a, b]: want a Load tuple")
	}
	if _, ok := b[10].(*ast.ExprStmt).Value.(*ast.ListComp).Generators[0].Iter.(*ast.Tuple); !ok {
		t.Errorf("comprehension over [a, b]: want a tuple")
	}
	sub := b[11].(*ast.Assign).Targets[0].(*ast.Subscript)
	isConst("store subscript index", sub.Slice.(*ast.Index).Value, "int:2")
	if _, ok := b[12].(*ast.ExprStmt).Value.(*ast.SetComp).Generators[0].Iter.(*ast.Set); !ok {
		t.Errorf("set of non-constants must stay a set")
	}
	fv := b[13].(*ast.ExprStmt).Value.(*ast.JoinedStr).Values[0].(*ast.FormattedValue)
	isConst("f-string field", fv.Value, "str:6161")
	_ = marshal.None
}
