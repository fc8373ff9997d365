// Package parser turns Python 3.8 source into a compile/ast tree with
// CPython 3.8's positions and SyntaxErrors.
//
// The parser is hand-written recursive descent, one function per
// nonterminal of 3.8's Grammar/Grammar, taking the same one-token decisions
// as CPython's LL(1) engine, so a syntax error is reported at the very token
// where CPython's parser gets stuck. The tree is built directly, following
// Python/ast.c's construction rules and positions; the checks ast.c makes
// are recorded while parsing and reported only when the whole file parsed,
// as in CPython, where ast.c runs after the parser.
package parser

import (
	"strings"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/scanner"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/compile/token"
)

// ParseFile decodes src (raw file bytes, PEP 263) and parses it as a module
// ("exec" mode), as compile(src, filename, "exec", PyCF_ONLY_AST) does in
// CPython 3.8. The error, when not nil, is a *diag.Error with CPython's
// class, message, line, offset and text. For the errors ast.c raises,
// CPython rereads SyntaxError.text from the file named filename; ParseFile
// takes it from src, as if that file held src (the compileall case).
//
// The warnings are the DeprecationWarnings ("invalid escape sequence")
// CPython emits while building the tree, in its order; they are returned
// with a tree and with an ast.c error (those emitted before it), not with
// a tokenizer or grammar error, which stops CPython before it builds the
// tree.
func ParseFile(src []byte, filename string) (*ast.Module, []diag.Warning, error) {
	f, derr := source.Decode(src, filename)
	if derr != nil {
		return nil, nil, finishError(derr)
	}
	p := &parser{state: state{raw: src, filename: filename}, al: allocs{c: new(Constants)}}
	return p.parseFile(f)
}

// A Parser parses one file after another and reuses the memory of its
// trees: ParseFile recycles the nodes of the tree the previous call
// returned, so that tree must no longer be in use. The constants in a tree
// (the marshal objects code objects keep) are recycled only through
// Constants, and the warnings and errors never are. The zero value is
// ready to use; a Parser is for one goroutine at a time.
type Parser struct {
	p parser
	// Constants, when set, is where the next tree's constants are
	// allocated (see Constants); nil gives each tree new ones.
	Constants *Constants

	file source.File // the file of the last tree
	held bool        // p holds stacks taken from spareStacks
}

// ParseFile is the package's ParseFile, but recycles the previous tree.
func (ps *Parser) ParseFile(src []byte, filename string) (*ast.Module, []diag.Warning, error) {
	c := ps.Constants
	if c == nil {
		c = new(Constants)
	} else if !c.shared() {
		// The caller recycles c (see Constants): its first tree's
		// chunks are worth keeping too.
		c.Reset()
	}
	// The text is the Constants' memory, not the Parser's: the code's
	// names and strings may share it.
	f := &ps.file
	ps.p.decNamed, ps.p.decNames = false, nil // nothing decoded yet (see Decoded)
	if derr := source.DecodeReuse(f, src, filename, &c.src); derr != nil {
		return nil, nil, finishError(derr)
	}
	p := &ps.p
	p.al.reset(c)
	p.resetSubs()
	p.dropXs()
	if !ps.held {
		p.takeStacks()
		ps.held = true
	}
	p.begin(state{raw: src, filename: filename})
	if p.mod == nil {
		p.mod = new(ast.Module)
	}
	mod, warns, err := p.parseFile(f)
	if de, ok := err.(*diag.Error); ok {
		// The error outlives the Constants' next Reset, after which
		// the decoded text its strings may share is the next file's.
		de.Msg, de.Text = strings.Clone(de.Msg), strings.Clone(de.Text)
	}
	return mod, warns, err
}

