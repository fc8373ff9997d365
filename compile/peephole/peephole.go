// Package peephole is CPython 3.8's bytecode peephole optimizer
// (Python/peephole.c), run on each code object's assembled bytecode.
//
// It works on 2-byte code units in place: rewrites that shrink code leave
// NOPs, which a final pass removes while retargeting jumps and the line
// table. Everything happens within basic blocks found once up front.
package peephole

import (
	"bytes"
	"sync"
	"unsafe"

	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/marshal"
)

// Optimize rewrites code as PyCode_Optimize does. consts may grow (folded
// tuples are appended); lnotab is adjusted to the new offsets. It returns the
// new code, consts and lnotab. The inputs are not modified.
//
// Like CPython, when the final pass finds a jump that no longer fits its
// EXTENDED_ARG prefixes it returns the original code, but keeps the
// appended constants and the already adjusted line table. Malformed input
// (jumps out of range, truncated code) comes back unchanged.
func Optimize(code []byte, consts []marshal.Object, lnotab []byte) ([]byte, []marshal.Object, []byte) {
	return OptimizeInPlace(append([]byte(nil), code...), consts[:len(consts):len(consts)], append([]byte(nil), lnotab...))
}

// OptimizeInPlace is Optimize working in code's and lnotab's own memory:
// the results are code and lnotab (or prefixes of them) rewritten.
// Constants are appended to consts as append does, in place when it has
// room; its items are not modified.
func OptimizeInPlace(code []byte, consts []marshal.Object, lnotab []byte) ([]byte, []marshal.Object, []byte) {
	return optimizeInPlace(code, consts, lnotab, nil, false, nil)
}

// OptimizeTargets is OptimizeInPlace for code whose jumps the caller has
// laid out, as a compiler has: jumps holds the code unit index after
// every jump (where a relative one counts from; in any order, best in
// code order), the code has no NOPs and no odd jump arguments, and the
// line table's byte steps are even but for steps of 255. It saves the
// scan of the code for jumps.
// Folded tuples are made by tuples when it is not nil.
func OptimizeTargets(code []byte, consts []marshal.Object, lnotab []byte, jumps []int32, tuples Tuples) ([]byte, []marshal.Object, []byte) {
	return optimizeInPlace(code, consts, lnotab, jumps, true, tuples)
}

// Tuples makes the constant tuples folding creates: a compiler has them
// made in the memory its code objects live in.
type Tuples interface {
	// NewTuple returns a tuple of n nil items.
	NewTuple(n int) *marshal.Tuple
}

// An Optimizer is OptimizeTargets with tables of its own, kept from one
// code object to the next: a compiler holds one, and needs no pool.
type Optimizer struct{ p optimizer }

// OptimizeTargets is the package's OptimizeTargets.
func (o *Optimizer) OptimizeTargets(code []byte, consts []marshal.Object, lnotab []byte, jumps []int32, tuples Tuples) ([]byte, []marshal.Object, []byte) {
	return o.p.optimize(code, consts, lnotab, jumps, true, tuples)
}

func optimizeInPlace(code []byte, consts []marshal.Object, lnotab []byte, targets []int32, known bool, tuples Tuples) ([]byte, []marshal.Object, []byte) {
	p := blocksPool.Get().(*optimizer)
	newCode, newConsts, newLnotab := p.optimize(code, consts, lnotab, targets, known, tuples)
	blocksPool.Put(p)
	return newCode, newConsts, newLnotab
}

func (p *optimizer) optimize(code []byte, consts []marshal.Object, lnotab []byte, targets []int32, known bool, tuples Tuples) ([]byte, []marshal.Object, []byte) {
	p.tuples = tuples
	p.foldAt = -1
	p.consts, p.wroteNop, p.oddJump, p.hadNop = consts, false, false, false
	p.jumpAt, p.knownTargets = targets, known
	p.runs, p.moved = p.runs[:0], p.moved[:0]
	p.code, p.lnotab, p.saved = code, lnotab, false
	newCode, newConsts, newLnotab, ok := p.run(code, lnotab)
	if !ok {
		if p.saved {
			copy(code, p.origCode)
			copy(lnotab, p.origLnotab)
		}
		newCode, newConsts, newLnotab = code, consts, lnotab
	}
	p.code, p.lnotab = nil, nil
	p.c, p.consts, p.jumpAt, p.tuples = nil, nil, nil, nil
	if cap(p.blocks) > 1<<16 {
		// One huge code object should not pin its tables.
		p.blocks, p.scanned, p.origCode, p.origLnotab, p.runs, p.moved = nil, nil, nil, nil, nil, nil
	}
	return newCode, newConsts, newLnotab
}

