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
	"strconv"
	"unicode/utf8"

	"github.com/gopyc/gopyc/cmd/gopyc/cli"
	"github.com/gopyc/gopyc/compile"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/internal/fdtable"
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
	// a run keeps little alive (about 25 MB of pools on the standard
	// library), but what it allocates beyond them is garbage. A collection
	// frees little of it and costs much (each cycle scans the pools again:
	// one late in a stdlib run cost ~160 M instructions and saved no
	// memory), so the collector is off and the soft memory limit (set
	// below) alone starts one, for larger trees and pathological inputs.
	// (Earlier versions raised the heap goal with a 96 MB ballast, which
	// cost ~2 ms of startup to allocate: the runtime records every page
	// of it.) GOGC set in the environment is obeyed.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(-1)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	if cli.LongRun(os.Args[1:]) {
		// Room for the descriptors a long run holds at once (see
		// package pyc's prefetcher and cache directories), made while
		// the run starts rather than when its opens need it (see
		// package fdtable).
		fdtable.Grow(1024)
		// GOPYC_HUGEPAGES=1 backs a long run's heap with huge pages,
		// which must be asked for before it grows (see package
		// hugeheap): three quarters of the memory limit, which hold a
		// stdlib run's heap (~33 MB) and the ten-times tree's (~75 MB).
		// Off by default: on a VM that hands freed memory back to its
		// host, each fresh 2 MB page costs ~5 ms to fault in, more than
		// the TLB misses it saves (session 44: with it, 0.23 s of system
		// time against 0.135 s, and a wall time 8% longer).
		if os.Getenv("GOPYC_HUGEPAGES") == "1" {
			hugeheap.Prepare(memoryLimit * 3 / 4)
		}
	}
	// The other CPU is idle while this one starts up: it can load the
	// table the first compilation needs (after Prepare, so that this
	// table, which every file reads at random, lies in any huge pages).
	go share.Preload()
	// GOPYC_CPUPROFILE=FILE writes a CPU profile of the run (for tuning).
	if path := os.Getenv("GOPYC_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			// GOPYC_CPUPROFILE_HZ=N samples N times a second rather
			// than pprof's 100, for finer line-level profiles of a run
			// that lasts half a second. pprof then warns that the rate
			// is already set.
			if hz, err := strconv.Atoi(os.Getenv("GOPYC_CPUPROFILE_HZ")); err == nil && hz > 0 {
				runtime.SetCPUProfileRate(hz)
			}
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
	// (without collections, every byte allocated
	// is fresh memory, whose first touch is dear) and how many files were
	// compiled twice after a wrong guess (tuning: a one-CPU cachegrind
	// run with a few of them counts ~20 M more instructions).
	if os.Getenv("GOPYC_MEMSTATS") != "" {
		code := run()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		println("gopyc memstats: allocated", m.TotalAlloc>>10, "KiB in", m.Mallocs, "objects; heap in use", m.HeapInuse>>10, "KiB; stacks", m.StackInuse>>10, "KiB; collections", m.NumGC, "; files compiled again", pyc.GuessMisses())
		os.Exit(code)
	}
	os.Exit(run())
}

// memoryLimit is the runtime's soft memory limit: a stdlib run allocates
// ~34 MB and never collects; the ten-times tree peaks at 105-110 MB.
const memoryLimit = 128 << 20

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
