"""Foldline: structured YAML content to print-ready and screen-ready PDF leaflets."""

__version__ = "0.1.0"