// ThreadJumps applies the optimizer's rule for jumps to unconditional
// jumps alone, to code a compiler has found no other rule applies to:
// each such jump goes to its target's target (a JUMP_FORWARD becomes a
// JUMP_ABSOLUTE), in code order, as the optimizer's loop does. jumps are
// the units after the code's jumps, as OptimizeTargets' (here in code
// order). It reports false, the code unchanged, where the result needs
// the full pass: a rewrite that leaves NOPs, a jump to a return, a
// target outside the code, jumps out of order.
func (o *Optimizer) ThreadJumps(code, lnotab []byte, jumps []int32) bool {
	if len(code)%2 != 0 || len(lnotab)%2 != 0 {
		return false
	}
	if hasLongStep(lnotab) {
		return true // the optimizer leaves such code alone
	}
	p := &o.p
	p.c, p.n = code, len(code)/2
	p.code, p.lnotab, p.saved = code, lnotab, false
	ok := p.threadJumps(jumps)
	if !ok && p.saved {
		copy(code, p.origCode)
	}
	p.c, p.code, p.lnotab = nil, nil, nil
	return ok
}

// threadJumps is ThreadJumps' pass, the jump case of run's loop.
func (p *optimizer) threadJumps(jumps []int32) bool {
	last := -1
	for _, after := range jumps {
		i := int(after) - 1
		if i <= last || i >= p.n {
			return false
		}
		last = i
		op := p.op(i)
		switch opcode.Op(op) {
		case opcode.POP_JUMP_IF_FALSE, opcode.POP_JUMP_IF_TRUE, opcode.JUMP_FORWARD, opcode.JUMP_ABSOLUTE:
		default:
			continue
		}
		tgt := p.jumpTarget(i)
		if tgt < 0 {
			return false
		}
		if tgt = p.findOp(tgt); tgt >= p.n {
			return false
		}
		if isUncondJump(op) && p.op(tgt) == byte(opcode.RETURN_VALUE) {
			return false
		}
		if !isUncondJump(p.op(tgt)) {
			continue
		}
		t2 := p.jumpTarget(tgt)
		if t2 < 0 {
			return false
		}
		if op == byte(opcode.JUMP_FORWARD) {
			op = byte(opcode.JUMP_ABSOLUTE) // the others are absolute
		}
		// copyOpArg, which leaves a jump it does not fit alone.
		a := uint32(t2) * 2
		ilen := instrSize(a)
		if opStart := p.opStart(i); opStart+ilen < i+1 {
			return false // NOPs before it
		} else if opStart+ilen == i+1 {
			p.writeOpArg(opStart, op, a, ilen)
		}
	}
	return true
}

// blocksPool keeps optimizers for their block tables, which would
// otherwise be allocated for every code object.
var blocksPool = sync.Pool{New: func() any { return new(optimizer) }}

const (
	nop         = byte(opcode.NOP)
	extendedArg = byte(opcode.EXTENDED_ARG)
)

type optimizer struct {
	c       []byte   // code units: c[2i] opcode, c[2i+1] argument byte
	n       int      // number of code units
	blocks  []int32  // per unit: 1 if a jump targets it, else 0
	runs    []nopRun // the input's NOPs and those the loop wrote, for finish
	moved   []int32  // the units after the jumps setArg moved, for finish
	scanned []int32  // the units after the jumps markBlocks found
	consts  []marshal.Object
	tuples  Tuples // or nil: the heap
	foldAt  int    // the unit of the last folded tuple's LOAD_CONST, or -1
	// wroteNop: a rewrite left NOPs. Rewrites that leave none move no
	// instruction, and write jump arguments that are final already.
	wroteNop bool
	oddJump  bool // a jump's argument is odd (not a unit offset)
	hadNop   bool // the input has NOPs

	jumpAt       []int32 // the units after the jumps' opcodes
	knownTargets bool
	keepNops     bool // return the loop's code, NOPs and all (for tests)

	// The inputs, and copies of them made before either is first
	// rewritten, for the cases that return the originals (most code is
	// left alone, and copies nothing).
	code, lnotab         []byte
	saved                bool
	origCode, origLnotab []byte
}

// save copies the inputs before they are rewritten.
func (p *optimizer) save() {
	if !p.saved {
		p.saved = true
		p.origCode = append(p.origCode[:0], p.code...)
		p.origLnotab = append(p.origLnotab[:0], p.lnotab...)
	}
}

func (p *optimizer) op(i int) byte { return p.c[2*i] }

func (p *optimizer) set(i int, op, arg byte) {
	p.save()
	p.c[2*i] = op
	p.c[2*i+1] = arg
}

