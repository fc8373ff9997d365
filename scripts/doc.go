// Package scripts holds the stdlib-wide checks that run CPython 3.8 itself:
// runtests.py (CPython's regression tests on gopyc's .pyc files versus
// compileall's) and conform.py (byte/semantic conformance per optimization
// level and invalidation mode). The Go test runs a quick subset of the
// former so "go test ./..." covers it when python3.8 is present.
package scripts
