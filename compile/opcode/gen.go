package opcode

// opcode.go is generated from CPython 3.8's Lib/opcode.py:
//go:generate sh -c "$(pyenv prefix 3.8.18)/bin/python3.8 -S gen_opcode.py > opcode.go && gofmt -w opcode.go"
