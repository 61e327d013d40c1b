"""Check the development eval set (evals/questions.jsonl) against the corpus and print a summary.

Run:  .venv/bin/python evals/validate_questions.py [path/to/questions.jsonl]

Checks, each failure printed as one line naming the item, the field and the problem:
  * schema: field names and types, unique ids, kind in {answerable, unanswerable, followup}, "answerable" agrees
    with kind, history is a list of {role, content} turns ending with the assistant, 1-3 must_include strings;
  * every expected_doc_id is the id of a note in corpus/policy or corpus/data;
  * every must_include matches the body (front matter excluded) of at least one expected note, as a
    case-insensitive substring or, with the "re:" prefix, as a case-insensitive Python regex;
  * unanswerable items: no expected docs or must_include, and the absence probes below (regexes that would
    only match if the corpus held the answer) match no note body;
  * broad items (kind "broad"): a qtype (explanation, list, comparison, trend) and 4-8 aspects, each a regex or
    substring like must_include that matches the body of at least one note (an expected note, or a warning);
    must_include and expected_doc_ids are optional for them;
  * split: "tune" or "heldout" on every item, and at least a third of each kind (and each broad qtype) held out;
  * the set as a whole: at least 80 items, 65 standalone answerable, 15 unanswerable (2 of them off-topic),
    8 two-turn follow-ups and 40 broad questions (at least 8 explanation, 8 list, 6 comparison, 6 trend).
Warnings (not failures): near-duplicate questions, questions that copy a run of 8 words from a note, unanswerable
items without an absence probe, and notes no question points at.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIRS = (ROOT / "corpus" / "policy", ROOT / "corpus" / "data")
DEFAULT_QUESTIONS = ROOT / "evals" / "questions.jsonl"

KINDS = ("answerable", "unanswerable", "followup", "broad")
QTYPES = ("explanation", "list", "comparison", "trend")
SPLITS = ("tune", "heldout")
HELDOUT_MIN = 1 / 3
TOPICS = frozenset(
    [
        "basics", "uses", "defense", "ai-data-centres", "semiconductors", "supply-chain", "china-share",
        "export-controls", "trade-deals", "us-policy", "allied-policy", "funding", "stockpiles",
        "critical-mineral-lists", "partnerships", "prices", "quotas", "lead-times", "processing", "environment",
        "recycling", "substitution", "demand", "history", "production", "reserves", "off-topic",
    ]
)
REQUIRED = {"id": str, "question": str, "expected_doc_ids": list, "must_include": list, "answerable": bool,
            "topic": str, "kind": str}
OPTIONAL = {"history": list, "aspects": list, "qtype": str, "split": str}
MINIMUMS = {"items": 80, "answerable": 65, "unanswerable": 15, "followup": 8, "off-topic": 2, "broad": 40,
            "explanation": 8, "list": 8, "comparison": 6, "trend": 6}

# Absence probes for unanswerable items: regexes (case-insensitive, searched in every note body) that would match
# only if the corpus held the answer. A hit means the item is not unanswerable and must be fixed or dropped.
ABSENCE_PROBES: dict[str, list[str]] = {
    "q161": [r"royalt"],
    "q162": [r"KOMIR", r"Korea\w*[^.\n]{0,80}stockpil"],
    "q163": [r"Eurofighter", r"Typhoon"],
    "q164": [r"indium[^.\n]{0,80}(GPU|Nvidia)", r"(GPU|Nvidia)[^.\n]{0,80}indium"],
    "q165": [r"Kazakhstan[^.\n]{0,80}\d{1,3},\d{3}", r"Kazakhstan[^.\n]{0,80}(tonnes|t REO|output|mined)"],
    "q166": [r"Bolivia", r"royalt"],
    "q167": [r"Vietnam[^.\n]{0,120}Japan", r"Japan[^.\n]{0,120}Vietnam"],
    "q168": [r"Energy Fuels", r"White Mesa"],
    "q169": [r"gallium[^.\n]{0,100}(minimum (import )?price|price floor)",
             r"(imposed|set|introduced) (a )?(minimum import price|price floor)"],
    "q170": [r"Indonesia[^.\n]{0,120}\b(ban|banned|export)", r"nickel ore"],
    "q171": [r"Dobra[^.\n]{0,150}\b(won|winner|awarded|selected)\b"],
    "q172": [r"Zimbabwe"],
    "q173": [r"[ÉE]vian", r"2026 G7 (leaders' )?summit[^.\n]{0,60}\b(agreed|adopted|decided|launched)\b"],
    "q174": [r"lithium carbonate"],
    "q175": [r"World Cup", r"FIFA"],
    "q176": [r"\beggs?\b", r"\bboil"],
    "q177": [r"palladium"],
    "q178": [r"(extended|renewed|prolonged) (the|its) (gallium[^.\n]{0,40})?suspension (until|to|into|through)",
             r"27 November 2026[^.\n]{0,80}\b(was|were) (extended|renewed|lifted|ended|reimposed)"],
}

STOPWORDS = frozenset(
    [
        "a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "by", "with", "from", "at", "as", "is", "are",
        "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "what", "which", "who", "whom",
        "when", "where", "why", "how", "did", "do", "does", "has", "have", "had", "much", "many", "any", "there",
        "their", "they", "about", "into", "than", "so", "s", "i", "me", "my", "our", "we", "you", "your", "can",
        "could", "would", "should", "will", "up", "down", "out", "over", "under", "per", "vs",
    ]
)


def load_notes() -> tuple[dict[str, str], list[str]]:
    """Map note id -> body text (front matter excluded); also return problems found while reading."""
    notes: dict[str, str] = {}
    problems: list[str] = []
    for folder in CORPUS_DIRS:
        for path in sorted(folder.glob("*.md")):
            text = path.read_text(encoding="utf-8")
            match = re.match(r"^---\s*\n(.*?)\n---\s*\n(.*)$", text, re.DOTALL)
            if not match:
                problems.append(f"{path.relative_to(ROOT)}: no YAML front matter")
                continue
            meta = yaml.safe_load(match.group(1)) or {}
            note_id = str(meta.get("id", "")).strip()
            if not note_id:
                problems.append(f"{path.relative_to(ROOT)}: front matter has no id")
            elif note_id in notes:
                problems.append(f"{path.relative_to(ROOT)}: duplicate note id {note_id!r}")
            else:
                notes[note_id] = match.group(2)
    return notes, problems


def pattern_matches(pattern: str, text: str) -> bool:
    """A must_include entry: 're:' + Python regex, else a plain substring; both case-insensitive."""
    if pattern.startswith("re:"):
        return re.search(pattern[3:], text, re.IGNORECASE) is not None
    return pattern.lower() in text.lower()


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9][a-z0-9.%$-]*", text.lower()) if w not in STOPWORDS and len(w) > 1}


def check_item(item: dict, line_no: int, notes: dict[str, str]) -> list[str]:
    """Problems with one item, each as a single line."""
    name = f"line {line_no} ({item.get('id', '?')})"
    errors: list[str] = []
    for field, kind in REQUIRED.items():
        if field not in item:
            errors.append(f"{name}: {field}: missing")
        elif not isinstance(item[field], kind):
            errors.append(f"{name}: {field}: expected {kind.__name__}, got {type(item[field]).__name__}")
    for field in item:
        if field not in REQUIRED and field not in OPTIONAL:
            errors.append(f"{name}: {field}: unknown field")
    if errors:
        return errors

    if not item["question"].strip():
        errors.append(f"{name}: question: empty")
    if item["kind"] not in KINDS:
        errors.append(f"{name}: kind: {item['kind']!r} is not one of {', '.join(KINDS)}")
    if item["topic"] not in TOPICS:
        errors.append(f"{name}: topic: {item['topic']!r} is not in the corpus topic vocabulary (or 'off-topic')")
    if item["kind"] == "unanswerable" and item["answerable"]:
        errors.append(f"{name}: answerable: must be false for kind 'unanswerable'")
    if item["kind"] in ("answerable", "followup", "broad") and not item["answerable"]:
        errors.append(f"{name}: answerable: must be true for kind {item['kind']!r}")
    if item.get("split") not in SPLITS:
        errors.append(f"{name}: split: {item.get('split')!r} is not one of {', '.join(SPLITS)} "
                      "(run evals/split_questions.py)")
    aspects = item.get("aspects")
    if item["kind"] == "broad":
        if item.get("qtype") not in QTYPES:
            errors.append(f"{name}: qtype: {item.get('qtype')!r} is not one of {', '.join(QTYPES)}")
        if not isinstance(aspects, list) or not 4 <= len(aspects) <= 8:
            errors.append(f"{name}: aspects: a broad question needs 4-8 aspects")
            aspects = []
        for pattern in aspects:
            if not isinstance(pattern, str) or not pattern.strip():
                errors.append(f"{name}: aspects: {pattern!r} is not a non-empty string")
                continue
            if pattern.startswith("re:"):
                try:
                    re.compile(pattern[3:])
                except re.error as err:
                    errors.append(f"{name}: aspects: bad regex {pattern!r}: {err}")
                    continue
            if not any(pattern_matches(pattern, body) for body in notes.values()):
                errors.append(f"{name}: aspects: {pattern!r} matches no note: the corpus does not state it")
    elif aspects is not None or item.get("qtype") is not None:
        errors.append(f"{name}: aspects/qtype: only kind 'broad' carries them")

    history = item.get("history")
    if item["kind"] == "followup":
        if not history:
            errors.append(f"{name}: history: a follow-up needs the earlier turns")
        else:
            for i, turn in enumerate(history):
                if (not isinstance(turn, dict) or set(turn) != {"role", "content"}
                        or turn["role"] not in ("user", "assistant") or not isinstance(turn["content"], str)
                        or not turn["content"].strip()):
                    errors.append(f"{name}: history[{i}]: expected {{'role': 'user'|'assistant', 'content': str}}")
                elif turn["role"] != ("user" if i % 2 == 0 else "assistant"):
                    errors.append(f"{name}: history[{i}]: turns must alternate user, assistant")
            if history and isinstance(history[-1], dict) and history[-1].get("role") != "assistant":
                errors.append(f"{name}: history: must end with the assistant's reply")
    elif history is not None:
        errors.append(f"{name}: history: only kind 'followup' carries a history")

    docs, musts = item["expected_doc_ids"], item["must_include"]
    if item["kind"] == "broad":
        if len(musts) > 3:
            errors.append(f"{name}: must_include: give at most 3 key facts, got {len(musts)}")
    elif item["answerable"]:
        if not docs:
            errors.append(f"{name}: expected_doc_ids: an answerable item needs at least one note")
        if not 1 <= len(musts) <= 3:
            errors.append(f"{name}: must_include: give 1-3 key facts, got {len(musts)}")
    else:
        if docs or musts:
            errors.append(f"{name}: expected_doc_ids/must_include: must be empty for an unanswerable item")
        for probe in ABSENCE_PROBES.get(item["id"], []):
            hits = [nid for nid, body in notes.items() if re.search(probe, body, re.IGNORECASE)]
            if hits:
                errors.append(f"{name}: absence probe {probe!r} matches notes {hits}: the corpus may answer it")

    if len(set(docs)) != len(docs):
        errors.append(f"{name}: expected_doc_ids: duplicates")
    for doc in docs:
        if not isinstance(doc, str) or doc not in notes:
            errors.append(f"{name}: expected_doc_ids: {doc!r} is not the id of any note")
    for pattern in musts:
        if not isinstance(pattern, str) or not pattern.strip():
            errors.append(f"{name}: must_include: {pattern!r} is not a non-empty string")
            continue
        if pattern.startswith("re:"):
            try:
                re.compile(pattern[3:])
            except re.error as err:
                errors.append(f"{name}: must_include: bad regex {pattern!r}: {err}")
                continue
        if not any(pattern_matches(pattern, notes[d]) for d in docs if d in notes):
            errors.append(f"{name}: must_include: {pattern!r} matches none of the expected notes {docs}")
    return errors


def warnings_for(items: list[dict], notes: dict[str, str]) -> list[str]:
    warnings: list[str] = []
    words = [content_words(it["question"]) for it in items]
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            union = words[i] | words[j]
            if union and len(words[i] & words[j]) / len(union) >= 0.6:
                warnings.append(f"near-duplicate questions: {items[i]['id']} / {items[j]['id']}")
    grams: dict[tuple[str, ...], str] = {}
    for nid, body in notes.items():
        tokens = re.findall(r"[a-z0-9]+", body.lower())
        for k in range(len(tokens) - 7):
            grams.setdefault(tuple(tokens[k:k + 8]), nid)
    for it in items:
        tokens = re.findall(r"[a-z0-9]+", it["question"].lower())
        copied = {grams[tuple(tokens[k:k + 8])] for k in range(len(tokens) - 7) if tuple(tokens[k:k + 8]) in grams}
        if copied:
            warnings.append(f"{it['id']}: question copies 8+ words from {sorted(copied)}")
    ids = {it["id"]: it for it in items}
    for qid in ABSENCE_PROBES:
        if qid not in ids:
            warnings.append(f"absence probe for {qid}, which is not in the set")
        elif ids[qid]["kind"] != "unanswerable":
            warnings.append(f"absence probe for {qid}, which is not an unanswerable item")
    for it in items:
        if it["kind"] == "unanswerable" and it["id"] not in ABSENCE_PROBES:
            warnings.append(f"{it['id']}: unanswerable item without an absence probe")
    used = {d for it in items for d in it["expected_doc_ids"]}
    for nid in sorted(set(notes) - used):
        warnings.append(f"note {nid} is not expected by any question")
    for it in items:
        docs = [notes[d] for d in it["expected_doc_ids"] if d in notes]
        for pattern in it.get("aspects") or []:
            if docs and not any(pattern_matches(pattern, body) for body in docs):
                warnings.append(f"{it['id']}: aspect {pattern!r} is in no expected note (only elsewhere)")
    return warnings


def split_problems(items: list[dict]) -> list[str]:
    """At least a third of each kind, and of each broad question type, is held out."""
    strata: dict[str, list[dict]] = {}
    for it in items:
        strata.setdefault(it["kind"], []).append(it)
        if it["kind"] == "broad" and it.get("qtype"):
            strata.setdefault(f"broad/{it['qtype']}", []).append(it)
    out = []
    for name, members in sorted(strata.items()):
        held = sum(1 for it in members if it.get("split") == "heldout")
        if held < HELDOUT_MIN * len(members):
            out.append(f"set: split: {name} holds {held} of {len(members)} items out; at least a third must be")
    return out


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_QUESTIONS
    notes, errors = load_notes()
    items: list[dict] = []
    seen_ids: Counter[str] = Counter()
    seen_questions: Counter[str] = Counter()
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            errors.append(f"line {line_no}: not valid JSON: {err}")
            continue
        if not isinstance(item, dict):
            errors.append(f"line {line_no}: expected a JSON object")
            continue
        item_errors = check_item(item, line_no, notes)
        errors.extend(item_errors)
        if not any(": missing" in e or ": expected " in e for e in item_errors):
            items.append(item)
        seen_ids[str(item.get("id"))] += 1
        seen_questions[str(item.get("question", "")).strip().lower()] += 1
    errors += [f"id {i!r}: used {n} times" for i, n in seen_ids.items() if n > 1]
    errors += [f"question {q!r}: asked {n} times" for q, n in seen_questions.items() if n > 1]

    kinds = Counter(it["kind"] for it in items)
    topics = Counter(it["topic"] for it in items)
    qtypes = Counter(it.get("qtype") for it in items if it["kind"] == "broad")
    counts = {"items": len(items), "answerable": kinds["answerable"], "unanswerable": kinds["unanswerable"],
              "followup": kinds["followup"], "broad": kinds["broad"],
              "off-topic": sum(1 for it in items if it["kind"] == "unanswerable" and it["topic"] == "off-topic"),
              **{q: qtypes[q] for q in QTYPES}}
    errors += split_problems(items)
    for key, minimum in MINIMUMS.items():
        if counts[key] < minimum:
            errors.append(f"set: {key}: {counts[key]} items, need at least {minimum}")

    warnings = warnings_for(items, notes)
    used = {d for it in items for d in it["expected_doc_ids"]}
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(items)} items "
          f"against {len(notes)} notes")
    print("by kind:  " + ", ".join(f"{k} {kinds[k]}" for k in KINDS))
    print("broad by qtype: " + ", ".join(f"{q} {qtypes[q]}" for q in QTYPES))
    splits = Counter((it["kind"], it.get("split")) for it in items)
    print("by split: " + ", ".join(f"{k} {splits[(k, 'tune')]} tune / {splits[(k, 'heldout')]} heldout" for k in KINDS)
          + f"; all {sum(v for (k, s), v in splits.items() if s == 'tune')} tune / "
          f"{sum(v for (k, s), v in splits.items() if s == 'heldout')} heldout")
    print(f"answerable flag: true {sum(it['answerable'] for it in items)}, "
          f"false {sum(not it['answerable'] for it in items)}")
    print("by topic: " + ", ".join(f"{t} {n}" for t, n in sorted(topics.items(), key=lambda x: (-x[1], x[0]))))
    print(f"notes expected by at least one question: {len(used & set(notes))} of {len(notes)}")
    for w in warnings:
        print(f"WARNING {w}")
    for e in errors:
        print(f"ERROR {e}")
    print(f"{'FAILED' if errors else 'OK'}: {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
