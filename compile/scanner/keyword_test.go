package scanner

import (
	"testing"

	"github.com/gopyc/gopyc/compile/token"
)

// TestKeywords checks that keywords, which kwLens is built from, are the
// texts token.Keyword knows: each is one, and each code has its text.
func TestKeywords(t *testing.T) {
	seen := map[int]bool{}
	for _, k := range keywords {
		kw := token.Keyword(k)
		if kw == token.NoKeyword || seen[kw] {
			t.Errorf("%q: keyword code %d", k, kw)
		}
		seen[kw] = true
	}
	for kw := token.NoKeyword + 1; kw <= token.KwAwait; kw++ {
		if !seen[kw] {
			t.Errorf("keyword code %d has no text in keywords", kw)
		}
	}
}
