// Package cli is gopyc's command line: a drop-in for
// "python3.8 [-O|-OO] [-X pycache_prefix=DIR] -m compileall ...", with
// compileall's arguments parsed as its argparse parser does, plus -o LEVEL
// from 3.9's compileall. The compiler is handed in, so the package can be
// tested against CPython's own compiler.
package cli

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/gopyc/gopyc/pyc"
)

// Env is what a run reads from outside its arguments.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Compile        pyc.Compiler
	// HermeticCompile is Compile for build mode: it reads no file (the
	// SyntaxError text of post-parse errors comes from the source bytes).
	// Nil: Compile.
	HermeticCompile pyc.Compiler
	SourceLine      func(filename string, lineno int) string
}

const usage = `usage: gopyc [-h] [-l] [-r RECURSION] [-f] [-q] [-b] [-d DESTDIR]
             [-s STRIPDIR] [-p PREPENDDIR] [-x REGEXP] [-i FILE]
             [-j WORKERS]
             [--invalidation-mode {checked-hash,timestamp,unchecked-hash}]
             [-o LEVEL] [-e DIR] [--hardlink-dupes] [-O]
             [-X pycache_prefix=DIR]
             [FILE|DIR [FILE|DIR ...]]
       gopyc py_compile [-O|-OO] [-X pycache_prefix=DIR] [--] FILE... | -
       gopyc build (--src S --out O [--name N] | --manifest FILE) [options]
       gopyc dis [FILE.py|FILE.pyc|-]
       gopyc diff A.pyc B.pyc
`

const help = usage + `
Compile Python 3.8 sources to the .pyc files "python3.8 -m compileall" writes.

positional arguments:
  FILE|DIR              file and directory names to compile

optional arguments:
  -h, --help            show this help message and exit
  -l                    don't recurse into subdirectories
  -r RECURSION          control the maximum recursion level. if ` + "`-l` and `-r`" + `
                        options are specified, then ` + "`-r`" + ` takes precedence.
  -f                    force rebuild even if timestamps are up to date (gopyc
                        also skips hash-based files whose stored source hash
                        is current; -f compiles them too)
  -q                    output only error messages; -qq will suppress the
                        error messages as well.
  -b                    use legacy (pre-PEP3147) compiled file locations
  -d DESTDIR            directory to prepend to file paths for use in compile-
                        time tracebacks and in runtime tracebacks in cases
                        where the source file is unavailable
  -s STRIPDIR           part of path to left-strip from path to source file -
                        for example buildroot. ` + "`-d` and `-s`" + ` options cannot be
                        specified together.
  -p PREPENDDIR         path to add as prefix to path to source file - for
                        example / to make it absolute when some part is
                        removed by ` + "`-s`" + ` option. ` + "`-d` and `-p`" + ` options cannot
                        be specified together.
  -x REGEXP             skip files matching the regular expression; the regexp
                        is searched for in the full path of each file
                        considered for compilation
  -i FILE               add all the files and directories listed in FILE to
                        the list considered for compilation; if "-", names are
                        read from stdin
  -j WORKERS, --workers WORKERS
                        compile with this many workers (0: one per CPU, the
                        default); output is the same for any number
  --invalidation-mode {checked-hash,timestamp,unchecked-hash}
                        set .pyc invalidation mode; defaults to "checked-hash"
                        if the SOURCE_DATE_EPOCH environment variable is set,
                        and "timestamp" otherwise.
  -o LEVEL              optimization level to compile with (0, 1 or 2); may be
                        repeated to write several files (as 3.9's compileall)
  -e DIR                Ignore symlinks pointing outsite of the DIR
  --hardlink-dupes      Hardlink duplicated pyc files
  -O                    as python -O: optimization level 1; -OO: level 2
  -X pycache_prefix=DIR as python -X: write .pyc files to a tree under DIR
                        (overrides PYTHONPYCACHEPREFIX)

subcommands (a first argument naming one; "gopyc -- build" compiles a
directory named build):
  py_compile            as "python3.8 -m py_compile"
  build                 compile declared sources to declared outputs
                        (build systems; "gopyc build -h")
  dis                   disassemble as "python3.8 -m dis"
  diff                  explain how two .pyc files differ (exit 0: same)
`

