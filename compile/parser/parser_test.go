package parser

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/internal/py38"
)

// verdict is one line of testdata/parser/astdump.py's output.
type verdict struct {
	Path     string          `json:"path"`
	Dump     *string         `json:"dump"`
	Error    []interface{}   `json:"error"`
	Warnings [][]interface{} `json:"warnings"`
}

// cpythonVerdicts runs astdump.py over paths with python3.8; with cache set
// the output is kept in os.TempDir() and reused.
func cpythonVerdicts(t testing.TB, paths []string, cache string) map[string]*verdict {
	t.Helper()
	exe := py38.Require(t)
	var out []byte
	if cache != "" {
		out, _ = os.ReadFile(cache)
	}
	if out == nil {
		script, err := filepath.Abs("../../testdata/parser/astdump.py")
		if err != nil {
			t.Fatal(err)
		}
		// Two interpreters, each on every other file.
		var parts [2][]string
		for i, p := range paths {
			parts[i%2] = append(parts[i%2], p)
		}
		var outs [2][]byte
		var errs [2]error
		done := make(chan int)
		for k := range parts {
			go func(k int) {
				cmd := exec.Command(exe, "-S", script)
				cmd.Env = append(os.Environ(), "PYTHONHASHSEED=0")
				cmd.Stdin = strings.NewReader(strings.Join(parts[k], "\n") + "\n")
				cmd.Stderr = os.Stderr
				outs[k], errs[k] = cmd.Output()
				done <- k
			}(k)
		}
		<-done
		<-done
		for _, err := range errs {
			if err != nil {
				t.Fatalf("astdump.py: %v", err)
			}
		}
		out = append(outs[0], outs[1]...)
		if cache != "" {
			os.WriteFile(cache, out, 0o644)
		}
	}
	m := map[string]*verdict{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		v := new(verdict)
		if err := json.Unmarshal(sc.Bytes(), v); err != nil {
			t.Fatal(err)
		}
		m[v.Path] = v
	}
	return m
}

// formatError renders an error the way the verdict's error list reads.
func formatError(e *diag.Error) string {
	text := "None"
	if e.HasText {
		text = fmt.Sprintf("%q", e.Text)
	}
	if e.Lineno == 0 && e.Class != "SyntaxError" {
		return fmt.Sprintf("%s: %s", e.Class, e.Msg)
	}
	return fmt.Sprintf("%s: %s (line %d, offset %d, text %s)", e.Class, e.Msg, e.Lineno, e.Offset, text)
}

func formatVerdictError(v []interface{}) string {
	num := func(x interface{}) int {
		if f, ok := x.(float64); ok {
			return int(f)
		}
		return 0
	}
	text := "None"
	if s, ok := v[4].(string); ok {
		text = fmt.Sprintf("%q", s)
	}
	if v[2] == nil && v[0] != "SyntaxError" {
		return fmt.Sprintf("%s: %s", v[0], v[1])
	}
	return fmt.Sprintf("%s: %s (line %d, offset %d, text %s)", v[0], v[1], num(v[2]), num(v[3]), text)
}

// compare returns "" when our result for path equals CPython's verdict.
// It parses with ps when not nil, else with ParseFile.
func compare(ps *Parser, path string, v *verdict, withWarnings bool) string {
	src, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	parse := ParseFile
	if ps != nil {
		parse = ps.ParseFile
	}
	mod, warns, perr := parse(src, path)
	if v.Error != nil {
		want := formatVerdictError(v.Error)
		if perr == nil {
			return "want error " + want + ", got a tree"
		}
		got := formatError(perr.(*diag.Error))
		if got != want {
			return "error:\n  got  " + got + "\n  want " + want
		}
		return ""
	}
	if perr != nil {
		return "unexpected error " + formatError(perr.(*diag.Error))
	}
	got := ast.Dump(mod, true)
	if got != *v.Dump {
		return "dump differs: " + firstDiff(got, *v.Dump)
	}
	if withWarnings {
		var g, w []string
		fn := func(s interface{}) interface{} {
			if s == "<fstring>" {
				return s
			}
			return "FILE"
		}
		for _, x := range warns {
			g = append(g, fmt.Sprintf("%s:%d:%s:%s", x.Category, x.Lineno, fn(x.Filename), x.Msg))
		}
		for _, x := range v.Warnings {
			w = append(w, fmt.Sprintf("%s:%v:%s:%s", x[0], x[2], fn(x[3]), x[1]))
		}
		if strings.Join(g, "\n") != strings.Join(w, "\n") {
			return "warnings:\n  got  " + strings.Join(g, "\n       ") + "\n  want " + strings.Join(w, "\n       ")
		}
	}
	return ""
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := i - 150
	if lo < 0 {
		lo = 0
	}
	cut := func(s string) string {
		hi := i + 100
		if hi > len(s) {
			hi = len(s)
		}
		if lo > len(s) {
			return ""
		}
		return s[lo:hi]
	}
	return fmt.Sprintf("at byte %d\n  got  ...%s\n  want ...%s", i, cut(a), cut(b))
}

