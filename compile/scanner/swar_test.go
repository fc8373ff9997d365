package scanner

import (
	"math/rand"
	"strings"
	"testing"
)

// TestStrStop checks the word-at-a-time search of string bodies against
// a plain search, around the bytes that could confuse it.
func TestStrStop(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	tricky := []byte{'a', '\n', '"', '\'', '\\', 0x80, 0xff, 0x8a, 0x0b, 0x09, 0x01, 0, 'x'}
	for n := 0; n < 100000; n++ {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			if rng.Intn(8) == 0 {
				b[i] = tricky[rng.Intn(len(tricky))]
			} else {
				b[i] = byte(rng.Intn(256))
			}
		}
		s := string(b)
		for _, q := range []byte{'"', '\''} {
			want := strings.IndexAny(s, string(q)+"\\\n")
			if want < 0 {
				want = len(s)
			}
			if got := strStop(s, q); got != want {
				t.Fatalf("strStop(%q, %c) = %d, want %d", s, q, got, want)
			}
		}
	}
}
