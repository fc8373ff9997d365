package pyc

// noTmpfileForTest turns the unnamed-file write off (true) or on and
// returns the previous setting.
func noTmpfileForTest(off bool) bool { return noTmpfile.Swap(off) }
