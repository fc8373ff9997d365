package symtable

import (
	"errors"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/future"
)

// treeGen builds a well-formed (non-nil) but otherwise arbitrary tree from
// fuzz bytes, including shapes the parser never produces.
type treeGen struct {
	data  []byte
	nodes int
}

func (g *treeGen) next() int {
	if len(g.data) == 0 {
		return 0
	}
	c := g.data[0]
	g.data = g.data[1:]
	return int(c)
}

var fuzzNames = []string{"a", "b", "__c", "_K__c", "super", "__class__", "K", ".0", "__d__"}

func (g *treeGen) id() string { return fuzzNames[g.next()%len(fuzzNames)] }

func (g *treeGen) pos() ast.Pos {
	return ast.Pos{Lineno: int32(1 + g.next()%5), ColOffset: int32(g.next() % 9)}
}

func (g *treeGen) args() *ast.Arguments {
	a := &ast.Arguments{}
	for n := g.next() % 3; n > 0; n-- {
		a.Args = append(a.Args, &ast.Arg{Pos: g.pos(), Arg: g.id()})
	}
	if g.next()%4 == 0 {
		a.Vararg = &ast.Arg{Pos: g.pos(), Arg: g.id(), Annotation: g.expr(1)}
	}
	if g.next()%4 == 0 {
		a.KwOnlyArgs = append(a.KwOnlyArgs, &ast.Arg{Pos: g.pos(), Arg: g.id()})
		a.KwDefaults = append(a.KwDefaults, nil)
	}
	return a
}

func (g *treeGen) gens(d int) []*ast.Comprehension {
	var cs []*ast.Comprehension
	for n := 1 + g.next()%2; n > 0; n-- {
		cs = append(cs, &ast.Comprehension{
			Target:  &ast.Name{Pos: g.pos(), Id: g.id(), Ctx: ast.Store},
			Iter:    g.expr(d),
			IsAsync: g.next() % 2,
		})
	}
	return cs
}

func (g *treeGen) expr(d int) ast.Expr {
	g.nodes++
	if d <= 0 || len(g.data) == 0 || g.nodes > 400 {
		return &ast.Name{Pos: g.pos(), Id: g.id(), Ctx: ast.Load}
	}
	d--
	switch g.next() % 12 {
	case 0:
		return &ast.BinOp{Pos: g.pos(), Left: g.expr(d), Op: ast.Add, Right: g.expr(d)}
	case 1:
		return &ast.Lambda{Pos: g.pos(), Args: g.args(), Body: g.expr(d)}
	case 2:
		return &ast.ListComp{Pos: g.pos(), Elt: g.expr(d), Generators: g.gens(d)}
	case 3:
		return &ast.GeneratorExp{Pos: g.pos(), Elt: g.expr(d), Generators: g.gens(d)}
	case 4:
		return &ast.DictComp{Pos: g.pos(), Key: g.expr(d), Value: g.expr(d), Generators: g.gens(d)}
	case 5:
		return &ast.NamedExpr{Pos: g.pos(), Target: &ast.Name{Pos: g.pos(), Id: g.id(), Ctx: ast.Store}, Value: g.expr(d)}
	case 6:
		return &ast.Yield{Pos: g.pos(), Value: g.expr(d)}
	case 7:
		return &ast.Await{Pos: g.pos(), Value: g.expr(d)}
	case 8:
		return &ast.Call{Pos: g.pos(), Func: g.expr(d), Args: []ast.Expr{g.expr(d)}, Keywords: []*ast.Keyword{{Value: g.expr(d)}}}
	case 9:
		return &ast.Subscript{Pos: g.pos(), Value: g.expr(d), Slice: &ast.ExtSlice{Dims: []ast.SliceKind{&ast.Index{Value: g.expr(d)}, &ast.Slice{Step: g.expr(d)}}}, Ctx: ast.Load}
	default:
		return &ast.Name{Pos: g.pos(), Id: g.id(), Ctx: ast.Load}
	}
}

func (g *treeGen) body(d int) []ast.Stmt {
	var ss []ast.Stmt
	for n := 1 + g.next()%3; n > 0 && g.nodes < 400; n-- {
		ss = append(ss, g.stmt(d))
	}
	return ss
}

func (g *treeGen) stmt(d int) ast.Stmt {
	g.nodes++
	p := g.pos()
	if d <= 0 {
		return &ast.Pass{Pos: p}
	}
	d--
	switch g.next() % 12 {
	case 0:
		return &ast.FunctionDef{Pos: p, Name: g.id(), Args: g.args(), Body: g.body(d), Returns: g.expr(1)}
	case 1:
		return &ast.AsyncFunctionDef{Pos: p, Name: g.id(), Args: g.args(), Body: g.body(d)}
	case 2:
		return &ast.ClassDef{Pos: p, Name: g.id(), Bases: []ast.Expr{g.expr(1)}, Body: g.body(d)}
	case 3:
		return &ast.Global{Pos: p, Names: []string{g.id()}}
	case 4:
		return &ast.Nonlocal{Pos: p, Names: []string{g.id()}}
	case 5:
		return &ast.Assign{Pos: p, Targets: []ast.Expr{&ast.Name{Pos: g.pos(), Id: g.id(), Ctx: ast.Store}}, Value: g.expr(3)}
	case 6:
		return &ast.AnnAssign{Pos: p, Target: &ast.Name{Pos: g.pos(), Id: g.id(), Ctx: ast.Store}, Annotation: g.expr(1), Simple: g.next() % 2}
	case 7:
		return &ast.ImportFrom{Pos: p, Module: "m", Names: []*ast.Alias{{Name: "*"}, {Name: "a.b"}}}
	case 8:
		return &ast.Return{Pos: p, Value: g.expr(2)}
	case 9:
		return &ast.Try{Pos: p, Body: g.body(d), Handlers: []*ast.ExceptHandler{{Pos: g.pos(), Name: g.id(), Body: g.body(d)}}}
	default:
		return &ast.ExprStmt{Pos: p, Value: g.expr(4)}
	}
}

// FuzzBuild checks that Build never fails internally on any tree and that
// what it returns is consistent.
func FuzzBuild(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x04\x05"))
	f.Add([]byte("\x02\x05\x00\x00\x01\x04\x03\x02\x01\x05\x05\x06\x07\x08"))
	f.Add([]byte("\x00\x00\x00\x00\x05\x05\x05\x02\x02\x02\x02\x02\x02\x02\x01\x02\x03"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &treeGen{data: data}
		mod := &ast.Module{Body: g.body(4)}
		st, err := Build(mod, "f.py", future.Features{})
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) || de.Class != "SyntaxError" {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		var check func(b *Block)
		check = func(b *Block) {
			if st.Lookup(b.Node) != b {
				t.Fatalf("block %s not found by its node", b.Name)
			}
			for i, s := range b.Symbols {
				if b.find(s.Name) != i {
					t.Fatalf("%s: index of %s broken", b.Name, s.Name)
				}
				if sc := s.Scope(); sc < Local || sc > Cell {
					t.Fatalf("%s: %s has no scope (%d)", b.Name, s.Name, s.Flags)
				}
			}
			for i, s := range b.Symbols {
				if (i < int(b.NumParams)) != (s.Flags&DefParam != 0) {
					t.Fatalf("%s: parameter %s not flagged or not among the first %d", b.Name, s.Name, b.NumParams)
				}
			}
			for _, c := range b.Children {
				check(c)
			}
		}
		check(st.Top)
	})
}
