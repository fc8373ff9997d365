package codegen

import (
	"math"
	"math/bits"
	"runtime"
	"unsafe"

	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/compile/peephole"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/marshal"
)

// invalidEffect marks an opcode the compiler never emits.
const invalidEffect = math.MaxInt32

// stackEffect is compile.c's stack_effect for 3.8. jump: 0 fall through,
// 1 jump taken, -1 the maximum of both.
func stackEffect(op opcode.Op, arg int, jump int) int {
	switch op {
	case opcode.NOP, opcode.EXTENDED_ARG:
		return 0
	case opcode.POP_TOP:
		return -1
	case opcode.ROT_TWO, opcode.ROT_THREE, opcode.ROT_FOUR:
		return 0
	case opcode.DUP_TOP:
		return 1
	case opcode.DUP_TOP_TWO:
		return 2
	case opcode.UNARY_POSITIVE, opcode.UNARY_NEGATIVE, opcode.UNARY_NOT, opcode.UNARY_INVERT:
		return 0
	case opcode.SET_ADD, opcode.LIST_APPEND:
		return -1
	case opcode.MAP_ADD:
		return -2
	case opcode.BINARY_POWER, opcode.BINARY_MULTIPLY, opcode.BINARY_MATRIX_MULTIPLY, opcode.BINARY_MODULO,
		opcode.BINARY_ADD, opcode.BINARY_SUBTRACT, opcode.BINARY_SUBSCR, opcode.BINARY_FLOOR_DIVIDE,
		opcode.BINARY_TRUE_DIVIDE, opcode.INPLACE_FLOOR_DIVIDE, opcode.INPLACE_TRUE_DIVIDE,
		opcode.INPLACE_ADD, opcode.INPLACE_SUBTRACT, opcode.INPLACE_MULTIPLY, opcode.INPLACE_MATRIX_MULTIPLY,
		opcode.INPLACE_MODULO:
		return -1
	case opcode.STORE_SUBSCR:
		return -3
	case opcode.DELETE_SUBSCR:
		return -2
	case opcode.BINARY_LSHIFT, opcode.BINARY_RSHIFT, opcode.BINARY_AND, opcode.BINARY_XOR, opcode.BINARY_OR,
		opcode.INPLACE_POWER:
		return -1
	case opcode.GET_ITER:
		return 0
	case opcode.PRINT_EXPR:
		return -1
	case opcode.LOAD_BUILD_CLASS:
		return 1
	case opcode.INPLACE_LSHIFT, opcode.INPLACE_RSHIFT, opcode.INPLACE_AND, opcode.INPLACE_XOR, opcode.INPLACE_OR:
		return -1
	case opcode.SETUP_WITH:
		if jump != 0 {
			return 6
		}
		return 1
	case opcode.WITH_CLEANUP_START:
		return 2
	case opcode.WITH_CLEANUP_FINISH:
		return -3
	case opcode.RETURN_VALUE:
		return -1
	case opcode.IMPORT_STAR:
		return -1
	case opcode.SETUP_ANNOTATIONS:
		return 0
	case opcode.YIELD_VALUE:
		return 0
	case opcode.YIELD_FROM:
		return -1
	case opcode.POP_BLOCK:
		return 0
	case opcode.POP_EXCEPT:
		return -3
	case opcode.END_FINALLY, opcode.POP_FINALLY:
		return -6
	case opcode.STORE_NAME:
		return -1
	case opcode.DELETE_NAME:
		return 0
	case opcode.UNPACK_SEQUENCE:
		return arg - 1
	case opcode.UNPACK_EX:
		return (arg & 0xFF) + (arg >> 8)
	case opcode.FOR_ITER:
		if jump > 0 {
			return -1
		}
		return 1
	case opcode.STORE_ATTR:
		return -2
	case opcode.DELETE_ATTR:
		return -1
	case opcode.STORE_GLOBAL:
		return -1
	case opcode.DELETE_GLOBAL:
		return 0
	case opcode.LOAD_CONST, opcode.LOAD_NAME:
		return 1
	case opcode.BUILD_TUPLE, opcode.BUILD_LIST, opcode.BUILD_SET, opcode.BUILD_STRING:
		return 1 - arg
	case opcode.BUILD_LIST_UNPACK, opcode.BUILD_TUPLE_UNPACK, opcode.BUILD_TUPLE_UNPACK_WITH_CALL,
		opcode.BUILD_SET_UNPACK, opcode.BUILD_MAP_UNPACK, opcode.BUILD_MAP_UNPACK_WITH_CALL:
		return 1 - arg
	case opcode.BUILD_MAP:
		return 1 - 2*arg
	case opcode.BUILD_CONST_KEY_MAP:
		return -arg
	case opcode.LOAD_ATTR:
		return 0
	case opcode.COMPARE_OP, opcode.IMPORT_NAME:
		return -1
	case opcode.IMPORT_FROM:
		return 1
	case opcode.JUMP_FORWARD, opcode.JUMP_ABSOLUTE:
		return 0
	case opcode.JUMP_IF_TRUE_OR_POP, opcode.JUMP_IF_FALSE_OR_POP:
		if jump != 0 {
			return 0
		}
		return -1
	case opcode.POP_JUMP_IF_FALSE, opcode.POP_JUMP_IF_TRUE:
		return -1
	case opcode.LOAD_GLOBAL:
		return 1
	case opcode.SETUP_FINALLY:
		if jump != 0 {
			return 6
		}
		return 0
	case opcode.BEGIN_FINALLY:
		return 6
	case opcode.CALL_FINALLY:
		if jump != 0 {
			return 1
		}
		return 0
	case opcode.LOAD_FAST:
		return 1
	case opcode.STORE_FAST:
		return -1
	case opcode.DELETE_FAST:
		return 0
	case opcode.RAISE_VARARGS:
		return -arg
	case opcode.CALL_FUNCTION:
		return -arg
	case opcode.CALL_METHOD:
		return -arg - 1
	case opcode.CALL_FUNCTION_KW:
		return -arg - 1
	case opcode.CALL_FUNCTION_EX:
		return -1 - arg&1
	case opcode.MAKE_FUNCTION:
		// Each of the low four flags pops one more item.
		return -1 - bits.OnesCount8(uint8(arg&0xf))
	case opcode.BUILD_SLICE:
		if arg == 3 {
			return -2
		}
		return -1
	case opcode.LOAD_CLOSURE, opcode.LOAD_DEREF, opcode.LOAD_CLASSDEREF:
		return 1
	case opcode.STORE_DEREF:
		return -1
	case opcode.DELETE_DEREF:
		return 0
	case opcode.GET_AWAITABLE:
		return 0
	case opcode.SETUP_ASYNC_WITH:
		if jump != 0 {
			return -1 + 6
		}
		return 0
	case opcode.BEFORE_ASYNC_WITH:
		return 1
	case opcode.GET_AITER:
		return 0
	case opcode.GET_ANEXT:
		return 1
	case opcode.GET_YIELD_FROM_ITER:
		return 0
	case opcode.END_ASYNC_FOR:
		return -7
	case opcode.FORMAT_VALUE:
		if arg&0x4 == 0x4 {
			return -1
		}
		return 0
	case opcode.LOAD_METHOD:
		return 1
	}
	return invalidEffect
}

