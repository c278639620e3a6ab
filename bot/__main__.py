"""`python -m bot` is the same as the `advisor` command."""

from bot.cli import main

raise SystemExit(main())
