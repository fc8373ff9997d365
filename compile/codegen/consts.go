package codegen

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/marshal"
)

// Constants are merged module-wide the way compile.c's c_const_cache does:
// every constant is looked up by its "constant key" (codeobject.c's
// _PyCode_ConstantKey), which tells 0, 0.0, -0.0, False and 0j apart, and
// the first object registered under a key is the one every later equal
// constant becomes. A key here is a string that encodes the Python key
// injectively; equal Python keys give equal strings.

// constCache is c_const_cache: constant key -> canonical object.
type constCache struct {
	// CPython's empty tuple and empty bytes are singletons: every empty
	// one is the same object.
	emptyTuple *marshal.Tuple
	emptyBytes *marshal.Bytes

	m        map[string]marshal.Object
	codeKeys map[*marshal.Code]string // memoized keys of finished code objects
	codeIDs  map[string]int           // code content -> number
	buf      []byte
}

func newConstCache(emptyTuple *marshal.Tuple, emptyBytes *marshal.Bytes) *constCache {
	return &constCache{
		emptyTuple: emptyTuple,
		emptyBytes: emptyBytes,
		m:          make(map[string]marshal.Object),
		codeKeys:   make(map[*marshal.Code]string),
		codeIDs:    make(map[string]int),
	}
}

// lookup finds o's canonical object without allocating a key string.
func (cc *constCache) lookup(o marshal.Object) (marshal.Object, bool) {
	cc.buf = cc.appendKey(cc.buf[:0], o)
	t, ok := cc.m[string(cc.buf)]
	return t, ok
}

func appendLen(b []byte, n int) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, ':')
}

func appendBits(b []byte, f float64) []byte {
	return strconv.AppendUint(append(b, '#'), math.Float64bits(f), 16)
}

func (cc *constCache) appendKey(b []byte, o marshal.Object) []byte {
	switch v := o.(type) {
	case *marshal.Int:
		b = append(b, 'i')
		if v.Big != nil {
			b = v.Big.Append(b, 10)
		} else {
			b = strconv.AppendInt(b, v.Small, 10)
		}
		return append(b, ';')
	case *marshal.Str:
		b = append(b, 's')
		b = appendLen(b, len(v.V))
		return append(b, v.V...)
	case *marshal.Bytes:
		b = append(b, 'y')
		b = appendLen(b, len(v.V))
		return append(b, v.V...)
	case *marshal.Float:
		b = appendBits(append(b, 'f'), v.V)
		if math.IsNaN(v.V) {
			b = appendIdentity(b, v)
		}
		return b
	case *marshal.Complex:
		b = appendBits(appendBits(append(b, 'c'), v.Real), v.Imag)
		if math.IsNaN(v.Real) || math.IsNaN(v.Imag) {
			b = appendIdentity(b, v)
		}
		return b
	case *marshal.Tuple:
		b = append(b, '(')
		b = appendLen(b, len(v.Items))
		for _, it := range v.Items {
			b = cc.appendKey(b, it)
		}
		return append(b, ')')
	case *marshal.FrozenSet:
		// Set equality: the item keys in a canonical (sorted) order.
		keys := make([]string, len(v.Items))
		for i, it := range v.Items {
			keys[i] = string(cc.appendKey(nil, it))
		}
		sort.Strings(keys)
		b = append(b, '{')
		b = appendLen(b, len(keys))
		for _, k := range keys {
			b = append(b, k...)
		}
		return append(b, '}')
	case *marshal.Code:
		// Code objects compare by content (code_richcompare). Each distinct
		// content gets a number, so an enclosing key holds the number, not
		// the nested content again.
		k, ok := cc.codeKeys[v]
		if !ok {
			content := string(cc.appendCodeKey(nil, v))
			id, ok := cc.codeIDs[content]
			if !ok {
				id = len(cc.codeIDs)
				cc.codeIDs[content] = id
			}
			k = "C" + strconv.Itoa(id) + ";"
			cc.codeKeys[v] = k
		}
		return append(b, k...)
	}
	switch o {
	case marshal.None:
		return append(b, 'N')
	case marshal.Ellipsis:
		return append(b, '.')
	case marshal.True:
		return append(b, 'T')
	case marshal.False:
		return append(b, 'F')
	}
	return append(b, '?')
}

// appendIdentity makes a key unique to the object: a NaN equals nothing
// but itself, so CPython merges NaN constants only when they are the same
// object.
func appendIdentity(b []byte, o marshal.Object) []byte {
	return append(b, fmt.Sprintf("@%p", o)...)
}