// varEffect marks, in fixedEffect, an opcode whose effect depends on its
// argument or on the jump (or that is never emitted).
const varEffect = math.MinInt8

// fixedEffect is stackEffect for the opcodes whose effect is a constant
// (most of them), found by probing stackEffect itself; stackdepth then
// needs no switch for them.
var fixedEffect = effectTable([]int{0, -1, 1}, []int{0, 1, 2, 3, 4, 5, 8, 15, 0x103, 0xffff})

// effectTable holds, for each opcode, its stackEffect when every probe
// (each of jumps with each of args) gives the same int8, else varEffect.
func effectTable(jumps, args []int) (t [256]int8) {
	for op := range t {
		e := stackEffect(opcode.Op(op), args[0], jumps[0])
		t[op] = int8(e)
		if e == invalidEffect || e != int(int8(e)) {
			t[op] = varEffect
			continue
		}
		for _, jump := range jumps {
			for _, arg := range args {
				if stackEffect(opcode.Op(op), arg, jump) != e {
					t[op] = varEffect
				}
			}
		}
	}
	return t
}

// linearEffect finds, by probing stackEffect, whether op's effect when
// not jumping is c0 + c1*arg for every argument (those of 3 bytes and
// more included), with c0 and c1 int8s.
func linearEffect(op opcode.Op) (c0, c1 int, ok bool) {
	c0 = stackEffect(op, 0, 0)
	if c0 == invalidEffect {
		return 0, 0, false
	}
	c1 = stackEffect(op, 1, 0) - c0
	if c0 != int(int8(c0)) || c1 != int(int8(c1)) {
		return 0, 0, false
	}
	for _, arg := range [...]int{2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 0xff, 0x100, 0x103, 0x3ff, 0xffff, 0x10000,
		0x12345, 0xffffff, 0x1000000, 0x7fffffff} {
		if stackEffect(op, arg, 0) != c0+c1*arg {
			return 0, 0, false
		}
	}
	return c0, c1, true
}

// jumpEffect is stackEffect(op, arg, 1) for the opcodes for which it is
// a constant (every jump's), else varEffect.
var jumpEffect = effectTable([]int{1}, []int{0, 1, 2, 3, 4, 5, 8, 15, 0x103, 0xffff, 0x1000000})

// takenEffect is stackEffect(in.op, in.arg, 1) for a jump.
func takenEffect(in *instr) int {
	if e := int(jumpEffect[in.op]); e != varEffect {
		return e
	}
	return stackEffect(in.op, int(in.arg), 1)
}

// exitsBlock marks the opcodes after which stackdepth ignores the rest of
// a block: no path falls through them.
var exitsBlock = [256]bool{
	opcode.JUMP_ABSOLUTE: true,
	opcode.JUMP_FORWARD:  true,
	opcode.RETURN_VALUE:  true,
	opcode.RAISE_VARARGS: true,
}

// StackEffect is PyCompile_OpcodeStackEffectWithJump; ok is false for an
// opcode the compiler never emits.
func StackEffect(op opcode.Op, arg int, jump int) (effect int, ok bool) {
	e := stackEffect(op, arg, jump)
	return e, e != invalidEffect
}

func instrSize(arg int32) int {
	switch {
	case uint32(arg) <= 0xff:
		return 1
	case uint32(arg) <= 0xffff:
		return 2
	case uint32(arg) <= 0xffffff:
		return 3
	}
	return 4
}

type assembler struct {
	blocks    []*block  // the unit's, which instructions' targets index
	jumps     []jumpRef // the unit's, which blocks' jump lists index
	code      []byte
	nblocks   int
	postorder []*block
	lnotab    []byte
	targets   []int32 // the code unit index after every jump, for peephole
	rewrites  bool    // the unit's rewrites, or a jump the optimizer may rewrite was found
	lineno    int     // line of the last emitted line entry
	linenoOff int     // code unit offset of the last line entry
	// threads: a jump goes to an unconditional jump, and nothing else
	// the optimizer rewrites was found but code after a return (which
	// peephole tests): the rule for such jumps alone then applies
	// (peephole.Optimizer.ThreadJumps), without the optimizer's full pass.
	threads bool
	// emitCode's first pass finds the stack depth (maxdepth) in layout
	// order where it can (depthOK), without stackdepth's worklist: each
	// block, as it is passed, has the deepest start that the blocks
	// before it give it (newBlock starts every block at math.MinInt32,
	// not reached). Most code jumps back only to loops' starts, at the
	// depth they have; other code, or a block whose instructions need a
	// walk, is left to the worklist.
	depthOK  bool
	maxdepth int
	grown    bool               // a jump grew in emitCode's pass
	opt      peephole.Optimizer // its tables kept from code object to code object
}

