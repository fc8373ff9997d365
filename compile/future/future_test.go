package future

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/internal/py38"
)

// parse returns CPython's trees of srcs (python3.8 needed until our parser
// can stand in).
func parse(t *testing.T, srcs []string) []*ast.Module {
	py := py38.Require(t)
	dir := t.TempDir()
	paths := make([]string, len(srcs))
	for i, s := range srcs {
		paths[i] = filepath.Join(dir, fmt.Sprintf("f%d.py", i))
		if err := os.WriteFile(paths[i], []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := astjson.ParseFiles(py, paths)
	if err != nil {
		t.Fatal(err)
	}
	mods := make([]*ast.Module, len(rs))
	for i, r := range rs {
		if r.Err != "" {
			t.Fatalf("%q: %s", srcs[i], r.Err)
		}
		mods[i] = r.Module
	}
	return mods
}

// TestFlags checks the flags against the CO_FUTURE_* bits CPython gives
// the module code (testdata/symtable/futures.json, from generate.py).
func TestFlags(t *testing.T) {
	_, self, _, _ := runtime.Caller(0)
	data, err := os.ReadFile(filepath.Join(filepath.Dir(self), "..", "..", "testdata", "symtable", "futures.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Src   string `json:"src"`
		Flags int    `json:"flags"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	srcs := make([]string, len(cases))
	for i, c := range cases {
		srcs[i] = c.Src
	}
	mods := parse(t, srcs)
	for i, c := range cases {
		ff, err := Parse(mods[i], "f.py")
		if err != nil || ff.Flags != c.Flags {
			t.Errorf("%q: got %#x, %v; want %#x", c.Src, ff.Flags, err, c.Flags)
		}
	}
}

// TestLineno checks ff_lineno, which the code generator compares with the
// line of each later `from __future__` import.
func TestLineno(t *testing.T) {
	cases := []struct {
		src  string
		want int
	}{
		{"x = 1\n", -1},
		{"", -1},
		{"'doc'\n\nfrom __future__ import division\n", 3},
		{"from __future__ import division\nfrom __future__ import (\n  annotations)\nx = 1\nfrom __future__ import division\n", 2},
		{"x = 1\nfrom __future__ import division\n", -1},
		{"'doc'\n'doc2'\nfrom __future__ import division\n", -1},
	}
	srcs := make([]string, len(cases))
	for i, c := range cases {
		srcs[i] = c.src
	}
	mods := parse(t, srcs)
	for i, c := range cases {
		ff, err := Parse(mods[i], "f.py")
		if err != nil || ff.Lineno != c.want {
			t.Errorf("%q: got line %d, %v; want %d", c.src, ff.Lineno, err, c.want)
		}
	}
	if ff, err := Parse(nil, "f.py"); err != nil || ff != (Features{Lineno: -1}) {
		t.Errorf("nil module: %+v, %v", ff, err)
	}
}

func TestTruncate(t *testing.T) {
	long := ""
	for i := 0; i < 99; i++ {
		long += "x"
	}
	if got := truncate(long+"éé", 100); got != long+"\uFFFD" {
		t.Errorf("truncate split char: %q", got)
	}
	if got := truncate("abc", 100); got != "abc" {
		t.Errorf("truncate short: %q", got)
	}
}
