package astopt

import "math"

// glibcHypot is hypot(x, y) as glibc 2.36's hypot (hypot@GLIBC_2.35, the
// rewrite after Borges' "An Improved Algorithm for hypot(a,b)") computes
// it on x86-64, bit for bit, for every x and y. x86-64 has no multiarch
// variant of hypot, so the library's only copy is built for the baseline
// ISA, without fma: it takes the correction path (sqrt of the sum of
// squares, then one Newton-like step on the rounding error), not the fma
// one. Its machine code has no fused operation; every product here is
// wrapped in float64() so that Go cannot fuse one either.
//
// Special cases as glibc: an infinite argument gives +Inf even when the
// other is NaN; otherwise a NaN gives x+y (a NaN). For finite arguments the
// result overflows to +Inf only when the true value exceeds the largest
// double, and then glibc sets errno to ERANGE; it sets nothing else (a
// subnormal result raises the underflow flag, not errno).
func glibcHypot(x, y float64) float64 {
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		// glibc returns x+y instead if either is a signalling NaN; Go
		// cannot carry one through a float64 argument reliably, and
		// Python never makes one.
		return math.Inf(1)
	}
	if math.IsNaN(x) {
		return math.Float64frombits(math.Float64bits(x) | 1<<51) // x+y on x86
	}
	if math.IsNaN(y) {
		return math.Float64frombits(math.Float64bits(y) | 1<<51)
	}
	const (
		scale = 0x1p-600
		large = 0x1p+511
		tiny  = 0x1p-459
		eps   = 0x1p-54
	)
	x, y = math.Abs(x), math.Abs(y)
	ax, ay := x, y
	if x < y {
		ax, ay = y, x
	}
	if ax > large {
		if ay <= float64(ax*eps) {
			return ax + ay
		}
		return float64(hypotKernel(float64(ax*scale), float64(ay*scale)) * 0x1p600)
	}
	if ay < tiny {
		if ax >= float64(ay*0x1p54) {
			return ax + ay
		}
		return float64(hypotKernel(float64(ax*0x1p600), float64(ay*0x1p600)) * scale)
	}
	if ay <= float64(ax*eps) {
		return ax + ay
	}
	return hypotKernel(ax, ay)
}

// hypotKernel is sqrt(ax*ax + ay*ay) for ax >= ay >= 0 whose squares
// neither overflow nor underflow, corrected by the rounding error of the
// sum of squares, which is worked out exactly in two parts t1 and t2.
// (Products by 2 and 4 are exact; the others are kept from fusing.)
func hypotKernel(ax, ay float64) float64 {
	h := math.Sqrt(float64(ax*ax) + float64(ay*ay))
	var t1, t2 float64
	if h <= 2*ay {
		delta := h - ay
		t1 = float64(ax * (2*delta - ax))
		t2 = float64((delta - 2*(ax-ay)) * delta)
	} else {
		delta := h - ax
		t1 = float64(2 * delta * (ax - 2*ay))
		t2 = float64(float64((float64(4*delta)-ay)*ay) + float64(delta*delta))
	}
	return h - (t1+t2)/(2*h)
}
