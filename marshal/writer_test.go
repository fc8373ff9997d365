package marshal

import (
	"bytes"
	"math/big"
	"testing"
)

func TestDumpsInts(t *testing.T) {
	big2 := func(s string) *Int {
		v, _ := new(big.Int).SetString(s, 0)
		return &Int{Big: v}
	}
	cases := []struct {
		in   *Int
		want string
	}{
		{NewInt(0), "i\x00\x00\x00\x00"},
		{NewInt(-1), "i\xff\xff\xff\xff"},
		{NewInt(1<<31 - 1), "i\xff\xff\xff\x7f"},
		{NewInt(-1 << 31), "i\x00\x00\x00\x80"},
		{NewInt(1 << 31), "l\x03\x00\x00\x00\x00\x00\x00\x00\x02\x00"},
		{NewInt(-1<<31 - 1), "l\xfd\xff\xff\xff\x01\x00\x00\x00\x02\x00"},
		{NewInt(-1 << 63), "l\xfb\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00"},
		{big2("0x10000000000000000"), "l\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x10\x00"},
		{big2("-0x10000000000000000"), "l\xfb\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x10\x00"},
		{big2("5"), "i\x05\x00\x00\x00"}, // unnormalised Big still follows the value
	}
	for _, c := range cases {
		got, err := Dumps(c.in)
		if err != nil || string(got) != c.want {
			t.Errorf("Dumps(%s) = %q, %v; want %q", c.in.BigInt(), got, err, c.want)
		}
		back, err := Loads(got)
		if err != nil || back.(*Int).BigInt().Cmp(c.in.BigInt()) != 0 {
			t.Errorf("Loads(Dumps(%s)) = %v, %v", c.in.BigInt(), back, err)
		}
	}
}

func TestDumpsRefsAndMarkRepeated(t *testing.T) {
	s := &Str{V: "name", Interned: true}
	one := NewInt(1)
	inner := &Tuple{Items: []Object{s, one}}
	top := &Tuple{Items: []Object{inner, s, inner, one, &Str{V: "é"}}}
	MarkRepeated(top)
	if top.Shared || !inner.Shared || !s.Shared || !one.Shared {
		t.Fatalf("MarkRepeated: top %v inner %v s %v one %v", top.Shared, inner.Shared, s.Shared, one.Shared)
	}
	got, err := Dumps(top)
	if err != nil {
		t.Fatal(err)
	}
	want := ")\x05" + "\xa9\x02" + "\xda\x04name" + "\xe9\x01\x00\x00\x00" +
		"r\x01\x00\x00\x00" + "r\x00\x00\x00\x00" + "r\x02\x00\x00\x00" + "u\x02\x00\x00\x00\xc3\xa9"
	if string(got) != want {
		t.Errorf("Dumps = %q\nwant    %q", got, want)
	}
	// Shared without repetition still gets FLAG_REF, as a CPython object
	// with other owners does.
	lone := &Bytes{V: []byte("x")}
	lone.Shared = true
	if got, _ := Dumps(lone); string(got) != "\xf3\x01\x00\x00\x00x" {
		t.Errorf("shared bytes = %q", got)
	}
}

func TestDumpsErrors(t *testing.T) {
	var nilTuple *Tuple
	bad := []Object{
		nil,
		nilTuple,
		&Tuple{Items: []Object{nil}},
		&Code{}, // nil fields
		&Dict{Keys: []Object{None}},
	}
	for i, o := range bad {
		if b, err := Dumps(o); err == nil {
			t.Errorf("case %d: Dumps accepted, wrote %q", i, b)
		}
	}
	dst := []byte("keep")
	out, err := AppendDumps(dst, &Tuple{Items: []Object{nil}})
	if err == nil || !bytes.Equal(out, []byte("keep")) {
		t.Errorf("AppendDumps on error = %q, %v", out, err)
	}
	out, err = AppendDumps(dst, None)
	if err != nil || string(out) != "keepN" {
		t.Errorf("AppendDumps = %q, %v", out, err)
	}
}

func TestNewFrozenSetEquality(t *testing.T) {
	fs := NewFrozenSet([]Object{NewInt(1), &Float{V: 1}, True, &Complex{Real: 1}, NewInt(2), &Str{V: "1"}, &Bytes{V: []byte("1")}})
	if len(fs.Items) != 4 {
		t.Fatalf("items %s, want 1 == 1.0 == True == 1+0j merged", repr(fs))
	}
	if _, ok := fs.Items[0].(*Int); !ok {
		t.Errorf("first inserted of equal members must stay: %s", repr(fs))
	}
	if !Equal(&Tuple{Items: []Object{NewInt(1)}}, &Tuple{Items: []Object{&Float{V: 1}}}) {
		t.Errorf("(1,) != (1.0,)")
	}
	if Equal(&Float{V: 9007199254740992}, NewBigInt(new(big.Int).SetUint64(9007199254740993))) {
		t.Errorf("2**53 float == 2**53+1 int")
	}
}
