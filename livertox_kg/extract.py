"""Fact extraction: the package :mod:`livertox_kg.extraction` (this module keeps the old import path)."""

from .extraction import RULES, _OUTCOME_RES, extract, normalise_formula, split_series

__all__ = ["extract", "normalise_formula", "split_series", "RULES", "_OUTCOME_RES"]
