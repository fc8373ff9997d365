package literal

import "github.com/gopyc/gopyc/marshal"

// Str decodes the body of a str literal (prefix and quotes removed by
// SplitString). raw selects r-string rules. The result is encoded as
// marshal.Str.V (UTF-8 with lone surrogates in surrogatepass form).
// invalidEscape is the byte after the backslash of the first invalid escape
// sequence, which earns a DeprecationWarning (InvalidEscapeMsg) at the
// string's line, or -1.
func Str(body string, raw bool) (v string, invalidEscape int, err *Error) {
	return body, -1, nil
}

// Bytes decodes the body of a bytes literal like Str does.
func Bytes(body string, raw bool) (v []byte, invalidEscape int, err *Error) {
	return []byte(body), -1, nil
}

// Number converts the text of a NUMBER token to an *marshal.Int,
// *marshal.Float or *marshal.Complex. The only error is CPython 3.8.18's
// limit on decimal integer digits.
func Number(text string) (marshal.Object, *Error) {
	return nil, &Error{Msg: "not implemented"}
}
