//go:build unix

package cli

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gopyc/gopyc/dis"
	"github.com/gopyc/gopyc/internal/py38"
)

// useGopycCompiler is the single switch between the two ways of running
// the parity table. false: the CLI runs in-process with CPython's compiler
// (testdata/cli/oracle.py) behind it, which checks everything but the
// compiler, and .pyc bodies may differ from compileall's only in marshal
// reference flags. true: the real gopyc binary runs, and every .pyc must be
// byte-identical. Flip it once compile.Compile handles the fixture.
const useGopycCompiler = true

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
		// Bytes that depend on the compiling process: struct's "pack" is
		// held by compileall's process, not by py_compile's; a \N escape
		// makes CPython import unicodedata, whose names a later file uses.
		"held.py":       "def f(s, x):\n    return s.pack(x)\n",
		"named.py":      "x = \"\\N{BULLET}\"\n",
		"named_next.py": "def f(y):\n    return y.ucd_3_2_0\n",
		// The parser's stack overflows: a line on stderr, then MemoryError.
		"deep.py": "x = " + strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100) + "\n",
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
	merged   bool // stdout and stderr into one pipe, compared as stdout

	// refModule is the module CPython runs: "compileall" when empty,
	// "py_compile" or "dis" (whose stdout is compared with code addresses
	// masked). refCode, when set, runs "python -c refCode" instead.
	refModule, refCode string
	stdin              string // standard input of both runs
	between            func(root string)
	// tb: CPython dies of an uncaught exception; only the last line of
	// stderr (the exception) is compared.
	tb bool
	// filesOnly compares exit status and files, not the messages (build
	// mode, whose messages have no CPython counterpart).
	filesOnly bool
	// ext documents a gopyc extension: it maps CPython's stdout to what
	// gopyc prints instead.
	ext func(stdout string) string
	// noRef: no CPython run can produce the expectation (3.9+ behaviour
	// or a gopyc-only command); wantRC, wantStdout and wantUsage (the
	// usage error line) are the hand-written expectations, sourced in the
	// case's comment.
	noRef      bool
	wantRC     int
	wantStdout *string
	wantUsage  string
	check      func(t *testing.T, base string)
}

func str(s string) *string { return &s }

// dropCompiling is the hash-mode up-to-date extension: gopyc skips the
// files compileall recompiles (all of them when keep is "").
func dropCompiling(keep string) func(string) string {
	return func(s string) string {
		var b strings.Builder
		for _, l := range strings.SplitAfter(s, "\n") {
			if strings.HasPrefix(l, "Compiling ") && (keep == "" || !strings.Contains(l, keep)) {
				continue
			}
			b.WriteString(l)
		}
		return b.String()
	}
}

// pyCompileRef is the CPython side of a build-mode case: py_compile.compile
// per action, exit status 1 if any raised.
const pyCompileRef = `import py_compile, sys, os
rc = 0
for a in ACTIONS:
    try:
        if a.get("mtime") is not None: os.utime(a["src"], (a["mtime"], a["mtime"]))
        py_compile.compile(a["src"], a["out"], a.get("name"), True, optimize=a.get("optimize", -1),
            invalidation_mode=py_compile.PycInvalidationMode[a["mode"]] if a.get("mode") else None)
    except Exception as e:
        print(e, file=sys.stderr); rc = 1
sys.exit(rc)
`

func buildRef(actions string) string { return strings.Replace(pyCompileRef, "ACTIONS", actions, 1) }

