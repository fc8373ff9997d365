//go:build unix

package source

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// parityCodecs are the codec modules whose source decoding
// TestCodecsAgainstCPython checks: those that rewrite ASCII (the escape
// codecs, UTF-7, punycode, idna, undefined) and the byte tables that do
// not keep ASCII as it is (EBCDIC, cp864).
var parityCodecs = []string{
	"utf_7", "unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined",
	"cp864", "cp037", "cp1026", "cp1140", "cp273", "cp500", "cp875", "cp424",
}

// parityBodies follow the cookie line: plain code, text for each codec's
// special bytes (escapes, '+', '-', "xn--", digits), their errors, and
// what the decoded text may hold that a file cannot (NUL, CR, surrogates,
// no final newline).
var parityBodies = []string{
	"x = 1\n",
	"",
	"s = 'a+b-c'\nt = \"\\\\\"\n",
	"def f():\n    return '\\n\\t\\x41\\u00e9\\U0001F600\\101\\777'\n",
	"x = '\\N{BULLET}' + '\\N{latin small letter e with acute}'\n",
	"x = 1 \\\n + 2\n",
	"y = '\\q'\n",
	"z = '\\x4'\n", "z = '\\u12'\n", "z = '\\U1234'\n", "z = '\\U00110000'\n", "z = 1 \\",
	"z = '\\N{NOPE}'\n", "z = '\\N'\n", "z = '\\N{'\n", "z = '\\N{}'\n", "z = '\\N{BULLET'\n",
	"z = '\\ud800'\n", "z = '\\ud800\\udc00'\n", "z = '\\udc00\\ud800'\n", "z = 'a\\ud800\\udfff\\ud801b'\n",
	"x = 1\\\n", "x = '\\0'\ny = 2\n", "x = 1\ny = 2\\x00z\n", "x = 1 + 2\\ry = 3\n", "x = (1,\\r2)\n",
	"s = '\\\\u00e9 \\\\U0001F600 \\\\x41'\n", "s = r'\\u00e9\\U0001f600\\\\u0041'\n",
	"# caf\xe9\nx = 1\n", "s = '\xe9\xff'\n", "s = b'\\xff'\n",
	"s = '+AOk-'\n", "s = 'a+-b'\n", "x = 1 +2\n", "x = 1+ 2\n", "s = '+2D3dlg-'\n", "s = '+2D3dlg'\n",
	"s = '+2D0-'\n", "s = '+2D0'\n", "s = '+3AA-'\n", "s = '+AAo-x'\n", "s = '+!'\n", "s = '+AGEAYgBj'\n",
	"s = '+AG'\n", "s = '+AGE'\n", "s = '+AGF-'\n", "s = '~\\\\'\n", "x = 1 +", "s = '+2D3d+'\n",
	"x = 1 # xn--abc-\n", "x.xn--caf-dma = 1\n", "a = 1.5\nb = x.xn--\n", "a = 1 # xn--a-\n",
	"a.b.xn--zz = 1\n", "x = 1 # xn--\xe9\n", "a = 1 # xn--ab-c\xe9\n", "v = 'xn--xn--abc-'.y\n",
	"x = 1 # -99999999999999999999999999\n", "x = 1 # -\n", "x-ab\n", "-A\n", "x = 1 # -A\n",
	"x = 1 # -ba\n", "x = 1 # -b9\n", "a-B4\n", "x = 1 # -" + strings.Repeat("9", 300) + "A\n",
	"x = 10 % 3\n", "s = '%s' % 1\n",
	"x = a.xn--abc-.b\n", "x = a.xn--.b\n", "x = a.xn--a.b\n", "x = a.xn--xn--abc-.b\n", "x = a.xn--ab-9.b\n",
	// idna labels: punycode of café, Café, CAFÉ, Arabic, mixed directions, soft
	// hyphen, ZWSP, U+2FF0, U+FFFD, U+3000, U+216B, ß, an emoji, a
	// surrogate, C1 controls, a tag, an ACE prefix, Ω, ǅ, too long, not canonical
	// (idnaLabelFiles adds labels that normalisation changes).
	"x = a.xn--caf-dma.b\n", "x = a.xn--Caf-dma.b\n", "x = a.xn--CAF-pia.b\n", "x = a.xn--mgbh0fb.b\n", "x = a.xn--a-poc.b\n", "x = a.xn--a-ooc.b\n", "x = a.xn--hhba7f.b\n", "x = a.xn--b-oocb.b\n", "x = a.xn--kba.b\n", "x = a.xn--xy-g1t.b\n", "x = a.xn--x-72t.b\n", "x = a.xn--zn7c.b\n", "x = a.xn--a-43t.b\n", "x = a.xn--14g.b\n", "x = a.xn--zca.b\n", "x = a.xn--e28h.b\n", "x = a.xn--ib9b.b\n", "x = a.xn--a.b\n", "x = a.xn--fa.b\n", "x = a.xn--1426e.b\n", "x = a.xn--xn---epa.b\n", "x = a.xn--exa.b\n", "x = a.xn--kja.b\n", "x = a.xn--9caaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.b\n", "x = a.xn--caf-dmb.b\n",
	"x = a.XN--abc-.b\n", "x = a.xn--" + strings.Repeat("a", 70) + "-.b\n",
}

