package hugeheap

import "testing"

func TestDisabled(t *testing.T) {
	for _, c := range []struct {
		godebug string
		want    bool
	}{
		{"", false},
		{"disablethp=1", true},
		{"madvdontneed=1,disablethp=1", true},
		{"disablethp=1, gctrace=1", true},
		{"disablethp=0", false},
		{"disablethp=1,disablethp=0", false},
		{"xdisablethp=1", false},
	} {
		if got := disabled(c.godebug); got != c.want {
			t.Errorf("disabled(%q) = %v, want %v", c.godebug, got, c.want)
		}
	}
}
