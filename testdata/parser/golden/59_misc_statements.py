import sys; x = 1
if __name__ == "__main__":
    main()
print("hello", file=sys.stderr)
x = y = [] if z else {}
a = b, = c
for _ in range(3): pass
with a: pass
while 0: pass
del a[b:c]
