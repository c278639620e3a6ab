"""`advisor eval --advisor`: every complete set of advisor answers scored, as text or JSON.
It fails (exit 1) when any tie was decided by a default rather than by an answer."""

from __future__ import annotations

import dataclasses
import json
from typing import TextIO

from bot.content.model import KnowledgeBase
from bot.dialogue.advisor_distribution import distribution, format_distribution

OK, FAILED = 0, 1


def advisor_report(kb: KnowledgeBase, as_json: bool, out: TextIO) -> int:
    found = distribution(kb.questionnaire)
    if as_json:
        print(json.dumps(dataclasses.asdict(found), indent=2), file=out, flush=True)
    else:
        print(format_distribution(found), file=out, flush=True)
    return OK if found.ties_by_default == 0 else FAILED