// Decoded reports what CPython's tree builder (ast.c) decoded of the last
// file before it stopped: everything when the file parsed; what came before
// the first ast.c error when one stopped it; nothing after an error of the
// grammar, the tokenizer or the decoder, which come before the tree is
// built. namedEscape: a str literal (neither raw nor bytes) had a \N
// escape; nonASCIINames: the names with a non-ASCII character, in order.
// Either makes CPython import unicodedata.
func (ps *Parser) Decoded() (namedEscape bool, nonASCIINames []string) {
	return ps.p.decNamed, ps.p.decNames
}

// Release gives the memory of the last tree's nodes back for any Parser's
// next tree, which ParseFile otherwise does only at this Parser's next
// call: a Parser idle in a pool would keep a tree's worth of chunks that
// the Parsers at work then allocate anew. The tree must no longer be in
// use; its constants are not the Parser's (see Constants).
func (ps *Parser) Release() {
	ps.p.al.reset(nil)
	ps.p.resetSubs()
	ps.p.dropXs()
	if ps.held {
		ps.p.giveStacks()
		ps.held = false
	}
}

func (p *parser) parseFile(f *source.File) (*ast.Module, []diag.Warning, error) {
	p.sc.Init(f)
	mod, warns, err := p.parseModule()
	if err != nil {
		return nil, warns, finishError(err)
	}
	return mod, warns, nil
}

// maxStack is the depth of CPython's parser stack (Parser/parser.h
// MAXSTACK): one entry per nonterminal being parsed, file_input included.
const maxStack = 1700

// keyword codes of NAME tokens, which the scanner classifies (see
// token.Keyword).
const (
	kwNone     = token.NoKeyword
	kwFalse    = token.KwFalse
	kwNoneLit  = token.KwNone
	kwTrue     = token.KwTrue
	kwAnd      = token.KwAnd
	kwAs       = token.KwAs
	kwAssert   = token.KwAssert
	kwBreak    = token.KwBreak
	kwClass    = token.KwClass
	kwContinue = token.KwContinue
	kwDef      = token.KwDef
	kwDel      = token.KwDel
	kwElif     = token.KwElif
	kwElse     = token.KwElse
	kwExcept   = token.KwExcept
	kwFinally  = token.KwFinally
	kwFor      = token.KwFor
	kwFrom     = token.KwFrom
	kwGlobal   = token.KwGlobal
	kwIf       = token.KwIf
	kwImport   = token.KwImport
	kwIn       = token.KwIn
	kwIs       = token.KwIs
	kwLambda   = token.KwLambda
	kwNonlocal = token.KwNonlocal
	kwNot      = token.KwNot
	kwOr       = token.KwOr
	kwPass     = token.KwPass
	kwRaise    = token.KwRaise
	kwReturn   = token.KwReturn
	kwTry      = token.KwTry
	kwWhile    = token.KwWhile
	kwWith     = token.KwWith
	kwYield    = token.KwYield
)

// bailout is panicked to abandon the parse; the error is in parser.err.
type bailout struct{}

