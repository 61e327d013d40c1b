"""Eval sets as a team writes them: only stated checks, n/a metrics, CSV and XLSX, expected answers, human review,
two runs compared, and the per-item HTML report. Pure logic uses made-up items; one test runs the CLI end to end on
the fixture corpus."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.evals import gate
from assistant.evals.metrics import NA, metrics
from assistant.evals.report import build_payload, diff, html_report, markdown_report, render_answer
from assistant.evals.reviews import answer_sha, apply_reviews, load_reviews
from assistant.evals.runner import EvalItem, ItemResult
from assistant.evals.sets import EvalSetError, read_eval_set

runner = CliRunner()
SOURCE = {"n": 1, "doc_id": "tin-note", "title": "Tin smelting in Ruritania", "publisher": "Ruritanian Survey",
          "url": "https://survey.example.org/tin", "published": "2024-05-01", "quote": "Ruritania smelts 41% of tin."}


def _result(item: EvalItem, answer: str | None = "Ruritania smelts 41% of the world's tin [1].", *,
            ranked: list[str] | None = None, abstained: bool = False, missing: list[str] | None = None,
            **extra: object) -> ItemResult:
    return ItemResult(item, ranked or ["tin-note"], answer, abstained, missing or [],
                      {"retrieve": 4.0, "end_to_end": 9.0}, [SOURCE] if answer else [], **extra)  # type: ignore[arg-type]


def test_a_set_without_expected_docs_passes_right_answers() -> None:
    item = EvalItem(id="a", question="Who smelts most tin?", must_include=["41%"])
    off = EvalItem(id="b", question="Best pizza topping?", answerable=False)
    results = [_result(item), _result(off, "I could not find that in the notes.", abstained=True)]
    assert results[0].verdicts() == {"answerable": True, "facts": True, "citations": True}
    assert all(r.passed for r in results)
    m = metrics(results)
    assert m["pass_rate"] == 1.0 and m["n"]["pass_rate"] == 2
    for key in ("hit@1", "hit@5", "mrr@10", "followup_accuracy", "aspect_coverage", "expected_answer_figures"):
        assert m[key] == NA and m["n"][key] == 0, key


def test_na_metrics_in_json_markdown_and_html() -> None:
    item = EvalItem(id="a", question="Who smelts most tin?", must_include=["41%"])
    payload = build_payload({"hybrid": [_result(item)]}, "hybrid", {"eval_set": "team.csv", "label": "corpus v2"})
    json.loads(json.dumps(payload))
    assert payload["metrics"]["hit@5"] == "n/a" and payload["systems"]["hybrid"]["hit_curve"] is None
    text = markdown_report(payload)
    assert "| hit@5 | n/a (n=0) |" in text and "answer_contains_facts | 1 (n=1)" in text
    assert "(corpus v2)" in text
    page = html_report(payload)
    assert "n/a (n=0)" in page and "corpus v2" in page
    assert page.count("data:image/png;base64,") == 2  # no hit@k plot without expected documents


def test_items_carry_only_their_checks() -> None:
    assert EvalItem(id="a", question="q").checks == []
    assert EvalItem(id="a", question="q", expected_doc_ids=["x"]).checks == ["retrieval", "answerable"]
    assert EvalItem(id="a", question="q", answerable=False).checks == ["declines"]
    assert EvalItem(id="a", question="q", expected_answer="about 40%").checks == ["answerable", "figures"]
    assert EvalItem(id="a", question="q", expected_answer="it is brittle").checks == ["answerable", "similarity"]
    unchecked = _result(EvalItem(id="a", question="q"))
    assert unchecked.passed is None and metrics([unchecked])["pass_rate"] == NA


def test_expected_answer_is_scored_by_its_figures() -> None:
    item = EvalItem(id="a", question="q", expected_answer="Output was US$1.4 billion, 41% of the total, in 2024.")
    right = _result(item, "In 2024 it reached 1,400 million dollars, or 41 percent [1].")
    wrong = _result(item, "In 2024 it reached US$1.2 billion, or 41% [1].")
    assert right.verdicts()["figures"] and right.figures_missing == []
    assert not wrong.verdicts()["figures"] and wrong.figures_missing == ["1400000000"]
    assert "expected figures missing ['1400000000']" in wrong.problem()
    m = metrics([right, wrong])
    assert m["expected_answer_figures"] == 0.5 and m["n"]["expected_answer_figures"] == 2


def test_broad_metrics_and_answer_type() -> None:
    item = EvalItem(id="a", question="Why does tin matter?", kind="broad", qtype="explanation",
                    aspects=["solder", "re:electronic", "re:ruritan", "re:stockpil"])
    filler = " ".join(["word"] * 300)
    early = _result(item, "Tin is solder for electronics; Ruritania smelts most of it [1].", answer_type="explanation")
    late = _result(item, f"Tin is solder. {filler} Electronics and Ruritania [1].", answer_type="list")
    read_more = _result(item, "Tin is solder [1].\n\n**Read more**\n- Ruritania electronics stockpiles")
    assert early.aspects == [True, True, True, False] and early.verdicts()["aspects"]
    assert late.aspects == [True, False, False, False] and not late.verdicts()["aspects"]
    assert read_more.aspects == [True, False, False, False]  # the related-notes list does not count
    m = metrics([early, late])
    assert m["aspect_coverage"] == round((0.75 + 0.25) / 2, 4) and m["broad_3plus"] == 0.5
    assert m["answer_type_accuracy"] == 0.5 and m["n"]["answer_type_accuracy"] == 2
    assert m["answer_words"] == round((early.words + late.words) / 2, 4)


def test_a_fact_only_the_read_more_titles_give_is_missing() -> None:
    from assistant.evals.runner import facts_missing

    text = "Ruritania smelts 41% of the world's tin [1].\n\n**Read more:** Ruritania's 2031 tin fund (as of 2031-01-01)"
    assert facts_missing(["41%", "tin fund", "re:20\\d\\d fund"], text) == ["tin fund", "re:20\\d\\d fund"]
    assert facts_missing(["41%"], "It is 41% [1].") == []


def test_a_bare_figure_fact_matches_the_same_quantity_written_another_way() -> None:
    from assistant.evals.runner import facts_missing

    text = "Ruritania mined 12.5 kt of tin, 40 per cent of it for solder [1]."
    assert facts_missing(["12,500", "40%"], text) == []
    # a different quantity, or a fact with words beside its figure, still has to be written as it is
    assert facts_missing(["1,250", "12,500 tonnes of tin", "41%"], text) == ["1,250", "12,500 tonnes of tin", "41%"]


def test_metrics_per_split() -> None:
    tune = EvalItem(id="a", question="q", must_include=["41%"], split="tune")
    held = EvalItem(id="b", question="q", must_include=["99%"], split="heldout")
    payload = build_payload({"hybrid": [_result(tune), _result(held, missing=["99%"])]}, "hybrid", {})
    splits = payload["metrics"]["by_split"]
    assert splits["tune"]["answer_contains_facts"] == 1.0 and splits["heldout"]["answer_contains_facts"] == 0.0
    assert payload["metrics"]["answer_contains_facts"] == 0.5
    assert "| answer_contains_facts | 0.5 (n=2) | 1 (n=1) | 0 (n=1) |" in markdown_report(payload)
    limits = {"min": {"by_split.heldout.answer_contains_facts": 0.5, "hit@5": 0.9}, "max": {}}
    assert gate.check(payload["metrics"], limits) == [
        "by_split.heldout.answer_contains_facts = 0, below the minimum 0.5"]  # hit@5 is n/a here: not judged
    assert gate.not_applicable(payload["metrics"], limits) == ["hit@5"]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_bad_rows_are_reported_with_their_row_number_and_skipped(tmp_path: Path) -> None:
    path = _csv(tmp_path / "set.csv", [
        ["question", "must_include", "answerable", "colour"],
        ["Who smelts most tin?", "41%;re:ruritan", "true", ""],
        ["", "41%", "true", ""],
        ["Which tin price?", "re:(unclosed", "", ""],
        ["Any tin in Atlantis?", "", "false", "blue"],
        ["Is tin brittle?", "", "maybe", ""],
    ])
    loaded = read_eval_set(path)
    assert [i.question for i in loaded.items] == ["Who smelts most tin?"]
    assert loaded.items[0].must_include == ["41%", "re:ruritan"] and loaded.items[0].id == "row-2"
    assert [p.split(":")[1] for p in loaded.problems] == ["3", "4", "5", "6"]
    assert "question is empty" in loaded.problems[0] and "not a valid regex" in loaded.problems[1]
    assert "unknown column(s) 'colour'" in loaded.problems[2] and "not true or false" in loaded.problems[3]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_round_trips(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"team{suffix}"
    result = runner.invoke(app, ["eval", "template", "--out", str(out)])
    assert result.exit_code == 0, result.output
    loaded = read_eval_set(out)
    assert loaded.problems == [] and len(loaded.items) == 1
    item = loaded.items[0]
    assert item.id == "example-1" and item.answerable is True and item.must_include == ["re:\\d+\\s*%"]
    assert item.checks == ["answerable", "facts"]


def test_history_column_makes_a_followup(tmp_path: Path) -> None:
    path = _csv(tmp_path / "set.csv", [["question", "history", "must_include"],
                                       ["And in 2023?", "Tin output in 2024? || 41 kt.", "2023"]])
    item = read_eval_set(path).items[0]
    assert item.is_followup and [t.role for t in item.history or []] == ["user", "assistant"]


def test_bad_sets_exit_2_with_one_line(tmp_path: Path) -> None:
    from openpyxl import Workbook

    headerless = tmp_path / "noheader.xlsx"
    book = Workbook()
    book.active.append(["Who smelts most tin?", "41%"])
    book.save(headerless)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    unchecked = tmp_path / "unchecked.csv"
    _csv(unchecked, [["question"], ["Who smelts most tin?"]])
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    cases = [(tmp_path / "missing.csv", "no such file"), (empty, "holds no usable eval items"),
             (headerless, "not a header with a 'question' column"), (unchecked, "no item carries a check"),
             (broken, "not an Excel .xlsx workbook"), (tmp_path / "set.txt", "unknown format")]
    for path, message in cases:
        with pytest.raises(EvalSetError, match=re.escape(message)):
            read_eval_set(path)
        result = runner.invoke(app, ["eval", str(path), "--quiet"])
        assert result.exit_code == 2, (path, result.output)
        assert message in result.output and "Traceback" not in result.output
        assert len([line for line in result.output.splitlines() if line.startswith("error:")]) == 1


def test_review_flow_counts_human_verdicts(tmp_path: Path) -> None:
    checked = EvalItem(id="a", question="Who smelts most tin?", must_include=["41%"])
    open_ = EvalItem(id="b", question="What should a tin buyer watch?")
    payload = build_payload({"hybrid": [_result(checked), _result(open_, "Watch Ruritania's smelters [1].")]},
                            "hybrid", {"eval_set": str(tmp_path / "team.csv")})
    report = tmp_path / "report.json"
    report.write_text(json.dumps(payload))
    result = runner.invoke(app, ["eval", "review", str(report)], input="r\n")
    assert result.exit_code == 0, result.output
    assert "What should a tin buyer watch?" in result.output and "Who smelts most tin?" not in result.output
    reviews = load_reviews(tmp_path / "team.reviews.jsonl")
    assert [(r["id"], r["verdict"]) for r in reviews] == [("b", "right")]
    assert reviews[0]["answer_sha"] == answer_sha("Watch Ruritania's smelters [1].")

    again = [_result(checked), _result(open_, "Watch Ruritania's smelters [1].")]
    assert apply_reviews(again, reviews) == {"applied": 1, "outdated": 0}
    assert again[1].verdicts() == {"citations": True, "human": True} and again[1].passed is True
    payload = build_payload({"hybrid": again}, "hybrid", {"reviews": {"file": "x", "applied": 1, "outdated": 0}})
    assert payload["metrics"]["human_right"] == 1.0 and payload["metrics"]["n"]["human_right"] == 1
    assert "human_right (human)" in markdown_report(payload) and "human review" in html_report(payload)

    changed = [_result(open_, "A different answer now [1].")]
    assert apply_reviews(changed, reviews) == {"applied": 0, "outdated": 1} and changed[0].passed is None
    assert "nothing to review" in runner.invoke(app, ["eval", "review", str(report)]).output


def test_against_shows_changed_verdicts_side_by_side() -> None:
    item = EvalItem(id="a", question="Who smelts most tin?", must_include=["41%"])
    old = build_payload({"hybrid": [_result(item, "Ruritania smelts a lot [1].", missing=["41%"])]}, "hybrid",
                        {"created": "then", "label": "corpus v1"})
    new = build_payload({"hybrid": [_result(item)]}, "hybrid", {"label": "corpus v2"})
    new["diff"] = diff(old, new)
    changed = new["diff"]["changed_verdicts"]
    assert [(c["id"], c["old_passed"], c["new_passed"]) for c in changed] == [("a", False, True)]
    assert new["diff"]["newly_passing"] == ["a"] and new["diff"]["against_label"] == "corpus v1"
    page = html_report(new)
    assert "Changed verdicts (1)" in page and "Ruritania smelts a lot" in page and "41% of the world" in page
    assert "Against then (corpus v1)" in page


def test_answers_render_as_the_chat_does_and_safely() -> None:
    answer = ("China leads [1].\n\n- **Smelting**: 41% [1]\n- <script>alert(1)</script> [see](http://evil.example)"
              "\n\n| Year | Share |\n|---|---|\n| 2024 | 41% [1] |\n")
    rendered = render_answer(answer, [SOURCE])
    assert "<li><strong>Smelting</strong>" in rendered and "<table>" in rendered and "<td>2024</td>" in rendered
    assert '<sup class="cite" title="Ruritania smelts 41% of tin.">[1]</sup>' in rendered
    assert "<script" not in rendered and "href" not in rendered
    item = EvalItem(id="a", question="Where is tin smelted? <b>now</b>", must_include=["41%"])
    page = html_report(build_payload({"hybrid": [_result(item, answer)]}, "hybrid", {}))
    urls = re.findall(r"(?:href|src)=['\"]?((?:https?:)?//[^'\" >]+)", page)
    assert urls == [SOURCE["url"]]  # the only outside link is the source's own
    assert "<script" not in page and "&lt;b&gt;now&lt;/b&gt;" in page
    assert "id='only-failing'" in page  # the failing-items filter


def test_cli_runs_a_csv_set_end_to_end(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A team's sheet: no expected documents, a follow-up, an off-topic question and a bad row."""
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    assert runner.invoke(app, ["ingest", "--quiet"]).exit_code == 0
    sheet = _csv(tmp_path / "team.csv", [
        ["id", "question", "must_include", "answerable", "history", "expected_answer"],
        ["t1", "How much preferred stock did the Pentagon buy from MP Materials?", "400 million", "", "", ""],
        ["t2", "When will its magnet plant be commissioned?", "2028", "",
         "What price floor did MP Materials get? || US$110 per kilogram for NdPr.", ""],
        ["t3", "Who won the 2022 football World Cup?", "", "false", "", ""],
        ["t4", "How much NdPr price floor per kilogram?", "", "", "", "US$110 per kilogram"],
        ["t5", "", "x", "", "", ""],
    ])
    out = tmp_path / "out"
    result = runner.invoke(app, ["eval", str(sheet), "--out", str(out), "--quiet", "--label", "fixture v1"])
    assert result.exit_code == 0, result.output
    assert "team.csv:6: the question is empty; row skipped" in result.output
    report = json.loads((out / "report.json").read_text())
    m = report["metrics"]
    assert m["items"] == 4 and m["hit@5"] == "n/a" and report["label"] == "fixture v1"
    assert m["n"]["followup_accuracy"] == 1 and m["n"]["expected_answer_figures"] == 1
    passed = {i["id"]: i["passed"] for i in report["items"]}
    assert passed["t1"] and passed["t3"], report["items"]
    page = (out / "report.html").read_text()
    assert "fixture v1" in page and "Every item" in page
    assert all(u.startswith("http") for u in re.findall(r"href=['\"]([^'\"]+)", page))


def test_blind_reports_keep_heldout_items_out_of_sight() -> None:
    from assistant.evals.report import blind

    tune = EvalItem(id="t", question="Which smelter leads in tin?", must_include=["41%"], split="tune")
    held = EvalItem(id="h", question="Secret held-out question about pewter?", must_include=["99%"], split="heldout")
    old = build_payload({"hybrid": [_result(tune), _result(held)]}, "hybrid", {})
    new = build_payload({"hybrid": [_result(tune), _result(held, "Pewter is mostly tin [1].", missing=["99%"])]},
                        "hybrid", {})
    new["diff"] = diff(old, new)
    blind(new)
    assert new["metrics"]["by_split"]["heldout"]["answer_contains_facts"] == 0.0  # still counted
    hidden = next(i for i in new["items"] if i["id"] == "h")
    assert hidden["passed"] is False and "question" not in hidden and "answer" not in hidden
    assert new["diff"]["changed_verdicts"] == [] and new["diff"]["newly_failing"] == []
    for text in (markdown_report(new), html_report(new), json.dumps(new)):
        assert "pewter" not in text.lower() and "99%" not in text.split("by_split")[0]
    assert "1 held-out items are counted in the metrics but not listed" in markdown_report(new)
