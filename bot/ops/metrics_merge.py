"""One /metrics for a serving process and its answering processes (answerers.py).

Each answering process sends a snapshot of its counters and histograms (its gauges
describe shared things, such as the inbox, that the serving process reports itself);
the serving process adds them to its own samples of the same name and labels, so a
scrape sees one instance whichever of its processes did the work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.samples import Sample

SUMMED = ("counter", "histogram")
SUFFIXES = ("_total", "_bucket", "_count", "_sum")  # a summed family's sample names
SampleKey = tuple[str, tuple[tuple[str, str], ...]]  # sample name, sorted labels
Snapshot = list[list[Any]]  # [[sample name, {label: value}, value], ...]


def snapshot(registry: CollectorRegistry) -> Snapshot:
    """This process's counter and histogram samples (creation times left out)."""
    return [
        [s.name, s.labels, s.value]
        for family in registry.collect()
        if family.type in SUMMED
        for s in family.samples
        if not s.name.endswith("_created")
    ]


def total(snapshots: Iterable[Snapshot]) -> Counter[SampleKey]:
    summed: Counter[SampleKey] = Counter()
    for taken in snapshots:
        for name, labels, value in taken:
            summed[(name, tuple(sorted(labels.items())))] += value
    return summed


class _Merged:
    """What `generate_latest` needs of a registry: the families, with others' samples added."""

    def __init__(self, registry: CollectorRegistry, others: Mapping[SampleKey, float]) -> None:
        self._registry = registry
        self._others = others

    def collect(self) -> Iterator[Metric]:
        others = Counter(self._others)
        for family in self._registry.collect():
            if family.type not in SUMMED:
                yield family
                continue
            merged = Metric(family.name, family.documentation, family.type, family.unit)
            for s in family.samples:
                key = (s.name, tuple(sorted(s.labels.items())))
                merged.samples.append(s._replace(value=s.value + others.pop(key, 0.0)))
            names = {family.name + end for end in SUFFIXES}
            for key in [k for k in others if k[0] in names]:  # what only the others have
                merged.samples.append(Sample(key[0], dict(key[1]), others.pop(key)))
            yield merged


def exposition(registry: CollectorRegistry, others: Mapping[SampleKey, float]) -> bytes:
    return bytes(generate_latest(_Merged(registry, others)))
