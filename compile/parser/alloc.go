package parser

import (
	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/marshal"
)

// slab hands out the nodes of one kind from chunks, so that building a
// tree costs one allocation per chunk rather than one per node. Every node
// of a chunk lives as long as the tree, which is how trees are used.
type slab[T any] []T

func (s *slab[T]) alloc() *T {
	if len(*s) == 0 {
		// Chunks grow with use, so small files stay cheap.
		n := 2 * cap(*s)
		if n < 8 {
			n = 8
		} else if n > 256 {
			n = 256
		}
		*s = make([]T, n)
	}
	x := &(*s)[0]
	*s = (*s)[1:]
	return x
}

// allocs holds the slabs of the node kinds a module has most of.
type allocs struct {
	names     slab[ast.Name]
	consts    slab[ast.Constant]
	strs      slab[marshal.Str]
	attrs     slab[ast.Attribute]
	calls     slab[ast.Call]
	keywords  slab[ast.Keyword]
	exprStmts slab[ast.ExprStmt]
	assigns   slab[ast.Assign]
	binops    slab[ast.BinOp]
	subs      slab[ast.Subscript]
	indexes   slab[ast.Index]
	tuples    slab[ast.Tuple]
	args      slab[ast.Arg]
	compares  slab[ast.Compare]
}

func (p *parser) newName(pos ast.Pos, id string) *ast.Name {
	n := p.al.names.alloc()
	n.Pos, n.Id, n.Ctx = pos, id, ast.Load
	return n
}

func (p *parser) newConst(pos ast.Pos, v marshal.Object, kind string) *ast.Constant {
	c := p.al.consts.alloc()
	c.Pos, c.Value, c.Kind = pos, v, kind
	return c
}

func (p *parser) newStr(v string) *marshal.Str {
	s := p.al.strs.alloc()
	s.V = v
	return s
}