// TestStdlib parses every file of the installed 3.8 standard library and
// compares ast.dump(include_attributes=True), or the error, with CPython's.
// One Parser parses them all, so recycled trees are checked too.
func TestStdlib(t *testing.T) {
	files := py38.StdlibFiles(t)
	cache := filepath.Join(os.TempDir(), "gopyc-parser-stdlib-verdicts.jsonl")
	vs := cpythonVerdicts(t, files, cache)
	var ps Parser
	equal, shown := 0, 0
	for _, f := range files {
		v := vs[f]
		if v == nil {
			t.Errorf("%s: no CPython verdict (stale cache %s?)", f, cache)
			continue
		}
		if d := compare(&ps, f, v, true); d != "" {
			if shown < 15 {
				t.Errorf("%s: %s", f, d)
			}
			shown++
			continue
		}
		equal++
	}
	t.Logf("stdlib: %d/%d equal", equal, len(files))
}

// TestGolden compares our parse of each testdata/parser/golden/*.py with
// the dump (or error) and warnings CPython 3.8 gave (gen_golden.py).
func TestGolden(t *testing.T) {
	dir := "../../testdata/parser/golden"
	files, _ := filepath.Glob(filepath.Join(dir, "*.py"))
	if len(files) < 60 {
		t.Fatalf("only %d golden files", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(strings.TrimSuffix(f, ".py") + ".json")
		if err != nil {
			t.Fatal(err)
		}
		v := new(verdict)
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatal(err)
		}
		// The golden was made with the path relative to the golden folder.
		wd, _ := os.Getwd()
		os.Chdir(dir)
		d := compare(nil, filepath.Base(f), v, true)
		os.Chdir(wd)
		if d != "" {
			t.Errorf("%s: %s", filepath.Base(f), d)
		}
	}
}

// TestMutants compares our verdict with CPython's on the output of
// testdata/parser/mutants.py, named by GOPYC_MUTANTS (a fuzzing aid; it
// does not run by default).
func TestMutants(t *testing.T) {
	path := os.Getenv("GOPYC_MUTANTS")
	if path == "" {
		t.Skip("set GOPYC_MUTANTS to the output of testdata/parser/mutants.py")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	n, bad := 0, 0
	for sc.Scan() {
		var c struct {
			verdict
			SrcHex  string `json:"src_hex"`
			FString bool   `json:"fstring"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		n++
		src, _ := hex.DecodeString(c.SrcHex)
		tmp := filepath.Join(t.TempDir(), "m.py")
		os.WriteFile(tmp, src, 0o644)
		v := c.verdict
		v.Path = c.Path
		if d := compare(nil, tmp, &v, true); d != "" {
			bad++
			if bad <= 30 {
				t.Errorf("mutant %d %q: %s", n, src, d)
			}
		}
	}
	t.Logf("mutants: %d/%d equal", n-bad, n)
}

// TestDecodedAfterBadSource: a file the decoder rejects decodes nothing,
// whatever the Parser's previous file decoded.
func TestDecodedAfterBadSource(t *testing.T) {
	var ps Parser
	if _, _, err := ps.ParseFile([]byte("x = '\\N{BULLET}'\n\u00e9 = 1\n"), "a.py"); err != nil {
		t.Fatal(err)
	}
	if named, names := ps.Decoded(); !named || len(names) != 1 {
		t.Fatalf("first file: Decoded() = %v, %q", named, names)
	}
	if _, _, err := ps.ParseFile([]byte("# coding: bogus\nx = 1\n"), "b.py"); err == nil {
		t.Fatal("second file: want a decoding error")
	}
	if named, names := ps.Decoded(); named || len(names) != 0 {
		t.Errorf("after a decoding error: Decoded() = %v, %q, want nothing", named, names)
	}
}
