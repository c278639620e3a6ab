"""`python -m bot.terminal.answer_only`: an answering process, as `advisor serve` starts
it beside itself (bot/slack/answerers.py), with the serving process's environment.

Not a command of its own: it reads the same settings and content as `advisor serve`,
and what it does is in bot/slack/answering.py. Exit codes as `advisor`'s: 2 for a bad
setting or content (one line, never a traceback), 1 when it stopped on an error.
"""

from __future__ import annotations

import logging
import os
import signal

log = logging.getLogger(__name__)
_reloads: list[int] = []  # SIGHUPs that came before the event loop's handler took over


def main() -> int:
    # First of all: SIGHUP's default would end a process still importing or reading.
    signal.signal(signal.SIGHUP, lambda signum, _frame: _reloads.append(signum))
    from bot.ops.logs import configure_logging
    from bot.slack.answering import answer_until_told
    from bot.slack.config import SlackConfigError, read_config
    from bot.slack.serve import serve_forever
    from bot.storage.protocol import StoreError
    from bot.terminal.command_support import ConfigurationError, load_content

    env = os.environ
    configure_logging(env)
    try:
        kb = load_content(env)
        config = read_config(env, None, None)
        serve_forever(answer_until_told(kb, env, config, _reloads))
    except (ConfigurationError, SlackConfigError, StoreError) as exc:
        log.error("answering process: %s", exc)
        return 2
    except Exception as exc:  # one line, never a traceback; the serving process restarts it
        log.error("answering process stopped: %s: %s", type(exc).__name__, exc)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
