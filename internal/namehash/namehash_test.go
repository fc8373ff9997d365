package namehash

import (
	"math/rand"
	"testing"
)

// TestEndsShort checks that strings shorter than eight bytes are packed
// whole: two of one length with the same word are the same string.
func TestEndsShort(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 8; n++ {
		seen := make(map[uint64]string)
		for range 20000 {
			b := make([]byte, n)
			for i := range b {
				b[i] = "ab_\x00\xff"[r.Intn(5)]
			}
			s := string(b)
			first, last := Ends(s)
			if first != last {
				t.Fatalf("Ends(%q) = %#x, %#x: not one word twice", s, first, last)
			}
			if o, ok := seen[first]; ok && o != s {
				t.Fatalf("Ends(%q) = Ends(%q) = %#x", s, o, first)
			}
			seen[first] = s
		}
	}
}
