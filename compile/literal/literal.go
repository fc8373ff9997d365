// Package literal turns the text of NUMBER and STRING tokens and of
// identifiers into Python values the way CPython 3.8's Python/ast.c does
// (parsenumber, parsestr, decode_unicode_with_escapes, new_identifier).
//
// Where CPython reports these (measured with python3.8's compile()):
// errors go through ast_error at the STRING/NUMBER token, so lineno is the
// token's first line and offset its byte col_offset + 1 (bytes, not
// characters); the text is the line read back from the file by name (None
// for compile() of in-memory source). The invalid-escape DeprecationWarning
// is issued once per string token, at the token's first line, and only
// after the whole file has been tokenized and parsed, as are these errors.
package literal

// Error is a literal that CPython rejects. Msg is the complete SyntaxError
// message as ast.c reports it at the literal's node, e.g. "(unicode error)
// 'unicodeescape' codec can't decode bytes in position 0-1: truncated
// \xXX escape" or "bytes can only contain ASCII literal characters.".
type Error struct {
	Msg string
}

func (e *Error) Error() string { return e.Msg }

// Prefix describes a string token's prefix letters.
type Prefix struct {
	Bytes bool // b or B
	Raw   bool // r or R
	F     bool // f or F: the body is an f-string, decoded by the parser
	U     bool // u or U
}

// SplitString splits the text of a STRING token into its prefix and body
// (the text between the quotes, quotes removed, triple quotes included).
// Most tokens are non-empty and one-quoted, without a prefix: that case
// is small enough to be inlined.
func SplitString(tok string) (p Prefix, body string) {
	// A body's first character is never its quote, except in "" and
	// triple quotes.
	if n := len(tok); n >= 3 && (tok[0] == '\'' || tok[0] == '"') && tok[1] != tok[0] {
		return p, tok[1 : n-1]
	}
	return splitString(tok)
}

// splitString is SplitString of the other tokens.
func splitString(tok string) (p Prefix, body string) {
	i := 0
loop:
	for i < len(tok) {
		switch tok[i] {
		case 'b', 'B':
			p.Bytes = true
		case 'r', 'R':
			p.Raw = true
		case 'u', 'U':
			p.U = true
		case 'f', 'F':
			p.F = true
		default:
			break loop
		}
		i++
	}
	s := tok[i:]
	if len(s) < 2 {
		return p, ""
	}
	q := s[0]
	if len(s) >= 6 && s[1] == q && s[2] == q {
		return p, s[3 : len(s)-3]
	}
	return p, s[1 : len(s)-1]
}

// InvalidEscapeMsg returns the DeprecationWarning message for an invalid
// escape whose character after the backslash is c.
func InvalidEscapeMsg(c byte) string {
	return "invalid escape sequence \\" + string(rune(c))
}
