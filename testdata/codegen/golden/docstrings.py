"""Module doc."""
def f():
    """Function doc."""
    return 1
def g():
    "not a docstring after statement"
class C:
    """Class doc."""
    def m(self):
        """Method doc."""
def h():
    1
    """not doc"""
