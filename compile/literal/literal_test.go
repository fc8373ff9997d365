package literal_test

import (
	"encoding/hex"
	"encoding/json"
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/scanner"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/compile/token"
	"github.com/gopyc/gopyc/marshal"
)

type literalCase struct {
	Src      string   `json:"src"`
	Kind     string   `json:"kind"`
	Value    string   `json:"value"`
	Error    *string  `json:"error"`
	Warnings []string `json:"warnings"`
}

// TestLiterals checks decoding against testdata/literal/literals.json,
// CPython 3.8's values, warnings and errors for the literals of cases.txt.
func TestLiterals(t *testing.T) {
	data, err := os.ReadFile("../../testdata/literal/literals.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []literalCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		raw, _ := hex.DecodeString(c.Src)
		kind, val, warn, msg := evalLiteral(t, raw)
		src := strconv.Quote(string(raw))
		if c.Error != nil {
			if msg != *c.Error {
				t.Errorf("%s: error %q, want %q", src, msg, *c.Error)
			}
			continue
		}
		if msg != "" {
			t.Errorf("%s: unexpected error %q", src, msg)
			continue
		}
		if kind != c.Kind || val != c.Value {
			t.Errorf("%s: got %s %s, want %s %s", src, kind, val, c.Kind, c.Value)
		}
		wantWarn := ""
		if len(c.Warnings) > 0 {
			wantWarn = c.Warnings[0]
		}
		if warn != wantWarn {
			t.Errorf("%s: warning %q, want %q", src, warn, wantWarn)
		}
	}
}

// testArena holds the decoded values, as a parser's Constants do.
var testArena literal.Arena

// evalLiteral decodes one literal token the way the parser will: decode
// the source, scan the token, then convert it.
func evalLiteral(t *testing.T, raw []byte) (kind, val, warn, msg string) {
	f, derr := source.Decode(raw, "f.py")
	if derr != nil {
		return "", "", "", derr.Msg
	}
	text, errMsg := firstToken(f)
	if errMsg != "" {
		return "", "", "", errMsg
	}
	if text == "" {
		return "", "", "", "no token"
	}
	if c := text[0]; c >= '0' && c <= '9' || c == '.' {
		obj, err := literal.Number(text)
		if err != nil {
			return "", "", "", err.Msg
		}
		switch v := obj.(type) {
		case *marshal.Int:
			return "int", pyHexInt(v), "", ""
		case *marshal.Float:
			return "float", pyHexFloat(v.V), "", ""
		case *marshal.Complex:
			return "complex", pyHexFloat(v.Imag), "", ""
		}
		return "?", "", "", ""
	}
	p, body := literal.SplitString(text)
	var inv int
	if p.Bytes {
		b, iv, err := literal.Bytes(&testArena, body, p.Raw)
		if err != nil {
			return "", "", "", err.Msg
		}
		kind, val, inv = "bytes", hex.EncodeToString(b), iv
	} else {
		s, iv, err := literal.Str(&testArena, body, p.Raw)
		if err != nil {
			return "", "", "", err.Msg
		}
		kind, val, inv = "str", hex.EncodeToString([]byte(s)), iv
	}
	if inv >= 0 {
		warn = literal.InvalidEscapeMsg(byte(inv))
	}
	return kind, val, warn, ""
}

func pyHexInt(v *marshal.Int) string {
	b := v.BigInt()
	if b.Sign() < 0 {
		return "-0x" + new(big.Int).Neg(b).Text(16)
	}
	return "0x" + b.Text(16)
}

// pyHexFloat formats like Python's float.hex.
func pyHexFloat(f float64) string {
	if math.IsInf(f, 1) {
		return "inf"
	}
	if f == 0 {
		return "0x0.0p+0"
	}
	bits := math.Float64bits(f)
	exp := int(bits>>52) & 0x7ff
	mant := bits & (1<<52 - 1)
	lead := 1
	if exp == 0 {
		lead = 0
		exp = -1022
	} else {
		exp -= 1023
	}
	m := strconv.FormatUint(mant, 16)
	for len(m) < 13 {
		m = "0" + m
	}
	sign := "+"
	if exp < 0 {
		sign = "-"
		exp = -exp
	}
	return "0x" + strconv.Itoa(lead) + "." + m + "p" + sign + strconv.Itoa(exp)
}

// firstToken returns the text of the first token of f, or the scanner's
// error message.
func firstToken(f *source.File) (string, string) {
	s := scanner.New(f)
	k, a, b := s.Scan()
	if k == token.ERRORTOKEN {
		return "", s.Err().Msg
	}
	return s.Text(a, b), ""
}

// TestIntPrefixed checks Int on hex, octal and binary texts against
// strconv.ParseInt, at the edges of int64 and with digits out of base.
func TestIntPrefixed(t *testing.T) {
	for _, text := range []string{
		"0x0", "0X1f", "0xdeadBEEF", "0x7fffffffffffffff", "0x8000000000000000",
		"0xffffffffffffffffff", "0x000000000000000000001", "0x_1", "0x1_0", "0x", "0xg",
		"0o0", "0O17", "0o777777777777777777777", "0o1000000000000000000000", "0o8",
		"0b0", "0B101", "0b" + strings.Repeat("1", 63), "0b1" + strings.Repeat("0", 63), "0b2",
	} {
		base := map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[text[1]]
		want, err := strconv.ParseInt(text[2:], base, 64)
		got, ok := literal.Int(text)
		if ok != (err == nil) || ok && got != want {
			t.Errorf("Int(%q) = %d, %v; ParseInt gives %d, %v", text, got, ok, want, err)
		}
	}
}
