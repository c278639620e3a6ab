"""`advisor serve` with answering processes beside it (bot/slack/answerers.py), as
deployed: the default SQLite file store, signed requests shaped as Slack sends them, a
fake Web API recording the posts. The serving process only acknowledges here
(ADVISOR_WORKERS=0), so every answer seen was given by an answering process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests import slack_requests as sr
from tests.conftest import start_serve
from tests.fake_slack import FakeSlack
from tests.test_mention_faults import hung_web_api
from tests.test_outbox_faults import QUESTION, all_answered, serve_env, stop
from tests.test_reload import copy_content, edit, poll_until
from tests.test_slack_serve import wait_healthy

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat[stat.rfind(")") + 2 :].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"  # a zombie has exited


async def until(check: object, timeout: float = 30.0) -> None:
    """Wait (bounded) until `check()` is true."""
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "gave up waiting"
        await asyncio.sleep(0.1)


async def health(url: str) -> dict[str, object]:
    async with aiohttp.ClientSession() as http, http.get(f"{url}/healthz") as resp:
        return dict(await resp.json())


async def metric(url: str, name: str) -> float:
    """The sum of a metric's samples in /metrics (0 when absent)."""
    async with aiohttp.ClientSession() as http, http.get(f"{url}/metrics") as resp:
        text = await resp.text()
    return sum(float(line.split()[-1]) for line in text.splitlines()
               if line.startswith(name + "{") or line.startswith(name + " "))  # fmt: skip


async def mention_each(url: str, stamps: list[str]) -> None:
    async with aiohttp.ClientSession() as http:
        for ts in stamps:
            assert await sr.post_signed(http, url, sr.mention(QUESTION, ts=ts)) == 200


@dataclass
class Served:
    """`advisor serve` acknowledging only, with one answering process (`child`)."""

    slack: FakeSlack  # the Web API it posts to
    proc: subprocess.Popen[str]
    url: str
    child: int
    logs: str = ""  # what it logged, once stopped


@asynccontextmanager
async def acking_only(
    tmp_path: Path, slack: FakeSlack, *args: str, **env: str
) -> AsyncIterator[Served]:
    state = f"sqlite:///{tmp_path}/state.sqlite3"
    settings = {**serve_env(slack, state), "ADVISOR_WORKERS": "0", **env}
    proc, url = start_serve(settings, "--http", *args)
    served = Served(slack, proc, url, child=0)
    try:
        await wait_healthy(url, proc)
        await until(lambda: len(children(proc.pid)) == 1)
        served.child = children(proc.pid)[0]
        yield served
    finally:
        served.logs = stop(served.proc)
        await slack.stop()


async def test_the_answering_process_answers_what_the_serving_process_acknowledges(
    tmp_path: Path,
) -> None:
    async with acking_only(tmp_path, await FakeSlack().start()) as served:
        assert (await health(served.url))["answering_processes"] == 1
        stamps = [f"7{n}.000100" for n in range(5)]
        await mention_each(served.url, stamps)
        answers = await all_answered(served.slack, stamps, timeout=30)
        # Its counts reach the serving process's /metrics: one instance, one scrape.
        answered = await metric(served.url, "advisor_answers_total")
        outbox_sent = await metric(served.url, "advisor_outbox_sent_total")
    assert {t: answers.get(t) for t in stamps} == dict.fromkeys(stamps, 1)
    assert answered == len(stamps)
    assert outbox_sent == len(stamps)
    assert "Traceback" not in served.logs


async def test_an_answering_process_that_dies_is_replaced_and_nothing_acknowledged_is_lost(
    tmp_path: Path,
) -> None:
    async with acking_only(tmp_path, await FakeSlack().start()) as served:
        first, url = served.child, served.url
        before = [f"81.{n:06d}" for n in range(3)]
        await mention_each(url, before)
        await all_answered(served.slack, before, timeout=30)
        os.kill(first, signal.SIGKILL)
        await until(lambda: not alive(first))
        # Acknowledged while no process answers: they wait in the inbox, then get answered.
        after = [f"82.{n:06d}" for n in range(3)]
        await mention_each(url, after)
        answers = await all_answered(served.slack, before + after, timeout=60)
        await until(lambda: [p for p in children(served.proc.pid) if p != first and alive(p)])
        restarts = await metric(url, "advisor_answering_restarts_total")
        status = await health(url)
    assert {t: answers.get(t) for t in before + after} == dict.fromkeys(before + after, 1)
    assert restarts == 1
    assert status["answering_processes"] == 1
    assert "answering process 0 exited" in served.logs
    assert "Traceback" not in served.logs


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
async def test_answering_processes_end_with_the_serving_process(
    tmp_path: Path, how: signal.Signals
) -> None:
    """Stopped (SIGTERM) or killed (SIGKILL), the serving process leaves none behind: its
    answering processes see their stdin end, finish what they hold, and exit."""
    async with acking_only(tmp_path, await FakeSlack().start()) as served:
        served.proc.send_signal(how)
        logs = served.proc.communicate(timeout=30)[1]  # closes once the answering one exits
        await until(lambda: not alive(served.child))
    assert served.proc.returncode == (0 if how == signal.SIGTERM else -signal.SIGKILL)
    assert "answering process 0 exited" not in logs  # told to stop: not restarted
    assert "answering process stopped" not in logs  # nor an error on its way out
    assert "Traceback" not in logs


