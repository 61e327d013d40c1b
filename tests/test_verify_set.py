"""The labelled verifier set is what the builder makes from the shipped corpus, and big enough to mean something."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.settings import PROJECT_ROOT

SET = PROJECT_ROOT / "evals" / "verifier_set.jsonl"


def load_builder() -> Any:
    path = PROJECT_ROOT / "evals" / "build_verifier_set.py"
    spec = importlib.util.spec_from_file_location("build_verifier_set", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_set_has_at_least_100_of_each_label_in_both_halves() -> None:
    items = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]
    labels = Counter(it["label"] for it in items)
    assert labels["supported"] >= 100 and labels["unsupported"] >= 100
    halves = Counter((it["split"], it["label"]) for it in items)
    assert min(halves.values()) >= 40 and len(halves) == 4
    for it in items:
        assert set(it) >= {"id", "sentence", "citations", "passages", "label", "kind", "doc_id", "split"}
        assert it["passages"] and all(p["text"] and p["sentences"] for p in it["passages"])
    # no note lends sentences to both halves
    assert not {i["doc_id"] for i in items if i["split"] == "test"} & \
        {i["doc_id"] for i in items if i["split"] == "calibration"}


def test_the_committed_set_is_what_the_builder_makes(tmp_path: Path) -> None:
    builder = load_builder()
    rebuilt = builder.build()
    committed = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]
    assert [{k: v for k, v in it.items() if k != "id"} for it in committed] == rebuilt, \
        "evals/verifier_set.jsonl is stale; run python evals/build_verifier_set.py and commit it"


def test_corruptions_really_change_the_sentence() -> None:
    import random

    builder = load_builder()
    rng = random.Random(0)
    sentence = "China produced about 98% of the world's gallium in 2023, according to the USGS."
    changed = builder.change_figure(sentence, rng)
    assert changed != sentence and changed is not None
    assert builder.negate("The rule would apply to eight items.") == "The rule would not apply to eight items."
    swapped = builder.swap_entity(sentence, sentence, rng)
    assert swapped is not None and "China" not in swapped or "gallium" not in swapped
