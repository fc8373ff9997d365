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
