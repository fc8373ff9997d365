package literal

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/runenames"
)

// TestEveryStoredName looks every stored name up again, in capitals and in
// lower case, and every alias: the hash table must find each.
func TestEveryStoredName(t *testing.T) {
	n := 0
	for i := 0; i+1 < len(namedRanges); i += 2 {
		for r := rune(namedRanges[i]); r <= rune(namedRanges[i+1]); r++ {
			name := runenames.Name(r)
			if name == "" || name[0] == '<' || strings.HasPrefix(name, "HANGUL SYLLABLE ") || strings.HasPrefix(name, "CJK UNIFIED IDEOGRAPH-") {
				continue
			}
			want := r
			if a, ok := nameAliases()[name]; ok {
				want = a
			}
			for _, key := range []string{name, strings.ToLower(name)} {
				if got, ok := lookupName(key); !ok || got != want {
					t.Fatalf("lookupName(%q) = %U, %v; want %U", key, got, ok, want)
				}
			}
			n++
		}
	}
	for name, want := range nameAliases() {
		if got, ok := lookupName(name); !ok || got != want {
			t.Fatalf("alias %q = %U, %v; want %U", name, got, ok, want)
		}
	}
	if _, ok := lookupName("NO SUCH CHARACTER NAME"); ok {
		t.Error("an unknown name was found")
	}
	if n < 30000 {
		t.Errorf("only %d stored names", n)
	}
	t.Logf("%d stored names and %d aliases found", n, len(nameAliases()))
}
