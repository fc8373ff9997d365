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

// listArena hands out exact-size slices carved from shared chunks, with
// their capacity capped so that appending to one never touches another.
type listArena[T any] []T

func (a *listArena[T]) make(src []T) []T {
	n := len(src)
	if n == 0 {
		return []T{}
	}
	if n > len(*a) {
		// Chunks grow with use, so small files stay cheap.
		size := 2 * cap(*a)
		if size < 32 {
			size = 32
		} else if size > 1024 {
			size = 1024
		}
		if n > size {
			size = n
		}
		*a = make([]T, size)
	}
	s := (*a)[:n:n]
	*a = (*a)[n:]
	copy(s, src)
	return s
}

// Lists are gathered on scratch stacks (nested lists stack above outer
// ones) and copied out exactly sized when complete.

func (p *parser) pushX(e ast.Expr) { p.xs = append(p.xs, e) }

func (p *parser) popXs(base int) []ast.Expr {
	l := p.al.xa.make(p.xs[base:])
	p.xs = p.xs[:base]
	return l
}

func (p *parser) pushS(s ast.Stmt) { p.ss = append(p.ss, s) }

func (p *parser) popSs(base int) []ast.Stmt {
	l := p.al.sa.make(p.ss[base:])
	p.ss = p.ss[:base]
	return l
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
	ints      slab[marshal.Int]
	arguments slab[ast.Arguments]

	xa listArena[ast.Expr]
	sa listArena[ast.Stmt]
	ka listArena[*ast.Keyword]
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

// smallDecimal parses the common NUMBER token: a plain decimal int of at
// most 18 digits (no underscores, no leading zero), which needs none of
// literal.Number's generality.
func smallDecimal(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
