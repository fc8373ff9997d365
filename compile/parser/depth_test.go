package parser

import (
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/diag"
)

// depthCases are nesting templates with the first nesting count at which
// CPython 3.8's parser stack (1700 entries) overflows with MemoryError,
// measured with python3.8.
var depthCases = []struct {
	open, close string
	n           int
}{
	{"(", ")", 99}, {"[", "]", 99}, {"{", "}", 105}, {"f(", ")", 99}, {"x[", "]", 99},
	{"lambda: ", "", 840}, {"not ", "", 1680}, {"-", "", 1680}, {"x if y else ", "", 1680},
	{"{1:", "}", 105}, {"(x for x in ", ")", 99}, {"[x for x in y if ", "]", 84},
	{"f(*", ")", 99}, {"f(a=", ")", 99}, {"x[1:", "]", 99}, {"(yield ", ")", 94},
	{"{*", "}", 140}, {"[*", "]", 140}, {"x, (", ")", 99}, {"(a:=", ")", 99},
	{"lambda x=", ": 0", 560}, {"x[::", "]", 94}, {"{**", "}", 153}, {"f(x for x in ", ")", 94},
}

func TestParserStackDepth(t *testing.T) {
	for _, c := range depthCases {
		for _, n := range []int{c.n - 1, c.n} {
			src := "x = " + strings.Repeat(c.open, n) + "1" + strings.Repeat(c.close, n) + "\n"
			_, _, err := ParseFile([]byte(src), "d.py")
			mem := false
			if e, ok := err.(*diag.Error); ok && e.Class == "MemoryError" {
				mem = true
			}
			if mem != (n == c.n) {
				t.Errorf("%q x %d: MemoryError=%v, want %v (err %v)", c.open, n, mem, n == c.n, err)
			}
		}
	}
}

// TestParserStackDepthBlocks nests an expression in the deepest blocks the
// tokenizer allows (99 levels of decorated async defs, six entries each),
// where statements' entries are counted but never checked (see enter);
// CPython 3.8 overflows at 64 parentheses there.
func TestParserStackDepthBlocks(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 99; i++ {
		ind := strings.Repeat(" ", i)
		b.WriteString(ind + "@d\n" + ind + "async def f():\n")
	}
	head := b.String() + strings.Repeat(" ", 99) + "x = "
	for _, n := range []int{63, 64} {
		src := head + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "\n"
		_, _, err := ParseFile([]byte(src), "d.py")
		e, _ := err.(*diag.Error)
		if mem := e != nil && e.Class == "MemoryError"; mem != (n == 64) {
			t.Errorf("%d parentheses: MemoryError=%v, want %v (err %v)", n, mem, n == 64, err)
		}
	}
}
