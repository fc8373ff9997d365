package bufpool

import "testing"

func TestTakeSmallestThatFits(t *testing.T) {
	var f Free
	if f.Take(1) != nil {
		t.Fatal("an empty list gave a buffer")
	}
	f.Put([][]byte{make([]byte, 3, 100), make([]byte, 0, 10), make([]byte, 0, 50)})
	if b := f.Take(20); cap(b) != 50 || len(b) != 0 {
		t.Errorf("Take(20): cap %d len %d, want the 50", cap(b), len(b))
	}
	if b := f.Take(200); b != nil {
		t.Errorf("Take(200) gave cap %d", cap(b))
	}
	if b := f.Take(60); cap(b) != 100 || len(b) != 0 {
		t.Errorf("Take(60): cap %d len %d, want the 100 emptied", cap(b), len(b))
	}
	if b := f.Take(0); cap(b) != 10 {
		t.Errorf("Take(0): cap %d, want the last one, 10", cap(b))
	}
	if f.Take(0) != nil {
		t.Error("the list is not empty after three takes")
	}
}
