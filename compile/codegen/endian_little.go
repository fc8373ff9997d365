//go:build 386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm

package codegen

// littleEndian tells emitBlocks that an instr's op and its arg's low byte
// are in code unit order (see instr).
const (
	littleEndian    = true
	littleEndianBit = 1 // littleEndian as a number
)
