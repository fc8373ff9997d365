"""A tiny program compiled by gopyc in the README's example."""
from shapes import Circle, Square


def main():
    shapes = [Circle(1.5), Square(2)]
    for s in shapes:
        print(f"{s!r}: area {s.area():.3f}")
    print("total", round(sum(s.area() for s in shapes), 3))


if __name__ == "__main__":
    main()
