from .base import Shape
from .flat import Circle, Square

__all__ = ["Shape", "Circle", "Square"]