type parser struct {
	sc scanner.Scanner

	// The current token is p.sc's Kind, text offsets Off and EndOff
	// (positions Start and End) and keyword code Kw, read in place; the
	// last consumed token ends at p.sc's PrevEnd (PrevPos).
	depth int // parser stack depth, as CPython's pgen stack

	// The state of one parse is cleared by begin. The fields inlined
	// methods read are the parser's own (one in state costs them a node
	// of the inlining budget); the rest are in state.
	aerrs []*diag.Error // ast.c errors, in ast.c's visiting order
	warns []diag.Warning
	// frozen: an ast.c error is final (a later statement cannot come first
	// in ast.c's order), so later ones need not be recorded.
	frozen bool
	// warnCut is len(warns) when the first ast.c error was recorded:
	// ast.c stops there, so later warnings never happen. cutNamed and
	// cutNames are what the scanner had seen then, decNamed and decNames
	// what Decoded reports.
	warnCut  int
	cutNamed bool
	cutNames int
	decNamed bool
	decNames []string
	// rawNames are the spans of the dotted names of import statements
	// with more than one part: ast.c joins their bytes without making
	// identifiers of the parts, so their non-ASCII names are never
	// NFKC-normalised and import nothing.
	rawNames [][2]int32
	// seeds counts the nodes built so far that constant folding may
	// change (see seed).
	seeds int
	state

	// The memory after this is kept from parse to parse.

	al allocs

	xs    []ast.Expr            // scratch stack of list elements
	ss    []ast.Stmt            // the innermost suite's open list (see pushS)
	sl    [maxSuites][]ast.Stmt // each suite depth's statement stack
	sd    int                   // the number of open suites (file_input's included)
	sdTop int                   // the most open suites a chunk was taken at
	ks    []*ast.Keyword        // scratch stack of call keywords
	as    []*ast.Arg            // scratch stack of parameters
	tx    []byte                // scratch stack of joined string pieces (strAtom)
	stoks []strTok              // scratch stack of an atom's STRING tokens
	fold  []ast.Stmt            // Module.Fold (see seed)

	sub *parser     // the parser of f-string expressions (fstringCompile)
	mod *ast.Module // the Module of a Parser's trees
}

// state is the part of a parser that begin clears.
type state struct {
	raw      []byte // the file's bytes, for the text of ast.c errors
	filename string

	err *diag.Error // the parse error that stopped parsing

	// noText: ast.c errors carry no text (f-string expressions, whose
	// file name "<fstring>" CPython cannot reread).
	noText bool

	file source.File // the text a sub parser parses
	move locMover    // moves the sub parser's trees (fstringCompile)
}

// begin readies p for a parse with state st, keeping its memory: a
// struct literal of the whole parser would clear and copy its 8 KB
// (allocs and the Scanner's stacks) for every file and f-string.
func (p *parser) begin(st state) {
	// Only a parse that bailed out leaves entries on the stacks (cut
	// clears the rest).
	clear(p.xs)
	clear(p.ks)
	clear(p.as)
	p.depth, p.aerrs, p.warns, p.frozen, p.warnCut, p.seeds = 0, nil, nil, false, 0, 0
	p.state = st
	p.xs, p.ks, p.as = p.xs[:0], p.ks[:0], p.as[:0]
	p.dropSs()
	p.tx, p.stoks, p.fold = p.tx[:0], p.stoks[:0], p.fold[:0]
}

func (p *parser) parseModule() (mod *ast.Module, warns []diag.Warning, err *diag.Error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			mod, warns, err = nil, nil, p.err
		}
	}()
	p.warnCut = -1
	p.decNamed, p.decNames = false, nil
	p.rawNames = p.rawNames[:0]
	p.next()
	p.depth = 1
	body := p.fileInput()
	if len(p.aerrs) > 0 {
		w := p.warns
		if p.warnCut >= 0 && p.warnCut < len(w) {
			w = w[:p.warnCut]
		}
		p.decNamed, p.decNames = p.cutNamed, p.normalisedNames(p.cutNames)
		return nil, w, p.finishAstError(p.aerrs[0])
	}
	p.decNamed, p.decNames = p.sc.NamedEscapes(), p.normalisedNames(len(p.sc.NonASCIINameTexts()))
	mod = p.mod // a Parser's, recycled with the tree
	if mod == nil {
		mod = new(ast.Module)
	}
	if p.fold == nil {
		p.fold = []ast.Stmt{} // known to have nothing to fold
	}
	*mod = ast.Module{Body: body, TypeIgnores: []*ast.TypeIgnore{}, Fold: p.fold,
		NamedEscape: p.sc.NamedEscapes(), NonASCIINames: p.decNames}
	return mod, p.warns, nil
}

// next advances to the next token: most tokens cost the one call to the
// scanner's Fast, which needs no stack frame; nextSlow takes the others.
// Its two calls are past the inliner's budget, so the hottest call sites
// (90% of the tokens) spell it out.
func (p *parser) next() {
	if !p.sc.Fast() {
		p.nextSlow()
	}
}