// args are the parsed command line.
type args struct {
	maxlevels  int
	recursion  *int
	force      bool
	quiet      int
	legacy     bool
	ddir       *string
	rx         *string
	flist      *string
	workers    int
	hasWorkers bool
	mode       string
	optLevels  []int
	optimize   int // -O count
	xoptions   []string
	dests      []string
	// 3.9's compileall
	stripdir, prependdir *string
	limitSlDest          *string
	hardlinkDupes        bool
}

type usageError string

func (e usageError) Error() string { return string(e) }

// option describes one argparse option: its names and whether it takes a
// value.
type option struct {
	names []string
	value bool
}

var options = []option{
	{[]string{"-h", "--help"}, false},
	{[]string{"-l"}, false},
	{[]string{"-r"}, true},
	{[]string{"-f"}, false},
	{[]string{"-q"}, false},
	{[]string{"-b"}, false},
	{[]string{"-d"}, true},
	{[]string{"-s"}, true},
	{[]string{"-p"}, true},
	{[]string{"-x"}, true},
	{[]string{"-i"}, true},
	{[]string{"-j", "--workers"}, true},
	{[]string{"--invalidation-mode"}, true},
	{[]string{"-o"}, true},
	{[]string{"-e"}, true},
	{[]string{"--hardlink-dupes"}, false},
	{[]string{"-O"}, false},
	{[]string{"-X"}, true},
}

// isNegNumber reports whether s matches argparse's negative-number pattern,
// ^-\d+$|^-\d*\.\d+$ (ASCII digits, as Go's \d). A loop, not a regexp
// compiled at start-up: the first regexp a run compiled cost it 0.56-1.0
// ms (package dis's, at init, before it was made lazy).
func isNegNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	digits, dot := 0, false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot, digits = true, 0 // \d* before the dot, \d+ after it
		default:
			return false
		}
	}
	return digits > 0
}

func isOption(s string) bool {
	return len(s) > 1 && s[0] == '-' && !isNegNumber(s)
}

// parse follows argparse: options anywhere; the positional list is taken
// from the first run of plain arguments only, later runs being
// "unrecognized"; "--" ends the options. It returns help=true for -h.
func parse(argv []string) (a *args, help bool, err error) {
	a = &args{maxlevels: 10, workers: 1}
	var extras []string
	gotPositionals := false
	takePositional := func(run []string) {
		if len(run) == 0 {
			return
		}
		if gotPositionals {
			extras = append(extras, run...)
			return
		}
		gotPositionals = true
		a.dests = append(a.dests, run...)
	}
	var run []string
	for i := 0; i < len(argv); i++ {
		s := argv[i]
		if s == "--" {
			run = append(run, argv[i+1:]...)
			break
		}
		if !isOption(s) {
			run = append(run, s)
			continue
		}
		takePositional(run)
		run = nil
		// Resolve the option string, with an explicit value if attached.
		var opt *option
		name, val, hasVal := s, "", false
		if strings.HasPrefix(s, "--") {
			if k := strings.IndexByte(s, '='); k >= 0 {
				name, val, hasVal = s[:k], s[k+1:], true
			}
			var matches []*option
			var matchNames []string
			for j := range options {
				for _, n := range options[j].names {
					if n == name {
						matches, matchNames = []*option{&options[j]}, []string{n}
						goto found
					}
					if strings.HasPrefix(n, "--") && strings.HasPrefix(n, name) {
						matches = append(matches, &options[j])
						matchNames = append(matchNames, n)
					}
				}
			}
		found:
			switch len(matches) {
			case 0:
				extras = append(extras, s)
				continue
			case 1:
				opt = matches[0]
				name = matchNames[0]
			default:
				return nil, false, usageError("ambiguous option: " + name + " could match " + strings.Join(matchNames, ", "))
			}
			if err := a.apply(opt, name, val, hasVal, argv, &i); err != nil {
				return nil, false, err
			}
			if opt.names[0] == "-h" {
				return a, true, nil
			}
			continue
		}
		// Short options, possibly combined ("-qf", "-r5", "-r=5").
		rest := s[1:]
		for rest != "" {
			name = "-" + rest[:1]
			opt = nil
			for j := range options {
				if options[j].names[0] == name {
					opt = &options[j]
				}
			}
			if opt == nil {
				extras = append(extras, s)
				break
			}
			rest = rest[1:]
			if opt.value {
				val, hasVal = strings.TrimPrefix(rest, "="), rest != ""
				if err := a.apply(opt, name, val, hasVal, argv, &i); err != nil {
					return nil, false, err
				}
				break
			}
			if err := a.apply(opt, name, "", false, argv, &i); err != nil {
				return nil, false, err
			}
			if name == "-h" {
				return a, true, nil
			}
		}
	}
	takePositional(run)
	if len(extras) > 0 {
		return nil, false, usageError("unrecognized arguments: " + strings.Join(extras, " "))
	}
	return a, false, nil
}

