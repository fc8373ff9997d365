//go:build !amd64 || purego

package source

// indexNulCR returns the index of the first NUL or '\r' in b, or -1.
func indexNulCR(b []byte) int { return indexNulCRGeneric(b) }
