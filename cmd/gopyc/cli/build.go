package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/pyc"
)

const buildUsage = `usage: gopyc build --src SRC --out OUT [--name NAME] [--invalidation-mode MODE]
                   [--optimize N] [--mtime SECONDS]
       gopyc build --manifest FILE [--invalidation-mode MODE] [--optimize N] [-j N]
`

const buildHelp = buildUsage + `
Compile declared sources to declared outputs, for hermetic build actions
(Bazel, Buck, Pants, Nix, ...). An action reads only its source and writes
only its output, atomically (missing parent directories are created); the
bytes depend only on the source bytes and the flags, never on the working
directory, the environment (but see SOURCE_DATE_EPOCH) or the CPU count.

  --src SRC             the .py file to compile
  --out OUT             the .pyc file to write
  --name NAME           the file name compiled in (co_filename, tracebacks,
                        SyntaxError messages); default SRC as given
  --invalidation-mode {checked-hash,timestamp,unchecked-hash}
                        default "checked-hash" if SOURCE_DATE_EPOCH is set,
                        "timestamp" otherwise (as py_compile); prefer an
                        explicit hash mode for reproducible outputs
  --optimize N          optimization level 0, 1 or 2 (default 0)
  --mtime SECONDS       timestamp mode: the source mtime to record instead of
                        SRC's st_mtime (integer part); the recorded size is
                        always the length of SRC
  --manifest FILE       many actions: one JSON object per line, e.g.
                        {"src": "a/b.py", "out": "out/b.pyc", "name": "a/b.py",
                         "invalidation_mode": "unchecked-hash", "optimize": 0,
                         "mtime": 0}
                        only "src" and "out" are required; the flags above
                        give the defaults of the other keys; blank lines and
                        lines starting with "#" are skipped; relative paths
                        are relative to the working directory ("-": stdin)
  -j N                  actions compiled at once (default: one per CPU);
                        output does not depend on it

SyntaxError text comes from the source bytes: unlike compileall/py_compile,
gopyc build never reads the file NAME names (so a NAME that does not exist
still shows the offending line). Warnings are printed to stderr as
py_compile prints them. Each failed action prints
"gopyc build: SRC -> OUT: failed" and its error; the status is then 1
(2 for a usage or manifest error, in which case nothing is written).
`

// manifestEntry is one line of a manifest.
type manifestEntry struct {
	Src      string `json:"src"`
	Out      string `json:"out"`
	Name     string `json:"name"`
	Mode     string `json:"invalidation_mode"`
	Optimize *int   `json:"optimize"`
	Mtime    *int64 `json:"mtime"`
}

func buildMain(argv []string, env *Env) int {
	fail := func(msg string) int {
		io.WriteString(env.Stderr, buildUsage+"gopyc build: error: "+msg+"\n")
		return 2
	}
	var src, out, name, mode, manifest *string
	var optimize *int
	var mtime *int64
	workers := 0
	for i := 0; i < len(argv); i++ {
		flag, val, hasVal := strings.Cut(argv[i], "=")
		if !strings.HasPrefix(flag, "--") {
			hasVal = false
			flag, val = argv[i], ""
		}
		switch flag {
		case "-h", "--help":
			io.WriteString(env.Stdout, buildHelp)
			return 0
		case "--src", "--out", "--name", "--invalidation-mode", "--manifest", "--optimize", "--mtime", "-j":
		default:
			return fail("unrecognized argument: " + argv[i])
		}
		if !hasVal {
			if i+1 >= len(argv) {
				return fail("argument " + flag + ": expected one argument")
			}
			i++
			val = argv[i]
		}
		v := val
		switch flag {
		case "--src":
			src = &v
		case "--out":
			out = &v
		case "--name":
			name = &v
		case "--invalidation-mode":
			if _, ok := pyc.ParseMode(v); !ok {
				return fail("argument --invalidation-mode: invalid choice: " + pyc.Repr(v) + " (choose from 'checked-hash', 'timestamp', 'unchecked-hash')")
			}
			mode = &v
		case "--manifest":
			manifest = &v
		case "--optimize", "-j":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || flag == "--optimize" && n > 2 {
				return fail("argument " + flag + ": invalid value: " + pyc.Repr(v))
			}
			if flag == "-j" {
				workers = n
			} else {
				optimize = &n
			}
		case "--mtime":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return fail("argument --mtime: invalid int value: " + pyc.Repr(v))
			}
			mtime = &n
		}
	}
	defMode := pyc.DefaultMode(env.Getenv)
	if mode != nil {
		defMode, _ = pyc.ParseMode(*mode)
	}
	defOpt := 0
	if optimize != nil {
		defOpt = *optimize
	}
	var actions []*pyc.Action
	switch {
	case manifest != nil:
		if src != nil || out != nil || name != nil || mtime != nil {
			return fail("--manifest excludes --src, --out, --name and --mtime")
		}
		var data []byte
		var err error
		if *manifest == "-" {
			data, err = io.ReadAll(env.Stdin)
		} else {
			data, err = os.ReadFile(*manifest)
		}
		if err != nil {
			return fail("cannot read manifest: " + pyc.AsPyError(err).Error())
		}
		actions, err = parseManifest(data, defMode, defOpt)
		if err != nil {
			return fail(*manifest + ": " + err.Error())
		}
	case src == nil || out == nil:
		return fail("--src and --out (or --manifest) are required")
	default:
		a := &pyc.Action{Src: *src, Out: *out, Mode: defMode, Optimize: defOpt, Mtime: mtime}
		if name != nil {
			a.Name = *name
		}
		actions = []*pyc.Action{a}
	}
	if err := checkActions(actions); err != nil {
		return fail(err.Error())
	}
	return runActions(actions, workers, env)
}