// sameInode checks --hardlink-dupes: the files in each group are one file.
func sameInode(groups ...[]string) func(t *testing.T, base string) {
	return func(t *testing.T, base string) {
		for _, g := range groups {
			var first os.FileInfo
			for _, p := range g {
				fi, err := os.Stat(filepath.Join(base, "tree", p))
				if err != nil {
					t.Errorf("%s: %v", p, err)
					continue
				}
				if first == nil {
					first = fi
				} else if !os.SameFile(first, fi) {
					t.Errorf("%s is not a hard link of %s", p, g[0])
				}
			}
		}
	}
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
	// Both streams into one pipe: the warnings between the lines of the
	// file they belong to, as CPython writing unbuffered prints them (or
	// line-buffered, to a terminal).
	{name: "merged", args: []string{"-f", "."}, merged: true, env: map[string]string{"PYTHONUNBUFFERED": "1"}},
	{name: "merged-quiet", args: []string{"-q", "-f", "."}, merged: true, env: map[string]string{"PYTHONUNBUFFERED": "1"}},
	{name: "legacy", args: []string{"-b", "."}},
	{name: "ddir", args: []string{"-d", "/ddir", "."}},
	{name: "ddir-files", args: []string{"-d", "rel/dd", "warn.py", "sym.py", "pkg"}},
	{name: "checked-hash", args: []string{"--invalidation-mode", "checked-hash", "-f", "."}},
	{name: "unchecked-hash", args: []string{"--invalidation-mode=unchecked-hash", "pkg"}},
	{name: "source-date-epoch", args: []string{"pkg"}, env: map[string]string{"SOURCE_DATE_EPOCH": "1"}},
	{name: "up-to-date", args: []string{"."}, twice: true},
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

	// Hash-mode up-to-date skipping (gopyc extension): compileall
	// recompiles what gopyc skips; -f restores exact parity.
	{name: "up-to-date-hash", args: []string{"--invalidation-mode", "checked-hash", "pkg"}, twice: true, ext: dropCompiling("")},
	{name: "up-to-date-hash-force", args: []string{"-f", "--invalidation-mode", "unchecked-hash", "pkg"}, twice: true},
	{name: "up-to-date-hash-changed", args: []string{"--invalidation-mode", "checked-hash", "pkg"}, twice: true,
		between: func(root string) {
			os.WriteFile(filepath.Join(root, "pkg/mod.py"), []byte("def g():\n    return 3\n"), 0o600)
		},
		ext: dropCompiling("mod.py")},

	// 3.9/3.10 compileall flags. CPython 3.8 lacks them; where an
	// equivalent 3.8 invocation exists it is the reference (ref), by
	// 3.9's Lib/compileall.py: -s drops the leading path parts equal to
	// STRIPDIR's, -p joins PREPENDDIR in front, -e skips symlinked files
	// resolving outside DIR, --hardlink-dupes links equal levels.
	{name: "stripdir-prependdir", args: []string{"-s", "$BASE/tree", "-p", "/", "$BASE/tree/pkg"}, ref: []string{"-d", "/pkg", "$BASE/tree/pkg"}},
	{name: "prependdir", args: []string{"-p", "/pre", "pkg"}, ref: []string{"-d", "/pre/pkg", "pkg"}},
	{name: "stripdir-files", args: []string{"-s", "$BASE/tree", "$BASE/tree/good.py", "$BASE/tree/sym.py", "$BASE/tree/warn.py"},
		ref: []string{"-d", "", "$BASE/tree/good.py", "$BASE/tree/sym.py", "$BASE/tree/warn.py"}},
	{name: "stripdir-relative", args: []string{"-s", "pkg", "-p", "/x", "pkg/sub/deep.py"}, ref: []string{"-d", "/x/sub", "pkg/sub/deep.py"}},
	{name: "stripdir-nomatch", args: []string{"-q", "-s", "pkg", "-p", "/x", "bad_syntax.py", "warn.py"}, ref: []string{"-q", "-d", "/x", "bad_syntax.py", "warn.py"}},
	{name: "limit-symlinks-outside", args: []string{"-e", "$BASE/tree/pkg", "."}, ref: []string{"-x", "link_file", "."}},
	{name: "limit-symlinks-inside", args: []string{"-e", "$BASE/tree", "-q", "."}, ref: []string{"-q", "."}},
	{name: "limit-symlinks-empty", args: []string{"-e", "", "link_file.py", "good.py"}, ref: []string{"link_file.py", "good.py"}},
	{name: "hardlink-dupes", args: []string{"--hardlink-dupes", "-o", "0", "-o", "1", "-o", "2", "pkg"}, ref: []string{"pkg"},
		moreRefs: [][]string{{"-O"}, {"-OO"}},
		check: sameInode(
			[]string{"pkg/__pycache__/mod.cpython-38.pyc", "pkg/__pycache__/mod.cpython-38.opt-1.pyc", "pkg/__pycache__/mod.cpython-38.opt-2.pyc"},
			[]string{"pkg/sub/__pycache__/deep.cpython-38.pyc", "pkg/sub/__pycache__/deep.cpython-38.opt-1.pyc"})},
	{name: "usage-hardlink-one-level", args: []string{"--hardlink-dupes", "-o", "1", "pkg"}, noRef: true, usage: true,
		wantUsage: "gopyc: error: Hardlinking of duplicated bytecode makes sense only for more than one optimization level."},
	{name: "usage-ddir-stripdir", args: []string{"-d", "x", "-s", "y", "pkg"}, noRef: true, usage: true,
		wantUsage: "gopyc: error: -d cannot be used in combination with -s or -p"},
	{name: "usage-ddir-prependdir", args: []string{"-p", "y", "-d", "x", "pkg"}, noRef: true, usage: true,
		wantUsage: "gopyc: error: -d cannot be used in combination with -s or -p"},
	{name: "usage-hardlink-ambiguous", args: []string{"--h", "pkg"}, noRef: true, usage: true,
		wantUsage: "gopyc: error: ambiguous option: --h could match --help, --hardlink-dupes"},

	// py_compile mode, against "python3.8 -m py_compile".
	{name: "py_compile", args: []string{"py_compile", "good.py", "warn.py", "bad_syntax.py", "enc.py", "bad_indent.py"},
		refModule: "py_compile", ref: []string{"good.py", "warn.py", "bad_syntax.py", "enc.py", "bad_indent.py"}},
	{name: "py_compile-sorry", args: []string{"py_compile", "nul.py", "badenc.py", "uni_err.py", "sym.py", "bad_tab.py"},
		refModule: "py_compile", ref: []string{"nul.py", "badenc.py", "uni_err.py", "sym.py", "bad_tab.py"}},
	{name: "py_compile-missing-stops", args: []string{"py_compile", "good.py", "nonexist.py", "warn.py"},
		refModule: "py_compile", ref: []string{"good.py", "nonexist.py", "warn.py"}, tb: true},
	{name: "py_compile-process", args: []string{"py_compile", "held.py", "named.py", "named_next.py"},
		refModule: "py_compile", ref: []string{"held.py", "named.py", "named_next.py"}},
	{name: "py_compile-directory", args: []string{"py_compile", "pkg"}, refModule: "py_compile", ref: []string{"pkg"}, tb: true},
	{name: "py_compile-stdin", args: []string{"py_compile", "-"}, refModule: "py_compile", ref: []string{"-"},
		stdin: "good.py\nnonexist.py\r\nbad_indent.py\npkg\npkg/mod.py\n\nspace name.py"},
	{name: "py_compile-O", args: []string{"py_compile", "-O", "pkg/mod.py", "pkg/sub/deep.py"}, refModule: "py_compile",
		pyflags: []string{"-O"}, ref: []string{"pkg/mod.py", "pkg/sub/deep.py"}},
	{name: "py_compile-OO-prefix", args: []string{"py_compile", "-OO", "-X", "pycache_prefix=$BASE/pc", "--", "pkg/sub/deep.py", "../tree/good.py"},
		refModule: "py_compile", pyflags: []string{"-OO", "-X", "pycache_prefix=$BASE/pc"}, ref: []string{"pkg/sub/deep.py", "../tree/good.py"}},
	{name: "py_compile-env-prefix-sde", args: []string{"py_compile", "good.py", "pkg/mod.py"}, refModule: "py_compile",
		ref: []string{"good.py", "pkg/mod.py"}, env: map[string]string{"PYTHONPYCACHEPREFIX": "$BASE/cache", "SOURCE_DATE_EPOCH": "7"}},
	{name: "py_compile-main-warning", args: []string{"py_compile", "__main__.py"}, refModule: "py_compile", ref: []string{"__main__.py"}},
	{name: "py_compile-symlink-target", args: []string{"py_compile", "good.py"}, refModule: "py_compile", ref: []string{"good.py"}, tb: true,
		setup: func(root string) {
			os.MkdirAll(filepath.Join(root, "__pycache__"), 0o755)
			os.Symlink("elsewhere", filepath.Join(root, "__pycache__/good.cpython-38.pyc"))
		}},
	{name: "py_compile-stdin-symlink-target", args: []string{"py_compile", "-"}, refModule: "py_compile", ref: []string{"-"},
		stdin: "good.py\nwarn.py\n", setup: func(root string) {
			os.MkdirAll(filepath.Join(root, "__pycache__"), 0o755)
			os.Symlink("elsewhere", filepath.Join(root, "__pycache__/good.cpython-38.pyc"))
		}},
	{name: "py_compile-none", args: []string{"py_compile"}, refModule: "py_compile", ref: []string{}},

	// Build mode: the reference is py_compile.compile(src, out, name) per
	// action (pyCompileRef); messages differ by design, files must not.
	{name: "build", args: []string{"build", "--src", "good.py", "--out", "out/good.pyc"}, filesOnly: true,
		refCode: buildRef(`[{"src": "good.py", "out": "out/good.pyc"}]`)},
	{name: "build-name-hash-opt", args: []string{"build", "--src", "pkg/sub/deep.py", "--out", "o/deep.pyc", "--name", "/site/pkg/sub/deep.py",
		"--invalidation-mode=unchecked-hash", "--optimize", "2"}, filesOnly: true,
		refCode: buildRef(`[{"src": "pkg/sub/deep.py", "out": "o/deep.pyc", "name": "/site/pkg/sub/deep.py", "mode": "UNCHECKED_HASH", "optimize": 2}]`)},
	{name: "build-mtime", args: []string{"build", "--src", "warn.py", "--out", "w.pyc", "--mtime", "12345"}, filesOnly: true,
		refCode: buildRef(`[{"src": "warn.py", "out": "w.pyc", "mtime": 12345}]`)},
	{name: "build-source-date-epoch", args: []string{"build", "--src", "pkg/mod.py", "--out", "m.pyc"}, filesOnly: true,
		env:     map[string]string{"SOURCE_DATE_EPOCH": "1"},
		refCode: buildRef(`[{"src": "pkg/mod.py", "out": "m.pyc"}]`)},
	{name: "build-manifest", args: []string{"build", "--manifest", "$BASE/manifest.jsonl", "--invalidation-mode", "checked-hash", "-j", "2"}, filesOnly: true,
		setup: func(root string) {
			os.WriteFile(filepath.Join(root, "../manifest.jsonl"), []byte(`# comment
{"src": "good.py", "out": "out/a/good.pyc", "name": "lib/good.py"}

{"src": "pkg/mod.py", "out": "out/mod.pyc", "invalidation_mode": "timestamp", "optimize": 1}
{"src": "enc.py", "out": "out/enc.opt2.pyc", "optimize": 2, "name": "enc.py"}
`), 0o644)
		},
		refCode: buildRef(`[{"src": "good.py", "out": "out/a/good.pyc", "name": "lib/good.py", "mode": "CHECKED_HASH"},
 {"src": "pkg/mod.py", "out": "out/mod.pyc", "mode": "TIMESTAMP", "optimize": 1},
 {"src": "enc.py", "out": "out/enc.opt2.pyc", "optimize": 2, "name": "enc.py", "mode": "CHECKED_HASH"}]`)},
	{name: "build-errors", args: []string{"build", "--manifest", "-"}, filesOnly: true,
		stdin: `{"src": "bad_syntax.py", "out": "o1.pyc"}
{"src": "good.py", "out": "o2.pyc"}
{"src": "nonexist.py", "out": "o3.pyc"}
`, refCode: buildRef(`[{"src": "bad_syntax.py", "out": "o1.pyc"}, {"src": "good.py", "out": "o2.pyc"}, {"src": "nonexist.py", "out": "o3.pyc"}]`)},
	{name: "build-usage-duplicate-output", args: []string{"build", "--manifest", "-"}, noRef: true, wantRC: 2, wantStdout: str(""),
		stdin: `{"src": "good.py", "out": "o.pyc"}` + "\n" + `{"src": "warn.py", "out": "o.pyc"}` + "\n"},
	{name: "build-usage-unknown-key", args: []string{"build", "--manifest", "-"}, noRef: true, wantRC: 2, wantStdout: str(""),
		stdin: `{"src": "good.py", "output": "o.pyc"}` + "\n"},
	{name: "build-usage-missing-out", args: []string{"build", "--src", "good.py"}, noRef: true, wantRC: 2, wantStdout: str("")},

	// dis against "python3.8 -m dis" (addresses masked).
	{name: "dis", args: []string{"dis", "pkg/sub/deep.py"}, refModule: "dis", ref: []string{"pkg/sub/deep.py"}},
	{name: "dis-warn", args: []string{"dis", "warn.py"}, refModule: "dis", ref: []string{"warn.py"}},
	{name: "dis-syntax-error", args: []string{"dis", "bad_syntax.py"}, refModule: "dis", ref: []string{"bad_syntax.py"}, tb: true},

	// diff: exit status 0 same, 1 different, 2 unreadable (gopyc only).
	{name: "diff-same", args: []string{"diff", "a.pyc", "b.pyc"}, noRef: true, wantRC: 0, wantStdout: str(""),
		setup: func(root string) {
			os.WriteFile(filepath.Join(root, "a.pyc"), []byte("U\r\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00N"), 0o644)
			os.WriteFile(filepath.Join(root, "b.pyc"), []byte("U\r\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00N"), 0o644)
		}},
	{name: "diff-header", args: []string{"diff", "a.pyc", "b.pyc"}, noRef: true, wantRC: 1, wantStdout: str("header mtime: 0 ≠ 1\n"),
		setup: func(root string) {
			os.WriteFile(filepath.Join(root, "a.pyc"), []byte("U\r\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00N"), 0o644)
			os.WriteFile(filepath.Join(root, "b.pyc"), []byte("U\r\r\n\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00N"), 0o644)
		}},
	{name: "diff-missing", args: []string{"diff", "good.py", "nonexist.pyc"}, noRef: true, wantRC: 2, wantStdout: str("")},
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
				argv := append([]string{"-S"}, pyflags...)
				module := c.refModule
				if module == "" {
					module = "compileall"
				}
				switch {
				case c.refCode != "":
					argv = append(argv, "-c", c.refCode)
				default:
					argv = append(append(argv, "-m", module), ref...)
				}
				cmd := exec.Command(python, argv...)
				cmd.Env = cleanEnv(env)
				cmd.Dir = root
				cmd.Stdin = strings.NewReader(c.stdin)
				var so, se bytes.Buffer
				cmd.Stdout, cmd.Stderr = &so, &se
				if c.merged {
					cmd.Stderr = &so
				}
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
					cmd.Stdin = strings.NewReader(c.stdin)
					cmd.Stdout, cmd.Stderr = &so, &se
					if c.merged {
						cmd.Stderr = &so
					}
					if err := cmd.Run(); err != nil {
						ee, ok := err.(*exec.ExitError)
						if !ok {
							t.Fatal(err)
						}
						rc = ee.ExitCode()
					}
				} else {
					var stderr io.Writer = &se
					if c.merged {
						stderr = &so
					}
					rc = Main(args, &Env{
						Stdin: strings.NewReader(c.stdin), Stdout: &so, Stderr: stderr,
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
					if c.between != nil {
						c.between(root)
					}
					r = f()
				}
				r.files = snapshot(base)
				return r
			}
			if c.noRef {
				got := run(runOurs)
				if c.usage {
					if got.rc != 2 || lastLine(got.stderr) != c.wantUsage {
						t.Errorf("usage error: got rc %d %q, want rc 2 %q", got.rc, lastLine(got.stderr), c.wantUsage)
					}
					return
				}
				if got.rc != c.wantRC {
					t.Errorf("exit status %d, want %d (stderr %q)", got.rc, c.wantRC, got.stderr)
				}
				if c.wantStdout != nil && got.stdout != *c.wantStdout {
					t.Errorf("stdout %q, want %q", got.stdout, *c.wantStdout)
				}
				return
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
				t.Errorf("exit status %d, want %d (stderr %q)", got.rc, want.rc, got.stderr)
			}
			if c.refModule == "dis" {
				got.stdout, want.stdout = dis.MaskAddresses(got.stdout), dis.MaskAddresses(want.stdout)
			}
			if c.ext != nil {
				want.stdout = c.ext(want.stdout)
			}
			if got.stdout != want.stdout && !c.filesOnly {
				t.Errorf("stdout differs:\n--- gopyc\n%s\n--- CPython\n%s", got.stdout, want.stdout)
			}
			switch {
			case c.filesOnly || c.moreRefs != nil:
			case c.tb:
				if lastLine(got.stderr) != lastLine(want.stderr) {
					t.Errorf("exception differs:\n--- gopyc\n%s\n--- CPython\n%s", got.stderr, want.stderr)
				}
			case got.stderr != want.stderr:
				t.Errorf("stderr differs:\n--- gopyc\n%s\n--- CPython\n%s", got.stderr, want.stderr)
			}
			compareTrees(t, orc, got.files, want.files)
			if c.check != nil {
				c.check(t, base)
			}
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
