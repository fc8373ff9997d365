from __future__ import print_function
print("a", "b", sep=", ", end="\n")
print()
print(*[1, 2])
