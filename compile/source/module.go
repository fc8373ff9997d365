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
	text := translateNewlines(raw, bytes.IndexByte(raw, '\r'), nil)
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
