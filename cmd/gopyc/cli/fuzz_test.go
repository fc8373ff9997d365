package cli

import (
	"strings"
	"testing"
)

// FuzzParse checks that no argument list makes the parser panic.
func FuzzParse(f *testing.F) {
	f.Add("-q\x00-f\x00.")
	f.Add("--inv=timestamp\x00-r3\x00a\x00-q\x00b")
	f.Add("-j\x00-1\x00--\x00-x")
	f.Fuzz(func(t *testing.T, joined string) {
		parse(strings.Split(joined, "\x00"))
	})
}