func isUncondJump(op byte) bool {
	return op == byte(opcode.JUMP_ABSOLUTE) || op == byte(opcode.JUMP_FORWARD)
}

func isCondJump(op byte) bool {
	switch opcode.Op(op) {
	case opcode.POP_JUMP_IF_FALSE, opcode.POP_JUMP_IF_TRUE, opcode.JUMP_IF_FALSE_OR_POP, opcode.JUMP_IF_TRUE_OR_POP:
		return true
	}
	return false
}

func isAbsJump(op byte) bool { return jumpKind[op] == absJump }

// Kinds of jumps, by opcode.
const (
	notJump = iota
	relJump
	absJump
	isNop // not a jump: NOP, marked for markBlocks
)

var jumpKind = func() (k [256]uint8) {
	for _, op := range []opcode.Op{opcode.FOR_ITER, opcode.JUMP_FORWARD, opcode.SETUP_FINALLY,
		opcode.SETUP_WITH, opcode.SETUP_ASYNC_WITH, opcode.CALL_FINALLY} {
		k[op] = relJump
	}
	for _, op := range []opcode.Op{opcode.JUMP_ABSOLUTE, opcode.POP_JUMP_IF_FALSE, opcode.POP_JUMP_IF_TRUE,
		opcode.JUMP_IF_FALSE_OR_POP, opcode.JUMP_IF_TRUE_OR_POP} {
		k[op] = absJump
	}
	k[nop] = isNop
	return k
}()

// rewritable marks the instructions the optimizer's loop looks at, and
// those after which a LOAD_CONST is one; it passes over the others.
var rewritable = func() (r [256]uint8) {
	for _, op := range []opcode.Op{opcode.BUILD_TUPLE, opcode.RETURN_VALUE,
		opcode.JUMP_IF_FALSE_OR_POP, opcode.JUMP_IF_TRUE_OR_POP, opcode.POP_JUMP_IF_FALSE,
		opcode.POP_JUMP_IF_TRUE, opcode.JUMP_FORWARD, opcode.JUMP_ABSOLUTE} {
		r[op] = always
	}
	r[opcode.EXTENDED_ARG] = afterConst
	return r
}()

// Kinds of instructions for the loop's scan.
const (
	never = iota
	always
	// afterConst: not looked at, but a LOAD_CONST before it is, as
	// before any of constRuleNext.
	afterConst
)

// constRuleNext marks what may follow a LOAD_CONST that starts a rule:
// the test of "while 1", or a prefix; the scan stops at them, not at
// the LOAD_CONSTs (a fifth of the code). (The constants a BUILD_TUPLE
// folds are found from it: a loop that visited each would count them.)
var constRuleNext = func() (r [256]bool) {
	for _, op := range []opcode.Op{opcode.POP_JUMP_IF_FALSE, opcode.EXTENDED_ARG} {
		r[op] = true
	}
	return r
}()

func jumpsOnTrue(op byte) bool {
	return op == byte(opcode.POP_JUMP_IF_TRUE) || op == byte(opcode.JUMP_IF_TRUE_OR_POP)
}

// findOp skips EXTENDED_ARG units from i to the instruction they prefix.
func (p *optimizer) findOp(i int) int {
	for i < p.n && p.op(i) == extendedArg {
		i++
	}
	return i
}

// opStart returns where the instruction at i starts: at its first
// EXTENDED_ARG prefix, if any.
func (p *optimizer) opStart(i int) int {
	for i >= 1 && p.op(i-1) == extendedArg {
		i--
	}
	return i
}

// arg returns the full argument of the instruction at i, gathering up to
// three EXTENDED_ARG prefixes.
func (p *optimizer) arg(i int) uint32 {
	a := uint32(p.c[2*i+1])
	if i >= 1 && p.op(i-1) == extendedArg {
		a |= uint32(p.c[2*(i-1)+1]) << 8
		if i >= 2 && p.op(i-2) == extendedArg {
			a |= uint32(p.c[2*(i-2)+1]) << 16
			if i >= 3 && p.op(i-3) == extendedArg {
				a |= uint32(p.c[2*(i-3)+1]) << 24
			}
		}
	}
	return a
}

// jumpTarget is the unit index the jump at i goes to, or -1 when it lies
// outside the code.
func (p *optimizer) jumpTarget(i int) int {
	t := int(p.arg(i) / 2)
	if !isAbsJump(p.op(i)) {
		t += i + 1
	}
	if t < 0 || t >= p.n {
		return -1
	}
	return t
}

func instrSize(a uint32) int {
	switch {
	case a <= 0xff:
		return 1
	case a <= 0xffff:
		return 2
	case a <= 0xffffff:
		return 3
	}
	return 4
}

