"""Builders and fixtures the tests share (pytest puts tests/ on sys.path, so `from support.files import SPECS`)."""
