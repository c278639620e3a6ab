"""The blind set (tests/blind/, written from intent titles alone and measured once, at the
end) stays apart from the content: no intent example and no line of the negative set
may be a copy or a near copy of one of its lines. A failure names only our line, never
the blind one, so the blind set is not read by anyone through this test: rewrite the
line named, differently, without looking at the blind set."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from bot.content.model import KnowledgeBase
from tests.conftest import REPO

BLIND = REPO / "tests/blind/blind-set.yaml"


def _blind_texts(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = data.get("cases", data) if isinstance(data, dict) else data
    return [str(c["text"]) for c in cases if isinstance(c, dict) and "text" in c]


@pytest.mark.skipif(not BLIND.exists(), reason="no blind set in this checkout")
def test_no_content_line_is_a_near_copy_of_a_blind_line(kb: KnowledgeBase) -> None:
    normalise = kb.normaliser.normalise
    blind = {normalise(t).text for t in _blind_texts(BLIND)}
    read = len(blind)  # a plain number, so a failure shows no blind line
    assert read >= 100, "the blind set's shape is not what this test expects"
    long_blind = [t for t in blind if len(t.split()) >= 5]
    ours = [e for i in kb.intents for e in i.examples] + list(kb.settings.out_of_scope_examples)
    too_close = []
    for line in ours:
        said = normalise(line).text
        if len(said.split()) < 4:  # "hi", "which is better": what anyone writes
            continue
        if said in blind or (
            len(said.split()) >= 5
            and process.extractOne(said, long_blind, scorer=fuzz.ratio, score_cutoff=90)
        ):
            too_close.append(line)
    ours_too_close = sorted(too_close)  # our lines only
    assert not ours_too_close, f"rewrite these lines of ours differently: {ours_too_close}"
