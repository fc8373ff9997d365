package marshal

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const goldenDir = "../testdata/marshal"

// goldenFiles returns name → marshal bytes for every golden written by
// testdata/marshal/gen.py in marshal version 4 (.pyc headers stripped).
func goldenFiles(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	add := func(pattern string, skip int) {
		names, err := filepath.Glob(filepath.Join(goldenDir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) < skip {
				t.Fatalf("%s: too short", n)
			}
			out[strings.TrimPrefix(n, goldenDir+"/")] = b[skip:]
		}
	}
	add("values/*.bin", 0)
	add("pyc/*.pyc", 16)
	add("frozensets.bin", 0)
	add("hashes.bin", 0)
	add("constsets.bin", 0)
	if len(out) < 40 {
		t.Fatalf("only %d golden files; run testdata/marshal/gen.py", len(out))
	}
	return out
}

func sortedKeys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestGoldenRoundTrip(t *testing.T) {
	files := goldenFiles(t)
	for _, name := range sortedKeys(files) {
		data := files[name]
		o, n, err := LoadsPrefix(data)
		if err != nil {
			t.Errorf("%s: Loads: %v", name, err)
			continue
		}
		if n != len(data) {
			t.Errorf("%s: Loads used %d of %d bytes", name, n, len(data))
		}
		got, err := Dumps(o)
		if err != nil {
			t.Errorf("%s: Dumps: %v", name, err)
			continue
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s: round trip differs at byte %d (len %d vs %d)", name, firstDiff(got, data), len(got), len(data))
		}
	}
	t.Logf("%d golden files round-trip", len(files))
}

func firstDiff(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) < len(b) {
		return len(a)
	}
	return len(b)
}

func loadGolden(t *testing.T, name string) Object {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, name))
	if err != nil {
		t.Fatal(err)
	}
	o, err := Loads(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return o
}

// TestGoldenValues spot-checks that decoded values mean what gen.py wrote.
func TestGoldenValues(t *testing.T) {
	edges := loadGolden(t, "values/int_edges.bin").(*Tuple)
	want := []string{"2147483648", "-2147483649", "32768", "1073741824", "35184372088832",
		"1152921504606846976", "4611686018427387904", "9223372036854775807",
		"-9223372036854775808", "9223372036854775808", "18446744073709551621"}
	for i, w := range want {
		if got := edges.Items[i].(*Int).BigInt().String(); got != w {
			t.Errorf("int_edges[%d] = %s, want %s", i, got, w)
		}
	}
	huge := loadGolden(t, "values/int_huge.bin").(*Tuple)
	if s := huge.Items[0].(*Int).BigInt().String(); s != "1"+strings.Repeat("0", 100) {
		t.Errorf("10**100 decoded as %s", s)
	}
	sp := loadGolden(t, "values/float_special.bin").(*Tuple)
	if v := sp.Items[0].(*Float).V; v != 0 || !math.Signbit(v) {
		t.Errorf("-0.0 decoded as %v", v)
	}
	if v := sp.Items[3].(*Float).V; !math.IsNaN(v) {
		t.Errorf("nan decoded as %v", v)
	}
	sur := loadGolden(t, "values/str_surrogates.bin").(*Tuple)
	if v := sur.Items[0].(*Str).V; v != "\xed\xa0\x80" {
		t.Errorf("lone surrogate decoded as %q", v)
	}
	in := loadGolden(t, "values/str_interned.bin").(*Tuple)
	for i, it := range in.Items {
		if !it.(*Str).Interned {
			t.Errorf("str_interned[%d] not interned", i)
		}
	}
	l1 := loadGolden(t, "values/str_latin1_range.bin").(*Str)
	if l1.V != "\u0080\u00ff\u00e9" {
		t.Errorf("latin-1 range decoded as %q", l1.V)
	}
	sr := loadGolden(t, "values/shared_refs.bin").(*Tuple)
	if sr.Items[0] != sr.Items[1] || !sr.Items[0].(*Str).Shared {
		t.Errorf("shared string not resolved to one shared object")
	}
	self := loadGolden(t, "values/selfref_list.bin").(*List)
	if len(self.Items) != 1 || self.Items[0] != Object(self) {
		t.Errorf("self-referencing list not cyclic")
	}
	code := loadGolden(t, "values/code.bin").(*Code)
	f := code.Consts.Items[0].(*Code)
	if f.ArgCount != 2 || f.PosOnlyArgCount != 1 || f.KwOnlyArgCount != 1 || f.Name.V != "f" || f.Filename.V != "crafted.py" {
		t.Errorf("code object fields: %+v", f)
	}
}

