package pyc

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// PyError is an error as a Python exception: the class name compileall
// prints and str() of the exception.
type PyError struct {
	Class string
	Str   string
}

func (e *PyError) Error() string { return e.Class + ": " + e.Str }

// AsPyError renders err as the Python exception CPython would have raised
// for the same failure: an OSError subclass chosen by errno with the text
// "[Errno N] Strerror: 'file'" (or "'old' -> 'new'" for a rename).
func AsPyError(err error) *PyError {
	var pe *PyError
	if errors.As(err, &pe) {
		return pe
	}
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return &PyError{Class: "OSError", Str: err.Error()}
	}
	s := "[Errno " + strconv.Itoa(int(errno)) + "] " + strerror(errno)
	var pathErr *fs.PathError
	var linkErr *os.LinkError
	switch {
	case errors.As(err, &linkErr):
		s += ": " + Repr(FromOS(linkErr.Old)) + " -> " + Repr(FromOS(linkErr.New))
	case errors.As(err, &pathErr):
		s += ": " + Repr(FromOS(pathErr.Path))
	}
	return &PyError{Class: errnoClass(errno), Str: s}
}

// errnoClass is the OSError subclass CPython 3.8 instantiates for errno.
func errnoClass(e syscall.Errno) string {
	switch e {
	case syscall.EEXIST:
		return "FileExistsError"
	case syscall.ENOENT:
		return "FileNotFoundError"
	case syscall.EISDIR:
		return "IsADirectoryError"
	case syscall.ENOTDIR:
		return "NotADirectoryError"
	case syscall.EACCES, syscall.EPERM:
		return "PermissionError"
	case syscall.EINTR:
		return "InterruptedError"
	case syscall.EAGAIN, syscall.EALREADY, syscall.EINPROGRESS:
		return "BlockingIOError"
	case syscall.EPIPE, syscall.ESHUTDOWN:
		return "BrokenPipeError"
	case syscall.ETIMEDOUT:
		return "TimeoutError"
	}
	return "OSError"
}

// strerror is glibc's message for the errnos file compilation can meet; Go's
// own table spells them in lower case.
func strerror(e syscall.Errno) string {
	switch e {
	case syscall.EPERM:
		return "Operation not permitted"
	case syscall.ENOENT:
		return "No such file or directory"
	case syscall.EIO:
		return "Input/output error"
	case syscall.EACCES:
		return "Permission denied"
	case syscall.EEXIST:
		return "File exists"
	case syscall.EXDEV:
		return "Invalid cross-device link"
	case syscall.ENOTDIR:
		return "Not a directory"
	case syscall.EISDIR:
		return "Is a directory"
	case syscall.EINVAL:
		return "Invalid argument"
	case syscall.EMFILE:
		return "Too many open files"
	case syscall.ENFILE:
		return "Too many open files in system"
	case syscall.EFBIG:
		return "File too large"
	case syscall.ENOSPC:
		return "No space left on device"
	case syscall.EROFS:
		return "Read-only file system"
	case syscall.ENAMETOOLONG:
		return "File name too long"
	case syscall.ELOOP:
		return "Too many levels of symbolic links"
	case syscall.EBUSY:
		return "Device or resource busy"
	case syscall.ETXTBSY:
		return "Text file busy"
	case syscall.EDQUOT:
		return "Disk quota exceeded"
	case syscall.ENOMEM:
		return "Cannot allocate memory"
	}
	s := e.Error()
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}
