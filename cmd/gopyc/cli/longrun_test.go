package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/pyc"
)

func TestLongRun(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "m.py")
	if err := os.WriteFile(file, []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	many := make([]string, pyc.LongRunFiles)
	for i := range many {
		many[i] = file
	}
	lines := func(name string, n int, line string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Repeat(line+"\n", n)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	longList := lines("long.txt", pyc.LongRunFiles, file)
	shortList := lines("short.txt", 3, file)
	entry := `{"src": "` + file + `", "out": "` + file + `c"}`
	longManifest := lines("long.jsonl", pyc.LongRunFiles, entry)
	shortManifest := lines("short.jsonl", 3, entry)
	for _, c := range []struct {
		name string
		argv []string
		want bool
	}{
		{"directory", []string{"-q", "-f", "-j0", dir}, true},
		{"one file", []string{file}, false},
		{"few files", []string{"-f", file, file, file}, false},
		{"many files", many, true},
		{"directory after files", []string{file, dir}, true},
		{"missing directory", []string{filepath.Join(dir, "nope")}, false},
		{"long -i list", []string{"-i", longList}, true},
		{"short -i list", []string{"-i", shortList}, false},
		{"-i from stdin", []string{"-i", "-"}, false},
		{"usage error", []string{"--no-such-flag", dir}, false},
		{"help", []string{"-h", dir}, false},
		{"long manifest", []string{"build", "--manifest", longManifest}, true},
		{"long manifest, = form", []string{"build", "--manifest=" + longManifest}, true},
		{"short manifest", []string{"build", "--manifest", shortManifest}, false},
		{"one action", []string{"build", "--src", file, "--out", file + "c"}, false},
		{"py_compile", []string{"py_compile", dir}, false},
		{"dis", []string{"dis", file}, false},
	} {
		if got := LongRun(c.argv); got != c.want {
			t.Errorf("%s: LongRun(%q) = %v, want %v", c.name, c.argv, got, c.want)
		}
	}
}
