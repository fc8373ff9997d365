package codegen

import (
	"testing"
	"unsafe"

	"github.com/gopyc/gopyc/compile/opcode"
)

// TestInstrLayout checks what emitBlocks assumes of instr's layout on
// this machine: plainMask clears exactly arg's low byte, and on a
// little-endian one the unit at unitOff is op and arg's low byte.
func TestInstrLayout(t *testing.T) {
	in := instr{arg: 0xff}
	if w := *(*uint64)(unsafe.Add(unsafe.Pointer(&in), plainOff)); w != ^plainMask {
		t.Fatalf("plainMask %#x, instr{arg: 0xff}'s word %#x", plainMask, w)
	}
	if littleEndian {
		in = instr{op: opcode.LOAD_CONST, arg: 0x1234, lineno: -1, target: -1, depth: -1, jabs: true, jrel: true}
		u := *(*[2]byte)(unsafe.Add(unsafe.Pointer(&in), unitOff))
		if u != [2]byte{byte(opcode.LOAD_CONST), 0x34} {
			t.Fatalf("unit %x", u)
		}
	}
}
