// Command gopyc compiles Python 3.8 sources to the .pyc files CPython 3.8
// writes, as a drop-in for "python3.8 -m compileall" (see package cli for
// the arguments).
package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"unicode/utf8"

	"github.com/gopyc/gopyc/cmd/gopyc/cli"
	"github.com/gopyc/gopyc/compile"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/internal/hugeheap"
	"github.com/gopyc/gopyc/pyc"
)

func main() {
	// The runtime samples allocations for heap profiles unless told not
	// to; the samples' stacks and buckets cost time and fresh memory in a
	// run that never writes a profile.
	if os.Getenv("GOPYC_MEMPROFILE") == "" {
		runtime.MemProfileRate = 0
	}
	// Units hand their memory to the next file (compile.Unit.Release), so
	// a run keeps little alive: about 30 MB on the standard library. With
	// the heap goal at twice that, the collector ran a dozen times per
	// run, each cycle scanning the pooled memory again; the ballast, a
	// block that is never touched (so it costs address space, not
	// memory), raises the goal by twice its size. At 96 MB the standard
	// library (~64 MB allocated in all) compiles with no collection: with
	// 64 MB it had one late in the run, which cost ~160 M instructions
	// (marking and write barriers) and no memory (peak RSS 80-84 MB
	// either way, since most pages are touched before it). The soft limit
	// (set below) bounds memory for larger trees and pathological inputs.
	// The other CPU is idle while this one sets the heap up: it can load
	// the table the first compilation needs.
	go share.Preload()
	// No collection while the ballast and the huge-page reservation are
	// allocated: Reserve's own one is enough. The ballast comes first, so
	// that it lies in memory the heap has never used (which the runtime
	// knows to be zero and leaves untouched).
	gcPercent := debug.SetGCPercent(-1)
	ballast = make([]byte, ballastSize)
	hugeheap.Reserve(reserveSize)
	debug.SetGCPercent(gcPercent)
	// The limit counts the ballast, and the runtime starts a collection
	// some way below it: at 192 MB a stdlib run that allocated 71 MB
	// collected once at its end (~40 ms of CPU, no memory saved), so the
	// margin is wider. Set after the reservation, which exceeds it for a
	// moment and would be collected for nothing.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	// GOPYC_CPUPROFILE=FILE writes a CPU profile of the run (for tuning).
	if path := os.Getenv("GOPYC_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			code := run()
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	// GOPYC_TRACE=FILE writes an execution trace of the run (go tool trace),
	// to see how busy the workers are.
	if path := os.Getenv("GOPYC_TRACE"); path != "" {
		if f, err := os.Create(path); err == nil {
			trace.Start(f)
			code := run()
			trace.Stop()
			f.Close()
			os.Exit(code)
		}
	}
	// GOPYC_MEMPROFILE=FILE writes a heap profile of what is live at the
	// end of the run (for tuning).
	if path := os.Getenv("GOPYC_MEMPROFILE"); path != "" {
		code := run()
		// The profile shows allocations up to the last completed cycle,
		// and a run may complete none.
		runtime.GC()
		if f, err := os.Create(path); err == nil {
			pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
		os.Exit(code)
	}
	// GOPYC_MEMSTATS=1 prints, when the run ends, the memory it allocated
	// beyond the ballast and the reservation: without collections, every
	// byte allocated is fresh memory, whose first touch is dear (tuning).
	if os.Getenv("GOPYC_MEMSTATS") != "" {
		code := run()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		const setup = ballastSize + reserveSize
		println("gopyc memstats: allocated", (m.TotalAlloc-setup)>>10, "KiB in", m.Mallocs, "objects; heap in use", (m.HeapInuse-ballastSize)>>10, "KiB; stacks", m.StackInuse>>10, "KiB; collections", m.NumGC)
		os.Exit(code)
	}
	os.Exit(run())
}

// ballast is held for the whole run (see main).
var ballast []byte

const ballastSize = 96 << 20

// memoryLimit is the runtime's soft memory limit, ballast included.
const memoryLimit = 224 << 20

// reserveSize is the heap grown up front to be backed by huge pages.
const reserveSize = 128 << 20

func run() int {
	return cli.Main(os.Args[1:], &cli.Env{
		Stdin:           os.Stdin,
		Stdout:          os.Stdout,
		Stderr:          os.Stderr,
		Getenv:          os.Getenv,
		Compile:         compileFile,
		HermeticCompile: compileHermetic,
		SourceLine:      sourceLine,
	})
}

func compileFile(src []byte, filename string, optimize int) (pyc.Compiled, []diag.Warning, error) {
	u, warns, err := compile.CompileUnit(src, filename, compile.Options{Optimize: optimize, ReadFile: os.ReadFile})
	return u, warns, err
}

// compileHermetic reads no file: SyntaxError text comes from src.
func compileHermetic(src []byte, filename string, optimize int) (pyc.Compiled, []diag.Warning, error) {
	u, warns, err := compile.CompileUnit(src, filename, compile.Options{Optimize: optimize})
	return u, warns, err
}

// sourceLine is linecache.getline as the warnings module calls it: the
// file decoded as tokenize.open does, "" when it cannot be read or decoded.
func sourceLine(filename string, lineno int) string {
	raw, err := os.ReadFile(filename)
	if err != nil {
		return ""
	}
	f, derr := source.Decode(raw, filename)
	if derr != nil || !utf8.ValidString(f.Src) {
		return ""
	}
	return f.Line(lineno)
}