// writeOpArg writes op with argument a over ilen units starting at i.
func (p *optimizer) writeOpArg(i int, op byte, a uint32, ilen int) {
	for k := ilen - 1; k >= 1; k-- {
		p.set(i, extendedArg, byte(a>>(8*uint(k))))
		i++
	}
	p.set(i, op, byte(a))
}

// fillNops overwrites units [start, end) with NOP; like memset, the
// argument bytes become NOP too.
func (p *optimizer) fillNops(start, end int) {
	if start < end {
		p.wroteNop = true
		p.runs = append(p.runs, nopRun{start: int32(start), end: int32(end)})
	}
	for i := start; i < end; i++ {
		p.set(i, nop, nop)
	}
}

// setArg replaces the argument of the instruction at i if it fits the
// existing prefixes; it returns the instruction's new index or -1.
func (p *optimizer) setArg(i int, a uint32) int {
	cur := p.arg(i)
	if cur == a {
		return i
	}
	curLen, newLen := instrSize(cur), instrSize(a)
	if curLen < newLen {
		return -1
	}
	p.writeOpArg(i+1-curLen, p.op(i), a, newLen)
	p.fillNops(i+1-curLen+newLen, i+1)
	if curLen != newLen {
		p.moved = append(p.moved, int32(i-curLen+newLen+1))
	}
	return i - curLen + newLen
}

// copyOpArg writes op/a at the end of units [i, maxi), NOPs before it.
func (p *optimizer) copyOpArg(i int, op byte, a uint32, maxi int) int {
	ilen := instrSize(a)
	if i+ilen > maxi {
		return -1
	}
	p.writeOpArg(maxi-ilen, op, a, ilen)
	p.fillNops(i, maxi-ilen)
	return maxi - 1
}

// sameBlock reports whether units a and b lie in one basic block: no jump
// targets a unit after the first up to the second. (The units compared
// are always close.)
func (p *optimizer) sameBlock(a, b int) bool {
	if a > b {
		a, b = b, a
	}
	for _, m := range p.blocks[a+1 : b+1] {
		if m != 0 {
			return false
		}
	}
	return true
}

// lastConstStart scans back from i over n LOAD_CONSTs (and their
// prefixes) and returns where the first one starts, or -1. As CPython's
// count of the constants its loop passed, it counts none a fold made:
// the loop passed a BUILD_TUPLE there.
func (p *optimizer) lastConstStart(i, n int) int {
	for {
		i--
		if i <= p.foldAt {
			return -1
		}
		switch p.op(i) {
		case byte(opcode.LOAD_CONST):
			n--
			if n == 0 {
				for i > 0 && p.op(i-1) == extendedArg {
					i--
				}
				return i
			}
		case extendedArg:
		default:
			return -1
		}
	}
}

// foldTuple replaces n LOAD_CONSTs starting at start and the BUILD_TUPLE
// ending before end with one LOAD_CONST of a new constant tuple.
func (p *optimizer) foldTuple(start, end, n int) bool {
	var t *marshal.Tuple
	if p.tuples != nil {
		t = p.tuples.NewTuple(n)
	} else {
		t = &marshal.Tuple{Items: make([]marshal.Object, n)}
	}
	pos := start
	for k := 0; k < n; k, pos = k+1, pos+1 {
		pos = p.findOp(pos)
		if pos >= end || p.op(pos) != byte(opcode.LOAD_CONST) {
			return false
		}
		a := int(p.arg(pos))
		if a >= len(p.consts) {
			return false
		}
		t.Items[k] = p.consts[a]
	}
	index := len(p.consts)
	p.consts = append(p.consts, t)
	p.copyOpArg(start, byte(opcode.LOAD_CONST), uint32(index), end)
	return true
}

// nextRewritable returns the first unit from i on that starts a rule the
// loop looks at, or the number of units. The scan is a loop of its own,
// on few registers: most units start none. When the last unit is one it
// stops at (mostly the final RETURN_VALUE), the scan needs no bound test.
func nextRewritable(c []byte, i int) int {
	n := len(c) / 2
	base := unsafe.Pointer(unsafe.SliceData(c)) // units below n are in c
	for i < n {
		j := i
		if rewritable[c[2*n-2]] == always {
			// Two units a step (the second is in c when the first is not
			// the last).
			p := unsafe.Add(base, 2*i)
			for rewritable[*(*byte)(p)]|rewritable[*(*byte)(unsafe.Add(p, 2))] == never {
				p = unsafe.Add(p, 4)
			}
			if rewritable[*(*byte)(p)] == never {
				p = unsafe.Add(p, 2)
			}
			j = int(uintptr(p)-uintptr(base)) / 2
		} else {
			for j < n && rewritable[*(*byte)(unsafe.Add(base, 2*j))] == never {
				j++
			}
			if j == n {
				// A LOAD_CONST that ends the code is looked at.
				if c[2*n-2] == byte(opcode.LOAD_CONST) && n-1 >= i {
					return n - 1
				}
				return n
			}
		}
		// (j < n: the unit and, when j > i, the one before are in c.)
		p := unsafe.Add(base, 2*j)
		op := *(*byte)(p)
		if j > i && *(*byte)(unsafe.Add(p, -2)) == byte(opcode.LOAD_CONST) && constRuleNext[op] {
			return j - 1
		}
		if rewritable[op] == always {
			return j
		}
		i = j + 1
	}
	return n
}

