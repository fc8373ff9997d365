//go:build !unix

package pyc

// dirSearchable reports whether dir may be searched: a directory that can
// be listed can be searched where there is no execute permission.
func dirSearchable(dir string) bool { return true }