async def test_metrics_never_count_an_answering_process_twice(tmp_path: Path) -> None:
    """One that dies while a scrape waits for its counts: counters never go down."""
    async with acking_only(tmp_path, await FakeSlack().start()) as served:
        stamps = [f"83.{n:06d}" for n in range(2)]
        await mention_each(served.url, stamps)
        await all_answered(served.slack, stamps, timeout=30)
        before = await metric(served.url, "advisor_answers_total")
        os.kill(served.child, signal.SIGSTOP)  # it cannot report: the scrape waits
        scrape = asyncio.ensure_future(metric(served.url, "advisor_answers_total"))
        await asyncio.sleep(0.3)
        os.kill(served.child, signal.SIGKILL)
        during = await scrape
        after = await metric(served.url, "advisor_answers_total")
    assert before == during == after == len(stamps)


async def test_a_reload_while_the_answering_process_starts_does_not_end_it(
    tmp_path: Path,
) -> None:
    slack = await FakeSlack().start()
    state = f"sqlite:///{tmp_path}/state.sqlite3"
    proc, url = start_serve({**serve_env(slack, state), "ADVISOR_WORKERS": "0"}, "--http")
    try:
        await wait_healthy(url, proc)
        await until(lambda: children(proc.pid), timeout=10)
        proc.send_signal(signal.SIGHUP)  # it is still starting: told once it is ready
        await mention_each(url, ["84.000001"])
        await all_answered(slack, ["84.000001"], timeout=30)
        restarts = await metric(url, "advisor_answering_restarts_total")
    finally:
        logs = stop(proc)
        await slack.stop()
    assert restarts == 0
    assert "Traceback" not in logs


async def test_killed_with_a_post_in_flight_the_answering_process_exits_and_it_is_sent_once(
    tmp_path: Path,
) -> None:
    """The serving process is SIGKILLed while its answering process waits on a post the
    Web API never answers: the answering process still exits by itself (bounded), and
    the restarted instance delivers the reply from the outbox, once."""
    slack, hung = await FakeSlack().start(), await hung_web_api()
    async with acking_only(tmp_path, hung) as served:
        await mention_each(served.url, ["95.000001"])
        await until(lambda: hung.arrivals.get("chat.postMessage"))  # in flight, held
        served.proc.kill()
        served.proc.communicate(timeout=60)  # stderr closes when the answering process exits
        await until(lambda: not alive(served.child))
        hung.fail_held("chat.postMessage")
        state = f"sqlite:///{tmp_path}/state.sqlite3"
        served.proc, url = start_serve(serve_env(slack, state), "--http")
        await wait_healthy(url, served.proc)
        answers = await all_answered(slack, ["95.000001"], timeout=90)
    await slack.stop()
    assert answers.get("95.000001") == 1
    assert "Traceback" not in served.logs


@pytest.mark.parametrize("trigger", ["sighup", "watch"])
async def test_a_reload_reaches_the_answering_processes(tmp_path: Path, trigger: str) -> None:
    """The content changes (SIGHUP, or `--reload` watching it): the answers given by the
    answering process come from the new content."""
    root = copy_content(tmp_path / "kb")
    watching = ["--reload"] if trigger == "watch" else []
    slack = await FakeSlack().start()
    async with acking_only(tmp_path, slack, *watching, ADVISOR_KB_DIR=str(root)) as served:
        await asyncio.sleep(0.5)  # let the watcher start
        edit(root / "intents/what_is_django.yaml", "answer: |\n  ", "answer: |\n  RELOADED ")
        if trigger == "sighup":
            served.proc.send_signal(signal.SIGHUP)
        asked: list[str] = []

        async def reloaded() -> bool:
            asked.append(f"93.{len(asked):06d}")
            await mention_each(served.url, asked[-1:])
            await all_answered(slack, asked[-1:], timeout=30)
            return "RELOADED" in json.dumps(slack.of("chat.postMessage")[-1].args)

        await poll_until(reloaded)
    assert "Traceback" not in served.logs
