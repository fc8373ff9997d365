//go:build !amd64 || purego

package scanner

// tripleStop returns the index of the first quote q or backslash in src
// from i, or len(src), with the count of newlines before it and whether a
// byte before it is not ASCII.
func tripleStop(src string, i int, q byte) (stop, lines int, nonASCII bool) {
	return tripleStopGeneric(src, i, q)
}
