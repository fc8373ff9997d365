package literal

import (
	"bytes"
	"flag"
	"os"
	"slices"
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

var update = flag.Bool("update", false, "rewrite names.bin")

// TestNameTable rebuilds nameTable from runenames and namedRanges: with
// -update it writes names.bin, else the embedded table must be the same.
func TestNameTable(t *testing.T) {
	var runes []rune
	for i := 0; i+1 < len(namedRanges); i += 2 {
		for r := rune(namedRanges[i]); r <= rune(namedRanges[i+1]); r++ {
			name := runenames.Name(r)
			if name == "" || name[0] == '<' || strings.HasPrefix(name, "HANGUL SYLLABLE ") || strings.HasPrefix(name, "CJK UNIFIED IDEOGRAPH-") {
				continue
			}
			runes = append(runes, r)
		}
	}
	slices.SortFunc(runes, func(a, b rune) int { return strings.Compare(runenames.Name(a), runenames.Name(b)) })
	var b []byte
	for i, r := range runes {
		if i > 0 && runenames.Name(runes[i-1]) == runenames.Name(r) {
			t.Fatalf("two characters named %q", runenames.Name(r))
		}
		b = append(b, byte(r), byte(r>>8), byte(r>>16))
	}
	if *update {
		if err := os.WriteFile("names.bin", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b, []byte(nameTable)) {
		t.Error("names.bin is stale: go test -run NameTable -update")
	}
}
