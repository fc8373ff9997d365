//go:build amd64 && !purego

#include "textflag.h"

// func tripleStopAVX2(p *byte, n int, q byte) (stop, lines int, nonASCII bool)
TEXT ·tripleStopAVX2(SB), NOSPLIT, $0-41
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), BX
	MOVBLZX q+16(FP), AX
	MOVL AX, X0
	VPBROADCASTB X0, Y0 // the quote
	MOVL $0x5c, AX
	MOVL AX, X1
	VPBROADCASTB X1, Y1 // backslash
	MOVL $0x0a, AX
	MOVL AX, X2
	VPBROADCASTB X2, Y2 // newline
	VPXOR Y3, Y3, Y3    // the or of the bytes passed
	XORQ R9, R9         // newlines passed
	MOVQ SI, DI
	LEAQ -32(SI)(BX*1), R11 // the last whole block's start

loop:
	CMPQ DI, R11
	JHI none
	VMOVDQU (DI), Y4
	VPCMPEQB Y0, Y4, Y5
	VPCMPEQB Y1, Y4, Y6
	VPOR Y5, Y6, Y5
	VPMOVMSKB Y5, DX
	VPCMPEQB Y2, Y4, Y6
	VPMOVMSKB Y6, CX
	TESTL DX, DX
	JNZ hit
	POPCNTL CX, CX
	ADDQ CX, R9
	VPOR Y4, Y3, Y3
	ADDQ $32, DI
	JMP loop

hit:
	BSFL DX, DX
	MOVL CX, R10 // the block's newlines
	MOVL DX, CX
	MOVQ $1, R8
	SHLQ CX, R8
	DECQ R8      // the bytes before the stop
	ANDQ R8, R10
	POPCNTQ R10, R10
	ADDQ R10, R9
	VPMOVMSKB Y4, R10
	ANDQ R8, R10
	VPMOVMSKB Y3, AX
	ORL R10, AX
	SUBQ SI, DI
	ADDQ DX, DI
	MOVQ DI, stop+24(FP)
	MOVQ R9, lines+32(FP)
	TESTL AX, AX
	SETNE nonASCII+40(FP)
	VZEROUPPER
	RET

none:
	VPMOVMSKB Y3, AX
	SUBQ SI, DI
	MOVQ DI, stop+24(FP)
	MOVQ R9, lines+32(FP)
	TESTL AX, AX
	SETNE nonASCII+40(FP)
	VZEROUPPER
	RET