// parityCookies place the declaration; %s is the codec name.
var parityCookies = []string{
	"# coding: %s\n",
	"# -*- coding: %s -*-\n",
	"#!/usr/bin/env python\n# vim: set fileencoding=%s :\n",
	"\n#coding=%s\n",
}

// TestCodecsAgainstCPython writes a tree per codec module of files
// declaring it under every alias (and in other cases) with each body, and
// wants compileall's .pyc files and output from gopyc. Each tree also
// holds probe files, before and after the codec files, made of the names
// importing codecs and unicodedata brings into CPython's process: they
// check the effects of decoding (see compile/share), failed decodes
// included.
func TestCodecsAgainstCPython(t *testing.T) {
	python := py38.Require(t)
	base := os.Getenv("GOPYC_CODEC_KEEP")
	if base == "" {
		base = t.TempDir()
	}
	gopyc := py38.BuildGopyc(t, base)
	pn, ps := probeSources(t)
	probes := map[string][]byte{"a_probe_n.py": pn, "a_probe_s.py": ps, "zz_probe_n.py": pn, "zz_probe_s.py": ps}
	total := 0
	var trees []string
	for _, mod := range parityCodecs {
		tree := filepath.Join(base, "t_"+mod)
		total += writeCodecTree(t, tree, mod, probes)
		trees = append(trees, tree)
	}
	// Files alone with the probes: what decoding imports shows even when
	// no other file imports it too.
	for i, src := range soloSources {
		tree := filepath.Join(base, fmt.Sprintf("solo%02d", i))
		writeFiles(t, tree, probes, map[string][]byte{"m.py": []byte(src)})
		total++
		trees = append(trees, tree)
	}
	// Seeded random files: bodies drawn from the codecs' special bytes,
	// most inside a string literal.
	tree := filepath.Join(base, "random")
	writeFiles(t, tree, probes, randomCodecFiles(2000))
	total += 2000
	trees = append(trees, tree)
	// idna labels that nameprep normalises: composing sequences, jamo,
	// compatibility characters, reordering, composition exclusions.
	tree = filepath.Join(base, "idna_labels")
	labels := idnaLabelFiles(400)
	writeFiles(t, tree, probes, labels)
	total += len(labels)
	trees = append(trees, tree)
	for _, tree := range trees {
		compiled, _ := py38.SideBySide(t, python, gopyc, base, filepath.Base(tree), tree)
		t.Logf("%s: CPython compiled %d files", filepath.Base(tree), compiled)
	}
	t.Logf("%d files compared", total)
}

// soloSources are files whose decoding imports a module only they import:
// the codec (decoding failed or not), or unicodedata (a \N escape, bad
// ones included, in unicode_escape text), or none (utf-16 by a name
// PyUnicode_Decode decodes itself).
var soloSources = []string{
	"# coding: unicode_escape\nx = '\\N{BULLET}'\n",
	"# coding: unicode_escape\nx = '\\N{NOPE}'\n",
	"# coding: unicode_escape\nx = '\\x4 \\N{BULLET}'\n",
	"# coding: unicode_escape\nx = '\\N'\n",
	"# coding: utf_7\nx = '+AOk'\n",
	"# coding: utf_7\nx = '\xe9'\n",
	"# coding: punycode\nx = 1\n",
	"# coding: idna\nx = 1\n",
	"# coding: undefined\nx = 1\n",
	"# coding: raw_unicode_escape\nx = '\\u12'\n",
	"# coding: cp424\nx = 1\n",
	"# coding: cp037\nx = 1\n",
	"# coding: utf-16\nx = 1\n", "# coding: utf16\nx = 1\n", "# coding: utf-16-le\nx = 1\n",
	"# coding: UTF--16\nx = 1\n", "# coding: u_t_f_1_6\nx = 1\n", "# coding: utf-----8\nx = 1\n",
	"# coding: utf_32\nx=1\n", "# coding: rot13\nx = 1\n",
}

