package marshal

import (
	"errors"
	"strings"
	"testing"
)

func TestCorruptInputs(t *testing.T) {
	le := func(x uint32) string { return string([]byte{byte(x), byte(x >> 8), byte(x >> 16), byte(x >> 24)}) }
	code := func(consts, names string) string {
		return "c" + le(0) + le(0) + le(0) + le(0) + le(1) + le(0x40) +
			"s" + le(2) + "d\x00" + consts + names + ")\x00)\x00)\x00" + "z\x01f" + "z\x01m" + le(1) + "s" + le(0)
	}
	cases := []struct {
		name, in, want string
	}{
		{"empty", "", "EOF read where object expected"},
		{"unknown code", "?", "unknown type code"},
		{"unknown code 0x01", "\x01", "unknown type code"},
		{"unknown flagged code", "\xff", "unknown type code"},
		{"top-level NULL", "0", "NULL object in marshal data for object"},
		{"int truncated", "i\x01\x02", "marshal data too short"},
		{"int64 truncated", "I\x01\x02\x03\x04", "marshal data too short"},
		{"float truncated", "g\x00\x00\x00", "marshal data too short"},
		{"complex truncated", "y" + strings.Repeat("\x00", 12), "marshal data too short"},
		{"text float bad", "f\x03abc", "could not convert string to float"},
		{"text float hex", "f\x050x1p3", "could not convert string to float"},
		{"text float truncated", "f\x09" + "1.5", "marshal data too short"},
		{"long size min", "l" + le(0x80000000), "long size out of range"},
		{"long forged huge", "l" + le(0x7fffffff) + "\x01\x00", "marshal data too short"},
		{"long bad digit", "l" + le(1) + "\x00\x80", "digit out of range"},
		{"long unnormalized", "l" + le(2) + "\x01\x00\x00\x00", "unnormalized long data"},
		{"bytes negative size", "s" + le(0xffffffff), "bytes object size out of range"},
		{"bytes forged huge", "s" + le(0x7fffffff) + "abc", "marshal data too short"},
		{"ascii forged huge", "a" + le(0x7ffffff0) + "abc", "marshal data too short"},
		{"short ascii truncated", "z\x05abc", "marshal data too short"},
		{"unicode negative size", "u" + le(0x80000000), "string size out of range"},
		{"unicode bad utf8", "u" + le(2) + "\xc3\x28", "can't decode byte 0xc3"},
		{"unicode overlong", "u" + le(2) + "\xc0\x80", "can't decode"},
		{"unicode beyond U+10FFFF", "u" + le(4) + "\xf4\x90\x80\x80", "can't decode"},
		{"tuple forged huge", "(" + le(0x7fffffff) + "N", "EOF read where object expected"},
		{"tuple negative", "(" + le(0x80000000), "tuple size out of range"},
		{"small tuple truncated", ")\x03NN", "EOF read where object expected"},
		{"tuple holding NULL", ")\x020N", "NULL object in marshal data for tuple"},
		{"list forged huge", "[" + le(0x7fffffff), "EOF read where object expected"},
		{"list holding NULL", "[" + le(1) + "0", "NULL object in marshal data for list"},
		{"dict unterminated", "{z\x01aN", "EOF read where object expected"},
		{"dict unhashable key", "{[" + le(0) + "N0", "unhashable"},
		{"set forged huge", "<" + le(0x7fffffff) + "N", "EOF read where object expected"},
		{"set unhashable member", "<" + le(1) + "[" + le(0), "unhashable"},
		{"frozenset holding NULL", ">" + le(1) + "0", "NULL object in marshal data for set"},
		{"ref with no refs", "r" + le(0), "invalid reference"},
		{"ref negative", ")\x02\xe9\x01\x00\x00\x00r" + le(0xffffffff), "invalid reference"},
		{"ref beyond table", ")\x02\xe9\x01\x00\x00\x00r" + le(1), "invalid reference"},
		{"ref truncated", ")\x02\xe9\x01\x00\x00\x00r\x00", "marshal data too short"},
		{"ref to unfinished frozenset", "\xbe" + le(1) + "r" + le(0), "invalid reference"},
		{"ref to unfinished code", "\xe3" + le(0) + le(0) + le(0) + le(0) + le(0) + le(0) + "r" + le(0), "invalid reference"},
		{"code truncated in header", "c" + le(0) + le(0), "marshal data too short"},
		{"code with int for bytecode", strings.Replace(code(")\x00", ")\x00"), "s"+le(2)+"d\x00", "i"+le(0), 1), "bad argument"},
		{"code with non-str name", code(")\x00", ")\x01i"+le(1)), "bad argument"},
		{"code with NULL field", "c" + le(0) + le(0) + le(0) + le(0) + le(0) + le(0) + "0", "NULL object in marshal data for code"},
		{"code varnames too small", strings.Replace(code(")\x00", ")\x00"), "c"+le(0), "c"+le(1), 1), "varnames is too small"},
		{"code negative nlocals", "c" + le(0) + le(0) + le(0) + le(0xffffffff) + code(")\x00", ")\x00")[17:], "bad argument"},
	}
	if len(cases) < 30 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		o, err := Loads([]byte(c.in))
		if err == nil {
			t.Errorf("%s: accepted as %s", c.name, repr(o))
			continue
		}
		var me *Error
		if !errors.As(err, &me) {
			t.Errorf("%s: error %v is not a *marshal.Error", c.name, err)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want it to mention %q", c.name, err, c.want)
		}
	}
	// The well-formed code object the cases above corrupt must load.
	if _, err := Loads([]byte(code(")\x00", ")\x00"))); err != nil {
		t.Errorf("base code object: %v", err)
	}
}

