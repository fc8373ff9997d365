//go:build amd64 && !purego

package source

import "github.com/gopyc/gopyc/internal/cpufeat"

// indexNulCRAVX2 is indexNulCR for n >= 32 bytes at p.
//
//go:noescape
func indexNulCRAVX2(p *byte, n int) int

// indexNulCR returns the index of the first NUL or '\r' in b, or -1: one
// pass over the file finds both bytes decode looks for, which two
// bytes.IndexByte passes took twice as long to find.
func indexNulCR(b []byte) int {
	if cpufeat.AVX2 && len(b) >= 32 {
		return indexNulCRAVX2(&b[0], len(b))
	}
	return indexNulCRGeneric(b)
}
