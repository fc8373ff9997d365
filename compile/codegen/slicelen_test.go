package codegen

import (
	"testing"
	"unsafe"
)

// emit stores a block's new length through sliceLen, which assumes a
// slice's length word follows its data pointer: a runtime that laid
// slices out otherwise fails here rather than corrupting blocks.
func TestSliceLen(t *testing.T) {
	s := make([]instr, 1, 8)
	s[0].arg = 7
	*sliceLen(unsafe.Pointer(&s)) = 3
	if len(s) != 3 || cap(s) != 8 || s[0].arg != 7 {
		t.Fatalf("after sliceLen: len %d cap %d first arg %d, want 3 8 7", len(s), cap(s), s[0].arg)
	}
}