func (a *args) apply(opt *option, name, val string, hasVal bool, argv []string, i *int) error {
	label := "argument " + strings.Join(opt.names, "/") + ": "
	if opt.value && !hasVal {
		if *i+1 >= len(argv) || isOption(argv[*i+1]) {
			return usageError(label + "expected one argument")
		}
		*i++
		val = argv[*i]
	}
	atoi := func() (int, error) {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(val), "_", ""))
		if err != nil {
			return 0, usageError(label + "invalid int value: " + pyc.Repr(val))
		}
		return n, nil
	}
	var err error
	switch opt.names[0] {
	case "-l":
		a.maxlevels = 0
	case "-r":
		var n int
		n, err = atoi()
		a.recursion = &n
	case "-f":
		a.force = true
	case "-q":
		a.quiet++
	case "-b":
		a.legacy = true
	case "-d":
		a.ddir = &val
	case "-s":
		a.stripdir = &val
	case "-p":
		a.prependdir = &val
	case "-e":
		a.limitSlDest = &val
	case "--hardlink-dupes":
		a.hardlinkDupes = true
	case "-x":
		a.rx = &val
	case "-i":
		a.flist = &val
	case "-j":
		a.workers, err = atoi()
		a.hasWorkers = true
	case "--invalidation-mode":
		if _, ok := pyc.ParseMode(val); !ok {
			return usageError(label + "invalid choice: " + pyc.Repr(val) + " (choose from 'checked-hash', 'timestamp', 'unchecked-hash')")
		}
		a.mode = val
	case "-o":
		var n int
		n, err = atoi()
		a.optLevels = append(a.optLevels, n)
	case "-O":
		a.optimize++
	case "-X":
		a.xoptions = append(a.xoptions, val)
	}
	return err
}

// Main runs gopyc with the arguments after the program name and returns
// the exit status: 0 when every file compiled, 1 otherwise, 2 for a usage
// error.
func Main(argv []string, env *Env) int {
	if len(argv) > 0 {
		switch argv[0] {
		case "py_compile":
			return pyCompileMain(argv[1:], env)
		case "build":
			return buildMain(argv[1:], env)
		case "dis":
			return disMain(argv[1:], env)
		case "diff":
			return diffMain(argv[1:], env)
		}
	}
	return compileallMain(argv, env)
}

// LongRun tells whether the command line argv looks like a long run: a
// compileall run over a directory or over pyc.LongRunFiles files or more
// (those of an -i list included), or a build manifest of that many
// actions. It reads nothing but such a list or manifest named by a path,
// and does not judge stdin. gopyc's main readies the process for a long
// run before anything else runs (its descriptor table; with
// GOPYC_HUGEPAGES=1 its heap, see package hugeheap).
func LongRun(argv []string) bool {
	if len(argv) > 0 {
		switch argv[0] {
		case "build":
			return manifestLooksLong(argv[1:])
		case "py_compile", "dis", "diff":
			return false
		}
	}
	a, wantHelp, err := parse(argv)
	if err != nil || wantHelp {
		return false
	}
	dests := a.dests
	if a.flist != nil && *a.flist != "-" {
		if data, err := os.ReadFile(*a.flist); err == nil {
			dests = append(dests, fileList(data)...)
		}
	}
	return pyc.LooksLong(dests)
}

