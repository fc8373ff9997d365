# A SyntaxError whose caret sits under non-blank text.
def f(:
    pass
