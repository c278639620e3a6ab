"""Read knowledge/settings.yaml (and the calibration beside it) into `Settings`."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

from bot.base.text import fold
from bot.content.calibration import CALIBRATION_FILE, Calibration, read_calibration
from bot.content.fields import FieldReader
from bot.content.model import EXAMPLE_MAX_CHARS, FuzzyCutoffs, MatcherSettings, Settings
from bot.content.negatives import NEGATIVES_FILE, read_negatives
from bot.content.scope_model import SCOPE_MODEL_FILE, ScopeModel, read_scope_model
from bot.content.vocabulary import read_vocabulary
from bot.content.yaml_source import Problem, read_yaml, shown_path


def read_settings(
    path: Path, root: Path, calibrated: bool = True
) -> tuple[Settings, list[Problem]]:
    doc = read_yaml(path, shown_path(path))
    problems = list(doc.problems)
    r = FieldReader(
        doc.path,
        doc.data,
        required=("matcher", "aliases", "other_technologies"),
        optional=(
            "min_examples",
            "domain_words",
            "out_of_scope_examples",
            "ecosystem",
            "concepts",
            "filler",
            "compared_technologies",
            "display_names",
            "fuzzy",
        ),
        what="settings",
    )
    matcher = _read_matcher(doc.path, r)
    aliases: dict[str, tuple[str, ...]] = {}
    alias_map = r.mapping("aliases")
    alias_reader = FieldReader(doc.path, alias_map, required=(), optional=map(str, alias_map))
    for canonical in alias_map:
        aliases[fold(str(canonical))] = alias_reader.text_list(str(canonical))
    problems += alias_reader.problems
    vocabulary, vocabulary_problems = read_vocabulary(doc.path, r)
    problems += vocabulary_problems
    calibration, scope, model_problems = _read_models(path.parent, calibrated)
    negatives, negative_problems = read_negatives(path.parent / NEGATIVES_FILE, EXAMPLE_MAX_CHARS)
    problems += model_problems + negative_problems
    settings = Settings(
        matcher=matcher,
        min_examples=int(r.number("min_examples", 12, 1, 1000)),
        aliases=MappingProxyType(aliases),
        domain_words=r.text_list("domain_words"),
        other_technologies=tuple(fold(t) for t in r.text_list("other_technologies")),
        out_of_scope_examples=(
            *r.text_list("out_of_scope_examples", EXAMPLE_MAX_CHARS),
            *negatives.texts,
        ),
        vocabulary=vocabulary,
        calibration=calibration,
        negatives=negatives,
        scope=scope,
        fuzzy=_read_fuzzy(doc.path, r),
    )
    return settings, problems + r.problems


def _read_models(
    folder: Path, calibrated: bool
) -> tuple[Calibration | None, ScopeModel | None, list[Problem]]:
    """The fitted models beside the settings; calibrated=False ignores them (refitting
    replaces them anyway)."""
    if not calibrated:
        return None, None, []
    calibration_path, scope_path = folder / CALIBRATION_FILE, folder / SCOPE_MODEL_FILE
    calibration, problems = read_calibration(calibration_path, shown_path(calibration_path))
    scope, scope_problems = read_scope_model(scope_path, shown_path(scope_path))
    return calibration, scope, problems + scope_problems


def _read_matcher(path: str, r: FieldReader) -> MatcherSettings:
    """The `matcher` section; its problems are added to the settings reader's."""
    defaults = MatcherSettings()
    m = FieldReader(
        path,
        r.mapping("matcher"),
        required=(),
        optional=(
            "confident",
            "unsure",
            "margin",
            "weights",
            "answer_at",
            "sure_at",
            "suggest_at",
            "close",
            "in_domain",
            "decline_at",
        ),
        what="matcher",
    )
    w = FieldReader(
        path, m.mapping("weights"), (), ("sort", "set", "cosine", "coverage"), "weights"
    )
    weights = {name: w.number(name, defaults.weights[name], 0.0, 1.0) for name in defaults.weights}
    if w.ok and "weights" in m.data and abs(sum(weights.values()) - 1.0) > 1e-6:
        m.fail("weights", f"weights must add up to 1, not {sum(weights.values()):g}")
    matcher = MatcherSettings(
        confident=m.number("confident", defaults.confident, 0.0, 1.0),
        unsure=m.number("unsure", defaults.unsure, 0.0, 1.0),
        margin=m.number("margin", defaults.margin, 0.0, 1.0),
        weights=MappingProxyType(weights),
        answer_at=m.number("answer_at", defaults.answer_at, 0.0, 1.0),
        sure_at=m.number("sure_at", defaults.sure_at, 0.0, 1.0),
        suggest_at=m.number("suggest_at", defaults.suggest_at, 0.0, 1.0),
        close=m.number("close", defaults.close, 0.0, 1.0),
        in_domain=m.number("in_domain", defaults.in_domain, 0.0, 1.0),
        decline_at=m.number("decline_at", defaults.decline_at, 0.0, 1.0),
    )
    if not matcher.suggest_at <= matcher.answer_at <= matcher.sure_at:
        m.fail("answer_at", "the thresholds must satisfy suggest_at <= answer_at <= sure_at")
    if matcher.unsure > matcher.confident:
        m.fail("unsure", "'unsure' must not be above 'confident'")
    r.problems += m.problems + w.problems
    return matcher


def _read_fuzzy(path: str, r: FieldReader) -> FuzzyCutoffs:
    """The `fuzzy` section: each cut-off a rapidfuzz score from 0 to 100."""
    defaults = FuzzyCutoffs()
    names = tuple(f.name for f in dataclasses.fields(FuzzyCutoffs))
    f = FieldReader(path, r.mapping("fuzzy"), (), names, "fuzzy")
    values = {n: int(f.number(n, getattr(defaults, n), 0, 100)) for n in names}
    r.problems += f.problems
    return FuzzyCutoffs(**values)
