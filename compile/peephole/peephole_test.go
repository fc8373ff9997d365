package peephole

import (
	"bytes"
	"testing"

	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/marshal"
)

// asm builds code from (op, arg) pairs.
func asm(units ...int) []byte {
	b := make([]byte, len(units))
	for i, u := range units {
		b[i] = byte(u)
	}
	return b
}

const (
	loadConst  = int(opcode.LOAD_CONST)
	loadName   = int(opcode.LOAD_NAME)
	storeName  = int(opcode.STORE_NAME)
	buildTuple = int(opcode.BUILD_TUPLE)
	unpack     = int(opcode.UNPACK_SEQUENCE)
	retValue   = int(opcode.RETURN_VALUE)
	popJumpF   = int(opcode.POP_JUMP_IF_FALSE)
	jumpAbs    = int(opcode.JUMP_ABSOLUTE)
	jumpFwd    = int(opcode.JUMP_FORWARD)
	jifop      = int(opcode.JUMP_IF_FALSE_OR_POP)
	jitop      = int(opcode.JUMP_IF_TRUE_OR_POP)
	popTop     = int(opcode.POP_TOP)
	rotTwo     = int(opcode.ROT_TWO)
	rotThree   = int(opcode.ROT_THREE)
	extArg     = int(opcode.EXTENDED_ARG)
)

func ints(vs ...int64) []marshal.Object {
	out := make([]marshal.Object, len(vs))
	for i, v := range vs {
		out[i] = marshal.NewInt(v)
	}
	return out
}

func TestFoldTuple(t *testing.T) {
	// x = (a, b) as the compiler emits it for constants a, b: folded into
	// a new constant appended to consts.
	code := asm(loadConst, 0, loadConst, 1, buildTuple, 2, storeName, 0, loadConst, 2, retValue, 0)
	lnotab := []byte{}
	got, consts, _ := Optimize(code, ints(1, 2, 0), lnotab)
	want := asm(loadConst, 3, storeName, 0, loadConst, 2, retValue, 0)
	if !bytes.Equal(got, want) {
		t.Errorf("code % x, want % x", got, want)
	}
	if len(consts) != 4 {
		t.Fatalf("consts %d, want 4", len(consts))
	}
	tu, ok := consts[3].(*marshal.Tuple)
	if !ok || len(tu.Items) != 2 || tu.Items[0] != consts[0] || tu.Items[1] != consts[1] {
		t.Errorf("folded tuple %#v", consts[3])
	}
}

func TestSwapUnpack(t *testing.T) {
	// a, b = b, a  and  a, b, c = c, b, a
	code := asm(loadName, 0, loadName, 1, buildTuple, 2, unpack, 2, storeName, 1, storeName, 0,
		loadName, 0, loadName, 1, loadName, 2, buildTuple, 3, unpack, 3, storeName, 0, storeName, 1, storeName, 2,
		loadName, 0, buildTuple, 1, unpack, 1, storeName, 0,
		loadConst, 0, retValue, 0)
	// One line per statement: offsets 0, 12, 30, 38.
	lnotab := []byte{12, 1, 18, 1, 8, 1}
	got, _, lt := Optimize(code, ints(0), lnotab)
	want := asm(loadName, 0, loadName, 1, rotTwo, 0, storeName, 1, storeName, 0,
		loadName, 0, loadName, 1, loadName, 2, rotThree, 0, rotTwo, 0, storeName, 0, storeName, 1, storeName, 2,
		loadName, 0, storeName, 0,
		loadConst, 0, retValue, 0)
	if !bytes.Equal(got, want) {
		t.Errorf("code\n % x\nwant\n % x", got, want)
	}
	if wantLt := []byte{10, 1, 18, 1, 4, 1}; !bytes.Equal(lt, wantLt) {
		t.Errorf("lnotab % x, want % x", lt, wantLt)
	}
}

