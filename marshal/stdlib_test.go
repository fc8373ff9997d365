package marshal

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// stdlibPycs returns the marshal part of every .pyc CPython 3.8 writes for
// its installed standard library at optimization level opt.
func stdlibPycs(t testing.TB, opt int) map[string][]byte {
	t.Helper()
	prefix := py38.ReferenceTree(t, py38.Stdlib(), opt, "")
	out := map[string][]byte{}
	err := filepath.WalkDir(prefix, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".pyc") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if len(b) < 16 {
			t.Errorf("%s: short .pyc", path)
			return nil
		}
		out[path] = b[16:]
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStdlibRoundTrip: Dumps(Loads(b)) == b for every .pyc CPython writes
// for the standard library, at -O0 and -OO.
func TestStdlibRoundTrip(t *testing.T) {
	for _, opt := range []int{0, 2} {
		testStdlibRoundTrip(t, opt)
	}
}

func testStdlibRoundTrip(t *testing.T, opt int) {
	pycs := stdlibPycs(t, opt)
	if want := len(py38.StdlibFiles(t)); len(pycs) < want-17 {
		t.Errorf("only %d .pyc files for %d sources", len(pycs), want)
	}
	var buf []byte
	ok := 0
	for _, path := range sortedKeys(pycs) {
		data := pycs[path]
		o, n, err := LoadsPrefix(data)
		if err != nil {
			t.Errorf("%s: Loads: %v", path, err)
			continue
		}
		if _, isCode := o.(*Code); !isCode || n != len(data) {
			t.Errorf("%s: not one code object filling the file (%T, %d of %d bytes)", path, o, n, len(data))
			continue
		}
		buf, err = AppendDumps(buf[:0], o)
		if err != nil {
			t.Errorf("%s: Dumps: %v", path, err)
			continue
		}
		if !bytes.Equal(buf, data) {
			t.Errorf("%s: round trip differs at byte %d", path, firstDiff(buf, data))
			continue
		}
		ok++
	}
	t.Logf("stdlib -O%d: %d/%d .pyc files round-trip byte-identically", opt, ok, len(pycs))
}

// TestStdlibFrozenSets takes the members of every frozenset constant in the
// standard library, in their .pyc order and reversed, and checks
// NewFrozenSet against what CPython 3.8 builds from the
// same sequences (frozenset(seq)).
func TestStdlibFrozenSets(t *testing.T) {
	py := py38.Require(t)
	pycs := stdlibPycs(t, 0)
	var seqs []Object
	var walk func(o Object)
	walk = func(o Object) {
		switch v := o.(type) {
		case *Code:
			walk(v.Consts)
		case *Tuple:
			for _, it := range v.Items {
				walk(it)
			}
		case *FrozenSet:
			rev := make([]Object, len(v.Items))
			for i, it := range v.Items {
				rev[len(rev)-1-i] = it
			}
			seqs = append(seqs, &Tuple{Items: v.Items}, &Tuple{Items: rev})
			for _, it := range v.Items {
				walk(it)
			}
		}
	}
	for _, path := range sortedKeys(pycs) {
		if o, err := Loads(pycs[path]); err == nil {
			walk(o)
		}
	}
	in, err := Dumps(&Tuple{Items: seqs})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	inFile, outFile := filepath.Join(dir, "in.bin"), filepath.Join(dir, "out.bin")
	if err := os.WriteFile(inFile, in, 0o644); err != nil {
		t.Fatal(err)
	}
	script := `import marshal, sys
seqs = marshal.load(open(sys.argv[1], "rb"))
out = [tuple(frozenset(s)) for s in seqs]
marshal.dump(out, open(sys.argv[2], "wb"))
`
	cmd := exec.Command(py, "-S", "-c", script, inFile, outFile)
	cmd.Env = append(os.Environ(), "PYTHONHASHSEED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	b, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Loads(b)
	if err != nil {
		t.Fatal(err)
	}
	results := res.(*List).Items
	same := 0
	for i, s := range seqs {
		items := s.(*Tuple).Items
		want := results[i].(*Tuple).Items
		if got := NewFrozenSet(items).Items; !sameItems(got, want) {
			t.Errorf("NewFrozenSet%s:\n got %s\nwant %s", repr(s), repr(&Tuple{Items: got}), repr(&Tuple{Items: want}))
			continue
		}
		same++
	}
	t.Logf("stdlib: %d/%d frozenset member sequences give CPython's order", same, len(seqs))
}