// dfs orders the blocks as compile.c's dfs does: the fall-through chain is
// laid out first, then each block's jump targets, giving a postorder
// whose reverse is the emission order.
//
// It returns the code's size, having set the blocks' offsets, when the
// chain from b is the layout (emitCode's first pass then need not find
// them), else -1.
func (a *assembler) dfs(b *block, end int) int32 {
	j := end
	total := int32(0)
	for ; b != nil && !b.seen; b = b.next {
		b.seen = true
		b.offset = total
		total += int32(len(b.instrs)) + b.ext
		j--
		a.postorder[j] = b
	}
	if j == a.nblocks {
		// Every block is placed (most code is one chain of them), so
		// none is left for a jump to lay out: the loop below would only
		// move postorder[j:end] to postorder[a.nblocks:], where it is.
		a.nblocks = end
		if j == 0 {
			return total // the chain is the layout
		}
		return -1
	}
	for j < end {
		b = a.postorder[j]
		j++
		for k := b.jump; k != 0; {
			r := &a.jumps[k-1]
			k = r.next
			// Most targets are laid out already: no call for them.
			if t := a.blocks[b.instrs[r.idx].target]; !t.seen {
				a.dfs(t, j)
			}
		}
		a.postorder[a.nblocks] = b
		a.nblocks++
	}
	return -1
}

// stackdepth finds the deepest stack over all paths; loops are assumed to
// have no net effect. Blocks are taken from the summaries emit made of
// them as far as they go.
// Most multi-block code has its depth from emitCode's first pass
// (depthOK); most other code is a chain (chainDepth).
func (c *compiler) stackdepth() int {
	blocks := c.u.blocks
	if len(blocks) == 0 {
		return 0
	}
	if a := &c.asm; a.depthOK {
		return a.maxdepth
	}
	if d, ok := chainDepth(blocks); ok {
		return d
	}
	for _, b := range blocks {
		b.startDepth = math.MinInt32
	}
	stack := c.depthStack[:0]
	push := func(b *block, depth int) {
		if int(b.startDepth) < depth {
			b.startDepth = int32(depth)
			stack = append(stack, b)
		}
	}
	maxdepth := 0
	push(blocks[0], 0)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		depth := int(b.startDepth)
		// The summary covers the instructions up to the exit, or the walk;
		// of the jumps among them, only the targets are left to push.
		if b.jump != 0 {
			end := int32(len(b.instrs))
			if b.walk != 0 {
				end = b.walk - 1
			} else if b.exited {
				end = b.end
			}
			for k := b.jump; k != 0; {
				r := &c.asm.jumps[k-1]
				if r.idx >= end {
					break
				}
				k = r.next
				in := &b.instrs[r.idx]
				targetDepth := depth + int(in.depth) + takenEffect(in)
				maxdepth = max(maxdepth, targetDepth)
				if in.op != opcode.CALL_FINALLY {
					push(blocks[in.target], targetDepth)
				}
			}
		}
		if b.walk == 0 {
			maxdepth = max(maxdepth, depth+int(b.peak))
			if !b.exited && b.next != nil {
				push(b.next, depth+int(b.net))
			}
			continue
		}
		maxdepth = max(maxdepth, depth+int(b.walkPeak))
		depth += int(b.walkNet)
		next := b.next
		for i := b.walk - 1; i < int32(len(b.instrs)); i++ {
			in := &b.instrs[i]
			info := opInfo[in.op]
			effect := int(int8(info))
			if effect == varEffect {
				if info&infoLinear != 0 {
					effect = int(int8(info>>16)) + int(int8(info>>24))*int(in.arg)
				} else if effect = stackEffect(in.op, int(in.arg), 0); effect == invalidEffect {
					c.systemError("codegen: no stack effect for " + in.op.String())
				}
			}
			newDepth := depth + effect
			if newDepth > maxdepth {
				maxdepth = newDepth
			}
			if in.jrel || in.jabs {
				targetDepth := depth + takenEffect(in)
				if targetDepth > maxdepth {
					maxdepth = targetDepth
				}
				if in.op != opcode.CALL_FINALLY {
					push(blocks[in.target], targetDepth)
				}
			}
			depth = newDepth
			if info&infoExits != 0 {
				next = nil
				break
			}
		}
		if next != nil {
			push(next, depth)
		}
	}
	c.depthStack = stack
	return maxdepth
}

// chainDepth is stackdepth for code whose blocks need no walk (no jumps,
// as in most code objects): from the entry, each falls into the next
// until one exits or none follows, and every depth is that of the path.
// ok is false for other code, or a chain longer than the blocks (a loop).
func chainDepth(blocks []*block) (maxdepth int, ok bool) {
	depth := 0
	b := blocks[0]
	for range blocks {
		if b.walk|b.jump != 0 {
			return 0, false
		}
		maxdepth = max(maxdepth, depth+int(b.peak))
		if b.exited || b.next == nil {
			return maxdepth, true
		}
		depth += int(b.net)
		b = b.next
	}
	return 0, false
}

