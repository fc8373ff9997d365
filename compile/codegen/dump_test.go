package codegen_test

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/astopt"
	"github.com/gopyc/gopyc/compile/codegen"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/compile/peephole"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/marshal"
)

// This file prints code objects in the format of testdata/codegen/dump.py.

func fbits(f float64) string {
	s := strconv.FormatUint(math.Float64bits(f), 16)
	return strings.Repeat("0", 16-len(s)) + s
}

func sval(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return "x'" + hex.EncodeToString([]byte(s)) + "'"
		}
	}
	return "'" + s + "'"
}

func val(o marshal.Object) string {
	switch v := o.(type) {
	case *marshal.Int:
		if v.Big != nil {
			return "int:" + v.Big.String()
		}
		return "int:" + strconv.FormatInt(v.Small, 10)
	case *marshal.Float:
		return "float:" + fbits(v.V)
	case *marshal.Complex:
		return "complex:" + fbits(v.Real) + "," + fbits(v.Imag)
	case *marshal.Str:
		return sval(v.V)
	case *marshal.Bytes:
		return "b'" + hex.EncodeToString(v.V) + "'"
	case *marshal.Tuple:
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = val(it)
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case *marshal.FrozenSet:
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = val(it)
		}
		sort.Strings(parts)
		return "frozenset{" + strings.Join(parts, ", ") + "}"
	case *marshal.Code:
		return "code:" + sval(v.Name.V) + "@" + strconv.Itoa(int(v.FirstLineNo))
	}
	switch o {
	case marshal.None:
		return "None"
	case marshal.True:
		return "True"
	case marshal.False:
		return "False"
	case marshal.Ellipsis:
		return "..."
	}
	return fmt.Sprintf("?%T", o)
}

func dumpCode(co *marshal.Code, path string, out []string) []string {
	p := path + "/" + co.Name.V + "@" + strconv.Itoa(int(co.FirstLineNo))
	out = append(out,
		"code "+p,
		" argcount "+strconv.Itoa(int(co.ArgCount)),
		" posonlyargcount "+strconv.Itoa(int(co.PosOnlyArgCount)),
		" kwonlyargcount "+strconv.Itoa(int(co.KwOnlyArgCount)),
		" nlocals "+strconv.Itoa(int(co.NLocals)),
		" stacksize "+strconv.Itoa(int(co.StackSize)),
		" flags 0x"+strconv.FormatInt(int64(co.Flags), 16),
	)
	code := co.Code.V
	for i := 0; i < len(code); i += 32 {
		j := i + 32
		if j > len(code) {
			j = len(code)
		}
		out = append(out, fmt.Sprintf(" code %04d %s", i, hex.EncodeToString(code[i:j])))
	}
	for i, c := range co.Consts.Items {
		out = append(out, " const "+strconv.Itoa(i)+" "+val(c))
	}
	out = append(out,
		" names "+val(co.Names),
		" varnames "+val(co.VarNames),
		" freevars "+val(co.FreeVars),
		" cellvars "+val(co.CellVars),
		" filename "+sval(co.Filename.V),
		" name "+sval(co.Name.V),
		" firstlineno "+strconv.Itoa(int(co.FirstLineNo)),
		" lnotab "+hex.EncodeToString(co.LNoTab.V),
	)
	for _, c := range co.Consts.Items {
		if sub, ok := c.(*marshal.Code); ok {
			out = dumpCode(sub, p, out)
		}
	}
	return out
}

func dumpResult(path string, opt int, co *marshal.Code, warns []diag.Warning, err error) []string {
	out := []string{fmt.Sprintf("== %s -O %d", path, opt)}
	if err == nil {
		for _, w := range warns {
			if w.Category == "SyntaxWarning" {
				out = append(out, fmt.Sprintf("warning: %s @%d", w.Msg, w.Lineno))
			}
		}
	}
	if err != nil {
		var de *diag.Error
		if errors.As(err, &de) {
			line, off := "None", "None"
			if de.Lineno != 0 || de.Offset != 0 {
				line, off = strconv.Itoa(de.Lineno), strconv.Itoa(de.Offset)
			}
			return append(out, fmt.Sprintf("error: %s: %s @%s:%s", de.Class, de.Msg, line, off))
		}
		return append(out, "error: "+err.Error())
	}
	return dumpCode(co, "", out)
}

