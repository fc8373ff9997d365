package cli

import (
	"github.com/gopyc/gopyc/compile/share"

	"bytes"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/dis"
	"github.com/gopyc/gopyc/marshal"
	"github.com/gopyc/gopyc/pyc"
)

const disHelp = `usage: gopyc dis [-h] [FILE.py|FILE.pyc|-]

Print the disassembly "python3.8 -m dis FILE.py" prints: the module compiled
with FILE as its name, then every nested code object. A name ending in .pyc
is read as a cache file instead (header skipped). Without a name, or with
"-", the source is read from stdin and named <stdin>. Code object addresses
are stable stand-ins (see package dis). Unlike python -m dis, which reads the
file as UTF-8 text, the source is decoded as for import (coding cookie, BOM).
`

func disMain(argv []string, env *Env) int {
	name := "-"
	switch {
	case len(argv) == 1 && (argv[0] == "-h" || argv[0] == "--help"):
		io.WriteString(env.Stdout, disHelp)
		return 0
	case len(argv) == 1:
		name = argv[0]
	case len(argv) > 1:
		io.WriteString(env.Stderr, "usage: gopyc dis [-h] [FILE.py|FILE.pyc|-]\ngopyc dis: error: unrecognized arguments: "+strings.Join(argv[1:], " ")+"\n")
		return 2
	}
	var data []byte
	var err error
	filename := name
	if name == "-" {
		filename = "<stdin>"
		data, err = io.ReadAll(env.Stdin)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		io.WriteString(env.Stderr, "usage: gopyc dis [-h] [FILE.py|FILE.pyc|-]\ngopyc dis: error: argument infile: can't open "+
			pyc.Repr(pyc.FromOS(name))+": "+pyc.AsPyError(err).Str+"\n")
		return 2
	}
	var code *marshal.Code
	if strings.HasSuffix(name, ".pyc") {
		code, err = loadPyc(data)
		if err != nil {
			io.WriteString(env.Stderr, "gopyc dis: "+name+": "+err.Error()+"\n")
			return 1
		}
	} else {
		raw, warns, err := env.Compile(data, pyc.FromOS(filename), 0)
		var buf bytes.Buffer
		pyc.WriteWarnings(&buf, warns, env.SourceLine)
		env.Stderr.Write(buf.Bytes())
		if err != nil {
			var de *diag.Error
			if errors.As(err, &de) {
				io.WriteString(env.Stderr, de.Stderr)
				io.WriteString(env.Stderr, pyc.BackslashReplace(de.FormatExceptionOnly()))
			} else {
				io.WriteString(env.Stderr, "SystemError: "+err.Error()+"\n")
			}
			return 1
		}
		data, err := raw.Marshal(share.State{})
		var obj marshal.Object
		if err == nil {
			obj, err = marshal.Loads(data)
		}
		if code, _ = obj.(*marshal.Code); err != nil || code == nil {
			io.WriteString(env.Stderr, "gopyc dis: the compiler returned no code object\n")
			return 1
		}
	}
	if err := dis.Disassemble(env.Stdout, code); err != nil {
		io.WriteString(env.Stderr, "gopyc dis: "+err.Error()+"\n")
		return 1
	}
	return 0
}

// loadPyc decodes a .pyc's header and code object.
func loadPyc(data []byte) (*marshal.Code, error) {
	if _, err := pyc.ParseHeader(data); err != nil {
		return nil, err
	}
	obj, err := marshal.Loads(data[pyc.HeaderSize:])
	if err != nil {
		return nil, err
	}
	code, ok := obj.(*marshal.Code)
	if !ok {
		return nil, errors.New("the marshalled object is not a code object")
	}
	return code, nil
}
