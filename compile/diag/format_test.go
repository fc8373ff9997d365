package diag

import (
	"encoding/json"
	"os"
	"testing"
)

// TestPyCompileMsg checks the error text against testdata/cli/errfmt.json,
// which testdata/cli/errfmt_gen.py makes with CPython 3.8's py_compile.
func TestPyCompileMsg(t *testing.T) {
	data, err := os.ReadFile("../../testdata/cli/errfmt.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Cls, Msg, Filename, Text, File, Want, Src string
		Lineno, Offset                            int
		HasText                                   bool `json:"has_text"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 25 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		e := &Error{Class: c.Cls, Msg: c.Msg, Filename: c.Filename, Lineno: c.Lineno,
			Offset: c.Offset, Text: c.Text, HasText: c.HasText}
		if got := e.PyCompileMsg(c.File); got != c.Want {
			t.Errorf("%+v (source %q):\ngot  %q\nwant %q", *e, c.Src, got, c.Want)
		}
	}
}

func TestWarningFormat(t *testing.T) {
	w := &Warning{Category: "SyntaxWarning", Msg: `"is" with a literal. Did you mean "=="?`, Filename: "a/b.py", Lineno: 3}
	for _, c := range []struct {
		line string
		have bool
		want string
	}{
		{"", false, "a/b.py:3: SyntaxWarning: \"is\" with a literal. Did you mean \"==\"?\n"},
		{"\x1c  if x is 1: \t\n", true, "a/b.py:3: SyntaxWarning: \"is\" with a literal. Did you mean \"==\"?\n  if x is 1:\n"},
		{" \n", true, "a/b.py:3: SyntaxWarning: \"is\" with a literal. Did you mean \"==\"?\n  \n"},
	} {
		if got := w.Format(c.line, c.have); got != c.want {
			t.Errorf("Format(%q) = %q, want %q", c.line, got, c.want)
		}
	}
}
