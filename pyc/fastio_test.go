package pyc

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestPortableIO checks the package-os reads and writes other systems use
// against this system's.
func TestPortableIO(t *testing.T) {
	dir := t.TempDir()
	for i, size := range []int{0, 1, 511, 512, 513, 4096, 100000} {
		p := filepath.Join(dir, "s"+string(rune('a'+i))+".py")
		data := bytes.Repeat([]byte("x = 1\n"), size/6+1)[:size]
		os.WriteFile(p, data, 0o640)
		got, st, err := readSource(p, nil)
		gotOS, stOS, errOS := readSourceOS(p)
		if err != nil || errOS != nil || !bytes.Equal(got, data) || !bytes.Equal(gotOS, data) ||
			st.sec != stOS.sec || st.nsec != stOS.nsec || st.size != stOS.size || st.cacheMode() != stOS.cacheMode() {
			t.Errorf("%d bytes: %v %v %v, %+v %+v", size, err, errOS, bytes.Equal(gotOS, data), st, stOS)
		}
	}
	missing := filepath.Join(dir, "missing.py")
	_, _, err := readSource(missing, nil)
	_, _, errOS := readSourceOS(missing)
	if err == nil || errOS == nil || err.Error() != errOS.Error() {
		t.Errorf("missing source: %v and %v", err, errOS)
	}
	for _, write := range []func(string, []byte, os.FileMode) error{writeFile, writeFileOS} {
		p := filepath.Join(dir, "out.pyc")
		os.Remove(p)
		if err := write(p, []byte("pyc"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := write(p, []byte("again"), 0o644); err == nil || !os.IsExist(err) {
			t.Errorf("second write of %s: %v, want the file to exist", p, err)
		}
		if b, _ := os.ReadFile(p); string(b) != "pyc" {
			t.Errorf("%s holds %q", p, b)
		}
	}
}
