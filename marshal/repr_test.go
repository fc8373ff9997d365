package marshal

import (
	"strconv"
	"strings"
)

// repr renders a value for test messages.
func repr(o Object) string {
	var sb strings.Builder
	reprTo(&sb, o, 0)
	return sb.String()
}

func reprTo(sb *strings.Builder, o Object, depth int) {
	if depth > 20 {
		sb.WriteString("...")
		return
	}
	seq := func(open, close string, items []Object) {
		sb.WriteString(open)
		for i, it := range items {
			if i > 0 {
				sb.WriteString(", ")
			}
			reprTo(sb, it, depth+1)
		}
		sb.WriteString(close)
	}
	switch v := o.(type) {
	case singleton:
		sb.WriteString(map[Object]string{None: "None", True: "True", False: "False", Ellipsis: "Ellipsis", StopIteration: "StopIteration", Null: "NULL"}[o])
	case *Int:
		sb.WriteString(v.BigInt().String())
	case *Float:
		sb.WriteString(strconv.FormatFloat(v.V, 'g', -1, 64))
	case *Complex:
		sb.WriteString("complex(" + strconv.FormatFloat(v.Real, 'g', -1, 64) + "," + strconv.FormatFloat(v.Imag, 'g', -1, 64) + ")")
	case *Str:
		sb.WriteString(strconv.Quote(v.V))
	case *Bytes:
		sb.WriteString("b" + strconv.Quote(string(v.V)))
	case *Tuple:
		seq("(", ")", v.Items)
	case *List:
		seq("[", "]", v.Items)
	case *FrozenSet:
		seq("frozenset({", "})", v.Items)
	case *Set:
		seq("{", "}", v.Items)
	case *Dict:
		sb.WriteString("dict")
	case *Code:
		sb.WriteString("<code " + v.Name.V + ">")
	default:
		sb.WriteString("?")
	}
}