// nextJump returns the first unit from i on whose opcode is a jump or
// NOP, or the number of units.
func nextJump(c []byte, i int) int {
	for j := 2 * i; j < len(c); j += 2 {
		if jumpKind[c[j]] != notJump {
			return j / 2
		}
	}
	return len(c) / 2
}

// markBlocks marks the units that jumps target, which start basic blocks:
// blocks[i] is 1 for them, else 0.
func (p *optimizer) markBlocks() bool {
	if cap(p.blocks) < p.n {
		p.blocks = make([]int32, p.n)
	}
	p.blocks = p.blocks[:p.n]
	clear(p.blocks)
	if p.knownTargets {
		c, blocks := p.c[:2*p.n], p.blocks
		for _, after := range p.jumpAt {
			i := int(after) - 1
			if uint(i) >= uint(len(blocks)) {
				return false
			}
			kind, j := jumpKind[c[2*i]], uint32(c[2*i+1])
			if i > 0 && c[2*i-2] == extendedArg {
				if _, j = prefixedArg(c, int32(i)); j > 1<<31 {
					return false
				}
			}
			t := int(j / 2)
			if kind == relJump {
				t += i + 1
			} else if kind != absJump {
				return false
			}
			if uint(t) >= uint(len(blocks)) {
				return false
			}
			blocks[t] = 1
		}
		return true
	}
	c := p.c[:2*p.n]
	p.scanned = p.scanned[:0]
	for i := 0; ; i++ {
		i = nextJump(c, i)
		if i == p.n {
			break
		}
		if jumpKind[c[2*i]] == isNop {
			p.hadNop = true
			p.runs = append(p.runs, nopRun{start: int32(i), end: int32(i + 1)})
			continue
		}
		if p.arg(i)%2 != 0 {
			p.oddJump = true // retargeting would round it
		}
		t := p.jumpTarget(i)
		if t < 0 {
			return false
		}
		p.blocks[t] = 1
		p.scanned = append(p.scanned, int32(i+1))
	}
	return true
}

// hasLongStep reports whether the line table has a byte step of 255.
// Such bytes are rare: they are searched for, line deltas of -1 skipped.
func hasLongStep(lnotab []byte) bool {
	for i := 0; ; i++ {
		j := bytes.IndexByte(lnotab[i:], 255)
		if j < 0 {
			return false
		}
		i += j
		if i%2 == 0 && i+1 < len(lnotab) {
			return true
		}
	}
}

