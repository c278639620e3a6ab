"""`python -m bot` is the same as the `advisor` command."""

from bot.terminal.cli import main

raise SystemExit(main())