func compileallMain(argv []string, env *Env) int {
	a, wantHelp, err := parse(argv)
	if ue, ok := err.(usageError); ok {
		io.WriteString(env.Stderr, usage+"gopyc: error: "+string(ue)+"\n")
		return 2
	}
	if wantHelp {
		io.WriteString(env.Stdout, help)
		return 0
	}
	getenv := env.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	o := &pyc.Options{
		MaxLevels:  a.maxlevels,
		DDir:       a.ddir,
		Force:      a.force,
		Quiet:      a.quiet,
		Legacy:     a.legacy,
		Workers:    a.workers,
		Paths:      pyc.Paths{Prefix: pyc.PrefixFromConfig(a.xoptions, getenv)},
		Compile:    env.Compile,
		SourceLine: env.SourceLine,
		Stdout:     env.Stdout,
		Stderr:     env.Stderr,
		Getenv:     getenv,
	}
	if a.recursion != nil {
		o.MaxLevels = *a.recursion
	}
	if !a.hasWorkers {
		// compileall's default is serial; output does not depend on the
		// number of workers, so gopyc uses them all.
		o.Workers = 0
	}
	if a.mode != "" {
		o.Mode, _ = pyc.ParseMode(a.mode)
	}
	// -1 (the default of -o) means the interpreter's level, set by -O.
	for _, l := range a.optLevels {
		if l == -1 {
			l = a.optimize
		}
		o.Levels = append(o.Levels, l)
	}
	if len(o.Levels) == 0 {
		o.Levels = []int{a.optimize}
	}
	if a.rx != nil {
		rx, err := regexp.Compile(pyRegexp(*a.rx))
		if err != nil {
			io.WriteString(env.Stderr, "re.error: "+err.Error()+"\n")
			return 1
		}
		o.Rx = rx
	}
	// 3.9's checks, in its order, after the arguments parsed.
	if a.hardlinkDupes && len(a.optLevels) <= 1 {
		io.WriteString(env.Stderr, usage+"gopyc: error: Hardlinking of duplicated bytecode makes sense only for more than one optimization level.\n")
		return 2
	}
	if a.ddir != nil && (a.stripdir != nil || a.prependdir != nil) {
		io.WriteString(env.Stderr, usage+"gopyc: error: -d cannot be used in combination with -s or -p\n")
		return 2
	}
	o.StripDir, o.PrependDir, o.HardlinkDupes = a.stripdir, a.prependdir, a.hardlinkDupes
	if a.limitSlDest != nil {
		o.LimitSlDest = *a.limitSlDest
	}
	dests := a.dests
	if a.flist != nil {
		var data []byte
		var err error
		if *a.flist == "-" {
			data, err = io.ReadAll(env.Stdin)
		} else {
			data, err = os.ReadFile(*a.flist)
		}
		if err != nil {
			if a.quiet < 2 {
				io.WriteString(env.Stdout, "Error reading file list "+*a.flist+"\n")
			}
			return 1
		}
		dests = append(dests, fileList(data)...)
	}
	if len(dests) == 0 {
		io.WriteString(env.Stderr, usage+"gopyc: error: no FILE|DIR given (compileall's default, sys.path, needs an interpreter)\n")
		return 2
	}
	ok, err := pyc.Run(dests, o)
	if err != nil {
		// Where compileall dies of an uncaught exception, print the last
		// line of its traceback.
		io.WriteString(env.Stderr, err.Error()+"\n")
		return 1
	}
	if !ok {
		return 1
	}
	return 0
}

// fileList splits an -i file into names as compileall does: text lines
// (universal newlines), each stripped of surrounding whitespace.
func fileList(data []byte) []string {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for sc.Scan() {
		out = append(out, pyStrip(sc.Text()))
	}
	return out
}

// pyStrip is str.strip() for the whitespace that can occur in file lists.
func pyStrip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r >= 0x09 && r <= 0x0D || r >= 0x1C && r <= 0x20 || r == 0x85 || r == 0xA0 ||
			r == 0x1680 || r >= 0x2000 && r <= 0x200A || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000
	})
}

// pyRegexp adapts the Python regular expression syntax that RE2 spells
// differently: \Z (end of text) is \z.
func pyRegexp(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			if s[i+1] == 'Z' {
				b.WriteString(`\z`)
			} else {
				b.WriteString(s[i : i+2])
			}
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
