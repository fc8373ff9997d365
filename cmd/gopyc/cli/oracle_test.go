package cli

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"sync"

	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/pyc"
)

// oracle is testdata/cli/oracle.py: CPython 3.8's compile() and marshal
// behind the pyc.Compiler signature.
type oracle struct {
	mu  sync.Mutex
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func startOracle(python, script, dir string) (*oracle, error) {
	cmd := exec.Command(python, "-S", script)
	cmd.Env = append(cmd.Environ(), "PYTHONHASHSEED=0")
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &oracle{cmd: cmd, in: in, out: bufio.NewReader(out)}, nil
}

func (o *oracle) close() {
	o.in.Close()
	o.cmd.Wait()
}

func hexs(s string) string { return hex.EncodeToString([]byte(s)) }

func unhex(s string) string {
	b, _ := hex.DecodeString(s)
	return string(b)
}

func (o *oracle) Compile(src []byte, filename string, optimize int) (pyc.Compiled, []diag.Warning, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	req, _ := json.Marshal(map[string]any{"op": "compile", "filename": hexs(filename), "optimize": optimize, "len": len(src)})
	o.in.Write(append(req, '\n'))
	o.in.Write(src)
	line, err := o.out.ReadBytes('\n')
	if err != nil {
		return nil, nil, fmt.Errorf("oracle: %v", err)
	}
	var resp struct {
		CodeLen int `json:"code_len"`
		Error   *struct {
			Cls, Msg, Filename, Text string
			Lineno, Offset           int
			HasText                  bool `json:"has_text"`
		}
		Warnings []struct {
			Category, Msg, Filename string
			Lineno                  int
		}
	}
	if err := json.Unmarshal(line, &resp); err != nil {
		return nil, nil, fmt.Errorf("oracle: %v", err)
	}
	code := make([]byte, resp.CodeLen)
	if _, err := io.ReadFull(o.out, code); err != nil {
		return nil, nil, fmt.Errorf("oracle: %v", err)
	}
	var warns []diag.Warning
	for _, w := range resp.Warnings {
		warns = append(warns, diag.Warning{Category: w.Category, Msg: unhex(w.Msg), Filename: unhex(w.Filename), Lineno: w.Lineno})
	}
	if e := resp.Error; e != nil {
		return nil, warns, &diag.Error{Class: e.Cls, Msg: unhex(e.Msg), Filename: unhex(e.Filename),
			Lineno: e.Lineno, Offset: e.Offset, Text: unhex(e.Text), HasText: e.HasText}
	}
	return pyc.Marshalled(code), warns, nil
}

// same reports whether two marshalled code objects decode to equal trees.
func (o *oracle) same(a, b []byte) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	req, _ := json.Marshal(map[string]any{"op": "same", "a": hex.EncodeToString(a), "b": hex.EncodeToString(b)})
	o.in.Write(append(req, '\n'))
	line, err := o.out.ReadBytes('\n')
	if err != nil {
		return false
	}
	var resp struct{ Same bool }
	json.Unmarshal(line, &resp)
	return resp.Same
}
