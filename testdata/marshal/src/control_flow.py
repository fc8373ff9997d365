def search(items, target):
    lo, hi = 0, len(items) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if items[mid] == target:
            return mid
        elif items[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    else:
        return -1


def handle(path):
    try:
        with open(path) as f:
            data = f.read()
    except FileNotFoundError as e:
        return None, e
    except (PermissionError, IsADirectoryError):
        raise
    else:
        return data, None
    finally:
        print("done")


def walrus(values):
    if (n := len(values)) > 10:
        return n
    return [y for x in values if (y := x * 2) > 3]


def posonly(a, b, /, c, *, d):
    return a, b, c, d
