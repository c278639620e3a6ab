"""The knowledge base: intents, comparison criteria and matcher settings.

Loaded once at start-up from `intents/*.yaml` and `knowledge/*.yaml` into frozen
dataclasses. Every problem is collected with its file and line, so `advisor kb check`
can list them all and a broken knowledge base never starts the bot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Generic, Literal, TypeVar

from bot.content.fields import FieldReader
from bot.content.questionnaire import Questionnaire, read_questionnaire
from bot.content.surfaces import Surfaces, read_surfaces
from bot.content.vocabulary import EMPTY as EMPTY_VOCABULARY
from bot.content.vocabulary import Vocabulary, read_vocabulary
from bot.content.yaml_source import Problem, read_yaml
from bot.understanding.calibration import CALIBRATION_FILE, Calibration, read_calibration
from bot.understanding.text import Normaliser, fold

# Slack's Block Kit limits for where each text ends up.
SLACK_SECTION_TEXT = 3000
SLACK_FIELD_TEXT = 2000
SLACK_BUTTON_TEXT = 75
EXAMPLE_MAX_CHARS = 300

CONVERSATION_INTENTS = ("greeting", "help", "thanks", "start_advisor")
Edge = Literal["node", "django", "tie"]
Subject = Literal["node", "django"]
SUBJECTS: tuple[Subject, ...] = ("node", "django")
T = TypeVar("T")


@dataclass(frozen=True)
class Located(Generic[T]):
    """A parsed item with the reader that knows where its fields are."""

    item: T
    reader: FieldReader


@dataclass(frozen=True)
class Intent:
    id: str
    title: str
    examples: tuple[str, ...]
    answer: str
    related: tuple[str, ...] = ()
    details: str = ""  # the longer answer for "tell me more"
    kind: Literal["faq", "conversation"] = "faq"
    requires: tuple[str, ...] = ()  # at least one of these words must be in the question
    excludes: tuple[str, ...] = ()  # none of these words may be in the question
    subject: Subject | None = None  # the technology the question is about, if only one
    criterion: str | None = None  # the /compare criterion this question is about
    counterpart: str | None = None  # the same question about the other technology
    source: str = ""
    # The first line when the question names one side and the answer leads with the
    # other ("does node have an admin panel?" must not open with "Django does").
    openings: tuple[tuple[Subject, str], ...] = ()

    def opening(self, side: Subject) -> str | None:
        return dict(self.openings).get(side)


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    aliases: tuple[str, ...]
    node: str
    django: str
    edge: Edge
    why: str


@dataclass(frozen=True)
class MatcherSettings:
    confident: float = 0.72  # at or above: answer
    unsure: float = 0.42  # at or above (and below confident): "did you mean"
    margin: float = 0.06  # a closer runner-up than this makes the answer unsure
    # The calibrated decision, on the probability that the best intent is the one meant:
    answer_at: float = 0.6  # answer from here
    sure_at: float = 0.9  # ... with "Not quite?" alternatives below this
    suggest_at: float = 0.3  # below answer_at, "did you mean" from here when others are close
    close: float = 0.5  # a runner-up at least this share as likely as the best is close
    # How much each matcher signal counts (see bot/understanding/matcher.py); they add up to 1.
    weights: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"sort": 0.2, "set": 0.3, "cosine": 0.2, "coverage": 0.3}
        )
    )


@dataclass(frozen=True)
class Settings:
    matcher: MatcherSettings
    min_examples: int
    aliases: Mapping[str, tuple[str, ...]]
    domain_words: tuple[str, ...]
    other_technologies: tuple[str, ...]
    out_of_scope_examples: tuple[str, ...]
    vocabulary: Vocabulary = EMPTY_VOCABULARY
    calibration: Calibration | None = None  # knowledge/calibration.yaml, when fitted


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: it is loaded once
class KnowledgeBase:
    root: Path
    intents: tuple[Intent, ...]
    criteria: tuple[Criterion, ...]
    settings: Settings
    questionnaire: Questionnaire
    # knowledge/surfaces.yaml: the texts around the answers on Slack's surfaces
    surfaces: Surfaces = field(default_factory=Surfaces)
    _intents_by_id: Mapping[str, Intent] = field(default_factory=dict, compare=False, repr=False)
    _criteria_by_id: Mapping[str, Criterion] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_intents_by_id", MappingProxyType({i.id: i for i in self.intents})
        )
        object.__setattr__(
            self, "_criteria_by_id", MappingProxyType({c.id: c for c in self.criteria})
        )

    def intent(self, intent_id: str) -> Intent:
        return self._intents_by_id[intent_id]

    def has_intent(self, intent_id: str) -> bool:
        return intent_id in self._intents_by_id

    def criterion(self, criterion_id: str) -> Criterion:
        return self._criteria_by_id[criterion_id]

    @cached_property
    def normaliser(self) -> Normaliser:
        return build_normaliser(self.settings, self.intents)


class KnowledgeError(Exception):
    """The content has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def packaged_root() -> Path:
    """The content shipped with the package (or the source checkout's)."""
    here = Path(__file__).resolve().parents[1]  # the bot package
    shipped = here / "_content"
    return shipped if shipped.is_dir() else here.parent


