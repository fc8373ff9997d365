package pyc_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/pyc"
)

func ExampleCompileCode() {
	code, _, err := pyc.CompileCode([]byte("def f(x):\n    return x + 1\n"), "m.py", 0)
	if err != nil {
		panic(err)
	}
	fmt.Println(code.Name.V, code.Filename.V, len(code.Consts.Items))
	// Output: <module> m.py 3
}

func ExampleCompileCode_syntaxError() {
	_, _, err := pyc.CompileCode([]byte("def f(:\n    pass\n"), "bad.py", 0)
	e := err.(*diag.Error)
	fmt.Print(e.PyCompileMsg("bad.py"))
	// Output:
	//   File "bad.py", line 1
	//     def f(:
	//           ^
	// SyntaxError: invalid syntax
}

func ExampleCompileBytes() {
	src := []byte("x = 1\n")
	data, _, err := pyc.CompileBytes(src, "x.py", pyc.PycOptions{Mode: pyc.UncheckedHash})
	if err != nil {
		panic(err)
	}
	h, _ := pyc.ParseHeader(data)
	fmt.Println(h.Mode(), h.Hash == pyc.SourceHash(src), len(data))
	// Output: unchecked-hash true 104
}

func ExampleCompileFile() {
	dir, _ := os.MkdirTemp("", "gopyc-example")
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "mod.py")
	os.WriteFile(src, []byte("def g():\n    return 2\n"), 0o644)
	cfile, _, err := pyc.CompileFile(src, pyc.FileOptions{Optimize: 1, Mode: pyc.CheckedHash})
	if err != nil {
		panic(err)
	}
	rel, _ := filepath.Rel(dir, cfile)
	fmt.Println(rel)
	// Output: __pycache__/mod.cpython-38.opt-1.pyc
}

func ExampleDiff() {
	a, _, _ := pyc.CompileBytes([]byte("def f(a, b):\n    return a\n"), "m.py", pyc.PycOptions{Mode: pyc.UncheckedHash})
	b, _, _ := pyc.CompileBytes([]byte("def f(a, b):\n    return b\n"), "m.py", pyc.PycOptions{Mode: pyc.UncheckedHash})
	diffs, _ := pyc.Diff(a, b)
	for _, d := range diffs {
		fmt.Println(d)
	}
	// Output:
	// header source hash: hash 5017532c45c1b6a8 ≠ hash 8a9f428fcf6ba21d
	// <module>.co_consts[0]<f>.co_code @0: LOAD_FAST 0 ≠ LOAD_FAST 1
}
