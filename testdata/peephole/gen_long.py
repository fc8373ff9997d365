"""Writes long.py: a function whose jumps span more than 255 bytes
(EXTENDED_ARG), one with a single line of more than 255 bytes of code (a 255
address step in co_lnotab, where the peephole optimizer gives up), one
with more than 256 constants, and one with deeply nested and/or. Run: python3 gen_long.py (any Python 3)."""
lines = ["def long_jumps(a, b):", "    while 1:", "        if a:"]
for i in range(60):
    lines.append("            b = b + %d * a" % i)
lines += ["        elif b:", "            break", "        a, b = b, a", "    return a and b or a", ""]
lines += ["def wide_line(v):", "    while 1:", "        x = [" + ", ".join(["v"] * 200) + "]", "        if x:",
          "            return x, (1, v)", ""]
rows = [", ".join(str((r * 15 + i) * 1.5) for i in range(15)) for r in range(20)]
lines += ["def many_consts():", "    t = [" + ",\n         ".join(rows) + "]",
          "    def g(a=450.0, b=451.5):", "        return a, b", "    while True:", "        if t:",
          "            return (t, 1.5, 3.0)", ""]
# Nested boolean operators: chains of conditional jumps to conditional
# jumps, which the optimizer threads one step per revisit.
expr = "a0"
for i in range(1, 40):
    expr = "(%s %s a%d)" % (expr, "and" if i % 3 else "or", i)
lines += ["def chains(%s):" % ", ".join("a%d" % i for i in range(40)), "    return " + expr, ""]
with open(__file__.replace("gen_long.py", "long.py"), "w") as f:
    f.write("\n".join(lines))
