d = {'a': 1, 'b': 2}
d = {**x}
d = {**x, **y, 'z': 1}
d = {k: v for k, v in items}
d = {k: v for k in a for v in b if k}
s = {1, 2, 3}
s = {*x}
s = {x for x in y}
d = {
    'nested': {'dict': [1, 2, {3}]},
}
d = {1: 2,}
d = {(1, 2): [3, 4]}
