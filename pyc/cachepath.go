package pyc

import (
	"errors"
	"strconv"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// CacheTag is sys.implementation.cache_tag of CPython 3.8.
const CacheTag = "cpython-38"

const pycacheDir = "__pycache__"

// Paths computes cache file locations as CPython 3.8's importlib does
// (cache_from_source, source_from_cache) for one interpreter
// configuration. The zero value is an interpreter without pycache_prefix.
type Paths struct {
	// Prefix is sys.pycache_prefix; "" stands for None, since CPython
	// never sets an empty prefix (see PrefixFromConfig).
	Prefix string
	// Getwd returns the working directory relative sources are resolved
	// against when Prefix is set; nil means the getcwd system call, as
	// os.getcwd uses (not $PWD).
	Getwd func() (string, error)
}

// ErrIndex stands for the IndexError cache_from_source raises when the
// source directory, made absolute, is shorter than two characters (a source
// in "/" itself while a prefix is set).
var ErrIndex = errors.New("IndexError: string index out of range")

// OptTag is the optimization argument compileall passes for an -O level:
// "" for 0, the level's digits otherwise.
func OptTag(level int) string {
	if level <= 0 {
		return ""
	}
	return strconv.Itoa(level)
}

// FromSource returns the path of the .pyc caching source path, compiled at
// the optimization tag opt ("" for none, "1", "2").
func (p *Paths) FromSource(path, opt string) (string, error) {
	head, tail := splitLast(path)
	base, sep, rest := "", "", tail
	if i := strings.LastIndexByte(tail, '.'); i >= 0 {
		base, sep, rest = tail[:i], ".", tail[i+1:]
	}
	if base == "" {
		base = rest
	}
	// The file name's parts, joined by joinName with its directories in
	// the path's one allocation.
	name := [...]string{base, sep, CacheTag, "", "", ".pyc"}
	if opt != "" {
		if !isAlnum(opt) {
			return "", errors.New("ValueError: " + Repr(opt) + " is not alphanumeric")
		}
		name[3], name[4] = ".opt-", opt
	}
	if p.Prefix == "" {
		return joinName(head, pycacheDir, &name), nil
	}
	if !strings.HasPrefix(head, "/") {
		wd, err := p.getwd()
		if err != nil {
			return "", err
		}
		head = joinPath(wd, head)
	}
	// CPython drops a Windows drive here; on POSIX the test only matters
	// because it indexes the second character.
	if len(head) < 2 {
		return "", ErrIndex
	}
	return joinName(p.Prefix, strings.TrimLeft(head, "/"), &name), nil
}

// SourceFromCache inverts FromSource, failing as CPython's
// source_from_cache does for paths that are not PEP 3147/488 names.
func (p *Paths) SourceFromCache(path string) (string, error) {
	head, file := splitLast(path)
	found := false
	if p.Prefix != "" {
		stripped := strings.TrimRight(p.Prefix, "/")
		if strings.HasPrefix(head, stripped+"/") {
			head = head[len(stripped):]
			found = true
		}
	}
	if !found {
		var dir string
		head, dir = splitLast(head)
		if dir != pycacheDir {
			return "", errors.New("ValueError: __pycache__ not bottom-level directory in " + Repr(path))
		}
	}
	switch strings.Count(file, ".") {
	case 2:
	case 3:
		parts := strings.Split(file, ".")
		o := parts[2]
		if !strings.HasPrefix(o, "opt-") {
			return "", errors.New("ValueError: optimization portion of filename does not start with 'opt-'")
		}
		if !isAlnum(o[4:]) {
			return "", errors.New("ValueError: optimization level " + Repr(o) + " is not an alphanumeric value")
		}
	default:
		return "", errors.New("ValueError: expected only 2 or 3 dots in " + Repr(file))
	}
	base, _, _ := strings.Cut(file, ".")
	return joinPath(head, base+".py"), nil
}

func (p *Paths) getwd() (string, error) {
	if p.Getwd != nil {
		return p.Getwd()
	}
	return syscall.Getwd()
}

// PrefixFromConfig resolves sys.pycache_prefix as CPython 3.8's startup
// does: the first -X option named pycache_prefix wins, and gives no prefix
// unless it has a non-empty value after "="; without it, a non-empty
// PYTHONPYCACHEPREFIX. The value is kept as given, relative or not.
func PrefixFromConfig(xoptions []string, getenv func(string) string) string {
	for _, o := range xoptions {
		name, val, _ := strings.Cut(o, "=")
		if name == "pycache_prefix" {
			return val
		}
	}
	return getenv("PYTHONPYCACHEPREFIX")
}

// splitLast splits at the last separator as importlib's _path_split does:
// unlike os.path.split it keeps trailing separators in head.
func splitLast(path string) (head, tail string) {
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return "", path
	}
	return path[:i], path[i+1:]
}

// joinPath is importlib's _path_join: empty parts are dropped, and each
// remaining part loses its trailing separators before the parts are joined.
func joinPath(parts ...string) string {
	n := 0
	for _, s := range parts {
		n += len(s) + 1
	}
	var b strings.Builder
	b.Grow(n) // one allocation per path, made per file
	first := true
	for _, s := range parts {
		if s == "" {
			continue
		}
		if !first {
			b.WriteByte('/')
		}
		first = false
		b.WriteString(strings.TrimRight(s, "/"))
	}
	return b.String()
}

// joinName is joinPath(a, b, name), name the concatenation of its parts
// (which neither ends in nor is a separator, as a cache file's name).
func joinName(a, b string, name *[6]string) string {
	n := len(a) + len(b) + 2
	for _, s := range name {
		n += len(s)
	}
	buf := make([]byte, 0, n) // one allocation per path, made per file
	// A part is dropped when empty; "/" itself stays, as "" and its
	// separator.
	if a != "" {
		buf = append(append(buf, strings.TrimRight(a, "/")...), '/')
	}
	if b != "" {
		buf = append(append(buf, strings.TrimRight(b, "/")...), '/')
	}
	for _, s := range name {
		buf = append(buf, s...)
	}
	return unsafe.String(unsafe.SliceData(buf), len(buf))
}

// isAlnum is str.isalnum: non-empty, every character a letter or number.
func isAlnum(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsNumber(r)) {
			return false
		}
	}
	return true
}
