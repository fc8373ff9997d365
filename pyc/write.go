package pyc

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
)

// CheckTarget refuses a cache path py_compile would refuse: a symlink, or
// an existing file that is not regular, since the atomic rename would turn
// either into a regular file. The error is CPython's FileExistsError.
func CheckTarget(cfile string) error {
	_, err := checkTarget(cfile)
	return err
}

// checkTarget is CheckTarget that also reports whether cfile was found
// absent.
func checkTarget(cfile string) (absent bool, err error) {
	// One lstat answers both questions: when it finds no symlink, stat
	// would see the same file.
	fi, err := os.Lstat(cfile)
	if err != nil {
		return errors.Is(err, fs.ErrNotExist), nil
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return false, &PyError{Class: "FileExistsError", Str: FromOS(cfile) +
			" is a symlink and will be changed into a regular file if import writes a byte-compiled file to it"}
	}
	if !fi.Mode().IsRegular() {
		return false, &PyError{Class: "FileExistsError", Str: FromOS(cfile) +
			" is a non-regular file and will be changed into a regular one if import writes a byte-compiled file to it"}
	}
	return false, nil
}

// CalcMode is importlib's _calc_mode: the source's permission bits with
// owner write added, or 0o666 when the source cannot be stat'ed. The file is
// created with these bits masked by 0o666 and the umask.
func CalcMode(source string) os.FileMode {
	mode := os.FileMode(0o666)
	if fi, err := os.Stat(source); err == nil {
		mode = fi.Mode().Perm()
	}
	return (mode | 0o200) & 0o666
}

// MakeDirs creates dir and its missing parents with mode 0o777 (less the
// umask) the way os.makedirs does, and, as py_compile does, is content when
// the final directory, or anything else, already exists under that name.
func MakeDirs(dir string) error {
	if dir == "" {
		return nil
	}
	err := makedirs(dir)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	return err
}

func makedirs(name string) error {
	head, tail := filepath.Split(name)
	if tail == "" {
		head, tail = filepath.Split(trimSlash(head))
	}
	head = trimSlash(head)
	if head != "" && tail != "" {
		if _, err := os.Stat(head); err != nil {
			if err := makedirs(head); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
		}
	}
	if tail == "." {
		return nil
	}
	return os.Mkdir(name, 0o777)
}

// trimSlash drops trailing separators unless the path is all separators,
// as os.path.split does for its head.
func trimSlash(s string) string {
	i := len(s)
	for i > 0 && s[i-1] == '/' {
		i--
	}
	if i == 0 {
		return s
	}
	return s[:i]
}

var tmpSeq atomic.Uint64

// WriteAtomic writes data to path so that a reader sees either the old file
// or the complete new one: the bytes go to a fresh temporary file beside
// path (created exclusively, with mode masked by 0o666 and the umask) which
// is then renamed over path. On failure the temporary file is removed.
func WriteAtomic(path string, data []byte, mode os.FileMode) error {
	return writeAtomic(path, data, mode, nil, "", false)
}

// writeAtomic is WriteAtomic where dir, the directory of path, was made
// through dirs (nil: not remembered): a vanished directory is made again.
// absent says that path was found not to exist: the file can then be
// written without a name and linked in once complete (writeUnnamed).
func writeAtomic(path string, data []byte, mode os.FileMode, dirs *dirCache, dir string, absent bool) error {
	writeGate.RLock()
	err := writeOnce(path, data, mode, dirs, dir, absent)
	writeGate.RUnlock()
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		// Out of space, perhaps only while other files were being
		// written: try again alone, once the writes in flight have
		// ended (a failed one freed its space), so that a file fails
		// only if it does not fit where a serial run would put it.
		writeGate.Lock()
		err = writeOnce(path, data, mode, dirs, dir, absent)
		writeGate.Unlock()
	}
	return err
}

// writeGate lets writes run in parallel, or one alone (see writeAtomic).
var writeGate sync.RWMutex

func writeOnce(path string, data []byte, mode os.FileMode, dirs *dirCache, dir string, absent bool) error {
	if absent {
		d := "."
		if i := strings.LastIndexByte(path, '/'); i >= 0 {
			d = path[:i+1]
		}
		if writeUnnamed(d, path, data, uint32(mode&0o666)) {
			return nil
		}
	}
	tmp := path + "." + strconv.Itoa(pid) + strconv.FormatUint(tmpSeq.Add(1), 10)
	err := writeFile(tmp, data, mode&0o666)
	if dirs != nil && errors.Is(err, syscall.ENOENT) {
		dirs.forget(dir)
		if err = dirs.makeDirs(dir); err != nil {
			return err
		}
		err = writeFile(tmp, data, mode&0o666)
	}
	if err != nil {
		return err
	}
	if err = rename(tmp, path); err != nil {
		os.Remove(tmp)
	}
	return err
}
