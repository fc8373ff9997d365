package source

// decodeWith decodes text (already newline-translated, BOM removed) with the
// codec CPython's codec registry finds for name. On failure msg is the text
// of the Python exception, which compile() reports as a SyntaxError.
func decodeWith(text []byte, name string) (out []byte, msg string) {
	switch name {
	case "iso-8859-1":
		return latin1(text), ""
	}
	return nil, "unknown encoding: " + name
}

func latin1(text []byte) []byte {
	n := 0
	for _, c := range text {
		if c >= 0x80 {
			n++
		}
	}
	if n == 0 {
		return text
	}
	out := make([]byte, 0, len(text)+n)
	for _, c := range text {
		if c < 0x80 {
			out = append(out, c)
		} else {
			out = append(out, 0xC0|c>>6, 0x80|c&0x3F)
		}
	}
	return out
}