// TestTruncations cuts every golden at every byte: each prefix must give an
// error (never a panic), since every object needs all of its bytes.
func TestTruncations(t *testing.T) {
	files := goldenFiles(t)
	n := 0
	for _, name := range sortedKeys(files) {
		data := files[name]
		if len(data) > 4096 {
			continue
		}
		for i := 0; i < len(data); i++ {
			if _, err := Loads(data[:i]); err == nil {
				t.Errorf("%s: prefix of %d/%d bytes accepted", name, i, len(data))
				break
			}
			n++
		}
	}
	t.Logf("%d truncated inputs rejected", n)
}

// TestCyclesAccepted: CPython registers tuples, lists, dicts and sets
// before reading their items, so references to them from inside are valid
// and make cycles.
func TestCyclesAccepted(t *testing.T) {
	o, err := Loads([]byte("\xa9\x01r\x00\x00\x00\x00"))
	if err != nil {
		t.Fatal(err)
	}
	tp := o.(*Tuple)
	if tp.Items[0] != Object(tp) {
		t.Fatalf("self-reference not resolved to the tuple")
	}
	b, err := Dumps(tp)
	if err != nil || string(b) != "\xa9\x01r\x00\x00\x00\x00" {
		t.Errorf("Dumps of cyclic tuple = %q, %v", b, err)
	}
	tp.Shared = false
	if _, err := Dumps(tp); err == nil || !strings.Contains(err.Error(), "too deeply nested") {
		t.Errorf("unshared cycle: %v, want a nesting error", err)
	}
}

func TestDepthLimit(t *testing.T) {
	deep := strings.Repeat(")\x01", maxDepth-1) + "N"
	if _, err := Loads([]byte(deep)); err != nil {
		t.Errorf("depth %d: %v", maxDepth, err)
	}
	if _, err := Loads([]byte(")\x01" + deep)); err == nil || !strings.Contains(err.Error(), "recursion limit") {
		t.Errorf("depth %d: %v, want recursion limit error", maxDepth+1, err)
	}
	var o Object = None
	for i := 0; i < maxDepth-1; i++ {
		o = &Tuple{Items: []Object{o}}
	}
	if _, err := Dumps(o); err != nil {
		t.Errorf("Dumps depth %d: %v", maxDepth, err)
	}
	if _, err := Dumps(&Tuple{Items: []Object{o}}); err == nil {
		t.Errorf("Dumps depth %d accepted", maxDepth+1)
	}
}
