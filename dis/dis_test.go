package dis

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// stdlibPycs lists CPython-made .pyc files (all optimize levels) of the
// standard library, sorted.
func stdlibPycs(t *testing.T) []string {
	var out []string
	filepath.WalkDir(py38.Stdlib(), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(p, ".cpython-38.") && strings.HasSuffix(p, ".pyc") {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// TestStdlibPyc disassembles CPython's own .pyc files and compares with
// python3.8's dis.dis, code object addresses masked.
func TestStdlibPyc(t *testing.T) {
	python := py38.Require(t)
	files := stdlibPycs(t)
	if len(files) == 0 {
		t.Skip("SKIP (loud): no CPython-made .pyc files under " + py38.Stdlib())
	}
	limit := 400
	if testing.Short() {
		limit = 60
	}
	if os.Getenv("GOPYC_FULL") != "" {
		limit = len(files)
	}
	if len(files) > limit {
		step := len(files) / limit
		var sel []string
		for i := 0; i < len(files) && len(sel) < limit; i += step {
			sel = append(sel, files[i])
		}
		files = sel
	}
	cmd := exec.Command(python, "-S", filepath.Join("..", "testdata", "dis", "dis_pyc.py"))
	cmd.Env = append(os.Environ(), "PYTHONHASHSEED=0")
	cmd.Stdin = strings.NewReader(strings.Join(files, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dis_pyc.py: %v", err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	n, equal, shown := 0, 0, 0
	for sc.Scan() {
		var rec struct {
			Path, Text, Error string
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Error != "" {
			continue
		}
		n++
		data, err := os.ReadFile(rec.Path)
		if err != nil || len(data) < 16 {
			t.Errorf("%s: %v", rec.Path, err)
			continue
		}
		o, err := marshal.Loads(data[16:])
		if err != nil {
			t.Errorf("%s: marshal: %v", rec.Path, err)
			continue
		}
		co, ok := o.(*marshal.Code)
		if !ok {
			t.Errorf("%s: not a code object: %T", rec.Path, o)
			continue
		}
		var b strings.Builder
		Disassemble(&b, co)
		got, want := MaskAddresses(b.String()), MaskAddresses(rec.Text)
		if got == want {
			equal++
			continue
		}
		if shown < 5 {
			shown++
			gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
			for i := 0; i < len(gl) || i < len(wl); i++ {
				var g, w string
				if i < len(gl) {
					g = gl[i]
				}
				if i < len(wl) {
					w = wl[i]
				}
				if g != w {
					t.Errorf("%s: line %d:\n got  %q\n want %q", rec.Path, i+1, g, w)
					break
				}
			}
		}
	}
	t.Logf("dis: %d/%d stdlib .pyc files equal", equal, n)
	if equal != n {
		t.Fail()
	}
}