func TestWhileTrue(t *testing.T) {
	// while 1: f()  ->  the constant test disappears.
	code := asm(loadConst, 0, popJumpF, 10, loadName, 0, popTop, 0, jumpAbs, 0, loadConst, 1, retValue, 0)
	consts := []marshal.Object{marshal.NewInt(1), marshal.None}
	got, _, _ := Optimize(code, consts, nil)
	want := asm(loadName, 0, popTop, 0, jumpAbs, 0, loadConst, 1, retValue, 0)
	if !bytes.Equal(got, want) {
		t.Errorf("code % x, want % x", got, want)
	}
	// A false constant stays.
	consts[0] = marshal.NewInt(0)
	got, _, _ = Optimize(code, consts, nil)
	if !bytes.Equal(got, code) {
		t.Errorf("false constant: code % x, want unchanged", got)
	}
}

func TestJumpThreading(t *testing.T) {
	code := asm(loadName, 0, popJumpF, 8, jumpFwd, 2, loadConst, 0, jumpAbs, 12, loadConst, 0, retValue, 0)
	got, _, _ := Optimize(code, ints(0), nil)
	// POP_JUMP_IF_FALSE 8 and JUMP_FORWARD (to 8) both land on JUMP_ABSOLUTE
	// 12 and are threaded to 12, the forward jump becoming absolute; the
	// JUMP_ABSOLUTE itself targets a return and becomes one.
	want := asm(loadName, 0, popJumpF, 12, jumpAbs, 12, loadConst, 0, retValue, 0, loadConst, 0, retValue, 0)
	if !bytes.Equal(got, want) {
		t.Errorf("code % x, want % x", got, want)
	}
}

func TestJumpToReturn(t *testing.T) {
	// An unconditional jump to RETURN_VALUE becomes RETURN_VALUE, and the
	// dead code after a return is dropped up to the next jump target.
	code := asm(loadName, 0, popJumpF, 8, loadConst, 0, jumpFwd, 4, loadConst, 1, loadConst, 2, retValue, 0)
	got, _, _ := Optimize(code, ints(0, 1, 2), nil)
	// JUMP_FORWARD +4 at 6 goes to 12 (RETURN_VALUE) -> RETURN_VALUE; nothing
	// after it is in its block (8 is a target).
	want := asm(loadName, 0, popJumpF, 8, loadConst, 0, retValue, 0, loadConst, 1, loadConst, 2, retValue, 0)
	if !bytes.Equal(got, want) {
		t.Errorf("code % x, want % x", got, want)
	}
	code = asm(loadConst, 0, retValue, 0, loadConst, 1, popTop, 0, loadConst, 2, retValue, 0)
	got, _, _ = Optimize(code, ints(0, 1, 2), []byte{4, 1})
	want = asm(loadConst, 0, retValue, 0)
	if !bytes.Equal(got, want) {
		t.Errorf("dead code: % x, want % x", got, want)
	}
}

func TestConditionalChains(t *testing.T) {
	// x: JUMP_IF_FALSE_OR_POP y; y: JUMP_IF_FALSE_OR_POP z  ->  x jumps to z.
	code := asm(loadName, 0, jifop, 6, loadName, 1, jifop, 10, loadName, 2, retValue, 0)
	got, _, _ := Optimize(code, ints(), nil)
	want := asm(loadName, 0, jifop, 10, loadName, 1, jifop, 10, loadName, 2, retValue, 0)
	if !bytes.Equal(got, want) {
		t.Errorf("same sense: % x, want % x", got, want)
	}
	// x: JUMP_IF_FALSE_OR_POP y; y: JUMP_IF_TRUE_OR_POP z -> POP_JUMP_IF_FALSE y+1.
	code = asm(loadName, 0, jifop, 6, loadName, 1, jitop, 10, loadName, 2, retValue, 0)
	got, _, _ = Optimize(code, ints(), nil)
	want = asm(loadName, 0, popJumpF, 8, loadName, 1, jitop, 10, loadName, 2, retValue, 0)
	if !bytes.Equal(got, want) {
		t.Errorf("opposite sense: % x, want % x", got, want)
	}
}

