package peephole

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/marshal"
)

// TestKnownTargetsAgree checks OptimizeTargets and Optimize against a
// plain transcription of CPython's final pass (plainFinish) run on the
// loop's code, on random code of the kinds the compiler makes: jumps to
// instruction starts, some with EXTENDED_ARG prefixes, line steps even.
// Every third program also has NOPs of its own, some with prefixes, odd
// jump arguments and odd line steps, for Optimize alone (the compiler's
// code has none).
func TestKnownTargetsAgree(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	jumps := []opcode.Op{opcode.JUMP_ABSOLUTE, opcode.JUMP_FORWARD, opcode.POP_JUMP_IF_FALSE,
		opcode.POP_JUMP_IF_TRUE, opcode.JUMP_IF_FALSE_OR_POP, opcode.JUMP_IF_TRUE_OR_POP,
		opcode.FOR_ITER, opcode.SETUP_FINALLY, opcode.SETUP_WITH, opcode.CALL_FINALLY}
	var opt Optimizer
	for iter := 0; iter < 3000; iter++ {
		n := 2 + rng.Intn(20)
		if iter%5 == 0 {
			n = 100 + rng.Intn(300)
		}
		withNops := iter%3 == 1
		prog := make([]testIns, n)
		for i := range prog {
			var in testIns
			switch r := rng.Intn(12); {
			case withNops && r < 1:
				in = testIns{op: opcode.NOP, arg: rng.Intn(300)}
			case r < 4:
				in = testIns{op: opcode.LOAD_CONST, arg: rng.Intn(3)}
			case r < 5:
				in = testIns{op: opcode.BUILD_TUPLE, arg: 1 + rng.Intn(3)}
			case r < 6:
				in = testIns{op: opcode.UNPACK_SEQUENCE, arg: 1 + rng.Intn(3)}
			case r < 7:
				in = testIns{op: opcode.RETURN_VALUE}
			case r < 8:
				in = testIns{op: opcode.LOAD_NAME, arg: rng.Intn(300)}
			case r < 9:
				in = testIns{op: opcode.END_FINALLY}
			default:
				op := jumps[rng.Intn(len(jumps))]
				tgt := rng.Intn(n)
				if jumpKind[op] == relJump && tgt <= i {
					tgt = i + 1 + rng.Intn(n-i)
					if tgt >= n {
						tgt = n - 1
					}
				}
				in = testIns{op: op, target: tgt}
				if withNops && rng.Intn(4) == 0 {
					in.odd = 1
				}
			}
			prog[i] = in
		}
		prog[n-1] = testIns{op: opcode.RETURN_VALUE}
		code, start, targets := layOut(prog)
		if iter%2 == 0 {
			rng.Shuffle(len(targets), func(i, j int) { targets[i], targets[j] = targets[j], targets[i] })
		}
		var lnotab []byte
		last := 0
		for i := range prog {
			if rng.Intn(3) == 0 && 2*start[i]+1-last < 255 {
				off := 2 * start[i]
				if withNops && rng.Intn(4) == 0 {
					off++ // odd: the map's offsets are even
				}
				lnotab = append(lnotab, byte(off-last), 1)
				last = off
			}
		}
		consts := ints(1, 0, 2)
		// (Code the loop gives up on, as on a cycle of jumps, comes back
		// unchanged.)
		keep := &optimizer{keepNops: true, foldAt: -1, consts: consts[:3:3]}
		keep.code, keep.lnotab = bytes.Clone(code), bytes.Clone(lnotab)
		wantCode, wantConsts, wantLt, ok := keep.run(keep.code, keep.lnotab)
		if ok {
			wantCode, wantLt = plainFinish(wantCode, wantLt)
		} else {
			wantCode, wantConsts, wantLt = code, consts, lnotab
		}
		check := func(how string, gotCode []byte, gotConsts []marshal.Object, gotLt []byte) {
			t.Helper()
			if !bytes.Equal(gotCode, wantCode) || !bytes.Equal(gotLt, wantLt) || len(gotConsts) != len(wantConsts) {
				t.Fatalf("iter %d, %s: code % x lnotab % x\n got % x\nwant % x\n lnotab got % x want % x, consts %d want %d",
					iter, how, code, lnotab, gotCode, wantCode, gotLt, wantLt, len(gotConsts), len(wantConsts))
			}
		}
		gotCode, gotConsts, gotLt := Optimize(code, consts, lnotab)
		check("Optimize", gotCode, gotConsts, gotLt)
		if !withNops {
			gotCode, gotConsts, gotLt = opt.OptimizeTargets(bytes.Clone(code), consts[:3:3], bytes.Clone(lnotab), targets, nil)
			check("OptimizeTargets", gotCode, gotConsts, gotLt)
		}
	}
}

