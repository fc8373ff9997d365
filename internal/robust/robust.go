// Package robust holds cross-stage robustness tests of gopyc: a table of
// malformed and extreme sources checked against CPython 3.8's verdict,
// fuzz targets over the whole compiler and the .pyc reader, and fault,
// kill and concurrency tests of the command line binary. It has no
// non-test code besides the helpers shared by those tests.
//
// Running: "go test ./internal/robust" runs everything once (about a
// minute; CPython 3.8 is needed for the differential parts, which skip
// loudly without it; the fault tests mount tmpfs and run as nobody when
// root). Fuzzing, one target at a time:
//
//	go test ./internal/robust -run '^$' -fuzz '^FuzzCompile$' -fuzztime 30m
//	go test ./internal/robust -run '^$' -fuzz '^FuzzCompileDifferential$' -fuzztime 30m
//	go test ./internal/robust -run '^$' -fuzz '^FuzzPycReader$' -fuzztime 30m
//
// ROBUST_SOAK=1 lengthens the kill, concurrency and vanishing-source tests;
// ROBUST_KILLS=N sets the number of kills; ROBUST_GOPYC_BIN tests a
// prebuilt binary instead of building cmd/gopyc. testdata/badsrc/gen.py
// regenerates the bad source table's CPython verdicts.
package robust

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"strconv"

	"github.com/gopyc/gopyc/marshal"
)

// Part is one piece of a generated source: Bytes repeated Count times, or
// with Seq, Count copies of Bytes with each "%d" replaced by 0, 1, ...
type Part struct {
	Bytes []byte
	Count int
	Seq   bool
}

// Build concatenates parts; it is how testdata/badsrc/gen.py describes
// large inputs compactly.
func Build(parts []Part) []byte {
	n := 0
	for _, p := range parts {
		n += (len(p.Bytes) + 8) * p.Count
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		if p.Seq {
			for i := 0; i < p.Count; i++ {
				out = append(out, bytes.ReplaceAll(p.Bytes, []byte("%d"), strconv.AppendInt(nil, int64(i), 10))...)
			}
			continue
		}
		if p.Count == 1 {
			out = append(out, p.Bytes...)
			continue
		}
		out = append(out, bytes.Repeat(p.Bytes, p.Count)...)
	}
	return out
}

// ParseParts decodes gen.py's [[hex, count(, "seq")], ...] form.
func ParseParts(raw [][]any) ([]Part, error) {
	ps := make([]Part, 0, len(raw))
	for _, r := range raw {
		if len(r) < 2 {
			return nil, errors.New("part needs [hex, count]")
		}
		s, _ := r[0].(string)
		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, err
		}
		n, _ := r[1].(float64)
		ps = append(ps, Part{b, int(n), len(r) > 2 && r[2] == "seq"})
	}
	return ps, nil
}

// DiffCode compares two code objects field by field, recursively through
// nested code constants, and describes the first difference ("" when equal).
// Unlike marshal.Equal (CPython's code_richcompare) it also compares the
// fields == ignores: stack size, file name, line table and constant types.
func DiffCode(a, b *marshal.Code, path string) string {
	if a == nil || b == nil {
		if a == b {
			return ""
		}
		return path + ": nil code"
	}
	ints := []struct {
		name string
		x, y int
	}{
		{"argcount", int(a.ArgCount), int(b.ArgCount)},
		{"posonlyargcount", int(a.PosOnlyArgCount), int(b.PosOnlyArgCount)},
		{"kwonlyargcount", int(a.KwOnlyArgCount), int(b.KwOnlyArgCount)},
		{"nlocals", int(a.NLocals), int(b.NLocals)},
		{"stacksize", int(a.StackSize), int(b.StackSize)},
		{"flags", int(a.Flags), int(b.Flags)},
		{"firstlineno", int(a.FirstLineNo), int(b.FirstLineNo)},
	}
	for _, f := range ints {
		if f.x != f.y {
			return path + "." + f.name + ": " + strconv.Itoa(f.x) + " != " + strconv.Itoa(f.y)
		}
	}
	objs := []struct {
		name string
		x, y marshal.Object
	}{
		{"co_code", a.Code, b.Code},
		{"co_name", a.Name, b.Name},
		{"co_filename", a.Filename, b.Filename},
		{"co_lnotab", a.LNoTab, b.LNoTab},
		{"co_names", a.Names, b.Names},
		{"co_varnames", a.VarNames, b.VarNames},
		{"co_freevars", a.FreeVars, b.FreeVars},
		{"co_cellvars", a.CellVars, b.CellVars},
	}
	for _, f := range objs {
		if !marshal.Equal(f.x, f.y) {
			return path + "." + f.name + " differs"
		}
	}
	if a.Consts == nil || b.Consts == nil {
		if a.Consts != b.Consts {
			return path + ".co_consts: nil"
		}
		return ""
	}
	if len(a.Consts.Items) != len(b.Consts.Items) {
		return path + ".co_consts: " + strconv.Itoa(len(a.Consts.Items)) + " != " + strconv.Itoa(len(b.Consts.Items)) + " items"
	}
	for i, x := range a.Consts.Items {
		y := b.Consts.Items[i]
		cx, okx := x.(*marshal.Code)
		cy, oky := y.(*marshal.Code)
		if okx || oky {
			if !okx || !oky {
				return path + ".co_consts[" + strconv.Itoa(i) + "]: code vs non-code"
			}
			if d := DiffCode(cx, cy, path+".co_consts["+strconv.Itoa(i)+"]"); d != "" {
				return d
			}
			continue
		}
		if !sameConst(x, y) {
			return path + ".co_consts[" + strconv.Itoa(i) + "] differs"
		}
	}
	return ""
}

// sameConst is marshal.ConstKeyEqual with floats compared by their bits,
// as marshal writes them: a NaN equals the same NaN, not the other sign's.
// Frozensets compare in order, which the bytes depend on too.
func sameConst(x, y marshal.Object) bool {
	switch a := x.(type) {
	case *marshal.Float:
		b, ok := y.(*marshal.Float)
		return ok && math.Float64bits(a.V) == math.Float64bits(b.V)
	case *marshal.Complex:
		b, ok := y.(*marshal.Complex)
		return ok && math.Float64bits(a.Real) == math.Float64bits(b.Real) && math.Float64bits(a.Imag) == math.Float64bits(b.Imag)
	case *marshal.Tuple:
		b, ok := y.(*marshal.Tuple)
		return ok && sameConsts(a.Items, b.Items)
	case *marshal.FrozenSet:
		b, ok := y.(*marshal.FrozenSet)
		return ok && sameConsts(a.Items, b.Items)
	}
	return marshal.ConstKeyEqual(x, y)
}

func sameConsts(a, b []marshal.Object) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameConst(a[i], b[i]) {
			return false
		}
	}
	return true
}
