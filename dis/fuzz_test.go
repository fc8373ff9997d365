package dis

import (
	"io"
	"testing"

	"github.com/gopyc/gopyc/marshal"
)

// FuzzDisassemble feeds arbitrary marshal data; whatever loads as a code
// object must disassemble without panicking.
func FuzzDisassemble(f *testing.F) {
	co := &marshal.Code{
		Code:     &marshal.Bytes{V: []byte{100, 0, 90, 0, 144, 1, 113, 4, 83, 0}},
		Consts:   &marshal.Tuple{Items: []marshal.Object{marshal.None}},
		Names:    &marshal.Tuple{Items: []marshal.Object{&marshal.Str{V: "x"}}},
		VarNames: &marshal.Tuple{}, FreeVars: &marshal.Tuple{}, CellVars: &marshal.Tuple{},
		Filename: &marshal.Str{V: "f.py"}, Name: &marshal.Str{V: "<module>"},
		LNoTab: &marshal.Bytes{V: []byte{4, 1, 2, 0xff}},
	}
	if b, err := marshal.Dumps(co); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := marshal.Loads(data)
		if err != nil {
			return
		}
		if c, ok := o.(*marshal.Code); ok {
			Disassemble(io.Discard, c)
		}
	})
}

// TestMalformed covers arguments pointing outside the tables.
func TestMalformed(t *testing.T) {
	co := &marshal.Code{
		Code: &marshal.Bytes{V: []byte{100, 9, 124, 9, 136, 9, 107, 99, 155, 7, 132, 15, 200, 1, 1}},
	}
	if err := Disassemble(io.Discard, co); err != nil {
		t.Fatal(err)
	}
}
