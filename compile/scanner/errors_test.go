package scanner_test

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/scanner"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/compile/token"
)

type errorCase struct {
	Src    string  `json:"src"`
	At     int     `json:"at"`
	Class  *string `json:"class"`
	Msg    string  `json:"msg"`
	Lineno int     `json:"lineno"`
	Offset int     `json:"offset"`
	Text   *string `json:"text"`
}

// TestErrors checks testdata/scanner/errors.json: compile()'s verdict on
// invalid (and some valid) inputs at the decoding and tokenizer level.
// Errors the parser raises are reproduced with ParseError at the token the
// case names (or, for "unexpected EOF", at end of input).
func TestErrors(t *testing.T) {
	data, err := os.ReadFile("../../testdata/scanner/errors.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []errorCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, c := range cases {
		raw, _ := hex.DecodeString(c.Src)
		name := strconv.Quote(string(raw))
		if len(name) > 60 {
			name = name[:60] + "..."
		}
		if c.Class != nil && *c.Class == "MemoryError" {
			continue // the parser's stack limit, not the tokenizer's
		}
		got := run(raw, c)
		if c.Class == nil {
			if got != nil {
				t.Errorf("%s: unexpected error %v", name, got)
			}
			checked++
			continue
		}
		if got == nil {
			t.Errorf("%s: no error, want %s: %s", name, *c.Class, c.Msg)
			continue
		}
		checked++
		if got.Class != *c.Class || got.Msg != c.Msg || got.Lineno != c.Lineno || got.Offset != c.Offset {
			t.Errorf("%s: got %s %q line %d offset %d, want %s %q line %d offset %d", name,
				got.Class, got.Msg, got.Lineno, got.Offset, *c.Class, c.Msg, c.Lineno, c.Offset)
		}
		if c.Text == nil && got.HasText || c.Text != nil && (!got.HasText || got.Text != *c.Text) {
			t.Errorf("%s: text %q (has %v), want %v", name, got.Text, got.HasText, c.Text)
		}
	}
	t.Logf("%d of %d cases checked", checked, len(cases))
}

// run decodes and scans raw, playing the parser's part where the case says
// the parser rejects a token.
func run(raw []byte, c errorCase) *diag.Error {
	f, derr := source.Decode(raw, "f.py")
	if derr != nil {
		return derr
	}
	var s scanner.Scanner
	s.Init(f)
	var litErr *diag.Error // reported only once the whole file has been parsed
	for i := 0; ; i++ {
		k, a, b := s.Scan()
		if k == token.STRING {
			// String decoding is ast.c's: its errors sit at the token's
			// line and byte column + 1, with no text (compile() from memory).
			p, body := literal.SplitString(s.Text(a, b))
			var lerr *literal.Error
			if p.Bytes {
				_, _, lerr = literal.Bytes(nil, body, p.Raw)
			} else if !p.F {
				_, _, lerr = literal.Str(nil, body, p.Raw)
			}
			if lerr != nil && litErr == nil {
				litErr = &diag.Error{Class: "SyntaxError", Msg: lerr.Msg, Filename: "f.py", Lineno: int(a.Line), Offset: int(a.Col) + 1}
			}
		}
		if k == token.ERRORTOKEN {
			return s.Err()
		}
		if i == c.At {
			class := "SyntaxError"
			if c.Class != nil {
				class = *c.Class
			}
			return s.ParseError(class, c.Msg)
		}
		if s.AtEOF() && c.Class != nil && c.Msg == "unexpected EOF while parsing" {
			return s.ParseError("SyntaxError", "invalid syntax")
		}
		if k == token.ENDMARKER {
			return litErr
		}
	}
}
