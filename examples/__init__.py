"""Runnable course programs: `python -m examples.<name> --help`."""
