package source

import (
	"testing"
	"unicode/utf8"
)

// fuzzCodecs are the codecs whose decoders are gopyc's own: the
// stateful and escape codecs, punycode and idna, the CJK tables and state
// machines.
var fuzzCodecs = []string{
	"utf_7", "unicode_escape", "raw_unicode_escape", "idna", "punycode", "cp864", "cp037",
	"big5", "big5hkscs", "cp932", "cp949", "cp950", "euc_jis_2004", "euc_jisx0213", "euc_jp",
	"euc_kr", "gb18030", "gb2312", "gbk", "hz", "iso2022_jp", "iso2022_jp_1", "iso2022_jp_2",
	"iso2022_jp_2004", "iso2022_jp_3", "iso2022_jp_ext", "iso2022_kr", "johab", "shift_jis",
	"shift_jis_2004", "shift_jisx0213", "utf_16", "utf_32",
}

// FuzzCodecDecode decodes arbitrary bytes declared in each codec: a
// decoder may reject them, with a message, but must not panic, hang or
// return text that is not UTF-8.
func FuzzCodecDecode(f *testing.F) {
	for _, s := range []string{"x = 1\n", "s = '\\N{BULLET}\\x41\\u12'\n", "+AGEAYgBj-\n", "\x1b$B\x30\x21\x1b(B\n",
		"xn--caf-dma.b\n", "\x8e\xa1\x8f\xa1\xa1\n", "\x81\x30\x81\x30\n", "~{\x30\x21~}\n", "\x0e\x21\x21\x0f\n"} {
		for i := range fuzzCodecs {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		mod := fuzzCodecs[int(which)%len(fuzzCodecs)]
		src := append([]byte("# coding: "+mod+"\n"), body...)
		file, err := Decode(src, "f.py")
		if err == nil && !utf8.ValidString(file.Src) && mod != "utf_8" {
			// The tokenizer reads UTF-8; a codec's output always is.
			t.Fatalf("%s: decoded text is not UTF-8: %q", mod, file.Src)
		}
		Imports(src)
		RegistryName(src)
	})
}
