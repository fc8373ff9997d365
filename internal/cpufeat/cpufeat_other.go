//go:build !amd64 || purego

package cpufeat

const probed = false

func detect() (avx2, popcnt bool) { return false, false }
