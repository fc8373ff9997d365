package py38

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

func TestReferenceTree(t *testing.T) {
	Require(t)
	src := "../../testdata/marshal/src"
	for _, c := range []struct {
		opt   int
		mode  string
		flags uint32
	}{{0, "", 0}, {2, "", 0}, {1, "unchecked-hash", 1}, {0, "checked-hash", 3}} {
		prefix := ReferenceTree(t, src, c.opt, c.mode)
		if again := ReferenceTree(t, src, c.opt, c.mode); again != prefix {
			t.Errorf("second call returned %s, first %s", again, prefix)
		}
		pyc := ReferencePyc(prefix, filepath.Join(src, "basics.py"), c.opt)
		b, err := os.ReadFile(pyc)
		if err != nil {
			t.Errorf("opt %d mode %q: %v", c.opt, c.mode, err)
			continue
		}
		if len(b) < 16 || binary.LittleEndian.Uint16(b) != 3413 {
			t.Errorf("%s: not a 3.8 .pyc", pyc)
			continue
		}
		if f := binary.LittleEndian.Uint32(b[4:]); f != c.flags {
			t.Errorf("%s: flags %d, want %d", pyc, f, c.flags)
		}
	}
}

// TestReferenceTreeConcurrent builds one fresh tree from several parallel
// callers; all must get the same complete tree.
func TestReferenceTreeConcurrent(t *testing.T) {
	Require(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "m.py"), []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var prefixes [3]string
	t.Run("group", func(t *testing.T) {
		for i := range prefixes {
			t.Run("", func(t *testing.T) {
				t.Parallel()
				prefixes[i] = ReferenceTree(t, dir, 0, "")
			})
		}
	})
	defer os.RemoveAll(prefixes[0])
	for _, p := range prefixes {
		if p != prefixes[0] {
			t.Fatalf("callers got %v", prefixes)
		}
	}
	if _, err := os.Stat(ReferencePyc(prefixes[0], filepath.Join(dir, "m.py"), 0)); err != nil {
		t.Error(err)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(prefixes[0]), "building-*"))
	for _, l := range left {
		t.Logf("note: leftover build dir %s (another process may be building)", l)
	}
}
