package source

import (
	"strings"
	"testing"
)

// TestCJKCodecs checks each CJK codec on texts and errors whose expected
// values CPython 3.8 gave: bytes.decode(codec), or str() of its error.
func TestCJKCodecs(t *testing.T) {
	for _, c := range []struct{ codec, in, want, err string }{
		{"big5", "\xa4\xa4\xa4\xe5", "\U00004e2d\U00006587", ""},
		{"big5", "\x61\xa4", "", "'big5' codec can't decode byte 0xa4 in position 1: incomplete multibyte sequence"},
		{"big5", "\x61\x62\x80\x40", "", "'big5' codec can't decode byte 0x80 in position 2: illegal multibyte sequence"},
		{"big5", "\xf9\xfe", "", "'big5' codec can't decode byte 0xf9 in position 0: illegal multibyte sequence"},
		{"big5hkscs", "\x88\x62\x88\x64", "\U000000ca\U00000304\U000000ca\U0000030c", ""},
		{"big5hkscs", "\x78\x81\x40", "", "'big5hkscs' codec can't decode byte 0x81 in position 1: illegal multibyte sequence"},
		{"big5hkscs", "\xfe\xfe", "\U000079d4", ""},
		{"big5hkscs", "\x88", "", "'big5hkscs' codec can't decode byte 0x88 in position 0: incomplete multibyte sequence"},
		{"cp932", "\x82\xa0\x5c\x81\x5f\x87\x40", "\U00003042\U0000005c\U0000ff3c\U00002460", ""},
		{"cp932", "\x81", "", "'cp932' codec can't decode byte 0x81 in position 0: incomplete multibyte sequence"},
		{"cp932", "\x85\x40", "", "'cp932' codec can't decode byte 0x85 in position 0: illegal multibyte sequence"},
		{"cp932", "\xa0", "\U0000f8f0", ""},
		{"cp949", "\xb0\xa1\x81\x41", "\U0000ac00\U0000ac02", ""},
		{"cp949", "\xc9\xa1", "", "'cp949' codec can't decode byte 0xc9 in position 0: illegal multibyte sequence"},
		{"cp949", "\xb0", "", "'cp949' codec can't decode byte 0xb0 in position 0: incomplete multibyte sequence"},
		{"cp949", "\xff", "", "'cp949' codec can't decode byte 0xff in position 0: incomplete multibyte sequence"},
		{"cp950", "\xa4\xa4\xf9\xf9", "\U00004e2d\U00002550", ""},
		{"cp950", "\x80", "", "'cp950' codec can't decode byte 0x80 in position 0: incomplete multibyte sequence"},
		{"cp950", "\xa1", "", "'cp950' codec can't decode byte 0xa1 in position 0: incomplete multibyte sequence"},
		{"euc_jis_2004", "\xa4\xf7\x8f\xa1\xa1", "\U0000304b\U0000309a\U00020089", ""},
		{"euc_jis_2004", "\x8f\xa1", "", "'euc_jis_2004' codec can't decode bytes in position 0-1: incomplete multibyte sequence"},
		{"euc_jis_2004", "\xa9\xa1", "\U000020ac", ""},
		{"euc_jis_2004", "\x8e\xe0", "", "'euc_jis_2004' codec can't decode byte 0x8e in position 0: illegal multibyte sequence"},
		{"euc_jisx0213", "\xa4\xf7\xae\xa1", "", "'euc_jisx0213' codec can't decode bytes in position 2-3: illegal multibyte sequence"},
		{"euc_jisx0213", "\xa1", "", "'euc_jisx0213' codec can't decode byte 0xa1 in position 0: incomplete multibyte sequence"},
		{"euc_jp", "\xa4\xa2\x8e\xb1\x8f\xb0\xa1\xa1\xc0", "\U00003042\U0000ff71\U00004e02\U0000ff3c", ""},
		{"euc_jp", "\x8f\xa1\xa1", "", "'euc_jp' codec can't decode byte 0x8f in position 0: illegal multibyte sequence"},
		{"euc_jp", "\xa9\xa1", "", "'euc_jp' codec can't decode byte 0xa9 in position 0: illegal multibyte sequence"},
		{"euc_jp", "\x8f\xb0", "", "'euc_jp' codec can't decode bytes in position 0-1: incomplete multibyte sequence"},
		{"euc_kr", "\xb0\xa1\xa4\xd4\xa4\xa1\xa4\xbf\xa4\xd4", "\U0000ac00\U0000ac00", ""},
		{"euc_kr", "\xa4\xd4\xa4\xa1", "", "'euc_kr' codec can't decode bytes in position 0-3: incomplete multibyte sequence"},
		{"euc_kr", "\xa4\xd4\xa4\xa1\xa4\xbf\xa4\xff", "", "'euc_kr' codec can't decode byte 0xa4 in position 0: illegal multibyte sequence"},
		{"euc_kr", "\xc9\xa1", "", "'euc_kr' codec can't decode byte 0xc9 in position 0: illegal multibyte sequence"},
		{"gb18030", "\x84\x31\xa4\x39", "\U0000ffff", ""},
		{"gb18030", "\x81\x30\x81\x30\x90\x30\x81\x30\xa8\xbc", "\U00000080\U00010000\U0000e7c7", ""},
		{"gb18030", "\x81\x30\x81", "", "'gb18030' codec can't decode bytes in position 0-2: incomplete multibyte sequence"},
		{"gb18030", "\x84\x31\xa5\x30", "", "'gb18030' codec can't decode byte 0x84 in position 0: illegal multibyte sequence"},
		{"gb18030", "\xff\x30\x81\x30", "", "'gb18030' codec can't decode byte 0xff in position 0: illegal multibyte sequence"},
		{"gb2312", "\xb0\xa1", "\U0000554a", ""},
		{"gb2312", "\xa1\x40", "", "'gb2312' codec can't decode byte 0xa1 in position 0: illegal multibyte sequence"},
		{"gb2312", "\xb0", "", "'gb2312' codec can't decode byte 0xb0 in position 0: incomplete multibyte sequence"},
		{"gbk", "\x81\x40\xa1\xa1", "\U00004e02\U00003000", ""},
		{"gbk", "\x80", "", "'gbk' codec can't decode byte 0x80 in position 0: incomplete multibyte sequence"},
		{"gbk", "\xff\x40", "", "'gbk' codec can't decode byte 0xff in position 0: illegal multibyte sequence"},
		{"johab", "\x88\x61\xd9\x31", "\U0000ac00\U00003000", ""},
		{"johab", "\x84\x40", "", "'johab' codec can't decode byte 0x84 in position 0: illegal multibyte sequence"},
		{"johab", "\x88", "", "'johab' codec can't decode byte 0x88 in position 0: incomplete multibyte sequence"},
		{"shift_jis", "\x82\xa0\x5c\x7e\xb1", "\U00003042\U0000005c~\U0000ff71", ""},
		{"shift_jis", "\x87\x40", "", "'shift_jis' codec can't decode byte 0x87 in position 0: illegal multibyte sequence"},
		{"shift_jis", "\x81", "", "'shift_jis' codec can't decode byte 0x81 in position 0: incomplete multibyte sequence"},
		{"shift_jis_2004", "\x82\xf5\xf0\x40", "\U0000304b\U0000309a\U00020089", ""},
		{"shift_jis_2004", "\xfd\x40", "", "'shift_jis_2004' codec can't decode byte 0xfd in position 0: illegal multibyte sequence"},
		{"shift_jis_2004", "\x82", "", "'shift_jis_2004' codec can't decode byte 0x82 in position 0: incomplete multibyte sequence"},
		{"shift_jisx0213", "\x82\xf5", "\U0000304b\U0000309a", ""},
		{"shift_jisx0213", "\x85\x40\x80", "", "'shift_jisx0213' codec can't decode byte 0x80 in position 2: illegal multibyte sequence"},
		{"hz", "\x61\x7e\x7b\x30\x21\x7e\x7d\x7e\x7e\x62\x7e\x0a\x63", "a\U0000554a~bc", ""},
		{"hz", "\x7e\x7b\x21", "", "'hz' codec can't decode byte 0x21 in position 2: incomplete multibyte sequence"},
		{"hz", "\x7e\x78", "", "'hz' codec can't decode byte 0x7e in position 0: illegal multibyte sequence"},
		{"hz", "\x7e\x7b\x7e\x7e", "", "'hz' codec can't decode byte 0x7e in position 2: illegal multibyte sequence"},
		{"hz", "\x80", "", "'hz' codec can't decode byte 0x80 in position 0: illegal multibyte sequence"},
		{"iso2022_jp", "\x1b\x24\x42\x30\x21\x1b\x28\x4a\x5c\x1b\x28\x42\x7a", "\U00004e9c\U000000a5z", ""},
		{"iso2022_jp", "\x1b\x24\x42\x30", "", "'iso2022_jp' codec can't decode byte 0x30 in position 3: incomplete multibyte sequence"},
		{"iso2022_jp", "\x1b\x24\x28\x44\x30\x21", "", "'iso2022_jp' codec can't decode bytes in position 0-3: illegal multibyte sequence"},
		{"iso2022_jp", "\x1b\x28", "", "'iso2022_jp' codec can't decode bytes in position 0-1: incomplete multibyte sequence"},
		{"iso2022_jp", "\x1b\x24\x42\x7f\x21", "", "'iso2022_jp' codec can't decode bytes in position 3-4: illegal multibyte sequence"},
		{"iso2022_jp", "\x1b\x78\x80\x41\x42\x43", "\U0000001bx\U00000080ABC", ""},
		{"iso2022_jp_1", "\x1b\x24\x28\x44\x30\x21\x1b\x28\x42", "\U00004e02", ""},
		{"iso2022_jp_1", "\x1b\x24\x28\x44\x22\x21", "", "'iso2022_jp_1' codec can't decode bytes in position 4-5: illegal multibyte sequence"},
		{"iso2022_jp_2", "\x1b\x2e\x41\x1b\x4e\x41\x1b\x2e\x46\x1b\x4e\x61\x1b\x24\x28\x43\x30\x21\x1b\x24\x41\x30\x21", "\U000000c1\U000003b1\U0000ac00\U0000554a", ""},
		{"iso2022_jp_2", "\x1b\x4e\x80", "", "'iso2022_jp_2' codec can't decode bytes in position 0-2: illegal multibyte sequence"},
		{"iso2022_jp_2", "\x1b\x2e\x4a\x1b\x4e\x61", "", "decoding with 'iso2022_jp_2' codec failed (RuntimeError: internal codec error)"},
		{"iso2022_jp_2004", "\x1b\x24\x28\x51\x24\x77\x1b\x24\x28\x50\x21\x21", "\U0000304b\U0000309a\U00020089", ""},
		{"iso2022_jp_2004", "\x1b\x24\x28\x4f\x21\x21", "", "'iso2022_jp_2004' codec can't decode bytes in position 0-3: illegal multibyte sequence"},
		{"iso2022_jp_2004", "\x1b\x26\x40\x1b\x24\x42\x30\x21", "\U00004e9c", ""},
		{"iso2022_jp_3", "\x1b\x24\x28\x4f\x24\x77", "\U0000304b\U0000309a", ""},
		{"iso2022_jp_3", "\x1b\x24\x28\x51\x21\x21", "", "'iso2022_jp_3' codec can't decode bytes in position 0-3: illegal multibyte sequence"},
		{"iso2022_jp_ext", "\x1b\x28\x49\x31\x1b\x28\x42", "\U0000ff71", ""},
		{"iso2022_jp_ext", "\x1b\x28\x49\x60", "", "'iso2022_jp_ext' codec can't decode byte 0x60 in position 3: illegal multibyte sequence"},
		{"iso2022_kr", "\x1b\x24\x29\x43\x0e\x30\x21\x0f\x61\x0e\x30\x21\x0a\x62", "\U0000ac00a\U0000ac00\U0000000ab", ""},
		{"iso2022_kr", "\x0e\x30\x21", "0!", ""},
		{"iso2022_kr", "\x1b\x24\x29\x43\x0e\x30", "", "'iso2022_kr' codec can't decode byte 0x30 in position 5: incomplete multibyte sequence"},
		{"iso2022_kr", "\x1b\x24\x29\x43\x0e\x7f\x21", "", "'iso2022_kr' codec can't decode bytes in position 5-6: illegal multibyte sequence"},
	} {
		got, msg := decodeWith([]byte(c.in), c.codec, &Text{})
		if string(got) != c.want || msg != c.err {
			t.Errorf("%s %q: got %q, %q; want %q, %q", c.codec, c.in, got, msg, c.want, c.err)
		}
	}
}