func parseManifest(data []byte, defMode pyc.Mode, defOpt int) ([]*pyc.Action, error) {
	var actions []*pyc.Action
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var e manifestEntry
		if err := dec.Decode(&e); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("line %d: more than one JSON value", n)
		}
		a := &pyc.Action{Src: e.Src, Out: e.Out, Name: e.Name, Mode: defMode, Optimize: defOpt, Mtime: e.Mtime}
		if e.Mode != "" {
			m, ok := pyc.ParseMode(e.Mode)
			if !ok {
				return nil, fmt.Errorf("line %d: invalid invalidation_mode %s", n, pyc.Repr(e.Mode))
			}
			a.Mode = m
		}
		if e.Optimize != nil {
			a.Optimize = *e.Optimize
		}
		if err := a.Check(); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		actions = append(actions, a)
	}
	return actions, nil
}

// checkActions refuses what would make the outputs depend on the order of
// the actions: two actions writing one file, or an output that is another
// action's source.
func checkActions(actions []*pyc.Action) error {
	outs := map[string]bool{}
	for _, a := range actions {
		if err := a.Check(); err != nil {
			return err
		}
		if outs[a.Out] {
			return fmt.Errorf("output %s declared twice", a.Out)
		}
		outs[a.Out] = true
	}
	for _, a := range actions {
		if outs[a.Src] {
			return fmt.Errorf("%s is both a source and an output", a.Src)
		}
	}
	return nil
}

// manifestLooksLong tells whether build's arguments name a manifest of
// pyc.LongRunFiles lines or more (see LongRun).
func manifestLooksLong(argv []string) bool {
	for i := 0; i < len(argv); i++ {
		path, ok := strings.CutPrefix(argv[i], "--manifest=")
		if !ok {
			if argv[i] != "--manifest" || i+1 >= len(argv) {
				continue
			}
			i++
			path = argv[i]
		}
		data, err := os.ReadFile(path)
		return err == nil && bytes.Count(data, []byte{'\n'}) >= pyc.LongRunFiles
	}
	return false
}

// runActions compiles in parallel and reports in manifest order.
func runActions(actions []*pyc.Action, workers int, env *Env) int {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	compile := env.HermeticCompile
	if compile == nil {
		compile = env.Compile
	}
	type result struct {
		stderr []byte
		failed bool
	}
	results := make([]result, len(actions))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers && w < len(actions); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a := actions[i]
				warns, src, err := pyc.Build(a, compile)
				var buf bytes.Buffer
				// The lines shown under warnings come from the source read,
				// not from the file the name may name.
				pyc.WriteWarnings(&buf, warns, func(_ string, n int) string { return sourceLineOf(src, n) })
				if err != nil {
					var de *diag.Error
					if errors.As(err, &de) {
						buf.WriteString(de.Stderr) // as CPython's C code prints it, first
					}
					buf.WriteString("gopyc build: " + a.Src + " -> " + a.Out + ": failed\n")
					msg := err.Error()
					if ae, ok := err.(*pyc.ActionError); ok {
						msg = ae.Message()
					}
					buf.WriteString(pyc.BackslashReplace(msg) + "\n")
				}
				results[i] = result{buf.Bytes(), err != nil}
			}
		}()
	}
	for i := range actions {
		next <- i
	}
	close(next)
	wg.Wait()
	rc := 0
	for _, r := range results {
		env.Stderr.Write(r.stderr)
		if r.failed {
			rc = 1
		}
	}
	return rc
}

// sourceLineOf is line n of raw source as linecache would show it, decoded
// as import decodes it; "" when it cannot be decoded.
func sourceLineOf(raw []byte, n int) string {
	f, err := source.Decode(raw, "")
	if err != nil || !utf8.ValidString(f.Src) {
		return ""
	}
	return f.Line(n)
}
