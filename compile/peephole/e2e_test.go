package peephole_test

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/compile/astopt"
	"github.com/gopyc/gopyc/compile/codegen"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

type record struct {
	File, Code string
	CoCode     string `json:"co_code"`
	Lnotab     string
	Consts     []string
}

func walk(co *marshal.Code, path, file string, out *[]record) {
	path += "/" + co.Name.V
	r := record{File: file, Code: path, CoCode: hex.EncodeToString(co.Code.V), Lnotab: hex.EncodeToString(co.LNoTab.V)}
	for _, c := range co.Consts.Items {
		r.Consts = append(r.Consts, astjson.Canon(c))
	}
	*out = append(*out, r)
	for _, c := range co.Consts.Items {
		if sub, ok := c.(*marshal.Code); ok {
			walk(sub, path, file, out)
		}
	}
}

// TestEndToEnd compiles the programs of testdata/peephole (written to
// exercise each rewrite, EXTENDED_ARG and the line-table bail-out) through
// the whole pipeline and compares the fields the optimizer decides with
// CPython's (testdata/peephole/gen_expected.py).
func TestEndToEnd(t *testing.T) {
	python := py38.Require(t)
	dir := filepath.Join("..", "..", "testdata", "peephole")
	f, err := os.Open(filepath.Join(dir, "expected.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string][]record{}
	var files []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if want[r.File] == nil {
			files = append(files, r.File)
		}
		want[r.File] = append(want[r.File], r)
	}
	n, equal := 0, 0
	for _, name := range files {
		path := filepath.Join(dir, name)
		mod, err := astjson.ParseFile(python, path)
		if err != nil {
			t.Fatal(err)
		}
		fut, err := future.Parse(mod, name)
		if err != nil {
			t.Fatal(err)
		}
		astopt.Optimize(mod, 0)
		st, err := symtable.Build(mod, name, fut)
		if err != nil {
			t.Fatal(err)
		}
		co, _, err := codegen.Compile(mod, st, fut, name, codegen.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []record
		walk(co, "", name, &got)
		if len(got) != len(want[name]) {
			t.Errorf("%s: %d code objects, CPython %d", name, len(got), len(want[name]))
			continue
		}
		for i, g := range got {
			w := want[name][i]
			n++
			switch {
			case g.CoCode != w.CoCode:
				t.Errorf("%s %s: co_code\n got  %s\n want %s", name, w.Code, g.CoCode, w.CoCode)
			case g.Lnotab != w.Lnotab:
				t.Errorf("%s %s: co_lnotab\n got  %s\n want %s", name, w.Code, g.Lnotab, w.Lnotab)
			case strings.Join(g.Consts, " ") != strings.Join(w.Consts, " "):
				t.Errorf("%s %s: co_consts\n got  %v\n want %v", name, w.Code, g.Consts, w.Consts)
			default:
				equal++
			}
		}
	}
	t.Logf("peephole end to end: %d/%d code objects equal", equal, n)
}
