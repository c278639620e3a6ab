"""The out-of-scope model: how likely a question is outside this assistant's job.

`advisor eval --calibrate` fits a logistic model on the intents' examples (in scope) and
the negative set of knowledge/out_of_scope.yaml, and writes its weights to
knowledge/scope_model.json (JSON: a few thousand weights load in a millisecond). At run
time the probability is a sum of the weights of the features a question has (words,
word pairs, cues: bot/understanding/scope.py), through the logistic function: no library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from bot.content.yaml_source import Problem

SCOPE_MODEL_FILE = "scope_model.json"


@dataclass(frozen=True)
class ScopeModel:
    weights: Mapping[str, float]
    intercept: float
    fingerprint: str  # of the matching content it was fitted on (as the calibration's)

    def probability(self, features: Iterable[str]) -> float:
        """The probability that a question with these features is out of scope."""
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def read_scope_model(path: Path, shown: str) -> tuple[ScopeModel | None, list[Problem]]:
    """The fitted model, or None when there is none (nothing is declined by it)."""
    if not path.exists():
        return None, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        model = ScopeModel(
            MappingProxyType(weights), float(data["intercept"]), str(data["fingerprint"])
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        return None, [Problem(shown, 1, f"cannot read the out-of-scope model ({reason}); refit it")]
    return model, []


def write_scope_model(path: Path, model: ScopeModel, note: str) -> None:
    data = {
        "note": note,
        "fingerprint": model.fingerprint,
        "intercept": round(model.intercept, 6),
        "weights": {k: round(v, 5) for k, v in sorted(model.weights.items())},
    }
    path.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
