package source

import "bytes"

// CodecModule returns the module of the encodings package that CPython
// imports to decode source declared with encoding enc (File.Encoding), or ""
// when it needs none: no declaration, UTF-8, and the names PyUnicode_Decode
// decodes with built-in decoders.
func CodecModule(enc string) string {
	if enc == "" || enc == "utf-8" || fastPath(enc) != "" {
		return ""
	}
	m, _ := lookupCodec(enc)
	return m
}

// RegistryName returns the name compiling raw makes CPython look up in its
// codec registry, whose normalised form (RegistryKey) the process then
// keeps, found or not; "" when decoding asks the registry nothing (no
// cookie, UTF-8, a BOM, the names PyUnicode_Decode decodes itself, NUL
// bytes, which compile() rejects first).
func RegistryName(raw []byte) string {
	if bytes.IndexByte(raw, 0) >= 0 {
		return ""
	}
	// The cookie is on line 1 or 2: only they are translated.
	head := raw[:lineEnds(raw, 2)]
	text := translateNewlines(head, bytes.IndexByte(head, '\r'), nil)
	if len(text) >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF {
		return ""
	}
	nl1 := bytes.IndexByte(text, '\n')
	spec, found, stop := codingSpec(text[:nl1])
	if !found && !stop {
		if nl2 := bytes.IndexByte(text[nl1+1:], '\n'); nl2 >= 0 {
			spec, found, _ = codingSpec(text[nl1+1 : nl1+1+nl2+1])
		}
	}
	if !found || spec == "utf-8" || fastPath(spec) != "" {
		return ""
	}
	return spec
}

// lineEnds returns the offset after the first n lines of raw, whose lines
// end in "\n", "\r\n" or "\r", or len(raw).
func lineEnds(raw []byte, n int) int {
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '\r':
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case '\n':
		default:
			continue
		}
		if n--; n == 0 {
			return i + 1
		}
	}
	return len(raw)
}

// RegistryKey is the codec registry's normalisation of a name it is asked
// for: lower case, spaces as hyphens.
func RegistryKey(name string) string {
	b := []byte(name)
	for i, c := range b {
		switch {
		case c == ' ':
			b[i] = '-'
		case 'A' <= c && c <= 'Z':
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Imports reports what decoding raw, as compile() does, imports into
// CPython's process whether or not it succeeds: the codec module of its
// coding cookie (CodecModule), the punycode codec's when the idna codec
// used it, and unicodedata when the unicode_escape codec met a \N escape.
func Imports(raw []byte) (codecs []string, unicodedata bool) {
	_, enc, err := decode(raw, "", nil)
	if err != nil && enc == "" {
		return nil, false
	}
	m := CodecModule(enc)
	if m == "" {
		return nil, false
	}
	codecs = []string{m}
	// A cookie that is not UTF-8 rules out a BOM: the text decoded is the
	// newline-translated file.
	switch m {
	case "unicode_escape":
		unicodedata = unicodeEscape(translateNewlines(raw, indexNulCR(raw), nil)).named
	case "idna":
		if _, puny, _ := idna(translateNewlines(raw, indexNulCR(raw), nil)); puny {
			codecs = append(codecs, "punycode")
		}
	}
	return codecs, unicodedata
}
