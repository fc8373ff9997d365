# A SyntaxError whose caret has nothing before it.
)
