//go:build amd64 && !purego

#include "textflag.h"

// For VPSHUFB, by a byte's low four bits (per 128-bit lane): NUL at 0,
// '\r' at 13, and at every other index a byte whose low four bits differ
// from the index. A byte equals its looked-up value only if it is NUL or
// '\r' (VPSHUFB gives 0 for a byte with its high bit set).
DATA nulcrTable<>+0x00(SB)/8, $0xffffffffffffff00
DATA nulcrTable<>+0x08(SB)/8, $0xffff0dffffffffff
DATA nulcrTable<>+0x10(SB)/8, $0xffffffffffffff00
DATA nulcrTable<>+0x18(SB)/8, $0xffff0dffffffffff
GLOBL nulcrTable<>(SB), RODATA|NOPTR, $32

// func indexNulCRAVX2(p *byte, n int) int
// n >= 32. Two instructions test 32 bytes (the loads are their memory
// operands); 128 bytes go to a loop test.
TEXT ·indexNulCRAVX2(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), BX
	VMOVDQU nulcrTable<>(SB), Y0
	MOVQ SI, DI
	CMPQ BX, $128
	JLT blocks32
	LEAQ -128(SI)(BX*1), R11 // the last whole 128-byte block's start

loop128:
	VPSHUFB (DI), Y0, Y1
	VPCMPEQB (DI), Y1, Y1
	VPSHUFB 32(DI), Y0, Y2
	VPCMPEQB 32(DI), Y2, Y2
	VPSHUFB 64(DI), Y0, Y3
	VPCMPEQB 64(DI), Y3, Y3
	VPSHUFB 96(DI), Y0, Y4
	VPCMPEQB 96(DI), Y4, Y4
	VPOR Y1, Y2, Y1
	VPOR Y3, Y4, Y3
	VPOR Y1, Y3, Y1
	VPTEST Y1, Y1
	JNZ blocks32 // found in this block: the loop below says where
	ADDQ $128, DI
	CMPQ DI, R11
	JLS loop128

blocks32:
	LEAQ -32(SI)(BX*1), R11 // the last 32 bytes' start

loop32:
	CMPQ DI, R11
	JHI last
	VPSHUFB (DI), Y0, Y1
	VPCMPEQB (DI), Y1, Y1
	VPMOVMSKB Y1, DX
	TESTL DX, DX
	JNZ found
	ADDQ $32, DI
	JMP loop32

last:
	// The last 32 bytes, overlapping some already searched.
	MOVQ R11, DI
	VPSHUFB (DI), Y0, Y1
	VPCMPEQB (DI), Y1, Y1
	VPMOVMSKB Y1, DX
	TESTL DX, DX
	JNZ found
	VZEROUPPER
	MOVQ $-1, ret+16(FP)
	RET

found:
	BSFL DX, DX
	SUBQ SI, DI
	ADDQ DI, DX
	MOVQ DX, ret+16(FP)
	VZEROUPPER
	RET
