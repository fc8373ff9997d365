package astjson

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gopyc/gopyc/marshal"
)

// Canon renders a constant as the canon() of testdata/astopt/gen_cases.py
// does, so that tests can compare constants with CPython's by string:
// exact bits for floats, hex for str and bytes, frozenset items sorted.
func Canon(o marshal.Object) string {
	switch v := o.(type) {
	case *marshal.Int:
		return "int:" + v.BigInt().String()
	case *marshal.Float:
		return fmt.Sprintf("float:%016x", math.Float64bits(v.V))
	case *marshal.Complex:
		return fmt.Sprintf("complex:%016x,%016x", math.Float64bits(v.Real), math.Float64bits(v.Imag))
	case *marshal.Str:
		return fmt.Sprintf("str:%x", v.V)
	case *marshal.Bytes:
		return fmt.Sprintf("bytes:%x", v.V)
	case *marshal.Tuple:
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = Canon(it)
		}
		return "(" + strings.Join(parts, ",") + ")"
	case *marshal.FrozenSet:
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = Canon(it)
		}
		sort.Strings(parts)
		return "frozenset{" + strings.Join(parts, ",") + "}"
	case *marshal.Code:
		return "code"
	}
	switch o {
	case marshal.None:
		return "None"
	case marshal.Ellipsis:
		return "..."
	case marshal.True:
		return "True"
	case marshal.False:
		return "False"
	}
	return fmt.Sprintf("?%T", o)
}
