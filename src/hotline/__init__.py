"""Hotline: the four-stage method (四阶编辑沟通法) for 12345 government service hotlines."""

__version__ = "0.1.0"
