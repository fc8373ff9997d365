package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gopyc/gopyc/internal/py38"
)

// useGopycCompiler is the single switch between the two ways of running
// the parity table. false: the CLI runs in-process with CPython's compiler
// (testdata/cli/oracle.py) behind it, which checks everything but the
// compiler, and .pyc bodies may differ from compileall's only in marshal
// reference flags. true: the real gopyc binary runs, and every .pyc must be
// byte-identical. Flip it once compile.Compile handles the fixture.
const useGopycCompiler = false

// fixture writes the test tree into root, every file with the same mtime
// so that timestamp headers of the two runs agree.
func fixture(t *testing.T, root string) {
	files := map[string]string{
		"good.py":                "x = 1\n",
		"warn.py":                "def f(x):\n    if x is 1:\n        return '\\d'\n",
		"bad_syntax.py":          "def f(:\n    pass\n",
		"bad_indent.py":          "if 1:\nx = 1\n",
		"bad_tab.py":             "if 1:\n\tx = 1\n        y = 2\n",
		"nul.py":                 "x = 1\x00\n",
		"enc.py":                 "# -*- coding: latin-1 -*-\ns = '\xe9'\n",
		"badenc.py":              "# coding: nope\n",
		"sym.py":                 "x = 1\nnonlocal x\n",
		"uni_err.py":             "s = '\u00e9\u4e2d' +\n",
		"README.txt":             "not python\n",
		".py":                    "y = 2\n",
		"x.PY":                   "y = 2\n",
		"caf\xe9.py":             "z = 3\n",
		"__main__.py":            "s = '\\d'\nassert (s, 'msg')\n",
		"__pycache__/stale.py":   "x = 1\n",
		"pkg/__init__.py":        "",
		"pkg/mod.py":             "def g():\n    return 2\n",
		"pkg/sub/deep.py":        "class C:\n    '''doc'''\n    pass\n",
		"pkg/sub/sub2/deeper.py": "assert 1, 'x'\n",
		"pkg/dir.py/inner.py":    "a = 1\n",
		"pkg/sub/sub2/s3/s4.py":  "b = 1\n",
		"list.txt":               "good.py\n\npkg\n  warn.py  \nmissing.py\n",
		"space name.py":          "q = 1\n",
		"it's.py":                "q = 2\n",
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	stamp := time.Unix(1700000000, 500000000)
	for _, n := range names {
		p := filepath.Join(root, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(files[n]), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, stamp, stamp)
	}
	os.Chmod(filepath.Join(root, "pkg/mod.py"), 0o600)
	os.Symlink("pkg", filepath.Join(root, "link_dir"))
	os.Symlink("good.py", filepath.Join(root, "link_file.py"))
	os.Symlink("nowhere", filepath.Join(root, "broken.py"))
}

type parityCase struct {
	name string
	args []string // gopyc's arguments
	// ref is how CPython is run: interpreter flags, then "-m compileall",
	// then its arguments; nil means args.
	pyflags, ref []string
	env          map[string]string // $BASE is replaced by the scratch directory
	setup        func(root string) // after the fixture
	// moreRefs are interpreter flags of further CPython runs whose files
	// join the expected tree (3.9's repeated -o against 3.8's -O runs);
	// stdout is compared with the first run only, stderr not at all (each
	// level's compilation warns again).
	moreRefs [][]string
	twice    bool // compare the second of two runs
	usage    bool // argument error: compare status and error line
}

var parityCases = []parityCase{
	{name: "scoreboard", args: []string{"-q", "-f", "."}, env: map[string]string{"PYTHONPYCACHEPREFIX": "$BASE/cache"}},
	{name: "default", args: []string{"."}},
	{name: "abs-dir", args: []string{"$BASE/tree"}},
	{name: "files-and-dirs", args: []string{"-f", "pkg", "good.py", "nonexist", "warn.py", "link_file.py", "broken.py"}},
	{name: "maxlevels0", args: []string{"-l", "."}},
	{name: "recursion1", args: []string{"-r", "1", "."}},
	{name: "recursion-wins", args: []string{"-l", "-r", "2", "pkg/"}},
	{name: "recursion-joined", args: []string{"-r3", "-qf", "pkg"}},
	{name: "rx", args: []string{"-x", "bad", "."}},
	{name: "rx-anchored", args: []string{"-x", `(deep|mod)\.py\Z`, "pkg"}},
	{name: "flist", args: []string{"-i", "list.txt"}},
	{name: "flist-plus", args: []string{"-i", "list.txt", "good.py"}},
	{name: "flist-missing", args: []string{"-i", "nolist.txt", "good.py"}},
	{name: "quiet1", args: []string{"-q", "."}},
	{name: "quiet2", args: []string{"-qq", "."}},
	{name: "legacy", args: []string{"-b", "."}},
	{name: "ddir", args: []string{"-d", "/ddir", "."}},
	{name: "ddir-files", args: []string{"-d", "rel/dd", "warn.py", "sym.py", "pkg"}},
	{name: "checked-hash", args: []string{"--invalidation-mode", "checked-hash", "-f", "."}},
	{name: "unchecked-hash", args: []string{"--invalidation-mode=unchecked-hash", "pkg"}},
	{name: "source-date-epoch", args: []string{"pkg"}, env: map[string]string{"SOURCE_DATE_EPOCH": "1"}},
	{name: "up-to-date", args: []string{"."}, twice: true},
	{name: "up-to-date-hash", args: []string{"--invalidation-mode", "checked-hash", "pkg"}, twice: true},
	{name: "O", args: []string{"-O", "."}, pyflags: []string{"-O"}, ref: []string{"."}},
	{name: "OO", args: []string{"-OO", "-q", "pkg"}, pyflags: []string{"-OO"}, ref: []string{"-q", "pkg"}},
	{name: "o2", args: []string{"-o", "2", "pkg"}, pyflags: []string{"-OO"}, ref: []string{"pkg"}},
	{name: "o-levels", args: []string{"-o", "2", "-o", "0", "-o1", "-o", "-1", "-f", "."}, ref: []string{"-f", "."},
		moreRefs: [][]string{{"-O"}, {"-OO"}}},
	{name: "X-prefix", args: []string{"-X", "pycache_prefix=$BASE/xcache", "-q", "."},
		pyflags: []string{"-X", "pycache_prefix=$BASE/xcache"}, ref: []string{"-q", "."},
		env: map[string]string{"PYTHONPYCACHEPREFIX": "$BASE/other"}},
	{name: "X-prefix-empty", args: []string{"-Xpycache_prefix=", "pkg"},
		pyflags: []string{"-Xpycache_prefix="}, ref: []string{"pkg"},
		env: map[string]string{"PYTHONPYCACHEPREFIX": "$BASE/other"}},
	{name: "prefix-relative-inside", args: []string{"."}, env: map[string]string{"PYTHONPYCACHEPREFIX": "zcache"}},
	{name: "prefix-relative-files", args: []string{"good.py", "./pkg/../warn.py"}, env: map[string]string{"PYTHONPYCACHEPREFIX": "../pfx/"}},
	{name: "duplicates", args: []string{"good.py", "./good.py", "pkg/../good.py", "good.py"}},
	{name: "workers", args: []string{"-j", "3", "."}, ref: []string{"."}},
	{name: "workers0", args: []string{"-j0", "-q", "."}, ref: []string{"-q", "."}},
	{name: "main-deprecation", args: []string{"__main__.py", "./__main__.py"}},
	{name: "missing", args: []string{"nonexist"}},
	{name: "missing-quiet", args: []string{"-qq", "nonexist"}},
	{name: "symlink-target", args: []string{"good.py", "pkg"}, setup: func(root string) {
		os.MkdirAll(filepath.Join(root, "__pycache__"), 0o755)
		os.Symlink("elsewhere", filepath.Join(root, "__pycache__/good.cpython-38.pyc"))
		os.MkdirAll(filepath.Join(root, "pkg/__pycache__/mod.cpython-38.pyc"), 0o755)
	}},
	{name: "unreadable-pycache", args: []string{"-q", "good.py"}, setup: func(root string) {
		os.WriteFile(filepath.Join(root, "__pycache__"), nil, 0o644)
	}},
	{name: "usage-unknown", args: []string{"-z"}, usage: true},
	{name: "usage-split-positionals", args: []string{"a", "-q", "b"}, usage: true},
	{name: "usage-int", args: []string{"-r", "x"}, usage: true},
	{name: "usage-choice", args: []string{"--invalidation-mode", "foo"}, usage: true},
	{name: "usage-missing-value", args: []string{"-d"}, usage: true},
	{name: "long-prefixes", args: []string{"--wor=2", "--inv", "timestamp", "nonexist"}},
	{name: "double-dash", args: []string{"-q", "--", "good.py", "pkg"}},
}

type runResult struct {
	stdout, stderr string
	rc             int
	files          map[string]fileState
}

type fileState struct {
	data string
	mode os.FileMode
	link string
}

func TestParity(t *testing.T) {
	python := py38.Require(t)
	base := t.TempDir()
	base, _ = filepath.EvalSymlinks(base)
	root := filepath.Join(base, "tree")
	os.Mkdir(root, 0o755)
	old, _ := os.Getwd()
	script, _ := filepath.Abs("../../../testdata/cli/oracle.py")
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(old)
	orc, err := startOracle(python, script, root)
	if err != nil {
		t.Fatal(err)
	}
	defer orc.close()
	oldMask := syscall.Umask(0o022)
	defer syscall.Umask(oldMask)
	var gopyc string
	if useGopycCompiler {
		gopyc = filepath.Join(base, "gopyc")
		cmd := exec.Command("go", "build", "-o", gopyc, "github.com/gopyc/gopyc/cmd/gopyc")
		cmd.Dir = old
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
	} else {
		t.Log("LOUD: parity runs with CPython's compiler behind the CLI (useGopycCompiler=false); .pyc bodies are compared as decoded code objects")
	}
	subst := func(s string) string { return strings.ReplaceAll(s, "$BASE", base) }
	for _, c := range parityCases {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range c.env {
				env[k] = subst(v)
			}
			args := make([]string, len(c.args))
			for i, a := range c.args {
				args[i] = subst(a)
			}
			ref := args
			if c.ref != nil {
				ref = nil
				for _, a := range c.ref {
					ref = append(ref, subst(a))
				}
			}
			var pyflags []string
			for _, a := range c.pyflags {
				pyflags = append(pyflags, subst(a))
			}
			runRef1 := func(pyflags []string) runResult {
				cmd := exec.Command(python, append(append(append([]string{"-S"}, pyflags...), "-m", "compileall"), ref...)...)
				cmd.Env = cleanEnv(env)
				cmd.Dir = root
				var so, se bytes.Buffer
				cmd.Stdout, cmd.Stderr = &so, &se
				err := cmd.Run()
				rc := 0
				if ee, ok := err.(*exec.ExitError); ok {
					rc = ee.ExitCode()
				} else if err != nil {
					t.Fatal(err)
				}
				return runResult{stdout: so.String(), stderr: se.String(), rc: rc}
			}
			runRef := func() runResult {
				r := runRef1(pyflags)
				for _, f := range c.moreRefs {
					runRef1(f)
				}
				return r
			}
			runOurs := func() runResult {
				var so, se bytes.Buffer
				rc := 0
				if useGopycCompiler {
					cmd := exec.Command(gopyc, args...)
					cmd.Env = cleanEnv(env)
					cmd.Dir = root
					cmd.Stdout, cmd.Stderr = &so, &se
					if err := cmd.Run(); err != nil {
						ee, ok := err.(*exec.ExitError)
						if !ok {
							t.Fatal(err)
						}
						rc = ee.ExitCode()
					}
				} else {
					rc = Main(args, &Env{
						Stdin: strings.NewReader(""), Stdout: &so, Stderr: &se,
						Getenv:     func(k string) string { return env[k] },
						Compile:    orc.Compile,
						SourceLine: testSourceLine,
					})
				}
				return runResult{stdout: so.String(), stderr: se.String(), rc: rc}
			}
			run := func(f func() runResult) runResult {
				reset(t, base, root)
				fixture(t, root)
				if c.setup != nil {
					c.setup(root)
				}
				r := f()
				if c.twice {
					r = f()
				}
				r.files = snapshot(base)
				return r
			}
			want := run(runRef)
			got := run(runOurs)
			if c.usage {
				if got.rc != want.rc || lastLine(got.stderr) != strings.Replace(lastLine(want.stderr), "compileall.py: ", "gopyc: ", 1) {
					t.Errorf("usage error: got rc %d %q, want rc %d %q", got.rc, lastLine(got.stderr), want.rc, lastLine(want.stderr))
				}
				return
			}
			if got.rc != want.rc {
				t.Errorf("exit status %d, want %d", got.rc, want.rc)
			}
			if got.stdout != want.stdout {
				t.Errorf("stdout differs:\n--- gopyc\n%s\n--- compileall\n%s", got.stdout, want.stdout)
			}
			if got.stderr != want.stderr && c.moreRefs == nil {
				t.Errorf("stderr differs:\n--- gopyc\n%s\n--- compileall\n%s", got.stderr, want.stderr)
			}
			compareTrees(t, orc, got.files, want.files)
		})
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func cleanEnv(extra map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PYTHONPYCACHEPREFIX", "SOURCE_DATE_EPOCH", "PYTHONDONTWRITEBYTECODE", "PYTHONOPTIMIZE", "PYTHONWARNINGS":
			continue
		}
		env = append(env, kv)
	}
	// CPython must not cache its own modules into a prefix tree under test.
	env = append(env, "PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1")
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	return env
}

