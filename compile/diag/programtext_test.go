package diag_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/internal/py38"
)

type textCase struct {
	src  string
	line int
	want string // "<none>": no text (None)
}

func x(n int) string { return strings.Repeat("x", n) }

// textCases, with the text CPython 3.8.18's PyErr_ProgramText returned for
// each (called through ctypes, as TestProgramTextOracle does again when
// python3.8 is present). The pieces are 999 bytes: a line of 1,001 bytes
// keeps its last two.
var textCases = []textCase{
	{"abc", 1, "abc"},
	{"abc", 2, ""},
	{"abc\n", 1, "abc\n"},
	{"abc\n", 2, ""},
	{"a\nb", 3, ""},
	{"a\r\nb\rc", 3, "c"},
	{"a\r\nb\rc\r", 3, "c\n"},
	{x(998), 1, x(998)},
	{x(999), 1, ""},
	{x(999), 2, ""},
	{x(1000), 1, "x"},
	{x(1998), 1, ""},
	{x(999) + "y", 1, "y"},
	{x(998) + "\n", 1, x(998) + "\n"},
	{x(999) + "\n", 1, "\n"},
	{x(999) + "\r\n", 1, "\n"},
	{x(998) + "\r\n", 1, x(998) + "\n"},
	{x(998) + "\r", 1, x(998) + "\n"},
	{"B\"" + x(996) + "\xea0\"", 1, "0\""},
	{"B\"" + x(10) + "\xea0\"", 1, "<none>"},
	{"B\"" + x(995) + "\xea0\"", 1, "\""},
	{"B\"" + x(994) + "\xea0\"", 1, ""},         // found by FuzzCompileDifferential
	{"a\n" + x(1997) + "\xc3\xa9", 2, "<none>"}, // the last piece starts inside the character
	{"a\n" + x(1996) + "\xc3\xa9", 2, ""},
	{"a\n" + x(1995) + "\xc3\xa9", 2, x(996) + "\xc3\xa9"},
}

func got(c textCase) string {
	s, ok := diag.ProgramText([]byte(c.src), c.line)
	if !ok {
		return "<none>"
	}
	return s
}

func TestProgramText(t *testing.T) {
	for _, c := range textCases {
		if g := got(c); g != c.want {
			t.Errorf("ProgramText(%.40q..., %d) = %q, want %q", c.src, c.line, g, c.want)
		}
	}
}

// TestProgramTextOracle asks CPython 3.8 for the text of each case.
func TestProgramTextOracle(t *testing.T) {
	py := py38.Require(t)
	dir := t.TempDir()
	var reqs [][2]any
	for i, c := range textCases {
		name := filepath.Join(dir, fmt.Sprintf("c%d.py", i))
		if err := os.WriteFile(name, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, [2]any{name, c.line})
	}
	in, _ := json.Marshal(reqs)
	script := `import ctypes, json, sys
f = ctypes.pythonapi.PyErr_ProgramText
f.restype = ctypes.c_void_p
f.argtypes = [ctypes.c_char_p, ctypes.c_int]
out = []
for name, line in json.load(sys.stdin):
    r = f(name.encode(), line)
    out.append("<none>" if not r else ctypes.cast(r, ctypes.py_object).value)
sys.stdout.write(json.dumps(out))
`
	cmd := exec.Command(py, "-S", "-c", script)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for i, c := range textCases {
		if want[i] != c.want {
			t.Errorf("case %d: CPython says %q, the table %q", i, want[i], c.want)
		}
		if g := got(c); g != want[i] {
			t.Errorf("case %d: ProgramText %q, CPython %q", i, g, want[i])
		}
	}
}
