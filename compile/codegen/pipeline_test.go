package codegen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile"
)

// TestGoldenPipeline compiles the golden programs through the whole
// pipeline (our own parser included) and compares with CPython's dumps. It
// needs no interpreter.
func TestGoldenPipeline(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "codegen", "golden")
	paths, err := filepath.Glob(filepath.Join(dir, "*.py"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden inputs in %s", dir)
	}
	for _, p := range paths {
		name := filepath.Base(p)
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		wantData, err := os.ReadFile(strings.TrimSuffix(p, ".py") + ".dump")
		if err != nil {
			t.Fatal(err)
		}
		wantAll := splitRecords(string(wantData))
		for opt := 0; opt < 3; opt++ {
			co, warns, cerr := compile.Compile(src, name, compile.Options{Optimize: opt})
			got := dumpResult(name, opt, co, warns, cerr)
			if d := firstDiff(wantAll[got[0]], got); d != "" {
				t.Errorf("%s -O %d: %s", name, opt, d)
			}
		}
	}
}
