package astopt

import (
	"bufio"
	"os/exec"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// runPy runs script over the lines of input with python3.8 and returns its
// output lines, of which there must be want.
func runPy(t *testing.T, script string, input *strings.Builder, want int) []string {
	t.Helper()
	py := py38.Require(t)
	cmd := exec.Command(py, "-S", "-c", script)
	cmd.Stdin = strings.NewReader(input.String())
	outb, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3.8: %v", err)
	}
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(string(outb)))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) != want {
		t.Fatalf("python3.8 wrote %d lines, want %d", len(lines), want)
	}
	return lines
}
