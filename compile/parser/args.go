package parser

import (
	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/token"
)

func (p *parser) emptyArguments() *ast.Arguments {
	return node(&p.al.arguments, ast.Arguments{PosOnlyArgs: []*ast.Arg{}, Args: []*ast.Arg{}, KwOnlyArgs: []*ast.Arg{}, KwDefaults: []ast.Expr{}, Defaults: []ast.Expr{}})
}

// moveErrs moves the ast.c errors recorded since from to position m, for
// parts ast.c visits before others that come first in the source.
func (p *parser) moveErrs(from, m int) {
	if from < len(p.aerrs) && from != m {
		p.moveErrsNow(from, m)
	}
}

// moveErrsNow is moveErrs with errors to move: out of line, for the
// callers that inline moveErrs (most have none).
//
//go:noinline
func (p *parser) moveErrsNow(from, m int) {
	moved := append([]*diag.Error(nil), p.aerrs[from:]...)
	p.aerrs = p.aerrs[:from]
	rest := append([]*diag.Error(nil), p.aerrs[m:]...)
	p.aerrs = append(append(p.aerrs[:m], moved...), rest...)
}

// argumentsList parses typedargslist (typed, inside a def's parentheses)
// or varargslist (a lambda's), which the caller knows is present unless
// the current token is closer. It applies ast_for_arguments' checks.
//
// typedargslist: the parameters, in three phases: positional ones with
// an optional '/' after them, then '*' [tfpdef] and keyword-only ones,
// then '**' tfpdef; commas between, a trailing comma allowed.
//
// Most lists are positional parameters alone: this loop takes those, and
// argumentsRest the rest of a list with any other.
func (p *parser) argumentsList(typed bool, closer token.Kind) *ast.Arguments {
	if p.sc.Kind == closer {
		return p.emptyArguments()
	}
	p.push()
	listStart := p.sc.Start()
	abase, xbase := len(p.as), len(p.xs)
	foundDefault := false
	for p.isName() {
		foundDefault = p.positionalParam(typed, listStart, foundDefault)
		if p.sc.Kind != token.COMMA {
			// Field by field: a composite literal is built aside
			// and copied.
			args, ok := p.al.arguments.ready()
			if !ok {
				args = p.al.arguments.take()
			}
			args.Args = p.al.aa.make(p.as[abase:])
			args.Defaults = p.al.xa.make(p.xs[xbase:])
			args.PosOnlyArgs, args.Vararg, args.KwOnlyArgs = []*ast.Arg{}, nil, []*ast.Arg{}
			args.KwDefaults, args.Kwarg = []ast.Expr{}, nil
			p.as = cut(p.as, abase)
			p.xs = cut(p.xs, xbase)
			p.pop()
			return args
		}
		if !p.sc.Fast() { // next, spelt out: a hot site
			p.nextSlow()
		}
	}
	return p.argumentsRest(typed, listStart, abase, xbase, foundDefault)
}

// positionalParam parses a positional parameter with its default, if
// any, onto p.as and p.xs; foundDefault tells whether one before it had a
// default, and the result whether one so far has.
func (p *parser) positionalParam(typed bool, listStart token.Pos, foundDefault bool) bool {
	m1 := p.mark()
	a, _, _ := p.fpdef(typed, false)
	if p.sc.Kind == token.EQUAL {
		if !p.sc.Fast() { // next, spelt out: a hot site
			p.nextSlow()
		}
		m2 := p.mark()
		d := p.test()
		p.moveErrs(m2, m1)
		p.pushX(d)
		foundDefault = true
	} else if foundDefault {
		p.astErrorAt(m1, listStart, "non-default argument follows default argument")
	}
	p.as = append(p.as, a)
	return foundDefault
}

