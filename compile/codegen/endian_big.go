//go:build !(386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm)

package codegen

// littleEndian is false on a big-endian machine, whose instr keeps arg's
// low byte last: emitBlocks writes a code unit a byte at a time.
const (
	littleEndian    = false
	littleEndianBit = 0 // littleEndian as a number
)