func TestLnotabBail(t *testing.T) {
	code := asm(loadConst, 0, loadConst, 1, buildTuple, 2, retValue, 0)
	got, consts, lt := Optimize(code, ints(1, 2), []byte{255, 0, 2, 1})
	if !bytes.Equal(got, code) || len(consts) != 2 || !bytes.Equal(lt, []byte{255, 0, 2, 1}) {
		t.Errorf("a 255 address step must leave everything unchanged")
	}
}

func TestExtendedArg(t *testing.T) {
	// A jump with an EXTENDED_ARG prefix whose target moves below 256
	// keeps its prefix as EXTENDED_ARG 0.
	var units []int
	units = append(units, loadConst, 0, loadConst, 0, buildTuple, 2, popTop, 0)
	units = append(units, extArg, 1, jumpAbs, 4) // to offset 260
	for len(units) < 260 {
		units = append(units, loadName, 0)
	}
	units = append(units, loadConst, 0, retValue, 0)
	code := asm(units...)
	got, _, _ := Optimize(code, ints(7), nil)
	// Folding the tuple removes 2 units: the jump now goes to 256 which
	// still needs the prefix.
	if got[4] != byte(extArg) || got[5] != 1 || got[6] != byte(jumpAbs) || got[7] != 0 {
		t.Errorf("jump: % x", got[:12])
	}
	if len(got) != len(code)-4 {
		t.Errorf("length %d, want %d", len(got), len(code)-4)
	}
}

func FuzzOptimize(f *testing.F) {
	f.Add(asm(loadConst, 0, loadConst, 1, buildTuple, 2, retValue, 0), []byte{2, 1})
	f.Add(asm(loadName, 0, jifop, 6, loadName, 1, jitop, 10, loadName, 2, retValue, 0), []byte{})
	f.Add(asm(extArg, 1, jumpAbs, 4, retValue, 0), []byte{})
	f.Fuzz(func(t *testing.T, code, lnotab []byte) {
		Optimize(code, ints(0, 1, 2), lnotab)
	})
}

func TestInPlaceMalformedRestored(t *testing.T) {
	// A true constant test is rewritten first; the second test names a
	// constant that does not exist, so the whole result is the input,
	// restored in the caller's own memory.
	orig := asm(loadConst, 0, popJumpF, 4, loadConst, 9, popJumpF, 8, loadConst, 0, retValue, 0)
	origLt := []byte{4, 1, 4, 1}
	code, lnotab := bytes.Clone(orig), bytes.Clone(origLt)
	got, _, lt := OptimizeInPlace(code, ints(1), lnotab)
	if !bytes.Equal(got, orig) || !bytes.Equal(code, orig) {
		t.Errorf("code % x (buffer % x), want % x", got, code, orig)
	}
	if !bytes.Equal(lt, origLt) || !bytes.Equal(lnotab, origLt) {
		t.Errorf("lnotab % x (buffer % x), want % x", lt, lnotab, origLt)
	}
}

func TestFoldTupleNotChained(t *testing.T) {
	// ((a, b), c) built from constants: CPython's loop counts the
	// constants it passed, and the folded (a, b) is not one of them.
	code := asm(loadConst, 0, loadConst, 1, buildTuple, 2, loadConst, 2, buildTuple, 2, retValue, 0)
	got, consts, _ := Optimize(code, ints(1, 2, 3), []byte{})
	want := asm(loadConst, 3, loadConst, 2, buildTuple, 2, retValue, 0)
	if !bytes.Equal(got, want) || len(consts) != 4 {
		t.Errorf("code % x (%d consts), want % x (4)", got, len(consts), want)
	}
}