// reset empties base except the tree directory itself, whose contents go:
// the oracle process keeps it as its working directory.
func reset(t *testing.T, base, root string) {
	for _, dir := range []string{base, root} {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			p := filepath.Join(dir, e.Name())
			if p == root || e.Name() == "gopyc" {
				continue
			}
			if err := os.RemoveAll(p); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func snapshot(base string) map[string]fileState {
	m := map[string]fileState{}
	filepath.Walk(base, func(p string, fi os.FileInfo, err error) error {
		if err != nil || p == base || filepath.Base(p) == "gopyc" {
			return nil
		}
		rel, _ := filepath.Rel(base, p)
		st := fileState{mode: fi.Mode()}
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			st.link, _ = os.Readlink(p)
		case fi.Mode().IsRegular():
			data, _ := os.ReadFile(p)
			st.data = string(data)
		}
		m[rel] = st
		return nil
	})
	return m
}

func compareTrees(t *testing.T, orc *oracle, got, want map[string]fileState) {
	t.Helper()
	for p, w := range want {
		g, ok := got[p]
		if !ok {
			t.Errorf("missing %s", p)
			continue
		}
		if g.mode != w.mode || g.link != w.link {
			t.Errorf("%s: mode %v link %q, want %v %q", p, g.mode, g.link, w.mode, w.link)
		}
		if g.data == w.data {
			continue
		}
		if strings.HasSuffix(p, ".pyc") && !useGopycCompiler && len(g.data) >= 16 && len(w.data) >= 16 &&
			g.data[:16] == w.data[:16] && orc.same([]byte(g.data[16:]), []byte(w.data[16:])) {
			continue // reference flags only: refcounts differ between processes
		}
		t.Errorf("%s: contents differ\n got %q\nwant %q", p, clip(g.data), clip(w.data))
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("extra %s", p)
		}
	}
}

func clip(s string) string {
	if len(s) > 48 {
		return s[:48] + "..."
	}
	return s
}

// testSourceLine stands in for cmd/gopyc's linecache emulation: UTF-8 and
// Latin-1 files are all the fixture needs.
func testSourceLine(filename string, lineno int) string {
	raw, err := os.ReadFile(filename)
	if err != nil {
		return ""
	}
	lines := strings.SplitAfter(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\n")
	if lineno < 1 || lineno > len(lines) || lines[lineno-1] == "" {
		return ""
	}
	l := lines[lineno-1]
	if !strings.HasSuffix(l, "\n") {
		l += "\n"
	}
	return l
}
