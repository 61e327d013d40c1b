"""Calibrate and measure the sentence verifier on ``evals/verifier_set.jsonl``.

The rules (citations, figures, names, negation) need no calibration; the two thresholds (embedding similarity to the
closest evidence sentence, share of content words found in the cited passages) are chosen on the calibration half
(by F1 of "unsupported" detection, ties to higher precision), then precision and recall of "unsupported" are reported
on the held-out test half and on all items, both for the calibrated thresholds and for the ones shipped in
``assistant/verify.py``. Writes ``evals/reports/verifier.json`` and ``evals/reports/verifier.md``.

    python evals/verifier_eval.py [--set evals/verifier_set.jsonl] [--out evals/reports]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import verify  # noqa: E402
from assistant.embeddings import SentenceEmbedder  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.verify import Passage, Verifier  # noqa: E402


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def assess(items: list[dict[str, Any]], verifier: Verifier) -> list[dict[str, Any]]:
    """Rule verdicts and features for every item (thresholds not yet applied)."""
    rows = []
    for it in items:
        passages = {n: Passage(p["text"], p["sentences"], context=p["context"])
                    for n, p in enumerate(it["passages"], start=1)}
        check = verifier.assess(it["sentence"], it["citations"], passages)
        rows.append({"id": it["id"], "label": it["label"], "kind": it["kind"].split(":")[0], "split": it["split"],
                     "rule_failed": not check.supported, "reason": check.reason, "quoted": check.reason == "quoted",
                     "similarity": check.similarity, "overlap": check.overlap, "sentence": it["sentence"]})
    return rows


def predict(row: dict[str, Any], min_similarity: float, min_overlap: float) -> bool:
    """True when the verifier calls the sentence unsupported."""
    if row["rule_failed"]:
        return True
    if row["quoted"]:
        return False
    return bool(row["similarity"] < min_similarity or row["overlap"] < min_overlap)


def scores(rows: list[dict[str, Any]], min_similarity: float, min_overlap: float) -> dict[str, Any]:
    tp = fp = fn = tn = 0
    for row in rows:
        flagged = predict(row, min_similarity, min_overlap)
        actual = row["label"] == "unsupported"
        tp += flagged and actual
        fp += flagged and not actual
        fn += (not flagged) and actual
        tn += (not flagged) and not actual
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"items": len(rows), "unsupported": tp + fn, "supported": fp + tn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "false_flag_rate": round(fp / (fp + tn), 4) if fp + tn else 0.0}


def calibrate(rows: list[dict[str, Any]]) -> tuple[float, float]:
    best: tuple[float, float, float, float] | None = None
    for sim in np.arange(0.30, 0.96, 0.01):
        for ov in np.arange(0.0, 1.01, 0.05):
            s = scores(rows, float(sim), float(ov))
            key = (s["f1"], s["precision"])
            if best is None or key > (best[0], best[1]):
                best = (s["f1"], s["precision"], round(float(sim), 2), round(float(ov), 2))
    assert best is not None
    return best[2], best[3]


def by_kind(rows: list[dict[str, Any]], min_similarity: float, min_overlap: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in sorted({r["kind"] for r in rows}):
        group = [r for r in rows if r["kind"] == kind]
        flagged = sum(predict(r, min_similarity, min_overlap) for r in group)
        out[kind] = {"label": group[0]["label"], "items": len(group), "flagged": flagged,
                     "flagged_rate": round(flagged / len(group), 4)}
    return out


def misses(rows: list[dict[str, Any]], min_similarity: float, min_overlap: float) -> list[dict[str, Any]]:
    wrong = [r for r in rows if predict(r, min_similarity, min_overlap) != (r["label"] == "unsupported")]
    return [{k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()
             if k in ("id", "label", "kind", "split", "reason", "similarity", "overlap", "sentence")} for r in wrong]


def extractive_check(embedder: Any, questions: Path) -> dict[str, Any]:
    """The dev questions through the real extractive assistant over the shipped corpus (indexed into a temporary
    folder): how many of its answer sentences the verifier flags (it should be none), and what verifying costs."""
    import tempfile

    from assistant.assistant import build_assistant
    from assistant.evals import load_eval_set

    items = load_eval_set(questions)
    with tempfile.TemporaryDirectory() as tmp:
        assistant = build_assistant(Settings(index_dir=Path(tmp) / "index"), embedder=embedder)
        assistant.ingest(progress=False)
        answered = sentences = 0
        flagged: list[dict[str, str]] = []
        verify_ms: list[float] = []
        for item in items:
            answer = assistant.ask(item.question, item.history)
            if answer.abstained or not answer.sentences:
                continue
            answered += 1
            sentences += len(answer.sentences)
            started = time.perf_counter()
            unsupported = assistant.verifier.unsupported_in(answer)
            verify_ms.append((time.perf_counter() - started) * 1000)
            flagged += [{"id": item.id, "sentence": s} for s in unsupported]
    return {"questions": len(items), "answered": answered, "sentences": sentences, "flagged": len(flagged),
            "flagged_sentences": flagged, "verify_ms_mean": round(float(np.mean(verify_ms)), 3) if verify_ms else 0,
            "verify_ms_max": round(float(np.max(verify_ms)), 3) if verify_ms else 0}


def markdown(report: dict[str, Any]) -> str:
    cal, shipped = report["calibrated"], report["shipped"]
    lines = ["# Verifier: precision and recall of \"unsupported\" detection", "",
             f"Labelled set: `{report['set']}`: {report['items']} sentences ({report['supported']} supported, "
             f"{report['unsupported']} unsupported), split by note into a calibration half and a held-out test half.",
             f"Command: `{report['command']}` ({report['seconds']} s in all on {report['machine']}; verifying the set "
             f"took {report['seconds_verifying']} s, {report['ms_per_item']} ms a sentence with a cold cache; timings "
             "are noisy, the machine is shared by five workers).", "",
             f"Calibrated on the calibration half: min similarity **{cal['min_similarity']}**, min word overlap "
             f"**{cal['min_overlap']}**. Shipped in `assistant/verify.py`: {shipped['min_similarity']} and "
             f"{shipped['min_overlap']}.", "",
             "| thresholds | split | items | precision | recall | F1 | supported wrongly flagged |",
             "|---|---|---|---|---|---|---|"]
    for name, block in (("calibrated", cal), ("shipped", shipped)):
        for split in ("calibration", "test", "all"):
            s = block["scores"][split]
            lines.append(f"| {name} | {split} | {s['items']} | {s['precision']:.3f} | {s['recall']:.3f} | "
                         f"{s['f1']:.3f} | {s['fp']} of {s['supported']} ({s['false_flag_rate']:.1%}) |")
    lines += ["", "Rules only (no similarity/overlap thresholds), all items: "
              f"precision {report['rules_only']['precision']:.3f}, recall {report['rules_only']['recall']:.3f}.", "",
              "## By kind (shipped thresholds, all items)", "", "| kind | label | items | flagged unsupported |",
              "|---|---|---|---|"]
    for kind, k in shipped["by_kind"].items():
        lines.append(f"| {kind} | {k['label']} | {k['items']} | {k['flagged']} ({k['flagged_rate']:.0%}) |")
    lines += ["", "## Misclassified (shipped thresholds)", "",
              "| id | label | kind | reason | sim | overlap | sentence |", "|---|---|---|---|---|---|---|"]
    for m in shipped["misses"]:
        sentence = m["sentence"].replace("|", "\\|")
        lines.append(f"| {m['id']} | {m['label']} | {m['kind']} | {m['reason']} | {m['similarity']} | "
                     f"{m['overlap']} | {sentence} |")
    if "extractive" in report:
        e = report["extractive"]
        lines += ["", "## Extractive answers through the same verifier", "",
                  f"The {e['questions']} dev questions (`evals/questions.jsonl`) through the extractive assistant over "
                  f"the shipped corpus: {e['answered']} answered with {e['sentences']} sentences, of which "
                  f"**{e['flagged']}** were flagged unsupported. Verifying an extractive answer took "
                  f"{e['verify_ms_mean']} ms on average ({e['verify_ms_max']} ms at most; noisy, shared machine)."]
        lines += [f"- `{f['id']}`: {f['sentence']}" for f in e["flagged_sentences"]]
    lines += ["", "Caveat: the programmatic items come from the same rules of thumb the verifier encodes (figures, "
              "names, negation), so their recall is optimistic; the hand-written kinds (`hand_invented`, "
              "`hand_paraphrase`) are the closest to what an LLM actually gets wrong."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=ROOT / "evals" / "verifier_set.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "reports")
    parser.add_argument("--extractive", type=Path, nargs="?", const=ROOT / "evals" / "questions.jsonl",
                        help="also run these eval questions through the extractive assistant and count flagged "
                             "sentences (default evals/questions.jsonl; indexes the corpus into a temporary folder)")
    args = parser.parse_args()
    started = time.perf_counter()
    items = load(args.set)
    embedder = SentenceEmbedder(Settings().embedding_model)
    loaded = time.perf_counter()
    rows = assess(items, Verifier(embedder.encode))
    verifying_s = time.perf_counter() - loaded  # embedding the evidence is most of it
    calibration = [r for r in rows if r["split"] == "calibration"]
    splits = {"calibration": calibration, "test": [r for r in rows if r["split"] == "test"], "all": rows}
    sim, ov = calibrate(calibration)

    def block(min_similarity: float, min_overlap: float) -> dict[str, Any]:
        return {"min_similarity": min_similarity, "min_overlap": min_overlap,
                "scores": {name: scores(group, min_similarity, min_overlap) for name, group in splits.items()},
                "by_kind": by_kind(rows, min_similarity, min_overlap),
                "misses": misses(rows, min_similarity, min_overlap)}

    report = {
        "set": str(args.set.relative_to(ROOT)) if args.set.is_relative_to(ROOT) else str(args.set),
        "items": len(rows), "supported": sum(r["label"] == "supported" for r in rows),
        "unsupported": sum(r["label"] == "unsupported" for r in rows),
        "command": "python evals/verifier_eval.py",
        "calibrated": block(sim, ov),
        "shipped": block(verify.MIN_SIMILARITY, verify.MIN_OVERLAP),
        "rules_only": scores(rows, -1.0, 0.0),
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    report["seconds_verifying"] = round(verifying_s, 1)
    report["ms_per_item"] = round(verifying_s * 1000 / max(1, len(rows)), 1)
    if args.extractive:
        report["command"] += " --extractive"
        report["extractive"] = extractive_check(embedder, args.extractive)
    report["seconds"] = round(time.perf_counter() - started, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "verifier.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "verifier.md").write_text(markdown(report), encoding="utf-8")
    for name in ("calibrated", "shipped"):
        b = report[name]
        print(f"{name} (sim {b['min_similarity']}, overlap {b['min_overlap']}): " + "; ".join(
            f"{split} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}" for split, s in b["scores"].items()))
    print(f"wrote {args.out / 'verifier.json'} and {args.out / 'verifier.md'}")


if __name__ == "__main__":
    main()
