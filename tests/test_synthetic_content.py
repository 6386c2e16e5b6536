"""The benchmarks' synthetic handbook (tests/benchmarks/synthetic.py): valid content, and with `distinct_text` no
run of Chinese text shared between copies, so a cost benchmark cannot gain from work remembered across copies."""

from __future__ import annotations

import re

from handbook.check import check_handbook
from benchmarks.synthetic import _COPY_MARKS, synthesize
from handbook.names import PLACEHOLDER

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def test_every_copy_mark_passes_the_check_and_no_run_repeats_between_copies(tmp_path) -> None:
    # The real scenarios and two copies, validated and linted in full (each of the 99 marks was checked once, at 100x:
    # a mark that forms a word the lint refuses, as 木 did in 木有, stops the benchmark's build).
    handbook = check_handbook(synthesize(tmp_path / "snippets", 3, distinct_text=True))
    runs: dict[str, set[str]] = {}
    for scenario_id, entry in handbook.scenarios.items():
        copy = re.search(r"-v(\d+)$", scenario_id)
        texts = [line for template in entry.model.templates for line in (template.text, template.when or "")]
        texts += [*entry.model.buyer_says, entry.model.goal]
        found = {run for text in texts for run in _HAN_RUN.findall(PLACEHOLDER.sub("", text))}
        runs.setdefault(copy.group(1) if copy else "0", set()).update(found)
    assert set(runs) == {"0", "1", "2"}
    assert not runs["0"] & runs["1"] and not runs["1"] & runs["2"] and not runs["0"] & runs["2"]
    assert len(set(_COPY_MARKS)) == len(_COPY_MARKS) >= 99
