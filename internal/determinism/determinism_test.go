// Package determinism checks that gopyc's output does not depend on the
// machine's parallelism or the working directory.
package determinism

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// TestSameBytesAnyWay compiles the standard library twice with the real
// binary, once with GOMAXPROCS=1 and one worker from one directory, once
// with all CPUs from another, and requires identical trees.
func TestSameBytesAnyWay(t *testing.T) {
	py38.Require(t)
	lib := py38.Stdlib()
	if testing.Short() {
		lib = filepath.Join(lib, "json")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "gopyc")
	build := exec.Command("go", "build", "-o", bin, "github.com/gopyc/gopyc/cmd/gopyc")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(name, cwd string, env ...string) map[string][]byte {
		prefix := filepath.Join(tmp, name)
		cmd := exec.Command(bin, append([]string{"-q", "-f"}, lib)...)
		if name == "serial" {
			cmd.Args = append([]string{bin, "-q", "-f", "-j", "1"}, lib)
		}
		cmd.Dir = cwd
		cmd.Env = append(os.Environ(), append(env, "PYTHONPYCACHEPREFIX="+prefix)...)
		out, _ := cmd.CombinedOutput() // exit 1: CPython rejects some stdlib files too
		tree := map[string][]byte{}
		filepath.WalkDir(prefix, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(prefix, p)
				tree[rel] = data
			}
			return nil
		})
		if len(tree) == 0 {
			t.Fatalf("%s run wrote nothing:\n%s", name, out)
		}
		return tree
	}
	a := run("serial", "/", "GOMAXPROCS=1")
	b := run("parallel", tmp, "GOMAXPROCS="+strconv.Itoa(runtime.NumCPU()))
	if len(a) != len(b) {
		t.Fatalf("serial run wrote %d files, parallel %d", len(a), len(b))
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			t.Errorf("%s differs between runs", k)
		}
	}
	t.Logf("%d .pyc files identical across GOMAXPROCS=1/-j1 in / and GOMAXPROCS=%d in a temp dir", len(a), runtime.NumCPU())

	// The driver's own path (read buffers, parallel turns, the file
	// writer) must give what CPython's compileall gives, file for file.
	ref := py38.ReferenceTree(t, lib, 0, "")
	same := 0
	filepath.WalkDir(ref, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".pyc") {
			return nil
		}
		rel, _ := filepath.Rel(ref, p)
		want, _ := os.ReadFile(p)
		got, ok := b[rel]
		switch {
		case !ok:
			t.Errorf("%s: CPython wrote it, gopyc did not", rel)
		case !bytes.Equal(got, want):
			t.Errorf("%s: differs from CPython's", rel)
		default:
			same++
		}
		return nil
	})
	if same != len(b) {
		t.Errorf("gopyc wrote %d files, %d of them equal to CPython's", len(b), same)
	}
	t.Logf("%d/%d .pyc files byte-identical to CPython's compileall tree", same, len(b))
}
