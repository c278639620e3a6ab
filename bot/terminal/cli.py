"""The `advisor` command: ask, chat, eval and kb check (contracts in DESIGN.md).

Exit codes: 0 ok; 1 a check or evaluation failed; 2 bad usage or configuration.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Literal, TextIO

from bot import __version__
from bot.content.figures import check_figures, count_facts
from bot.content.loading import read_knowledge
from bot.content.location import ContentLocation, locate_content
from bot.content.model import KnowledgeBase
from bot.dialogue.answers import reply_for_match
from bot.storage.store import StoreError, open_store
from bot.terminal.render import one_line, render
from bot.understanding.calibrate import fit, pool, write
from bot.understanding.calibration import stale_warning
from bot.understanding.evaluation import (
    Case,
    Floors,
    cross_validate,
    evaluate,
    format_report,
    read_cases,
)
from bot.understanding.matcher import IntentMatcher

OK, FAILED, USAGE = 0, 1, 2


class ConfigurationError(Exception):
    """Bad configuration: reported in one line, exit code 2."""


ASK_HINT = (
    'ask needs a question: advisor ask "is node faster?" (or pipe questions in, one per '
    "line; to talk, run: advisor chat)"
)


def content_in_use(env: Mapping[str, str], explicit: str | None = None) -> ContentLocation:
    try:
        cwd = Path.cwd()
    except OSError:  # the working directory was deleted: no checkout around it
        cwd = Path("/")
    return locate_content(env, cwd, explicit)


def load_content(env: Mapping[str, str], calibrated: bool = True) -> KnowledgeBase:
    root = content_in_use(env).root
    kb, problems = read_knowledge(root, calibrated)
    if kb is None:
        shown = "\n".join(f"  {p}" for p in problems[:5])
        more = f"\n  ... and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise ConfigurationError(
            f"the knowledge base in {root} has {len(problems)} problem(s); "
            f"run `advisor kb check {root}`:\n{shown}{more}"
        )
    return kb


def input_lines(stream: TextIO) -> Iterator[str]:
    """Lines as they arrive (no read-ahead), without their line ends."""
    for line in iter(stream.readline, ""):
        yield line.rstrip("\r\n")


def cmd_ask(args: argparse.Namespace, env: Mapping[str, str], out: TextIO) -> int:
    kb = load_content(env)
    matcher = IntentMatcher(kb)

    def answer(question: str, single_line: bool) -> str:
        reply = reply_for_match(kb, matcher.match(question))
        if args.json:
            return json.dumps(reply.to_json(question), ensure_ascii=False)
        return one_line(reply) if single_line else render(reply)

    if args.question is not None:
        print(answer(args.question, single_line=False), file=out, flush=True)
        return OK
    if sys.stdin.isatty():  # nobody is piping questions in: say how to ask, don't just wait
        raise ConfigurationError(ASK_HINT)
    for line in input_lines(sys.stdin):
        print(answer(line, single_line=True), file=out, flush=True)
    return OK


def calibrate_content(
    kb: KnowledgeBase, location: ContentLocation, files: list[str], cases: list[Case], out: TextIO
) -> int:
    if not files:
        raise ConfigurationError(
            "give the measuring sets the thresholds are set on, e.g. "
            "`advisor eval --calibrate tests/data/paraphrases.yaml tests/data/realworld-dev.yaml`"
        )
    if location.origin == "installed":
        raise ConfigurationError(
            "will not rewrite the installed content; run inside your checkout or set ADVISOR_KB_DIR"
        )
    try:
        scored = pool(kb, cases)
        calibration = fit(kb, scored)
    except RuntimeError as exc:
        raise ConfigurationError(str(exc)) from exc
    path = write(kb, calibration, scored, [Path(f) for f in files])
    print(
        f"wrote {path} from {scored.size} out-of-fold questions; "
        "check it with `advisor eval` on the measuring sets",
        file=out,
        flush=True,
    )
    return OK


def cmd_eval(args: argparse.Namespace, env: Mapping[str, str], out: TextIO) -> int:
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
        return calibrate_content(kb, content_in_use(env), args.file, cases, out)
    if args.cross_validate is not None:
        if args.cross_validate < 2:
            raise ConfigurationError("--cross-validate needs K of 2 or more")
        report = cross_validate(kb, args.cross_validate)
    elif not args.file:
        raise ConfigurationError("give an evaluation FILE, --cross-validate K or --calibrate")
    else:
        report = evaluate(IntentMatcher(kb), cases)
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
    print(
        f"ok: {len(kb.intents)} intents, {examples} examples, {len(kb.criteria)} criteria, "
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
    clusters = analytics.cluster(analytics.unanswered_since(unanswered, since), kb.normaliser)
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


def cmd_chat(args: argparse.Namespace, env: Mapping[str, str], out: TextIO) -> int:
    from bot.terminal.chat import run_chat

    try:
        kb = load_content(env)
        location = content_in_use(env)
        # Authors trying their own content see whose it is; other people are not bothered.
        about = location.describe() if location.origin != "installed" else ""
        return run_chat(kb, env, json_mode=args.json, session=args.session, out=out, about=about)
    except StoreError as exc:
        raise ConfigurationError(str(exc)) from exc


def cmd_serve(args: argparse.Namespace, env: Mapping[str, str], out: TextIO) -> int:
    from bot.ops.logs import configure_logging
    from bot.slack.config import SlackConfigError, read_config
    from bot.slack.serve import run, serve_forever

    mode: Literal["http", "socket"] | None = (
        "socket" if args.socket else "http" if args.http else None
    )
    try:
        config = read_config(env, mode, args.port)
    except SlackConfigError as exc:
        raise ConfigurationError(str(exc)) from exc
    kb = load_content(env)
    configure_logging(env)
    watch = content_in_use(env).root if args.reload else None
    try:
        serve_forever(run(kb, env, config, host=args.host, watch_root=watch))
    except (StoreError, SlackConfigError) as exc:
        raise ConfigurationError(str(exc)) from exc
    except OSError as exc:  # e.g. the port is taken
        raise ConfigurationError(f"cannot listen on port {config.port}: {exc.strerror}") from exc
    return OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Helps teams choose between Node.js and Django.",
        epilog="With no command: the Slack app when SLACK_BOT_TOKEN is set, else the chat.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer one question (or one per stdin line)")
    ask.add_argument("question", nargs="?", help="the question; omit to read stdin lines")
    ask.add_argument("--json", action="store_true", help="print the reply object as JSON")
    ask.set_defaults(run=cmd_ask)

    chat = commands.add_parser("chat", help="talk to the assistant in the terminal")
    chat.add_argument("--json", action="store_true", help="one JSON reply per stdin line")
    chat.add_argument("--session", help="name a conversation to resume after a restart")
    chat.set_defaults(run=cmd_chat)

    serve = commands.add_parser("serve", help="run the Slack app (HTTP or Socket Mode)")
    transport = serve.add_mutually_exclusive_group()
    transport.add_argument("--http", action="store_true", help="Events API over HTTP (default)")
    transport.add_argument("--socket", action="store_true", help="Socket Mode (SLACK_APP_TOKEN)")
    serve.add_argument("--port", type=int, help="HTTP port (default: PORT or 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    serve.add_argument(
        "--reload", action="store_true", help="reload the content when ADVISOR_KB_DIR changes"
    )
    serve.set_defaults(run=cmd_serve)

    ev = commands.add_parser("eval", help="measure matching accuracy")
    ev.add_argument(
        "file", nargs="*", help="YAML list of {text, intent}; with --calibrate, the measuring sets"
    )
    ev.add_argument(
        "--calibrate",
        action="store_true",
        help="refit the matcher's calibration and write knowledge/calibration.yaml",
    )
    ev.add_argument("--cross-validate", type=int, metavar="K", help="K-fold over the examples")
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
    return parser


# A file evaluation is an acceptance test with the product's floors (those of the
# real-world set, the harder one); cross-validation gates only when floors are given.
FILE_FLOORS = Floors(direct=0.85, wrong=0.05, declined=0.85)


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if args.command is None:
        from bot.slack.config import has_slack_tokens

        args = parser.parse_args(["serve"] if has_slack_tokens(env) else ["chat"])
    if args.command == "eval":
        floors = Floors() if args.cross_validate is not None else FILE_FLOORS
        for name, flag in (
            ("direct", "min_direct"),
            ("wrong", "max_wrong"),
            ("declined", "min_declined"),
        ):
            if getattr(args, flag) is None:
                setattr(args, flag, getattr(floors, name))
    run: Callable[[argparse.Namespace, Mapping[str, str], TextIO], int] = args.run
    try:
        return run(args, env, sys.stdout)
    except ConfigurationError as exc:
        print(f"advisor: {exc}", file=sys.stderr, flush=True)
        return USAGE
    except KeyboardInterrupt:
        return OK
    except BrokenPipeError:  # e.g. `advisor ask ... | head`
        return OK