// nextSlow is next for a token Fast declined: Slow scans any token,
// reporting false for ERRORTOKEN. Out of line: it would make next's
// copies larger.
//
//go:noinline
func (p *parser) nextSlow() {
	if !p.sc.Slow() {
		p.err = p.sc.Err()
		panic(bailout{})
	}
}

// text returns the current token's text.
func (p *parser) text() string { return p.sc.TextAt(int(p.sc.Off), int(p.sc.EndOff)) }

// syntaxError stops the parse at the current token as CPython's parser
// does when no arc accepts it.
func (p *parser) syntaxError() {
	class, msg := "SyntaxError", "invalid syntax"
	switch p.sc.Kind {
	case token.INDENT:
		class, msg = "IndentationError", "unexpected indent"
	case token.DEDENT:
		class, msg = "IndentationError", "unexpected unindent"
	}
	p.err = p.sc.ParseError(class, msg)
	panic(bailout{})
}

// expectIndent is the error after the NEWLINE of a block header: the one
// token CPython's parser can take there is INDENT. A character that is no
// token of the grammar (OP: "$", "?", "!", "`") fails before the parser
// records what it expected, so CPython reports plain invalid syntax.
func (p *parser) expectIndent() {
	if p.sc.Kind == token.OP {
		p.syntaxError()
	}
	p.err = p.sc.ParseError("IndentationError", "expected an indented block")
	panic(bailout{})
}

func (p *parser) expect(k token.Kind) {
	if p.sc.Kind != k {
		p.syntaxError()
	}
	if !p.sc.Fast() {
		p.nextSlow()
	}
}

func (p *parser) expectKw(kw int) {
	if int(p.sc.Kw) != kw {
		p.syntaxError()
	}
	p.next()
}

// push and pop track CPython's parser stack; too deep a nesting is the
// MemoryError CPython raises when that stack overflows.
func (p *parser) push() {
	p.depth++
	if p.depth > maxStack {
		p.overflow()
	}
}

// overflow stops the parse when the parser stack is too deep; out of line
// so that push inlines.
func (p *parser) overflow() {
	if p.sc.AtEOF() {
		p.err = p.sc.ParseError("SyntaxError", "invalid syntax")
	} else {
		p.err = &diag.Error{Class: "MemoryError", Filename: p.filename, Stderr: "s_push: parser stack overflow\n"}
	}
	panic(bailout{})
}

func (p *parser) pop() { p.depth-- }

// enter is push without the overflow check, for an entry that cannot
// overflow where push's check would fail: either the entry is a
// statement's (stmt, simple_stmt, small_stmt, expr_stmt, suite,
// compound_stmt: a statement nests in at most MaxIndent blocks of a few
// entries each, far below maxStack), or a deeper entry is checked at the
// same token, before the next is read, with the same error.
func (p *parser) enter() { p.depth++ }

// isName reports whether the current token is a NAME that is no keyword.
func (p *parser) isName() bool { return p.sc.KindKw() == uint16(token.NAME) }

// ---- ast.c errors ----

// normalisedNames returns the first n non-ASCII names the scanner saw
// less those in rawNames: the names ast.c NFKC-normalises.
func (p *parser) normalisedNames(n int) []string {
	names := p.sc.NonASCIINameTexts()[:n]
	if len(p.rawNames) == 0 {
		return names
	}
	offs := p.sc.NonASCIINameOffsets()
	var kept []string
	for i, name := range names {
		raw := false
		for _, r := range p.rawNames {
			if r[0] <= offs[i] && offs[i] < r[1] {
				raw = true
				break
			}
		}
		if !raw {
			kept = append(kept, name)
		}
	}
	return kept
}

// mark returns a position in the ast.c error list, for checks ast.c makes
// before it visits children that this parser has already built.
func (p *parser) mark() int { return len(p.aerrs) }