def build_normaliser(settings: Settings, intents: tuple[Intent, ...] = ()) -> Normaliser:
    known = {w for i in intents for text in (*i.examples, i.title) for w in fold(text).split()}
    # Other technologies are known (never corrected) but never a correction target:
    # "trust" must not become "rust", nor "perf" "perl".
    known |= {w for tech in settings.other_technologies for w in tech.split()}
    vocabulary = settings.vocabulary
    known |= {w for phrases in vocabulary.concepts.values() for p in phrases for w in p.split()}
    aliases = dict(settings.aliases)
    for side, names in vocabulary.aliases().items():
        aliases[side] = (*aliases.get(side, ()), *names)
    domain = {*settings.domain_words, *settings.aliases}
    return Normaliser(aliases, known_words=known, domain_words=domain, filler=vocabulary.filler)


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):  # elsewhere, or the working directory was deleted
        return str(path)


def _read_settings(
    path: Path, root: Path, calibrated: bool = True
) -> tuple[Settings, list[Problem]]:
    doc = read_yaml(path, _shown(path, root))
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
        ),
        what="settings",
    )
    defaults = MatcherSettings()
    m = FieldReader(
        doc.path,
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
        ),
        what="matcher",
    )
    w = FieldReader(
        doc.path, m.mapping("weights"), (), ("sort", "set", "cosine", "coverage"), "weights"
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
    )
    if not matcher.suggest_at <= matcher.answer_at <= matcher.sure_at:
        m.fail("answer_at", "the thresholds must satisfy suggest_at <= answer_at <= sure_at")
    if matcher.unsure > matcher.confident:
        m.fail("unsure", "'unsure' must not be above 'confident'")
    aliases: dict[str, tuple[str, ...]] = {}
    alias_map = r.mapping("aliases")
    alias_reader = FieldReader(doc.path, alias_map, required=(), optional=map(str, alias_map))
    for canonical in alias_map:
        aliases[fold(str(canonical))] = alias_reader.text_list(str(canonical))
    problems += alias_reader.problems
    vocabulary, vocabulary_problems = read_vocabulary(doc.path, r)
    problems += vocabulary_problems
    calibration_path = path.parent / CALIBRATION_FILE
    calibration, calibration_problems = (
        read_calibration(calibration_path, _shown(calibration_path, root))
        if calibrated
        else (None, [])
    )
    problems += calibration_problems
    settings = Settings(
        matcher=matcher,
        min_examples=int(r.number("min_examples", 12, 1, 1000)),
        aliases=MappingProxyType(aliases),
        domain_words=r.text_list("domain_words"),
        other_technologies=tuple(fold(t) for t in r.text_list("other_technologies")),
        out_of_scope_examples=r.text_list("out_of_scope_examples", EXAMPLE_MAX_CHARS),
        vocabulary=vocabulary,
        calibration=calibration,
    )
    return settings, problems + r.problems + m.problems + w.problems


