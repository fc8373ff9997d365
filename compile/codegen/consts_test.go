package codegen

import (
	"strconv"
	"testing"

	"github.com/gopyc/gopyc/marshal"
)

// TestConstCacheGrow merges strings and tuples of them through files of
// several sizes, with the index's base near its wrap: equal constants
// must merge to the first one's entry, which never moves, and others stay
// apart.
func TestConstCacheGrow(t *testing.T) {
	var cc constCache
	for file, n := range []int{10, 3000, 5, 1 << 11, 700, 40000, 1} {
		if file == 2 || file == 3 {
			// Near the wrap: file 2's reset wraps, file 3's growth within
			// the array (it was made for file 1) does.
			cc.base = 1<<31 - 3000
		}
		cc.reset(&marshal.Tuple{}, &marshal.Bytes{V: []byte{}}, 1, 0)
		first := make([]*constSlot, n)
		objs := make([]marshal.Object, n)
		for i := range n {
			o := &marshal.Str{V: strconv.Itoa(i)}
			s, _ := cc.merge(o)
			if s.o != marshal.Object(o) {
				t.Fatalf("file %d: new constant %d merged to %v", file, i, s.o)
			}
			first[i], objs[i] = s, o
			if i%3 == 0 {
				tu := &marshal.Tuple{Items: []marshal.Object{&marshal.Str{V: strconv.Itoa(i)}}}
				if s, _ := cc.merge(tu); s.o != marshal.Object(tu) || tu.Items[0] != objs[i] {
					t.Fatalf("file %d: tuple %d not merged as new with its canonical item", file, i)
				}
			}
		}
		for i := range n {
			s, _ := cc.merge(&marshal.Str{V: strconv.Itoa(i)})
			if s != first[i] || s.o != objs[i] {
				t.Fatalf("file %d: constant %d merged to another entry", file, i)
			}
		}
		if file == 3 && cc.base > 1<<20 {
			t.Fatalf("file 3: base %d did not wrap", cc.base)
		}
		if cc.base == 0 || cc.base >= 1<<31 {
			t.Fatalf("file %d: base %d", file, cc.base)
		}
	}
}
