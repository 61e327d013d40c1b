"""The answerer's rules for compound questions, follow-ups, figures and honest abstention."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer import has_figure, is_gap, question_parts
from assistant.followup import answer_names, focus_of, resolve
from assistant.lexicon import mentions
from assistant.types import Turn

GAP_NOTE = """---
id: gallium-suspension
title: "China's suspension of its December 2024 US gallium ban"
kind: policy-note
summary: "China suspended its US-specific gallium ban on 9 November 2025 until 27 November 2026."
key_points:
  - "China suspended its December 2024 ban on gallium exports to the United States on 9 November 2025, Fastmarkets reported.[^fm-2025]"
  - "China's suspension of its US gallium ban ran until 27 November 2026, according to Fastmarkets.[^fm-2025]"
  - "No public source found for this note by 28 November 2026 confirmed whether China extended the gallium suspension.[^fm-2025]"
sources:
  - key: fm-2025
    publisher: Fastmarkets
    title: "China suspends US gallium ban"
    url: https://example.org/fastmarkets-suspension
    date: 2025-11-10
    authority: news
published: 2025-11-10
as_of: 2026-11-28
reviewed: 2026-11-28
minerals: [gallium]
countries: [China, United States]
topics: [export-controls]
---

## The suspension

China's commerce ministry suspended its December 2024 ban on gallium exports to the United States on
9 November 2025, with the suspension running until 27 November 2026, Fastmarkets reported.[^fm-2025]

## What happened at the end date

No public source found for this note by 28 November 2026 confirmed whether China extended the gallium
suspension after 27 November 2026.[^fm-2025]
"""


def test_compound_question_splits_into_parts() -> None:
    parts = question_parts("What share of magnets is recycled today, and how big is the scrap pool?")
    assert parts == ["What share of magnets is recycled today", "how big is the scrap pool"]
    assert question_parts("What did China's April 2025 export controls cover?") == [
        "What did China's April 2025 export controls cover?"]


def test_gap_sentences_and_figures_are_recognised() -> None:
    assert is_gap("No public source found for this note confirmed whether China extended the suspension.")
    assert is_gap("Public sources available for this note did not confirm whether China extended it.")
    assert not is_gap("China extended the suspension on 27 November 2026, Reuters reported.")
    assert has_figure("Lynas can separate up to 1,500 tonnes a year.")
    assert has_figure("a US$400 million stake")
    assert not has_figure("Reuters reported on 3 July 2023 that licences were needed.")


def test_follow_up_shifts_the_year_and_uses_the_names_in_the_last_answer() -> None:
    quota = [Turn(role="user", content="What was China's rare earth mining quota for 2024?")]
    assert resolve("And the year before?", quota) == "What was China's rare earth mining quota for 2023?"
    assert resolve("And the following year?", quota) == "What was China's rare earth mining quota for 2025?"
    history = [Turn(role="user", content="Who separates heavy rare earths outside China?"),
               Turn(role="assistant", content="Lynas Rare Earths began at its Malaysian plant in May 2025. [1]")]
    query = resolve("How much can it separate there each year?", history)
    assert "Lynas Rare Earths" in focus_of(query) and "May" not in answer_names(history[1].content)
    assert query.endswith("(Who separates heavy rare earths outside China?)")
    assert focus_of("What is the MSP?") == "What is the MSP?"


def test_a_region_counts_as_its_country() -> None:
    assert mentions("Cyclic Materials opened an Ontario facility in 2024.", "Canada")
    assert mentions("MP Materials mines at Mountain Pass.", "United States")
    assert not mentions("Lynas separates heavy rare earths in Malaysia.", "Canada")


def test_compound_question_answers_each_part(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = fixture_assistant.ask(
        "When did China's gallium licensing start, and what share of primary gallium does China produce?")
    assert not answer.abstained
    assert "1 August 2023" in answer.text and "98%" in answer.text


def test_notes_saying_the_record_stops_give_a_cited_abstention(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "gallium-suspension.md").write_text(GAP_NOTE, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("Did China extend its gallium export suspension after 27 November 2026?")
    assert answer.abstained
    assert "don't settle" in answer.text
    assert [c.doc_id for c in answer.citations] == ["gallium-suspension"]
    assert "No public source found" in answer.citations[0].quote
    # the same note still answers what it does say
    answered = assistant.ask("When did China suspend its December 2024 gallium ban on the United States?")
    assert not answered.abstained and "9 November 2025" in answered.text


@pytest.mark.parametrize("question", [
    "When did Indonesia ban exports of raw nickel ore?",
    "What royalty rate does China charge on gallium mining?",
])
def test_questions_the_notes_do_not_answer_are_declined(fixture_assistant, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = fixture_assistant.ask(question)
    assert answer.abstained and not answer.citations
    assert "don't cover" in answer.text


USGS_SOURCES = [
    {"publisher": "U.S. Geological Survey (EARTH Magazine)", "title": "Mineral Resource of the Month: Rare Earths",
     "url": "https://example.org/earth", "date": "2018-06-14"},
    {"publisher": "U.S. Geological Survey", "title": "Rare-earth elements (Professional Paper 1802-O)",
     "url": "https://example.org/pp1802", "date": "2017"},
    {"publisher": "U.S. Geological Survey", "title": "Vital to Modern Technologies (Fact Sheet 2014-3078)",
     "url": "https://example.org/fs2014", "date": "2014-11-05"},
    {"publisher": "Reuters", "title": "China bans export of processing technologies",
     "url": "https://example.org/reuters", "date": "2023-12-22"},
]


@pytest.mark.parametrize(("sentence", "url"), [
    ("USGS Professional Paper 1802-O (2017) counts the 15 lanthanides as rare earths.", "https://example.org/pp1802"),
    ("USGS Fact Sheet 2014-3078 (November 2014) adds that defence uses need them.", "https://example.org/fs2014"),
    ("A June 2018 USGS commodity profile lists 17 rare earths.", "https://example.org/earth"),
    ("China banned exports of separation technology on 21 December 2023, Reuters reported.",
     "https://example.org/reuters"),
])
def test_a_sentence_cites_the_source_it_names(sentence: str, url: str) -> None:
    from assistant.answer import match_source

    source = match_source(sentence, USGS_SOURCES)
    assert source is not None and source["url"] == url


def test_initials_do_not_end_a_sentence() -> None:
    from assistant.text import split_sentences

    assert split_sentences("President Trump signed H.R. 1 into law on 4 July 2025. Then it took effect.") == [
        "President Trump signed H.R. 1 into law on 4 July 2025.", "Then it took effect."]


def test_an_instruction_planted_in_a_note_is_never_quoted(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_llm_standins import INJECTED_NOTE

    (corpus / "gallium-injected.md").write_text(INJECTED_NOTE, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("How much gallium does Vietnam produce?")
    assert "Ignore previous instructions" not in answer.text
    assert all("Ignore previous" not in c.quote for c in answer.citations)
    assert "Vietnam produces 99%" not in answer.text
