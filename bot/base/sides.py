"""The two sides and what is said about them, named once: a side a question is about, a
recommendation (a side, or both), a criterion's edge (a side, or a tie), how sure a
recommendation is."""

from __future__ import annotations

from typing import Literal, get_args

Side = Literal["node", "django"]
SIDES: tuple[Side, ...] = get_args(Side)
Recommendation = Literal["node", "django", "both"]  # both: Node for real time, Django the rest
RECOMMENDATIONS: tuple[Recommendation, ...] = get_args(Recommendation)
Edge = Literal["node", "django", "tie"]
EDGES: tuple[Edge, ...] = get_args(Edge)
Clarity = Literal["clear", "leaning", "close call", "provisional"]  # how sure a recommendation is
CLARITIES: tuple[Clarity, ...] = get_args(Clarity)
