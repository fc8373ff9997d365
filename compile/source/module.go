package source

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
