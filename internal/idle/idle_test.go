package idle

import "testing"

func TestList(t *testing.T) {
	var l List[int]
	a := l.Get()
	if a == nil || *a != 0 {
		t.Fatal("Get of an empty list: want a new zero object")
	}
	*a = 7
	l.Put(a)
	if b := l.Get(); b != a {
		t.Fatal("Get: want the object put back")
	}
	for range maxIdle + 4 {
		l.Put(new(int))
	}
	if len(l.free) != maxIdle {
		t.Fatalf("kept %d idle objects, want %d", len(l.free), maxIdle)
	}
}
