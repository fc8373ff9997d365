"""Module docstring."""


def f():
    """Function docstring."""
    return "not a docstring"


class K:
    """Class docstring."""

    def m(self):
        "Method docstring."
        assert self, "assertion message"