// emitCode lays out the code: jump targets resolved to offsets, growing
// EXTENDED_ARG prefixes until the layout is stable, then the instructions
// and line table written. A pass that finds a jump grown still resolves
// the others, as every pass must. Blocks that are not laid out keep their
// jumps unresolved: nothing reads them.
//
// The jump loop makes no call, and keeps few values, so that they stay in
// registers: the units after the jumps are written at a cursor into
// a.targets, sized for every jump of the unit up front; the rewrite test
// is made inline; the rare growth of a jump is noted in memory (a.grown).
// The first pass has the offsets when dfs found them.
func (c *compiler) emitCode(a *assembler, firstlineno int, total int32) {
	if n := len(a.jumps); cap(a.targets) < n {
		a.growTargets(n)
	}
	targets := unsafe.Pointer(unsafe.SliceData(a.targets))
	jumps := unsafe.Pointer(unsafe.SliceData(a.jumps))
	blocks := unsafe.Pointer(unsafe.SliceData(a.blocks))
	postorder := unsafe.Pointer(unsafe.SliceData(a.postorder[:a.nblocks]))
	var tp unsafe.Pointer
	rw := a.rewrites
	// The first pass also finds the stack depth (see depthPass).
	a.blocks[0].startDepth = 0
	depthPass, depth, maxdepth := true, 0, 0
	for {
		if total < 0 { // the offsets are not known (see dfs), or grown
			total = 0
			for i := a.nblocks - 1; i >= 0; i-- {
				b := a.postorder[i]
				b.offset = total
				total += int32(len(b.instrs)) + b.ext
			}
		}
		a.grown = false
		tp = targets
		for i := a.nblocks - 1; i >= 0; i-- {
			b := *(**block)(unsafe.Add(postorder, uintptr(i)*unsafe.Sizeof((*block)(nil))))
			end := int32(-1) // the jumps from index end on give no depth
			if depthPass {
				b.passed = true
				if depth = int(b.startDepth); depth != math.MinInt32 {
					if b.walk != 0 {
						depthPass = false // the worklist walks it
					} else {
						end = int32(len(b.instrs))
						if b.exited {
							end = b.end
						}
						maxdepth = max(maxdepth, depth+int(b.peak))
						if t := b.next; !b.exited && t != nil && !t.give(depth+int(b.net)) {
							depthPass, end = false, -1
						}
					}
				}
			}
			if b.jump == 0 {
				continue
			}
			// The jumps before one have grown by ext units from the one
			// each pass counts them at before it.
			ext := b.offset
			instrs := unsafe.Pointer(unsafe.SliceData(b.instrs))
			for k := b.jump; k != 0; {
				r := (*jumpRef)(unsafe.Add(jumps, uintptr(k-1)*unsafe.Sizeof(jumpRef{})))
				k = r.next
				in := (*instr)(unsafe.Add(instrs, uintptr(r.idx)*unsafe.Sizeof(instr{})))
				isize := argUnits(in.arg)
				off := ext + r.pre + isize
				ext += isize - 1
				tb := *(**block)(unsafe.Add(blocks, uintptr(in.target)*unsafe.Sizeof((*block)(nil))))
				if r.idx < end {
					e := int(jumpEffect[in.op])
					d := depth + int(in.depth) + e
					maxdepth = max(maxdepth, d)
					if e == varEffect || in.op != opcode.CALL_FINALLY && !tb.give(d) {
						// (No jump the compiler emits has a varEffect:
						// the worklist would take one.)
						end = -2 // the pass stops (below)
					}
				}
				tb.targeted = true
				if rule := jumpRule[in.op]; rule != 0 && !rw {
					// Whether the optimizer may rewrite the jump (sets
					// rw), or the first instruction at tb's offset is not
					// known. An empty block's is that of the first block
					// with instructions that it falls into, if that block
					// is laid out at its offset.
					nb := tb
					for nb != nil && len(nb.instrs) == 0 {
						nb = nb.next
					}
					if nb == nil || !nb.seen || nb.offset != tb.offset {
						rw = true // unknown: the optimizer will tell
					} else {
						cls := firstClass[nb.instrs[0].op]
						if cls == uncondJump && rule != keepsJump {
							a.threads = true // a jump to a jump (rare: kept out of the registers)
						} else {
							rw = rewriteAt>>(8*rule+cls)&1 != 0
						}
					}
					if rule == popJumpIfFalse && (r.idx == 0 || (*instr)(unsafe.Add(unsafe.Pointer(in), -int(unsafe.Sizeof(instr{})))).op == opcode.LOAD_CONST) {
						rw = true // a constant may come before it
					}
				}
				*(*int32)(tp) = off // the unit after the jump
				tp = unsafe.Add(tp, 4)
				t := tb.offset
				if in.jrel {
					t -= off
				}
				in.arg = 2 * t
				if n := argUnits(in.arg); n != isize {
					// Out of the loop's registers: few jumps grow.
					b.ext += n - isize // for the next pass
					a.grown = true
				}
			}
			if end == -2 {
				depthPass = false
			}
		}
		if depthPass {
			a.depthOK, a.maxdepth = true, maxdepth
		}
		depthPass = false
		if !a.grown {
			break
		}
		total = -1
	}
	// Jumps to jumps alone make the code rewritable too: peephole then
	// rewrites them itself, if nothing else makes it so (threads).
	a.rewrites, a.threads = rw || a.threads, a.threads && !rw
	*sliceLen(unsafe.Pointer(&a.targets)) = int(uintptr(tp)-uintptr(targets)) / 4
	a.code = c.objs.data.alloc(2 * int(total)) // see makecode
	a.emitBlocks(firstlineno)
}

// argUnits is instrSize without branches: the code units of an
// instruction whose argument is arg.
func argUnits(arg int32) int32 {
	return int32(bits.Len32(uint32(arg)|1)+7) >> 3
}

// growTargets gives a.targets room for n jumps.
//
//go:noinline
func (a *assembler) growTargets(n int) {
	a.targets = make([]int32, 0, max(n, 2*cap(a.targets), 64))
}

