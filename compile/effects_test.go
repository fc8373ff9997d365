package compile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/parser"
	"github.com/gopyc/gopyc/compile/scanner"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/compile/token"
	"github.com/gopyc/gopyc/internal/ascii"
	"github.com/gopyc/gopyc/internal/py38"
)

// TestEffectsAgainstCPython compiles each tree of testdata/effects as one
// compileall run, threading the process state from file to file, and wants
// CPython's bytes for every file it compiles. Each tree has a file whose
// compilation or error report changes the process before a later file
// that depends on it (e.g. a caret drawn under text evicts a string the
// fresh process held only in its type attribute cache).
func TestEffectsAgainstCPython(t *testing.T) {
	py38.Require(t)
	dirs, _ := filepath.Glob("../testdata/effects/*")
	if len(dirs) == 0 {
		t.Fatal("no trees under testdata/effects")
	}
	for _, dir := range dirs {
		dir, _ = filepath.Abs(dir) // co_filename as compileall has it
		prefix := py38.ReferenceTree(t, dir, 0, "")
		var st share.State
		for _, f := range walkOrder(dir) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			u, _, cerr := CompileUnit(src, f, Options{})
			before := st
			st = u.After(st)
			ref, rerr := os.ReadFile(py38.ReferencePyc(prefix, f, 0))
			if (rerr != nil) != (cerr != nil) {
				t.Errorf("%s: CPython error %v, ours %v", f, rerr != nil, cerr)
				continue
			}
			if cerr != nil {
				continue
			}
			ours, err := u.Marshal(before)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ours, ref[16:]) {
				t.Errorf("%s: bytes differ from CPython's", f)
			}
		}
	}
}

// scannedUses is unicodedataUses as a separate scan of the file finds it:
// the reference for what the parser's scanner records on the way.
func scannedUses(f *source.File, e *share.Effects) (named, nonASCII bool) {
	raw := dottedImportParts(f)
	s := scanner.New(f)
	for {
		kind, start, end := s.Scan()
		switch kind {
		case token.ENDMARKER, token.ERRORTOKEN:
			return
		case token.NAME:
			if id := s.Text(start, end); !ascii.Is(id) && !raw[start.Offset] {
				nonASCII = true
				id = literal.Identifier(id)
				if r, size := utf8.DecodeRuneInString(id); size == len(id) {
					e.InternSingle(r)
				}
			}
		case token.STRING:
			p, body := literal.SplitString(s.Text(start, end))
			if p.Raw || p.Bytes || !strings.Contains(body, `\N`) {
				continue
			}
			for i := 0; i+1 < len(body) && !named; i++ {
				if body[i] == '\\' {
					named = body[i+1] == 'N'
					i++ // skip the escaped character
				}
			}
		}
	}
}

// dottedImportParts returns the offsets of the names that are parts of a
// dotted name of more than one part in an import statement (the module of
// "import a.b" or "from a.b import c"), which ast.c joins without making
// identifiers of them, found token by token.
func dottedImportParts(f *source.File) map[int32]bool {
	raw := map[int32]bool{}
	s := scanner.New(f)
	const (
		none        = iota
		importNames // after "import" of an import statement
		fromModule  // after "from" at a statement's start
		fromNames   // after the "import" of a from statement
	)
	mode, stmtStart := none, true
	var run []int32 // the names of the current dotted name
	afterDot := false
	endRun := func() {
		if len(run) > 1 {
			for _, o := range run {
				raw[o] = true
			}
		}
		run = run[:0]
	}
	for {
		kind, start, end := s.Scan()
		switch kind {
		case token.ENDMARKER, token.ERRORTOKEN:
			return raw
		case token.NEWLINE, token.SEMI, token.INDENT, token.DEDENT, token.COLON:
			endRun()
			mode, stmtStart = none, true
			continue
		case token.DOT:
			afterDot = true
			stmtStart = false
			continue
		case token.NAME:
			text := s.Text(start, end)
			switch {
			case stmtStart && text == "from":
				mode = fromModule
			case stmtStart && text == "import":
				mode = importNames
			case text == "import" && mode == fromModule:
				endRun()
				mode = fromNames
			case text == "as":
				endRun()
			case mode == importNames || mode == fromModule:
				if !afterDot {
					endRun()
				}
				run = append(run, start.Offset)
			}
		default:
			endRun()
		}
		afterDot, stmtStart = false, false
	}
}

// TestUnicodedataUsesMatchesScanner compares what the parser records in
// the tree with a separate scan, on every stdlib file that parses, and on
// hand-made cases.
func TestUnicodedataUsesMatchesScanner(t *testing.T) {
	srcs := map[string][]byte{
		"prefixes":  []byte("x = rb'\\N' + B'\\N' + Rb'\\N' + u'a' + f'\\\\N'\n"),
		"else":      []byte("y = 1 if x else'\\N{BULLET}'\n"),
		"named":     []byte("x = '\\N{BULLET}'\n"),
		"fnamed":    []byte("x = F\"\"\"a\n\\N{BULLET}\"\"\"\n"),
		"rawnamed":  []byte("x = r'\\N{BULLET}' # \\N é\ny = b'\\N'\n"),
		"ident":     []byte("é = 1\nx = 'ü' # ß\nÅb = é\n"),
		"escquote":  []byte("x = 'it\\'s é' ; y = \"\"\"a\"b\\\"c\"\"\" + ü\n"),
		"empty":     []byte("x = '' + \"\" + '''''' + ä\n"),
		"fullwidth": []byte("ｘ = 1\nµ = 2\n"),
		"fstring":   []byte("x = f'{é}' + f'{x:\\N{BULLET}}'\n"),
		"combining": []byte("e\u0301 = 1\n"),
		"continued": []byte("x = 'a\\\n\\N{BULLET}' + rf'\\N' + bR'\\N'\n"),
		"dotted":    []byte("import \uff41.b, x.\u00e9 as y\nfrom \u00e9.b import c\n"),
		"dottedid":  []byte("import \u00e9t\u00e9\nfrom x.\u00e9 import \u00e9\n"),
		"dottedas":  []byte("if x: import x.\u00e9 as \u00e9; from . import \u00e9\n"),
		"rel":       []byte("from .\u00e9 import c\nfrom ..\u00e9.x import c\n"),
	}
	if py38.Path() != "" {
		for _, f := range py38.StdlibFiles(t) {
			if src, err := os.ReadFile(f); err == nil {
				srcs[f] = src
			}
		}
	}
	for name, src := range srcs {
		mod, _, err := parser.ParseFile(src, name)
		if err != nil {
			if !strings.HasSuffix(name, ".py") {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		f, derr := source.Decode(src, name)
		if derr != nil {
			continue
		}
		var e1, e2 share.Effects
		n1, a1 := mod.NamedEscape, unicodedataUses(mod.NonASCIINames, &e1)
		n2, a2 := scannedUses(f, &e2)
		if n1 != n2 || a1 != a2 || e1 != e2 {
			t.Errorf("%s: parser (%v, %v, %v), scanner (%v, %v, %v)", name, n1, a1, e1, n2, a2, e2)
		}
	}
}
