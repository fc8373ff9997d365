package peephole

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/gopyc/gopyc/compile/opcode"
)

// TestKnownTargetsAgree checks OptimizeTargets (finishKnown) against
// Optimize (finish) on random code of the kinds the compiler makes: no
// NOPs, jumps to instruction starts, some with EXTENDED_ARG prefixes,
// line steps even.
func TestKnownTargetsAgree(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	type ins struct {
		op     opcode.Op
		arg    int
		target int // instruction index, for jumps
	}
	jumps := []opcode.Op{opcode.JUMP_ABSOLUTE, opcode.JUMP_FORWARD, opcode.POP_JUMP_IF_FALSE,
		opcode.POP_JUMP_IF_TRUE, opcode.JUMP_IF_FALSE_OR_POP, opcode.JUMP_IF_TRUE_OR_POP,
		opcode.FOR_ITER, opcode.SETUP_FINALLY, opcode.SETUP_WITH, opcode.CALL_FINALLY}
	var opt Optimizer
	for iter := 0; iter < 3000; iter++ {
		n := 2 + rng.Intn(20)
		if iter%5 == 0 {
			n = 100 + rng.Intn(300)
		}
		prog := make([]ins, n)
		for i := range prog {
			var in ins
			switch r := rng.Intn(12); {
			case r < 4:
				in = ins{op: opcode.LOAD_CONST, arg: rng.Intn(3)}
			case r < 5:
				in = ins{op: opcode.BUILD_TUPLE, arg: 1 + rng.Intn(3)}
			case r < 6:
				in = ins{op: opcode.UNPACK_SEQUENCE, arg: 1 + rng.Intn(3)}
			case r < 7:
				in = ins{op: opcode.RETURN_VALUE}
			case r < 8:
				in = ins{op: opcode.LOAD_NAME, arg: rng.Intn(300)}
			case r < 9:
				in = ins{op: opcode.END_FINALLY}
			default:
				op := jumps[rng.Intn(len(jumps))]
				tgt := rng.Intn(n)
				if jumpKind[op] == relJump && tgt <= i {
					tgt = i + 1 + rng.Intn(n-i)
					if tgt >= n {
						tgt = n - 1
					}
				}
				in = ins{op: op, target: tgt}
			}
			prog[i] = in
		}
		prog[n-1] = ins{op: opcode.RETURN_VALUE}
		// Lay out: grow prefixes until stable.
		size := make([]int, n)
		for i := range size {
			size[i] = 1
		}
		var start []int
		for {
			start = make([]int, n+1)
			for i := range prog {
				start[i+1] = start[i] + size[i]
			}
			grown := false
			for i, in := range prog {
				if jumpKind[in.op] == relJump || jumpKind[in.op] == absJump {
					a := 2 * start[in.target]
					if jumpKind[in.op] == relJump {
						a = 2 * (start[in.target] - start[i+1])
					}
					prog[i].arg = a
				}
				if s := instrSize(uint32(prog[i].arg)); s != size[i] {
					size[i], grown = s, true
				}
			}
			if !grown {
				break
			}
		}
		var code []byte
		var targets []int32
		for i, in := range prog {
			for k := instrSize(uint32(in.arg)) - 1; k >= 1; k-- {
				code = append(code, extendedArg, byte(in.arg>>(8*k)))
			}
			code = append(code, byte(in.op), byte(in.arg))
			if jumpKind[in.op] == relJump || jumpKind[in.op] == absJump {
				targets = append(targets, int32(start[i+1]))
			}
		}
		if iter%2 == 0 {
			rng.Shuffle(len(targets), func(i, j int) { targets[i], targets[j] = targets[j], targets[i] })
		}
		var lnotab []byte
		last := 0
		for i := range prog {
			if rng.Intn(3) == 0 && 2*(start[i]-last) < 255 {
				lnotab = append(lnotab, byte(2*(start[i]-last)), 1)
				last = start[i]
			}
		}
		consts := ints(1, 0, 2)
		wantCode, wantConsts, wantLt := Optimize(code, consts, lnotab)
		gotCode, gotConsts, gotLt := opt.OptimizeTargets(bytes.Clone(code), consts[:3:3], bytes.Clone(lnotab), targets, nil)
		if !bytes.Equal(gotCode, wantCode) || !bytes.Equal(gotLt, wantLt) || len(gotConsts) != len(wantConsts) {
			t.Fatalf("iter %d: code % x lnotab % x (%d consts)\n got % x\nwant % x\n lnotab got % x want % x, consts %d want %d",
				iter, code, lnotab, len(consts), gotCode, wantCode, gotLt, wantLt, len(gotConsts), len(wantConsts))
		}
	}
}
