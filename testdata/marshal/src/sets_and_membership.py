def classify(x):
    if x in {1, 2, 3, 5, 7, 11, 13}:
        return "small prime"
    if x in {"a", "e", "i", "o", "u"}:
        return "vowel"
    if x in {1.5, 2.5, None, (1, 2), b"raw"}:
        return "odd one"
    if x not in {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"}:
        return "other"
    return "greek"


def loop():
    for k in {10, 20, 30}:
        yield k
    for k in [1, 2, 3]:
        yield k
