// Package astjson loads the AST that CPython 3.8 itself builds for a file
// into compile/ast types. It is a test bridge: later pipeline stages
// (symtable, codegen, astopt) can be checked against CPython on CPython's
// own tree, independently of our parser. It needs python3.8.
package astjson

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/marshal"
)

// Result is the outcome for one file: a module, or the error CPython raised.
type Result struct {
	Path   string
	Module *ast.Module
	Err    string // CPython's "Class: message" when it rejected the file
}

func script() string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "astjson.py")
}

// ParseFiles has python (a 3.8 interpreter) parse each path and returns
// the trees in the same order. One interpreter process serves all files.
func ParseFiles(python string, paths []string) ([]Result, error) {
	cmd := exec.Command(python, "-S", script())
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\n") + "\n")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	results := make([]Result, 0, len(paths))
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		var rec struct {
			Path  string          `json:"path"`
			AST   json.RawMessage `json:"ast"`
			Error string          `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			cmd.Process.Kill()
			return nil, err
		}
		r := Result{Path: rec.Path, Err: rec.Error}
		if rec.Error == "" {
			m, err := Decode(rec.AST)
			if err != nil {
				cmd.Process.Kill()
				return nil, fmt.Errorf("%s: %v", rec.Path, err)
			}
			r.Module = m
		}
		results = append(results, r)
	}
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("astjson.py: %v: %s", err, stderr.String())
	}
	if len(results) != len(paths) {
		return nil, fmt.Errorf("astjson.py answered %d of %d files", len(results), len(paths))
	}
	return results, nil
}

// ParseFile parses one file, a convenience over ParseFiles.
func ParseFile(python, path string) (*ast.Module, error) {
	rs, err := ParseFiles(python, []string{path})
	if err != nil {
		return nil, err
	}
	if rs[0].Err != "" {
		return nil, fmt.Errorf("%s", rs[0].Err)
	}
	return rs[0].Module, nil
}

// Decode converts one JSON tree written by astjson.py.
func Decode(data []byte) (*ast.Module, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	n, err := build(v)
	if err != nil {
		return nil, err
	}
	m, ok := n.(*ast.Module)
	if !ok {
		return nil, fmt.Errorf("top node is %T", n)
	}
	return m, nil
}

// nodeTypes maps ASDL constructor names to Go types; enums map to values.
var nodeTypes = map[string]reflect.Type{}
var enumValues = map[string]reflect.Value{}

func init() {
	for _, n := range []ast.Node{
		&ast.Module{}, &ast.Interactive{}, &ast.Expression{}, &ast.FunctionType{}, &ast.TypeIgnore{},
		&ast.FunctionDef{}, &ast.AsyncFunctionDef{}, &ast.ClassDef{}, &ast.Return{}, &ast.Delete{},
		&ast.Assign{}, &ast.AugAssign{}, &ast.AnnAssign{}, &ast.For{}, &ast.AsyncFor{}, &ast.While{},
		&ast.If{}, &ast.With{}, &ast.AsyncWith{}, &ast.Raise{}, &ast.Try{}, &ast.Assert{}, &ast.Import{},
		&ast.ImportFrom{}, &ast.Global{}, &ast.Nonlocal{}, &ast.Pass{}, &ast.Break{}, &ast.Continue{},
		&ast.BoolOp{}, &ast.NamedExpr{}, &ast.BinOp{}, &ast.UnaryOp{}, &ast.Lambda{}, &ast.IfExp{},
		&ast.Dict{}, &ast.Set{}, &ast.ListComp{}, &ast.SetComp{}, &ast.DictComp{}, &ast.GeneratorExp{},
		&ast.Await{}, &ast.Yield{}, &ast.YieldFrom{}, &ast.Compare{}, &ast.Call{}, &ast.FormattedValue{},
		&ast.JoinedStr{}, &ast.Constant{}, &ast.Attribute{}, &ast.Subscript{}, &ast.Starred{}, &ast.Name{},
		&ast.List{}, &ast.Tuple{}, &ast.Slice{}, &ast.ExtSlice{}, &ast.Index{}, &ast.ExceptHandler{},
		&ast.Arguments{}, &ast.Arg{}, &ast.WithItem{},
	} {
		t := reflect.TypeOf(n).Elem()
		nodeTypes[t.Name()] = t
	}
	nodeTypes["Expr"] = reflect.TypeOf(ast.ExprStmt{})
	nodeTypes["comprehension"] = reflect.TypeOf(ast.Comprehension{})
	nodeTypes["arguments"] = reflect.TypeOf(ast.Arguments{})
	nodeTypes["arg"] = reflect.TypeOf(ast.Arg{})
	nodeTypes["keyword"] = reflect.TypeOf(ast.Keyword{})
	nodeTypes["alias"] = reflect.TypeOf(ast.Alias{})
	nodeTypes["withitem"] = reflect.TypeOf(ast.WithItem{})
	for i := ast.Load; i <= ast.Param; i++ {
		enumValues[i.String()] = reflect.ValueOf(i)
	}
	for i := ast.And; i <= ast.Or; i++ {
		enumValues[i.String()] = reflect.ValueOf(i)
	}
	for i := ast.Add; i <= ast.FloorDiv; i++ {
		enumValues[i.String()] = reflect.ValueOf(i)
	}
	for i := ast.Invert; i <= ast.USub; i++ {
		enumValues[i.String()] = reflect.ValueOf(i)
	}
	for i := ast.Eq; i <= ast.NotIn; i++ {
		enumValues[i.String()] = reflect.ValueOf(i)
	}
}

// goField maps a Python field name to the Go struct field name.
func goField(name string) string {
	switch name {
	case "posonlyargs":
		return "PosOnlyArgs"
	case "kwonlyargs":
		return "KwOnlyArgs"
	case "finalbody":
		return "FinalBody"
	case "argtypes":
		return "ArgTypes"
	}
	var b strings.Builder
	up := true
	for _, r := range name {
		if r == '_' {
			up = true
			continue
		}
		if up {
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// build turns a decoded JSON value into a Go value: nodes become pointers,
// enums their constants.
func build(v any) (any, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("expected a node, got %T", v)
	}
	tname, _ := obj["_t"].(string)
	if ev, ok := enumValues[tname]; ok {
		return ev.Interface(), nil
	}
	t, ok := nodeTypes[tname]
	if !ok {
		return nil, fmt.Errorf("unknown node type %q", tname)
	}
	pv := reflect.New(t)
	sv := pv.Elem()
	for k, fv := range obj {
		if k == "_t" {
			continue
		}
		f := sv.FieldByName(goField(k))
		if !f.IsValid() {
			return nil, fmt.Errorf("%s has no field %s", tname, k)
		}
		if tname == "Constant" && k == "value" {
			c, err := constant(fv)
			if err != nil {
				return nil, err
			}
			f.Set(reflect.ValueOf(&c).Elem())
			continue
		}
		if tname == "Constant" && k == "kind" {
			if fv == "u" {
				f.Set(reflect.ValueOf(ast.KindU))
			}
			continue
		}
		if err := assign(f, fv); err != nil {
			return nil, fmt.Errorf("%s.%s: %v", tname, k, err)
		}
	}
	return pv.Interface(), nil
}

func assign(f reflect.Value, v any) error {
	if v == nil {
		return nil // zero value: nil node, "" string, 0
	}
	switch x := v.(type) {
	case json.Number:
		n, err := strconv.ParseInt(string(x), 10, 64)
		if err != nil {
			return err
		}
		f.SetInt(n)
	case string:
		f.SetString(x)
	case bool:
		if x {
			f.SetInt(1)
		}
	case []any:
		s := reflect.MakeSlice(f.Type(), len(x), len(x))
		for i, e := range x {
			if e == nil {
				continue // None inside Dict.keys or kw_defaults
			}
			if err := assign(s.Index(i), e); err != nil {
				return err
			}
		}
		f.Set(s)
	case map[string]any:
		n, err := build(x)
		if err != nil {
			return err
		}
		f.Set(reflect.ValueOf(n))
	default:
		return fmt.Errorf("unexpected JSON value %T", v)
	}
	return nil
}

func constant(v any) (marshal.Object, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("bad constant %v", v)
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	switch m["_c"] {
	case "None":
		return marshal.None, nil
	case "Ellipsis":
		return marshal.Ellipsis, nil
	case "bool":
		return marshal.Bool(m["v"] == true), nil
	case "int":
		b, ok := new(big.Int).SetString(str("v"), 10)
		if !ok {
			return nil, fmt.Errorf("bad int %q", str("v"))
		}
		return marshal.NewBigInt(b), nil
	case "float":
		return &marshal.Float{V: parseHexFloat(str("v"))}, nil
	case "complex":
		return &marshal.Complex{Real: parseHexFloat(str("re")), Imag: parseHexFloat(str("im"))}, nil
	case "str":
		b, err := hex.DecodeString(str("v"))
		if err != nil {
			return nil, err
		}
		return &marshal.Str{V: string(b)}, nil
	case "bytes":
		b, err := hex.DecodeString(str("v"))
		if err != nil {
			return nil, err
		}
		return &marshal.Bytes{V: b}, nil
	case "tuple", "frozenset":
		items, _ := m["v"].([]any)
		objs := make([]marshal.Object, len(items))
		for i, it := range items {
			o, err := constant(it)
			if err != nil {
				return nil, err
			}
			objs[i] = o
		}
		if m["_c"] == "tuple" {
			return &marshal.Tuple{Items: objs}, nil
		}
		return &marshal.FrozenSet{Items: objs}, nil
	}
	return nil, fmt.Errorf("unknown constant kind %v", m["_c"])
}

// parseHexFloat reads Python's float.hex() output ("inf", "-inf", "nan" too).
func parseHexFloat(s string) float64 {
	switch s {
	case "inf":
		return math.Inf(1)
	case "-inf":
		return math.Inf(-1)
	case "nan":
		return math.NaN()
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