func (p *optimizer) run(code, lnotab []byte) ([]byte, []marshal.Object, []byte, bool) {
	// Line tables with address steps of 255 need multi-byte entries, which
	// the optimizer does not handle.
	oddStep := false
	if p.knownTargets {
		if hasLongStep(lnotab) {
			return code, p.consts, lnotab, true
		}
	} else {
		for i := 0; i+1 < len(lnotab); i += 2 {
			if lnotab[i] == 255 {
				return code, p.consts, lnotab, true
			}
			oddStep = oddStep || lnotab[i]&1 != 0
		}
	}
	if len(code)%2 != 0 || len(lnotab)%2 != 0 {
		return nil, nil, nil, false
	}
	// p.c is code, edited in place and finally compacted into the result.
	p.c = code
	p.n = len(code) / 2
	if !p.markBlocks() {
		return nil, nil, nil, false
	}
	if !p.knownTargets {
		p.jumpAt = p.scanned
	}

	// A rewritten conditional jump is revisited, once per step along a
	// chain of jumps. Chains are at most n long; only a cycle (which
	// CPython's compiler never emits, and on which CPython would loop
	// forever) revisits more often, and makes us give up.
	last, revisits := -1, 0
	// Most instructions start no pattern: the loop goes from one unit
	// that may to the next, past the others (and prefixes).
	for i, nexti := nextRewritable(p.c[:2*p.n], 0), 0; i < p.n; i = nextRewritable(p.c[:2*p.n], nexti) {
		op := p.op(i)
		if i <= last {
			if revisits++; revisits > p.n+2 {
				return nil, nil, nil, false
			}
		} else {
			revisits = 0
		}
		last = i
		nexti = i + 1
		if nexti < p.n && p.op(nexti) == extendedArg {
			nexti = p.findOp(nexti)
		}
		var nextop byte
		if nexti < p.n {
			nextop = p.op(nexti)
		}

		switch opcode.Op(op) {
		case opcode.LOAD_CONST:
			// A true constant tested by POP_JUMP_IF_FALSE ("while 1")
			// disappears with its test.
			if nextop != byte(opcode.POP_JUMP_IF_FALSE) || i+1 >= p.n {
				break
			}
			opStart := p.opStart(i)
			if !p.sameBlock(opStart, i+1) {
				break
			}
			a := int(p.arg(i))
			if a >= len(p.consts) {
				return nil, nil, nil, false
			}
			if marshal.Truth(p.consts[a]) {
				p.fillNops(opStart, nexti+1)
			}

		case opcode.BUILD_TUPLE:
			opStart := p.opStart(i)
			j := int(p.arg(i))
			if j > 0 {
				h := p.lastConstStart(opStart, j)
				if h >= 0 && p.sameBlock(h, opStart) {
					if p.foldTuple(h, i+1, j) {
						p.foldAt = i
					}
					break
				}
			}
			if nextop != byte(opcode.UNPACK_SEQUENCE) || i+1 >= p.n || !p.sameBlock(opStart, i+1) ||
				uint32(j) != p.arg(nexti) {
				break
			}
			switch {
			case j < 2:
				p.fillNops(opStart, nexti+1)
			case j == 2:
				p.set(opStart, byte(opcode.ROT_TWO), 0)
				p.fillNops(opStart+1, nexti+1)
			case j == 3:
				p.set(opStart, byte(opcode.ROT_THREE), 0)
				p.set(opStart+1, byte(opcode.ROT_TWO), 0)
				p.fillNops(opStart+2, nexti+1)
			}

		case opcode.JUMP_IF_FALSE_OR_POP, opcode.JUMP_IF_TRUE_OR_POP, opcode.POP_JUMP_IF_FALSE,
			opcode.POP_JUMP_IF_TRUE, opcode.JUMP_FORWARD, opcode.JUMP_ABSOLUTE:
			opStart := p.opStart(i)
			if op == byte(opcode.JUMP_IF_FALSE_OR_POP) || op == byte(opcode.JUMP_IF_TRUE_OR_POP) {
				// A test jumping to a test: when the second is decided by
				// the first, jump straight to its outcome.
				tgt := p.findOp(int(p.arg(i) / 2))
				if tgt >= p.n {
					return nil, nil, nil, false
				}
				if j := p.op(tgt); isCondJump(j) {
					var h int
					if jumpsOnTrue(j) == jumpsOnTrue(op) {
						h = p.setArg(i, p.arg(tgt))
					} else {
						h = p.setArg(i, uint32(tgt+1)*2)
						if op == byte(opcode.JUMP_IF_TRUE_OR_POP) {
							j = byte(opcode.POP_JUMP_IF_TRUE)
						} else {
							j = byte(opcode.POP_JUMP_IF_FALSE)
						}
					}
					if h >= 0 {
						nexti = h
						p.save()
						p.c[2*h] = j
						break
					}
				}
			}
			// Jumps to unconditional jumps go to their target; an
			// unconditional jump to a return becomes the return.
			tgt := p.jumpTarget(i)
			if tgt < 0 {
				return nil, nil, nil, false
			}
			tgt = p.findOp(tgt)
			if tgt >= p.n {
				return nil, nil, nil, false
			}
			if isUncondJump(op) && p.op(tgt) == byte(opcode.RETURN_VALUE) {
				p.set(opStart, byte(opcode.RETURN_VALUE), 0)
				p.fillNops(opStart+1, i+1)
			} else if isUncondJump(p.op(tgt)) {
				t2 := p.jumpTarget(tgt)
				if t2 < 0 {
					return nil, nil, nil, false
				}
				a := t2
				if op == byte(opcode.JUMP_FORWARD) {
					op = byte(opcode.JUMP_ABSOLUTE) // an absolute jump may go backwards
				} else if !isAbsJump(op) {
					if a < i+1 {
						break
					}
					a -= i + 1
				}
				p.copyOpArg(opStart, op, uint32(a)*2, i+1)
			}

		case opcode.RETURN_VALUE:
			// Drop the rest of the block after a return, but keep
			// END_FINALLY and SETUP_FINALLY, which frame line jumps and
			// block balancing rely on.
			h := i + 1
			for h < p.n && p.blocks[h] == 0 && p.op(h) != byte(opcode.END_FINALLY) {
				if p.op(h) == byte(opcode.SETUP_FINALLY) {
					for h > i+1 && p.op(h-1) == extendedArg {
						h--
					}
					break
				}
				h++
			}
			if h > i+1 {
				p.fillNops(i+1, h)
				nexti = p.findOp(h)
			}
		}
	}

	if p.keepNops {
		return p.c, p.consts, lnotab, true
	}
	// Code without NOPs, which the loop left alone or rewrote without
	// leaving any, keeps every jump argument (even ones map to
	// themselves) and, when all its steps are even, its line table: it is
	// its own result. (Over a third of the code rewritten leaves no NOP.)
	if !p.wroteNop && !p.hadNop && !p.oddJump && !oddStep && (p.n == 0 || p.op(p.n-1) != extendedArg) {
		return p.c, p.consts, lnotab, true
	}

	code, lt, ok := p.finish(lnotab, oddStep)
	return code, p.consts, lt, ok
}

