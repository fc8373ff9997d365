package peephole

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/gopyc/gopyc/compile/opcode"
)

// TestThreadJumpsAgree checks ThreadJumps against the whole optimizer on
// random code that only its jump rules apply to (no constants, tuples or
// code after a return): where ThreadJumps takes the code, the results
// must be equal; where it declines, the code must be unchanged.
func TestThreadJumpsAgree(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	jumps := []opcode.Op{opcode.JUMP_ABSOLUTE, opcode.JUMP_FORWARD, opcode.POP_JUMP_IF_FALSE,
		opcode.POP_JUMP_IF_TRUE, opcode.FOR_ITER, opcode.SETUP_FINALLY}
	var opt, full Optimizer
	took, changed := 0, 0
	for iter := 0; iter < 5000; iter++ {
		n := 2 + rng.Intn(20)
		if iter%5 == 0 {
			n = 100 + rng.Intn(300)
		}
		prog := make([]testIns, n)
		for i := range prog {
			if rng.Intn(2) == 0 {
				prog[i] = testIns{op: opcode.LOAD_NAME, arg: rng.Intn(300)}
				continue
			}
			op := jumps[rng.Intn(len(jumps))]
			tgt := rng.Intn(n)
			if jumpKind[op] == relJump && tgt <= i {
				tgt = min(i+1+rng.Intn(n-i), n-1)
			}
			prog[i] = testIns{op: op, target: tgt}
		}
		prog[n-1] = testIns{op: opcode.RETURN_VALUE}
		code, _, targets := layOut(prog)
		lnotab := []byte{2, 1}
		got := bytes.Clone(code)
		if !opt.ThreadJumps(got, lnotab, targets) {
			if !bytes.Equal(got, code) {
				t.Fatalf("iter %d: declined, but code % x became % x", iter, code, got)
			}
			continue
		}
		took++
		want, _, _ := full.OptimizeTargets(bytes.Clone(code), nil, bytes.Clone(lnotab), targets, nil)
		if !bytes.Equal(got, want) {
			t.Fatalf("iter %d: code % x\n got % x\nwant % x", iter, code, got, want)
		}
		if !bytes.Equal(got, code) {
			changed++
		}
	}
	if took < 500 || changed < 200 {
		t.Errorf("ThreadJumps took %d programs and changed %d: too few to test", took, changed)
	}
}