def _read_criteria(path: Path, root: Path) -> tuple[list[Located[Criterion]], list[Problem]]:
    doc = read_yaml(path, _shown(path, root))
    problems = list(doc.problems)
    if doc.data is None:
        return [], problems
    top = FieldReader(doc.path, doc.data, required=("criteria",), what="criteria file")
    criteria: list[Located[Criterion]] = []
    for entry, _line in top.entries("criteria"):
        c = FieldReader(
            doc.path,
            entry,
            required=("id", "name", "node", "django", "edge", "why"),
            optional=("aliases",),
            what="criterion",
        )
        criterion = Criterion(
            id=c.text("id"),
            name=c.text("name", max_chars=SLACK_BUTTON_TEXT),
            aliases=c.text_list("aliases"),
            node=c.text("node", max_chars=SLACK_FIELD_TEXT),
            django=c.text("django", max_chars=SLACK_FIELD_TEXT),
            edge=c.choice("edge", ("node", "django", "tie"), "tie"),  # type: ignore[arg-type]
            why=c.text("why", max_chars=SLACK_SECTION_TEXT),
        )
        criteria.append(Located(criterion, c))
        problems += c.problems
    return criteria, problems + top.problems


def _read_intent(
    path: Path, root: Path, min_examples: int
) -> tuple[Located[Intent] | None, list[Problem]]:
    doc = read_yaml(path, _shown(path, root))
    if doc.data is None:
        return None, list(doc.problems)
    r = FieldReader(
        doc.path,
        doc.data,
        required=("id", "title", "examples", "answer"),
        optional=(
            "related",
            "details",
            "kind",
            "requires",
            "excludes",
            "subject",
            "criterion",
            "counterpart",
            "openings",
        ),
        what="intent",
    )
    if not r.ok:
        return None, list(doc.problems) + r.problems
    examples = r.text_list("examples", EXAMPLE_MAX_CHARS)
    if "examples" in r.data and len(examples) < min_examples:
        r.fail("examples", f"{len(examples)} examples; at least {min_examples} are needed")
    intent = Intent(
        id=r.text("id"),
        title=r.text("title", max_chars=SLACK_BUTTON_TEXT),
        examples=examples,
        answer=r.text("answer", max_chars=SLACK_SECTION_TEXT),
        related=r.text_list("related"),
        details=r.text("details", max_chars=SLACK_SECTION_TEXT),
        kind=r.choice("kind", ("faq", "conversation"), "faq"),  # type: ignore[arg-type]
        requires=tuple(fold(w) for w in r.text_list("requires")),
        excludes=tuple(fold(w) for w in r.text_list("excludes")),
        subject=r.choice("subject", SUBJECTS, "node") if "subject" in r.data else None,  # type: ignore[arg-type]
        criterion=r.text("criterion") or None,
        counterpart=r.text("counterpart") or None,
        source=doc.path,
        openings=_read_openings(r),
    )
    return Located(intent, r), list(doc.problems) + r.problems


def _read_openings(r: FieldReader) -> tuple[tuple[Subject, str], ...]:
    """`openings: {node: ..., django: ...}`, each side optional."""
    if "openings" not in r.data:
        return ()
    o = FieldReader(r.path, r.mapping("openings"), (), SUBJECTS, "openings")
    openings = tuple(
        (side, o.text(side, max_chars=SLACK_SECTION_TEXT)) for side in SUBJECTS if side in o.data
    )
    r.problems += o.problems
    return openings


