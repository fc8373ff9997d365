// Package dis prints a code object the way CPython 3.8's dis.dis() does,
// recursing into nested code objects.
//
// One thing cannot match: CPython writes a code object's memory address in
// its repr ("<code object f at 0x7f3a..., file ...>"). We print a stable
// stand-in instead, 0x7f0000000000 plus 0x100 per code object in the order
// the disassembly first mentions it, so output is reproducible; tests
// compare with the addresses masked (see MaskAddresses). Frozenset members
// are listed in the order CPython iterates the set it loads, with string
// hashes as under PYTHONHASHSEED=0 (with random hashing CPython's own
// output varies from run to run).
package dis

import (
	"bufio"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/marshal"
)

// Disassemble writes dis.dis(code)'s output for code to w.
func Disassemble(w io.Writer, code *marshal.Code) error {
	d := &disassembler{w: bufio.NewWriter(w), addrs: map[*marshal.Code]uint64{}}
	d.recursive(code, 0)
	return d.w.Flush()
}

// addrRE is compiled on first use: every gopyc run links this package, and
// compiling the expression at start-up cost 0.56-1.0 ms a run.
var addrRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(<code object \S* at )0x[0-9a-fA-F]+`)
})

// MaskAddresses replaces the addresses in code object reprs by "0x?", so
// outputs of different processes compare equal.
func MaskAddresses(s string) string { return addrRE().ReplaceAllString(s, "${1}0x?") }

type disassembler struct {
	w     *bufio.Writer
	addrs map[*marshal.Code]uint64
}

// maxDepth bounds recursion on malicious input (code objects nested
// without end cannot come from marshal, but stay safe).
const maxDepth = 200

func (d *disassembler) recursive(co *marshal.Code, depth int) {
	d.disassemble(co)
	if depth >= maxDepth || co.Consts == nil {
		return
	}
	for _, c := range co.Consts.Items {
		if sub, ok := c.(*marshal.Code); ok && sub != nil {
			d.w.WriteString("\nDisassembly of ")
			d.w.WriteString(d.repr(sub))
			d.w.WriteString(":\n")
			d.recursive(sub, depth+1)
		}
	}
}

func (d *disassembler) codeRepr(co *marshal.Code) string {
	a, ok := d.addrs[co]
	if !ok {
		a = 0x7f0000000000 + 0x100*uint64(len(d.addrs))
		d.addrs[co] = a
	}
	name := "???"
	if co.Name != nil {
		name = co.Name.V
	}
	file := "???"
	if co.Filename != nil {
		file = `"` + co.Filename.V + `"`
	}
	return "<code object " + name + " at 0x" + strconv.FormatUint(a, 16) + ", file " + file +
		", line " + strconv.Itoa(int(co.FirstLineNo)) + ">"
}

// repr is Python's repr() of a constant.
func (d *disassembler) repr(o marshal.Object) string {
	switch v := o.(type) {
	case *marshal.Code:
		return d.codeRepr(v)
	case *marshal.Tuple:
		if len(v.Items) == 0 {
			return "()"
		}
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = d.repr(it)
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case *marshal.FrozenSet:
		// CPython's reader rebuilds a frozenset by adding the items in
		// file order; its repr follows that set's iteration order (with
		// string hashes as under PYTHONHASHSEED=0).
		return marshal.Repr(marshal.NewFrozenSet(v.Items))
	}
	return marshal.Repr(o)
}

func items(t *marshal.Tuple) []marshal.Object {
	if t == nil {
		return nil
	}
	return t.Items
}

func strAt(objs []marshal.Object, i int) (string, bool) {
	if i < 0 || i >= len(objs) {
		return "", false
	}
	if s, ok := objs[i].(*marshal.Str); ok {
		return s.V, true
	}
	return marshal.Repr(objs[i]), true
}

type lineStart struct {
	offset, line int
}

// lineStarts decodes co_lnotab as dis.findlinestarts does.
func lineStarts(co *marshal.Code, codeLen int) []lineStart {
	var tab []byte
	if co.LNoTab != nil {
		tab = co.LNoTab.V
	}
	var out []lineStart
	line := int(co.FirstLineNo)
	last := math.MinInt // no line yet
	addr := 0
	for i := 0; i+1 < len(tab); i += 2 {
		if tab[i] != 0 {
			if line != last {
				out = append(out, lineStart{addr, line})
				last = line
			}
			addr += int(tab[i])
			if addr >= codeLen {
				return out
			}
		}
		line += int(int8(tab[i+1]))
	}
	if line != last {
		out = append(out, lineStart{addr, line})
	}
	return out
}

var makeFunctionFlags = [...]string{"defaults", "kwdefaults", "annotations", "closure"}

var formatConverters = [...]string{"", "str", "repr", "ascii"}

func (d *disassembler) disassemble(co *marshal.Code) {
	var code []byte
	if co.Code != nil {
		code = co.Code.V
	}
	starts := lineStarts(co, len(code))
	lineAt := make(map[int]int, len(starts))
	maxLine := 0
	for i, s := range starts {
		// A later pair for the same offset wins, as in dict(findlinestarts()).
		lineAt[s.offset] = s.line
		if i == 0 || s.line > maxLine {
			maxLine = s.line
		}
	}
	linenoWidth := 3
	if maxLine >= 1000 {
		linenoWidth = len(strconv.Itoa(maxLine))
	}
	offsetWidth := 4
	if maxOff := len(code) - 2; maxOff >= 10000 {
		offsetWidth = len(strconv.Itoa(maxOff))
	}

	// Jump targets.
	labels := map[int]bool{}
	ext := 0
	for i := 0; i+1 < len(code); i += 2 {
		op := opcode.Op(code[i])
		if !op.HasArg() {
			continue
		}
		arg := int(code[i+1]) | ext
		ext = 0
		if op == opcode.EXTENDED_ARG {
			ext = arg << 8
		}
		if opcode.HasJrel[op] {
			labels[i+2+arg] = true
		} else if opcode.HasJabs[op] {
			labels[arg] = true
		}
	}

	consts, names, varnames := items(co.Consts), items(co.Names), items(co.VarNames)
	cells := append(append([]marshal.Object(nil), items(co.CellVars)...), items(co.FreeVars)...)
	var line strings.Builder
	ext = 0
	for off := 0; off+1 < len(code); off += 2 {
		op := opcode.Op(code[off])
		hasArg := op.HasArg()
		arg := 0
		if hasArg {
			arg = int(code[off+1]) | ext
			ext = 0
			if op == opcode.EXTENDED_ARG {
				ext = arg << 8
			}
		}
		ln, starts := lineAt[off]
		if starts && off > 0 {
			d.w.WriteByte('\n')
		}
		line.Reset()
		if starts {
			s := strconv.Itoa(ln)
			pad(&line, linenoWidth-len(s))
			line.WriteString(s)
		} else {
			pad(&line, linenoWidth)
		}
		line.WriteString("     ") // separator, empty current-instruction marker, separator
		if labels[off] {
			line.WriteString(">>")
		} else {
			line.WriteString("  ")
		}
		line.WriteByte(' ')
		s := strconv.Itoa(off)
		pad(&line, offsetWidth-len(s))
		line.WriteString(s)
		line.WriteByte(' ')
		name := op.String()
		line.WriteString(name)
		if hasArg {
			pad(&line, 20-len(name))
			line.WriteByte(' ')
			s := strconv.Itoa(arg)
			pad(&line, 5-len(s))
			line.WriteString(s)
			if r := d.argRepr(op, arg, off, consts, names, varnames, cells); r != "" {
				line.WriteString(" (")
				line.WriteString(r)
				line.WriteByte(')')
			}
		}
		d.w.WriteString(strings.TrimRight(line.String(), " "))
		d.w.WriteByte('\n')
	}
}

func pad(b *strings.Builder, n int) {
	for ; n > 0; n-- {
		b.WriteByte(' ')
	}
}

func (d *disassembler) argRepr(op opcode.Op, arg, off int, consts, names, varnames, cells []marshal.Object) string {
	switch {
	case opcode.HasConst[op]:
		if arg < len(consts) {
			return d.repr(consts[arg])
		}
	case opcode.HasName[op]:
		s, _ := strAt(names, arg)
		return s
	case opcode.HasJrel[op]:
		return "to " + strconv.Itoa(off+2+arg)
	case opcode.HasLocal[op]:
		s, _ := strAt(varnames, arg)
		return s
	case op == opcode.COMPARE_OP:
		if arg < len(opcode.CmpOp) {
			return opcode.CmpOp[arg]
		}
	case opcode.HasFree[op]:
		s, _ := strAt(cells, arg)
		return s
	case op == opcode.FORMAT_VALUE:
		r := formatConverters[arg&3]
		if arg&4 != 0 {
			if r != "" {
				r += ", "
			}
			r += "with format"
		}
		return r
	case op == opcode.MAKE_FUNCTION:
		var parts []string
		for i, f := range makeFunctionFlags {
			if arg&(1<<uint(i)) != 0 {
				parts = append(parts, f)
			}
		}
		return strings.Join(parts, ", ")
	}
	return ""
}
