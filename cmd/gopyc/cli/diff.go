package cli

import (
	"io"
	"os"
	"strconv"

	"github.com/gopyc/gopyc/pyc"
)

const diffHelp = `usage: gopyc diff A.pyc B.pyc

Explain how two .pyc files differ. Exit status 0 when they are identical,
1 when they differ, 2 when one cannot be read or decoded. Each difference is
a line "PATH: A ≠ B": the header fields (magic, flags, mtime, size, source
hash), then paths into the code tree, a code object shown as <co_name>, e.g.
  <module>.co_consts[3]<f>.co_code @12: LOAD_FAST 1 ≠ LOAD_FAST 2
Differences only in how marshal wrote equal values (FLAG_REF, back-
references, interning) are listed after the line "ref flags only:".
`

func diffMain(argv []string, env *Env) int {
	if len(argv) == 1 && (argv[0] == "-h" || argv[0] == "--help") {
		io.WriteString(env.Stdout, diffHelp)
		return 0
	}
	if len(argv) != 2 {
		io.WriteString(env.Stderr, "usage: gopyc diff A.pyc B.pyc\ngopyc diff: error: two file names are required\n")
		return 2
	}
	var data [2][]byte
	for i, name := range argv {
		var err error
		if data[i], err = os.ReadFile(name); err != nil {
			io.WriteString(env.Stderr, "gopyc diff: "+pyc.AsPyError(err).Error()+"\n")
			return 2
		}
	}
	diffs, err := pyc.Diff(data[0], data[1])
	printDiffs(env.Stdout, diffs)
	if err != nil {
		io.WriteString(env.Stderr, "gopyc diff: "+err.Error()+"\n")
		return 2
	}
	if len(diffs) == 0 && string(data[0]) != string(data[1]) {
		io.WriteString(env.Stdout, "files differ in bytes gopyc cannot attribute ("+strconv.Itoa(len(data[0]))+" and "+strconv.Itoa(len(data[1]))+" bytes)\n")
		return 1
	}
	if len(diffs) > 0 {
		return 1
	}
	return 0
}

// printDiffs lists value differences first, then, under "ref flags only:",
// the differences in marshal's sharing of equal values.
func printDiffs(w io.Writer, diffs []pyc.Difference) {
	var refs []pyc.Difference
	for _, d := range diffs {
		if d.RefOnly {
			refs = append(refs, d)
			continue
		}
		io.WriteString(w, d.String()+"\n")
	}
	if len(refs) > 0 {
		io.WriteString(w, "ref flags only:\n")
		for _, d := range refs {
			io.WriteString(w, "  "+d.String()+"\n")
		}
	}
}
