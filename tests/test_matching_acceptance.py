"""The acceptance model's precision curve (gapcheck/matching/acceptance.py): from which probability on
the matcher accepts by itself, for the precision a user asks for."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
from support.real_spec import blind_eval

from gapcheck.matching.acceptance import BOUND, DATA, Acceptance, precision_curve


def pairs(rights: dict[str, list[int]], probability: float = 0.9):
    """Every pair at one probability: per catalog, whether each was right."""
    groups = np.array([name for name, marks in rights.items() for _ in marks])
    y = np.array([mark for marks in rights.values() for mark in marks])
    return np.full(len(y), probability), y, groups


def test_the_curve_bounds_precision_by_how_much_the_catalogs_disagree():
    # ten catalogs, 90 % right pooled either way
    alike = {f"C{n}": [1] * 9 + [0] for n in range(10)}
    apart = {f"C{n}": [1] * 10 if n % 2 else [1] * 8 + [0] * 2 for n in range(10)}
    [(_, agreeing, share)] = precision_curve(*pairs(alike))
    [(_, disagreeing, _)] = precision_curve(*pairs(apart))
    assert share == 1.0 and agreeing == pytest.approx(0.9)
    # catalogs at 100 % and 80 %: 0.1 from the pooled 0.9 each, a standard error of 1/30
    assert disagreeing == pytest.approx(0.9 - BOUND * np.sqrt(0.1 * 10 / 9) / 10)


def test_each_catalog_weighs_the_same_however_many_pairs_it_has():
    big = {"big": [1] * 90, "small": [0] * 10}
    probability, y, groups = pairs(big)
    [(_, measured, _)] = precision_curve(probability, y, groups)
    assert measured < 0.5  # pooled by pair 0.9; by catalog 0.5, less the spread of two catalogs


def test_the_threshold_is_the_lowest_probability_whose_bound_reaches_the_precision_asked():
    probability = np.array([0.99] * 20 + [0.8] * 20 + [0.6] * 20)
    y = np.array([1] * 20 + [1] * 19 + [0] + [1] * 12 + [0] * 8)
    groups = np.array([f"C{n % 10}" for n in range(60)])
    curve = tuple(precision_curve(probability, y, groups))
    model = Acceptance(np.zeros(1), np.ones(1), np.zeros(1), 0.0, np.array([0.0, 1.0]), np.array([0.0, 1.0]), curve)
    assert [round(t, 2) for t, _, _ in curve] == [0.99, 0.8, 0.6]
    assert model.threshold(0.9) == 0.8 and model.threshold(0.999) == 0.99 and model.threshold(0.5) == 0.6
    assert model.threshold(1.01) > 1  # nothing reaches it: nothing is accepted by itself


def test_the_shipped_curves_were_measured_on_the_development_catalogs_written_alone():
    """Writers working alone (a folder with only the brief and the blocks file) wrote harder catalogs
    than those who shared a folder, and the held-out ones are written alone: the precision a user
    asks for is met on such catalogs, not on the easier ones."""
    blind = blind_eval()
    alone = sorted(c.name for c in blind.catalogs(held_out=False) if blind.written_alone(c.name))
    assert "BU" in alone and "BT" not in alone and not set(alone) & blind.HELD_OUT
    fitted = json.loads(resources.files("gapcheck.matching").joinpath("data", DATA).read_text("utf-8"))["fitted_on"]
    assert fitted["model"]["curve_on"] == fitted["words_only"]["curve_on"] == alone