// give gives a jump or fall-through's stack depth d to b, for emitCode's
// depth pass, and reports whether the pass can go on: not if b is passed
// already and d deeper than its start (a loop back to it at a depth its
// blocks were not passed at, or a block reached only from one after it).
func (b *block) give(d int) bool {
	if int(b.startDepth) < d {
		if b.passed {
			return false
		}
		b.startDepth = int32(d)
	}
	return true
}

// addLnotab appends the line table entry for an instruction that starts a
// line, in 3.8's encoding: (byte delta, line delta) pairs, byte deltas
// unsigned and split at 255, line deltas signed and split at -128/127.
// Out of line: emitBlocks, its main caller, adds most entries itself.
//
//go:noinline
func (a *assembler) addLnotab(offset, lineno int) {
	dBytecode := (offset - a.linenoOff) * 2
	dLineno := lineno - a.lineno
	if dBytecode == 0 && dLineno == 0 {
		return
	}
	if dBytecode > 255 {
		ncodes := dBytecode / 255
		for j := 0; j < ncodes; j++ {
			a.lnotab = append(a.lnotab, 255, 0)
		}
		dBytecode -= ncodes * 255
	}
	if dLineno < -128 || dLineno > 127 {
		var k, ncodes int
		if dLineno < 0 {
			k = -128
			ncodes = -dLineno / 128
		} else {
			k = 127
			ncodes = dLineno / 127
		}
		dLineno -= ncodes * k
		a.lnotab = append(a.lnotab, byte(dBytecode), byte(int8(k)))
		dBytecode = 0
		for j := 1; j < ncodes; j++ {
			a.lnotab = append(a.lnotab, 0, byte(int8(k)))
		}
	}
	a.lnotab = append(a.lnotab, byte(dBytecode), byte(int8(dLineno)))
	a.lineno = lineno
	a.linenoOff = offset
}

// emitBlocks writes the laid-out blocks' instructions into a.code, which
// emitCode sized exactly, and their line table (a.lnotab, from the code
// object's first line).
//
// Each block's units are checked to fit once, and then written without
// bounds checks. Most instructions start no line and have a one-byte
// argument: one load and test of the word of their arg and lineno
// (plainMask) tells them. On a little-endian machine a code unit is
// copied with one load and store.
// The last entry's line and offset are kept in locals across blocks. Most
// entries are one pair, written at a cursor (lp) into a.lnotab, which has
// room for a pair an instruction (lineRoom): its capacity is not tested.
// addLnotab takes the others.
func (a *assembler) emitBlocks(firstlineno int) {
	code := unsafe.Pointer(unsafe.SliceData(a.code))
	lineno, lineOff := firstlineno, 0 // lineOff in bytes, as pos
	a.lnotab = a.lnotab[:0]
	if n := len(a.code) + 2; cap(a.lnotab) < n {
		a.growLines(n)
	}
	lp := unsafe.Pointer(unsafe.SliceData(a.lnotab)) // a.lnotab's length is set at the end
	pos := 0
	for bi := a.nblocks - 1; bi >= 0; bi-- {
		b := a.postorder[bi]
		// (len(a.code) is read again: kept, it would take a register in
		// the loops.)
		if pos+2*(len(b.instrs)+int(b.ext)) > len(a.code) {
			panic("codegen: block does not fit the code")
		}
		// The instructions are walked by their byte offset: one add and
		// compare an instruction.
		base := unsafe.Pointer(unsafe.SliceData(b.instrs))
		end := uintptr(len(b.instrs)) * unsafe.Sizeof(instr{})
		off := uintptr(0)
		for {
			// The inner loop makes no call: an instruction that needs
			// one (EXTENDED_ARG prefixes, a line entry of more than one
			// pair) leaves it for the code after, so that the loop's
			// values are not saved on the stack in it.
			for ; off != end; off += unsafe.Sizeof(instr{}) {
				in := (*instr)(unsafe.Add(base, off))
				if w := *(*uint64)(unsafe.Add(unsafe.Pointer(in), plainOff)); w&plainMask != 0 {
					if uint32(w>>argShift) > 0xff {
						break
					}
					l := int(int32(w >> lineShift))
					dBytecode, dLineno := pos-lineOff, l-lineno
					if uint(dBytecode|(dLineno+128)) > 255 {
						break
					}
					*(*byte)(lp) = byte(dBytecode)
					*(*byte)(unsafe.Add(lp, 1)) = byte(int8(dLineno))
					lp = unsafe.Add(lp, 2)
					lineno, lineOff = l, pos
				}
				if unitLoads {
					*(*uint16)(unsafe.Add(code, pos)) = *(*uint16)(unsafe.Add(unsafe.Pointer(in), unitOff))
				} else {
					*(*byte)(unsafe.Add(code, pos)) = byte(in.op)
					*(*byte)(unsafe.Add(code, pos+1)) = byte(in.arg)
				}
				pos += 2
			}
			if off == end {
				break
			}
			in := (*instr)(unsafe.Add(base, off))
			if l := int(in.lineno); l != 0 {
				a.setLineLen(lp)
				a.lineno, a.linenoOff = lineno, lineOff/2
				a.addLnotab(pos/2, l)
				lineno, lineOff = a.lineno, 2*a.linenoOff
				lp = a.lineRoom(len(a.code) - pos)
			}
			if arg := uint32(in.arg); arg > 0xff {
				pos = extendedArgs(code, pos, arg)
			}
			*(*byte)(unsafe.Add(code, pos)) = byte(in.op)
			*(*byte)(unsafe.Add(code, pos+1)) = byte(in.arg)
			pos += 2
			off += unsafe.Sizeof(instr{})
		}
	}
	a.setLineLen(lp)
	a.lineno, a.linenoOff = lineno, lineOff/2
	// A pair at the same offset and line is no entry. The loop writes
	// every pair untested: only the first instruction can make one (the
	// offset grows by an instruction from entry to entry), when it starts
	// the first line, as few do. (addLnotab's first pair is no such one.)
	if l := a.lnotab; len(l) >= 2 && l[0]|l[1] == 0 {
		a.lnotab = l[:copy(l, l[2:])]
	}
}

