package astopt

import (
	"math"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/unparse"
	"github.com/gopyc/gopyc/marshal"
)

// treeGen turns fuzz bytes into an expression of constants and operators.
type treeGen struct {
	b []byte
	n int
}

func (g *treeGen) next() int {
	if len(g.b) == 0 {
		return 0
	}
	v := int(g.b[0])
	g.b = g.b[1:]
	return v
}

func (g *treeGen) constant() marshal.Object {
	switch k := g.next(); k % 9 {
	case 0:
		return marshal.NewInt(int64(g.next()) - 128)
	case 1:
		return marshal.NewInt(int64(g.next()) << uint(g.next()%64))
	case 2:
		return &marshal.Float{V: math.Ldexp(float64(g.next())-100, g.next()-128)}
	case 3:
		return &marshal.Complex{Real: float64(g.next() - 128), Imag: float64(g.next()) / 3}
	case 4:
		return &marshal.Str{V: string(rune('a'+g.next()%26)) + "\u20ac"[:g.next()%2*3]}
	case 5:
		return &marshal.Bytes{V: []byte{byte(g.next())}}
	case 6:
		return marshal.Bool(g.next()%2 == 0)
	case 7:
		return marshal.None
	default:
		return &marshal.Tuple{Items: []marshal.Object{marshal.NewInt(int64(g.next()))}}
	}
}

func (g *treeGen) expr(depth int) ast.Expr {
	g.n++
	if depth > 6 || g.n > 200 || len(g.b) == 0 {
		return &ast.Constant{Value: g.constant()}
	}
	switch k := g.next(); k % 8 {
	case 0, 1:
		return &ast.BinOp{Left: g.expr(depth + 1), Op: ast.Operator(1 + g.next()%13), Right: g.expr(depth + 1)}
	case 2:
		return &ast.UnaryOp{Op: ast.UnaryOperator(1 + g.next()%4), Operand: g.expr(depth + 1)}
	case 3:
		return &ast.Tuple{Elts: []ast.Expr{g.expr(depth + 1), g.expr(depth + 1)}, Ctx: ast.Load}
	case 4:
		return &ast.Subscript{Value: g.expr(depth + 1), Slice: &ast.Index{Value: g.expr(depth + 1)}, Ctx: ast.Load}
	case 5:
		return &ast.Compare{Left: &ast.Name{Id: "x", Ctx: ast.Load}, Ops: []ast.CmpOp{ast.In},
			Comparators: []ast.Expr{&ast.Set{Elts: []ast.Expr{g.expr(depth + 1), g.expr(depth + 1)}}}}
	case 6:
		return &ast.List{Elts: []ast.Expr{g.expr(depth + 1)}, Ctx: ast.Load}
	default:
		return &ast.Constant{Value: g.constant()}
	}
}

// FuzzFold folds and unparses random constant expressions: no panic, no
// hang, bounded results.
func FuzzFold(f *testing.F) {
	f.Add([]byte{0, 0, 1, 7, 2, 60})
	f.Add([]byte{1, 1, 5, 0, 4, 9, 9, 9})
	f.Add([]byte{4, 9, 4, 1, 0, 200, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &treeGen{b: data}
		e := &ast.Expression{Body: g.expr(0)}
		OptimizeMod(e, 0)
		_ = unparse.Expr(e.Body)
	})
}
