"""The `advisor` command: ask, chat, eval and kb check (contracts in docs/contracts.md).

Exit codes: 0 ok; 1 a check or evaluation failed; 2 bad usage or configuration.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, TextIO

from bot import __version__
from bot.storage.protocol import StoreError
from bot.terminal.command_support import OK, USAGE, ConfigurationError, content_in_use, load_content
from bot.terminal.content_commands import add_content_commands, default_floors
from bot.terminal.render import one_line, render

if TYPE_CHECKING:
    from bot.content.model import KnowledgeBase
    from bot.terminal.asking import FreshConversations

ASK_HINT = (
    'ask needs a question: advisor ask "is node faster?" (or pipe questions in, one per '
    "line; to talk, run: advisor chat)"
)


def input_lines(stream: TextIO) -> Iterator[str]:
    """Lines as they arrive (no read-ahead), without their line ends."""
    for line in iter(stream.readline, ""):
        yield line.rstrip("\r\n")


def cmd_ask(args: argparse.Namespace, env: Mapping[str, str], out: TextIO) -> int:
    from bot.terminal.asking import FreshConversations

    kb = load_content(env)
    with FreshConversations(kb) as conversations:
        return _answer_each(args, kb, conversations, out)


def _answer_each(
    args: argparse.Namespace, kb: KnowledgeBase, conversations: FreshConversations, out: TextIO
) -> int:
    """The question given, or one per stdin line: each through the engine, as the first
    message of a fresh conversation (what `advisor chat` would answer to it)."""

    def answer(question: str, single_line: bool) -> str:
        reply = conversations.reply(question)
        if args.json:
            return json.dumps(reply.to_json(question), ensure_ascii=False)
        return one_line(kb.messages, reply) if single_line else render(kb.messages, reply)

    if args.question is not None:
        print(answer(args.question, single_line=False), file=out, flush=True)
        return OK
    if sys.stdin.isatty():  # nobody is piping questions in: say how to ask, don't just wait
        raise ConfigurationError(ASK_HINT)
    for line in input_lines(sys.stdin):
        print(answer(line, single_line=True), file=out, flush=True)
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
    from bot.slack.config import SlackConfigError, read_answerers, read_config
    from bot.slack.serve import run, serve_forever

    mode: Literal["http", "socket"] | None = (
        "socket" if args.socket else "http" if args.http else None
    )
    try:
        config = read_config(env, mode, args.port)
        answerers = read_answerers(env)
    except (SlackConfigError, StoreError) as exc:
        raise ConfigurationError(str(exc)) from exc
    kb = load_content(env)
    configure_logging(env)
    watch = content_in_use(env).root if args.reload else None
    try:
        serve_forever(run(kb, env, config, args.host, watch_root=watch, answerers=answerers))
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

    add_content_commands(commands)
    return parser


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
        default_floors(args)
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