// appendCodeKey encodes the fields code_richcompare compares.
func (cc *constCache) appendCodeKey(b []byte, co *marshal.Code) []byte {
	b = append(b, 'C')
	b = cc.appendKey(b, co.Name)
	for _, n := range [...]int32{co.ArgCount, co.PosOnlyArgCount, co.KwOnlyArgCount, co.NLocals, co.Flags, co.FirstLineNo} {
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, ',')
	}
	b = cc.appendKey(b, co.Code)
	b = cc.appendKey(b, co.Consts)
	b = cc.appendKey(b, co.Names)
	b = cc.appendKey(b, co.VarNames)
	b = cc.appendKey(b, co.FreeVars)
	b = cc.appendKey(b, co.CellVars)
	return append(b, 'c')
}

// merge is merge_consts_recursive: it registers o (and, for a new tuple or
// frozenset, its items) in the cache and returns the canonical object to
// use in o's place.
func (cc *constCache) merge(o marshal.Object) marshal.Object {
	if o == marshal.None || o == marshal.Ellipsis {
		return o
	}
	switch v := o.(type) {
	case *marshal.Tuple:
		if len(v.Items) == 0 {
			o = cc.emptyTuple
		}
	case *marshal.Bytes:
		if len(v.V) == 0 {
			o = cc.emptyBytes
		}
	}
	if t, ok := cc.lookup(o); ok {
		return t
	}
	k := string(cc.buf)
	cc.m[k] = o
	switch v := o.(type) {
	case *marshal.Tuple:
		for i, it := range v.Items {
			if u := cc.merge(it); u != it {
				v.Items[i] = u
			}
		}
	case *marshal.FrozenSet:
		if len(v.Items) == 0 {
			return o
		}
		// CPython builds a fresh frozenset from the merged items, in the
		// old one's iteration order, and keeps that one under the key.
		items := make([]marshal.Object, len(v.Items))
		for i, it := range v.Items {
			items[i] = cc.merge(it)
		}
		nfs := marshal.NewFrozenSet(items)
		cc.m[k] = nfs
		return nfs
	}
	return o
}

// mergeTuple is merge_const_tuple: the non-recursive merge of a finished
// tuple (names, varnames, the consts tuple...).
func (cc *constCache) mergeTuple(t *marshal.Tuple) *marshal.Tuple {
	if len(t.Items) == 0 {
		t = cc.emptyTuple
	}
	if u, ok := cc.lookup(t); ok {
		return u.(*marshal.Tuple)
	}
	cc.m[string(cc.buf)] = t
	return t
}

// allNameChars reports whether s matches [a-zA-Z0-9_]* (codeobject.c's
// all_name_chars; non-ASCII strings never match).
func allNameChars(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch == '_' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9') {
			return false
		}
	}
	return true
}

// intern returns the module's canonical interned string for s, as
// PyUnicode_InternInPlace would: the first object interned for a value
// becomes the one every later interning returns.
func (c *compiler) intern(s string) *marshal.Str {
	if o, ok := c.interned[s]; ok {
		return o
	}
	o := &marshal.Str{V: s, Interned: true}
	c.interned[s] = o
	return o
}

// internObj interns an existing string object as PyUnicode_InternInPlace:
// the module's canonical object if there is one; else, when the compiling
// process already holds this string interned (compile/share's model of a
// fresh compileall process), a new object standing for that one; else o
// itself, now interned.
func (c *compiler) internObj(o *marshal.Str) *marshal.Str {
	if p, ok := c.interned[o.V]; ok {
		return p
	}
	if !o.Interned && freshProcess.ProcessInterned(o.V) {
		p := &marshal.Str{V: o.V, Interned: true}
		c.interned[o.V] = p
		return p
	}
	o.Interned = true
	c.interned[o.V] = o
	return o
}

// internConsts is intern_string_constants: name-like strings in consts
// (and nested tuples and frozensets) become the interned objects. It
// reports whether any item was replaced.
func (c *compiler) internConsts(items []marshal.Object) bool {
	modified := false
	for i := len(items) - 1; i >= 0; i-- {
		switch v := items[i].(type) {
		case *marshal.Str:
			if allNameChars(v.V) {
				if w := c.internObj(v); w != v {
					items[i] = w
					modified = true
				}
			}
		case *marshal.Tuple:
			c.internConsts(v.Items)
		case *marshal.FrozenSet:
			tmp := append([]marshal.Object(nil), v.Items...)
			if c.internConsts(tmp) {
				items[i] = marshal.NewFrozenSet(tmp)
				modified = true
			}
		}
	}
	return modified
}

// freshProcess is the state of a compileall process before any file.
var freshProcess share.State