// lineRoom makes room in a.lnotab for n bytes past its length, and a pair
// more (so that a cursor past those n stays in the array), and returns
// where its length ends.
func (a *assembler) lineRoom(n int) unsafe.Pointer {
	l := len(a.lnotab)
	if cap(a.lnotab)-l < n+2 {
		a.growLines(n + 2)
	}
	return unsafe.Add(unsafe.Pointer(unsafe.SliceData(a.lnotab)), l)
}

// growLines gives a.lnotab room for n bytes past its length. Out of line:
// the buffer is kept from code object to code object, and rarely grows.
//
//go:noinline
func (a *assembler) growLines(n int) {
	a.lnotab = append(a.lnotab, make([]byte, n)...)[:len(a.lnotab)]
}

// setLineLen sets a.lnotab's length to end at lp, a cursor lineRoom gave.
func (a *assembler) setLineLen(lp unsafe.Pointer) {
	*sliceLen(unsafe.Pointer(&a.lnotab)) = int(uintptr(lp) - uintptr(unsafe.Pointer(unsafe.SliceData(a.lnotab))))
}

// unitLoads tells emitBlocks to copy a code unit with one two-byte load
// and store. The load is at an odd offset (unitOff): only where the
// hardware makes such loads itself; elsewhere they trap to the kernel, or
// on older ARM cores read the wrong bytes.
const unitLoads = littleEndian && (runtime.GOARCH == "amd64" || runtime.GOARCH == "arm64" ||
	runtime.GOARCH == "386" || runtime.GOARCH == "ppc64le" || runtime.GOARCH == "wasm")

// plainMask has the bits of an instr's 8 bytes at plainOff (its arg and
// lineno) that are zero when it starts no line and its argument fits a
// byte: arg is the low half on a little-endian machine, the high one on a
// big-endian one. A constant, it leaves the loop a register.
const plainMask = ^(uint64(0xff) << argShift)

// The shifts that take arg and lineno from that word.
const (
	argShift  = 32 * (1 - littleEndianBit)
	lineShift = 32 * littleEndianBit
)

// extendedArgs writes the EXTENDED_ARG prefixes of an instruction whose
// argument is arg at code[pos:] and returns where the instruction goes.
// Out of line, as few arguments need it.
//
//go:noinline
func extendedArgs(code unsafe.Pointer, pos int, arg uint32) int {
	for s := instrSize(int32(arg)) - 1; s > 0; s-- {
		*(*byte)(unsafe.Add(code, pos)) = byte(opcode.EXTENDED_ARG)
		*(*byte)(unsafe.Add(code, pos+1)) = byte(arg >> (8 * uint(s)))
		pos += 2
	}
	return pos
}

// rewritable reports whether the peephole optimizer may rewrite the
// laid-out code: whether any of its rules' patterns is there. It answers
// true for some code the optimizer leaves alone (most it does not).
func (a *assembler) rewritable(u *unit) bool {
	// Code whose one return ends it drops no code after a return (this
	// much is inlined). The unit's count includes returns that were not
	// laid out.
	code := a.code
	return a.rewrites || (u.returns != 1 || code[len(code)-2] != byte(opcode.RETURN_VALUE)) && a.dropsAfterReturn()
}

// dropsAfterReturn reports whether code follows a return in its basic
// block, which the optimizer drops unless it is END_FINALLY or
// SETUP_FINALLY. (Code after a block's first return sets the unit's
// rewrites.)
func (a *assembler) dropsAfterReturn() bool {
	after := false // the last instruction laid out is a return
	for i := a.nblocks - 1; i >= 0; i-- {
		b := a.postorder[i]
		if after && b.targeted {
			after = false // a jump target starts a basic block
		}
		if len(b.instrs) == 0 {
			continue
		}
		if after {
			if op := b.instrs[0].op; op != opcode.END_FINALLY && op != opcode.SETUP_FINALLY {
				return true
			}
		}
		after = false
		if b.ret {
			if b.instrs[len(b.instrs)-1].op != opcode.RETURN_VALUE {
				return true
			}
			after = true
		}
	}
	return false
}

// Jumps the optimizer looks at, by opcode, for emitCode's rewrite test.
const (
	uncondJump = 1 + iota
	keepsJump  // JUMP_IF_FALSE_OR_POP, JUMP_IF_TRUE_OR_POP
	popJump
	popJumpIfFalse
)

var jumpRule = [256]uint8{
	opcode.JUMP_ABSOLUTE: uncondJump, opcode.JUMP_FORWARD: uncondJump,
	opcode.JUMP_IF_FALSE_OR_POP: keepsJump, opcode.JUMP_IF_TRUE_OR_POP: keepsJump,
	opcode.POP_JUMP_IF_TRUE: popJump, opcode.POP_JUMP_IF_FALSE: popJumpIfFalse,
}

// firstClass is jumpRule, and returnClass for RETURN_VALUE: what a jump's
// target starting with the opcode means to the optimizer.
var firstClass = func() (t [256]uint8) {
	t = jumpRule
	t[opcode.RETURN_VALUE] = returnClass
	return t
}()

const returnClass = popJumpIfFalse + 1

