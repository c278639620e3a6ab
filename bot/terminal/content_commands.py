"""The commands for content authors: `advisor eval` (and `--calibrate`), `kb check`,
`kb gaps`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from bot.content.figures import check_figures, count_facts
from bot.content.loading import read_knowledge
from bot.content.location import ContentLocation
from bot.content.model import KnowledgeBase
from bot.storage.factory import open_store
from bot.storage.protocol import StoreError
from bot.terminal.advisor_report import advisor_report
from bot.terminal.asking import engine_answerer
from bot.terminal.command_support import (
    FAILED,
    OK,
    ConfigurationError,
    content_in_use,
    load_content,
)
from bot.understanding.calibrate import calibrate, stale_warning, write
from bot.understanding.cross_validation import nested_cross_validate
from bot.understanding.evaluation import (
    Case,
    Floors,
    evaluate,
    format_report,
    read_cases,
)

# A file evaluation is an acceptance test with the product's floors (those of the
# real-world set, the harder one); cross-validation gates only when floors are given.
FILE_FLOORS = Floors(direct=0.85, wrong=0.05, declined=0.85)


def calibrate_content(kb: KnowledgeBase, location: ContentLocation, out: TextIO) -> int:
    if location.origin == "installed":
        raise ConfigurationError(
            "will not rewrite the installed content; run inside your checkout or set ADVISOR_KB_DIR"
        )
    try:
        calibration, scope, scored = calibrate(kb)
    except RuntimeError as exc:
        raise ConfigurationError(str(exc)) from exc
    path = write(kb, calibration, scope, scored)
    print(
        f"wrote {path} from {scored.size} out-of-fold questions, and the out-of-scope model "
        f"({len(scope.weights)} weights); measure with `advisor eval --cross-validate 5` "
        "and `advisor eval` on the measuring sets",
        file=out,
        flush=True,
    )
    return OK


def cmd_eval(args: argparse.Namespace, env: Mapping[str, str], out: TextIO) -> int:
    if args.advisor:
        return advisor_report(load_content(env), args.json, out)
    kb = load_content(env, calibrated=not args.calibrate)
    # On stderr, so reports (and --json) stay clean for scripts.
    print(content_in_use(env).describe(), file=sys.stderr, flush=True)
    cases: list[Case] = []
    for name in args.file:
        read, problems = read_cases(Path(name), kb)
        if problems:
            raise ConfigurationError(
                "the evaluation file has problems:\n" + "\n".join(f"  {p}" for p in problems)
            )
        cases += read
    if args.calibrate:
        if args.file:
            raise ConfigurationError(
                "the calibration is fitted on the content alone (examples and the negative "
                "set): run `advisor eval --calibrate` without files, then measure the sets"
            )
        return calibrate_content(kb, content_in_use(env), out)
    if args.cross_validate is not None:
        if args.cross_validate < 2:
            raise ConfigurationError("--cross-validate needs K of 2 or more")
        try:
            report = nested_cross_validate(kb, args.cross_validate, engine_answerer)
        except RuntimeError as exc:  # fitting needs scikit-learn
            raise ConfigurationError(str(exc)) from exc
    elif not args.file:
        raise ConfigurationError(
            "give an evaluation FILE, --cross-validate K, --calibrate or --advisor"
        )
    else:
        report = evaluate(engine_answerer(kb), cases)
    floors = Floors(args.min_direct, args.max_wrong, args.min_declined)
    passed = report.passes(floors)
    if args.json:
        result = report.to_json() | {"floors": dataclasses.asdict(floors), "passed": passed}
        print(json.dumps(result, ensure_ascii=False, indent=2), file=out, flush=True)
    else:
        print(format_report(report), file=out)
        verdict = "PASS" if passed else "FAIL"
        print(
            f"\n{verdict}: floors are direct >= {floors.direct:.0%}, wrong <= {floors.wrong:.0%}, "
            f"declined >= {floors.declined:.0%}",
            file=out,
            flush=True,
        )
    return OK if passed else FAILED


def cmd_kb_check(args: argparse.Namespace, env: Mapping[str, str], out: TextIO) -> int:
    location = content_in_use(env, args.dir)
    kb, problems = read_knowledge(location.root)
    if location.root.is_dir():
        problems = sorted({*problems, *check_figures(location.root)})
    if kb is None or problems:
        for problem in problems:
            print(problem, file=out)
        print(f"{len(problems)} problem(s); {location.describe()}", file=sys.stderr, flush=True)
        return FAILED
    examples = sum(len(i.examples) for i in kb.intents)
    negatives = kb.settings.negatives
    print(
        f"ok: {len(kb.intents)} intents, {examples} examples, {len(negatives.lines)} questions "
        f"to decline in {len(negatives.kinds)} kinds, {len(kb.criteria)} criteria, "
        f"every figure declared by the {count_facts(location.root)} facts\n"
        f"{location.describe()}",
        file=out,
        flush=True,
    )
    stale = stale_warning(kb)
    if stale is not None:  # content still works; matching is just not tuned to it
        print(f"warning: {stale}", file=sys.stderr, flush=True)
    return OK


def cmd_kb_gaps(args: argparse.Namespace, env: Mapping[str, str], out: TextIO) -> int:
    import asyncio
    import time

    from bot.ops import analytics

    if args.since <= 0:
        raise ConfigurationError("--since needs a positive number of days")
    kb = load_content(env)

    async def read() -> tuple[list[str], list[str], list[str]]:
        store = open_store(env)
        try:
            logs = (analytics.UNANSWERED, analytics.VOTES, analytics.CONFUSIONS)
            unanswered, votes, confusions = [await store.read(log) for log in logs]
            return unanswered, votes, confusions
        finally:
            await store.close()

    try:
        unanswered, votes, confusion_log = asyncio.run(read())
    except StoreError as exc:
        raise ConfigurationError(str(exc)) from exc
    since = time.time() - args.since * 86400
    recent = analytics.unanswered_since(unanswered, since)
    clusters = analytics.cluster(recent, kb.normaliser, kb.settings.fuzzy.same_question)
    worst = analytics.feedback(votes, since)
    confused = analytics.confusions(confusion_log, since)
    if args.json:
        report = {
            "since_days": args.since,
            "unanswered": [
                {"example": c.example, "count": c.count, "candidates": list(c.candidates)}
                for c in clusters
            ],
            "feedback": [{"intent": v.intent, "up": v.up, "down": v.down} for v in worst],
            "confusions": [{"answered": a, "wanted": w, "count": n} for a, w, n in confused],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2), file=out, flush=True)
    else:
        gaps = analytics.format_gaps(clusters, worst, args.since, confused=confused)
        print(gaps, file=out, flush=True)
    return OK


def add_content_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ev = commands.add_parser("eval", help="measure matching accuracy")
    ev.add_argument(
        "file",
        nargs="*",
        help="YAML list of {text, intent} (a measuring set); `intent: out_of_scope` marks a "
        "line the assistant must decline",
    )
    ev.add_argument(
        "--calibrate",
        action="store_true",
        help="refit the calibration and the out-of-scope model from the content alone",
    )
    ev.add_argument(
        "--cross-validate",
        type=int,
        metavar="K",
        help="nested K-fold over the examples and the negative set (models refitted per fold)",
    )
    ev.add_argument(
        "--advisor",
        action="store_true",
        help="score every complete set of advisor answers: outcomes and clarity",
    )
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument("--min-direct", type=float, default=None, help="direct floor (0-1)")
    ev.add_argument("--max-wrong", type=float, default=None, help="wrong ceiling (0-1)")
    ev.add_argument("--min-declined", type=float, default=None, help="declined floor (0-1)")
    ev.set_defaults(run=cmd_eval)

    kb = commands.add_parser("kb", help="knowledge-base tools")
    kb_commands = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    check = kb_commands.add_parser("check", help="validate intents/ and knowledge/")
    check.add_argument(
        "dir",
        nargs="?",
        help="content root (default: ADVISOR_KB_DIR, this checkout, or the installed copy)",
    )
    check.set_defaults(run=cmd_kb_check)
    gaps = kb_commands.add_parser(
        "gaps", help="most frequent unanswered questions and the worst-rated answers"
    )
    gaps.add_argument("--since", type=float, default=30.0, metavar="DAYS", help="default 30")
    gaps.add_argument("--json", action="store_true")
    gaps.set_defaults(run=cmd_kb_gaps)


def default_floors(args: argparse.Namespace) -> None:
    """`eval FILE` gates on the product's floors; cross-validation only when asked."""
    floors = Floors() if args.cross_validate is not None else FILE_FLOORS
    for name, flag in (
        ("direct", "min_direct"),
        ("wrong", "max_wrong"),
        ("declined", "min_declined"),
    ):
        if getattr(args, flag) is None:
            setattr(args, flag, getattr(floors, name))
