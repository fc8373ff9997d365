package diag

import "unicode/utf8"

// ProgramText returns line n (1-based) of the raw source as CPython 3.8's
// PyErr_ProgramTextObject reads it back from the file for SyntaxError.text:
// universal newlines, the line with a "\n" when one ended it, only the last
// 999-byte piece of a longer line (its fgets buffer), and no text at all
// (false) when that piece is not UTF-8. A read at the end of the file
// empties the buffer: a line past the end, or a last line without a
// newline whose length is a multiple of 999 (whose pieces all fill the
// buffer, so one more read is made), has the empty text.
func ProgramText(raw []byte, n int) (string, bool) {
	line, i := 1, 0
	for line < n {
		j := lineEnd(raw, i)
		if j >= len(raw) {
			return "", true
		}
		if raw[j] == '\r' && j+1 < len(raw) && raw[j+1] == '\n' {
			j++
		}
		i = j + 1
		line++
	}
	j := lineEnd(raw, i)
	s := raw[i:j]
	if j < len(raw) {
		s = append(append([]byte(nil), s...), '\n')
	} else if len(s)%chunk == 0 {
		return "", true
	}
	return lastChunk(s)
}

// chunk is the most fgets reads into CPython's 1000-byte line buffer.
const chunk = 999

func lineEnd(raw []byte, i int) int {
	for i < len(raw) && raw[i] != '\n' && raw[i] != '\r' {
		i++
	}
	return i
}

// lastChunk keeps what CPython's 1000-byte fgets buffer holds last, and
// whether it is UTF-8: only that piece is decoded, so a bad byte earlier in
// a long line leaves the text, and a character the piece's start cuts
// takes it.
func lastChunk(s []byte) (string, bool) {
	for len(s) > chunk {
		s = s[chunk:]
	}
	if !utf8.Valid(s) {
		return "", false
	}
	return string(s), true
}
