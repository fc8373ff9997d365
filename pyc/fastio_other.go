//go:build !linux

package pyc

import "os"

func readSource(path string, _ *turn) ([]byte, srcStat, error) { return readSourceOS(path) }

func writeFile(path string, data []byte, perm os.FileMode) error {
	return writeFileOS(path, data, perm)
}
