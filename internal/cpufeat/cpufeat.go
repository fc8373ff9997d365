// Package cpufeat tells which optional x86-64 instructions the hand-written
// searches in compile/source and compile/scanner may use. The standard
// library keeps its own CPU flags internal, and golang.org/x/sys/cpu would
// be a dependency for two bits.
package cpufeat

// AVX2 reports that the CPU has AVX2 and the OS saves the YMM registers;
// POPCNT that it has POPCNT. Both are false on other architectures.
var AVX2, POPCNT = detect()