def read_knowledge(
    root: Path, calibrated: bool = True
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Load and validate everything under `root`; the base is None when anything is wrong."""
    problems: list[Problem] = []
    intents_dir, knowledge_dir = root / "intents", root / "knowledge"
    for folder in (intents_dir, knowledge_dir):
        if not folder.is_dir():
            problems.append(Problem(_shown(folder, root), 0, "folder is missing"))
    if problems:
        return None, problems
    # calibrated=False ignores knowledge/calibration.yaml: refitting replaces it anyway.
    settings, settings_problems = _read_settings(knowledge_dir / "settings.yaml", root, calibrated)
    criteria, criteria_problems = _read_criteria(knowledge_dir / "criteria.yaml", root)
    advisor_path = knowledge_dir / "advisor.yaml"
    questionnaire, advisor_problems = read_questionnaire(advisor_path, _shown(advisor_path, root))
    surfaces_path = knowledge_dir / "surfaces.yaml"
    surfaces, surfaces_problems = read_surfaces(surfaces_path, _shown(surfaces_path, root))
    problems += settings_problems + criteria_problems + advisor_problems + surfaces_problems
    intents: list[Located[Intent]] = []
    for path in sorted(intents_dir.glob("*.y*ml")):
        intent, intent_problems = _read_intent(path, root, settings.min_examples)
        problems += intent_problems
        if intent is not None:
            intents.append(intent)
    if not intents:
        problems.append(Problem(_shown(intents_dir, root), 0, "no intent files (*.yaml)"))
    if not any(p.message.startswith(("YAML", "cannot read")) for p in problems):
        # References into a file that could not be parsed would only be noise.
        problems += _cross_check(intents, criteria, settings)
    if problems:
        return None, sorted(set(problems))
    kb = KnowledgeBase(
        root,
        tuple(i.item for i in intents),
        tuple(c.item for c in criteria),
        settings,
        questionnaire,
        surfaces,
    )
    return kb, []


def load_knowledge(root: Path) -> KnowledgeBase:
    kb, problems = read_knowledge(root)
    if kb is None:
        raise KnowledgeError(problems)
    return kb


def _cross_check(
    intents: list[Located[Intent]], criteria: list[Located[Criterion]], settings: Settings
) -> list[Problem]:
    """Rules that span files: unique ids, valid references, no shared examples."""
    problems: list[Problem] = []

    def report(r: FieldReader, line: int, message: str) -> None:
        problems.append(Problem(r.path, line, message))

    by_id: dict[str, Located[Intent]] = {}
    for located in intents:
        first = by_id.setdefault(located.item.id, located)
        if first is not located:
            r = located.reader
            report(
                r, r.line("id"), f"duplicate intent id '{r.data['id']}' (also {first.reader.path})"
            )
    criterion_ids: set[str] = set()
    for criterion in criteria:
        if criterion.item.id in criterion_ids:
            r = criterion.reader
            report(r, r.line("id"), f"duplicate criterion id '{criterion.item.id}'")
        criterion_ids.add(criterion.item.id)
    for missing in (i for i in CONVERSATION_INTENTS if i not in by_id):
        problems.append(Problem("intents/", 0, f"missing conversation intent '{missing}'"))

    vocabulary = settings.vocabulary
    for intent_id in vocabulary.concepts:
        if intent_id not in by_id:
            line = vocabulary.concept_lines.get(intent_id, 0)
            problems.append(Problem(vocabulary.source, line, f"unknown intent '{intent_id}'"))
    normaliser = build_normaliser(settings, tuple(i.item for i in intents))
    owners: dict[str, str] = {}
    for located in intents:
        intent, r = located.item, located.reader
        for index, ref in enumerate(intent.related):
            if ref not in by_id:
                report(
                    r, r.item_line("related", index), f"related refers to unknown intent '{ref}'"
                )
        if intent.counterpart and intent.counterpart not in by_id:
            report(
                r,
                r.line("counterpart"),
                f"counterpart refers to unknown intent '{intent.counterpart}'",
            )
        if intent.criterion and intent.criterion not in criterion_ids:
            report(
                r,
                r.line("criterion"),
                f"criterion refers to unknown criterion '{intent.criterion}'",
            )
        for index, example in enumerate(intent.examples):
            owner = owners.setdefault(normaliser.normalise(example).text, intent.id)
            if owner != intent.id:
                line = r.item_line("examples", index)
                report(r, line, f"example '{example}' is also an example of intent '{owner}'")
    return problems
