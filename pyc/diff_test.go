package pyc

import (
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/marshal"
)

// pycOf compiles src to a .pyc with the given header fields.
func pycOf(t *testing.T, src string, opts PycOptions) []byte {
	t.Helper()
	b, _, err := CompileBytes([]byte(src), "m.py", opts)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mutate decodes the code of a .pyc, lets f change it, and re-encodes it
// with the same header.
func mutate(t *testing.T, p []byte, f func(c *marshal.Code)) []byte {
	t.Helper()
	o, err := marshal.Loads(p[HeaderSize:])
	if err != nil {
		t.Fatal(err)
	}
	c := o.(*marshal.Code)
	f(c)
	data, err := marshal.Dumps(c)
	if err != nil {
		t.Fatal(err)
	}
	return append(append([]byte(nil), p[:HeaderSize]...), data...)
}

func fn(c *marshal.Code, i int) *marshal.Code { return c.Consts.Items[i].(*marshal.Code) }

func TestDiff(t *testing.T) {
	const src = "import os\ndef f(a, b):\n    x = a\n    return os.path.join(x, 'q', 1.5)\nclass C:\n    def m(self):\n        return (1, 2)\n"
	base := pycOf(t, src, PycOptions{Mtime: 100})
	cases := []struct {
		name string
		a, b []byte
		want []string // lines, in order; "~" prefix marks RefOnly
		err  bool
	}{
		{name: "identical", a: base, b: append([]byte(nil), base...)},
		{name: "mtime", a: base, b: pycOf(t, src, PycOptions{Mtime: 101}), want: []string{"header mtime: 100 ≠ 101"}},
		{name: "size", a: base, b: func() []byte { b := append([]byte(nil), base...); b[12] ^= 1; return b }(),
			want: []string{"header size: " + itoa(len(src)) + " ≠ " + itoa(len(src)^1)}},
		{name: "mode", a: base, b: pycOf(t, src, PycOptions{Mode: CheckedHash}), want: []string{
			"header flags: 0x0 (timestamp) ≠ 0x3 (checked-hash)", "header validation: mtime 100 size " + itoa(len(src)) + " ≠ hash "}},
		{name: "hash", a: pycOf(t, src, PycOptions{Mode: UncheckedHash}), b: pycOf(t, src+"\n", PycOptions{Mode: UncheckedHash}),
			want: []string{"header source hash: hash "}},
		{name: "magic", a: base, b: func() []byte { b := append([]byte(nil), base...); b[0] = 0x42; return b }(),
			want: []string{"header magic: 550d0d0a ≠ 420d0d0a"}},
		{name: "invalid flags", a: base, b: func() []byte { b := append([]byte(nil), base...); b[4] = 4; return b }(),
			want: []string{"header flags: 0x0 (timestamp) ≠ 0x4 (invalid)"}},
		{name: "instruction arg", a: base, b: mutate(t, base, func(c *marshal.Code) {
			f := fn(c, 2)
			f.Code = &marshal.Bytes{V: append([]byte(nil), f.Code.V...)}
			f.Code.V[1] = 1 // LOAD_FAST 0 -> LOAD_FAST 1
		}), want: []string{"<module>.co_consts[2]<f>.co_code @0: LOAD_FAST 0 ≠ LOAD_FAST 1"}},
		{name: "instruction op", a: base, b: mutate(t, base, func(c *marshal.Code) {
			f := fn(c, 2)
			f.Code = &marshal.Bytes{V: append([]byte(nil), f.Code.V...)}
			f.Code.V[0], f.Code.V[1] = 9, 0 // NOP
		}), want: []string{"<module>.co_consts[2]<f>.co_code @0: LOAD_FAST 0 ≠ NOP"}},
		{name: "code length", a: base, b: mutate(t, base, func(c *marshal.Code) {
			f := fn(c, 2)
			f.Code = &marshal.Bytes{V: append(append([]byte(nil), f.Code.V...), 9, 0)}
		}), want: []string{"<module>.co_consts[2]<f>.co_code: 20 bytes ≠ 22 bytes"}},
		{name: "const value", a: base, b: mutate(t, base, func(c *marshal.Code) {
			f := fn(c, 2)
			items := append([]marshal.Object(nil), f.Consts.Items...)
			items[len(items)-1] = &marshal.Float{V: 2.5}
			f.Consts = &marshal.Tuple{Items: items}
		}), want: []string{"<module>.co_consts[2]<f>.co_consts[2]: 1.5 ≠ 2.5"}},
		{name: "const type", a: base, b: mutate(t, base, func(c *marshal.Code) {
			f := fn(c, 2)
			items := append([]marshal.Object(nil), f.Consts.Items...)
			items[len(items)-1] = marshal.NewInt(1)
			f.Consts = &marshal.Tuple{Items: items}
		}), want: []string{"<module>.co_consts[2]<f>.co_consts[2]: float 1.5 ≠ int 1"}},
		{name: "tuple length", a: base, b: mutate(t, base, func(c *marshal.Code) {
			f := fn(c, 2)
			f.Consts = &marshal.Tuple{Items: append(append([]marshal.Object(nil), f.Consts.Items...), marshal.None)}
		}), want: []string{"<module>.co_consts[2]<f>.co_consts: 3 items ≠ 4 items"}},
		{name: "stacksize and flags", a: base, b: mutate(t, base, func(c *marshal.Code) {
			fn(c, 2).StackSize++
			fn(c, 2).Flags |= marshal.CoGenerator
		}), want: []string{"<module>.co_consts[2]<f>.co_stacksize: 5 ≠ 6", "<module>.co_consts[2]<f>.co_flags: 0x43 ≠ 0x63"}},
		{name: "nested code", a: base, b: mutate(t, base, func(c *marshal.Code) {
			cls := c.Consts.Items[4].(*marshal.Code)
			m := cls.Consts.Items[1].(*marshal.Code)
			m.FirstLineNo = 99
		}), want: []string{"<module>.co_consts[4]<C>.co_consts[1]<m>.co_firstlineno: 6 ≠ 99"}},
		{name: "name", a: base, b: mutate(t, base, func(c *marshal.Code) {
			fn(c, 2).Name = &marshal.Str{V: "g", Interned: true}
		}), want: []string{"~<module>.co_consts[2]<f>.co_name: FLAG_REF ≠ no FLAG_REF", "<module>.co_consts[2]<f>.co_name: 'f' ≠ 'g'",
			"~<module>.co_consts[3]: back-reference to <module>.co_consts[2]<f>.co_name ≠ new object", "~<module>.co_names[1]: back-reference"}},
		{name: "lnotab", a: base, b: mutate(t, base, func(c *marshal.Code) {
			fn(c, 2).LNoTab = &marshal.Bytes{V: []byte{4, 1}}
		}), want: []string{"<module>.co_consts[2]<f>.co_lnotab: b'\\x00\\x01\\x04\\x01' ≠ b'\\x04\\x01'"}},
		{name: "ref flag only", a: base, b: mutate(t, base, func(c *marshal.Code) {
			fn(c, 2).Consts.Shared = !fn(c, 2).Consts.Shared
		}), want: []string{"~<module>.co_consts[2]<f>.co_consts: "}},
		{name: "interned only", a: base, b: mutate(t, base, func(c *marshal.Code) {
			n := fn(c, 2).Name
			fn(c, 2).Name = &marshal.Str{Ref: marshal.Ref{Shared: n.Shared}, V: n.V}
		}), want: []string{"~<module>.co_consts[2]<f>.co_name: interned ≠ not interned",
			"~<module>.co_consts[3]: back-reference to <module>.co_consts[2]<f>.co_name ≠ new object", "~<module>.co_names[1]: back-reference"}},
		{name: "copy instead of back-reference", a: base, b: mutate(t, base, func(c *marshal.Code) {
			f := fn(c, 2)
			f.Filename = &marshal.Str{V: f.Filename.V, Interned: f.Filename.Interned}
		}), want: []string{"~<module>.co_consts[2]<f>.co_filename: FLAG_REF ≠ no FLAG_REF",
			"~<module>.co_consts[4]<C>.co_consts[1]<m>.co_filename: back-reference to <module>.co_consts[2]<f>.co_filename ≠ new object",
			"~<module>.co_consts[4]<C>.co_filename: back-reference", "~<module>.co_filename: back-reference"}},
		{name: "truncated", a: base, b: base[:len(base)-3], err: true},
		{name: "short", a: base, b: base[:10], err: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			diffs, err := Diff(c.a, c.b)
			if (err != nil) != c.err {
				t.Fatalf("err %v, want error %v", err, c.err)
			}
			if c.err {
				return
			}
			if len(diffs) != len(c.want) {
				t.Fatalf("got %d differences %v, want %d %q", len(diffs), diffs, len(c.want), c.want)
			}
			for i, d := range diffs {
				w := c.want[i]
				ref := strings.HasPrefix(w, "~")
				w = strings.TrimPrefix(w, "~")
				if d.RefOnly != ref || !strings.HasPrefix(d.String(), w) {
					t.Errorf("difference %d: %q (ref only %v), want %q (ref only %v)", i, d.String(), d.RefOnly, w, ref)
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
