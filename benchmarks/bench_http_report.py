"""The HTTP benchmark's verdict against its targets, and its table."""

from __future__ import annotations

from typing import Any


def check(results: dict[str, dict[str, Any]], minimal_pbr: str) -> dict[str, Any]:
    ours = results["advisor"]
    summary: dict[str, Any] = {"results": results, "checks": {}}
    checks: dict[str, bool] = summary["checks"]
    flood, steady = ours["flood"], ours["steady"]
    checks["every acknowledged mention answered once"] = (
        flood["answered"] >= flood["acked"] and flood["duplicates"] == 0
    )
    checks["steady: every mention acked and answered"] = (
        steady["acked"] == steady["sent"] == steady["answered"]
    )
    checks["steady: answer latency p99 <= 100 ms"] = (steady["p99_ms"] or 1e9) <= 100
    checks["mentions: ack p99 <= 50 ms"] = ours["mention"]["p99_ms"] <= 50
    minimal = [n for n in results if n.startswith("bolt-python")]
    if minimal_pbr in results:
        base = results[minimal_pbr]["mention"]["acked_per_s"]
        summary["mention_ack_share"] = round(ours["mention"]["acked_per_s"] / base, 3)
        summary["answered_share"] = round(flood["answered_per_s"] / base, 3)
        checks["mentions acked >= 50% of minimal Bolt (pbr)"] = summary["mention_ack_share"] >= 0.5
        checks["answered in the flood >= 25% of it"] = summary["answered_share"] >= 0.25
    if minimal:
        best = max(results[n]["command"]["acked_per_s"] for n in minimal)
        js = results.get("bolt-js", {}).get("command", {}).get("acked_per_s", 0)
        command = ours["command"]
        summary["compare_share_of_best_python"] = round(command["acked_per_s"] / best, 3)
        if js:
            summary["compare_share_of_js"] = round(command["acked_per_s"] / js, 3)
        checks["/compare >= minimal apps, p99 <= 20 ms"] = (
            command["acked_per_s"] >= max(best, js)
            and command["p99_ms"] <= 20
            and command["not_acked"] == 0
        )
    summary["passed"] = all(checks.values())
    return summary


def print_table(summary: dict[str, Any]) -> None:
    results = summary["results"]
    print(f"{'app':40} {'kind':8} {'acked/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'not acked':>9}")
    for name, kinds in results.items():
        for kind in ("command", "mention"):
            r = kinds[kind]
            print(f"{name:40} {kind:8} {r['acked_per_s']:8d} {r['p50_ms']:7.2f} "
                  f"{r['p99_ms']:7.2f} {r['not_acked']:9d}")  # fmt: skip
    flood, steady = results["advisor"]["flood"], results["advisor"]["steady"]
    print(f"advisor: {results['advisor']['answering_processes']} answering process(es) "
          "beside the serving one")  # fmt: skip
    print(f"advisor, mention flood: {flood['acked']} acknowledged, answered "
          f"{flood['answered_per_s']}/s during it; all {flood['answered']} answered "
          f"{flood['drain_s']} s after it ended, {flood['duplicates']} duplicates")  # fmt: skip
    print(
        f"advisor, steady {steady['sent']} mentions: answer latency p50 "
        f"{steady['p50_ms']} ms, p99 {steady['p99_ms']} ms ({steady['answered']} answered)"
    )
    for key in ("mention_ack_share", "answered_share", "compare_share_of_best_python",
                "compare_share_of_js"):  # fmt: skip
        if key in summary:
            print(f"{key}: {summary[key]:.0%}")
    for name, ok in summary["checks"].items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
