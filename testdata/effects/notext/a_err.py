# A SyntaxError without a text line.
x = "ÿ"