// TestLegacyVersions reads what marshal versions 0-3 write (text floats,
// no refs, no short forms).
func TestLegacyVersions(t *testing.T) {
	v1 := loadGolden(t, "legacy/v1_floats.bin").(*Tuple)
	fl := func(i int) float64 { return v1.Items[i].(*Float).V }
	if fl(0) != 0.1 || fl(1) != 0 || !math.Signbit(fl(1)) || !math.IsInf(fl(2), 1) || !math.IsNaN(fl(3)) {
		t.Errorf("v1 floats: %v %v %v %v", fl(0), fl(1), fl(2), fl(3))
	}
	if c := v1.Items[4].(*Complex); c.Real != 1e300 || c.Imag != -1e-300 {
		t.Errorf("v1 complex: %v", c)
	}
	for _, name := range []string{"legacy/v0_mixed.bin", "legacy/v2_binary_floats.bin", "legacy/v3_refs_unicode.bin"} {
		o := loadGolden(t, name)
		if _, err := Dumps(o); err != nil {
			t.Errorf("%s: Dumps: %v", name, err)
		}
	}
	v0 := loadGolden(t, "legacy/v0_mixed.bin").(*Tuple)
	if s := v0.Items[6].(*Int).BigInt().String(); s != "1180591620717411303424" {
		t.Errorf("v0 2**70 = %s", s)
	}
	v3 := loadGolden(t, "legacy/v3_refs_unicode.bin").(*Tuple)
	if v3.Items[0] != v3.Items[1] {
		t.Errorf("v3 refs not resolved")
	}
}

// sameValue is strict structural identity: same types, same values, float
// bits equal, str interning equal.
func sameValue(a, b Object) bool {
	switch x := a.(type) {
	case singleton:
		return a == b
	case *Int:
		y, ok := b.(*Int)
		return ok && intEqual(x, y)
	case *Float:
		y, ok := b.(*Float)
		return ok && math.Float64bits(x.V) == math.Float64bits(y.V)
	case *Complex:
		y, ok := b.(*Complex)
		return ok && math.Float64bits(x.Real) == math.Float64bits(y.Real) && math.Float64bits(x.Imag) == math.Float64bits(y.Imag)
	case *Str:
		y, ok := b.(*Str)
		return ok && x.V == y.V
	case *Bytes:
		y, ok := b.(*Bytes)
		return ok && bytes.Equal(x.V, y.V)
	case *Tuple:
		y, ok := b.(*Tuple)
		return ok && sameItems(x.Items, y.Items)
	case *FrozenSet:
		y, ok := b.(*FrozenSet)
		return ok && sameItems(x.Items, y.Items)
	}
	return false
}

func sameItems(a, b []Object) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

func TestFrozenSetOrder(t *testing.T) {
	pairs := loadGolden(t, "frozensets.bin").(*List)
	if len(pairs.Items) < 50 {
		t.Fatalf("only %d frozenset cases", len(pairs.Items))
	}
	for i, p := range pairs.Items {
		tp := p.(*Tuple)
		items, want := tp.Items[0].(*Tuple), tp.Items[1].(*FrozenSet)
		got := NewFrozenSet(items.Items)
		if !sameItems(got.Items, want.Items) {
			t.Errorf("case %d: order differs:\n got %s\nwant %s", i, repr(got), repr(want))
		}
	}
	t.Logf("%d frozenset cases match CPython's order", len(pairs.Items))
}

func TestHashes(t *testing.T) {
	pairs := loadGolden(t, "hashes.bin").(*List)
	n := 0
	for _, p := range pairs.Items {
		tp := p.(*Tuple)
		v, want := tp.Items[0], tp.Items[1].(*Int).Small
		got, ok := Hash(v)
		if !ok {
			t.Errorf("Hash(%s) unhashable", repr(v))
			continue
		}
		if v == None || v == Ellipsis {
			// Address-based: only the low bits are reproducible.
			got &= 0x1ffff
		} else if holdsAddrHashed(v) {
			continue // mixes all bits of an address-based hash
		}
		if got != want {
			t.Errorf("Hash(%s) = %d, want %d", repr(v), got, want)
		}
		n++
	}
	t.Logf("%d hashes match", n)
}

func holdsAddrHashed(o Object) bool {
	var items []Object
	switch v := o.(type) {
	case singleton:
		return o == None || o == Ellipsis || o == StopIteration
	case *Tuple:
		items = v.Items
	case *FrozenSet:
		items = v.Items
	}
	for _, it := range items {
		if holdsAddrHashed(it) {
			return true
		}
	}
	return false
}