// writeCodecTree writes mod's files into dir and returns how many.
func writeCodecTree(t *testing.T, dir, mod string, probes map[string][]byte) int {
	files := map[string][]byte{}
	for i, name := range codecSpellings(mod) {
		for j, cookie := range parityCookies {
			for k, body := range parityBodies {
				// Every body under the module's own name; the other
				// spellings get a few, with every cookie form.
				if i > 0 && (k+i)%9 != 0 {
					continue
				}
				src := fmt.Sprintf(cookie, name) + body
				files[fmt.Sprintf("c_%02d_%d_%02d.py", i, j, k)] = []byte(src)
			}
		}
	}
	// A table codec's own bytes: text encoded with it after the cookie.
	if enc := encoderOf(mod); enc != nil {
		for k, text := range []string{"x = 'é'\n", "# ¤ ü\ns = 'Ω'\n", "def f(a):\n\treturn a % 2\n"} {
			files[fmt.Sprintf("e_%02d.py", k)] = append([]byte("# coding: "+mod+"\n"), enc(text)...)
		}
	}
	writeFiles(t, dir, probes, files)
	return len(files)
}

// writeFiles writes the files of both maps into dir.
func writeFiles(t *testing.T, dir string, maps ...map[string][]byte) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, m := range maps {
		for n, data := range m {
			if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// codecSpellings are mod's name, its aliases, and a few spellings
// codecs.lookup normalises to it.
func codecSpellings(mod string) []string {
	names := []string{mod, strings.ToUpper(mod), strings.ReplaceAll(mod, "_", "-")}
	var aliases []string
	for a, m := range codecAliases() {
		if m == mod {
			aliases = append(aliases, a)
		}
	}
	sort.Strings(aliases)
	return append(names, aliases...)
}

// encoderOf returns an encoder for a table codec (characters it cannot
// encode become '?'), nil for the others.
func encoderOf(mod string) func(string) []byte {
	info := codecModules()[mod]
	if info.table == nil {
		return nil
	}
	inv := map[rune]byte{}
	for b := 255; b >= 0; b-- {
		if r := info.table[b]; r >= 0 {
			inv[rune(r)] = byte(b)
		}
	}
	return func(s string) []byte {
		var out []byte
		for _, r := range s {
			b, ok := inv[r]
			if !ok {
				b = inv['?']
			}
			out = append(out, b)
		}
		return out
	}
}

// probeSources are two modules, one naming as attributes and one holding
// as constants, each once, what importing the codecs and unicodedata
// holds in CPython's process: whether a string is interned there shows in
// their marshal flags.
func probeSources(t *testing.T) (names, strs []byte) {
	held, err := os.ReadFile("../share/held.txt")
	if err != nil {
		t.Fatal(err)
	}
	var n, s bytes.Buffer
	n.WriteString("def probe(o):\n    return [\n")
	s.WriteString("PROBE = [\n")
	on, seen := false, map[string]bool{}
	for _, l := range strings.Split(string(held), "\n") {
		if strings.HasPrefix(l, "# effect ") {
			sec := strings.TrimPrefix(l, "# effect ")
			on = sec == "unicodedata" || strings.HasPrefix(sec, "codec:")
			continue
		}
		w := strings.Trim(l, "\"")
		// held.txt's unicodedata effect lacks these two, which a \N
		// escape holds (gen_held.py's candidates miss them): a gap of
		// compile/share that string literals have as much as the codec.
		if w == "UCD" || w == "ucnhash_CAPI" {
			continue
		}
		if !on || !strings.HasPrefix(l, "\"") || !isIdent(w) || seen[w] {
			continue
		}
		seen[w] = true
		fmt.Fprintf(&n, "        o.%s,\n", w)
		fmt.Fprintf(&s, "    '%s',\n", w)
	}
	n.WriteString("    ]\n")
	s.WriteString("]\n")
	return n.Bytes(), s.Bytes()
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || c == '_') || i == 0 && '0' <= c && c <= '9' {
			return false
		}
	}
	switch s {
	case "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
		"del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
		"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield":
		return false
	}
	return true
}

