package cli

import (
	"regexp"
	"testing"
)

// TestIsNegNumber checks isNegNumber against argparse's pattern.
func TestIsNegNumber(t *testing.T) {
	re := regexp.MustCompile(`^-\d+$|^-\d*\.\d+$`)
	for _, s := range []string{"", "-", "-1", "-12", "-1.5", "-.5", "-1.", "-.", "-1.2.3", "--1", "-a", "-1a", "1", "-0", "-00.00", "-١", "-q", "-j0", "-1-", "-..1"} {
		if got, want := isNegNumber(s), re.MatchString(s); got != want {
			t.Errorf("isNegNumber(%q) = %v, want %v", s, got, want)
		}
	}
}
