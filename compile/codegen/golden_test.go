package codegen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/internal/py38"
)

// TestGolden compiles each testdata/codegen/golden/*.py (parsed by CPython
// through astjson) at -O 0, 1 and 2 and compares the dump with the one
// CPython produced (gen.py).
func TestGolden(t *testing.T) {
	testGoldenDir(t, filepath.Join("..", "..", "testdata", "codegen", "golden"))
}

// TestGoldenRaw does the same on the padded programs of testdata/codegen/raw
// whose code objects CPython did not optimize, so bytecode, line tables and
// stack depths are compared exactly even while compile/peephole is a stub.
func TestGoldenRaw(t *testing.T) {
	testGoldenDir(t, filepath.Join("..", "..", "testdata", "codegen", "raw"))
}

func testGoldenDir(t *testing.T, dir string) {
	python := py38.Require(t)
	paths, err := filepath.Glob(filepath.Join(dir, "*.py"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden inputs in %s", dir)
	}
	mask := peepholeIsStub()
	if mask {
		t.Log("peephole is a stub: bytecode, lnotab and appended constants are not compared")
	}
	var trees [3][]astjson.Result
	for opt := 0; opt < 3; opt++ {
		trees[opt], err = astjson.ParseFiles(python, paths)
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range paths {
		name := filepath.Base(p)
		wantData, err := os.ReadFile(strings.TrimSuffix(p, ".py") + ".dump")
		if err != nil {
			t.Errorf("%s: %v (run testdata/codegen/gen.py)", name, err)
			continue
		}
		wantAll := splitRecords(string(wantData))
		for opt := 0; opt < 3; opt++ {
			r := trees[opt][i]
			if r.Err != "" {
				continue // rejected by CPython's parser: not codegen's concern
			}
			co, warns, cerr := compileAST(r.Module, name, opt)
			got := dumpResult(name, opt, co, warns, cerr)
			want := wantAll[got[0]]
			if mask {
				want, got = maskPeephole(want, got)
			}
			if d := firstDiff(want, got); d != "" {
				t.Errorf("%s -O %d: %s", name, opt, d)
			}
		}
	}
}

// splitRecords splits dump.py output into records keyed by header line.
func splitRecords(s string) map[string][]string {
	recs := make(map[string][]string)
	var cur string
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if strings.HasPrefix(line, "== ") {
			cur = line
		}
		recs[cur] = append(recs[cur], line)
	}
	return recs
}
