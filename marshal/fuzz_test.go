package marshal

import (
	"bytes"
	"testing"
)

// FuzzLoads: any input gives an object or an error, never a panic; an
// object that loads dumps and loads again, and its dump is a fixed point.
func FuzzLoads(f *testing.F) {
	for _, b := range goldenFiles(f) {
		if len(b) < 2048 {
			f.Add(b)
		}
	}
	f.Add([]byte("\xa9\x01r\x00\x00\x00\x00"))
	f.Add([]byte("{z\x01a\xe9\x01\x00\x00\x00r\x01\x00\x00\x000"))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := Loads(data)
		if err != nil {
			return
		}
		b1, err := Dumps(o)
		if err != nil {
			// Only unshared cycles built from refs can defeat the writer.
			return
		}
		o2, err := Loads(b1)
		if err != nil {
			t.Fatalf("Loads(Dumps(Loads(%q))) = %v (dump %q)", data, err, b1)
		}
		b2, err := Dumps(o2)
		if err != nil || !bytes.Equal(b1, b2) {
			t.Fatalf("dump not a fixed point for %q: %q vs %q (%v)", data, b1, b2, err)
		}
	})
}