// cut notes, at the first ast.c error recorded, what ast.c has done by the
// time it stops there: the warnings it issued and the strings and names it
// decoded (see Decoded).
func (p *parser) cut() {
	p.warnCut = len(p.warns)
	p.cutNamed, p.cutNames = p.sc.NamedEscapes(), len(p.sc.NonASCIINameTexts())
}

// astErrorAt records an ast.c error at CST position pos, inserted at mark m.
func (p *parser) astErrorAt(m int, pos token.Pos, msg string) {
	if p.frozen {
		return
	}
	e := p.astError(pos, msg)
	if len(p.aerrs) == 0 {
		p.cut()
	}
	p.aerrs = append(p.aerrs, nil)
	copy(p.aerrs[m+1:], p.aerrs[m:])
	p.aerrs[m] = e
}

func (p *parser) astErr(pos token.Pos, msg string) { p.astErrorAt(len(p.aerrs), pos, msg) }

// truncate drops ast.c errors recorded since m (for subtrees ast.c never
// visits).
func (p *parser) truncate(m int) {
	if len(p.aerrs) > m {
		p.aerrs = p.aerrs[:m]
		if m == 0 {
			p.warnCut = -1
		}
	}
}

// astError builds the SyntaxError ast.c's ast_error raises: the offset is
// the node's byte column plus one. Its text, the line as CPython rereads it
// from the file, is filled in by finishAstError for the error reported.
func (p *parser) astError(pos token.Pos, msg string) *diag.Error {
	return &diag.Error{Class: "SyntaxError", Msg: msg, Filename: p.filename, Lineno: int(pos.Line), Offset: int(pos.Col) + 1}
}

func (p *parser) finishAstError(e *diag.Error) *diag.Error {
	if !p.noText && e.Filename == p.filename && !e.HasText {
		e.Text, e.HasText = diag.ProgramText(p.raw, e.Lineno)
	}
	return e
}

func (p *parser) warn(line int, msg string) {
	if p.frozen {
		return
	}
	p.warns = append(p.warns, diag.Warning{Category: "DeprecationWarning", Msg: msg, Filename: p.filename, Lineno: line})
}

// finishError applies what SyntaxError's constructor does to the message:
// the "Missing parentheses in call to 'print'" rewrite.
func finishError(e *diag.Error) error {
	if e.Class == "SyntaxError" && e.HasText {
		rewriteLegacy(e)
	}
	return e
}

// ---- what constant folding may change ----

// beginStmt starts a statement; endStmt lists it in Module.Fold once it
// is built if a node in it (nested statements included) may fold.
func (p *parser) beginStmt() (seeds int) { return p.seeds }

func (p *parser) endStmt(seeds int, s ast.Stmt) {
	if p.seeds != seeds {
		p.fold = append(p.fold, s)
	}
}

// constish reports whether astopt may make e a constant: a constant, or
// a node of a kind it folds (over-approximated by kind alone).
func constish(e ast.Expr) bool {
	switch n := e.(type) {
	case *ast.Constant, *ast.BinOp, *ast.UnaryOp, *ast.Subscript, *ast.Tuple:
		return true
	case *ast.Name:
		return n.Id == "__debug__"
	}
	return false
}

// seedIf counts a node that astopt may change when cond holds.
func (p *parser) seedIf(cond bool) {
	if cond {
		p.seeds++
	}
}

// seedTuple counts a tuple whose elements may all be constants.
func (p *parser) seedTuple(elts []ast.Expr) {
	for _, e := range elts {
		if !constish(e) {
			return
		}
	}
	p.seeds++
}

// seedIter counts an iterable astopt rewrites (for loops, comprehensions,
// the right operand of in and not in): a list or set display.
func (p *parser) seedIter(e ast.Expr) {
	switch e.(type) {
	case *ast.List, *ast.Set:
		p.seeds++
	}
}
