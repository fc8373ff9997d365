# A malformed \N escape: decoding it imports unicodedata, then fails.
x = "\N{BULLET"
