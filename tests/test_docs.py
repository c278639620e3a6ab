"""The README and docs/ send a newcomer only to places that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_FILE = re.compile(r"`((?:[\w.-]+/)*[\w.-]+\.(?:py|ya?ml|md|toml|lua|js))`")


def anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+ (.+)$", markdown, flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_link_and_file_named_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    for target in _LINK.findall(text):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        linked = (doc.parent / path).resolve() if path else doc
        assert linked.exists(), f"{doc.name} links to missing {target}"
        if anchor:
            assert anchor in anchors(linked.read_text(encoding="utf-8")), f"{doc.name}: {target}"
    for name in _FILE.findall(text):
        candidates = [REPO / name, REPO / "knowledge" / name, REPO / "benchmarks" / name]
        assert any(c.exists() for c in candidates), f"{doc.name} names missing {name}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_no_references_a_reader_cannot_follow(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert not re.search(r"\bissues? #?\d+", text, flags=re.IGNORECASE)
    assert "DESIGN.md" not in text


def test_the_readme_links_the_docs_it_moved_out() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("operations", "content", "benchmarks"):
        assert f"](docs/{name}.md)" in readme
    assert len(readme.splitlines()) < 250  # a newcomer's read, not the whole manual
