package astopt

import (
	"bufio"
	"os/exec"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// runPy runs script over the lines of input with python3.8 and returns its
// output lines.
func runPy(t *testing.T, script string, input *strings.Builder) []string {
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
	return lines
}