// nopRun is a range of NOP units: [start, end), with before NOPs ahead
// of it and, once mergeRuns counted them, the drop EXTENDED_ARG units
// just before it, which go with it, and gone units removed from the code
// ahead of those.
type nopRun struct{ start, end, before, drop, gone int32 }

// finish removes the NOPs (those of the input and the loop's, noted as
// ranges) and retargets the jumps (those of jumpAt, and those setArg
// moved) and the line table: the code between the ranges moves a segment
// at a time, and jump targets and line starts are mapped through the
// ranges; no unit is scanned or mapped on its own.
//
// As CPython's, the map counts NOPs only: the prefixes of a NOP leave the
// code but keep their places in the map.
func (p *optimizer) finish(lnotab []byte, oddStep bool) (code, lt []byte, ok bool) {
	c, n := p.c[:2*p.n], p.n
	runs := mergeRuns(c, p.runs)
	p.runs = runs
	p.save()
	w, prev := int32(0), int32(0)
	for _, r := range runs[:len(runs)-1] {
		if from := r.start - r.drop; w != prev {
			copy(c[2*w:], c[2*prev:2*from])
		}
		w += r.start - r.drop - prev
		prev = r.end
	}
	if w != prev {
		copy(c[2*w:], c[2*prev:])
	}
	w += int32(n) - prev
	// The jumps, moved whole, get their new arguments: those listed
	// (mostly in order: the range of each is found from the last one's)
	// and those setArg moved.
	jumpAt := p.jumpAt
	if len(p.moved) > 0 {
		// (A jump moved left a NOP where the list has it.)
		p.moved = append(p.moved, p.jumpAt...)
		jumpAt = p.moved
	}
	// A prefix that ends the code is malformed, found after every jump.
	bad := int32(n) + 1
	if n > 0 && c[2*n-2] == extendedArg {
		bad = int32(n)
	}
	if oddStep {
		roundSteps(lnotab)
	}
	switch retargetRuns(c, runs, jumpAt, bad) {
	case malformed:
		return nil, nil, false
	case tooLong:
		// CPython gives up here, after it already rewrote the line
		// table and appended constants.
		copy(p.code, p.origCode)
		if !remapRuns(lnotab, runs, n) {
			return nil, nil, false
		}
		return p.code, lnotab, true
	}
	if !remapRuns(lnotab, runs, n) {
		return nil, nil, false
	}
	return c[:2*w], lnotab, true
}

// What retargetRuns found.
const (
	retargeted = iota
	tooLong    // a jump no longer fits its prefixes
	malformed  // a jump goes out of the code, or has too many prefixes
)

