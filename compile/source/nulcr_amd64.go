//go:build amd64 && !purego

package source

// hasAVX2 reports whether indexNulCRAVX2 may run: the CPU has AVX2 and
// the OS saves the YMM registers.
var hasAVX2 = cpuHasAVX2()

func cpuHasAVX2() bool

// indexNulCRAVX2 is indexNulCR for n >= 32 bytes at p.
//
//go:noescape
func indexNulCRAVX2(p *byte, n int) int

// indexNulCR returns the index of the first NUL or '\r' in b, or -1: one
// pass over the file finds both bytes decode looks for, which two
// bytes.IndexByte passes took twice as long to find.
func indexNulCR(b []byte) int {
	if hasAVX2 && len(b) >= 32 {
		return indexNulCRAVX2(&b[0], len(b))
	}
	return indexNulCRGeneric(b)
}
