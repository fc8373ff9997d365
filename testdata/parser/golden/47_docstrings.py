"""Module docstring."""
def f():
    """Function docstring."""
class C:
    """Class docstring.

    With more lines.
    """
    def m(self):
        'single quoted'
        return 1
def g():
    r'''raw docstring \d'''
