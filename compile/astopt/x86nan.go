package astopt

import "math"

// Folded floats must carry the bits CPython's machine code gives them,
// NaNs included, since marshal writes a NaN's sign. On x86-64 an operation
// with one NaN operand returns that NaN, one with two returns its first
// source operand's (the register the result overwrites), and an invalid
// operation on numbers (inf-inf, 0*inf, inf/inf, 0/0) returns the default
// NaN, sign bit set. Which operand of a commutative + or * comes first is
// GCC's choice at each site of CPython's code, measured with python3.8
// (TestArithmeticAgainstCPython); Go's compiler chooses for itself, so
// these helpers take the operand that is kept as their first argument.
// Plain Go arithmetic is used where at most one operand can be a NaN.

// defaultNaN is the NaN x86 makes from an invalid operation.
var defaultNaN = math.Float64frombits(0xfff8000000000000)

// nanOf returns the NaN x86 keeps, first's before second's, and false
// when neither is a NaN.
func nanOf(first, second float64) (float64, bool) {
	if first != first {
		return first, true
	}
	if second != second {
		return second, true
	}
	return 0, false
}

// The float64 conversions keep Go from fusing a multiply with an add.

func addKeep(first, second float64) float64 {
	if n, ok := nanOf(first, second); ok {
		return n
	}
	return first + second
}

func mulKeep(first, second float64) float64 {
	if n, ok := nanOf(first, second); ok {
		return n
	}
	return float64(first * second)
}

func sub(a, b float64) float64 {
	if n, ok := nanOf(a, b); ok {
		return n
	}
	return a - b
}

func div(a, b float64) float64 {
	if n, ok := nanOf(a, b); ok {
		return n
	}
	return a / b
}

// fmod is C's fmod as glibc computes it: exact, x's sign; a NaN operand
// comes back (x's first); an infinite x or a zero y gives the default NaN.
func fmod(x, y float64) float64 {
	if n, ok := nanOf(x, y); ok {
		return n
	}
	if math.IsInf(x, 0) || y == 0 {
		return defaultNaN
	}
	return math.Mod(x, y)
}
