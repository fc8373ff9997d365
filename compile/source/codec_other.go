package source

import "unicode/utf8"

// decodeOther decodes text with the codecs of module mod that are neither
// byte tables nor multibyte CJK codecs nor UTF-16/32: those that rewrite
// ASCII (utf_7, the escape codecs, punycode, idna) and "undefined". name
// is the cookie's spelling, which wrapped errors quote. ok is false for
// modules it does not know.
func decodeOther(text []byte, mod, name string) (out []byte, msg string, ok bool) {
	var rs []rune
	switch mod {
	case "utf_7":
		rs, msg = utf7(text)
	case "unicode_escape":
		r := unicodeEscape(text)
		rs, msg = r.out, r.msg
	case "raw_unicode_escape":
		r := rawUnicodeEscape(text)
		rs, msg = r.out, r.msg
	case "punycode", "idna":
		var e *pyError
		if mod == "punycode" {
			rs, e = punycode(text)
		} else {
			rs, _, e = idna(text)
		}
		if e != nil {
			msg = e.wrapped(name)
		}
	case "undefined":
		msg = unicodeError("undefined encoding").wrapped(name)
	default:
		return nil, "", false
	}
	if msg != "" {
		return nil, msg, true
	}
	out, msg = tokenizerText(rs)
	return out, msg, true
}

// tokenizerText is translate_into_utf8's second half: the decoded string
// encoded as strict UTF-8, which rejects surrogates (all of a run of them
// in one error), and then what the tokenizer reads of it, a C string that
// ends at the first NUL.
func tokenizerText(rs []rune) ([]byte, string) {
	out := make([]byte, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if 0xD800 <= r && r <= 0xDFFF {
			j := i + 1
			for j < len(rs) && 0xD800 <= rs[j] && rs[j] <= 0xDFFF {
				j++
			}
			return nil, encodeErr(rs, i, j, "surrogates not allowed")
		}
		out = utf8.AppendRune(out, r)
	}
	for i, c := range out {
		if c == 0 {
			return out[:i], ""
		}
	}
	return out, ""
}