// rewriteAt has bit 8*rule+class set when the optimizer may rewrite a jump
// of the rule to code that starts with an opcode of the class (firstClass):
// a jump to an unconditional jump, a JUMP_IF_*_OR_POP to a conditional
// one, an unconditional jump to a return. (It may also rewrite a
// POP_JUMP_IF_FALSE after a constant, which emitCode tests.)
const rewriteAt uint64 = 1<<(8*uncondJump+uncondJump) | 1<<(8*uncondJump+returnClass) |
	1<<(8*keepsJump+uncondJump) | 1<<(8*keepsJump+keepsJump) | 1<<(8*keepsJump+popJump) | 1<<(8*keepsJump+popJumpIfFalse) |
	1<<(8*popJump+uncondJump) | 1<<(8*popJumpIfFalse+uncondJump)

// assemble finishes the unit: an implicit "return None" when the code can
// fall off its end, block layout, jumps, line table, then makecode.
func (c *compiler) assemble(addNone bool) *marshal.Code {
	u := c.u
	entry := u.blocks[0]
	if u.firstlineno == 0 {
		if len(entry.instrs) > 0 && entry.instrs[0].lineno != 0 {
			u.firstlineno = entry.instrs[0].lineno
		} else {
			u.firstlineno = 1
		}
	}
	if !c.cur.ret {
		// compile.c starts a block for the return, which falls out of
		// the current one and is laid out right after it, as the current
		// block's next always is: appended to the current block, it makes
		// the same code, stack depth and line table without a block to
		// lay out. (The entry's first line was taken before: a block the
		// return starts would leave an empty entry empty.)
		c.cur.next = nil // the return's block would replace it
		if addNone {
			c.loadNone()
		}
		c.addReturn()
	}
	// The fields emitCode sets (code, lnotab, targets, the line) are left
	// to it: the assembler is not rebuilt whole for every code object.
	a := &c.asm
	a.blocks, a.jumps = u.blocks, u.jumps
	a.nblocks, a.rewrites, a.threads, a.depthOK = 0, u.rewrites, false, false
	if n := len(u.blocks); n <= cap(a.postorder) {
		a.postorder = a.postorder[:n]
	} else {
		a.postorder = make([]*block, n, 2*n)
	}
	if len(u.blocks) == 1 && entry.jump == 0 {
		c.layOne(a, entry, int(u.firstlineno))
	} else {
		c.emitCode(a, int(u.firstlineno), a.dfs(entry, len(u.blocks)))
	}
	return c.makecode(a)
}

// layOne is dfs and emitCode for code of one block without jumps, most
// code objects (three in five): the block is the layout, its size is
// known, and no jump is resolved.
func (c *compiler) layOne(a *assembler, b *block, firstlineno int) {
	b.seen = true
	a.postorder[0] = b
	a.nblocks = 1
	b.offset = 0
	a.targets = a.targets[:0]
	total := len(b.instrs) + int(b.ext)
	a.code = c.objs.data.alloc(2 * total)
	a.emitBlocks(firstlineno)
}

// strTuple is the merged tuple of d's names, hashed from the names'
// hashes d folded. Most code objects have no cell or free variables: their
// empty tuples need no hash.
func (c *compiler) strTuple(d *nameDict) *marshal.Tuple {
	if len(d.list) == 0 {
		return c.emptyTuple
	}
	return c.mergeNames(d)
}

// mergeNames is strTuple of names: one copy shared by makecode's four
// calls rather than inlined into each.
//
//go:noinline
func (c *compiler) mergeNames(d *nameDict) *marshal.Tuple {
	h := tupleHash(d.acc, len(d.list))
	c.scratch.Items = d.list
	t, _, s := c.cache.findTupleH(&c.scratch, h)
	c.scratch.Items = nil
	if t == nil {
		t = c.newTuple(d.list)
		c.cache.insert(s, h, t)
		s.idx = internedNames
		return t
	}
	if s.unit == 0 && s.idx == internedNames {
		return t
	}
	// PyCode_New interns the strings of a names tuple in place
	// (intern_strings). The tuple found may be a constant, such as
	// keyword-only defaults' names, whose strings were not interned: a
	// non-ASCII name's literal. Those items become the interned objects,
	// in the constant too.
	for i, it := range t.Items {
		if str, ok := it.(*marshal.Str); ok && !str.Interned {
			t.Items[i] = c.internObj(str)
		}
	}
	if s.unit == 0 {
		s.idx = internedNames
	}
	return t
}

// mergeItems is merge_const_tuple (the non-recursive merge of a finished
// tuple: names, varnames, the consts tuple...) of a tuple of items, which
// may be scratch storage: the tuple is only built, from a copy, when the
// cache has no equal one. h is the tuple's hash, which it also returns.
func (c *compiler) mergeItems(items []marshal.Object, h uint64) (*marshal.Tuple, uint64) {
	if len(items) == 0 {
		// Every empty tuple merges to this one, whether or not the cache
		// holds it yet: no lookup is needed.
		return c.emptyTuple, h
	}
	c.scratch.Items = items
	t, _, s := c.cache.findTupleH(&c.scratch, h)
	c.scratch.Items = nil
	if t != nil {
		return t, h
	}
	t = c.newTuple(items)
	c.cache.insert(s, h, t)
	return t, h
}

// futureMask is PyCF_MASK: the future flags code objects inherit.
const futureMask = marshal.CoFutureDivision | marshal.CoFutureAbsoluteImport | marshal.CoFutureWithStatement |
	marshal.CoFuturePrintFunction | marshal.CoFutureUnicodeLiterals | marshal.CoFutureBarryAsBDFL |
	marshal.CoFutureGeneratorStop | marshal.CoFutureAnnotations

// internedConsts, as the idx of a constSlot whose unit is 0 (no unit
// has loaded it as a constant), marks a tuple internConsts has been
// through: interning its strings again would change nothing.
const internedConsts = -1

// internedNames, likewise, marks a tuple whose strings are all interned
// (a names tuple, or a constant one mergeNames has interned).
const internedNames = -2