// TestCJKCookie decodes whole files whose cookies name the codecs by
// aliases CPython knows.
func TestCJKCookie(t *testing.T) {
	for _, c := range []struct{ name, body, want string }{
		{"hkscs", "x = '\x88\x62'", "x = '\u00ca\u0304'"},
		{"big5-hkscs", "x = '\xa4\xa4'", "x = '\u4e2d'"},
		{"cp1361", "x = '\x88\x61'", "x = '\uac00'"},
		{"sjisx0213", "x = '\x82\xf5'", "x = '\u304b\u309a'"},
		{"s_jis_2004", "x = '\x82\xf5'", "x = '\u304b\u309a'"},
		{"eucjis2004", "x = '\xa4\xf7'", "x = '\u304b\u309a'"},
		{"jisx0213", "x = '\xa4\xa2'", "x = '\u3042'"},
		{"iso-2022-jp-2", "x = '\x1b$(C\x30\x21\x1b(B'", "x = '\uac00'"},
		{"csiso2022kr", "x = '\x1b$)C\x0e\x30\x21\x0f'", "x = '\uac00'"},
		{"ISO2022JP-EXT", "x = '\x1b(I\x31\x1b(B'", "x = '\uff71'"},
		{"iso2022jp-2004", "x = '\x1b$(Q\x24\x77\x1b(B'", "x = '\u304b\u309a'"},
		{"iso2022_jp_3", "x = '\x1b$(O\x21\x21\x1b(B'", "x = '\u3000'"},
		{"iso2022jp-1", "x = '\x1b$(D\x30\x21\x1b(B'", "x = '\u4e02'"},
	} {
		f, err := Decode([]byte("# coding: "+c.name+"\n"+c.body+"\n"), "x.py")
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !strings.Contains(f.Src, c.want) {
			t.Errorf("%s: Src %q, want %q in it", c.name, f.Src, c.want)
		}
	}
}
