package share

import (
	"bytes"
	"testing"

	"github.com/gopyc/gopyc/marshal"
)

func str(v string, interned bool) *marshal.Str { return &marshal.Str{V: v, Interned: interned} }

func code(name *marshal.Str, consts ...marshal.Object) *marshal.Code {
	empty := &marshal.Tuple{}
	return &marshal.Code{
		Code: &marshal.Bytes{V: []byte{100, 0, 83, 0}}, Consts: &marshal.Tuple{Items: consts},
		Names: empty, VarNames: &marshal.Tuple{}, FreeVars: empty, CellVars: empty,
		Filename: str("m.py", false), Name: name, LNoTab: &marshal.Bytes{V: []byte{2, 1}},
	}
}

// TestRules checks each reference rule on a hand-built module.
func TestRules(t *testing.T) {
	onceInterned := str("zq_used_once", true)
	twiceA, twiceB := str("zq_used_twice", true), str("zq_used_twice", true) // one object once interned
	held := str("join", true)                                                // os.path.join: the process holds it
	plain := str("not a name", false)
	small, big := marshal.NewInt(7), marshal.NewInt(100000)
	fl := &marshal.Float{V: 1.5}
	fsItem := &marshal.Float{V: 2.5}
	fs := &marshal.FrozenSet{Items: []marshal.Object{fsItem}}
	single := str("é", false)
	inner := code(str("f", true), marshal.None, twiceB)
	top := code(str("<module>", true), inner, onceInterned, twiceA, held, plain, small, big, fl, fs, single)
	ApplyIn(top, State{})
	for _, c := range []struct {
		name string
		o    marshal.Referable
		want bool
	}{
		{"top code", top, true},
		{"nested code", inner, false},
		{"filename", top.Filename, true},
		{"interned, used once", onceInterned, false},
		{"held by the process", held, true},
		{"plain str used once", plain, false},
		{"small int", small, true},
		{"big int", big, false},
		{"float used once", fl, false},
		{"frozenset", fs, false},
		{"frozenset item", fsItem, true},
		{"latin-1 singleton", single, true},
		{"empty tuple", top.Names, true},
		{"code bytes", top.Code, false},
		{"<module>", top.Name, true},
	} {
		if c.o.IsShared() != c.want {
			t.Errorf("%s: Shared = %v, want %v", c.name, c.o.IsShared(), c.want)
		}
	}
	canon := top.Consts.Items[2].(*marshal.Str)
	if inner.Consts.Items[1] != canon || !canon.Shared {
		t.Errorf("equal interned strings were not made one shared object")
	}
	if inner.Filename != top.Filename {
		t.Errorf("code objects do not share the filename object")
	}
}

// TestDistinctSingletons checks that ApplyDistinct, which trusts interned
// strings to be one object per value, still makes the cached singletons
// (empty, ASCII and latin-1 one-character strings) one object each,
// interned once any of them is.
func TestDistinctSingletons(t *testing.T) {
	e1, e2 := str("", false), str("", true)
	a1, a2 := str("é", false), str("é", false)
	x1, x2 := str("x", false), str("x", false)
	inner := code(str("f", true), e1, a1, x1)
	top := code(str("<module>", true), inner, e2, a2, x2)
	ApplyDistinct(top, State{})
	for i, want := range []*marshal.Str{e1, a1, x1} {
		got := top.Consts.Items[i+1].(*marshal.Str)
		if got != want || !got.Shared {
			t.Errorf("singleton %q: not merged into one shared object", want.V)
		}
	}
	if !e1.Interned {
		t.Error("empty string: not interned though one of its objects is")
	}
}

// TestEffects checks that an effect adds its strings for later files only.
func TestEffects(t *testing.T) {
	var st State
	if st.ProcessInterned("NFKC") {
		t.Fatal("NFKC held in a fresh process")
	}
	var e Effects
	e.Add("nfkc")
	if !st.After(e).ProcessInterned("NFKC") {
		t.Error("NFKC not held after a non-ASCII identifier")
	}
	var s Effects
	s.InternSingle('é')
	if st.ProcessInterned("é") || !st.After(s).ProcessInterned("é") {
		t.Error("one-character identifier singleton not interned for later files")
	}
	// A string the fresh process holds only in its type attribute cache
	// is evicted by the first report drawing a caret under text.
	if !st.ProcessInterned("_WindowsConsoleIO") {
		t.Error("_WindowsConsoleIO not held in a fresh process")
	}
	var sorry, caret Effects
	sorry.Add("error:sorry")
	caret.Add("error:caret")
	if !st.After(sorry).ProcessInterned("_WindowsConsoleIO") || st.After(sorry).After(caret).ProcessInterned("_WindowsConsoleIO") {
		t.Error("_WindowsConsoleIO: wrong eviction by error reports")
	}
}

// TestAppendDistinctRepeats checks that the writer's own walk
// (AppendDistinct) writes what ApplyDistinct and AppendDumps write for
// trees in which objects a code object owns, which the walk most often
// meets once, are met again: as constants, or as another code object's.
func TestAppendDistinctRepeats(t *testing.T) {
	for i, mk := range []func() *marshal.Code{
		func() *marshal.Code { // bytecode and line table as constants
			inner := code(str("f", true), marshal.None)
			return code(str("<module>", true), inner, marshal.NewInt(100000), inner.Code, inner.LNoTab)
		},
		func() *marshal.Code { // a code object's tuples as constants
			inner := code(str("f", true), marshal.None, str("x", false))
			inner.Names = &marshal.Tuple{Items: []marshal.Object{str("n1", true), str("n2", true)}}
			return code(str("<module>", true), inner, inner.Consts, inner.Names, inner.VarNames)
		},
		func() *marshal.Code { // tuples shared by two code objects
			a := code(str("f", true), marshal.None, marshal.NewInt(100000))
			b := code(str("g", true))
			b.Consts, b.Names = a.Consts, a.Consts
			return code(str("<module>", true), a, b, marshal.NewInt(100000))
		},
		func() *marshal.Code { // a code object twice
			inner := code(str("f", true), marshal.None)
			return code(str("<module>", true), inner, inner)
		},
	} {
		a := mk()
		ApplyDistinct(a, State{})
		want, err := marshal.AppendDumps(nil, a)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := AppendDistinct(nil, mk(), State{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("tree %d: AppendDistinct wrote\n%x\nApplyDistinct and AppendDumps\n%x", i, got, want)
		}
	}
}