// testIns is one instruction of a random test program: jumps name their
// target by instruction index, and layOut computes their arguments.
type testIns struct {
	op     opcode.Op
	arg    int
	target int // instruction index, for jumps
	odd    int // 1 for an odd jump argument
}

// layOut encodes prog, growing EXTENDED_ARG prefixes until every jump's
// argument fits, and returns the code, each instruction's start in code
// units (start[len(prog)] is the end) and the unit after each jump, in
// code order (OptimizeTargets' list).
func layOut(prog []testIns) (code []byte, start []int, targets []int32) {
	n := len(prog)
	size := make([]int, n)
	for i := range size {
		size[i] = 1
	}
	start = make([]int, n+1)
	for grown := true; grown; {
		for i := range prog {
			start[i+1] = start[i] + size[i]
		}
		grown = false
		for i, in := range prog {
			if k := jumpKind[in.op]; k == relJump || k == absJump {
				a := 2 * start[in.target]
				if k == relJump {
					a = 2 * (start[in.target] - start[i+1])
				}
				prog[i].arg = a + in.odd
			}
			if s := instrSize(uint32(prog[i].arg)); s != size[i] {
				size[i], grown = s, true
			}
		}
	}
	for i, in := range prog {
		for k := instrSize(uint32(in.arg)) - 1; k >= 1; k-- {
			code = append(code, extendedArg, byte(in.arg>>(8*k)))
		}
		code = append(code, byte(in.op), byte(in.arg))
		if k := jumpKind[in.op]; k == relJump || k == absJump {
			targets = append(targets, int32(start[i+1]))
		}
	}
	return code, start, targets
}

// plainFinish is the end of CPython 3.8's PyCode_Optimize, written as
// peephole.c has it: every unit is mapped to its index without the NOPs,
// the line table goes through the map, and the instructions are decoded
// and written again without the NOPs (and their prefixes), jumps
// retargeted; when a jump no longer fits its prefixes the code comes
// back unchanged (the line table rewritten). It works on copies.
func plainFinish(code, lnotab []byte) ([]byte, []byte) {
	code, lnotab = bytes.Clone(code), bytes.Clone(lnotab)
	n := len(code) / 2
	blocks := make([]int, n)
	nops := 0
	for i := 0; i < n; i++ {
		blocks[i] = i - nops
		if code[2*i] == nop {
			nops++
		}
	}
	cum, last := 0, 0
	for i := 0; i+1 < len(lnotab); i += 2 {
		cum += int(lnotab[i])
		off := blocks[cum/2] * 2
		lnotab[i] = byte(off - last)
		last = off
	}
	out := make([]byte, 0, len(code))
	for i := 0; i < n; i++ {
		opStart := i
		j := int(code[2*i+1])
		for code[2*i] == extendedArg {
			i++
			j = j<<8 | int(code[2*i+1])
		}
		op := code[2*i]
		switch jumpKind[op] {
		case isNop:
			continue
		case absJump:
			j = blocks[j/2] * 2
		case relJump:
			j = (blocks[j/2+i+1] - blocks[i] - 1) * 2
		}
		ilen := i - opStart + 1
		if instrSize(uint32(j)) > ilen {
			return code, lnotab
		}
		for k := ilen - 1; k >= 1; k-- {
			out = append(out, extendedArg, byte(j>>(8*k)))
		}
		out = append(out, op, byte(j))
	}
	return out, lnotab
}
