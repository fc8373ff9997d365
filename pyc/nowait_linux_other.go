//go:build linux && !amd64 && !arm64

package pyc

// sysPreadv2 is 0 where this package does not know preadv2's number: first
// reads are ordinary ones.
const sysPreadv2 = 0
