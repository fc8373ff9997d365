[x for x in y]
[x for x in y if x]
[x for x in y if x if not x]
[x for x in y for y in z]
[(x, y) for x in a for y in b if x != y]
{x for x in y}
{x: y for x, y in z}
(x for x in y)
[x for x, in y]
[x for (x, y) in z]
[x for x in (lambda: y)]
[x for x in a if lambda: b]
[[y for y in x] for x in z]
{k: [v for v in vs] for k, vs in d.items()}
[x for x in (yield)] if False else None
