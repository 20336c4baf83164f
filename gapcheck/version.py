"""The version of gapcheck, in one place (setup.cfg reads it; outputs name their generator with it)."""

__version__ = "0.1.0"
