package ast

import (
	"encoding/hex"
	"strconv"
	"testing"

	"github.com/gopyc/gopyc/marshal"
)

// Expected reprs were printed by python3.8 (float.hex() in, repr() out).
func TestReprFloat(t *testing.T) {
	for _, c := range [][2]string{
		{"0x0.0p+0", "0.0"}, {"-0x0.0p+0", "-0.0"}, {"0x1.0000000000000p+0", "1.0"},
		{"0x1.999999999999ap-4", "0.1"}, {"0x1.1c37937e08000p+53", "1e+16"},
		{"0x1.c6bf526340000p+49", "1000000000000000.0"}, {"0x1.b69b4ba630f35p+56", "1.2345678901234568e+17"},
		{"0x1.a36e2eb1c432dp-14", "0.0001"}, {"0x1.4f8b588e368f1p-17", "1e-05"},
		{"0x1.421f5f40d8376p-23", "1.5e-07"}, {"0x0.0000000000001p-1022", "5e-324"},
		{"0x1.fffffffffffffp+1023", "1.7976931348623157e+308"}, {"inf", "inf"}, {"-inf", "-inf"},
		{"0x1.4000000000000p+1", "2.5"}, {"0x1.9000000000000p+6", "100.0"},
		{"0x1.0f0cf064dd592p+73", "1e+22"}, {"0x1.81cd6c8b43958p+13", "12345.678"},
	} {
		f, err := strconv.ParseFloat(c[0], 64)
		if err != nil {
			t.Fatal(err)
		}
		if got := ReprObject(&marshal.Float{V: f}); got != c[1] {
			t.Errorf("repr(%s) = %s, want %s", c[0], got, c[1])
		}
	}
}

func TestReprComplex(t *testing.T) {
	for _, c := range [][3]string{
		{"0x0.0p+0", "0x1.0000000000000p+0", "1j"}, {"0x0.0p+0", "0x1.8000000000000p+0", "1.5j"},
		{"0x0.0p+0", "0x0.0p+0", "0j"}, {"0x0.0p+0", "0x1.5af1d78b58c40p+66", "1e+20j"},
		{"nan", "inf", "(nan+infj)"}, {"0x1.0000000000000p+0", "0x1.0000000000000p+1", "(1+2j)"},
		{"-0x0.0p+0", "0x1.0000000000000p+0", "(-0+1j)"}, {"0x0.0p+0", "-0x1.0000000000000p+0", "-1j"},
	} {
		re, _ := strconv.ParseFloat(c[0], 64)
		im, _ := strconv.ParseFloat(c[1], 64)
		if got := ReprObject(&marshal.Complex{Real: re, Imag: im}); got != c[2] {
			t.Errorf("repr(complex(%s, %s)) = %s, want %s", c[0], c[1], got, c[2])
		}
	}
}

func TestReprStrBytes(t *testing.T) {
	for _, c := range [][2]string{
		{"", "''"}, {"61", "'a'"}, {"27", `"'"`}, {"22", `'"'`}, {"2722", `'\'"'`},
		{"615c62", `'a\\b'`}, {"0a090d001f7f", `'\n\t\r\x00\x1f\x7f'`}, {"c280c2a0c3bf", `'\x80\xa0ÿ'`},
		{"c480e280a8efbbbf", `'Ā\u2028\ufeff'`}, {"f09f9880f3a08081", `'😀\U000e0001'`},
		{"c3a9e697a5e69cac", `'é日本'`}, {"eda080", `'\ud800'`}, {"f0b08080", `'\U00030000'`},
	} {
		b, _ := hex.DecodeString(c[0])
		if got := ReprObject(&marshal.Str{V: string(b)}); got != c[1] {
			t.Errorf("repr(str %s) = %s, want %s", c[0], got, c[1])
		}
	}
	for _, c := range [][2]string{
		{"", "b''"}, {"61", "b'a'"}, {"27", `b"'"`}, {"22", `b'"'`}, {"2722", `b'\'"'`},
		{"5c", `b'\\'`}, {"007f80ff0a090d", `b'\x00\x7f\x80\xff\n\t\r'`},
	} {
		b, _ := hex.DecodeString(c[0])
		if got := ReprObject(&marshal.Bytes{V: b}); got != c[1] {
			t.Errorf("repr(bytes %s) = %s, want %s", c[0], got, c[1])
		}
	}
}