// retargetRuns writes the new arguments of the jumps whose opcodes were
// before the units jumpAt (before the NOP ranges were removed from c). The
// units mostly come in order: each one's range is found from the last
// one's. As CPython's pass in code order, it reports malformed code (from
// unit bad on, if less than the units) only if no jump before it is too
// long.
func retargetRuns(c []byte, runs []nopRun, jumpAt []int32, bad int32) int {
	n := int32(len(c) / 2)
	long := n + 1
	k, last := 0, int32(-1)
	for _, after := range jumpAt {
		at := after - 1
		if at < last {
			k = 0
		}
		last = at
		for runs[k].end <= at {
			k++
		}
		if runs[k].start <= at {
			continue // a NOP now
		}
		i := int(at - runs[k].gone)
		op := c[2*i]
		kind := jumpKind[op]
		if kind != relJump && kind != absJump {
			continue // rewritten (a return, a NOP)
		}
		ilen, j := int32(1), uint32(c[2*i+1])
		if i > 0 && c[2*i-2] == extendedArg {
			if ilen, j = prefixedArg(c, int32(i)); ilen > 4 {
				bad = min(bad, at)
				continue
			}
		}
		t, sub := int32(j/2), int32(0)
		if kind == relJump {
			t += at + 1
			sub = at - runs[k].before + 1 // (its place in the map)
		}
		if uint32(t) >= uint32(n) {
			bad = min(bad, at)
			continue
		}
		a := uint32((mapUnit(runs, t) - sub) * 2)
		if instrSize(a) > int(ilen) {
			long = min(long, at)
			continue
		}
		c[2*i+1] = byte(a)
		for k := 1; k < int(ilen); k++ {
			c[2*(i-k)+1] = byte(a >> (8 * uint(k)))
		}
	}
	switch {
	case long < bad:
		return tooLong
	case bad <= n:
		return malformed
	}
	return retargeted
}

// prefixedArg returns the length in units of the instruction whose
// opcode is at unit i, and its argument; a length of more than 4 (with
// an argument of all ones) is too many prefixes.
func prefixedArg(c []byte, i int32) (int32, uint32) {
	ilen, j := int32(1), uint32(c[2*i+1])
	for i >= ilen && c[2*(i-ilen)] == extendedArg {
		if ilen == 4 {
			return 5, 1<<32 - 1
		}
		j |= uint32(c[2*(i-ilen)+1]) << (8 * uint(ilen))
		ilen++
	}
	return ilen, j
}

// mergeRuns sorts the NOP ranges (mostly in order), merges those that
// overlap or touch, counts the NOPs and the prefixes before each, and
// ends them with a sentinel range past the code (which maps every unit
// after the last).
func mergeRuns(c []byte, runs []nopRun) []nopRun {
	for i := 1; i < len(runs); i++ {
		for k := i; k > 0 && runs[k].start < runs[k-1].start; k-- {
			runs[k], runs[k-1] = runs[k-1], runs[k]
		}
	}
	m, nops, gone := 0, int32(0), int32(0)
	for _, r := range runs {
		if m > 0 && r.start <= runs[m-1].end {
			if last := &runs[m-1]; r.end > last.end {
				nops += r.end - last.end
				gone += r.end - last.end
				last.end = r.end
			}
			continue
		}
		drop := int32(0)
		for r.start > drop && c[2*(r.start-drop)-2] == extendedArg {
			drop++
		}
		runs[m] = nopRun{r.start, r.end, nops, drop, gone}
		nops += r.end - r.start
		gone += drop + r.end - r.start
		m++
	}
	n := int32(len(c) / 2)
	return append(runs[:m], nopRun{n, n + 1, nops, 0, gone})
}

// mapUnit is the index unit u has once the NOP ranges are removed (a
// NOP's is that of the unit after its range). runs ends with mergeRuns'
// sentinel.
func mapUnit(runs []nopRun, u int32) int32 {
	lo, hi := 0, len(runs)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if runs[m].end <= u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	r := &runs[lo]
	nb := r.before
	if r.start <= u {
		nb += u - r.start
	}
	return u - nb
}

// roundSteps makes the line table's byte steps even, as mapping its
// starts to units does (code from elsewhere than the compiler may have
// odd ones).
func roundSteps(lnotab []byte) {
	cum, last := 0, 0
	for i := 0; i+1 < len(lnotab); i += 2 {
		cum += int(lnotab[i])
		lnotab[i] = byte(cum&^1 - last)
		last = cum &^ 1
	}
}

// remapRuns rewrites the line table's byte steps (all even), in place, to
// the offsets its starts have once the NOP ranges are removed; false if
// it goes past the code. The line starts come in order, and walk the
// ranges with them; a step keeps its size while no NOP comes between its
// ends, which most steps do (below limit, the next range's start).
func remapRuns(lnotab []byte, runs []nopRun, n int) bool {
	k, cum, shift := 0, uint(0), int32(0) // shift: the NOPs before the last start
	limit := runs[0].start
	for i := 0; i+1 < len(lnotab); i += 2 {
		cum += uint(lnotab[i])
		u := int32(cum / 2)
		if u < limit {
			continue
		}
		if cum/2 >= uint(n) {
			return false
		}
		for runs[k].end <= u {
			k++
		}
		r := &runs[k]
		sh := r.before
		limit = r.start
		if r.start <= u {
			// A NOP: it maps to the unit after its range, as will a start
			// after it in the range.
			sh += u - r.start
			limit = -1
		}
		lnotab[i] -= byte(2 * (sh - shift))
		shift = sh
	}
	return true
}
