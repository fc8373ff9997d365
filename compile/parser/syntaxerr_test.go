package parser

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/diag"
)

type errCase struct {
	Src     *string       `json:"src"`
	SrcHex  string        `json:"src_hex"`
	OK      bool          `json:"ok"`
	Error   []interface{} `json:"error"`
	FString bool          `json:"fstring"`
}

// TestSyntaxErrors checks testdata/syntaxerr/cases.json: CPython 3.8's
// class, message, line, offset and text for each snippet (gen.py).
func TestSyntaxErrors(t *testing.T) {
	data, err := os.ReadFile("../../testdata/syntaxerr/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []errCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	pass := 0
	for i, c := range cases {
		var src []byte
		if c.Src != nil {
			src = []byte(*c.Src)
		} else {
			src, _ = hex.DecodeString(c.SrcHex)
		}
		got := runCase(src)
		want := "ok"
		if !c.OK {
			want = formatVerdictError(c.Error)
			if c.FString {
				want += " [<fstring>]"
			}
		}
		if got != want {
			t.Errorf("case %d %q:\n  got  %s\n  want %s", i, src, got, want)
			continue
		}
		pass++
	}
	t.Logf("syntax errors: %d/%d equal", pass, len(cases))
}

func runCase(src []byte) (res string) {
	defer func() {
		if r := recover(); r != nil {
			res = fmt.Sprintf("PANIC %v", r)
		}
	}()
	_, _, err := ParseFile(src, "case.py")
	if err == nil {
		return "ok"
	}
	e := err.(*diag.Error)
	s := formatError(e)
	if e.Filename == "<fstring>" {
		s += " [<fstring>]"
	}
	return s
}