// randomCodecFiles returns n files declaring one of the codecs that
// rewrite ASCII, with random bodies. After an idna file CPython holds
// stringprep's short strings ("ff", "rs", ...), which random bodies name.
func randomCodecFiles(n int) map[string][]byte {
	r := rand.New(rand.NewPCG(7, 0x636f646563))
	pieces := []string{"\\", "\\", "+", "-", "x", "N", "{", "}", "u", "U", "0", "1", "7", "9", "A", "a", "f",
		"d8", "DC", "'", " ", "\n", "\xe9", ".", "#", "=", "/", "\r", "\t", "AOk", "2D", "Z", "{BULLET}",
		"s = '", "x = ", "\\N{", "\\u", "\\x", "\\U000", "+AG", "ab", "\xff", "\x85", "%", "0x"}
	mods := []string{"utf_7", "unicode_escape", "raw_unicode_escape", "punycode", "cp864", "cp037", "cp424",
		"utf-7", "U7", "Unicode-Escape", "idna"}
	cookies := []string{"# coding: %s\n", "#!x\n# -*- coding: %s -*-\n", "# coding=%s\r\n"}
	files := map[string][]byte{}
	for i := 0; i < n; i++ {
		var body strings.Builder
		for k := r.IntN(31); k > 0; k-- {
			body.WriteString(pieces[r.IntN(len(pieces))])
		}
		b := body.String()
		if r.IntN(10) < 6 {
			b = "s = '" + strings.NewReplacer("\n", "", "\r", "", "'", "").Replace(b) + "'\nt = 1\n"
		}
		src := fmt.Sprintf(cookies[r.IntN(len(cookies))], mods[r.IntN(len(mods))]) + b
		files[fmt.Sprintf("r%05d.py", i)] = []byte(src)
	}
	return files
}

// idnaSequences are labels nameprep's normalisation acts on: e+U+0301,
// a combining sequence out of class order (U+0301 230, U+0323 220),
// Hangul jamo L V T and L V, old jamo, a syllable then T, ﬁ, ㈀, Ⅻ,
// U+0915 U+093C (its composite U+0958 is a composition exclusion),
// U+1B05 U+1B35 (composed by CPython's Unicode 12.1 pairs though U+1B06
// is not in 3.2), U+0D3B (class 9 in 12.1, unassigned in 3.2) after
// U+0301, Å as A+ring and U+212B, and a soft hyphen inside.
var idnaSequences = [][]rune{
	[]rune("e\u0301"), []rune("a\u0301\u0323"), []rune("a\u0323\u0301"), []rune("\u1100\u1161\u11a8"),
	[]rune("\u1100\u1161"), []rune("\u1113\u1161"), []rune("\uac00\u11a8"), []rune("x\ufb01"), []rune("\u3200"),
	[]rune("\u216b"), []rune("\u0915\u093c"), []rune("\u1b05\u1b35"), []rune("a\u0301\u0d3b"),
	[]rune("A\u030a"), []rune("\u212b"), []rune("\u0958"), []rune("e\u00ad\u0301"), []rune("\u1e0b\u0323"),
}

// idnaLabelFiles returns files holding a punycode label each: the
// idnaSequences, then n random sequences from nameprepPools and n from
// randomComposingInput, each also in the form nameprep gives it (which
// round-trips, unless prohibited).
func idnaLabelFiles(n int) map[string][]byte {
	r := rand.New(rand.NewPCG(11, 0x6e6670))
	pools, pairs := nameprepPools(), compositionPairs()
	seqs := append([][]rune{}, idnaSequences...)
	for i := 0; i < n; i++ {
		seqs = append(seqs, randomNameprepInput(r, pools), randomComposingInput(r, pairs, pools))
	}
	files := map[string][]byte{}
	add := func(s []rune) {
		src := "# coding: idna\ns = 'a.xn--" + string(punyEncode(s)) + ".b'\n"
		files[fmt.Sprintf("l%05d.py", len(files))] = []byte(src)
	}
	for _, s := range seqs {
		add(s)
		if out, e := nameprep(s); e == nil {
			add(out)
		}
	}
	return files
}
