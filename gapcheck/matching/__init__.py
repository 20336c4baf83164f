"""Matching vendor features to the requirements of a standard (see engine.py for how)."""

from gapcheck.matching.engine import Explained, MatchSettings, SpecIndex, explain, match, prepare, wordings

__all__ = ["Explained", "MatchSettings", "SpecIndex", "explain", "match", "prepare", "wordings"]