// mergeConsts is mergeItems for a code object's constants (hash h), which
// PyCode_New then interns (intern_string_constants); the constants of
// most code objects are a tuple found in the cache, mostly one interned
// for an earlier code object already.
func (c *compiler) mergeConsts(items []marshal.Object, h uint64) *marshal.Tuple {
	if len(items) == 0 {
		return c.emptyTuple
	}
	c.scratch.Items = items
	t, _, s := c.cache.findTupleH(&c.scratch, h)
	c.scratch.Items = nil
	if t == nil {
		t = c.newTuple(items)
		c.cache.insert(s, h, t)
	} else if s.unit == 0 && s.idx == internedConsts {
		return t
	}
	c.internConsts(t.Items)
	if s.unit == 0 {
		s.idx = internedConsts
	}
	return t
}

// generatorFlags is the flag of a function by its Generator and
// Coroutine bits (1 and 2).
var generatorFlags = [4]int32{0, marshal.CoGenerator, marshal.CoCoroutine, marshal.CoAsyncGenerator}

// codeFlags is compute_code_flags. Written with few branches: its code
// runs once per code object, mostly out of the instruction cache.
func (c *compiler) codeFlags() int32 {
	ste := c.u.ste
	flags := int32(c.fut.Flags & futureMask)
	if ste.Type == symtable.FunctionBlock {
		flags |= marshal.CoNewLocals | marshal.CoOptimized |
			int32(b2i(ste.Nested))*marshal.CoNested |
			generatorFlags[b2i(ste.Generator)|b2i(ste.Coroutine)<<1] |
			int32(b2i(ste.VarArgs))*marshal.CoVarArgs |
			int32(b2i(ste.VarKeywords))*marshal.CoVarKeywords
	}
	return flags
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// peephole is makecode's part for code the optimizer may rewrite (kept
// out of line: most code objects have none). The optimizer rewrites the
// assembler's buffers in place, and appends folded constants to the
// unit's, which are hashed now; the results are then copied out. It
// returns the code, line table, merged constants and their hash.
//
//go:noinline
func (c *compiler) peephole(a *assembler) (code, lnotab []byte, constTuple *marshal.Tuple, hConsts uint64) {
	u := c.u
	if a.threads && !((u.returns != 1 || a.code[len(a.code)-2] != byte(opcode.RETURN_VALUE)) && a.dropsAfterReturn()) &&
		a.opt.ThreadJumps(a.code, a.lnotab, a.targets) {
		// As makecode's code left alone: in place, the constants as added.
		hConsts = tupleHash(u.constsAcc, len(u.constList))
		return a.code, a.lnotab, c.mergeConsts(u.constList, hConsts), hConsts
	}
	n := len(u.constList)
	code, consts, lnotab := a.opt.OptimizeTargets(a.code, u.constList, a.lnotab, a.targets, c.objs)
	hConsts = u.constsAcc
	for _, o := range consts[n:] {
		hConsts = fold(hConsts, c.cache.hash(o))
	}
	hConsts = tupleHash(hConsts, len(consts))
	constTuple = c.mergeConsts(consts, hConsts)
	clear(consts[n:]) // the unit's storage should not keep them
	// Code left in place needs no copy (see makecode).
	if unsafe.SliceData(code) != unsafe.SliceData(a.code) {
		code = c.objs.data.clone(code)
	}
	return code, lnotab, constTuple, hConsts
}

func (c *compiler) makecode(a *assembler) *marshal.Code {
	u := c.u
	names := c.strTuple(u.names)
	varnames := c.strTuple(u.varnames)
	cellvars := c.strTuple(u.cellvars)
	freevars := c.strTuple(u.freevars)
	nlocals := len(u.varnames.list)
	flags := c.codeFlags()

	// Most code has nothing for the optimizer to rewrite: the constants'
	// hashes were folded as they were added, and the code is laid out in
	// the file's memory, where it needs no copy.
	code, lnotab := a.code, a.lnotab
	var constTuple *marshal.Tuple
	var hConsts uint64
	// Code whose only rewrites are jumps to jumps (a third of what the
	// optimizer would see) has them made without its full pass.
	if a.rewritable(u) {
		code, lnotab, constTuple, hConsts = c.peephole(a)
	} else {
		hConsts = tupleHash(u.constsAcc, len(u.constList))
		constTuple = c.mergeConsts(u.constList, hConsts)
	}
	maxdepth := c.stackdepth()

	// PyCode_New: set CO_NOFREE.
	if len(cellvars.Items) == 0 && len(freevars.Items) == 0 {
		flags |= marshal.CoNoFree
	}
	lnotabObj := c.emptyBytes
	if len(lnotab) > 0 {
		lnotabObj = c.newBytes(c.objs.data.clone(lnotab))
	}
	// The new object is zeroed: its fields are set in place, not from a
	// literal built on the stack and copied, through one write barrier
	// test.
	co := c.newCode()
	co.ArgCount = int32(u.posonlyargcount + u.argcount)
	co.PosOnlyArgCount = int32(u.posonlyargcount)
	co.KwOnlyArgCount = int32(u.kwonlyargcount)
	co.NLocals = int32(nlocals)
	co.StackSize = int32(maxdepth)
	co.Flags = flags
	co.FirstLineNo = u.firstlineno
	co.Code = c.newBytes(code)
	co.Consts = constTuple
	co.Names = names
	co.VarNames = varnames
	co.FreeVars = freevars
	co.CellVars = cellvars
	co.Filename = c.filename
	co.Name = u.name
	co.LNoTab = lnotabObj
	// The code object's hash, which loading it as a constant needs.
	c.cache.lastCode, c.cache.lastCodeHash = co, codeHash(co, hConsts)
	return co
}
