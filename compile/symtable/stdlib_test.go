package symtable

import (
	"bufio"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/internal/py38"
)

type cpyResult struct {
	Path  string `json:"path"`
	Dump  string `json:"dump"`
	Error *struct {
		Class  string `json:"class"`
		Msg    string `json:"msg"`
		Lineno int    `json:"lineno"`
		Offset int    `json:"offset"`
	} `json:"error"`
}

func testdataDir() string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "..", "..", "testdata", "symtable")
}

// cpythonDumps runs stdump.py over paths.
func cpythonDumps(py string, paths []string) ([]cpyResult, error) {
	cmd := exec.Command(py, "-S", filepath.Join(testdataDir(), "stdump.py"))
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\n") + "\n")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var res []cpyResult
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	for sc.Scan() {
		var r cpyResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			cmd.Process.Kill()
			return nil, err
		}
		res = append(res, r)
	}
	if err := cmd.Wait(); err != nil {
		return nil, errors.New("stdump.py: " + err.Error() + ": " + stderr.String())
	}
	if len(res) != len(paths) {
		return nil, errors.New("stdump.py answered for fewer files than asked")
	}
	return res, nil
}

// compareWithCPython builds the symbol table of each file from CPython's
// own AST and compares it with CPython's symbol table; it returns the
// number of files compared and equal.
func compareWithCPython(t *testing.T, py string, paths []string) (compared, equal, errs int) {
	var (
		trees []astjson.Result
		terr  error
		done  = make(chan struct{})
	)
	go func() {
		trees, terr = astjson.ParseFiles(py, paths)
		close(done)
	}()
	want, err := cpythonDumps(py, paths)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if terr != nil {
		t.Fatal(terr)
	}
	shown := 0
	var futPaths []string
	futErrs := map[string]error{}
	for i, tr := range trees {
		if tr.Err != "" {
			continue // CPython's parser rejects it: not a symtable matter
		}
		compared++
		w := want[i]
		if w.Error != nil {
			errs++
		}
		fut, ferr := future.Parse(tr.Module, tr.Path)
		got, err := Build(tr.Module, tr.Path, fut)
		var msg string
		switch {
		case w.Error != nil:
			var de *diag.Error
			if err == nil || !errors.As(err, &de) {
				msg = "want error " + w.Error.Class + ": " + w.Error.Msg + ", got none"
			} else if de.Class != w.Error.Class || de.Msg != w.Error.Msg || de.Lineno != w.Error.Lineno || de.Offset != w.Error.Offset {
				msg = "error mismatch:\n got " + errString(de) + "\nwant " + w.Error.Class + ": " + w.Error.Msg + " @" + itoa(w.Error.Lineno) + ":" + itoa(w.Error.Offset)
			}
		case err != nil:
			msg = "unexpected error " + err.Error()
		case ferr != nil:
			// Checked below against compile(), which runs future.c.
			futPaths = append(futPaths, tr.Path)
			futErrs[tr.Path] = ferr
			continue
		default:
			if g := dump(got); g != w.Dump {
				msg = firstDiff(g, w.Dump)
			}
		}
		if msg == "" {
			equal++
			continue
		}
		if shown < 15 {
			t.Errorf("%s: %s", tr.Path, msg)
		}
		shown++
	}
	if len(futPaths) > 0 {
		want, err := compileErrors(py, futPaths)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range futPaths {
			var de *diag.Error
			errors.As(futErrs[p], &de)
			if w := want[i]; de == nil || w.Error == nil || de.Class != w.Error.Class || de.Msg != w.Error.Msg || de.Lineno != w.Error.Lineno || de.Offset != w.Error.Offset {
				t.Errorf("%s: future error %v, compile() says %+v", p, futErrs[p], w.Error)
				continue
			}
			equal++
		}
	}
	return compared, equal, errs
}

// compileErrors has CPython compile each path and reports what it raises.
func compileErrors(py string, paths []string) ([]cpyResult, error) {
	const script = `
import json, sys
for p in sys.stdin.read().split("\n"):
    if not p: continue
    r = {"path": p}
    try:
        compile(open(p, "rb").read(), p, "exec", dont_inherit=True)
    except SyntaxError as e:
        r["error"] = {"class": type(e).__name__, "msg": e.msg, "lineno": e.lineno or 0, "offset": e.offset or 0}
    print(json.dumps(r))
`
	cmd := exec.Command(py, "-S", "-c", script)
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	var res []cpyResult
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r cpyResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, err
		}
		res = append(res, r)
	}
	if len(res) != len(paths) {
		return nil, errors.New("compile script answered for fewer files than asked")
	}
	return res, nil
}

func errString(e *diag.Error) string {
	return e.Class + ": " + e.Msg + " @" + itoa(e.Lineno) + ":" + itoa(e.Offset)
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// firstDiff describes the first line where got and want differ, with the
// block header it falls in.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	header := ""
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "in block " + header + ":\n got " + gl + "\nwant " + wl
		}
		if !strings.HasPrefix(wl, " ") {
			header = wl
		}
	}
	return "?"
}

// TestStdlib compares the symbol table of every standard library file with
// CPython's.
func TestStdlib(t *testing.T) {
	py := py38.Require(t)
	files := py38.StdlibFiles(t)
	if testing.Short() {
		files = files[:200]
	}
	compared, equal, errs := compareWithCPython(t, py, files)
	t.Logf("stdlib symtables: %d/%d equal (%d of them errors; %d files, the rest rejected by CPython's parser)", equal, compared, errs, len(files))
}
