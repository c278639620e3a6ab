"""`pip install .` gives a working `advisor` anywhere: the wheel carries the content."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("node_django_advisor-*.whl")
    return built


def test_wheel_ships_the_content_inside_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "bot/_content/intents/performance.yaml" in names
    assert "bot/_content/knowledge/settings.yaml" in names
    assert "bot/_content/knowledge/criteria.yaml" in names
    assert not any(name.startswith(("tests/", "intents/", "knowledge/")) for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "advisor = bot.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_command_answers_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    # Reuse this interpreter's installed dependencies; install only our wheel.
    venv.create(env_dir, with_pip=True, system_site_packages=True)
    bin_dir = env_dir / "bin"
    subprocess.run(
        [str(bin_dir / "pip"), "install", "-q", "--no-deps", str(wheel)], check=True, timeout=300
    )

    def advisor(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / "advisor"), *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )

    result = advisor("ask", "who uses django")
    assert result.returncode == 0, result.stderr
    assert "Instagram" in result.stdout
    check = advisor("kb", "check")
    assert check.returncode == 0
    assert "_content" in check.stdout  # the installed copy, not the source tree
