"""Shop Desk (小店工作台)."""

__version__ = "0.1.0"
