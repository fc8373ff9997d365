package ascii

import (
	"strconv"
	"testing"
)

// TestIs puts one high byte at every position of inputs of every length
// up to 80, so each loop and each word of the unrolled one is exercised.
func TestIs(t *testing.T) {
	for n := 0; n <= 80; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + i%26)
		}
		if !Is(b) || !Is(string(b)) {
			t.Fatalf("len %d: ASCII input reported non-ASCII", n)
		}
		for i := range b {
			b[i] |= 0x80
			if Is(b) || Is(string(b)) {
				t.Fatalf("len %d: high byte at %d missed", n, i)
			}
			b[i] &^= 0x80
		}
	}
}

func TestHexValue(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := -1
		if v, err := strconv.ParseUint(string(rune(c)), 16, 8); err == nil && c < 128 {
			want = int(v)
		}
		if got := HexValue(byte(c)); got != want {
			t.Errorf("HexValue(%#x) = %d, want %d", c, got, want)
		}
	}
}
