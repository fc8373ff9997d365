package share

import "testing"

// TestHeldNames checks the strings a file makes the process hold that no
// table lists (a coding cookie's registry key): held by later states, and
// answered in the parts a model's result depends on, including a name
// numbered after the model started.
func TestHeldNames(t *testing.T) {
	var e Effects
	e.HoldName("zq_cookie_key")
	after := (State{}).After(e)
	if !after.ProcessInterned("zq_cookie_key") {
		t.Errorf("a held name is not interned in the state after")
	}
	if (State{}).ProcessInterned("zq_cookie_key") || after.ProcessInterned("zq_other_key") {
		t.Errorf("a name is interned where no file held it")
	}

	// The tree asks about the name: the states differ for its bytes.
	use := func() *State {
		top := code(str("<module>", true), str("zq_cookie_key", true))
		deps := ApplyIn(top, State{})
		return &deps
	}
	if deps := use(); (State{}).Agrees(after, *deps) {
		t.Errorf("a tree using a held name agrees across states that differ on it")
	}
	// A tree without it does not depend on it.
	top := code(str("<module>", true), str("zq_unrelated", true))
	deps := ApplyIn(top, State{})
	if !(State{}).Agrees(after, deps) {
		t.Errorf("a tree not using a held name depends on it")
	}
	// A name numbered after the model started is unknown to it: the
	// answer is that the bytes may differ.
	var late Effects
	late.HoldName("zq_late_key")
	if (State{}).Agrees((State{}).After(late), deps) {
		t.Errorf("a name numbered after the model agrees")
	}
	// One-character names are the cached singletons, interned.
	var single Effects
	single.HoldName("Q")
	if s := (State{}).After(single); s.names != nil || s.singles['Q'>>6]&(1<<('Q'&63)) == 0 {
		t.Errorf("a one-character held name is not the interned singleton")
	}
}
