package ast

import (
	"testing"
	"unsafe"
)

// TestNodeSizes guards the sizes of the commonest nodes: the parser
// allocates millions of them per stdlib run, and each byte is memory
// first touched and cache lines read by every later pass.
func TestNodeSizes(t *testing.T) {
	for _, c := range []struct {
		name      string
		size, max uintptr
	}{
		{"Pos", unsafe.Sizeof(Pos{}), 16},
		{"Name", unsafe.Sizeof(Name{}), 40},
		{"Constant", unsafe.Sizeof(Constant{}), 40},
		{"Attribute", unsafe.Sizeof(Attribute{}), 56},
		{"Call", unsafe.Sizeof(Call{}), 80},
		{"BinOp", unsafe.Sizeof(BinOp{}), 56},
		{"Assign", unsafe.Sizeof(Assign{}), 72},
		{"ExprStmt", unsafe.Sizeof(ExprStmt{}), 32},
	} {
		t.Logf("%s: %d bytes", c.name, c.size)
		if c.size > c.max {
			t.Errorf("%s is %d bytes, more than %d", c.name, c.size, c.max)
		}
	}
}