// compileAST runs the stages after parsing, as compile.Compile does.
func compileAST(mod *ast.Module, filename string, opt int) (*marshal.Code, []diag.Warning, error) {
	fut, err := future.Parse(mod, filename)
	if err != nil {
		return nil, nil, err
	}
	astopt.Optimize(mod, opt)
	st, err := symtable.Build(mod, filename, fut)
	if err != nil {
		return nil, nil, err
	}
	return codegen.Compile(mod, st, fut, filename, codegen.Options{Optimize: opt})
}

// peepholeIsStub reports whether compile/peephole still returns its input
// unchanged: then bytecode and line tables cannot match CPython's, and the
// comparisons mask them (and the constants the optimizer appends).
func peepholeIsStub() bool {
	code := []byte{byte(opcode.LOAD_CONST), 0, byte(opcode.LOAD_CONST), 1, byte(opcode.BUILD_TUPLE), 2, byte(opcode.RETURN_VALUE), 0}
	consts := []marshal.Object{marshal.NewInt(1), marshal.NewInt(2)}
	out, _, _ := peephole.Optimize(append([]byte(nil), code...), consts, nil)
	return string(out) == string(code)
}

// maskPeephole drops the lines the peephole optimizer decides: bytecode,
// line table, and constants beyond those got has in the same code object.
// Code objects CPython's optimizer left alone (their line table holds a
// byte jump of 255, where peephole.c bails out) are kept whole.
func maskPeephole(want, got []string) ([]string, []string) {
	ncons := map[string]int{}
	raw := map[string]bool{}
	cur := ""
	for _, l := range got {
		if strings.HasPrefix(l, "code ") {
			cur = l
		} else if strings.HasPrefix(l, " const ") {
			ncons[cur]++
		}
	}
	cur = ""
	for _, l := range want {
		if strings.HasPrefix(l, "code ") {
			cur = l
		} else if strings.HasPrefix(l, " lnotab ") {
			tab, _ := hex.DecodeString(strings.TrimPrefix(l, " lnotab "))
			for i := 0; i < len(tab); i += 2 {
				if tab[i] == 255 {
					raw[cur] = true
				}
			}
		}
	}
	filter := func(lines []string, limit bool) []string {
		var out []string
		cur, n := "", 0
		for _, l := range lines {
			switch {
			case strings.HasPrefix(l, "code "):
				cur, n = l, 0
			case raw[cur]:
			case strings.HasPrefix(l, " code "), strings.HasPrefix(l, " lnotab "):
				continue
			case strings.HasPrefix(l, " const "):
				n++
				if limit && n > ncons[cur] {
					continue
				}
			}
			out = append(out, l)
		}
		return out
	}
	return filter(want, true), filter(got, false)
}

// firstDiff returns a description of the first difference between two
// dumps, naming the code object and field, or "" when they are equal.
func firstDiff(want, got []string) string {
	n := len(want)
	if len(got) < n {
		n = len(got)
	}
	for i := 0; i < n; i++ {
		if want[i] != got[i] {
			ctx := ""
			for j := i; j >= 0; j-- {
				if strings.HasPrefix(want[j], "code ") {
					ctx = want[j]
					break
				}
			}
			return fmt.Sprintf("line %d in %s:\n  want %s\n  got  %s", i, ctx, want[i], got[i])
		}
	}
	if len(want) != len(got) {
		if len(want) > n {
			return fmt.Sprintf("got ends at line %d; want continues %s", n, want[n])
		}
		return fmt.Sprintf("want ends at line %d; got continues %s", n, got[n])
	}
	return ""
}

// diffField names the field of the first difference ("code", "const", ...).
func diffField(want, got []string) string {
	n := len(want)
	if len(got) < n {
		n = len(got)
	}
	for i := 0; i < n; i++ {
		if want[i] != got[i] {
			f := strings.Fields(want[i])
			if len(f) == 0 {
				return "?"
			}
			if f[0] == "error:" || strings.HasPrefix(got[i], "error:") {
				return "error"
			}
			return f[0]
		}
	}
	return "length"
}
