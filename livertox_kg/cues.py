"""Negation and hedging cues: moved to :mod:`livertox_kg.extraction.cues` (kept importable here)."""

from .extraction.cues import *  # noqa: F401,F403
from .extraction.cues import clause_at, hedged, hedged_at, negated, negated_at  # noqa: F401
