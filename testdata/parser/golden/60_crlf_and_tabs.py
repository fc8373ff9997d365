if x:
	y = 1
	if z:
		w = 2
else:
	pass
def f(a,
	b):
	return a
