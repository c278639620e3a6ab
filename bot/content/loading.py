"""Load and validate `intents/*.yaml` and `knowledge/*.yaml` into a `KnowledgeBase`.

Every problem is collected with its file and line, so `advisor kb check` can list them
all and a broken knowledge base never starts the bot.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.base.sides import SIDES, Side
from bot.base.slack_limits import (
    RENDERED_PREFIX,
    SLACK_BUTTON_TEXT,
    SLACK_FIELD_TEXT,
    SLACK_SECTION_TEXT,
)
from bot.base.text import fold
from bot.content.checks import cross_check
from bot.content.fields import FieldReader
from bot.content.messages import MESSAGES_FILE, read_messages
from bot.content.model import (
    EXAMPLE_MAX_CHARS,
    Criterion,
    Intent,
    KnowledgeBase,
    KnowledgeError,
    Located,
)
from bot.content.questionnaire_file import read_questionnaire
from bot.content.settings_file import read_settings
from bot.content.surfaces import Surfaces, read_surfaces
from bot.content.yaml_source import Problem, read_yaml, shown_path


def packaged_root() -> Path:
    """The content shipped with the package (or the source checkout's)."""
    here = Path(__file__).resolve().parents[1]  # the bot package
    shipped = here / "_content"
    return shipped if shipped.is_dir() else here.parent


def _read_criteria(path: Path, root: Path) -> tuple[list[Located[Criterion]], list[Problem]]:
    doc = read_yaml(path, shown_path(path))
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
            # Room for what a comparison adds: a side's name, the edge's badge.
            node=c.text("node", max_chars=SLACK_FIELD_TEXT - RENDERED_PREFIX),
            django=c.text("django", max_chars=SLACK_FIELD_TEXT - RENDERED_PREFIX),
            edge=c.choice("edge", ("node", "django", "tie"), "tie"),  # type: ignore[arg-type]
            why=c.text("why", max_chars=SLACK_SECTION_TEXT - RENDERED_PREFIX),
        )
        criteria.append(Located(criterion, c))
        problems += c.problems
    return criteria, problems + top.problems


def _read_intent(
    path: Path, root: Path, min_examples: int
) -> tuple[Located[Intent] | None, list[Problem]]:
    doc = read_yaml(path, shown_path(path))
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
        subject=r.choice("subject", SIDES, "node") if "subject" in r.data else None,  # type: ignore[arg-type]
        criterion=r.text("criterion") or None,
        counterpart=r.text("counterpart") or None,
        source=doc.path,
        openings=_read_openings(r),
    )
    return Located(intent, r), list(doc.problems) + r.problems


def _read_openings(r: FieldReader) -> tuple[tuple[Side, str], ...]:
    """`openings: {node: ..., django: ...}`, each side optional."""
    if "openings" not in r.data:
        return ()
    o = FieldReader(r.path, r.mapping("openings"), (), SIDES, "openings")
    openings = tuple(
        (side, o.text(side, max_chars=SLACK_SECTION_TEXT)) for side in SIDES if side in o.data
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
            problems.append(Problem(shown_path(folder), 0, "folder is missing"))
    if problems:
        return None, problems
    # calibrated=False ignores knowledge/calibration.yaml: refitting replaces it anyway.
    settings, settings_problems = read_settings(knowledge_dir / "settings.yaml", root, calibrated)
    criteria, criteria_problems = _read_criteria(knowledge_dir / "criteria.yaml", root)
    advisor_path = knowledge_dir / "advisor.yaml"
    questionnaire, advisor_problems = read_questionnaire(advisor_path, shown_path(advisor_path))

    surfaces_path = knowledge_dir / "surfaces.yaml"
    surfaces, surfaces_problems = read_surfaces(surfaces_path, shown_path(surfaces_path))
    messages_path = knowledge_dir / MESSAGES_FILE
    messages, messages_problems = read_messages(messages_path, shown_path(messages_path))
    questionnaire = replace(  # its cut-offs live with the other settings, its words with ours
        questionnaire,
        typed_option_cutoff=settings.fuzzy.typed_option,
        question_name_cutoff=settings.fuzzy.question_name,
        messages=messages,
    )
    problems += settings_problems + criteria_problems + advisor_problems + surfaces_problems
    problems += messages_problems
    intents: list[Located[Intent]] = []
    for path in sorted(intents_dir.glob("*.y*ml")):
        intent, intent_problems = _read_intent(path, root, settings.min_examples)
        problems += intent_problems
        if intent is not None:
            intents.append(intent)
    if not intents:
        problems.append(Problem(shown_path(intents_dir), 0, "no intent files (*.yaml)"))
    if not any(p.message.startswith(("YAML", "cannot read")) for p in problems):
        # References into a file that could not be parsed would only be noise.
        problems += cross_check(intents, criteria, settings)
        problems += _home_references(surfaces, intents, criteria, shown_path(surfaces_path))
    if problems:
        return None, sorted(set(problems))
    kb = KnowledgeBase(
        root,
        tuple(i.item for i in intents),
        tuple(c.item for c in criteria),
        settings,
        questionnaire,
        surfaces,
        messages,
    )
    return kb, []


def load_knowledge(root: Path) -> KnowledgeBase:
    kb, problems = read_knowledge(root)
    if kb is None:
        raise KnowledgeError(problems)
    return kb


def _home_references(
    surfaces: Surfaces,
    intents: list[Located[Intent]],
    criteria: list[Located[Criterion]],
    shown: str,
) -> list[Problem]:
    """App Home's example questions and comparisons must name existing ones."""
    intent_ids = {i.item.id for i in intents}
    criterion_ids = {c.item.id for c in criteria}
    return [
        Problem(shown, 0, f"home examples: unknown intent '{i}'")
        for i in surfaces.home_examples
        if i not in intent_ids
    ] + [
        Problem(shown, 0, f"home comparisons: unknown criterion '{c}'")
        for c in surfaces.home_comparisons
        if c not in criterion_ids
    ]