// argumentsRest continues argumentsList at a parameter that is not
// positional (or at its end after a trailing comma); the positional ones
// so far are on p.as from abase, their defaults on p.xs from xbase.
func (p *parser) argumentsRest(typed bool, listStart token.Pos, abase, xbase int, foundDefault bool) *ast.Arguments {
	args := p.emptyArguments()
	const (
		phasePos = iota
		phaseAfterSlash
		phaseKwOnly
		phaseDone
	)
	phase := phasePos
	// The parameters gather on p.as: positional-only ones (known at '/'),
	// positional ones, keyword-only ones; the defaults on p.xs: positional
	// ones, then one per keyword-only parameter (nil for none).
	posStart, kwStart := abase, -1
	kwxStart := -1
	for {
		switch {
		case p.isName() && phase != phaseDone:
			if phase == phaseKwOnly {
				m1 := p.mark()
				a, forbidden, fpos := p.fpdef(typed, true)
				if forbidden {
					p.astErr(fpos, "cannot assign to "+a.Arg)
				}
				var def ast.Expr
				if p.sc.Kind == token.EQUAL {
					p.next()
					m2 := p.mark()
					def = p.test()
					p.moveErrs(m2, m1)
				}
				p.as = append(p.as, a)
				p.pushX(def)
			} else {
				foundDefault = p.positionalParam(typed, listStart, foundDefault)
			}
		case p.sc.Kind == token.STAR && phase <= phaseAfterSlash:
			starPos := p.sc.Start()
			p.next()
			phase = phaseKwOnly
			kwStart, kwxStart = len(p.as), len(p.xs)
			if p.isName() {
				a, _, _ := p.fpdef(typed, false)
				args.Vararg = a
				break
			}
			// A bare '*' must be followed by keyword-only parameters.
			if p.sc.Kind != token.COMMA {
				p.astErr(starPos, "named arguments must follow bare *")
				break
			}
			p.next()
			switch {
			case p.isName():
			case p.sc.Kind == token.DOUBLESTAR:
				p.astErr(p.sc.Start(), "named arguments must follow bare *")
			default:
				p.astErr(starPos, "named arguments must follow bare *")
			}
			continue
		case p.sc.Kind == token.DOUBLESTAR && phase != phaseDone:
			p.next()
			if !p.isName() {
				p.syntaxError()
			}
			a, _, _ := p.fpdef(typed, false)
			args.Kwarg = a
			phase = phaseDone
		case p.sc.Kind == token.SLASH && phase == phasePos && len(p.as) > abase:
			p.next()
			posStart = len(p.as)
			phase = phaseAfterSlash
		default:
			goto done
		}
		if p.sc.Kind != token.COMMA {
			break
		}
		p.next()
	}
done:
	if kwStart < 0 {
		kwStart, kwxStart = len(p.as), len(p.xs)
	}
	args.PosOnlyArgs = p.al.aa.make(p.as[abase:posStart])
	args.Args = p.al.aa.make(p.as[posStart:kwStart])
	args.KwOnlyArgs = p.al.aa.make(p.as[kwStart:])
	args.Defaults = p.al.xa.make(p.xs[xbase:kwxStart])
	args.KwDefaults = p.al.xa.make(p.xs[kwxStart:])
	p.as = cut(p.as, abase)
	p.xs = cut(p.xs, xbase)
	p.pop()
	return args
}

// fpdef parses tfpdef: NAME [':' test] (typed) or vfpdef: NAME. It checks
// the name as ast_for_arg does, unless delay asks the caller to (keyword-
// only parameters check the name after the annotation); nameOnly gives the
// node the position of the name alone, as ast.c does for keyword-only
// parameters.
func (p *parser) fpdef(typed, kwonly bool) (*ast.Arg, bool, token.Pos) {
	p.push()
	start := p.sc.Start()
	nameEnd := p.sc.End()
	a, ok := p.al.args.ready()
	if !ok {
		a = p.al.args.take()
	}
	a.Arg, a.Annotation, a.TypeComment = p.ident(), nil, ""
	forbidden := nameForbidden(a.Arg, false)
	if forbidden && !kwonly {
		p.astErr(start, "cannot assign to "+a.Arg)
	}
	if !p.sc.Fast() {
		p.nextSlow()
	}
	if typed && p.sc.Kind == token.COLON {
		p.next()
		a.Annotation = p.test()
	}
	if kwonly {
		a.Pos = span(start, nameEnd)
	} else {
		a.Pos = span(start, p.sc.PrevPos())
	}
	p.pop()
	return a, forbidden && kwonly, start
}
