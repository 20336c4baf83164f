"""Matching vendor features to the requirements of a standard (see engine.py for how)."""

from gapcheck.matching.engine import MatchSettings, SpecIndex, match, prepare

__all__ = ["MatchSettings", "SpecIndex", "match", "prepare"]
