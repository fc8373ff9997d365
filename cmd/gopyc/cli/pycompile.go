package cli

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/gopyc/gopyc/pyc"
)

const pyCompileHelp = `usage: gopyc py_compile [-O|-OO] [-X pycache_prefix=DIR] [--] FILE... | -

As "python3.8 [-O|-OO] [-X pycache_prefix=DIR] -m py_compile FILE...": each
FILE is compiled to its cache path (PEP 3147; pycache_prefix from -X or
PYTHONPYCACHEPREFIX; checked-hash when SOURCE_DATE_EPOCH is set, timestamp
otherwise). With the single name "-", names are read from stdin, one a line.
Compile errors are printed to stderr and give status 1; a file that cannot be
read or written stops the run with status 1 (with "-": is printed, and the
run goes on), as py_compile does. Interpreter flags come before the names;
"--" ends them.
`

// pyCompileMain is py_compile.main() behind the interpreter flags that
// matter to it.
func pyCompileMain(argv []string, env *Env) int {
	optimize := 0
	var xopts []string
	i := 0
flags:
	for ; i < len(argv); i++ {
		s := argv[i]
		switch {
		case s == "--":
			i++
			break flags
		case s == "-h" || s == "--help":
			if i == 0 {
				io.WriteString(env.Stdout, pyCompileHelp)
				return 0
			}
			break flags
		case len(s) >= 2 && s[0] == '-' && strings.Trim(s[1:], "O") == "":
			optimize += len(s) - 1
		case s == "-X" && i+1 < len(argv):
			i++
			xopts = append(xopts, argv[i])
		case strings.HasPrefix(s, "-X") && len(s) > 2:
			xopts = append(xopts, s[2:])
		default:
			break flags
		}
	}
	files := argv[i:]
	getenv := env.Getenv
	paths := pyc.Paths{Prefix: pyc.PrefixFromConfig(xopts, getenv)}
	mode := pyc.DefaultMode(getenv)
	level := optimize
	if level > 2 {
		level = 2 // python -OOO compiles as -OO, under the tag opt-3
	}
	rv := 0
	// One process compiles every name, in order.
	run := pyc.NewPyCompileRun()
	// one compiles a name; a non-nil result is an exception py_compile's
	// main does not catch (catchOS: OSError is caught and printed).
	one := func(file string, catchOS bool) *pyc.PyError {
		cfile, err := paths.FromSource(file, pyc.OptTag(optimize))
		if err != nil {
			class, msg, ok := strings.Cut(err.Error(), ": ")
			if !ok {
				return pyc.AsPyError(err)
			}
			return &pyc.PyError{Class: class, Str: msg}
		}
		var stderr bytes.Buffer
		_, msg, err := run.Compile(file, cfile, "", level, mode, env.Compile, env.SourceLine, &stderr)
		env.Stderr.Write(stderr.Bytes())
		if msg != "" {
			rv = 1
			io.WriteString(env.Stderr, pyc.BackslashReplace(msg)+"\n")
		}
		if err != nil {
			e := pyc.AsPyError(err)
			if !catchOS {
				return e
			}
			rv = 1
			io.WriteString(env.Stderr, pyc.BackslashReplace(e.Str)+"\n")
		}
		return nil
	}
	if len(files) == 1 && files[0] == "-" {
		r := bufio.NewReader(env.Stdin)
		for {
			line, err := r.ReadString('\n')
			if line == "" && err != nil {
				break
			}
			line = strings.TrimSuffix(line, "\n")
			if e := one(line, true); e != nil {
				return fatalExit(env, e)
			}
		}
		return rv
	}
	for _, f := range files {
		if e := one(f, false); e != nil {
			return fatalExit(env, e)
		}
	}
	return rv
}

// fatalExit prints the last line of the traceback of an uncaught exception.
func fatalExit(env *Env, e *pyc.PyError) int {
	io.WriteString(env.Stderr, pyc.BackslashReplace(e.Class+": "+e.Str)+"\n")
	return 1
}
