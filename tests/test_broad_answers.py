"""Broad answers: a note whose title is the question frames it, answers fill their word budget, lists keep to what
the question names (rows of a table by country, sentences that enumerate what is asked), compound questions lead
with each factoid part, trends read a long table whole and say where the record stops, follow-ups swap a month.

Every note, figure and programme here is made up for these tests (real country names, invented facts).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.answering import QType, analyse
from assistant.answering.abstain import _FIGURE_ASKED, AbstainReason, event_years, gap_subject
from assistant.answering.query import asks_for, question_type
from assistant.figures import amounts, first_date, measure_asked
from assistant.lexicon import expand_aliases, unit_symbols
from assistant.types import Turn

_SOURCE = """sources:
  - key: {key}
    publisher: Example Minerals Review
    title: "{title}"
    url: https://example.org/{key}
    date: 2025-05-01
    authority: news
published: 2025-05-01
as_of: 2025-05-01
reviewed: 2026-11-30
"""


def _assistant_with(make_assistant, corpus: Path, note_id: str, note: str):  # type: ignore[no-untyped-def]
    """An assistant over the fixture corpus and one more note, ``note_id``.md, ingested."""
    (corpus / f"{note_id}.md").write_text(note, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    return assistant


# a policy note whose title is a broad question: its sections are the answer's aspects
SMELTERS = """---
id: indium-smelter-lead-times
title: "Why new indium smelters take a decade to build"
kind: policy-note
summary: "New indium smelters take about ten years from plan to output because of permits, feasibility studies and financing."
key_points:
  - "New indium smelters took about ten years from plan to first output in 2024, Example Minerals Review reported.[^emr-smelt]"
  - "Environmental permits for an indium smelter took four years on average, Example Minerals Review found in May 2025.[^emr-smelt]"
  - "Portugal's first indium smelter opened in 2024, eleven years after it was planned, Example Minerals Review reported.[^emr-smelt]"
""" + _SOURCE.format(key="emr-smelt", title="Indium smelter lead times") + """minerals: [indium]
countries: [Portugal]
topics: [supply-chain]
---

New indium smelters take about ten years from first plan to first output, Example Minerals Review reported in May 2025.[^emr-smelt] Most of that time passes before any construction begins, the review found.[^emr-smelt]

## Permits take the longest

Example Minerals Review found in May 2025 that environmental permits for an indium smelter took four years on average.[^emr-smelt]

Example Minerals Review said in May 2025 that permit appeals added a further 14 months to a typical indium smelter project.[^emr-smelt]

## Feasibility studies come first

Feasibility studies for indium smelters took three years on average before a build decision, Example Minerals Review reported in May 2025.[^emr-smelt]

## Financing waits for offtake contracts

Lenders financed indium smelters only after buyers signed offtake contracts, which took two years on average, Example Minerals Review reported in May 2025.[^emr-smelt]

## Portugal's smelter took eleven years

Portugal's first indium smelter took eleven years from plan to output and opened in 2024, Example Minerals Review reported in May 2025.[^emr-smelt]
"""

# a data note: programmes by country, one row each
PROGRAMMES = """---
id: indium-programmes-by-country
title: "Indium programmes by country, 2021-2025"
kind: data-note
summary: "A table of national indium programmes with their dates and amounts."
key_points:
  - "Iceland and Portugal set up national indium programmes between 2021 and 2025, Example Minerals Review reported.[^emr-prog]"
  - "Iceland's Smelter Loan Facility of January 2025 was the largest programme, at 90 million euros, Example Minerals Review reported.[^emr-prog]"
  - "Portugal's two indium programmes together came to 85 million euros, according to Example Minerals Review.[^emr-prog]"
""" + _SOURCE.format(key="emr-prog", title="Indium programmes") + """minerals: [indium]
countries: [Iceland, Portugal]
topics: [funding]
---

## Programmes

| Country | Programme | Date | Amount | Source |
|---|---|---|---|---|
| Iceland | Indium Reserve | March 2021 | 40 million euros | [^emr-prog] |
| Iceland | Indium Recycling Fund | June 2023 | 12 million euros | [^emr-prog] |
| Iceland | Smelter Loan Facility | January 2025 | 90 million euros | [^emr-prog] |
| Portugal | Indium Mine Grants | May 2022 | 25 million euros | [^emr-prog] |
| Portugal | Indium Export Credit | October 2024 | 60 million euros | [^emr-prog] |
"""

# a note whose best answer to "which metals ...?" is one sentence naming them all
LICENSING = """---
id: iceland-minor-metal-licensing-2024
title: "Iceland's March 2024 export licensing of five minor metals"
kind: policy-note
summary: "Iceland put five minor metals under export licensing in March 2024."
key_points:
  - "Iceland put five minor metals under export licensing on 3 March 2024, Example Minerals Review reported.[^emr-lic]"
  - "Iceland's March 2024 licensing applied to metals, powders and compounds, Example Minerals Review said.[^emr-lic]"
  - "Iceland said in March 2024 that licensing would keep its smelters supplied, Example Minerals Review reported.[^emr-lic]"
""" + _SOURCE.format(key="emr-lic", title="Minor metal licensing") + """minerals: [indium, tellurium, bismuth, selenium, cadmium]
countries: [Iceland]
topics: [export-controls]
---

## The March 2024 rule

Iceland's trade ministry put five minor metals under export licensing on 3 March 2024, Example Minerals Review reported.[^emr-lic]

Iceland's March 2024 licensing applied to metals, powders and compounds of the five minor metals, Example Minerals Review said.[^emr-lic]

## The five metals

Iceland's March 2024 rule covered indium, tellurium, bismuth, selenium and cadmium, Example Minerals Review reported.[^emr-lic]

## Why Iceland acted

Iceland said in March 2024 that licensing would keep its minor metal smelters supplied during a shortage, Example Minerals Review reported.[^emr-lic]
"""

# a partnership note: when it was set up, and who joined later
PACT = """---
id: indium-supply-pact
title: "The Indium Supply Pact of 2021 and its members"
kind: policy-note
summary: "Iceland and Portugal set up the Indium Supply Pact in June 2021; Norway and Spain joined later."
key_points:
  - "Iceland and Portugal set up the Indium Supply Pact in June 2021, Example Minerals Review reported.[^emr-pact]"
  - "Norway joined the Indium Supply Pact in April 2023 and Spain in September 2024, Example Minerals Review reported.[^emr-pact]"
  - "The Indium Supply Pact's members share smelter capacity during shortages, Example Minerals Review said.[^emr-pact]"
""" + _SOURCE.format(key="emr-pact", title="Indium Supply Pact") + """minerals: [indium]
countries: [Iceland, Portugal, Norway, Spain]
topics: [partnerships]
---

## Founding

Iceland and Portugal set up the Indium Supply Pact in Reykjavik in June 2021 to pool smelter capacity, Example Minerals Review reported.[^emr-pact]

## Later members

Norway joined the Indium Supply Pact in April 2023, Example Minerals Review reported.[^emr-pact]

Spain joined the Indium Supply Pact in September 2024, bringing its members to four, Example Minerals Review reported.[^emr-pact]

## What the pact does

The Indium Supply Pact's members agreed to share smelter capacity during supply shortages, Example Minerals Review said.[^emr-pact]
"""


def _quota_series() -> str:
    """A data note with a long yearly table (long enough to be split over passages) and a note on the years after
    its last row."""
    rows = "\n".join(f"| {year} | {1000 + 25 * (year - 1990):,} | Full year, national quota of Iceland | [^emr-quota] |"
                     for year in range(1990, 2025))
    return """---
id: iceland-indium-quota-by-year
title: "Iceland's indium smelting quota by year, 1990-2024"
kind: data-note
summary: "Iceland's yearly indium smelting quota from 1990 to 2024; no quota for 2025 was published."
key_points:
  - "Iceland's indium smelting quota rose from 1,000 tonnes in 1990 to 1,850 tonnes in 2024, Example Minerals Review reported.[^emr-quota]"
  - "Iceland's industry ministry sets the indium smelting quota each January, Example Minerals Review reported.[^emr-quota]"
  - "No public figure for Iceland's 2025 indium quota was found, so 2024 is the latest confirmed year.[^emr-quota]"
""" + _SOURCE.format(key="emr-quota", title="Indium quotas") + """minerals: [indium]
countries: [Iceland]
topics: [production]
---

## Quota by year

| Year | Smelting quota (t) | Scope | Source |
|---|---|---|---|
""" + rows + """

## Notes on the series

Iceland's indium smelting quota is set each January by the industry ministry, Example Minerals Review reported.[^emr-quota]

No public figure for Iceland's 2025 indium quota was found in the sources searched, so 2024 is the latest year with a confirmed quota.[^emr-quota]
"""


@pytest.fixture
def indium(make_assistant, corpus: Path):  # type: ignore[no-untyped-def]
    for name, text in (("indium-smelter-lead-times", SMELTERS), ("indium-programmes-by-country", PROGRAMMES),
                       ("iceland-minor-metal-licensing-2024", LICENSING), ("indium-supply-pact", PACT),
                       ("iceland-indium-quota-by-year", _quota_series())):
        (corpus / f"{name}.md").write_text(text, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    return assistant


def _bullets(answer) -> list[dict]:  # type: ignore[no-untyped-def]
    return next((b["items"] for b in answer.blocks if b["type"] == "bullets"), [])


def _body_words(answer) -> int:  # type: ignore[no-untyped-def]
    return len(answer.text.split("**Read more:**")[0].split())


def test_a_note_whose_title_is_the_question_frames_the_answer(indium) -> None:  # type: ignore[no-untyped-def]
    answer = indium.ask("Why do new indium smelters take so long to build?")
    assert answer.answer_type == "explanation" and not answer.abstained
    assert answer.text.startswith("New indium smelters take about ten years")  # the note's opening leads
    texts = " ".join(item["text"] for item in _bullets(answer))
    for point in ("permit", "Feasibility studies", "offtake contracts", "eleven years"):  # each section an aspect
        assert point in texts, answer.text
    assert answer.unsupported == []


def test_a_broad_answer_stops_near_its_word_budget(indium) -> None:  # type: ignore[no-untyped-def]
    for question in ("Why do new indium smelters take so long to build?", "What has Iceland done about indium?"):
        answer = indium.ask(question)
        assert _body_words(answer) <= indium.settings.answer.broad_words + 80  # words, citation marks and labels


def test_a_smaller_word_budget_gives_a_shorter_answer(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "indium-smelter-lead-times.md").write_text(SMELTERS, encoding="utf-8")
    full = make_assistant(corpus)
    full.ingest(progress=False)
    long_answer = full.ask("Why do new indium smelters take so long to build?")
    from assistant.settings import AnswerSettings

    tight = make_assistant(corpus, answer=AnswerSettings(broad_words=60))
    short_answer = tight.ask("Why do new indium smelters take so long to build?")
    assert _body_words(short_answer) < _body_words(long_answer)
    assert short_answer.answer_type == "explanation" and _bullets(short_answer)


def test_a_list_about_a_country_shows_its_table_rows(indium) -> None:  # type: ignore[no-untyped-def]
    answer = indium.ask("What programmes has Iceland set up for indium?")
    assert answer.answer_type == "list"
    table = next(b for b in answer.blocks if b["type"] == "table")
    country = table["columns"].index("Country")
    assert {row["cells"][country] for row in table["rows"]} == {"Iceland"}
    assert {"Indium Reserve", "Smelter Loan Facility"} <= {cell for row in table["rows"] for cell in row["cells"]}
    assert all(row["citations"] for row in table["rows"])
    assert "Portugal | Indium Mine Grants" not in answer.text


SMELTER_FUNDING = """---
id: indium-smelter-funding
title: "State money for indium smelters, 2022-2025"
kind: data-note
summary: "Grants and loans that Iceland and Norway gave indium smelters from 2022 to 2025."
key_points:
  - "Iceland lent Acme Metals 30 million euros in 2023 and gave it a 5 million euro grant in 2024.[^emr-fund]"
  - "Iceland and Norway both backed Bolt Smelting, with 12 million and 9 million euros.[^emr-fund]"
  - "Most of the money went to smelters that also recover indium from scrap.[^emr-fund]"
""" + _SOURCE.format(key="emr-fund", title="Smelter funding") + """minerals: [indium]
countries: [Iceland, Norway]
topics: [funding]
---

## Funding by recipient

| Date | Parties | Amount | Instrument | Year | Source |
|---|---|---|---|---|---|
| March 2023 | Iceland → Acme Metals | 30 million euros | Smelter loan | 2023 | [^emr-fund] |
| June 2024 | Iceland → Acme Metals | 5 million euros | Recycling grant | 2024 | [^emr-fund] |
| May 2022 | Iceland → Bolt Smelting | 12 million euros | Smelter loan | 2022 | [^emr-fund] |
| April 2025 | Iceland → Bolt Smelting | 2 million euros | Research grant | 2025 | [^emr-fund] |
| January 2024 | Norway → Bolt Smelting | 9 million euros | Smelter loan | 2024 | [^emr-fund] |
"""


INDIUM_OUTPUT = """---
id: indium-output-by-country
title: "Indium smelter output by country, 2010-2030"
kind: data-note
summary: "Norway's and Iceland's indium smelter output in earlier years, and the 2030 figures by country."
key_points:
  - "Norway's indium smelter output fell from 40 tonnes in 2010 to 12 tonnes in 2020.[^emr-out]"
  - "Norway's output recovered to 55 tonnes in 2030, the most of any country.[^emr-out]"
  - "Iceland smelted 30 tonnes of indium in 2030.[^emr-out]"
""" + _SOURCE.format(key="emr-out", title="Indium output") + """minerals: [indium]
countries: [Norway, Iceland]
topics: [production]
---

## Indium smelter output by country, 2030

| Country | Smelter output 2030 (t) | Change | Source | Year |
|---|---|---|---|---|
| Norway | 55 | up | [^emr-out] | 2030 |
| Iceland | 30 | up | [^emr-out] | 2030 |

## Indium smelter output in earlier years

| Country or total | Smelter output (t) | Source | Year |
|---|---|---|---|
| Norway | 40 | [^emr-out] | 2010 |
| Iceland | 10 | [^emr-out] | 2010 |
| Norway | 25 | [^emr-out] | 2015 |
| Iceland | 18 | [^emr-out] | 2015 |
| Norway | 12 | [^emr-out] | 2020 |
| Iceland | 22 | [^emr-out] | 2020 |
"""


def test_a_series_its_table_stops_short_of_is_continued_by_another_table_of_the_note(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "indium-output-by-country", INDIUM_OUTPUT)
    answer = assistant.ask("How has Norway's indium smelter output changed?")
    table = next(b for b in answer.blocks if b["type"] == "table")
    years = [row["cells"][table["columns"].index("Year")] for row in table["rows"]]
    # the earlier-years table stops at 2020; the 2030 table by country continues Norway's series
    assert years == ["2010", "2015", "2020", "2030"], (years, answer.text)
    assert all(row["citations"] for row in table["rows"]), table
    assert not any("Iceland" in " ".join(row["cells"]) for row in table["rows"]), table


def test_a_list_about_a_company_shows_its_own_table_rows(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "indium-smelter-funding", SMELTER_FUNDING)
    answer = assistant.ask("What did Acme Metals get from Iceland?")
    assert answer.answer_type == "list", answer.text
    table = next(b for b in answer.blocks if b["type"] == "table")
    parties = table["columns"].index("Parties")
    assert {row["cells"][parties] for row in table["rows"]} == {"Iceland → Acme Metals"}, answer.text
    # a company's name holding a kind's word asks for no things of that kind
    assert asks_for("What did Acme Elements get from Iceland?") == ""
    assert asks_for("Which two elements did Iceland license?") == "mineral"


def test_a_follow_up_swapping_in_a_firm_shows_no_row_of_the_firm_swapped_out(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "indium-smelter-funding", SMELTER_FUNDING)
    history = [Turn(role="user", content="How much did Iceland lend Acme Metals?"),
               Turn(role="assistant", content="30 million euros, in March 2023. [1]")]
    planner = assistant.answerer.planner
    seen = []
    factoid = planner.factoid
    planner.factoid = lambda query, evidence: seen.append((query, evidence)) or factoid(query, evidence)
    answer = assistant.ask("What about Bolt Smelting?", history)
    assert not answer.abstained and "Bolt Smelting" in answer.text, answer.text
    # even when a row of the firm swapped out scores nearly as well as the best sentence, it is not shown
    query, evidence = seen[-1]
    best = max(e.score for e in evidence)
    for e in evidence:
        if "Acme Metals" in e.text and "Bolt" not in e.text:
            e.score = 0.95 * best
    plan = factoid(query, evidence)
    shown = [" ".join(row.cells) for row, _ in plan.table.rows] if plan.table else []
    assert shown and not any("Acme" in row for row in shown), shown


def test_a_membership_list_is_not_framed_by_an_overview_naming_the_body_in_passing(indium) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import analyse as analyse_query

    frame = indium.answerer.planner._titled_on_bodies
    question = analyse_query("Which nations belong to the Indium Supply Pact?")
    overview = _sentence("what-iceland-is-doing-to-secure-indium", "Iceland works with partner countries.",
                         None, 0.5)
    overview.hit.metadata["title"] = "What is Iceland doing to secure indium supply?"
    pact = _sentence("indium-supply-pact", "Norway joined in 2023.", None, 0.5)
    pact.hit.metadata["title"] = "The Indium Supply Pact of 2021 and its members"
    assert not frame(overview, question) and frame(pact, question)
    # a question asking for no named things may be framed by an overview
    assert frame(overview, analyse_query("Why does Iceland need the Indium Supply Pact?"))
    answer = indium.ask("Which nations belong to the Indium Supply Pact?")
    assert "Norway" in answer.text and "Spain" in answer.text, answer.text


PRICE_SERIES = """---
id: minor-metal-prices-over-time
title: "Minor metal prices over time: tellurium and bismuth, 2021-2026"
kind: data-note
summary: "Dated price quotes for tellurium and bismuth in Europe and China from 2021 to 2026."
key_points:
  - "Tellurium quotes in Rotterdam rose through 2025, Example Minerals Review reported.[^emr-px]"
  - "Bismuth quotes in China fell in 2023 and recovered in 2025, Example Minerals Review said.[^emr-px]"
  - "The quotes come from several assessors and are not one series.[^emr-px]"
""" + _SOURCE.format(key="emr-px", title="Minor metal prices") + """minerals: [tellurium, bismuth]
countries: [China, Netherlands]
topics: [prices]
---

## Quotes by date

| Date | Product | Price | Unit | Market | Source |
|---|---|---|---|---|---|
| March 2021 | Bismuth ingot | 7 | US$/kg | China | [^emr-px] |
| 4 May 2022 | Tellurium ingot 99.99% | 60-64 | US$/kg | Rotterdam | [^emr-px] |
| 9 January 2023 | Tellurium ingot 99.99% | 71-75 | US$/kg | Rotterdam | [^emr-px] |
| 2 June 2024 | Tellurium ingot 99.99% | 88-92 | US$/kg | Rotterdam | [^emr-px] |
| 15 October 2025 | Tellurium ingot 99.99% | 130-140 | US$/kg | Rotterdam | [^emr-px] |
| 3 February 2026 | Bismuth ingot | 11 | US$/kg | China | [^emr-px] |
"""


def test_a_trend_on_prices_takes_the_price_table_whose_rows_name_what_is_asked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "minor-metal-prices-over-time.md").write_text(PRICE_SERIES, encoding="utf-8")
    # prose elsewhere that reads much like the question, as a note explaining the moves does
    facts = [("Prices", "Tellurium prices have moved up sharply since 2022 as solar panel makers bought more, "
                        "Example Minerals Review said."),
             ("Demand", "How tellurium prices moved since 2022 depended on solar demand, Example Minerals Review "
                        "said."),
             ("Supply", "Tellurium supply moved little since 2022 because it comes from copper refining, Example "
                        "Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    answer = assistant.ask("How have tellurium prices moved since 2022?")
    assert answer.answer_type == "trend", answer.text
    table = next(b for b in answer.blocks if b["type"] == "table")
    told = " ".join(" ".join(row["cells"]) for row in table["rows"])
    assert "60-64" in told and "130-140" in told and "Bismuth" not in told, answer.text


def test_a_which_question_gets_the_sentence_naming_them_all(indium) -> None:  # type: ignore[no-untyped-def]
    answer = indium.ask("Which metals did Iceland put under export licensing in March 2024?")
    assert answer.answer_type == "list"
    assert "indium, tellurium, bismuth, selenium and cadmium" in answer.text


def test_a_compound_list_question_leads_with_its_factoid_part(indium) -> None:  # type: ignore[no-untyped-def]
    answer = indium.ask("When was the Indium Supply Pact set up, and which members came in afterwards?")
    assert answer.answer_type == "list"
    lead = answer.blocks[0]
    assert lead["type"] == "lead" and "June 2021" in lead["text"]
    assert "Norway" in answer.text and "Spain" in answer.text


def test_a_trend_reads_a_long_table_whole_and_says_where_it_stops(indium) -> None:  # type: ignore[no-untyped-def]
    passages = [h for h in indium.retriever.retrieve("Iceland indium smelting quota by year", None, k=20, max_per_doc=20)
                if h.doc_id == "iceland-indium-quota-by-year" and "|" in h.text]
    assert len(passages) >= 2  # the table is split over passages
    answer = indium.ask("How has Iceland's indium smelting quota changed since 2005?")
    assert answer.answer_type == "trend"
    table = next(b for b in answer.blocks if b["type"] == "table")
    years = [row["cells"][0] for row in table["rows"]]
    assert years[-1] == "2024" and years == sorted(years) and len(years) == indium.settings.answer.max_table_rows
    texts = " ".join(item["text"] for item in _bullets(answer))
    assert "No public figure for Iceland's 2025 indium quota" in texts
    assert answer.unsupported == []


@pytest.mark.parametrize("year", [1993, 2006, 2017])
def test_a_years_figure_is_read_from_anywhere_in_a_long_table(indium, year: int) -> None:  # type: ignore[no-untyped-def]
    # the table is split over passages, of which the retriever keeps two per note: the rest are read for a year
    answer = indium.ask(f"What was Iceland's indium smelting quota in {year}?")
    assert not answer.abstained and f"{1000 + 25 * (year - 1990):,}" in answer.text, answer.text


TELLURIUM_OUTPUT = """---
id: portugal-tellurium-output
title: "Portugal's tellurium output by year"
kind: data-note
summary: "Portugal's yearly tellurium output from 2019 to 2024."
key_points:
  - "Portugal's tellurium output fell from 60 tonnes in 2019 to 35 tonnes in 2024 as two mines closed, Example Minerals Review reported.[^emr-te]"
  - "Portugal's last tellurium mine plans to expand in 2026, Example Minerals Review said.[^emr-te]"
  - "Portugal sent most of its tellurium to Norway in 2024, Example Minerals Review reported.[^emr-te]"
""" + _SOURCE.format(key="emr-te", title="Tellurium output") + """minerals: [tellurium]
countries: [Portugal]
topics: [production]
---

## Output by year

| Year | Tellurium output (t) | Source |
|---|---|---|
| 2019 | 60 | [^emr-te] |
| 2020 | 55 | [^emr-te] |
| 2021 | 50 | [^emr-te] |
| 2022 | 45 | [^emr-te] |
| 2023 | 40 | [^emr-te] |
| 2024 | 35 | [^emr-te] |

## Why output fell

Portugal's tellurium output has fallen every year since 2019 because two of its three tellurium mines closed, Example Minerals Review reported.[^emr-te]
"""


def test_a_trend_is_led_by_the_data_notes_own_summary_of_its_series(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "portugal-tellurium-output", TELLURIUM_OUTPUT)
    answer = assistant.ask("How has Portugal's tellurium output changed since 2019?")
    assert answer.answer_type == "trend"
    lead = " ".join(b["text"] for b in answer.blocks if b["type"] == "lead")
    # the note's key point, its own summary of the series, leads beside (or instead of) the best sentence
    assert "fell from 60 tonnes in 2019 to 35 tonnes in 2024" in lead, lead
    # and each of its other key points is an aspect of its own, not one key point for the lot
    bullets = [item["text"] for item in _bullets(answer)]
    expand = [i for i, text in enumerate(bullets) if "expand in 2026" in text]
    norway = [i for i, text in enumerate(bullets) if "Norway" in text]
    assert expand and norway and expand != norway, bullets
    assert answer.unsupported == []


def test_a_trends_context_opens_with_its_own_notes_aspects(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.settings import AnswerSettings

    (corpus / "portugal-tellurium-output.md").write_text(TELLURIUM_OUTPUT, encoding="utf-8")
    (corpus / "tellurium-output-elsewhere.md").write_text("""---
id: tellurium-output-elsewhere
title: "Tellurium output in Norway, Spain and Iceland"
kind: policy-note
summary: "How tellurium output changed in three other European countries from 2019 to 2024."
key_points:
  - "Norway's tellurium output rose from 10 tonnes in 2019 to 25 tonnes in 2024, Example Minerals Review reported.[^emr-te2]"
  - "Spain's tellurium output changed little from 2019 to 2024, Example Minerals Review reported.[^emr-te2]"
  - "Iceland's tellurium output doubled from 2019 to 2024, Example Minerals Review reported.[^emr-te2]"
""" + _SOURCE.format(key="emr-te2", title="Tellurium output elsewhere") + """minerals: [tellurium]
countries: [Norway, Spain, Iceland]
topics: [production]
---

## Norway

Norway's tellurium output has risen every year since 2019 as a new mine opened, Example Minerals Review reported.[^emr-te2]

## Spain

Spain's tellurium output changed little between 2019 and 2024, Example Minerals Review reported.[^emr-te2]

## Iceland

Iceland's tellurium output doubled between 2019 and 2024, Example Minerals Review reported.[^emr-te2]
""", encoding="utf-8")
    bullets = {}
    for own in (0, 2):
        assistant = make_assistant(corpus, answer=AnswerSettings(trend_own_bullets=own))
        assistant.ingest(progress=False)
        answer = assistant.ask("How has Portugal's tellurium output changed since 2019?")
        assert answer.answer_type == "trend"
        bullets[own] = [item["text"] for item in _bullets(answer)]
    mine = [("Portugal" in text) for text in bullets[2]]
    assert mine[:2] == [True, True], bullets[2]  # the table's own note first
    assert [("Portugal" in text) for text in bullets[0]][:2] != [True, True], bullets[0]


def test_an_explainer_on_another_use_does_not_frame_the_answer(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_answering import EXPLAINER

    assistant = _assistant_with(make_assistant, corpus, "why-tellurium-matters-for-solar", EXPLAINER)
    framed = assistant.ask("Why is tellurium important for thin-film solar?")
    assert framed.text.startswith("Tellurium matters for thin-film solar panels")
    other = assistant.ask("Why does tellurium matter for naval sonar?")
    assert not other.text.startswith("Tellurium matters for thin-film solar panels")


@pytest.mark.parametrize(("question", "qtype"), [
    ("Which minor metals did Iceland license in 2024?", QType.LIST),
    ("list the state money that has gone to Nordur Metals since 2020", QType.LIST),  # asked for in so many words
    ("which smelters are in Portugal", QType.LIST),
    ("Which rare earths did the ministry license?", QType.LIST),
    ("Which agency runs the indium reserve?", QType.FACTOID),
    ("Which process is slowest?", QType.FACTOID),
    ("Big picture: how is Iceland securing indium?", QType.EXPLANATION),
    ("what is Iceland's indium fund really for, if it buys no metal?", QType.EXPLANATION),  # its purpose
    ("What is indium used for?", QType.FACTOID),  # its uses
    ("What was the indium quota for 2024?", QType.FACTOID),
    ("What set off the 2024 indium shortage?", QType.EXPLANATION),
    # lists asked without "which X": imperatives, "what's in", a plural thing after "what are"
    ("Enumerate the terms of Iceland's smelter loans.", QType.LIST),
    ("Outline the main pillars of the Indium Supply Pact.", QType.LIST),
    ("I need a rundown of Portugal's indium grants.", QType.LIST),
    ("what's in the indium pact", QType.LIST),
    ("What are the bottlenecks in indium smelting?", QType.LIST),
    ("What are the risks of relying on one indium smelter?", QType.EXPLANATION),  # reasons, not items
    ("What are the prices of indium ingots?", QType.FACTOID),  # an amount, not items
    ("List Iceland's indium grants.", QType.LIST),
    ("Who are the members of the Indium Supply Pact?", QType.LIST),
    ("Any new indium smelters in Spain?", QType.LIST),
    ("Are there other indium suppliers besides Iceland?", QType.LIST),
    ("What kinds of support do indium smelters get?", QType.LIST),
    ("Who else joined the pact?", QType.LIST),
    ("Name the chair of the Indium Supply Pact.", QType.FACTOID),  # one thing named
    ("Are there any indium deposits in Norway?", QType.LIST),
    ("Any news on the indium pact?", QType.FACTOID),
    # comparisons without "compare"
    ("Which smelter has more capacity, Reykjavik or Porto?", QType.COMPARISON),
    ("Iceland or Portugal - which is the safer indium supplier?", QType.COMPARISON),
    ("Are Icelandic or Portuguese indium smelters further along?", QType.COMPARISON),
    ("Weigh up the two indium programmes against each other.", QType.COMPARISON),
    ("Is Iceland more dependent on imports for indium or for tellurium?", QType.COMPARISON),
    ("Is indium licensing tighter in Iceland, Norway or Peru?", QType.COMPARISON),
    ("Is tellurium more concentrated in Iceland than indium?", QType.COMPARISON),
    ("Does Iceland rely less on Peru than Norway does?", QType.COMPARISON),
    # one year's rate is a figure; a rate over a window is a change
    ("How fast did Iceland's indium sales to Peru grow in 2024?", QType.FACTOID),
    ("How fast have Iceland's indium sales to Peru grown since 2020?", QType.TREND),
    # trends without "how has ... changed"
    ("Show how indium quotas moved quarter by quarter.", QType.TREND),
    ("Is Iceland's indium output still growing?", QType.TREND),
    ("Are indium stocks rising or falling?", QType.TREND),
    ("Where have indium prices headed since early 2024?", QType.TREND),
    # reasons, even when the question compares
    ("Why are indium prices in Iceland higher than in Portugal?", QType.EXPLANATION),
    ("Why do the two reviews disagree on indium demand?", QType.COMPARISON),
    ("Help me understand why smelters need offtake contracts.", QType.EXPLANATION),
    ("What's the link between solar demand and indium prices?", QType.EXPLANATION),
    ("What is the Indium Supply Pact and how does it share capacity?", QType.EXPLANATION),
    ("Walk me through the pact's capacity sharing.", QType.EXPLANATION),
    ("Tell me how the smelter loan facility works.", QType.EXPLANATION),
])
def test_question_types_for_lists_and_lead_ins(question: str, qtype: QType) -> None:
    assert question_type(question) is qtype


def test_what_a_list_question_asks_for() -> None:
    assert asks_for("Which metals did Iceland license?") == "mineral"
    assert asks_for("Which countries joined the pact?") == "country"
    assert asks_for("Who runs the pact?") == ""
    # asked for in so many words ("name ...", "list ..."), and so many of them whatever they are
    assert asks_for("Name the metals Iceland licensed.") == "mineral"
    assert asks_for("List the countries in the pact.") == "country"
    assert question_type("Name the seven rare earths Iceland licensed in 2031.") is QType.LIST
    assert question_type("Name the 3 biggest indium smelters.") is QType.LIST
    # ... or every one of the kind, in the singular ("name every metal ...", "list each firm ...")
    assert asks_for("Name every rare metal Iceland licensed in 2031.") == "mineral"
    assert asks_for("List each firm that bid for the Odda smelter.") == "company"
    assert asks_for("How much did each country put into the pact?") == ""
    # a few words may stand between the question word and the kind, none making the kind part of something else
    assert asks_for("Which four further heavy elements did Iceland license?") == "mineral"
    assert asks_for("Which of the countries joined the pact?") == "country"
    assert asks_for("What share of the metals does Iceland refine?") == ""
    # "is X doing anything about Y?" asks what X did, one deed an item
    assert question_type("Is Iceland doing anything about indium?") is QType.LIST
    assert question_type("Has Acme Metals done much since 2030?") is QType.LIST
    assert question_type("Is the Acme plant doing well?") is QType.FACTOID
    # what an act tells others to do is what it holds; an executive order named is no verb
    assert asks_for("What does Decree No. 9 require smelters to do?") == "items"
    assert asks_for("What did the 2031 order direct agencies to do?") == "items"
    assert asks_for("What does Executive Order 9999 say about smelters?") == ""


def test_a_month_follow_up_keeps_the_year() -> None:
    history = [Turn(role="user", content="What did Iceland's October 2024 indium rules cover?"),
               Turn(role="assistant", content="They covered indium powders. [1]")]
    q = analyse("And the March one?", history)
    assert q.text == "What did Iceland's March 2024 indium rules cover?" and q.from_history == {"month": "March"}
    q = analyse("what about may 2023?", history)  # "may" in lower case before a year is the month
    assert q.text == "What did Iceland's May 2023 indium rules cover?" and q.from_history["month"] == "May"


def test_figures_less_dates() -> None:
    assert amounts("On 3 March 2024, 40% of US$1.2 billion went to 15 smelters.") == {"40%", "1200000000", "15"}
    assert amounts("Reuters reported on 9 November 2025.") == set()



def test_a_question_of_its_own_that_leans_on_it_is_not_a_slot_swap() -> None:
    history = [Turn(role="user", content="How much did Borealis Mining raise in 2024?"),
               Turn(role="assistant", content="Borealis Mining raised 30 million euros. [1]")]
    q = analyse("Where does it refine its tellurium?", history)  # names a mineral, but asks a question of its own
    assert q.text.startswith("Where does it refine its tellurium?") and q.context.startswith("How much did Borealis")
    assert analyse("And tellurium?", history).from_history == {"mineral": "tellurium"}


def test_a_where_question_is_answered_with_a_place(indium) -> None:  # type: ignore[no-untyped-def]
    answer = indium.ask("Where was the Indium Supply Pact set up?")
    assert "Reykjavik" in answer.sentences[0].text


def test_a_function_word_the_notes_never_use_is_no_reason_to_refuse(indium) -> None:  # type: ignore[no-untyped-def]
    answer = indium.ask("Who else joined the Indium Supply Pact?")  # the notes never say "else"
    assert not answer.abstained and "Norway" in answer.text


def test_the_sentence_naming_what_a_yes_no_question_names_comes_first(indium) -> None:  # type: ignore[no-untyped-def]
    answer = indium.ask("Are selenium and cadmium covered by Iceland's March 2024 licensing?")
    assert "selenium" in answer.sentences[0].text and "cadmium" in answer.sentences[0].text


EXPORTS = """---
id: iceland-indium-exports-by-period
title: "Iceland's indium exports by period, 2024-2026"
kind: data-note
summary: "Iceland's indium exports for full years and first quarters from 2024 to 2026."
key_points:
  - "Iceland exported 1,200 tonnes of indium in 2024 and 1,350 tonnes in 2025, Example Minerals Review reported.[^emr-exp]"
  - "Iceland's first-quarter indium exports were 280 tonnes in 2025 and 300 tonnes in 2026, Example Minerals Review said.[^emr-exp]"
  - "Iceland's indium exports grew in each period reported from 2024 to 2026, according to Example Minerals Review.[^emr-exp]"
""" + _SOURCE.format(key="emr-exp", title="Indium exports") + """minerals: [indium]
countries: [Iceland]
topics: [trade]
---

## Exports by period

| Period | Indium exports (t) | Source | Year |
|---|---|---|---|
| Full year 2024 | 1,200 | [^emr-exp] | 2024 |
| January-March 2025 | 280 | [^emr-exp] | 2025 |
| Full year 2025 | 1,350 | [^emr-exp] | 2025 |
| January-March 2026 | 300 | [^emr-exp] | 2026 |
"""


def test_a_trend_compares_like_periods_only(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "iceland-indium-exports-by-period", EXPORTS)
    answer = assistant.ask("How have Iceland's indium exports changed since 2024?")
    assert answer.answer_type == "trend"
    table = next(b for b in answer.blocks if b["type"] == "table")
    periods = [row["cells"][0] for row in table["rows"]]
    assert periods == ["Full year 2024", "Full year 2025"]  # not a year beside a quarter
    assert "+12%" in answer.blocks[0]["text"] or "+13%" in answer.blocks[0]["text"]
    assert "-78%" not in answer.text and "-75%" not in answer.text  # 1,350 t in a year against 300 t in a quarter


def test_a_country_in_a_hyphened_pair_is_named() -> None:
    from assistant.lexicon import mentions

    assert mentions("the US-Japan framework of 2025", "United States") and mentions("the US-Japan pact", "Japan")
    assert not mentions("a minor-gallium-free alloy", "gallium")  # minerals stay whole words


def test_a_question_about_what_something_covered_gets_the_enumeration(indium) -> None:  # type: ignore[no-untyped-def]
    assert asks_for("What did Iceland's 2024 rule cover?") == "items"
    answer = indium.ask("What did Iceland's March 2024 export licensing cover?")
    assert "indium, tellurium, bismuth, selenium and cadmium" in answer.text


def test_comparison_sides_and_routing() -> None:
    from assistant.answering.plans import Planner

    q = analyse("Compare Iceland's record of smelting with its record of casting")
    assert q.qtype is QType.COMPARISON and Planner._sides(q) == ["smelting", "casting"]  # past "its record of"
    assert question_type("Is indium or tellurium more exposed to Icelandic supply?") is QType.COMPARISON
    assert question_type("Is the smelter open or closed?") is QType.FACTOID
    # "where is X more ...: A or B?" sets the two places or stages side by side; a plain "where" asks for a place
    assert question_type("Where is Iceland stronger: smelting or casting?") is QType.COMPARISON
    assert question_type("Where's Acme's lead more marked - in ingots, or in foil?") is QType.COMPARISON
    assert question_type("Where is Acme's smelter?") is QType.FACTOID
    assert question_type("Where did Acme sell more, Norway or Iceland?") is QType.COMPARISON


def test_the_start_of_a_window_need_not_be_named_with_the_subject(indium) -> None:  # type: ignore[no-untyped-def]
    answer = indium.ask("How has Portugal's indium funding grown since 2020?")  # no passage names 2020
    assert not answer.abstained and "Portugal" in answer.text


def test_a_name_the_question_leaves_out_is_not_what_it_is_about() -> None:
    q = analyse("Which smelters outside Iceland refine indium?")
    assert q.excluded == ["Iceland"] and "Iceland" not in q.specific and "indium" in q.specific
    assert question_type("What did the 2024 indium law set out?") is QType.EXPLANATION


def test_what_a_question_leaves_out_is_not_searched_for() -> None:
    from assistant.answering.query import without_exclusions

    assert without_exclusions("Which smelters outside Iceland refine indium?") == "Which smelters refine indium?"
    assert without_exclusions("Which metals other than copper matter?") == "Which metals matter?"


def test_period_lengths() -> None:
    from assistant.answering.plans.trend import _period_shape

    assert {_period_shape(c) for c in ("2024", "Full year 2025")} == {"year"}
    assert {_period_shape(c) for c in ("January-March 2026", "Q1 2025", "first half of 2024")} == {"span"}
    assert {_period_shape(c) for c in ("March 2026", "9 July 2025", "late August 2025")} == {"month"}


MEMORANDUMS = """---
id: chile-indium-memorandums
title: "Chile's indium memorandums with its neighbours"
kind: policy-note
summary: "Chile signed indium supply memorandums with Peru in 2024 and with Bolivia in 2025."
key_points:
  - "Chile signed an indium supply memorandum with Peru on 4 May 2024, Example Minerals Review reported.[^emr-mou]"
  - "Chile signed an indium supply memorandum with Bolivia on 9 June 2025, Example Minerals Review reported.[^emr-mou]"
  - "Both memorandums promise first offers on indium concentrate, Example Minerals Review said.[^emr-mou]"
""" + _SOURCE.format(key="emr-mou", title="Indium memorandums") + """minerals: [indium]
countries: [Chile, Peru, Bolivia]
topics: [partnerships]
---

## The Peru memorandum

Chile signed an indium supply memorandum with Peru in Lima on 4 May 2024, Example Minerals Review reported.[^emr-mou]

The Peru memorandum promises Chilean smelters a first offer on Peruvian indium concentrate, Example Minerals Review said.[^emr-mou]

## The Bolivia memorandum

Bolivia's mining minister signed an indium supply memorandum with Chile in La Paz on 9 June 2025, Example Minerals Review reported.[^emr-mou]

The Bolivia memorandum sets up a joint indium exploration fund of 15 million dollars, Example Minerals Review said.[^emr-mou]
"""


def test_a_follow_up_swaps_the_name_the_corpus_pairs_with_the_rest(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "chile-indium-memorandums", MEMORANDUMS)
    history = [Turn(role="user", content="When did Chile sign its indium memorandum with Peru?"),
               Turn(role="assistant", content="On 4 May 2024, in Lima. [1]")]
    rule = analyse("And Bolivia?", history)  # the rules alone swap the first country named ...
    assert rule.text.startswith("When did Bolivia sign") and rule.alternatives
    resolved = assistant.analyse("And Bolivia?", history)  # ... the corpus pairs Bolivia with Chile, not with Peru
    assert resolved.text == "When did Chile sign its indium memorandum with Bolivia?"
    answer = assistant.ask("And Bolivia?", history)
    assert "9 June 2025" in answer.sentences[0].text


def test_each_later_part_of_a_compound_question_is_searched(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.settings import AnswerSettings

    for name, text in (("indium-supply-pact", PACT), ("indium-smelter-lead-times", SMELTERS),
                       ("chile-indium-memorandums", MEMORANDUMS)):
        (corpus / f"{name}.md").write_text(text, encoding="utf-8")
    question = "How long do indium smelter permits take, and what fund did Bolivia set up with Chile?"
    answered = []
    for part_top_k in (0, 4):  # one passage for the whole question: a part is found only by its own search
        assistant = make_assistant(corpus, answer=AnswerSettings(part_top_k=part_top_k))
        assistant.ingest(progress=False)
        text = assistant.ask_extractive(question, k=1).text
        answered.append(("four years" in text, "15 million dollars" in text))
    assert answered[1] == (True, True) and answered[0] != (True, True), answered


def test_a_factoid_naming_several_firms_covers_each(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "indium-firms.md").write_text("""---
id: indium-firms
title: "Indium-free display coatings at three firms"
kind: policy-note
summary: "Three firms are testing coatings without indium."
key_points:
  - "Three firms tested display coatings without indium in 2025, Example Minerals Review reported.[^emr-firms]"
""" + _SOURCE.format(key="emr-firms", title="Indium-free coatings") + """minerals: [indium]
topics: [substitution]
---

Display makers tested coatings that use no indium in 2025, Example Minerals Review reported.[^emr-firms]

## Three firms

Lumora Displays said in March 2025 that its zinc oxide coating replaced indium tin oxide in two phone screens.[^emr-firms]

Vextel Glass began selling an indium-free coating for car dashboards in July 2025, Example Minerals Review reported.[^emr-firms]

QX said in October 2025 that its silver nanowire film would enter production in 2026.[^emr-firms]
""", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("Is anyone making screens without indium? Lumora, Vextel, QX")
    assert all(name in answer.text for name in ("Lumora", "Vextel", "QX")), answer.text


def _monthly_exports() -> str:
    """A data note on a year of monthly exports: a long notes section first, then a table whose December row gives the
    December before it in a cell, and rows for one buyer (Norway) in some months."""
    notes = "\n\n".join(f"Iceland's indium smelters reported note {i} on their {word} exports in 2029, Example Minerals "
                         f"Review said.[^emr-exp]" for i, word in enumerate(["early", "spring", "summer", "autumn",
                                                                              "late", "winter", "total", "seasonal"]))
    return """---
id: iceland-indium-exports-2029
title: "Iceland's indium exports in 2029: monthly figures"
kind: data-note
summary: "Iceland's monthly indium exports in 2029, with the buyers named where the sources give them."
key_points:
  - "Iceland exported 410 tonnes of indium in 2029, Example Minerals Review reported.[^emr-exp]"
  - "Norway bought most of Iceland's indium in 2029, Example Minerals Review reported.[^emr-exp]"
  - "Iceland's indium exports peaked in December 2029, Example Minerals Review reported.[^emr-exp]"
""" + _SOURCE.format(key="emr-exp", title="Indium exports") + """minerals: [indium]
countries: [Iceland, Norway]
topics: [trade]
---

## How the figures were gathered

""" + notes + """

## Exports by month

| Period | Buyer | Volume (tonnes) | Change reported | Year | Source |
|---|---|---|---|---|---|
| October 2029 | All buyers | 30 | +5% year on year | 2029 | [^emr-exp] |
| November 2029 | All buyers | 35 | +8% year on year | 2029 | [^emr-exp] |
| November 2029 | Norway | 20 | +10% year on year | 2029 | [^emr-exp] |
| December 2029 | All buyers | 48 | +37% year on year (December 2028: 35) | 2029 | [^emr-exp] |
"""


def test_a_months_figure_is_read_from_any_row_of_the_data_note(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "iceland-indium-exports-2029.md").write_text(_monthly_exports(), encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    # the December 2029 row gives December 2028 in a cell: an answer, though no row is December 2028's own
    answer = assistant.ask("How much indium did Iceland export in December 2028?")
    assert not answer.abstained and "December 2028: 35" in answer.text, answer.text
    # a month's row of all buyers is no figure for one buyer the row does not name
    other = assistant.ask("How much indium did Iceland export to Norway in December 2029?")
    assert other.abstained and other.abstain_reason in ("undated", "missing_entity"), other.text


def test_a_months_figure_leads_over_a_sentence_on_its_year(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    year = _sentence("iceland-exports", "Iceland's smelters sold 380 tonnes of indium abroad in 2028, fewer than in "
                                        "2029, Example Minerals Review reported.", vector, 0.80)
    month = _sentence("iceland-monthly", "Iceland exported 35 tonnes of indium in December 2028, Example Minerals "
                                         "Review reported.", vector, 0.70)
    plan = planner.factoid(analyse("How much indium did Iceland export in December 2028?"), [year, month])
    # the sentence on all of 2028 does not tell December 2028: the one naming the month leads
    assert plan.lead[0] is month, [e.text for e in plan.lead]
    plan = planner.factoid(analyse("How much indium did Iceland export in 2028?"), [year, month])
    assert plan.lead[0] is year  # (asked the year, the best sentence telling of it leads)


def test_a_follow_up_swapping_a_name_is_not_led_by_the_month_of_the_name_it_swapped_out(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    history = [Turn(role="user", content="How much did Norway's ministry grant Acme Metals in May 2030?"),
               Turn(role="assistant", content="9 million euros. [1]")]
    query = analyse("What about Bolt Metals?", history)
    bolt = _sentence("norway-grants", "Norway's ministry granted Bolt Metals 4 million euros in June 2030, Example "
                                      "Minerals Review reported.", vector, 0.80)
    acme = _sentence("norway-grants", "Norway's ministry granted Acme Metals 9 million euros in May 2030, Example "
                                      "Minerals Review reported.", vector, 0.70)
    plan = planner.factoid(query, [bolt, acme])
    # May 2030 dated Acme's grant: Bolt's, of another month, answers what is asked now
    assert plan.lead[0] is bolt, [e.text for e in plan.lead]


def test_a_follow_up_counting_part_of_the_last_answer_is_led_by_the_sentence_that_counts_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    history = [Turn(role="user", content="How many bids did Norway's smelter tender draw?"),
               Turn(role="assistant", content="40 bids. [1]")]
    # (several things swapped in together are each a name asked after)
    query = analyse("and of those, how many bid for tin and zinc?", history)
    assert sorted(query.swapped) == [("mineral", "tin"), ("mineral", "zinc")], query.swapped
    named = _sentence("norway-tender", "Norway's tender rules name tin and zinc smelting among the eligible lines, "
                                       "Example Minerals Review reported.", vector, 0.50)
    counted = _sentence("norway-tender", "Norway's tender drew 12 bids for tin and zinc smelting, Example Minerals "
                                         "Review reported.", vector, 0.48)
    plan = planner.factoid(query, [named, counted])
    # both name what was swapped in; only one counts them
    assert plan.lead[0] is counted, [e.text for e in plan.lead]


def test_what_a_body_found_is_led_by_the_sentence_telling_that_deed(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    opened = _sentence("odda-review", "Norway's ministry opened the Odda smelter review in May 2030, Example Minerals "
                                      "Review reported.", vector, 0.80)
    found = _sentence("odda-review", "The Odda smelter review found that 12 smelters lacked indium permits, Example "
                                     "Minerals Review reported.", vector, 0.50)
    # (the verb in any form: "find" is told by "found"; a word that is no verb tells no deed)
    from assistant.lexicon import verb_forms
    assert "found" in verb_forms("find") and verb_forms("for") == () and verb_forms("do") == ()
    plan = planner.factoid(analyse("What did the Odda smelter review find?"), [opened, found])
    assert plan.lead[0] is found, [e.text for e in plan.lead]
    # ... a question on the review's start is still led by the best sentence
    plan = planner.factoid(analyse("When did the Odda smelter review open?"), [opened, found])
    assert plan.lead[0] is opened, [e.text for e in plan.lead]


def test_a_question_on_one_day_is_led_by_a_sentence_naming_that_day(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    month = _sentence("norway-rules", "Example Minerals Review reported on 28 May 2031 that Norway's May 2031 indium "
                                      "rules had not changed prices.", vector, 0.80)
    day = _sentence("norway-rules", "Norway's Decree No. 9 of 3 May 2031 put indium exports under licence, Example "
                                    "Minerals Review reported.", vector, 0.60)
    plan = planner.factoid(analyse("What did Norway announce on 3 May 2031?"), [month, day])
    assert plan.lead[0] is day, [e.text for e in plan.lead]


def test_a_when_question_is_led_by_the_date_not_by_the_word_that_the_record_stops(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    gap = _sentence("norway-pause", "No public source found by December 2031 confirmed whether Norway extended its "
                                    "indium export pause when it ended in May 2031.", vector, 0.80)
    date = _sentence("norway-pause", "Norway paused its indium export rules until 3 May 2031, Example Minerals Review "
                                     "reported.", vector, 0.70)
    plan = planner.factoid(analyse("When does Norway's indium export pause end?"), [gap, date])
    assert plan.lead[0] is date, [e.text for e in plan.lead]


def test_a_follow_up_asking_anew_of_its_own_year_is_led_by_a_sentence_of_that_year_read_its_way(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    history = [Turn(role="user", content="How many metals were on Norway's indium watch list of 2030?"),
               Turn(role="assistant", content="12 metals. [1]")]
    query = analyse("And how many did the original 2026 version name?", history)
    later = _sentence("norway-watch-list", "Norway's 2030 indium watch list named 12 metals, Example Minerals Review "
                                           "reported.", vector, 0.45)
    first = _sentence("norway-watch-list", "Norway's first indium watch list, of 2026, named 7 metals, Example "
                                           "Minerals Review reported.", vector, 0.30)
    # read with the conversation it trails the answer just given; read by its own words it answers closely
    first.whole_score = 0.44
    plan = planner.factoid(query, [later, first])
    assert plan.lead[0] is first, [e.text for e in plan.lead]


def test_a_table_row_repeating_the_figures_just_given_is_no_news_to_a_follow_up(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    assistant = make_assistant(corpus)
    scorer, embed = assistant.answerer.scorer, assistant.embedder.embed_query
    heading = "Ministry grants, 2028 to 2031"
    row = f"{heading}: Date: May 2029; Parties: Ministry → Acme Metals; Amount: 9 million euros; Year: 2029."

    def score_after(said: str) -> float:
        history = [Turn(role="user", content="How much did Norway's ministry grant Acme Metals in May 2029?"),
                   Turn(role="assistant", content=said)]
        query = analyse("did that go up later?", history)
        vector = np.asarray(embed(query.text), dtype=np.float32)
        hit = Hit("grants#0", "norway-grants", row, {"title": "Grants", "kind": "data-note", "heading": heading}, 1.0)
        evidence = [Evidence(row, np.asarray(embed(row), dtype=np.float32), hit, hit_rank=0, position=0)]
        scorer.score(query, vector, evidence)
        return evidence[0].score

    # the same row, after an answer that gave its amount and month and after one that gave others: its column names
    # share few words with either answer, but only the second leaves it anything new to say
    assert score_after("9 million euros in May 2029. [1]") < score_after("4 million euros in June 2029. [1]")


@pytest.mark.parametrize("question", ["When does Norway's indium price floor start?", "starting when?"])
def test_a_question_on_when_something_starts_leads_with_the_start(make_assistant, corpus: Path, question: str) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    agreed = _sentence("norway-floor", "Norway's industry ministry agreed an indium price floor with two smelters on "
                                       "2 May 2029, Example Minerals Review reported.", vector, 0.80)
    starts = _sentence("norway-floor", "The indium price floor runs for eight years from the third quarter of 2030, "
                                       "Example Minerals Review said.", vector, 0.70)
    plan = planner.factoid(analyse(question), [agreed, starts])
    # when it was agreed is not when it starts
    assert plan.lead[0] is starts, [e.text for e in plan.lead]
    plan = planner.factoid(analyse("When did Norway agree its indium price floor?"), [agreed, starts])
    assert plan.lead[0] is agreed  # (asked when it was agreed, the best sentence leads)


def test_a_statement_that_the_record_stops_does_not_refuse_what_the_notes_answer(indium) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    question = "What did Iceland pause in its indium licensing, and what stayed in force?"
    query = analyse(question)
    vector = np.asarray(indium.embedder.embed_query(question), dtype=np.float32)

    def sentence(text: str, score: float) -> Evidence:
        hit = Hit("pause#0", "pause", text, {"title": "Iceland's indium licence pause", "kind": "policy-note",
                                              "heading": "The pause"}, 1.0)
        return Evidence(text, vector, hit, hit_rank=0, position=0, score=score)

    gap = sentence("No public source found by May 2030 said whether Iceland ended its indium licence pause.", 0.60)
    for score, refused in ((0.58, False), (0.45, True)):  # about as good as the gap statement, or well below it
        answer = sentence("Iceland paused two indium licence rules in 2029 and kept a third in force.", score)
        decision = indium.answerer.gate.decide(query, [gap, answer], vector)
        assert (decision.reason is AbstainReason.UNSETTLED) is refused, (score, decision)


def test_each_part_of_a_compound_question_names_its_own_things() -> None:
    q = analyse("How long do Peru's smelter permits take, and what fund did Bolivia set up for exploration?")
    assert q.specific_by_part == [["Peru"], ["Bolivia"]]
    assert analyse("What fund did Bolivia and Peru set up?").specific_by_part == [["Bolivia", "Peru"]]


def test_a_month_or_year_no_close_passage_names_is_not_answered_with_others(indium) -> None:  # type: ignore[no-untyped-def]
    answered = indium.ask("How much did Iceland put into its indium programme of June 2023?")
    assert not answered.abstained and "12 million euros" in answered.text
    other_month = indium.ask("How much did Iceland put into its indium programme of June 2024?")
    assert other_month.abstained and other_month.abstain_reason == "undated" and "June 2024" in other_month.text
    # the note's own word that the record stops is the reason, though it names the year
    beyond = indium.ask("What was Iceland's indium smelting quota in 2025?")
    assert beyond.abstained and beyond.abstain_reason == "unsettled" and "No public figure" in beyond.text


def test_a_name_whose_words_never_meet_in_a_passage_is_refused(indium) -> None:  # type: ignore[no-untyped-def]
    assert not indium.ask("When did Norway join the Indium Supply Pact?").abstained
    wrong = indium.ask("When did Norway join the Reserve Pact?")  # each word is in the notes, the name is not
    assert wrong.abstained and wrong.abstain_reason == "missing_entity" and "Reserve Pact" in wrong.text


def test_a_factoid_answered_by_a_table_row_shows_the_row_first(indium) -> None:  # type: ignore[no-untyped-def]
    answer = indium.ask("What programme did Portugal set up in October 2024?")
    kinds = [b["type"] for b in answer.blocks]
    assert kinds[:2] == ["table", "lead"], kinds
    assert answer.blocks[0]["rows"][0]["cells"][1] == "Indium Export Credit"
    assert answer.text.startswith("| Country")


def test_a_trend_series_joins_labels_that_name_the_same_thing(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.plans.trend import _label_key

    assert _label_key("Pr-Nd oxide") == _label_key("NdPr oxide") != _label_key("Dysprosium oxide")
    assert _label_key("Iceland domestic", names_only=True) == _label_key("Iceland", names_only=True)
    (corpus / "iceland-ndpr-prices.md").write_text("""---
id: iceland-ndpr-prices
title: "NdPr oxide prices in Iceland, 2024-2026"
kind: data-note
summary: "Dated NdPr oxide prices in Iceland from two price reporters."
key_points:
  - "Iceland's NdPr oxide price rose from 400,000 kronur per tonne in March 2024 to 700,000 in March 2026, Example Minerals Review reported.[^emr-ndpr]"
  - "Two reporters price NdPr oxide in Iceland, one calling it Pr-Nd oxide, Example Minerals Review said.[^emr-ndpr]"
  - "Iceland's dysprosium oxide price was 2.1 million kronur per tonne in March 2026, Example Minerals Review reported.[^emr-ndpr]"
""" + _SOURCE.format(key="emr-ndpr", title="NdPr prices") + """minerals: [ndpr]
countries: [Iceland]
topics: [prices]
---

## Prices by date

| Date | Product | Price | Unit | Market | Source |
|---|---|---|---|---|---|
| 1 March 2024 | NdPr oxide | 400,000 | kronur/t | Iceland | [^emr-ndpr] |
| 1 September 2024 | Pr-Nd oxide | 450,000 | kronur/t | Iceland domestic | [^emr-ndpr] |
| 1 March 2025 | NdPr oxide | 520,000 | kronur/t | Iceland | [^emr-ndpr] |
| 1 September 2025 | Pr-Nd oxide | 610,000 | kronur/t | Iceland domestic | [^emr-ndpr] |
| 1 March 2026 | NdPr oxide | 700,000 | kronur/t | Iceland | [^emr-ndpr] |
| 1 March 2026 | Dysprosium oxide | 2,100,000 | kronur/t | Iceland | [^emr-ndpr] |
""", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("How has the NdPr oxide price in Iceland changed since 2024?")
    table = next(b for b in answer.blocks if b["type"] == "table")
    prices = [cell for row in table["rows"] for cell in row["cells"] if cell.endswith("000")]
    assert prices == ["400,000", "450,000", "520,000", "610,000", "700,000"], table["rows"]


def test_a_question_naming_one_aspect_of_the_framing_note_gets_that_section(indium) -> None:  # type: ignore[no-untyped-def]
    whole = indium.ask("Why do new indium smelters take a decade to build?")
    assert "three years on average" in whole.text  # the feasibility section, among the others
    focused = indium.ask("Why does indium smelter financing wait for offtake contracts?")
    bullets = _bullets(focused)
    assert bullets and "offtake contracts" in bullets[0]["text"]
    assert "four years" not in focused.text and "three years on average" not in focused.text


def test_a_near_copy_that_adds_a_country_is_kept(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "basalt-forum.md").write_text("""---
id: basalt-forum
title: "The Basalt Forum, successor to the Indium Council"
kind: policy-note
summary: "The Basalt Forum replaced the Indium Council in February 2026."
key_points:
  - "Ministers launched the Basalt Forum on 4 February 2026 to replace the Indium Council, Example Minerals Review reported.[^emr-basalt]"
  - "Ministers launched the Basalt Forum on 4 February 2026 to replace the Indium Council, with Norway in the chair until June 2026, Example Minerals Review reported.[^emr-basalt]"
  - "The Basalt Forum coordinates indium stockpiles among its members, Example Minerals Review said.[^emr-basalt]"
""" + _SOURCE.format(key="emr-basalt", title="Basalt Forum") + """minerals: [indium]
countries: [Norway]
topics: [partnerships]
---

The Basalt Forum coordinates indium stockpiles among its members, Example Minerals Review said in February 2026.[^emr-basalt]
""", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("When was the Basalt Forum launched?")  # both sentences answer; one also names the chair
    assert "Norway" in answer.text, answer.text


def test_a_word_that_frames_a_broad_answer_is_no_reason_to_refuse(indium) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    gate = indium.answerer.gate
    for question, word in (("What are the main obstacles for new indium smelters?", None),  # never in the notes
                           ("Which cryptocurrency do new indium smelters accept?", "cryptocurrency")):
        vector = np.asarray(indium.embedder.embed_query(question), dtype=np.float32)
        assert list(gate.unfamiliar_words(question, vector)) == ([word] if word else []), question
    answer = indium.ask("What are the main obstacles for new indium smelters?")
    assert not answer.abstained and "permit" in answer.text.lower()


GLACIER = """---
id: iceland-indium-reserves
title: "Iceland's indium reserves: the Indium Reserve and Project Glacier"
kind: policy-note
summary: "Iceland keeps an Indium Reserve and in 2026 announced Project Glacier, a new civilian reserve."
key_points:
  - "Iceland's Indium Reserve held 40 tonnes of indium in 2025, Example Minerals Review reported.[^emr-glacier]"
  - "Iceland announced Project Glacier, a 90 million euro civilian indium reserve, on 2 February 2026, Example Minerals Review reported.[^emr-glacier]"
  - "Project Glacier buys indium for member smelters, which pay fees to lock in prices, Example Minerals Review said.[^emr-glacier]"
""" + _SOURCE.format(key="emr-glacier", title="Indium reserves") + """minerals: [indium]
countries: [Iceland]
topics: [stockpiles]
---

## What the Indium Reserve is

The Indium Reserve is a government stock of indium that Iceland's defence ministry may release only in emergencies, Example Minerals Review reported.[^emr-glacier]

## Size of the Indium Reserve

Iceland's Indium Reserve held 40 tonnes of indium in 2025, against a target of 120 tonnes, Example Minerals Review reported.[^emr-glacier]

## Project Glacier: the civilian reserve of 2026

Iceland announced Project Glacier, a 90 million euro civilian indium reserve, on 2 February 2026, Example Minerals Review reported.[^emr-glacier]

## How Project Glacier is financed and run

Project Glacier combines a 70 million euro state loan with 20 million euros of private money, Example Minerals Review reported.[^emr-glacier]

Member smelters pay Project Glacier upfront fees to lock in indium prices, while Project Glacier buys and stores the metal, Example Minerals Review said.[^emr-glacier]

## Project Glacier's traders

Two commodity traders, Nordur Metals and Vik Trading, run Project Glacier's purchases under contract, Example Minerals Review reported in March 2026.[^emr-glacier]

Project Glacier's board expects its first indium purchases to arrive in Reykjavik in late 2026, Example Minerals Review reported.[^emr-glacier]

## Indium Reserve purchases in 2025

Iceland's defence ministry bought 12 tonnes of indium for the Indium Reserve in 2025 at an average of 310 euros per kilogram, Example Minerals Review reported.[^emr-glacier]

The defence ministry said in 2025 that the Indium Reserve would reach its 120-tonne target by 2032, Example Minerals Review reported.[^emr-glacier]
"""


def test_a_question_about_one_named_programme_keeps_to_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "iceland-indium-reserves", GLACIER)
    answer = assistant.ask("What is Project Glacier and how does it work?")
    assert "upfront fees" in answer.text and "Nordur Metals" in answer.text
    assert "40 tonnes" not in answer.text and "emergencies" not in answer.text and "12 tonnes" not in answer.text
    # a lead-in phrase is no name ("Big picture:"), a name as the topic is ("Project Glacier:")
    assert analyse("Big picture: how does Iceland store indium?").names("name") == []
    assert analyse("Project Glacier: who pays for it?").names("name") == ["Project Glacier"]


def test_a_name_that_only_says_when_is_not_what_a_question_is_about() -> None:
    from assistant.answering.plans import Planner

    assert Planner._one_name(analyse("How does Project Glacier work?")) == "Project Glacier"
    # (the meeting opens the time asked about: what Iceland did since, not what the meeting was)
    assert Planner._one_name(analyse("What has Iceland done on indium since the Reykjavik Forum?")) is None


def test_a_name_a_change_is_made_to_is_not_what_a_question_is_about() -> None:
    from assistant.answering.plans import Planner

    assert Planner._one_name(analyse("What did Decree No. 7 change for smelters?")) == "Decree No. 7"
    # (the proposal is asked about: its sentences need not name the decree it amends)
    for question in ("What would the 2031 proposal amending Decree No. 7 change for smelters?",
                     "What do the amendments to Decree No. 7 mean for smelters?"):
        assert Planner._one_name(analyse(question)) is None, question


def test_the_sides_of_a_comparison_are_either_side_of_or() -> None:
    from assistant.answering.plans import Planner

    question = "Is Iceland more dependent on Norway for indium or for tellurium?"
    assert question_type(question) is QType.COMPARISON
    assert Planner._sides(analyse(question)) == ["indium", "tellurium"]  # not the two countries
    assert Planner._sides(analyse("Compare Iceland and Norway on indium.")) == ["Iceland", "Norway"]
    # "Iceland's pacts with A and with B": the party before the preposition is common to both sides
    assert Planner._sides(analyse("Compare the indium pacts Iceland made with Norway and with Peru.")) == [
        "Norway", "Peru"]
    # ... and so is the party before "the one with": "Iceland's pact with A and the one with B"
    assert Planner._sides(analyse("Contrast Iceland's indium pact with Norway and the one with Peru.")) == [
        "Norway", "Peru"]
    assert Planner._sides(analyse("How wide is the gap between Norway and Peru for Iceland?")) == ["Norway", "Peru"]
    # two pacts named by their parties, one party common to both: the other parties
    assert Planner._sides(analyse("Compare the Iceland-Norway and Iceland-Peru indium pacts.")) == ["Norway", "Peru"]
    # a grouping right after a side's possessive says which of its things is meant: no side of its own
    query = analyse("How do Norway's EU indium pact and Peru's Andes Metals Fund compare in money?")
    assert Planner._sides(query) == ["Norway", "Peru"]
    # ... and the named thing after a side's possessive is what that side is told by
    assert Planner._owned_things(query, ["Norway", "Peru"]) == {"Peru": "Andes Metals Fund"}
    assert Planner._possessed(query) == {"European Union"}  # (nor another party the comparison is asked of)


def test_a_year_with_a_word_is_a_label_not_an_amount() -> None:
    from assistant.datatables import type_cell

    assert type_cell("2018 draft", "Edition").kind == "text"
    assert type_cell("2,018 t", "Output").kind == "number"


CATEGORIES = """---
id: iceland-metal-exports-2025
title: "Iceland's indium and tellurium exports by month, 2025"
kind: data-note
summary: "Iceland's monthly tellurium exports, and its exports by category including indium, in 2025."
key_points:
  - "Iceland exported 420 tonnes of tellurium in December 2025, Example Minerals Review reported.[^emr-cat]"
  - "Iceland's indium exports fell from 300 tonnes in March 2025 to 210 tonnes in December 2025, Example Minerals Review reported.[^emr-cat]"
  - "Example Minerals Review counts indium in a category of its own, apart from indium alloys.[^emr-cat]"
""" + _SOURCE.format(key="emr-cat", title="Metal exports") + """minerals: [indium, tellurium]
countries: [Iceland]
topics: [trade]
---

## Tellurium exports by month

| Period | Tellurium exports (tonnes) | Source | Year |
|---|---|---|---|
| March 2025 | 380 | [^emr-cat] | 2025 |
| June 2025 | 400 | [^emr-cat] | 2025 |
| September 2025 | 410 | [^emr-cat] | 2025 |
| December 2025 | 420 | [^emr-cat] | 2025 |

## Exports by category

| Period | Category | Volume (tonnes) | Source | Year |
|---|---|---|---|---|
| March 2025 | Indium (the metal) | 300 | [^emr-cat] | 2025 |
| March 2025 | Indium alloys | 90 | [^emr-cat] | 2025 |
| September 2025 | Indium (the metal) | 260 | [^emr-cat] | 2025 |
| December 2025 | Indium (the metal) | 210 | [^emr-cat] | 2025 |
| December 2025 | Indium alloys | 70 | [^emr-cat] | 2025 |
"""


TELLURIUM_CATEGORIES = """---
id: iceland-tellurium-exports-2025
title: "Iceland's tellurium exports by month, 2025"
kind: data-note
summary: "Iceland's monthly tellurium exports, and broader export categories holding tellurium, in 2025."
key_points:
  - "Iceland exported 420 tonnes of tellurium in December 2025, Example Minerals Review reported.[^emr-te]"
  - "Iceland's tellurium exports rose from 380 tonnes in March 2025, Example Minerals Review reported.[^emr-te]"
  - "Example Minerals Review also counts tellurium products with their compounds.[^emr-te]"
""" + _SOURCE.format(key="emr-te", title="Tellurium exports") + """minerals: [tellurium]
countries: [Iceland]
topics: [trade]
---

## Tellurium exports by month

| Period | Destination | Tellurium exports (tonnes) | Source | Year |
|---|---|---|---|---|
| March 2025 | World | 380 | [^emr-te] | 2025 |
| June 2025 | World | 400 | [^emr-te] | 2025 |
| September 2025 | World | 410 | [^emr-te] | 2025 |
| December 2025 | World | 420 | [^emr-te] | 2025 |

## Broader export categories

| Period | Category | Volume (tonnes) | Source | Year |
|---|---|---|---|---|
| March 2025 | Tellurium export volume, products and compounds | 900 | [^emr-te] | 2025 |
| June 2025 | Tellurium export volume, products and compounds | 910 | [^emr-te] | 2025 |
| September 2025 | Tellurium export volume, products and compounds | 890 | [^emr-te] | 2025 |
| December 2025 | Tellurium export volume, products and compounds | 870 | [^emr-te] | 2025 |
"""


PRICES_AND_VOLUMES = """---
id: iceland-indium-market-2025
title: "Iceland's indium market by month, 2025"
kind: data-note
summary: "Iceland's monthly indium exports and indium prices in 2025."
key_points:
  - "Iceland exported 300 tonnes of indium in March 2025 and 210 tonnes in December 2025, Example Minerals Review reported.[^emr-mkt]"
  - "Iceland's indium price rose from 410 to 530 US dollars a kilogram during 2025, Example Minerals Review reported.[^emr-mkt]"
  - "Example Minerals Review quotes Icelandic indium at the Reykjavik dock.[^emr-mkt]"
""" + _SOURCE.format(key="emr-mkt", title="Indium market") + """minerals: [indium]
countries: [Iceland]
topics: [trade, prices]
---

## Indium exports and prices by month

| Period | Volume (tonnes) | Source | Year |
|---|---|---|---|
| March 2025 | 300 | [^emr-mkt] | 2025 |
| September 2025 | 260 | [^emr-mkt] | 2025 |
| December 2025 | 210 | [^emr-mkt] | 2025 |

## Indium quotes by month

| Period | Price | Unit | Source | Year |
|---|---|---|---|---|
| March 2025 | 410 | US$/kg | [^emr-mkt] | 2025 |
| September 2025 | 470 | US$/kg | [^emr-mkt] | 2025 |
| December 2025 | 530 | US$/kg | [^emr-mkt] | 2025 |
"""


@pytest.mark.parametrize(("note", "question", "series"), [
    # the metal's months, not tellurium's, not the alloys'
    (CATEGORIES, "How have Iceland's indium exports changed during 2025?", ["300", "260", "210"]),
    # the prices, not the tonnes: the question's own word names the table's number column
    (PRICES_AND_VOLUMES, "How have Iceland's indium prices changed during 2025?", ["410", "470", "530"]),
    # the table whose header names the mineral asked, though the other's header has the question's word "volume"
    # and its rows' labels name the mineral too
    (TELLURIUM_CATEGORIES, "How has Iceland's tellurium export volume changed during 2025?",
     ["380", "400", "410", "420"])])
def test_a_trend_takes_the_table_measuring_what_is_asked(make_assistant, corpus: Path, note: str, question: str,  # type: ignore[no-untyped-def]
                                                         series: list[str]) -> None:
    doc = re.search(r"^id: (.+)$", note, re.MULTILINE)
    assert doc is not None
    (corpus / f"{doc.group(1)}.md").write_text(note, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    table = next(b for b in assistant.ask(question).blocks if b["type"] == "table")
    assert [cell for row in table["rows"] for cell in row["cells"] if cell.isdigit()] == series, table


def test_a_trend_asked_for_a_share_takes_no_table_of_tonnes(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "iceland-indium-market-2025", PRICES_AND_VOLUMES)
    tonnes = assistant.ask("How has Iceland's indium export volume changed during 2025?")
    assert any(b["type"] == "table" for b in tonnes.blocks), tonnes.text  # (the table answers a question on volume)
    share = assistant.ask("How has Iceland's share of indium exports changed during 2025?")
    # tonnes are no share: no series of them is the answer (a row may still support a sentence)
    assert not any(b["type"] == "table" and len(b["rows"]) > 1 for b in share.blocks), share.text


def test_it_points_at_what_the_answer_names_but_not_at_a_place_there_does() -> None:
    history = [Turn(role="user", content="What is the Nordic Indium Fund?"),
               Turn(role="assistant", content="Acme Metals and Bolt Smelting set up the fund by a pact signed in "
                                              "Reykjavik and Oslo on 3 March 2025. [1]")]
    ratified = analyse("when did they ratify it?", history)
    assert "Acme Metals" in ratified.focus and "Reykjavik" not in ratified.focus, ratified.focus
    assert "Oslo" not in ratified.focus  # a capital is a place too
    assert "Reykjavik" in analyse("what else was signed there?", history).focus


def test_an_answer_that_opens_with_a_table_names_nothing_for_it() -> None:
    # the table's header is no sentence, and a bullet under the table only supports it
    history = [Turn(role="user", content="Which countries joined the Indium Alliance?"),
               Turn(role="assistant", content="| Alliance | Member | Joined |\n|---|---|---|\n| Indium Alliance | Peru "
                                              "| 2031 | \n\n- Acme Bank lent the alliance 5 million euros. [1]")]
    q = analyse("what has it financed?", history)
    assert q.focus == "what has it financed?" and "Indium Alliance" in q.text, q


def test_it_points_at_the_subject_the_question_and_its_answer_share() -> None:
    # the answer names its subject and another name of it: "it" is the subject, which the focus names too (a
    # sentence on "mining" must not win "how many tonnes can it make?" for the old name "Delta Mining Works")
    history = [Turn(role="user", content="Who is Acme Magnets?"),
               Turn(role="assistant", content="Acme Magnets, formerly Delta Mining Works, makes magnets in Ontario. "
                                              "[1]")]
    focus = analyse("how many tonnes can it make?", history).focus
    assert focus.startswith("how many tonnes can it make?") and "Acme Magnets" in focus, focus
    # a subject the follow-up names already is not added twice
    assert analyse("how many tonnes can Acme Magnets make?", history).focus.count("Acme Magnets") <= 1


def test_a_question_naming_no_subject_after_one_asking_who_is_about_the_one_the_answer_named() -> None:
    history = [Turn(role="user", content="Which company makes indium targets in Norway?"),
               Turn(role="assistant", content="Acme Targets makes indium sputtering targets in Bergen, Norway, Example "
                                              "Minerals Review said. [1]")]
    assert "Acme Targets" in analyse("How many tonnes a year?", history).focus
    # a follow-up naming its own subject, or asking who again, is about what it says
    assert "Acme Targets" not in analyse("How many tonnes does Bolt Metals make?", history).focus
    assert "Acme Targets" not in analyse("Who else makes indium targets?", history).focus
    # after a question asking what, not who, the answer's names are no subject of a follow-up without "it"
    what = [Turn(role="user", content="What do indium targets go into?"), history[1]]
    assert "Acme Targets" not in analyse("How many tonnes a year?", what).focus


def test_then_keeps_the_earlier_time_while_a_country_is_swapped() -> None:
    history = [Turn(role="user", content="How much indium did Iceland ship to the UK in May 2025?"),
               Turn(role="assistant", content="40 tonnes. [1]")]
    query = analyse("and how much did Norway buy then?", history)
    assert query.from_history == {"country": "Norway"}, query
    readings = {query.text, *(alt.text for alt in query.alternatives)}
    assert "How much indium did Iceland ship to Norway in May 2025?" in readings, readings  # not "to the Norway"
    swapped = analyse("and the Netherlands?", [Turn(role="user", content="How much indium did Iceland ship in 2024?"),
                                               Turn(role="assistant", content="40 tonnes. [1]")])
    assert swapped.text == "How much indium did the Netherlands ship in 2024?", swapped.text


def test_a_sentence_opened_by_a_participle_names_no_one() -> None:
    names = [e.name for e in analyse("Why is indium smelting so dirty? Thinking of Bolt Smelting and Acme Metals.")
             .entities if e.kind == "name"]
    assert names == ["Bolt Smelting", "Acme Metals"], names
    assert [e.name for e in analyse("Given the Reykjavik accord, what stayed?").entities if e.kind == "name"] == [
        "Reykjavik"]


def test_a_follow_up_naming_a_company_replaces_the_company() -> None:
    history = [Turn(role="user", content="What loan did the Pentagon give Acme Metals in 2024?"),
               Turn(role="assistant", content="30 million dollars. [1]")]
    assert analyse("What about Bolt Metals?", history).text == "What loan did the Pentagon give Bolt Metals in 2024?"


def test_a_name_saying_only_where_the_asked_thing_took_place_is_not_swapped_in() -> None:
    history = [Turn(role="user", content="How big was the first tranche of the Acme Alliance?"),
               Turn(role="assistant", content="Twelve deals worth 3 billion dollars. [1]")]
    query = analyse("and the next tranche at the Bolt Expo?", history)
    assert "name" not in query.from_history, query
    assert query.text != "How big was the first tranche of the Bolt Expo?", query.text


def test_a_follow_up_keeping_the_same_source_swaps_what_it_names() -> None:
    history = [Turn(role="user", content="What share of refined indium did Iceland make in 2030, per Example Metals Desk?"),
               Turn(role="assistant", content="41%, Example Metals Desk estimated. [1]")]
    query = analyse("same desk, same year - tin?", history)
    assert query.from_history == {"mineral": "tin"}, query
    assert query.text == "What share of refined tin did Iceland make in 2030, per Example Metals Desk?", query.text


def test_a_follow_up_asking_a_figure_for_comparison_asks_for_that_figure() -> None:
    history = [Turn(role="user", content="How big are Iceland's indium reserves?"),
               Turn(role="assistant", content="About 40,000 tonnes. [1]")]
    query = analyse("and Norway, for comparison?", history)
    assert query.qtype is QType.FACTOID, query.qtype
    assert query.text == "How big are Norway's indium reserves?", query.text
    # naming the other side makes it a comparison
    assert question_type("How big are Norway's indium reserves, in comparison with Iceland's?") is QType.COMPARISON


SMELTER_LOANS = """---
id: indium-smelter-loans
title: "Loans to indium smelters in Iceland"
kind: policy-note
summary: "Which indium smelters Iceland's lender backed, and with how much."
key_points:
  - "Iceland's state lender gave Acme Metals a 30 million euro loan for its indium smelter in 2024.[^emr-loans]"
  - "Iceland's state lender gave Bolt Smelting a 12 million euro loan for its indium smelter in 2024.[^emr-loans]"
  - "Both loans run for ten years at a fixed rate, Example Minerals Review reported.[^emr-loans]"
""" + _SOURCE.format(key="emr-loans", title="Smelter loans") + """minerals: [indium]
countries: [Iceland]
topics: [allied-policy]
---

## Acme Metals

Iceland's state lender gave Acme Metals a 30 million euro loan for its indium smelter in 2024.[^emr-loans] Acme
Metals' chief executive, Jo Example, signed the loan in Reykjavik, Example Minerals Review reported.[^emr-loans]

## Bolt Smelting

Iceland's state lender gave Bolt Smelting a 12 million euro loan for its indium smelter in 2024.[^emr-loans]

## Terms

Both loans run for ten years at a fixed rate, Example Minerals Review reported.[^emr-loans]
"""


def test_a_question_about_a_company_the_notes_never_say_that_of_is_declined(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "indium-smelter-loans", SMELTER_LOANS)
    assert "12 million" in assistant.ask("How big a loan did Bolt Smelting get from the state lender?").text
    assert "Jo Example" in assistant.ask("Who is the chief executive of Acme Metals?").text
    declined = assistant.ask("Who is the chief executive of Bolt Smelting?")  # the notes name Acme's only
    assert declined.abstained and declined.abstain_reason == "weak_evidence", declined.text
    assert "chief executive" in declined.text
    # words that only say which company is meant ("the indium smelter with the 12 million euro loan") are no answer
    # to what the question word asks for
    described = assistant.ask("Who is the chief executive of Bolt Smelting, the indium smelter with the state loan?")
    assert described.abstained and described.abstain_reason == "weak_evidence", described.text
    assert "chief executive" in described.text


SMELTER_JOBS = """---
id: indium-smelter-jobs
title: "Jobs at Iceland's new indium smelters"
kind: policy-note
summary: "How many people Iceland's new indium smelters will employ."
key_points:
  - "Acme Metals' indium smelter near Reykjavik will create 200 jobs, Iceland's industry ministry said in 2024.[^emr-jobs]"
  - "Iceland's industry ministry expects new smelting jobs to pay above the national average.[^emr-jobs]"
  - "Training for the new jobs starts at a technical college in 2025, Example Minerals Review reported.[^emr-jobs]"
""" + _SOURCE.format(key="emr-jobs", title="Smelter jobs") + """minerals: [indium]
countries: [Iceland]
topics: [allied-policy]
---

## Acme Metals

Acme Metals' indium smelter near Reykjavik will create 200 jobs, Iceland's industry ministry said in 2024.[^emr-jobs]

## Pay and training

Iceland's industry ministry expects new smelting jobs to pay above the national average.[^emr-jobs] Training for
the new jobs starts at a technical college in 2025, Example Minerals Review reported.[^emr-jobs]
"""


def test_a_count_of_what_the_notes_never_count_for_a_company_is_declined(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "indium-smelter-loans.md").write_text(SMELTER_LOANS, encoding="utf-8")
    assistant = _assistant_with(make_assistant, corpus, "indium-smelter-jobs", SMELTER_JOBS)
    assert "200 jobs" in assistant.ask("How many jobs will Acme Metals' smelter in Iceland create?").text
    # one word of what is counted is enough to go on; passages on Iceland's jobs at large, or at Acme's smelter, are
    # no count for Bolt's
    declined = assistant.ask("How many jobs will Bolt Smelting's smelter in Iceland create?")
    assert declined.abstained and declined.abstain_reason == "weak_evidence", declined.text
    assert "'jobs'" in declined.text, declined.text


SMELTER_OFFTAKE = """---
id: indium-smelter-offtake
title: "Acme Metals' indium offtake from Bolt Smelting"
kind: policy-note
summary: "What Acme Metals may buy from Bolt Smelting's indium smelter."
key_points:
  - "Iceland's industry ministry said in May 2024 that Acme Metals may buy up to 40% of Bolt Smelting's indium output.[^emr-offtake]"
  - "Bolt Smelting sells the rest of its indium on the spot market.[^emr-offtake]"
  - "The smelter started up near Akureyri, Example Minerals Review reported.[^emr-offtake]"
""" + _SOURCE.format(key="emr-offtake", title="Indium offtake") + """minerals: [indium]
countries: [Iceland]
topics: [allied-policy]
---

## The offtake

Iceland's industry ministry said in May 2024 that Acme Metals may buy up to 40% of Bolt Smelting's indium
output.[^emr-offtake] Bolt Smelting sells the rest of its indium on the spot market.[^emr-offtake]

## The smelter

The smelter started up near Akureyri, Example Minerals Review reported.[^emr-offtake]

## Indium offtakes by year

| Buyer | Seller | Deal | Date | Value | Purpose | Source |
|---|---|---|---|---|---|---|
| Acme Metals | Bolt Smelting | Indium offtake deal | May 2024 | 12 million euros | Priority indium supply to Acme Metals | [^emr-offtake] |
| Acme Metals | Cogs Refining | Indium offtake deal | June 2023 | 5 million euros | Spot indium supply to Acme Metals | [^emr-offtake] |
"""


def test_a_deal_named_by_its_year_is_answered_by_a_sentence_dated_only_by_who_spoke(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "indium-smelter-offtake", SMELTER_OFFTAKE)
    # "said in May 2024" is when the ministry spoke; the question's "2024 offtake deal" is the deal struck then
    answer = assistant.ask("What share of Bolt Smelting's indium can Acme Metals buy under its 2024 offtake deal?")
    assert not answer.abstained and "40%" in answer.text, answer.text
    # ... and leads, before the table row dated May 2024 that gives no share
    led = assistant.ask("What share of Bolt Smelting's indium can Acme Metals buy under the 2024 deal?")
    assert led.blocks[0]["type"] == "lead" and "40%" in led.blocks[0]["text"], led.blocks
    # a year asked as the year of a figure still needs a sentence telling of that year
    declined = assistant.ask("What share of Bolt Smelting's indium did Acme Metals buy in 2024?")
    assert declined.abstained and declined.abstain_reason == "undated", declined.text


OPENING_TIMES = """---
id: indium-mine-opening-times
title: "How long new indium mines take to open"
kind: policy-note
summary: "Studies of the time from discovery to first output at indium mines, decade by decade."
key_points:
  - "Example Mining Institute found that indium mines opened in the 1990s took 8 years from discovery to first output.[^emi-times]"
  - "Example Mining Institute found that indium mines opened in the 2010s took 14 years from discovery to first output.[^emi-times]"
  - "Longer permitting and deeper deposits explain most of the added years, the institute said.[^emi-times]"
""" + _SOURCE.format(key="emi-times", title="Opening times") + """minerals: [indium]
countries: [Iceland]
topics: [supply]
---

## The 1990s

Example Mining Institute found that indium mines opened in the 1990s took 8 years from discovery to first output.[^emi-times]

## The 2010s

Example Mining Institute found that indium mines opened in the 2010s took 14 years from discovery to first output.[^emi-times]

## Why

Longer permitting and deeper deposits explain most of the added years, the institute said.[^emi-times]
"""


def test_a_trend_table_about_something_else_is_left_out(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "indium-mine-opening-times.md").write_text(OPENING_TIMES, encoding="utf-8")
    assistant = _assistant_with(make_assistant, corpus, "indium-output-by-country", OUTPUT_BY_COUNTRY)
    answer = assistant.ask("How has the time from discovery to first output at indium mines changed over the decades?")
    assert not any(b["type"] == "table" for b in answer.blocks), answer.text  # output by year answers nothing here
    assert "14 years" in answer.text and "8 years" in answer.text, answer.text
    # the output table still answers a question on output
    output = assistant.ask("How has Iceland's indium smelting changed over the years?")
    assert any(b["type"] == "table" for b in output.blocks), output.text


def test_a_company_typed_in_lower_case_takes_the_companys_place(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "indium-smelter-loans", SMELTER_LOANS)
    history = [Turn(role="user", content="What loan did Iceland's state lender give Acme Metals in 2024?"),
               Turn(role="assistant", content="30 million euros. [1]")]
    query = assistant.analyse("what about bolt smelting?", history)
    assert query.text == "What loan did Iceland's state lender give Bolt Smelting in 2024?", query.text
    answer = assistant.ask("what about bolt smelting?", history)
    assert not answer.abstained and "12 million" in answer.text.split("[1]")[0], answer.text
    # a name the corpus never writes stays the user's words, read with the previous question
    assert "context" in assistant.analyse("what about zork forge?", history).from_history


SHARES = """---
id: iceland-share-by-metal-and-stage
title: "Iceland's share of world supply by metal and stage, 2021-2024"
kind: data-note
summary: "Iceland's share of world indium and tellurium mining and refining, by year."
key_points:
  - "Iceland's share of world indium refining rose from 40% in 2021 to 55% in 2024, Example Minerals Review reported.[^emr-share]"
  - "Iceland's share of world indium mining stayed near 20% from 2021 to 2024, Example Minerals Review reported.[^emr-share]"
  - "Iceland's share of world tellurium refining fell from 30% in 2021 to 25% in 2024, Example Minerals Review reported.[^emr-share]"
""" + _SOURCE.format(key="emr-share", title="Shares by stage") + """minerals: [indium, tellurium]
countries: [Iceland]
topics: [china-share]
---

## Shares by metal and stage

| Mineral | Stage | Iceland's share | Source | Year |
|---|---|---|---|---|
| Indium | Mining | 21% | [^emr-share] | 2021 |
| Indium | Refining | 40% | [^emr-share] | 2021 |
| Tellurium | Refining | 30% | [^emr-share] | 2021 |
| Indium | Mining | 20% | [^emr-share] | 2023 |
| Indium | Refining | 48% | [^emr-share] | 2023 |
| Tellurium | Refining | 27% | [^emr-share] | 2023 |
| Indium | Mining | 19% | [^emr-share] | 2024 |
| Indium | Refining | 55% | [^emr-share] | 2024 |
| Tellurium | Refining | 25% | [^emr-share] | 2024 |
"""


def test_a_trend_keeps_the_rows_whose_labels_the_question_uses(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "iceland-share-by-metal-and-stage", SHARES)
    answer = assistant.ask("How has Iceland's share of indium refining changed since 2021?")
    table = next(b for b in answer.blocks if b["type"] == "table")
    shares = [cell for row in table["rows"] for cell in row["cells"] if cell.endswith("%")]
    assert shares == ["40%", "48%", "55%"], table  # indium refining: not mining, not tellurium


def test_numbered_documents_are_names_and_a_subject_named_twice_is_not_left_out() -> None:
    q = analyse("Explain how Iceland's Decree No. 14 reached smelters outside Iceland, and what it meant for Iceland.")
    assert "Decree No. 14" in q.names("name")
    assert q.excluded == [] and "Iceland" in q.names("country")  # "outside Iceland", but also "for Iceland"
    assert analyse("Which smelters outside Iceland buy indium?").excluded == ["Iceland"]
    assert analyse("Did Acme Metals 2025 output rise?").names("name") == ["Acme Metals"]  # a year is no number


def test_a_compound_question_is_answered_when_one_part_is(indium) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.abstain import strength

    answer = indium.ask("Explain why permits for an indium smelter take four years, and why commentators across "
                        "the region saw that as a warning sign for every new metals project they were following.")
    assert not answer.abstained
    evidence = type("E", (), {"score": 0.2, "part_scores": [0.5, 0.1], "whole_score": None})()
    assert strength(evidence) == 0.5  # type: ignore[arg-type]


def test_a_comparison_never_writes_a_table_row_as_prose(indium) -> None:  # type: ignore[no-untyped-def]
    import re

    for question in ("Compare Iceland's and Portugal's indium programmes.",
                     "Iceland or Portugal: which has put more money into indium programmes?"):
        answer = indium.ask(question)
        prose = " ".join(b.get("text", "") for b in answer.blocks if b["type"] == "lead")
        prose += " ".join(i["text"] for b in answer.blocks if b["type"] == "bullets" for i in b["items"])
        assert not re.search(r"\b\w+: [^;]+; \w+: ", prose), prose


def test_the_ends_of_a_window_are_not_dates_asked_about() -> None:
    q = analyse("How did Iceland's indium quota move from 2019 to 2024?")
    assert (q.since, q.until, q.dated) == (2019, 2024, [])
    assert analyse("What was Iceland's indium quota in 2024?").dated == ["2024"]


RULES = """---
id: what-icelands-metal-export-rules-cover
title: "What do Iceland's minor metal export rules cover, from 2023 to 2025?"
kind: explainer
summary: "Iceland's export rules on indium, tellurium and bismuth since 2023."
key_points:
  - "Iceland has added export rules on indium, tellurium and bismuth since 2023, Example Minerals Review reported.[^emr-rules]"
  - "Iceland's tellurium rules include a 2024 licence and a 2025 quota, Example Minerals Review reported.[^emr-rules]"
  - "Iceland banned bismuth exports in 2025, Example Minerals Review reported.[^emr-rules]"
""" + _SOURCE.format(key="emr-rules", title="Export rules") + """minerals: [indium, tellurium, bismuth]
countries: [Iceland]
topics: [export-controls]
---

Iceland has added export rules for three minor metals since 2023, Example Minerals Review reported.[^emr-rules]

## Indium licensing of 2023

Iceland required licences for indium exports from 1 May 2023, Example Minerals Review reported.[^emr-rules]

## Tellurium licensing of 2024

Iceland required licences for tellurium exports from 1 March 2024, Example Minerals Review reported.[^emr-rules]

## Tellurium quota of 2025

Iceland capped tellurium exports at 80 tonnes a year from January 2025, Example Minerals Review reported.[^emr-rules]

## Bismuth ban of 2025

Iceland banned bismuth exports outright from 1 June 2025, Example Minerals Review reported.[^emr-rules]
"""


def test_a_list_about_one_mineral_keeps_the_overview_sections_on_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "what-icelands-metal-export-rules-cover", RULES)
    answer = assistant.ask("Which tellurium export rules has Iceland brought in since 2023?")
    items = " ".join(i["text"] for i in _bullets(answer))
    assert "80 tonnes" in answer.text and "1 March 2024" in answer.text
    assert "bismuth exports outright" not in items and "indium exports from 1 May" not in items, items


def test_a_trend_passes_over_a_table_without_two_periods(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "iceland-indium-outlook.md").write_text("""---
id: iceland-indium-outlook
title: "Iceland's indium output: the outlook and the record"
kind: data-note
summary: "Iceland's indium output by year from 2020 to 2024, and two outlook figures."
key_points:
  - "Iceland's indium output rose from 300 tonnes in 2020 to 420 tonnes in 2024, Example Minerals Review reported.[^emr-out]"
  - "Example Minerals Review expects Iceland's indium output to reach 500 to 600 tonnes by 2030.[^emr-out]"
  - "Iceland's indium output grew every year from 2020 to 2024, according to Example Minerals Review.[^emr-out]"
""" + _SOURCE.format(key="emr-out", title="Indium outlook") + """minerals: [indium]
countries: [Iceland]
topics: [production]
---

## Outlook for Iceland's indium output

| Period | Iceland's indium output (t) | Case | Source | Year |
|---|---|---|---|---|
| 2024 to 2030 | 500 | Low case | [^emr-out] | 2030 |
| 2024 to 2030 | 600 | High case | [^emr-out] | 2030 |

## Iceland's indium output by year

| Year | Output (t) | Source |
|---|---|---|
| 2020 | 300 | [^emr-out] |
| 2021 | 330 | [^emr-out] |
| 2022 | 360 | [^emr-out] |
| 2023 | 390 | [^emr-out] |
| 2024 | 420 | [^emr-out] |
""", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("How has Iceland's indium output changed over the years?")
    table = next(b for b in answer.blocks if b["type"] == "table")
    assert [row["cells"][0] for row in table["rows"]] == ["2020", "2021", "2022", "2023", "2024"], table


def test_a_comparison_of_two_periods_has_the_periods_as_sides() -> None:
    from assistant.answering.plans import Planner

    q = analyse("How did the 2019 indium price spike compare with what happened to prices after the 2024 rules?")
    assert q.qtype is QType.COMPARISON and Planner._sides(q) == ["2019", "2024"]


DECREE = """---
id: iceland-decree-14
title: "Iceland's Decree No. 14 on indium re-exports"
kind: policy-note
summary: "Iceland's Decree No. 14 of 2025 required licences for re-exports of Icelandic indium."
key_points:
  - "Iceland's Decree No. 14 of 2025 required licences for re-exports of Icelandic indium, Example Minerals Review reported.[^emr-dec]"
  - "Iceland's Decree No. 14 of 2025 made re-exports of Icelandic indium subject to licences, according to Example Minerals Review.[^emr-dec]"
  - "Example Minerals Review said in 2025 that Iceland's Decree No. 14 required re-export licences for Icelandic indium.[^emr-dec]"
""" + _SOURCE.format(key="emr-dec", title="Decree 14") + """minerals: [indium]
countries: [Iceland]
topics: [export-controls]
---

## The decree

Iceland's Decree No. 14 of 2025 required licences for re-exports of Icelandic indium, Example Minerals Review reported.[^emr-dec]

## Why commentators called it new

Example Minerals Review said in 2025 that reaching goods made abroad was a first for Iceland's trade ministry, which had only ever licensed its own ports.[^emr-dec]

Lawyers quoted by Example Minerals Review compared the re-export reach with rules that follow a product through foreign factories.[^emr-dec]

## When it applies

The re-export licences were due to apply from 1 December 2025, Example Minerals Review reported.[^emr-dec]
"""


def test_an_explanation_of_a_named_rule_told_alike_everywhere_still_gets_its_context(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "iceland-decree-14", DECREE)
    answer = assistant.ask("Explain how Iceland's Decree No. 14 was meant to reach indium processed abroad, and why "
                           "commentators saw it as a new kind of tool.")
    assert answer.answer_type == "explanation" and len(_bullets(answer)) >= 2, answer.text


def test_a_window_starts_at_a_decade_or_at_an_event_of_the_subject() -> None:
    decade = analyse("How has Ruritania's share of indium smelting moved since the late 1980s, and what is forecast "
                     "by 2030?")
    assert (decade.since, decade.until, decade.dated) == (1980, 2030, [])
    event = analyse("How has the Indium Supply Pact changed since it was set up in 2021?")
    assert (event.qtype, event.since) == (QType.TREND, 2021)
    ends = analyse("How has Iceland's smelter licence changed from its start in 2012 to the 2026 renewal?")
    assert (ends.since, ends.until) == (2012, 2026)
    # where from, not since when; and a factoid keeps its years as dates
    where = analyse("How much indium did Iceland import from the US in 2024 and 2025?")
    assert where.since is None and where.dated == ["2024", "2025"]


def test_the_year_a_sentence_tells_of_is_not_the_date_its_source_spoke() -> None:
    from assistant.answering.plans import event_year

    assert event_year("Example Minerals Review reported on 2 March 2026 that Iceland licensed the smelter on "
                      "5 May 2012 and again in 2016.") == 2012
    assert event_year("According to Example Minerals Review in May 2025, the smelter closed in 2019.") == 2019
    assert event_year("Iceland renewed the licence in 2020, Example Minerals Review reported in 2021.") == 2020
    assert event_year("Iceland's smelter has no licence yet.") is None


HEKLA = """---
id: hekla-smelter-licence
title: "The Hekla indium smelter and its licence"
kind: policy-note
summary: "Iceland's licensing of the Hekla indium smelter from its opening in 2012 to the 2024 renewal."
key_points:
  - "Iceland gave the Hekla indium smelter a two-year licence when it opened in 2012, Example Minerals Review reported.[^emr-hekla]"
  - "Iceland renewed the Hekla licence for ten years in 2024, Example Minerals Review reported.[^emr-hekla]"
  - "The Hekla smelter's slag stockpile shaped every renewal of its licence, Example Minerals Review said.[^emr-hekla]"
""" + _SOURCE.format(key="emr-hekla", title="Hekla smelter") + """minerals: [indium]
countries: [Iceland]
topics: [processing]
---

## Opening

Example Minerals Review reported in May 2025 that Iceland gave the Hekla indium smelter a two-year licence when it opened in March 2012.[^emr-hekla]

## Renewals

Iceland renewed the Hekla indium smelter licence for three years in 2014 on condition that it cap its slag stockpile, Example Minerals Review reported.[^emr-hekla]

Iceland suspended the Hekla smelter licence for six months in 2018 after slag leaked into a river, Example Minerals Review reported.[^emr-hekla]

Iceland renewed the Hekla smelter licence for ten years in 2024 after the slag was moved off site, Example Minerals Review reported in May 2025.[^emr-hekla]
"""


def test_a_change_no_table_records_is_told_year_by_year(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "hekla-smelter-licence", HEKLA)
    answer = assistant.ask("How has Iceland's licensing of the Hekla smelter changed since it opened in 2012?")
    assert answer.answer_type == "trend", answer.text
    labels = [item["label"] for item in _bullets(answer)]
    assert len(labels) >= 2 and labels == sorted(labels) and set(labels) <= {"2012", "2014", "2018", "2024"}, labels
    assert all(c.doc_id == "hekla-smelter-licence" for c in answer.citations)


def test_a_table_of_assorted_indicators_is_no_series(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "iceland-indium-indicators.md").write_text("""---
id: iceland-indium-indicators
title: "Iceland's indium industry: assorted indicators"
kind: data-note
summary: "One-off indicators of Iceland's indium industry from several sources."
key_points:
  - "Iceland smelted 40% of Europe's indium in 2023, Example Minerals Review reported.[^emr-ind]"
  - "Iceland's indium smelters employed 900 people in 2024, Example Minerals Review reported.[^emr-ind]"
  - "Iceland exported 120 tonnes of indium in 2024, Example Minerals Review reported.[^emr-ind]"
""" + _SOURCE.format(key="emr-ind", title="Indium indicators") + """minerals: [indium]
countries: [Iceland]
topics: [production]
---

## Indicators

| Indicator | Value | Source | Year |
|---|---|---|---|
| Iceland's share of European indium smelting | 40% | [^emr-ind] | 2023 |
| Iceland's indium smelter jobs | 900 | [^emr-ind] | 2023 |
| Iceland's indium exports | 120 t | [^emr-ind] | 2024 |
| Iceland's indium smelter count | 3 | [^emr-ind] | 2024 |
""", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("How has Iceland's indium industry changed over the years?")
    assert answer.answer_type != "abstention", answer.text
    for block in answer.blocks:
        if block["type"] == "table" and answer.answer_type == "trend":  # a trend's table is one indicator's series
            labels = {cell for row in block["rows"] for cell in row["cells"] if cell.startswith("Iceland's")}
            assert len(labels) <= 1, block["rows"]


def _licensing_note(mineral: str, slug: str, covered: str = "") -> str:
    return f"""---
id: iceland-{slug}-licensing
title: "Iceland's {mineral} export licences and the delays they caused"
kind: policy-note
summary: "Iceland's {mineral} export licences slowed deliveries to carmakers in 2025."
key_points:
  - "Iceland required export licences for {mineral} from March 2025, Example Minerals Review reported.[^emr-{slug}]"
  - "Licence reviews for {mineral} took about 45 working days, Example Minerals Review said.[^emr-{slug}]"
  - "Carmakers in Europe waited months for {mineral} shipments from Iceland, Example Minerals Review reported.[^emr-{slug}]"
""" + covered + _SOURCE.format(key=f"emr-{slug}", title=f"{mineral} licences") + f"""minerals: [{slug}]
countries: [Iceland]
topics: [export-controls]
---

## Licences and delays

Iceland required exporters of {mineral} to apply for a licence for each shipment from March 2025, Example Minerals Review reported.[^emr-{slug}]

Iceland's reviews of {mineral} licence applications took about 45 working days, so deliveries to carmakers slowed, Example Minerals Review said.[^emr-{slug}]

## Effects on carmakers

European carmakers waited months for {mineral} shipments from Iceland in 2025, Example Minerals Review reported.[^emr-{slug}]
"""


def test_a_broad_answer_keeps_to_the_supply_chain_of_the_mineral_asked_about(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.lexicon import mineral_family

    assert mineral_family("Dysprosium") == mineral_family("rare-earths") == mineral_family("NdPr") == "rare earths"
    assert mineral_family("indium") == "indium"
    covered = '  - "Iceland\'s rare earth licences covered terbium, Example Minerals Review said.[^emr-rare-earths]"\n'
    (corpus / "iceland-rare-earths-licensing.md").write_text(_licensing_note("rare earth", "rare-earths", covered),
                                                              encoding="utf-8")
    (corpus / "iceland-indium-licensing.md").write_text(_licensing_note("indium", "indium"), encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    # a rare earth element the note names once: the rare earth note answers; the indium note's like sentences,
    # which name terbium no more than the rare earth ones do, do not
    answer = assistant.ask("Why did Iceland's terbium licences slow deliveries to carmakers?")
    assert answer.answer_type == "explanation", answer.text
    cited = {c.doc_id for c in answer.citations}
    assert "iceland-rare-earths-licensing" in cited and "iceland-indium-licensing" not in cited, answer.text


def _country_note(country: str, slug: str, facts: list[str]) -> str:
    body = "\n\n".join(f"## {heading}\n\n{fact}[^emr-{slug}]" for heading, fact in facts)
    return f"""---
id: {slug}-indium-policy
title: "{country}'s indium policy"
kind: policy-note
summary: "What {country} has done to secure indium."
key_points:
""" + "".join(f'  - "{fact}[^emr-{slug}]"\n' for _, fact in facts[:3]) + _SOURCE.format(
        key=f"emr-{slug}", title=f"{country} indium") + f"""minerals: [indium]
countries: [{country}]
topics: [allied-policy]
---

{body}
"""


def _norway_only(make_assistant, corpus: Path, facts: list[tuple[str, str]], **overrides):  # type: ignore[no-untyped-def]
    """An assistant over the fixture corpus and one country note on Norway's indium, its sections ``facts``
    (``overrides``: settings)."""
    (corpus / "norway-indium-policy.md").write_text(_country_note("Norway", "norway", facts), encoding="utf-8")
    assistant = make_assistant(corpus, **overrides)
    assistant.ingest(progress=False)
    return assistant


def _iceland_and_norway(make_assistant, corpus: Path, iceland: list[tuple[str, str]],  # type: ignore[no-untyped-def]
                        norway: list[tuple[str, str]]):
    """An assistant over the fixture corpus and two country notes on indium, Iceland's and Norway's sections."""
    (corpus / "iceland-indium-policy.md").write_text(_country_note("Iceland", "iceland", iceland), encoding="utf-8")
    (corpus / "norway-indium-policy.md").write_text(_country_note("Norway", "norway", norway), encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    return assistant


def test_each_side_of_a_comparison_is_told_in_more_than_one_sentence(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    iceland = [("Stockpile", "Iceland holds a 40-tonne indium stockpile, Example Minerals Review reported in May 2025."),
               ("Smelter grants", "Iceland granted 12 million euros to two indium smelters in 2024, Example Minerals "
                                  "Review reported."),
               ("Export rules", "Iceland requires a licence for indium exports above five tonnes a year, Example "
                                "Minerals Review said.")]
    norway = [("Recycling", "Norway recovers 8 tonnes of indium a year from scrapped screens, Example Minerals "
                            "Review reported in May 2025."),
              ("Offtake deals", "Norway signed indium offtake deals with three Canadian mines in 2024, Example "
                                "Minerals Review reported."),
              ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                           "said.")]
    assistant = _iceland_and_norway(make_assistant, corpus, iceland, norway)
    question = "Compare Iceland's indium policy with Norway's indium policy."
    # the sides need not meet in one passage: each is anchored with the rest of what the question names
    assert analyse(question).specific_by_part == [["indium", "Iceland"], ["indium", "Norway"]]
    answer = assistant.ask(question)
    assert answer.answer_type == "comparison", answer.text
    sides = {item["label"]: item["text"] for item in _bullets(answer) if item["label"]}
    assert set(sides) == {"Iceland", "Norway"}, sides
    for side, text in sides.items():
        other = "Norway" if side == "Iceland" else "Iceland"
        assert text.count(side) >= 2 and other not in text, (side, text)


@pytest.mark.parametrize(("question", "qtype", "since", "until"), [
    ("What has Iceland put in place to secure indium since 2020?", QType.LIST, 2020, None),
    ("Trace the sequence of Iceland's indium export rules from 2021 to early 2025.", QType.TREND, 2021, 2025),
    ("How is Iceland's share of indium smelting expected to change between 2024 and 2030?", QType.TREND, 2024, 2030),
    ("How much is indium demand expected to grow by 2030?", QType.FACTOID, None, None),
    ("What steps has Portugal taken since Iceland halted indium shipments in 2019?", QType.LIST, 2019, None),
    ("How much indium has Portugal bought since the ban in 2024?", QType.FACTOID, 2024, None),
    # a window from an event in a part of a year to a month ("from the slump in spring 2024 to March 2025")
    ("Chart Iceland's monthly indium sales to Peru, starting from the slump in spring 2024 and running to March "
     "2025.", QType.TREND, 2024, 2025),
    ("What did Iceland sell from the port in 2024 to Peru?", QType.FACTOID, None, None),
])
def test_routing_and_windows_of_change_questions(question: str, qtype: QType, since: int | None,
                                                 until: int | None) -> None:
    resolved = analyse(question)
    assert (resolved.qtype, resolved.since, resolved.until) == (qtype, since, until), question


def test_a_trend_of_two_things_the_rows_name_shows_the_series_of_each(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "indium-output-by-country.md").write_text("""---
id: indium-output-by-country
title: "Indium smelter output by country, 2000-2030"
kind: data-note
summary: "Indium smelter output of Iceland, Norway and Peru in selected years."
key_points:
  - "Iceland's indium smelter output rose from 40 tonnes in 2000 to 300 tonnes in 2030, Example Minerals Review said.[^emr-out]"
  - "Norway's indium smelter output fell from 90 tonnes in 2000 to 30 tonnes in 2030, Example Minerals Review said.[^emr-out]"
  - "Peru's indium smelter output doubled between 2000 and 2030, Example Minerals Review said.[^emr-out]"
""" + _SOURCE.format(key="emr-out", title="Indium output") + """minerals: [indium]
countries: [Iceland, Norway, Peru]
topics: [production]
---

## Output over time

| Country | Smelter output (t) | Source | Year |
|---|---|---|---|
| Iceland | 40 | [^emr-out] | 2000 |
| Norway | 90 | [^emr-out] | 2000 |
| Peru | 10 | [^emr-out] | 2000 |
| Iceland | 120 | [^emr-out] | 2010 |
| Norway | 60 | [^emr-out] | 2010 |
| Peru | 15 | [^emr-out] | 2010 |
| Iceland | 300 | [^emr-out] | 2030 |
| Norway | 30 | [^emr-out] | 2030 |
| Peru | 20 | [^emr-out] | 2030 |
""", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("In the thirty years up to 2030, how did Iceland's indium smelter output climb, and what "
                           "happened to Norway's?")
    assert answer.answer_type == "trend", answer.text
    table = next(b for b in answer.blocks if b["type"] == "table")
    named = {cell for row in table["rows"] for cell in row["cells"] if cell in ("Iceland", "Norway", "Peru")}
    assert named == {"Iceland", "Norway"}, table
    assert len(table["rows"]) == 6 and all(row["citations"] for row in table["rows"])
    # each series' change, computed apart
    assert "Iceland 40 in 2000, 300 in 2030, +650%" in answer.text, answer.text
    assert "Norway 90 in 2000, 30 in 2030, -67%" in answer.text, answer.text
    # one thing named: its series alone, as before
    one = assistant.ask("How did Peru's indium smelter output change between 2000 and 2030?")
    table = next(b for b in one.blocks if b["type"] == "table")
    assert [row["cells"][1] for row in table["rows"]] == ["10", "15", "20"], table
    assert "10 in 2000, 20 in 2030, +100%" in one.text and "Peru 10" not in one.text, one.text


ICELAND_RULES_BY_DATE = """---
id: iceland-indium-export-rules
title: "Iceland's indium export rules, 2021-2025"
kind: data-note
summary: "Each of Iceland's indium export rules since 2021, with the dates it was announced and took effect."
key_points:
  - "Iceland first required indium export licences in March 2021, Example Minerals Review reported.[^emr-rules]"
  - "Iceland banned indium scrap exports in June 2023, Example Minerals Review reported.[^emr-rules]"
  - "Iceland suspended its indium scrap ban in January 2025, Example Minerals Review reported.[^emr-rules]"
""" + _SOURCE.format(key="emr-rules", title="Indium export rules") + """minerals: [indium]
countries: [Iceland]
topics: [export-controls]
---

## Rules by date

| Measure | Announced | Status | Source | Year |
|---|---|---|---|---|
| Licences for indium metal exports | 1 March 2021 | In force | [^emr-rules] | 2021 |
| Reporting rule for indium smelters | 5 May 2022 | In force | [^emr-rules] | 2022 |
| Ban on indium scrap exports | 10 June 2023 | Suspended | [^emr-rules] | 2023 |
| Suspension of the indium scrap ban | 15 January 2025 | In force | [^emr-rules] | 2025 |
"""


def test_a_question_tracing_events_gets_the_table_of_dated_events(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "iceland-indium-export-rules.md").write_text(ICELAND_RULES_BY_DATE, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("Trace the sequence of Iceland's indium export rules since 2021.")
    assert answer.answer_type == "trend", answer.text
    table = next(b for b in answer.blocks if b["type"] == "table")
    measures = [row["cells"][0] for row in table["rows"]]
    assert measures[0] == "Licences for indium metal exports" and "Suspension of the indium scrap ban" in measures
    assert all(row["citations"] for row in table["rows"])


@pytest.mark.parametrize(("previous", "follow_up", "expected"), [
    ("When did Iceland ban indium exports to Norway?", "why?", "Why did Iceland ban indium exports to Norway?"),
    ("How much did Portugal invest in the Hekla smelter?", "and why?", "Why did Portugal invest in the Hekla smelter?"),
    ("Where will Acme build its indium smelter?", "when?", "When will Acme build its indium smelter?"),
    ("Is Acme still building its indium smelter?", "why?", "Why is Acme still building its indium smelter?"),
    ("Did Portugal cap indium exports?", "how long?", "How long did Portugal cap indium exports?"),
    ("Who set up the Indium Supply Pact?", "when?", "When set up the Indium Supply Pact?"),  # (read for its words)
    ("When did Iceland ban indium exports to Norway?", "why then?", "Why did Iceland ban indium exports to Norway?"),
    ("Did Portugal cap indium exports?", "how long, exactly?", "How long did Portugal cap indium exports?"),
    ("Did Portugal cap indium exports?", "starting when?", "Since when did Portugal cap indium exports?"),
    ("Did Portugal cap indium exports?", "and until when?", "Until when did Portugal cap indium exports?"),
])
def test_a_bare_question_word_asks_the_previous_question_again(previous: str, follow_up: str, expected: str) -> None:
    history = [Turn(role="user", content=previous), Turn(role="assistant", content="(an answer)")]
    assert analyse(follow_up, history).text == expected


def test_a_bare_question_word_keeps_a_question_whose_word_is_the_thing_asked() -> None:
    history = [Turn(role="user", content="Which country did Acme pick for its smelter?"),
               Turn(role="assistant", content="(an answer)")]
    resolved = analyse("why?", history)
    assert resolved.text != "Why did Acme pick for its smelter?" and "Which country" in resolved.text
    history[0] = Turn(role="user", content="Who did Acme hire to build its smelter?")  # "who" is the thing asked
    assert "Who did Acme hire" in analyse("when?", history).text


@pytest.mark.parametrize("follow_up", ["When was it set up?", "and who chairs it?", "Where does it meet?",
                                       "and how large is its budget?", "and what's the pact worth?"])
def test_a_follow_up_asking_for_one_fact_is_a_factoid_whatever_the_previous_type(follow_up: str) -> None:
    history = [Turn(role="user", content="Which states are members of the Indium Supply Pact?"),
               Turn(role="assistant", content="(an answer)")]
    assert analyse("and its observers?", history).qtype is QType.LIST  # a bare follow-up keeps the list
    assert analyse(follow_up, history).qtype is QType.FACTOID


def test_a_series_is_keyed_by_the_rows_name_even_when_it_holds_a_figure(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "iceland-indium-import-reliance.md").write_text("""---
id: iceland-indium-import-reliance
title: "Iceland's import reliance for minor metals, by year"
kind: data-note
summary: "How many minor metals Iceland imports wholly or mostly, by year."
key_points:
  - "Iceland was 100% import reliant for 9 minor metals in 2024, Example Minerals Review reported.[^emr-rel]"
  - "Iceland was more than 50% import reliant for 21 minor metals in 2024, Example Minerals Review reported.[^emr-rel]"
  - "Both counts cover every minor metal Iceland tracks, Example Minerals Review said.[^emr-rel]"
""" + _SOURCE.format(key="emr-rel", title="Import reliance") + """minerals: [indium]
countries: [Iceland]
topics: [supply-chain]
---

## Counts by year

| Measure | Value | Scope | Source | Year |
|---|---|---|---|---|
| Minor metals 100% import reliant | 6 | all tracked minor metals | [^emr-rel] | 2022 |
| Minor metals more than 50% import reliant | 17 | all tracked minor metals | [^emr-rel] | 2022 |
| Minor metals 100% import reliant | 8 | all tracked minor metals | [^emr-rel] | 2023 |
| Minor metals more than 50% import reliant | 19 | all tracked minor metals | [^emr-rel] | 2023 |
| Minor metals 100% import reliant | 9 | all tracked minor metals | [^emr-rel] | 2024 |
| Minor metals more than 50% import reliant | 21 | all tracked minor metals | [^emr-rel] | 2024 |
""", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("How has Iceland's 100% import reliance for minor metals changed since 2022?")
    table = next(b for b in answer.blocks if b["type"] == "table")
    measures = {cell for row in table["rows"] for cell in row["cells"] if cell.startswith("Minor metals")}
    assert len(measures) == 1 and len(table["rows"]) == 3, table["rows"]  # one measure's series, not two mixed


def test_a_window_opened_by_an_event_is_not_what_frames_the_answer() -> None:
    from assistant.answering.query import without_event_window

    assert (without_event_window("What steps has Portugal taken since Iceland halted indium shipments in 2019 to "
                                 "cut its dependence?") == "What steps has Portugal taken to cut its dependence?")
    assert without_event_window("How much indium has Portugal bought since the ban in 2024?") == (
        "How much indium has Portugal bought?")
    assert without_event_window("How has Portugal's indium policy changed since 2019?") == (
        "How has Portugal's indium policy changed since 2019?")  # a bare year is no event


def test_a_question_naming_two_sections_subjects_gets_both(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "indium-smelter-pollution.md").write_text("""---
id: indium-smelter-pollution
title: "Pollution disputes at indium smelters"
kind: policy-note
summary: "Why indium smelting at Hekla in Iceland and at Braga in Portugal drew years of protest."
key_points:
  - "Slag from the Hekla indium smelter leaked into a river in 2018, Example Minerals Review reported.[^emr-poll]"
  - "Residents near the Braga indium smelter gathered 40,000 signatures against it in 2020, Example Minerals Review reported.[^emr-poll]"
  - "Both smelters kept their licences after moving their residues off site, Example Minerals Review said.[^emr-poll]"
""" + _SOURCE.format(key="emr-poll", title="Smelter pollution") + """minerals: [indium]
countries: [Iceland, Portugal]
topics: [environment]
---

## Slag spills at the Hekla smelter

Slag from the Hekla indium smelter leaked into a river in 2018 after a storage wall failed, Example Minerals Review reported.[^emr-poll]

## Protests against the Braga smelter in Portugal

Residents near the Braga indium smelter gathered 40,000 signatures against its residue ponds in 2020, Example Minerals Review reported.[^emr-poll]

## Residues moved off site

Both smelters moved their residues to licensed landfills by 2023, Example Minerals Review said.[^emr-poll]
""", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    headings = ["Slag spills at the Hekla smelter", "Protests against the Braga smelter in Portugal",
                "Residues moved off site"]
    planner = assistant.answerer.planner
    # one aspect asked about: that section; the subjects of two sections named: no one section
    assert planner._focus_heading(analyse("Why were there slag spills at Hekla?"), headings) == headings[0]
    assert planner._focus_heading(analyse("Why were there slag spills at Hekla and protests at Braga?"),
                                  headings) is None
    answer = assistant.ask("Why did the indium smelters draw protests, from the slag spills at Hekla to Braga in "
                           "Portugal?")
    assert "40,000 signatures" in answer.text and "leaked into a river" in answer.text, answer.text


def test_a_comparison_side_keeps_to_the_period_asked_about(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    iceland = [("Stockpile history", "Example Minerals Review reported in May 2025 that Iceland's indium stockpile "
                                     "held 90 tonnes in 2010."),
               ("Reserve now", "In 2025 Iceland kept 40 tonnes of indium in reserve, Example Minerals Review "
                               "reported."),
               ("Smelter grants", "Iceland granted 12 million euros to two indium smelters, Example Minerals "
                                  "Review reported.")]
    norway = [("Stockpile now", "Norway's indium stockpile held 25 tonnes in 2025, Example Minerals Review "
                                "reported."),
              ("Recycling", "Norway recovers 8 tonnes of indium a year from scrapped screens, Example Minerals "
                            "Review reported."),
              ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                           "said.")]
    assistant = _iceland_and_norway(make_assistant, corpus, iceland, norway)
    answer = assistant.ask("How did Iceland's indium stockpile compare with Norway's indium stockpile in 2025?")
    sides = {item["label"]: item["text"] for item in _bullets(answer) if item["label"]}
    assert sides["Iceland"].startswith("In 2025 Iceland kept 40 tonnes"), sides


@pytest.mark.parametrize(("previous", "follow_up", "expected"), [
    ("How much indium did Iceland export in May 2025?", "and the month after?",
     "How much indium did Iceland export in June 2025?"),
    ("What was Iceland's indium price in January 2025?", "the previous month?",
     "What was Iceland's indium price in December 2024?"),
    ("What was Iceland's indium price in December 2024?", "and the following month?",
     "What was Iceland's indium price in January 2025?"),
])
def test_a_follow_up_moves_the_month(previous: str, follow_up: str, expected: str) -> None:
    history = [Turn(role="user", content=previous), Turn(role="assistant", content="(an answer)")]
    assert analyse(follow_up, history).text == expected


def _decree_note(number: int, month: str, orders: list[str]) -> str:
    key = f"emr-decree-{number}"
    body = "\n\n".join(f"## {heading}\n\n{sentence}[^{key}]" for heading, sentence in
                       zip(("Ministries", "Permits", "Funding", "Land", "Reports"), orders, strict=False))
    return (f"""---
id: iceland-indium-decree-{number}
title: "Iceland's indium Decree No. {number} of {month} 2025"
kind: policy-note
summary: "What Iceland's indium Decree No. {number} told ministries to do."
key_points:
  - "Iceland issued indium Decree No. {number} in {month} 2025, Example Minerals Review reported.[^{key}]"
  - "{orders[0]}[^{key}]"
  - "{orders[1]}[^{key}]"
""" + _SOURCE.format(key=key, title=f"Decree No. {number}") + f"""minerals: [indium]
countries: [Iceland]
topics: [policy]
---

Iceland issued indium Decree No. {number} in {month} 2025 to speed up indium smelting, Example Minerals Review reported.[^{key}]

""" + body + "\n")


def test_a_list_about_one_numbered_act_keeps_to_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    twelve = ["Decree No. 12 told Iceland's ministries to name one official for each indium smelter project.",
              "Decree No. 12 told Iceland's permit office to decide indium smelter permits within 90 days.",
              "Decree No. 12 told Iceland's treasury to offer indium smelters low-interest loans.",
              "Decree No. 12 told Iceland's land agency to list state land suitable for indium smelters."]
    fifteen = ["Decree No. 15 told Iceland's ministries to buy indium for a national stockpile.",
               "Decree No. 15 told Iceland's customs office to publish monthly indium trade figures.",
               "Decree No. 15 told Iceland's treasury to fund indium recycling plants."]
    (corpus / "iceland-indium-decree-12.md").write_text(_decree_note(12, "March", twelve), encoding="utf-8")
    (corpus / "iceland-indium-decree-15.md").write_text(_decree_note(15, "June", fifteen), encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("What steps did Iceland's indium Decree No. 12 order ministries and agencies to take?")
    assert answer.answer_type == "list" and not answer.abstained
    items = [item["text"] for item in _bullets(answer)]
    assert len(items) >= 3 and all("Decree No. 15" not in text for text in items), items
    assert sum("Decree No. 12" in text for text in items) >= 3, items


def test_a_numbered_act_is_one_name_under_any_form_of_its_kind() -> None:
    from assistant.lexicon import mentions

    query = analyse("What did Executive Order 9999 tell agencies to do?")
    assert "Executive Order 9999" in query.names("name")
    assert analyse("What did Chile's Decree No. 7 ban?").names("name") == ["Decree No. 7"]
    assert mentions("Under EO 9999, agencies had 10 days.", "Executive Order 9999")
    assert not mentions("Under Executive Order 9998, agencies had 10 days.", "Executive Order 9999")


# an explainer whose key points sum up its sections more densely than the sections' own sentences
RECYCLING = """---
id: why-indium-recycling-stays-small
title: "Why indium recycling stays small in Iceland"
kind: explainer
summary: "Iceland recycles little indium because scrap is scattered, collection is costly and recycled metal sells at a discount."
key_points:
  - "Indium recycling met 8% of Iceland's indium use in 2024, held back by scattered scrap and costly collection, Example Minerals Review reported.[^emr-rec]"
  - "Recycled indium sold at a 12% discount to mined indium in Iceland in 2024, which kept recyclers small, Example Minerals Review reported.[^emr-rec]"
  - "Iceland's two indium recyclers processed 40 tonnes of scrap in 2024, Example Minerals Review said.[^emr-rec]"
""" + _SOURCE.format(key="emr-rec", title="Indium recycling") + """minerals: [indium]
countries: [Iceland]
topics: [recycling]
---

Iceland recycles little of the indium it uses, Example Minerals Review reported in May 2025.[^emr-rec]

## Scrap is scattered

Example Minerals Review said in May 2025 that indium scrap in Iceland is scattered across many small users, so recyclers find it hard to gather.[^emr-rec]

## Recycled metal sells at a discount

Buyers in Iceland paid less for recycled indium than for mined indium, Example Minerals Review said in May 2025.[^emr-rec]

## Two small recyclers

Iceland has two indium recyclers, both of them small firms near Reykjavik, Example Minerals Review reported in May 2025.[^emr-rec]
"""


def test_a_key_point_that_sums_up_a_section_stands_in_for_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.settings import AnswerSettings

    (corpus / "why-indium-recycling-stays-small.md").write_text(RECYCLING, encoding="utf-8")
    question = "Why does Iceland recycle so little indium?"
    texts = {}
    for stand_in in (0.0, 1.0):  # 1.0: no key point is close enough to stand in
        assistant = make_assistant(corpus, answer=AnswerSettings(key_point_stand_in=stand_in))
        assistant.ingest(progress=False)
        answer = assistant.ask(question)
        assert answer.answer_type == "explanation" and answer.unsupported == []
        texts[stand_in] = " ".join(item["text"] for item in _bullets(answer))
    assert "12% discount" in texts[0.0] and "12% discount" not in texts[1.0], texts
    assert "paid less for recycled indium" not in texts[0.0]  # the summary replaces the sentence, not beside it


def test_a_follow_up_asking_something_new_about_the_same_slot_keeps_its_own_words() -> None:
    history = [Turn(role="user", content="How much indium did Iceland smelt in 2029?"),
               Turn(role="assistant", content="About 400 tonnes. [1]")]
    query = analyse("and how big are Iceland's indium reserves?", history)
    assert "reserves" in query.text and query.context, query.text  # not the previous question again
    assert analyse("and Norway?", history).text == "How much indium did Norway smelt in 2029?"


def test_an_organisation_follow_up_takes_a_companys_place() -> None:
    history = [Turn(role="user", content="How much did Acme Metals lend to Bolt Minerals?"),
               Turn(role="assistant", content="US$40 million in 2024. [1]")]
    query = analyse("And the Pentagon?", history)
    assert query.text == "How much did Pentagon lend to Bolt Minerals?"  # not "... Bolt Minerals (Pentagon)?"
    assert [q.text for q in query.alternatives] == ["How much did Acme Metals lend to Pentagon?"]  # the corpus decides


SMELTING_SHARE = """---
id: iceland-indium-smelting-share
title: "Iceland's share of world indium smelting"
kind: data-note
summary: "Iceland's share of world indium smelting, from the 1990s to 2024."
key_points:
  - "Iceland smelted 31% of the world's indium in 2024, Example Minerals Review reported.[^emr-share]"
  - "Iceland's share of world indium smelting was 5% in 1998, Example Minerals Review reported.[^emr-share]"
  - "Iceland's indium smelters are run by two private firms, Example Minerals Review reported.[^emr-share]"
""" + _SOURCE.format(key="emr-share", title="Indium smelting shares") + """minerals: [indium]
countries: [Iceland]
topics: [production]
---

## Share by year

| Year | Iceland's share of world indium smelting | Source |
|---|---|---|
| 2022 | 27% | [^emr-share] |
| 2023 | 29% | [^emr-share] |
| 2024 | 31% | [^emr-share] |

## The earlier record

Iceland's share of world indium smelting was 5% in 1998, when its first smelter opened, Example Minerals Review reported.[^emr-share]

Iceland's share of world indium smelting reached 14% in 2007 after a second smelter opened, Example Minerals Review reported.[^emr-share]
"""


def test_a_trend_table_that_starts_late_is_preceded_by_the_earlier_years(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.settings import AnswerSettings

    (corpus / "iceland-indium-smelting-share.md").write_text(SMELTING_SHARE, encoding="utf-8")
    question = "How has Iceland's share of world indium smelting changed since the 1990s?"
    labels = {}
    for gap in (5, 100):  # 100: no table starts late enough to need the years before it
        assistant = make_assistant(corpus, answer=AnswerSettings(table_gap_years=gap))
        assistant.ingest(progress=False)
        answer = assistant.ask(question)
        assert answer.answer_type == "trend" and any(b["type"] == "table" for b in answer.blocks)
        assert "5% in 1998" in answer.text  # the record's start
        labels[gap] = [item["text"] for item in _bullets(answer)]
    assert any("14% in 2007" in text for text in labels[5]), labels[5]  # a year between, in prose
    assert not any("14% in 2007" in text for text in labels[100]), labels[100]


def test_a_later_part_is_searched_with_the_part_it_leans_on() -> None:
    from assistant.answering.query import part_texts

    query = analyse("How many smelters has the Indium Supply Pact funded, and where are the smelters it funded abroad?")
    texts = part_texts(query)
    assert len(texts) == 2 and texts[1].startswith("where are the smelters it funded abroad")
    assert "Indium Supply Pact" in texts[1]  # "it" and "the smelters" are the pact's: searched with the opening part
    assert query.specific_by_part == [["indium"], ["indium"]]  # a part naming nothing takes the opening part's names


HEKLA_BACKING = """---
id: how-iceland-backs-the-hekla-smelter
title: "How Iceland backs the Hekla indium smelter"
kind: explainer
summary: "Iceland has backed the Hekla indium smelter with state loans and purchase deals since 2011."
key_points:
  - "Iceland's state bank has lent to the Hekla indium smelter since 2011, Example Minerals Review reported.[^emr-hekla]"
  - "Iceland's reserve agency has bought Hekla indium since 2019, Example Minerals Review reported.[^emr-hekla]"
  - "The Hekla smelter is Iceland's only indium smelter, Example Minerals Review said.[^emr-hekla]"
""" + _SOURCE.format(key="emr-hekla", title="Hekla smelter") + """minerals: [indium]
countries: [Iceland]
topics: [funding]
---

Iceland's state bank has lent money to the Hekla indium smelter since 2011, Example Minerals Review reported.[^emr-hekla] Iceland's reserve agency has bought indium from the Hekla smelter since 2019, Example Minerals Review reported.[^emr-hekla]

## State bank loans to the Hekla smelter

Iceland's state bank lent the Hekla indium smelter 50 million euros in 2011, Example Minerals Review reported.[^emr-hekla]

The Hekla smelter's managers praised the state bank, Example Minerals Review said.[^emr-hekla]

## Reserve agency purchases of Hekla indium

Iceland's reserve agency bought 30 tonnes of indium from the Hekla smelter in 2019, Example Minerals Review reported.[^emr-hekla]

The reserve agency's buyers visited the Hekla smelter often, Example Minerals Review said.[^emr-hekla]
"""


def test_a_section_sentence_with_a_figure_the_lead_lacks_is_no_repeat(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "how-iceland-backs-the-hekla-smelter", HEKLA_BACKING)
    answer = assistant.ask("How does Iceland back the Hekla indium smelter?")
    assert answer.answer_type == "explanation"
    texts = " ".join(item["text"] for item in _bullets(answer))
    assert "50 million euros" in texts and "30 tonnes" in texts, texts  # the lead says "since 2011", not how much


def test_a_year_and_serial_names_a_document_not_an_amount() -> None:
    assert amounts("Regulation (EU) 2031/777 of 2031 set a 12% target") == frozenset({"12%"})


OUTPUT_BY_COUNTRY = """---
id: indium-output-by-country
title: "Indium smelter output by country, 2023-2024"
kind: data-note
summary: "Indium smelter output of Iceland and Norway in 2023 and 2024."
key_points:
  - "Iceland smelted 310 tonnes of indium in 2023 and 330 tonnes in 2024, Example Minerals Review reported.[^emr-out]"
  - "Norway smelted 95 tonnes of indium in 2024, its first full year, Example Minerals Review reported.[^emr-out]"
  - "Example Minerals Review gave no Norwegian figure for 2023.[^emr-out]"
""" + _SOURCE.format(key="emr-out", title="Indium output") + """minerals: [indium]
countries: [Iceland, Norway]
topics: [production]
---

## Output by year

| Country | Year | Indium smelted (t) | Source |
|---|---|---|---|
| Iceland | 2023 | 310 | [^emr-out] |
| Iceland | 2024 | 330 | [^emr-out] |
| Norway | 2024 | 95 | [^emr-out] |
"""


def test_a_year_given_only_for_another_country_is_undated(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "indium-output-by-country", OUTPUT_BY_COUNTRY)
    assert "95" in assistant.ask("How much indium did Norway smelt in 2024?").text
    answer = assistant.ask("How much indium did Norway smelt in 2023?")  # 2023 is Iceland's row only
    assert answer.abstained and answer.abstain_reason in ("undated", "unsettled"), answer.text


def test_a_country_typed_in_lower_case_is_a_country_and_keeps_its_preposition() -> None:
    assert [e.name for e in analyse("what did portugal smelt in 2024").entities if e.kind == "country"] == ["Portugal"]
    assert not [e for e in analyse("tell us about indium").entities if e.kind == "country"]  # "us" is a pronoun
    history = [Turn(role="user", content="How much indium did Iceland ship to Norway in May 2025?"),
               Turn(role="assistant", content="40 tonnes. [1]")]
    query = analyse("and to portugal?", history)
    assert query.text == "How much indium did Iceland ship to Portugal in May 2025?", query.text


NORWAY_FIGURES = """---
id: norway-indium-figures
title: "Norway's indium and tellurium figures"
kind: policy-note
summary: "Norway's indium output and share, and its tellurium exports."
key_points:
  - "Norway smelted 95 tonnes of indium in 2023, Example Minerals Review reported.[^emr-nor]"
  - "Norway's share of world indium smelting reached 12% in 2024, Example Minerals Review reported.[^emr-nor]"
  - "Norway exported 40 tonnes of tellurium in 2022, Example Minerals Review reported.[^emr-nor]"
""" + _SOURCE.format(key="emr-nor", title="Norway figures") + """minerals: [indium, tellurium]
countries: [Norway]
topics: [production]
---

## Output

Norway smelted 95 tonnes of indium in 2023, Example Minerals Review reported.[^emr-nor]

## Share

Norway's share of world indium smelting reached 12% in 2024, Example Minerals Review reported.[^emr-nor]

## Tellurium

Norway exported 40 tonnes of tellurium in 2022, Example Minerals Review reported.[^emr-nor]

## Earlier output

The Example Minerals Yearbook 2021 put Norway's 2020 indium output at 80 tonnes.[^emr-nor]
"""


@pytest.mark.parametrize("question", [
    "How many tonnes of indium did Norway smelt in 2024?",  # 2024 has a share, not a tonnage
    "How many tonnes of indium did Norway export in 2022?",  # 2022's tonnage is tellurium's
    "How many tonnes of indium did Norway produce in 2021?",  # 2021 is the yearbook's edition
])
def test_a_year_with_no_figure_of_the_kind_asked_is_undated(make_assistant, corpus: Path, question: str) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "norway-indium-figures", NORWAY_FIGURES)
    assert "95 tonnes" in assistant.ask("How many tonnes of indium did Norway smelt in 2023?").text
    answer = assistant.ask(question)
    assert answer.abstained and answer.abstain_reason in ("undated", "unsettled"), answer.text


WORLD_OUTPUT = """---
id: indium-output-and-world-totals
title: "Indium smelter output and world totals"
kind: data-note
summary: "Smelter output of indium by country and the world total, 2023-2024."
key_points:
  - "Iceland smelted 310 tonnes of indium in 2023, Example Minerals Review reported.[^emr-world]"
  - "Norway smelted 95 tonnes of indium in 2023, Example Minerals Review reported.[^emr-world]"
  - "Iceland and Norway together smelted about two fifths of the world's indium, Example Minerals Review said.[^emr-world]"
""" + _SOURCE.format(key="emr-world", title="World output") + """minerals: [indium]
countries: [Iceland, Norway]
topics: [production]
---

## Output by country and world total

| Country or total | Year | Indium smelted (t) | Source |
|---|---|---|---|
| Iceland | 2023 | 310 | [^emr-world] |
| Norway | 2023 | 95 | [^emr-world] |
| World total | 2024 | 1,000 | [^emr-world] |
"""


def test_a_world_total_row_is_no_figure_for_one_country(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "indium-output-and-world-totals", WORLD_OUTPUT)
    assert "95" in assistant.ask("How much indium did Norway smelt in 2023?").text
    answer = assistant.ask("How much indium did Norway smelt in 2024?")  # 2024 has only the world's total
    assert answer.abstained and answer.abstain_reason in ("undated", "unsettled"), answer.text


def test_a_row_for_another_country_is_no_answer_for_the_one_asked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "indium-output-by-country", OUTPUT_BY_COUNTRY)
    answer = assistant.ask("What was Norway's indium output in 2024?")
    assert "95 tonnes" in answer.text, answer.text
    rows = [r["cells"] for b in answer.blocks if b["type"] == "table" for r in b["rows"]]
    assert not any("Iceland" in cells for cells in rows), rows  # Iceland's 330 tonnes is Iceland's


def _norway_with(make_assistant, corpus: Path, *first: tuple[str, str]):  # type: ignore[no-untyped-def]
    """An assistant over the fixture corpus and a note on Norway's indium: the ``first`` (heading, fact) sections, and
    plain ones after them up to three."""
    plain = [("Recycling", "Norway recovers 8 tonnes of indium a year from scrapped screens, Example Minerals Review "
                           "reported."),
             ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                          "said.")]
    facts = [*first, *plain[len(first) - 1:]]
    assistant = _norway_only(make_assistant, corpus, facts)
    return assistant


def test_a_word_of_attitude_the_sources_never_use_does_not_decline_a_why_question(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(make_assistant, corpus,
                             ("Stockpile", "Norway's indium stockpile covers only three months of its screen makers' "
                                           "needs, because imports from Peru stopped in 2030, Example Minerals Review "
                                           "said."))
    question = "Why are Norwegian officials so nervous about the indium stockpile?"
    vector = assistant.embedder.embed_query(question)
    assert "nervous" not in assistant.answerer.gate.unfamiliar_words(question, vector)
    answer = assistant.ask(question)
    assert not answer.abstained and "three months" in answer.text, answer.text
    # however central a word of attitude is, it is none the sources must use; an unfamiliar word of substance is
    gate = assistant.answerer.gate
    gate.s = gate.s.model_copy(update={"centrality": 0.0})
    question = "Why do Norwegian officials care about the indium stockpile?"
    assert set(gate.unfamiliar_words(question, assistant.embedder.embed_query(question))) == {"officials"}


def test_the_year_a_source_spoke_in_is_no_figure_for_that_year(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(make_assistant, corpus, ("Stockpile history", "Example Minerals Review reported in 2021 "
                                                      "that Norway's indium stockpile held 60 tonnes in 2012."))
    assert "60 tonnes" in assistant.ask("How much indium did Norway's stockpile hold in 2012?").text
    refused = assistant.ask("How much indium did Norway's stockpile hold in 2021?")  # 2021 is when the review spoke
    assert refused.abstained and refused.abstain_reason in ("undated", "unsettled"), refused.text
    sourced = assistant.ask("Per Example Minerals Review in 2021, how much indium did Norway's stockpile hold?")
    assert not sourced.abstained and "60 tonnes" in sourced.text  # the year the question gives its source


def test_the_date_a_source_was_published_is_no_figure_for_that_year(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(make_assistant, corpus, ("Output review", "An Example Minerals Review survey published "
                                                      "on 4 June 2022 put Norway's indium output at 70 tonnes in 2021."))
    assert "70 tonnes" in assistant.ask("How much indium did Norway produce in 2021?").text
    refused = assistant.ask("How much indium did Norway produce in 2022?")  # 2022 is when the survey came out
    assert refused.abstained and refused.abstain_reason in ("undated", "unsettled"), refused.text


def test_a_statement_that_the_record_stops_settles_what_it_says_is_missing(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(
        make_assistant, corpus,
        ("Plans", "Bolt Smelting announced in March 2025 that it would build an indium smelter in Norway, Example "
                  "Minerals Review reported."),
        ("Capacity", "No public source found by May 2025 gave the capacity or the cost of Bolt Smelting's planned "
                     "indium smelter in Norway."))
    assert "March 2025" in assistant.ask("When did Bolt Smelting announce its indium smelter in Norway?").text
    capacity = assistant.ask("What capacity will Bolt Smelting's indium smelter in Norway have?")
    assert capacity.abstained and capacity.abstain_reason == "unsettled", capacity.text


def test_a_follow_up_asking_what_the_record_lacks_is_not_answered_by_repeating_the_last_answer(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(
        make_assistant, corpus,
        ("Plans", "Bolt Smelting announced in March 2025 that it would build an indium smelter in Tromso, Norway, "
                  "with a Norwegian state fund, Example Minerals Review reported."),
        ("Open questions", "No public source found by May 2025 gave a cost or a start date for the indium smelter "
                           "that Bolt Smelting announced in March 2025."))
    history = [Turn(role="user", content="What did Bolt Smelting announce in Norway in March 2025?"),
               Turn(role="assistant", content="An indium smelter in Tromso, built with a Norwegian state fund. [1]")]
    start = assistant.ask("when will it start?", history=history)
    assert start.abstained and start.abstain_reason == "unsettled", start.text
    assert "start date" in start.text
    where = assistant.ask("where will it be built?", history=history)  # the record answers this one
    assert not where.abstained and "Tromso" in where.text, where.text
    # what the statement says is missing is what it settles: "before or after its permit was granted" is when the
    # record stops, not a permit that no source gave
    assert gap_subject("No public source found by May 2025 gave a start date for the Tromso smelter, before or "
                       "after its permit was granted.") == "a start date for the Tromso smelter"
    assert gap_subject("No source confirmed which plants, if any, Norway had chosen, so none is listed.") == (
        "which plants, if any, Norway had chosen")


def test_a_follow_up_swapping_a_mineral_asks_the_same_of_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Cutoff", "Example Minerals Review estimated that a halt to indium imports would cost Norway's economy "
                        "2 billion euros a year."),
             ("Recycling", "Norway recovers 8 tonnes of indium a year from scrapped screens, Example Minerals Review "
                           "reported."),
             ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                          "said."),
             ("Germanium", "Norway buys 30 tonnes of germanium a year, mostly for fibre optics, Example Minerals "
                           "Review reported.")]  # (not a key point, which would share a passage with the cost)
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="What would an indium import halt cost Norway's economy?"),
               Turn(role="assistant", content="About 2 billion euros a year. [1]")]
    swapped = assistant.ask("and for germanium?", history=history)  # the notes give germanium no such cost
    assert swapped.abstained and swapped.abstain_reason == "weak_evidence", swapped.text
    assert "germanium" in swapped.text
    history = [Turn(role="user", content="How many tonnes of indium does Norway recover from scrap a year?"),
               Turn(role="assistant", content="8 tonnes. [1]")]
    tonnes = assistant.ask("and how many tonnes of germanium does it buy?", history=history)
    assert not tonnes.abstained and "30 tonnes" in tonnes.text, tonnes.text


def test_a_follow_up_asking_its_own_question_of_a_new_firm_is_read_with_the_previous_one() -> None:
    history = [Turn(role="user", content="When did Acme Metals first cast indium in Norway?"),
               Turn(role="assistant", content="In May 2030. [1]")]
    own = analyse("and when is Bolt Metals meant to start smelting tin at the Tromso mill?", history)
    # (its own words, not the previous question with the firm swapped in)
    assert own.focus.startswith("when is Bolt Metals meant to start smelting tin") and own.context
    assert "Bolt Metals" in analyse("and what about Bolt Metals?", history).focus  # (a bare swap still swaps)
    assert analyse("and what about Bolt Metals?", history).from_history


def test_a_follow_up_naming_a_new_firm_is_led_by_a_sentence_naming_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    history = [Turn(role="user", content="When did Acme Metals first cast indium in Norway?"),
               Turn(role="assistant", content="In May 2030. [1]")]
    query = analyse("and when is Bolt Metals meant to start smelting tin at its Tromso mill?", history)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("acme-norway", "Acme Metals first cast indium in Norway on 3 May 2030.", vector, 0.60),
                _sentence("bolt-tromso", "Bolt Metals said its Tromso mill would process tin ore.", vector, 0.50),
                _sentence("bolt-tromso", "Bolt Metals expects to start smelting tin at Tromso in 2032.", vector, 0.48)]

    given = evidence()
    plan = planner.factoid(query, given)
    # (the conversation's firm scores best, but the question is about the new one, and asks when it starts)
    assert plan.lead[0] is given[2]


def test_a_follow_up_asking_its_own_amount_is_held_to_that_amount(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Licences", "Norway began licensing indium exports on 2 May 2030, its trade ministry announced."),
             ("Output", "Norway refined 40 tonnes of indium in 2031, Example Minerals Review reported."),
             ("Smelters", "Norway's two indium smelters sit at Mo i Rana and Odda, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="When did Norway start licensing indium exports?"),
               Turn(role="assistant", content="On 2 May 2030. [1]")]
    # (the notes give Norway's refined tonnes, not the tonnes it shipped abroad)
    shipped = assistant.ask("so how many tonnes did Norway export of indium in 2031?", history=history)
    assert shipped.abstained and shipped.abstain_reason == "weak_evidence", shipped.text
    refined = assistant.ask("so how many tonnes did Norway refine of indium in 2031?", history=history)
    assert not refined.abstained and "40 tonnes" in refined.text, refined.text


def test_a_follow_up_leaning_on_the_last_question_for_a_sum_is_declined_when_no_close_sentence_gives_one(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Survey", "Norway plans a full seabed indium survey off Svalbard in June 2032, its geology office said."),
             ("Ship", "Norway's research ship Havsula brought up indium-rich sediment off Svalbard in 2031."),
             ("Smelter", "Norway lent Nordic Indium NOK 90 million in 2029 for its Odda smelter, the ministry said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="When will Norway run its full seabed indium survey off Svalbard?"),
               Turn(role="assistant", content="In June 2032. [1]")]
    # (the smelter loan is a sum of Norway's, but of another project: the sentences on the survey give none)
    cost = assistant.ask("and how much would that cost them?", history=history)
    assert cost.abstained and cost.abstain_reason == "weak_evidence", cost.text
    where = assistant.ask("where will it take place?", history=history)
    assert not where.abstained and "Svalbard" in where.text, where.text


def test_an_acronym_is_known_when_the_passages_write_it_out() -> None:
    from assistant.text import written_out
    assert written_out("ZIB", "a grant from the Zonal Indium Board in 2031")
    assert written_out("PSUs", "money expected from public sector undertakings and others")
    assert written_out("NB", "a loan from Nordic Bank")
    assert not written_out("NB", "the nearby north bank")  # (two letters: only by capitalised words)
    assert not written_out("ZIB", "the Zonal Bank of Indium")  # (letters out of order)
    assert not written_out("ZIB", "zinc in big lots")  # (a word of two letters gives no initial)
    assert written_out("NBOT", "the Nordic Board of Tin")  # (... but a joining word may give its letter)
    assert written_out("NBT", "the Nordic Board of Tin")  # (or give none)
    assert not written_out("NBIT", "the Nordic Board in Tin")  # ("in" joins nothing)


def test_a_question_using_an_acronym_the_notes_only_write_out_is_answered(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Board", "Norway's Zonal Indium Board granted NOK 40 million to Odda Smelting in 2031, the ministry said."),
             ("Output", "Norway refined 40 tonnes of indium in 2031, Example Minerals Review reported."),
             ("Smelters", "Norway's two indium smelters sit at Mo i Rana and Odda, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    granted = assistant.ask("How much did the ZIB grant to Odda Smelting?")
    assert not granted.abstained and "NOK 40 million" in granted.text, granted.text
    unknown = assistant.ask("How much did the QXV grant to Odda Smelting?")
    assert unknown.abstained and unknown.abstain_reason == "unknown_name", unknown.text


def test_a_follow_up_asking_a_later_month_is_declined_when_only_a_report_date_names_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Exports", "Norway exported 40 tonnes of indium to Japan in May 2031, Example Minerals Review reported on "
                         "12 June 2031."),
             ("Output", "Norway refined 90 tonnes of indium in 2031, Example Minerals Review reported."),
             ("Smelters", "Norway's two indium smelters sit at Narvik and Odda, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="How much indium did Norway export to Japan in May 2031?"),
               Turn(role="assistant", content="40 tonnes, Example Minerals Review reported on 12 June 2031. [1]")]
    # (June 2031 is when the review spoke, not a month whose exports it gives)
    later = assistant.ask("is the June 2031 figure out yet?", history=history)
    assert later.abstained and later.abstain_reason == "undated", later.text
    spoken = assistant.ask("what did the review say in June 2031?", history=history)
    assert not spoken.abstained and "40 tonnes" in spoken.text, spoken.text


def test_a_follow_up_naming_a_country_the_last_question_names_by_another_name_swaps_nothing() -> None:
    from assistant.answering.query import analyse
    history = [Turn(role="user", content="when did Norway stop indium sales to Japan?"),
               Turn(role="assistant", content="In May 2031. [1]")]
    reply = analyse("then what did Tokyo do about it?", history)  # (Tokyo is Japan: a question of its own, read with context)
    assert "country" not in reply.from_history and "context" in reply.from_history, reply.from_history
    assert analyse("and Iceland?", history).from_history.get("country") == "Iceland"


def test_a_follow_up_naming_a_firm_in_lower_case_and_a_body_swaps_both(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Defence", "The DoD paid Zorvane Metals US$90 million in 2030 for an indium line, the ministry said."),
             ("Grant", "A Department of Energy research grant went to Quillbrook Alloys in 2031 for indium work."),
             ("Awards", "The Department of Energy planned up to ten indium awards of US$10 million to US$75 million.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="how much did zorvane metals get from the DoD?"),
               Turn(role="assistant", content="US$90 million. [1]")]
    question = "what about quillbrook - how much has DOE given it?"
    reading = assistant.analyse(question, history)
    assert "Quillbrook" in reading.focus and "Zorvane" not in reading.focus, reading.focus
    # (the department's awards carry sums, but none names Quillbrook; its grant has no sum)
    given = assistant.ask(question, history=history)
    assert given.abstained and given.abstain_reason == "weak_evidence", given.text


def test_it_in_a_follow_up_naming_a_firm_of_its_own_points_at_that_firm() -> None:
    from assistant.answering.query import analyse
    history = [Turn(role="user", content="How many magnets does Zorvane Metals make in Oslo?"),
               Turn(role="assistant", content="Zorvane Metals makes 900 tonnes a year in Oslo. [1]")]
    own = analyse("and Quillbrook Alloys - where does it make them?", history)
    assert "Zorvane" not in own.focus and "Quillbrook" in own.focus, own.focus
    # (the previous question it is read with is asked of that firm too)
    assert "Zorvane" not in own.text and "Quillbrook Alloys make in Oslo" in own.text, own.text
    leaning = analyse("and where does it sell them?", history)  # (no firm of its own: "it" is Zorvane Metals)
    assert "Zorvane" in leaning.text, leaning.text
    partner = analyse("what share will it hold with Quillbrook Alloys?", history)  # (a firm further on: a partner)
    assert "Zorvane" in partner.focus, partner.focus


def test_a_sentence_naming_other_countries_only_is_not_about_the_country_a_follow_up_swapped_in() -> None:
    import numpy as np

    from assistant.answering.abstain import names_swapped
    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    meta = {"title": "Indium funds of Norway, Iceland and Peru", "heading": "Funds"}

    def sentence(text: str) -> Evidence:
        return Evidence(text, np.zeros(3, dtype=np.float32), Hit("funds#0", "funds", text, meta, 1.0),
                        hit_rank=0, position=0)
    swapped = [("country", "Iceland")]
    assert not names_swapped(swapped, sentence("Norway's ministry set aside NOK 40 million for indium stocks."))
    assert names_swapped(swapped, sentence("The fund set aside 40 million for indium stocks."))  # (its title's)
    assert names_swapped(swapped, sentence("Iceland's fund set aside ISK 900 million for indium."))


def test_a_statement_that_the_record_stops_counts_at_the_plain_refusal_bar() -> None:
    from assistant.answering.abstain import Gate
    from assistant.settings import AnswerSettings

    settings = AnswerSettings()
    gate = Gate(settings, tokens=lambda text: re.findall(r"[a-z0-9]+", text.lower()), in_vocabulary=lambda t: True)
    history = [Turn(role="user", content="What did Acme Metals announce in Tromso in March 2030?"),
               Turn(role="assistant", content="An indium smelter. [1]")]
    query = analyse("when will it start?", history)
    said = _sentence("acme", "Acme Metals announced an indium smelter in Tromso in March 2030.", None, 0.60)
    gap = _sentence("acme", "No public source found by May 2030 gave a start date for the Tromso smelter.", None,
                    settings.abstain_threshold + 0.03)
    # a bar raised for words the corpus never uses is the answer's, not the statement's
    assert gate.gap_for_followup(query, [said, gap], settings.abstain_threshold + 0.08) is gap
    gap.score = settings.abstain_threshold - 0.05  # too far from the question to settle it
    assert gate.gap_for_followup(query, [said, gap], settings.abstain_threshold) is None


def test_a_later_part_may_name_what_a_framing_note_has_a_section_on(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    assistant = make_assistant(corpus)
    planner = assistant.answerer.planner
    meta = {"title": "Why indium matters for Iceland's navy: sonar, displays and stockpiles", "kind": "explainer",
            "summary": "Iceland's navy relies on indium in sonar arrays and cockpit displays."}
    evidence = [Evidence(text, np.zeros(3, dtype=np.float32), Hit(f"navy#{i}", "navy", text, {**meta, "heading": heading},
                                                                 1.0), hit_rank=i, position=0)
                for i, (heading, text) in enumerate([("Sonar arrays", "Each sonar array holds 3 kg of indium."),
                                                     ("Why tellurium sensors suit cold water",
                                                      "Tellurium sensors stay accurate near freezing.")])]
    compound = analyse("How does Iceland's navy use indium, and why are tellurium sensors so important to it?")
    assert "navy" in planner._near(evidence, compound, lambda e: True)  # the later part's tellurium: a section of it
    whole = analyse("How does Iceland's navy use indium and tellurium?")  # one part: its title or summary must say so
    assert "navy" not in planner._near(evidence, whole, lambda e: True)


def test_a_note_ranked_first_and_again_frames_a_question_on_a_country_only_if_it_lists_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    planner = make_assistant(corpus).answerer.planner

    def evidence(countries: str):  # type: ignore[no-untyped-def]
        meta = {"title": "What indium is, and why its supply is tight", "kind": "policy-note",
                "summary": "Indium is a by-product of zinc smelting.", "countries": countries}
        return [Evidence(text, np.zeros(3, dtype=np.float32), Hit(f"indium#{i}", "indium-basics", text,
                                                                  {**meta, "heading": "Supply"}, 1.0),
                         hit_rank=i, position=0)
                for i, text in enumerate(["Indium is recovered from zinc smelter residues.",
                                          "Most indium is refined by two smelting countries."])]

    question = analyse("What part does Iceland play in indium supply outside Norway?")
    assert planner._focus_note(evidence("Norway|Peru"), question) is None  # a note on the whole field says nothing
    assert planner._focus_note(evidence("Norway|Iceland"), question) == "indium-basics"  # of Iceland; one listing it
    # a later part's country is not what the question is about ("why are smelters slow, and what does it mean for X?")
    compound = analyse("Why is indium smelting so slow to start, and what does that mean for Iceland?")
    assert planner._focus_note(evidence("Norway|Peru"), compound) == "indium-basics"


def test_a_broad_follow_up_swapping_a_country_is_answered_of_that_country(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    pact = "Norway and Iceland each signed an indium pact with Peru on 3 March 2030, Example Minerals Review reported."
    assistant = _iceland_and_norway(make_assistant, corpus, iceland=[
        ("The pact", pact),
        ("Smelting", "Under its March 2030 pact with Peru, Iceland committed to smelt Peruvian indium at home rather "
                     "than re-export it, Example Minerals Review reported."),
        ("Binding", "Iceland's March 2030 indium pact with Peru is not legally binding, its foreign ministry said.")],
        norway=[("The pact", pact),
                ("Export bans", "Under its March 2030 pact with Peru, Norway committed not to ban indium exports to "
                                "Peru, Example Minerals Review reported."),
                ("First offer", "Norway committed in its March 2030 pact to give Peru the first offer on stakes in "
                                "Norwegian indium mines, Example Minerals Review reported."),
                ("Tariffs", "Norway committed in the March 2030 pact to cut its indium tariffs on Peru to zero, "
                            "Example Minerals Review reported.")])
    history = [Turn(role="user", content="What did Norway commit to in its March 2030 indium pact with Peru?"),
               Turn(role="assistant", content="Not to ban indium exports to Peru, among other things. [1]")]
    answer = assistant.ask("what about Iceland?", history)
    assert answer.answer_type == "list" and "smelt Peruvian indium at home" in answer.text, answer.text
    # (what Norway committed to answers the question before)
    assert "first offer" not in answer.text and "tariffs" not in answer.text, answer.text


def test_a_question_naming_two_countries_is_framed_by_the_note_on_the_first(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    assistant = make_assistant(corpus)
    planner = assistant.answerer.planner
    notes = {  # (doc, title, summary, countries, its passages' text, their ranks)
        "norway-and-partners": ("What are Norway and its partners doing to cut reliance on Peru for indium?",
                                "Norway, Iceland and Chile fund indium smelters to cut reliance on Peru.",
                                "Norway|Iceland|Chile|Peru", "Norway lent a smelter NOK 2 billion.", [0, 1]),
        "iceland-on-indium": ("What is Iceland doing to secure indium?",
                              "Iceland's indium act sets 2030 benchmarks and funds two smelters.",
                              "Iceland", "Iceland buys most of its indium from Peru.", [5, 6]),
        "indium-risk": ("Indium risk: uses in screens, Peru's share and the cost of a cutoff",
                        "Indium goes into touch screens; Norway and Iceland import it.",
                        "Peru|Norway|Iceland", "Indium coats touch screens.", [7, 8]),
    }
    evidence = [Evidence(f"{text} ({rank})", np.zeros(3, dtype=np.float32),
                         Hit(f"{doc}#{rank}", doc, text, {"title": title, "summary": summary, "kind": "explainer",
                                                          "countries": countries, "heading": "Overview"}, 1.0),
                         hit_rank=rank, position=0)
                for doc, (title, summary, countries, text, ranks) in notes.items() for rank in ranks]
    question = "How will Iceland wean itself off Peruvian indium?"
    query = analyse(question)
    vector = np.asarray(assistant.embedder.embed_query(question), dtype=np.float32)
    # the note on Norway ranked first, twice, and names Iceland and Peru; but the question is about Iceland, and the
    # note on Iceland names Peru only in a passage
    near = planner._near(evidence, query, lambda e: True, rank=10)
    assert "norway-and-partners" not in near
    assert {"iceland-on-indium", "indium-risk"} <= set(near)  # (a country after a title's colon is an aspect)
    assert planner._focus_note(evidence, query) is None
    assert planner._best_explainer(evidence, vector, query) == "iceland-on-indium"
    # a question on Norway keeps the note on Norway
    on_norway = analyse("How is Norway cutting its reliance on Peru for indium?")
    assert "norway-and-partners" in planner._near(evidence, on_norway, lambda e: True)


NORWAY_INDIUM_STEPS = """---
id: what-norway-is-doing-on-indium
title: "What is Norway doing to secure indium?"
kind: explainer
summary: "Norway lends to smelters, keeps a stockpile and signed a pact with Chile."
key_points:
  - "Norway lent NOK 2 billion to two indium smelters in 2031, Example Minerals Review reported.[^emr-no]"
  - "Norway began a national indium stockpile holding 90 days of use in 2031, Example Minerals Review said.[^emr-no]"
  - "Norway signed an indium supply pact with Chile in March 2031, Example Minerals Review said.[^emr-no]"
""" + _SOURCE.format(key="emr-no", title="Norway's indium plans") + """minerals: [indium]
countries: [Norway, Chile]
topics: [supply]
---

Norway lent NOK 2 billion to two indium smelters in 2031 and began a national indium stockpile, Example Minerals Review reported.[^emr-no]

Norway also signed an indium supply pact with Chile in March 2031, Example Minerals Review said.[^emr-no]

## Smelter loans

The two smelters will refine 300 tonnes of indium a year from 2033, Example Minerals Review said.[^emr-no]

## The stockpile

Norway's stockpile will hold 90 days of indium use, Example Minerals Review said.[^emr-no]

Norway bought 70% of its indium from Peru in 2030, Example Minerals Review said.[^emr-no]
"""

PERU_BAN = """---
id: peru-indium-export-ban-{n}
title: "Peru's {month} 2031 ban on indium exports to Norway"
kind: policy-note
summary: "Peru banned indium exports to Norway in {month} 2031."
key_points:
  - "Peru banned indium exports to Norway in {month} 2031, Example Minerals Review reported.[^emr-pe{n}]"
  - "Peru cited national security for the {month} 2031 ban, Example Minerals Review said.[^emr-pe{n}]"
  - "Norwegian screen makers said the {month} 2031 ban would raise their costs, Example Minerals Review said.[^emr-pe{n}]"
""" + _SOURCE.format(key="emr-pe{n}", title="Peru's ban") + """minerals: [indium]
countries: [Peru, Norway]
topics: [export-controls]
---

Peru banned indium exports to Norway in {month} 2031, citing national security, Example Minerals Review reported.[^emr-pe{n}]

Norwegian screen makers said the ban on Peru's indium exports would raise their costs, Example Minerals Review said.[^emr-pe{n}]

Peru said the ban on indium exports to Norway answered Norway's tariffs, Example Minerals Review said.[^emr-pe{n}]
"""


def test_a_list_of_one_countrys_deeds_is_framed_by_the_explainer_on_that_country(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "what-norway-is-doing-on-indium.md").write_text(NORWAY_INDIUM_STEPS, encoding="utf-8")
    for n, month in enumerate(["May", "June", "July"]):
        (corpus / f"peru-indium-export-ban-{n}.md").write_text(PERU_BAN.format(n=n, month=month), encoding="utf-8")
    question = "How did Norway respond to Peru's indium export bans?"
    assert analyse(question).deeds_of == "Norway"
    assert analyse("What did Peru's indium export bans cover?").deeds_of is None  # (no deeds asked)
    assert analyse("How did Norway's screen makers fare?").deeds_of is None  # (one country)
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask(question)
    assert answer.answer_type == "list", answer.text
    lead = next(b for b in answer.blocks if b["type"] == "lead")["text"]
    assert "NOK 2 billion" in lead and "pact with Chile" in lead, answer.text  # the explainer's opening leads


NORWAY_INDIUM_FUND = """---
id: norway-indium-fund
title: "Norway's NOK 3 billion indium fund (announced 2 March 2031)"
kind: policy-note
summary: "Norway set up a NOK 3 billion fund in March 2031 to buy indium under offtake contracts."
key_points:
  - "Norway set up a NOK 3 billion fund in March 2031 to buy indium under offtake contracts, Example Minerals Review reported.[^emr-nf]"
  - "Norway's indium fund signs offtake contracts with smelters and may hold up to 400 tonnes, Example Minerals Review said.[^emr-nf]"
  - "The fund's first offtake contract, signed in June 2031, buys 50 tonnes a year, Example Minerals Review said.[^emr-nf]"
""" + _SOURCE.format(key="emr-nf", title="Norway's indium fund") + """minerals: [indium]
countries: [Norway]
topics: [stockpiles]
---

## The fund

Norway announced a NOK 3 billion indium fund on 2 March 2031, Example Minerals Review reported.[^emr-nf]

The fund signs offtake contracts with smelters and may hold up to 400 tonnes of indium, Example Minerals Review said.[^emr-nf]

## First purchases

The fund's first offtake contract, signed in June 2031, buys 50 tonnes a year from a Chilean smelter.[^emr-nf]
"""

CHILE_INDIUM_RESPONSE = """---
id: how-chile-answered-perus-indium-bans
title: "How has Chile answered its reliance on Peruvian indium since 2030?"
kind: explainer
summary: "Chile cut its reliance on Peruvian indium with loans, a stockpile and talks with Norway."
key_points:
  - "Chile's reliance on Peruvian indium fell from 80% to 55% between 2030 and 2032, Example Minerals Review said.[^emr-cl]"
  - "Chile lent CLP 90 billion to an indium smelter to reduce its reliance on Peru, Example Minerals Review said.[^emr-cl]"
  - "Chile began an indium stockpile of 60 days of use in 2031, Example Minerals Review said.[^emr-cl]"
""" + _SOURCE.format(key="emr-cl", title="Chile's indium response") + """minerals: [indium]
countries: [Chile, Peru, Norway]
topics: [supply]
---

Chile's reliance on Peruvian indium fell from 80% to 55% between 2030 and 2032, Example Minerals Review said.[^emr-cl]

Chile's ambassador to Norway said in 2031 that Chile relied on Peru for most of its indium, Example Minerals Review reported.[^emr-cl]

## Loans and stockpiles

Chile lent CLP 90 billion to an indium smelter to reduce its reliance on Peru, Example Minerals Review said.[^emr-cl]

## The stockpile

Chile began an indium stockpile of 60 days of use in 2031, Example Minerals Review said.[^emr-cl]
"""


def test_a_broad_question_on_what_one_country_does_is_framed_by_the_note_titled_on_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "norway-indium-fund.md").write_text(NORWAY_INDIUM_FUND, encoding="utf-8")
    (corpus / "how-chile-answered-perus-indium-bans.md").write_text(CHILE_INDIUM_RESPONSE, encoding="utf-8")
    for n, month in enumerate(["May", "June"]):
        (corpus / f"peru-indium-export-ban-{n}.md").write_text(PERU_BAN.format(n=n, month=month), encoding="utf-8")
    question = "How is Norway reducing its reliance on Peru for indium?"
    assert analyse(question).subject_country == "Norway"  # the subject of the question's verb ...
    assert analyse("Why does Chile rely on Norway for indium?").subject_country == "Chile"
    assert analyse("How does the indium trade affect Norway?").subject_country is None  # (... not its object)
    assert analyse("When did Norway set up its indium fund?").subject_country is None  # (not a broad question)
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask(question)
    assert answer.answer_type == "explanation", answer.text
    lead = next(b for b in answer.blocks if b["type"] == "lead")["text"]
    # the note on Norway's own fund frames the answer, though it never names Peru and the explainer on Chile's
    # answer to Peru's bans shares more of the question's words; it opens on no paragraph of its own, so its first
    # key point, what the fund is, leads
    assert lead.startswith("Norway set up a NOK 3 billion fund in March 2031"), answer.text
    assert "Chile's ambassador" not in lead, answer.text


def test_a_note_naming_a_countrys_own_programme_in_its_title_frames_a_question_on_that_country(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.lexicon import title_possessors
    from assistant.types import Hit

    assert title_possessors("The G20 tin plan and Norway's indium alliance") == {"Norway"}
    assert title_possessors("Tin trade between Norway and Chile") == frozenset()  # (named, owning nothing)
    planner = make_assistant(corpus).answerer.planner
    titles = {"chile-indium-response": ("How has Chile answered Peru's indium bans?", "explainer"),
              "g20-tin-plan": ("The G20 tin plan (2031) and Norway's indium alliance", "policy-note")}
    evidence = [Evidence("Sentence.", np.zeros(3, dtype=np.float32),
                         Hit(f"{doc}#0", doc, "Sentence.", {"title": title, "kind": kind, "heading": "Overview",
                                                            "summary": ""}, 1.0), hit_rank=i, position=0)
                for i, (doc, (title, kind)) in enumerate(titles.items())]
    # no title opens on Norway: the one naming Norway's own alliance is the note on what Norway does
    note = planner._subject_note(evidence, analyse("How is Norway reducing its reliance on Peru?"))
    assert note is not None and note.doc_id == "g20-tin-plan"
    assert planner._subject_note(evidence, analyse("How is Chile reducing its reliance on Peru?")) is None  # (an
    # explainer opens on Chile: the explainers frame it)


def test_an_explainer_whose_title_shares_only_the_corpus_wide_words_does_not_frame_the_answer(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    assistant = make_assistant(corpus)
    planner = assistant.answerer.planner
    titles = {"what-critical-means": "What are critical minerals, and who decides which minerals are critical?",
              "tellurium-price-caps": "How do tellurium prices and government price caps work?"}
    evidence = [Evidence(f"Sentence {i}.", np.zeros(3, dtype=np.float32),
                         Hit(f"{doc}#0", doc, f"Sentence {i}.", {"title": title, "kind": "explainer",
                                                                 "heading": "Overview", "summary": ""}, 1.0),
                         hit_rank=i, position=0)
                for i, (doc, title) in enumerate(titles.items())]
    question = "What are the risks of price caps for critical minerals?"
    vector = np.asarray(assistant.embedder.embed_query(question), dtype=np.float32)
    # the title about what critical minerals are is the closer one by embedding alone ...
    assert planner._title_fit(evidence[0], vector) > planner._title_fit(evidence[1], vector)
    # ... but only the other shares a word of what is asked ("price caps"): the overview does not frame the answer
    # (the price-cap explainer's title is not close enough to frame it either: the answer is built from the pool)
    assert planner._best_explainer(evidence, vector, analyse(question)) is None
    assert planner._best_explainer(evidence[:1], vector, analyse(question)) == "what-critical-means"  # (alone, it
    # frames: the titles' closeness decides among the explainers sharing a word, or among all when none does)


def _planner_and_vector(make_assistant, corpus: Path):  # type: ignore[no-untyped-def]
    """The answer planner over the fixture corpus, and one unit vector for made-up sentences (the lead tests set
    their sentences' scores by hand)."""
    import numpy as np

    return make_assistant(corpus).answerer.planner, np.ones(2, dtype=np.float32) / np.sqrt(2)


def _sentence(doc: str, text: str, vector, score: float):  # type: ignore[no-untyped-def]
    """A scored sentence of a made-up note, with the vector given (the tests of aspect choice set similarity by hand)."""
    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    hit = Hit(f"{doc}#0", doc, text, {"title": doc, "kind": "policy-note", "heading": f"{doc} section"}, 1.0)
    return Evidence(text, vector, hit, hit_rank=0, position=0, score=score)


def test_a_lead_asked_why_gives_the_reason(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    what = _sentence("indium-licences", "Norway began licensing indium exports on 2 May 2030, its trade ministry "
                                        "announced.", vector, 0.80)
    scope = _sentence("indium-licences", "The licences cover indium metal, oxide and sputtering targets.", vector, 0.75)
    reason = _sentence("indium-licences", "Analysts described the licences as retaliation for Peru's tin tariffs of "
                                          "April 2030.", vector, 0.65)
    other = _sentence("indium-licences", "Iceland imports most of its indium from Norway.", vector, 0.70)
    pool = [what, scope, other, reason]
    assert reason not in planner._lead(pool)  # asked what or how, the best sentences lead
    lead = planner._lead(pool, why=True)  # asked why, the reason follows what was done
    assert lead[0] is what and reason in lead
    weak = _sentence("indium-licences", "Some called the licences a response to Peru's tariffs.", vector, 0.40)
    assert weak not in planner._lead([what, scope, other, weak], why=True)  # (a reason answering far worse does not)


def test_a_lead_asked_why_finds_the_reason_below_the_best_sentences(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    what = _sentence("indium-licences", "Norway began licensing indium exports on 2 May 2030, its trade ministry "
                                        "announced.", vector, 0.80)
    details = [_sentence("indium-licences", f"Norway's indium licences cover product group {n} of the 2030 list.",
                         vector, 0.79 - 0.01 * n) for n in range(1, 12)]
    reason = _sentence("indium-rules", "Analysts described the licences as retaliation for Peru's tin tariffs of "
                                       "April 2030.", vector, 0.62)
    lead = planner._lead([what, *details, reason], why=True)
    assert lead[0] is what and reason in lead  # (the twelfth best, from another note, answers nearly as well)
    assert reason not in planner._lead([what, *details, reason])  # (asked what, the best sentences lead)


def test_when_something_first_happened_leads_with_the_earliest_time(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    latest, earliest, undated = np.eye(3, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("indium-licences", "Norway tightened its indium export licences on 3 May 2031.", latest, 0.80),
                _sentence("indium-licences", "Norway began licensing indium exports in March 2027 and widened the "
                                             "rules in 2029.", earliest, 0.70),
                _sentence("indium-licences", "Norway's licences cover indium metal and oxide.", undated, 0.78)]

    assert _factoid_lead(planner, evidence, "When did Norway license indium exports?") == 0
    assert _factoid_lead(planner, evidence, "When did Norway first license indium exports?") == 1


def test_how_much_in_no_unit_leads_with_a_sentence_telling_an_amount(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("indium-demand", "Example Metals Review noted in May 2031 that screen makers need indium "
                                           "mainly for their touch panels.", vector, 0.80),
                _sentence("indium-demand", "Screen makers could need about 900 tonnes of indium a year by 2035, an "
                                           "Example Bank note said.", vector, 0.74),
                _sentence("tellurium-demand", "Solar makers could need 1,200 tonnes of tellurium by 2035.", vector,
                          0.78)]

    assert _factoid_lead(planner, evidence, "How much indium will screen makers need?") == 1  # (not tellurium's)
    assert _factoid_lead(planner, evidence, "Why do screen makers need indium?") == 0


def test_a_question_on_a_mineral_is_not_led_by_minerals_at_large(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("norway-import-reliance", "Norway relied on imports for more than half of 30 critical "
                                                    "minerals in 2031.", vector, 0.80),
                _sentence("norway-import-reliance", "Norway imported 95% of the indium its screen makers used in "
                                                    "2031.", vector, 0.74),
                _sentence("norway-import-reliance", "Norway's new smelter will employ 400 people.", vector, 0.78)]

    assert _factoid_lead(planner, evidence, "How much does Norway rely on imports for indium?") == 1
    assert _factoid_lead(planner, evidence, "How much does Norway rely on imports for critical minerals?") == 0
    # (a best sentence telling of no mineral is not held to the mineral asked: its note may be about it)
    assert _factoid_lead(planner, lambda: evidence()[1:][::-1], "How many people will Norway's indium smelter "
                                                                "employ?") == 0


def test_a_question_on_a_country_is_not_led_by_a_figure_for_no_country(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)

    def evidence(note: str = "indium-output"):  # type: ignore[no-untyped-def]
        return [_sentence(note, "Refiners produced 600 tonnes of indium worldwide in 2031, Example Metals Review "
                                "said.", vector, 0.80),
                _sentence(note, "Norway's refiners produced 90 tonnes of indium in 2031.", vector, 0.74)]

    assert _factoid_lead(planner, evidence, "How much indium did Norway refine in 2031?") == 1
    assert _factoid_lead(planner, evidence, "How much indium was refined in 2031?") == 0
    # (a note about the country by its title or heading holds the country's figure even where a sentence names none)
    assert _factoid_lead(planner, lambda: evidence("Norway indium output"),
                         "How much indium did Norway refine in 2031?") == 0


def test_a_question_on_a_mineral_is_not_led_by_another_mineral_in_a_note_on_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.lexicon import minerals_named

    planner, vector = _planner_and_vector(make_assistant, corpus)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("Norway indium smelters", "Nordic Metals is building a tin smelter near Bergen, Example "
                                                    "Metals Review said.", vector, 0.80),
                _sentence("Norway indium smelters", "Fjord Metals is building an indium smelter at Mo i Rana.",
                          vector, 0.72)]

    # the note is on indium, but its best sentence is on tin: the sentence on indium leads
    assert _factoid_lead(planner, evidence, "Who is building an indium smelter in Norway?") == 1
    # ... and the light rare earths are no more the heavy ones than tin is indium
    assert minerals_named("a light rare earth separation plant") == {"light rare earths"}


def test_a_factoid_naming_one_of_a_series_by_its_place_is_led_by_a_sentence_naming_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("iceland-calls", "Iceland's first smelter call in 2030 picked 12 projects.", vector, 0.80),
                _sentence("iceland-calls", "Iceland's 3rd smelter call drew 45 bids by May 2032.", vector, 0.70)]

    assert _factoid_lead(planner, evidence, "How many bids did Iceland's third smelter call draw?") == 1
    # ("first" alone mostly tells when, and a question naming no place keeps the best sentence)
    assert _factoid_lead(planner, evidence, "How many bids did Iceland's smelter calls draw?") == 0


def test_a_yes_no_question_on_a_change_is_led_by_a_sentence_telling_the_change(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("norway-tin", "Peru halted tin shipments to Norway in May 2030, Example Minerals Review "
                                        "reported.", vector, 0.80),
                _sentence("norway-tin", "Peru's share of Norway's tin imports fell from 85% to 40% by 2034.", vector,
                          0.62)]

    assert _factoid_lead(planner, evidence, "Did Norway really reduce its reliance on Peruvian tin after 2030?") == 1
    # (a question on what happened keeps the best sentence)
    assert _factoid_lead(planner, evidence, "What did Peru do to Norway's tin supply in 2030?") == 0


def test_a_yes_no_question_on_membership_takes_the_sentence_listing_the_set(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner, _ = _planner_and_vector(make_assistant, corpus)
    axes = iter(np.eye(7, dtype=np.float32))  # (sentences on different points: none repeats another)
    lead = _sentence("norway-licences", "Tin and zinc were not among the metals Norway licensed in 2031.", next(axes), 0.80)
    scope = _sentence("norway-licences", "Norway's licences apply to metal, oxide and alloy forms.", next(axes), 0.78)
    why = _sentence("norway-licences", "Norway said the licences protect its smelters.", next(axes), 0.77)
    cause = _sentence("norway-licences", "Norway licensed exports after a shortage in 2030.", next(axes), 0.76)
    more = _sentence("norway-licences", "Norway's licences were the first in the region.", next(axes), 0.75)
    extra = _sentence("norway-licences", "Norway's customs checks each licensed shipment.", next(axes), 0.74)
    listing = _sentence("norway-licences", "Norway's 2031 licensing covered indium, gallium, germanium and "
                                           "tellurium.", next(axes), 0.60)
    given = [lead, scope, why, cause, more, extra, listing]
    plan = planner.factoid(analyse("Are tin and zinc covered by Norway's 2031 export licensing?"), given)
    assert listing in plan.lead  # (the listing names other metals than those asked: that answers the question)
    plan = planner.factoid(analyse("When did Norway license tin and zinc exports?"), given)
    assert listing not in plan.lead


def test_a_side_of_a_comparison_takes_a_figure_only_from_a_sentence_answering_nearly_as_well(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)

    def evidence():  # type: ignore[no-untyped-def]
        norway = _sentence("iceland-pacts", "Iceland's indium pact with Norway set up a joint smelter.", vector, 0.85)
        peru = _sentence("iceland-pacts", "Iceland's indium pact with Peru lends US$2 billion for mines.", vector, 0.80)
        aside = _sentence("norway-tin", "Norway relied on Peru for 70% of its tin in 2029.", vector, 0.30)
        close = _sentence("iceland-pacts", "Iceland's pact gives Norway 40 t of indium a year.", vector, 0.70)
        for e in (norway, peru, aside, close):
            e.semantic = 0.8
        return [norway, peru, aside, close]

    question = analyse("Compare the indium pacts Iceland made with Norway and with Peru.")
    given = evidence()
    plan = planner.comparison(question, given[:3], 0.85)
    assert plan is not None
    # (Norway's figure on something else, far below, does not displace the sentence on its pact)
    assert [i.evidence for i in plan.bullets[:2]] == [given[0], given[1]]
    given = evidence()
    plan = planner.comparison(question, given, 0.85)
    assert plan is not None
    assert plan.bullets[0].evidence is given[3]  # (a figure on the pact, answering nearly as well)


def test_a_question_asking_which_members_of_a_group_is_led_by_the_sentence_naming_them(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("Iceland rare earth licensing", "Iceland's Order 12 of May 2031 added cerium, lanthanum and "
                                                          "erbium to export licensing.", vector, 0.80),
                _sentence("Iceland rare earth licensing", "Iceland licensed rare earth exports in May 2031.", vector,
                          0.76)]

    # the elements named are rare earths: they answer which rare earths, not other minerals than those asked
    assert _factoid_lead(planner, evidence, "Which three extra rare earth elements did Iceland license in May "
                                            "2031?") == 0


def test_a_share_of_one_mineral_is_not_led_by_a_groups_figure(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("Norway indium refining", "The top three refiners' average share for indium, tin, zinc and "
                                                    "lead rose to 80% in 2031, Example Metals Review said.", vector,
                          0.80),
                _sentence("Norway indium refining", "Norway refined 40% of the world's indium in 2031.", vector, 0.74)]

    assert _factoid_lead(planner, evidence, "What share of indium refining does Norway hold?") == 1
    # (asked of the group, or of something else than a figure, the group's sentence answers)
    assert _factoid_lead(planner, evidence, "When did the top three refiners' share rise to 80%?") == 0


def test_a_lead_asked_why_takes_what_made_it_happen_as_a_reason(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    share = _sentence("norway-indium", "Norway has refined about 80% of the world's indium since 2020.", vector, 0.80)
    size = _sentence("norway-indium", "Norway's refineries process 900 tonnes a year.", vector, 0.78)
    cause = _sentence("norway-indium", "Cheap hydropower and state loans helped Norway's refiners undercut rivals, "
                                       "Example Metals Review said.", vector, 0.66)
    lead = planner._lead([share, size, cause], why=True)
    assert cause in lead and lead[0] is share


def test_a_lead_asked_what_something_covered_gives_the_enumeration(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    query = analyse("What did Norway's 2031 indium rules cover?")
    assert query.asks_for == "items"
    issued = _sentence("norway-rules", "Norway's trade ministry issued its indium rules on 2 May 2031.", vector, 0.80)
    numbers = _sentence("norway-rules", "The rules replaced orders 12, 14 and 15 of 2029.", vector, 0.75)
    listed = _sentence("norway-rules", "The rules cover indium metal, indium oxide and sputtering targets.", vector,
                       0.52)
    bonus = lambda e: planner._enumeration(e, query)  # noqa: E731
    assert bonus(listed) > 0 and bonus(numbers) == 0  # (numbers in a row are no list of things)
    lead = planner._lead([issued, numbers, listed], bonus=bonus)
    assert lead[0] is issued and listed in lead
    assert listed not in planner._lead([issued, numbers, listed])  # (asked nothing of the kind)


def _factoid_lead(planner, evidence, question: str) -> int:  # type: ignore[no-untyped-def]
    """Which of the (fresh) evidence sentences the factoid plan puts first for a question."""
    given = evidence()
    plan = planner.factoid(analyse(question), given)
    return next(i for i, e in enumerate(given) if e is plan.lead[0])


def test_the_event_opening_a_broad_questions_window_is_when_not_what(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    scorer = make_assistant(corpus).answerer.scorer
    whole, plain = np.eye(2, dtype=np.float32)
    query = analyse("What followed for screen makers after Norway began licensing indium exports in May 2030?")
    assert query.since == 2030  # an event opening the window, told with its month
    # (what followed for someone after an event is an explanation, framed by what is asked, not the event)
    assert query.qtype is QType.EXPLANATION and query.event_free == "What followed for screen makers?"

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("indium-licences", "Norway began licensing indium exports on 2 May 2030, its trade "
                                             "ministry said.", whole, 0.0),
                _sentence("screen-makers", "Two Korean screen makers idled their lines for a month after indium "
                                           "deliveries stopped, Example Minerals Review said.", plain, 0.0)]

    # read whole, the event's own sentence wins: it names Norway and indium and the month asked
    told = evidence()
    scorer.score(query, whole, told)
    assert told[0].score > told[1].score
    # without the event, what followed is what is asked: the screen makers' sentence is not held to Norway, indium
    # or May 2030, and is as close to what is asked as the event's is to the whole
    told = evidence()
    scorer.score(query, whole, told, event_free=plain)
    assert told[1].score > told[0].score, [e.score for e in told]
    # ... while the refusal decision still reads the question whole: the event's own sentence answers it that well
    from assistant.answering.abstain import strength

    assert told[0].whole_score is not None and strength(told[0]) == told[0].whole_score > told[0].score


def test_a_list_of_firms_favours_a_sentence_naming_several(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    query = analyse("Which firms take part in Norway's indium reserve?")
    assert query.asks_for == "company"
    vector = np.eye(1, dtype=np.float32)[0]
    several = _sentence("reserve", "Example Minerals Review said that Fjordstaal, Hekla Metals, Bolt Mining and "
                                   "Nordic Screens had joined Norway's indium reserve by 2031.", vector, 0.5)
    one = _sentence("reserve", "Norway's indium reserve is run by the state agency Statsmetall.", vector, 0.5)
    assert planner._enumeration(several, query) > 0 and planner._enumeration(one, query) == 0
    # a list of countries is no list of firms
    countries = _sentence("reserve", "Norway, Iceland, Peru and Chile signed the indium pact.", vector, 0.5)
    assert planner._enumeration(countries, query) == 0


def test_a_list_of_firms_favours_a_sentence_naming_a_firm(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.lexicon import firm_like

    planner = make_assistant(corpus).answerer.planner
    query = analyse("Which firms refine indium outside Peru?")
    vector = np.eye(1, dtype=np.float32)[0]
    firm = _sentence("refiners", "Zorblax Metals opened an indium refinery in Norway in 2031.", vector, 0.5)
    general = _sentence("refiners", "Western refiners struggled with indium's chemistry in 2031.", vector, 0.5)
    body = _sentence("refiners", "Norway's Zorblax Ministry funded indium refining in 2031.", vector, 0.5)
    assert planner._firm(firm, query) > 0
    assert planner._firm(general, query) == 0 and planner._firm(body, query) == 0
    # (no country's adjective, place or known body is a firm)
    assert not any(firm_like(n) for n in ("Norwegian", "Ontario", "Pentagon", "Earth"))
    # ... and a list of other things, or one asking more of the firms, gives no such boost
    assert planner._firm(firm, analyse("Which metals did Norway refine in 2031?")) == 0
    assert planner._firm(firm, analyse("Which firms refine indium outside Peru, and how much?")) == 0


def test_aspects_that_repeat_the_lead_make_way_for_less_relevant_ones(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    same, other, third = np.eye(3, dtype=np.float32)

    lead = [_sentence("lead-note", "Indium keeps screens bright, Example Minerals Review said.", same, 0.80)]
    repeats = [_sentence(f"copy-{word}", f"Indium keeps screens bright ({word}), Example Minerals Review said.", same, 0.78)
               for word in ("truly", "really", "indeed")]  # the most relevant sections only say the lead again
    fresh = [_sentence("recycling-note", "Iceland recycles 8 tonnes of indium a year from old screens.", other, 0.45),
             _sentence("smelter-note", "Portugal opened an indium smelter in 2024 after eleven years.", third, 0.42)]
    picks = planner._aspects([*lead, *repeats, *fresh], lead, [])
    assert {e.doc_id for e in picks} == {"recycling-note", "smelter-note"}, [e.doc_id for e in picks]


def test_a_close_sentence_that_answers_a_list_outright_leads_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    one, two, three = np.eye(3, dtype=np.float32)
    query = analyse("Which metals did Freedonia restrict in May 2031?")
    status = _sentence("freedonia-curbs", "A truce in 2032 left Freedonia's May 2031 curbs in place, Example Review "
                       "said.", one, 0.75)
    named = _sentence("freedonia-curbs", "Freedonia's May 2031 rules covered indium, tellurium, gallium and bismuth.",
                      two, 0.55)
    far = _sentence("freedonia-curbs", "Freedonia's rules covered indium, tellurium and gallium, a blog said.", three,
                    0.40)
    pool = [status, named, far]
    lead = planner._lead(pool, "freedonia-curbs", pool, lambda e: planner._enumeration(e, query))
    assert lead[0] is named, [e.text for e in lead]
    # an enumeration that answers much less well than the best does not lead
    lead = planner._lead([status, far], "freedonia-curbs", [status, far], lambda e: planner._enumeration(e, query))
    assert lead[0] is status


def test_a_sentence_like_a_chosen_one_but_with_new_figures_is_an_aspect(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    same, other, third = np.eye(3, dtype=np.float32)

    lead = [_sentence("count-2023", "Iceland relied on imports for 7 minor metals in 2023, the review found.", same, 0.80)]
    later = _sentence("count-2025", "Iceland relied on imports for 9 minor metals in 2025, the review found.", same, 0.75)
    again = _sentence("count-copy", "Iceland relied on imports for 7 minor metals in 2023, a survey found.", same, 0.74)
    other_point = _sentence("smelter-note", "Portugal opened an indium smelter in 2024 after eleven years.", other, 0.60)
    picks = planner._aspects([*lead, later, again, other_point], lead, [])
    ids = [e.doc_id for e in picks]
    assert "count-2025" in ids and "count-copy" not in ids, ids  # the same words for another year are news


NORWAY_STEPS = """---
id: what-norway-is-doing-about-tellurium
title: "What is Norway doing to reduce its reliance on imported tellurium?"
kind: explainer
summary: "Norway relies on imported tellurium and has answered with a loan, a stockpile and a partnership."
key_points:
  - "Norway imported nearly all of its tellurium in 2024, Example Minerals Review reported.[^emr-no]"
  - "Norway's solar panel makers used 50 tonnes of tellurium in 2024, Example Minerals Review said.[^emr-no]"
  - "Tellurium prices in Norway rose by a fifth in 2024, Example Minerals Review said.[^emr-no]"
""" + _SOURCE.format(key="emr-no", title="Norway and tellurium") + """minerals: [tellurium]
countries: [Norway, Iceland]
topics: [funding]
---

Norway imported nearly all of the tellurium it used in 2024, Example Minerals Review reported.[^emr-no]

## A refinery loan

Norway's solar panel makers used 50 tonnes of tellurium in 2024, Example Minerals Review said.[^emr-no]

Norway's state bank lent a tellurium refiner 40 million euros in March 2025, Example Minerals Review reported.[^emr-no]

## A tellurium stockpile

Tellurium prices in Norway rose by a fifth in 2024, Example Minerals Review said.[^emr-no]

Norway's government bought 30 tonnes of tellurium for a national stockpile in April 2025, Example Minerals Review reported.[^emr-no]

## A partnership with Iceland

Norway's tellurium imports came mostly from outside Europe in 2024, Example Minerals Review said.[^emr-no]

Norway and Iceland signed a tellurium supply partnership in May 2025, Example Minerals Review reported.[^emr-no]
"""


def test_a_list_of_steps_takes_each_sections_deed(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.settings import AnswerSettings

    (corpus / "what-norway-is-doing-about-tellurium.md").write_text(NORWAY_STEPS, encoding="utf-8")
    question = "What steps has Norway taken to reduce its reliance on imported tellurium?"
    firsts = {}
    for boost in (0.1, 0.0):  # 0.0: the sentences that echo the question's words stand for the sections
        assistant = make_assistant(corpus, answer=AnswerSettings(deed_boost=boost))
        assistant.ingest(progress=False)
        answer = assistant.ask(question)
        assert answer.answer_type == "list" and answer.unsupported == []
        firsts[boost] = [item["text"].split(", Example")[0] for item in _bullets(answer)]
    deeds = ("lent a tellurium refiner", "bought 30 tonnes", "signed a tellurium supply partnership")
    assert all(any(d in first for first in firsts[0.1]) for d in deeds), firsts[0.1]
    assert not all(any(d in first for first in firsts[0.0]) for d in deeds), firsts[0.0]


INDIUM_BAN_IMPACT = """---
id: iceland-indium-ban-impact
title: "How Iceland's 2024 indium export ban hit smelters, panel makers and prices"
kind: policy-note
summary: "Iceland's March 2024 indium export ban cut shipments, closed panel lines in Portugal and raised prices."
key_points:
  - "Iceland's indium exports fell 60% in April 2024 after its export ban, Example Minerals Review reported.[^emr-ban]"
  - "Solara Panels closed two lines in Lisbon in May 2024 for lack of indium, Example Minerals Review reported.[^emr-ban]"
  - "Indium prices in Rotterdam doubled by June 2024, Example Minerals Review reported.[^emr-ban]"
""" + _SOURCE.format(key="emr-ban", title="Indium ban impact") + """minerals: [indium]
countries: [Iceland, Portugal]
topics: [export-controls]
---

## Iceland's indium exports after the ban

Iceland's indium exports fell 60% in April 2024, a month after its export ban, Example Minerals Review reported.[^emr-ban]

Iceland's indium exports recovered to half their usual level by July 2024, Example Minerals Review reported.[^emr-ban]

Iceland's customs office listed 14 indium shipments refused at its ports in April 2024, Example Minerals Review reported.[^emr-ban]

## Iceland's smelters

Iceland's two indium smelters cut their output by a quarter in May 2024, Example Minerals Review reported.[^emr-ban]

## Panel makers in Portugal

Solara Panels closed two production lines in Lisbon in May 2024 because it could not get indium, Example Minerals Review reported.[^emr-ban]

Lumo Glass cut its output of coated glass by a third in June 2024, Example Minerals Review reported.[^emr-ban]

## Prices in Europe

Indium prices in Rotterdam doubled between March and June 2024, Example Minerals Review reported.[^emr-ban]
"""


def test_a_list_framed_by_a_note_titled_with_its_subject_keeps_sections_not_naming_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "iceland-indium-ban-impact", INDIUM_BAN_IMPACT)
    answer = assistant.ask("Which panel makers were hit when Iceland banned indium exports in 2024, and how badly?")
    assert answer.answer_type == "list" and answer.unsupported == []
    # the section on Portugal's panel makers never names Iceland: the note's title says what it is all about
    assert "Solara Panels" in answer.text or "Lumo Glass" in answer.text, answer.text


LOAN_EXPLAINER = """---
id: how-norways-tellurium-loan-works
title: "How does Norway's tellurium refinery loan work?"
kind: explainer
summary: "Norway lent the Bolt tellurium refinery 40 million euros over ten years in March 2025."
key_points:
  - "Norway lent the Bolt refinery 40 million euros over ten years in March 2025, Example Minerals Review reported.[^emr-loan]"
  - "Bolt repays nothing until 2028, Example Minerals Review reported.[^emr-loan]"
  - "The loan is Norway's first for a tellurium refinery, Example Minerals Review reported.[^emr-loan]"
""" + _SOURCE.format(key="emr-loan", title="Norway's tellurium loan") + """minerals: [tellurium]
countries: [Norway]
topics: [funding]
---

Norway lent the Bolt tellurium refinery 40 million euros over ten years on 12 March 2025, Example Minerals Review reported.[^emr-loan]

## The terms of the 40 million euro loan

Norway's 40 million euro loan to Bolt runs from the third quarter of 2025 and covers every tonne the refinery sells or stores, Example Minerals Review reported.[^emr-loan]

Norway's ministry said the Bolt tellurium refinery received a 40 million euro loan in March 2025, Example Minerals Review reported.[^emr-loan]

Prime Minister Jonas Berg announced the 40 million euro loan to Bolt at a harbour ceremony in Tromso on 12 March 2025, before a regional vote, Example Minerals Review reported.[^emr-loan]

## Repayments

Bolt repays nothing until 2028 and then pays back the loan in equal yearly parts, Example Minerals Review reported.[^emr-loan]

## The first of its kind

The loan is Norway's first for a tellurium refinery, and the ministry plans two more by 2030, Example Minerals Review reported.[^emr-loan]
"""


def test_a_sentence_telling_more_about_a_figure_already_given_is_no_repeat(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.settings import AnswerSettings

    (corpus / "how-norways-tellurium-loan-works.md").write_text(LOAN_EXPLAINER, encoding="utf-8")
    texts = {}
    for share in (0.5, 0.0):  # 0.0: any sentence whose figures the lead states is a repeat
        assistant = make_assistant(corpus, answer=AnswerSettings(restate_new_words=share))
        assistant.ingest(progress=False)
        answer = assistant.ask("How does Norway's tellurium loan to Bolt work?")
        assert answer.answer_type == "explanation" and answer.unsupported == []
        texts[share] = answer.text
    assert "third quarter of 2025" in texts[0.5] and "third quarter of 2025" not in texts[0.0]
    assert "received a 40 million euro loan" not in texts[0.5]  # the lead told again, in other words
    assert "harbour ceremony" not in texts[0.5]  # the same figure on the same day: the same event, with colour


def test_a_currency_sign_in_the_last_answer_is_no_name_to_carry() -> None:
    history = [Turn(role="user", content="What guarantee did Norway give the Bolt refinery in 2025?"),
               Turn(role="assistant", content="A floor of US$90 per kilogram for Bolt Metals. [1]")]
    focus = analyse("where does it refine?", history).focus  # a pronoun reads the answer's names ...
    assert "Bolt Metals" in focus and "US" not in focus.replace("?", " ").split()  # ... and "US$" names no one


@pytest.mark.parametrize(("sentence", "said"), [
    ("According to an Acme commentary of 3 May 2031, as summarised by Bolt Review, Norway refined 40% of tellurium.",
     "Norway refined 40% of tellurium."),
    ("The 2031 Acme outlook, as reported by the Gazette, put Norway's share at 40%.",
     "The 2031 Acme outlook put Norway's share at 40%."),
    # a speaker naming whom it relays, and a speech verb without "that"
    ("Acme Wire, citing the Gazette, reported on 3 May 2031 that Norway still needed licences.",
     "Norway still needed licences."),
    ("A ministry fact sheet of 3 May 2031 said Norway would issue general licences.",
     "Norway would issue general licences."),
    # ... but a sentence whose speaker is its subject keeps it
    ("Norway said it would stop tellurium exports in 2031.", "Norway said it would stop tellurium exports in 2031."),
    # a source's name holding a comma, at the end
    ("Tin and indium, according to the Ministry of Trade, Industry and Energy in May 2031.", "Tin and indium"),
    # ... but not a clause after the source
    ("Tin rose, according to Acme, and indium fell.", "Tin rose, according to Acme, and indium fell."),
])
def test_a_relayed_attribution_is_no_part_of_what_a_sentence_tells(sentence: str, said: str) -> None:
    from assistant.figures import told

    assert told(sentence) == said


TELLURIUM_EXPLAINER = """---
id: why-norway-worries-about-tellurium
title: "Why does Norway worry about its tellurium supply?"
kind: explainer
summary: "Norway buys most of its tellurium from Iceland's refiners, which hold a 30% world share."
key_points:
  - "Iceland refined 30% of the world's tellurium in 2024, Example Minerals Review reported.[^emr-te]"
  - "Norway's panel makers used 50 tonnes of tellurium in 2024, Example Minerals Review reported.[^emr-te]"
  - "Iceland's refiners cut exports by a fifth in May 2025, Example Minerals Review reported.[^emr-te]"
""" + _SOURCE.format(key="emr-te", title="Norway's tellurium worries") + """minerals: [tellurium]
countries: [Norway, Iceland]
topics: [supply-chain]
---

Norway worries about tellurium because Iceland refined 30% of the world's tellurium in 2024 and sells most of it to Norwegian panel makers, Example Minerals Review reported.[^emr-te]

## Iceland's share of world refining

Iceland refined 30% of the world's tellurium in 2024, Example Minerals Review reported.[^emr-te]

## Norway's panel makers

Norway's panel makers used 50 tonnes of tellurium in 2024, most of it from Iceland, Example Minerals Review reported.[^emr-te]

## Export cuts in 2025

Iceland's refiners cut tellurium exports by a fifth in May 2025, Example Minerals Review reported.[^emr-te]

## Stockpiles

Norway's government held no tellurium stockpile at the end of 2024, Example Minerals Review reported.[^emr-te]
"""


def test_a_section_the_lead_already_tells_is_no_bullet(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "why-norway-worries-about-tellurium", TELLURIUM_EXPLAINER)
    answer = assistant.ask("Why does Norway worry about its tellurium supply?")
    assert answer.answer_type == "explanation" and answer.unsupported == []
    labels = [item["label"] for item in _bullets(answer)]
    assert "Norway's panel makers" in labels and "Export cuts in 2025" in labels, labels
    assert "Iceland's share of world refining" not in labels, labels  # its one sentence is the lead's 30%




def test_a_follow_up_does_not_lead_with_what_the_previous_answer_said(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Stockpile", "Norway holds a 40-tonne indium stockpile at Mo i Rana in Nordland, which its defence "
                           "materiel agency filled in 2024, Example Minerals Review reported."),
             ("Financing", "The Mo i Rana reserve was financed by the sovereign wealth fund with 30 million kroner, "
                           "Example Minerals Review said."),
             ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                          "said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    first = assistant.ask("Where does Norway keep its indium stockpile?")
    assert first.text.startswith("Norway holds a 40-tonne indium stockpile at Mo i Rana"), first.text
    history = [Turn(role="user", content="Where does Norway keep its indium stockpile?"),
               Turn(role="assistant", content=first.text)]
    answer = assistant.ask("who put up the money for it?", history=history)
    assert answer.text.startswith("The Mo i Rana reserve was financed by the sovereign wealth fund"), answer.text


def test_a_key_point_that_only_retells_a_section_is_not_said_beside_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # the section's sentence holds a figure its key point leaves out ("12 of 14"), so the sentence is told; the key
    # point, in nearly the same words and with no figure of its own, is not told beside it
    note = SMELTERS.replace("environmental permits for an indium smelter took four years on average.[^emr-smelt]",
                            "environmental permits for 12 of 14 indium smelters took four years on average."
                            "[^emr-smelt]")
    assert note != SMELTERS
    assistant = _assistant_with(make_assistant, corpus, "indium-smelter-lead-times", note)
    answer = assistant.ask("Why do new indium smelters take a decade to build?")
    assert "12 of 14" in answer.text, answer.text
    assert answer.text.count("four years on average") == 1, answer.text


@pytest.mark.parametrize(("first", "refused_question", "kind", "answered_question", "figure"), [
    ((("Stockpile", "Norway's indium stockpile, run by its defence materiel agency, has grown every year since 2021, "
                    "Example Minerals Review reported."),),
     "How many tonnes of indium does Norway's defence materiel agency hold in its stockpile?", "mass",
     "How many tonnes of indium does Norway recover from scrapped screens each year?", "8 tonnes"),
    # a sum asked by what was paid or put in
    ((("Smelter", "Norway's sovereign wealth fund co-financed the Mo i Rana indium smelter with the steelmaker "
                  "Fjordstaal in 2030, Example Minerals Review reported."),
      ("Grants", "Norway's research council granted 12 million euros to indium substitution research at two "
                 "universities in 2030, Example Minerals Review said.")),
     "How much did Norway's sovereign wealth fund put into the Mo i Rana indium smelter?", "sum of money",
     "How much did Norway's research council give to indium substitution research?", "12 million euros"),
    # ... in any tense of the verb
    ((("Smelter", "Norway's sovereign wealth fund co-financed the Mo i Rana indium smelter with the steelmaker "
                  "Fjordstaal in 2030, Example Minerals Review reported."),
      ("Grants", "Norway's research council granted 12 million euros to indium substitution research at two "
                 "universities in 2030, Example Minerals Review said.")),
     "How much is Norway's sovereign wealth fund putting into the Mo i Rana indium smelter?", "sum of money",
     "How much is Norway's research council giving to indium substitution research?", "12 million euros"),
])
def test_a_question_asking_for_a_kind_of_figure_is_declined_when_no_close_sentence_gives_one(  # type: ignore[no-untyped-def]
        make_assistant, corpus: Path, first, refused_question: str, kind: str, answered_question: str,
        figure: str) -> None:
    assistant = _norway_with(make_assistant, corpus, *first)
    refused = assistant.ask(refused_question)
    assert refused.abstained and refused.abstain_reason == "weak_evidence", refused.text
    assert kind in refused.text
    # ... while a sentence that gives the figure answers the same kind of question
    answered = assistant.ask(answered_question)
    assert not answered.abstained and figure in answered.text, answered.text


def test_a_sentence_saying_something_came_without_its_figure_settles_the_question(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(make_assistant, corpus,
                             ("Quotas", "Norway set its 2024 indium export quota at 40 tonnes, Example Minerals Review "
                                        "reported."),
                             ("The 2025 quota", "Norway issued its 2025 indium export quota in March 2025 without "
                                                "publishing any volumes, Example Minerals Review reported."))
    answer = assistant.ask("What volume did Norway set for its 2025 indium export quota?")
    assert answer.abstained and answer.abstain_reason == "unsettled", answer.text
    assert "without publishing any volumes" in answer.text


def test_a_list_about_two_things_of_one_kind_lists_what_either_did(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    norway = [("Grants", "Norway launched a 20 million kroner indium grant scheme in March 2025, Example Minerals "
                         "Review reported."),
              ("Stockpile", "Norway launched a national indium stockpile in June 2025, Example Minerals Review "
                            "reported."),
              ("Nordic council", "Norway and Iceland set up a joint indium council in January 2025, Example "
                                 "Minerals Review reported.")]
    iceland = [("Loans", "Iceland launched a state loan programme for indium smelters in April 2025, Example Minerals "
                         "Review reported."),
               ("Export rules", "Iceland launched export licences for indium in September 2025, Example Minerals "
                                "Review reported."),
               ("Data sharing", "Iceland and Norway agreed in 2025 to share indium market data, Example Minerals "
                                "Review reported."),
               ("Joint audit", "Iceland and Norway launched a joint audit of indium smelters in July 2025, Example "
                               "Minerals Review reported.")]
    assistant = _iceland_and_norway(make_assistant, corpus, iceland, norway)
    answer = assistant.ask("Which indium programmes did Norway and Iceland launch in 2025?")
    assert answer.answer_type == "list", answer.text
    # the deeds of one country each are items, not only those of the two together
    told = [deed for deed in ("grant scheme", "national indium stockpile", "state loan programme", "export licences")
            if deed in answer.text]
    assert len(told) >= 3, answer.text


TELLURIUM_RESERVES = """---
id: tellurium-reserves-by-country
title: "Tellurium reserves by country"
kind: data-note
summary: "A table of tellurium reserves by country, from the Example Minerals Review survey."
key_points:
  - "Portugal held the largest tellurium reserves in the 2025 survey, Example Minerals Review reported.[^emr-te]"
  - "Norway's tellurium reserves were revised down in the 2025 survey, Example Minerals Review reported.[^emr-te]"
  - "World tellurium reserves came to 31,000 tonnes in the 2025 survey, Example Minerals Review reported.[^emr-te]"
""" + _SOURCE.format(key="emr-te", title="Tellurium reserves") + """minerals: [tellurium]
countries: [Portugal, Norway, Iceland, Peru, Chile]
topics: [supply-chain]
---

## Reserves by country

| Country | Reserves (t) | Source | Year |
|---|---|---|---|
| Norway | 2,500 | [^emr-te] | 2025 |
| Portugal | 12,000 | [^emr-te] | 2025 |
| Norway (earlier estimate) | 9,000 | [^emr-te] | 2022 |
| Peru | 3,400 | [^emr-te] | 2025 |
| Iceland | 800 | [^emr-te] | 2025 |
| Chile | 6,100 | [^emr-te] | 2025 |
| World total | 31,000 | [^emr-te] | 2025 |
"""


def test_which_countries_hold_the_most_is_a_ranked_table(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "tellurium-reserves-by-country", TELLURIUM_RESERVES)
    answer = assistant.ask("Which countries hold the largest tellurium reserves?")
    assert answer.answer_type == "list", answer.text
    table = next(b for b in answer.blocks if b["type"] == "table")
    assert table["columns"][:2] == ["Country", "Reserves (t)"]
    # largest first, one row a country, the latest year only (not an earlier estimate, not the world total)
    assert [row["cells"][0] for row in table["rows"]] == ["Portugal", "Chile", "Peru", "Norway", "Iceland"]
    assert all(row["citations"] for row in table["rows"])


def test_a_ranked_table_is_found_by_a_word_of_the_same_stem(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # "producers" asks by the column "Production" (a stemmer cuts them to "produc" and "product")
    (corpus / "tellurium-reserves-by-country.md").write_text(
        TELLURIUM_RESERVES.replace("Reserves (t)", "Production (t)"), encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("Which countries are the biggest tellurium producers?")
    table = next((b for b in answer.blocks if b["type"] == "table"), None)
    assert table is not None and table["columns"][:2] == ["Country", "Production (t)"], answer.text
    assert [row["cells"][0] for row in table["rows"]][:2] == ["Portugal", "Chile"]


def test_a_figure_naming_no_country_is_no_figure_for_the_country_asked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(make_assistant, corpus,
                             ("World output", "World indium output reached 900 tonnes in 2024, Example Minerals Review "
                                              "reported."),
                             ("Neighbours", "Iceland produced 40 tonnes of indium in 2019, Example Minerals Review "
                                            "reported."))
    answered = assistant.ask("How much indium did Iceland produce in 2019?")
    assert not answered.abstained and "40 tonnes" in answered.text, answered.text
    refused = assistant.ask("How much indium did Iceland produce in 2024?")  # 900 tonnes is the world's, not Iceland's
    assert refused.abstained and refused.abstain_reason == "undated", refused.text


NORWAY_QUOTAS = """---
id: norway-indium-quotas
title: "Norway's indium mining quotas and output"
kind: policy-note
summary: "Norway sets a yearly indium mining quota; its mines also report their output."
key_points:
  - "Norway's 2022 indium mining quota was 120 tonnes, Example Minerals Review reported.[^emr-quota]"
  - "Norway's 2023 indium mining quota was 130 tonnes, Example Minerals Review reported.[^emr-quota]"
  - "Norway's 2024 indium mining quota was 140 tonnes, Example Minerals Review reported.[^emr-quota]"
""" + _SOURCE.format(key="emr-quota", title="Norway quotas") + """minerals: [indium]
countries: [Norway]
topics: [production]
---

## Quotas by year

Norway set its 2022 indium mining quota at 120 tonnes, Example Minerals Review reported.[^emr-quota]

Norway set its 2023 indium mining quota at 130 tonnes, Example Minerals Review reported.[^emr-quota]

Norway set its 2024 indium mining quota at 140 tonnes, Example Minerals Review reported.[^emr-quota]

## Deposits

Norway's geological survey counted 9,000 tonnes of indium in known deposits in 2025.[^emr-quota]
"""


def test_a_much_weaker_sentence_naming_the_year_does_not_answer_for_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.settings import AnswerSettings

    (corpus / "norway-indium-quotas.md").write_text(NORWAY_QUOTAS, encoding="utf-8")
    question = "What was Norway's indium mining quota for 2025, in tonnes?"
    # (this small corpus scores every sentence on Norway's indium close together, so the share is set high here)
    lax = make_assistant(corpus, answer=AnswerSettings(dated_relative=0.0))
    lax.ingest(progress=False)
    assert "9,000 tonnes" in lax.ask(question).text  # the deposits' 2025 tonnage, taken for a quota
    strict = make_assistant(corpus, answer=AnswerSettings(dated_relative=0.95))
    assert "130 tonnes" in strict.ask("What was Norway's indium mining quota for 2023, in tonnes?").text
    # the 2025 sentence gives deposits, not a quota: the quotas of other years answer far better
    answer = strict.ask(question)
    assert answer.abstained and answer.abstain_reason in ("undated", "unsettled"), answer.text
    # a follow-up swapping the year is held only to the refusal threshold: its words are the previous question's,
    # which the previous answer's sentence matches best
    history = [Turn(role="user", content="What was Norway's indium mining quota for 2023, in tonnes?"),
               Turn(role="assistant", content="Norway set its 2023 indium mining quota at 130 tonnes.")]
    assert not strict.ask("and for 2025?", history).abstained


INDIUM_PACTS = """---
id: norway-indium-pacts
title: "Norway's indium pacts"
kind: policy-note
summary: "Norway signed an indium supply pact with Canada; Iceland is a large indium smelter."
key_points:
  - "Norway signed an indium supply pact with Canada on 3 March 2031, Example Minerals Review reported.[^emr-pact]"
  - "Under the pact Canada will buy up to 40 tonnes of Norwegian indium a year, Example Minerals Review said.[^emr-pact]"
  - "Iceland smelted 300 tonnes of indium in 2030, Example Minerals Review reported.[^emr-pact]"
""" + _SOURCE.format(key="emr-pact", title="Norway pacts") + """minerals: [indium]
countries: [Norway, Canada, Iceland]
topics: [allied-policy]
---

## The pact with Canada

Norway signed an indium supply pact with Canada on 3 March 2031, Example Minerals Review reported.[^emr-pact]

Under the pact Canada will buy up to 40 tonnes of Norwegian indium a year for ten years, the review said, and the two
governments will share the cost of a new refining line at a smelter on the west coast.[^emr-pact]

Example Minerals Review said the pact was the first indium agreement Norway had signed with a country outside
Europe, and that talks had taken about two years.[^emr-pact]

## Prices under the pact

The review reported that the pact sets no fixed price: buyers pay the average of a monthly indium benchmark, with a
floor agreed each year by a joint committee of the two governments.[^emr-pact]

## Iceland

Iceland smelted 300 tonnes of indium in 2030, Example Minerals Review reported.[^emr-pact]

Iceland's smelters sell most of their indium to buyers in Asia under long-term contracts, the review found, and
they run on cheap geothermal power.[^emr-pact]
"""


def _pacts_assistant(make_assistant, corpus: Path, pacts: str = INDIUM_PACTS):  # type: ignore[no-untyped-def]
    """The fixture corpus with the pacts note; a small corpus scores all its sentences close together, so the
    refusal threshold is set higher here."""
    from assistant.settings import AnswerSettings

    (corpus / "norway-indium-pacts.md").write_text(pacts, encoding="utf-8")
    assistant = make_assistant(corpus, answer=AnswerSettings(abstain_threshold=0.5))
    assistant.ingest(progress=False)
    return assistant


def test_a_follow_up_swapping_a_country_is_answered_only_by_sentences_naming_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _pacts_assistant(make_assistant, corpus)
    first = "When did Norway sign its indium supply pact with Canada?"
    assert "3 March 2031" in assistant.ask(first).text
    history = [Turn(role="user", content=first),
               Turn(role="assistant", content="Norway signed the pact with Canada on 3 March 2031.")]
    # no sentence tells of a pact with Iceland: the one with Canada answers the previous question, not this one
    answer = assistant.ask("and with Iceland?", history)
    assert answer.abstained, answer.text


def test_a_follow_up_swapping_a_country_leads_with_a_sentence_naming_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    a, b = np.eye(2, dtype=np.float32)
    history = [Turn(role="user", content="How much indium did Canada agree to buy from Norway in 2031?"),
               Turn(role="assistant", content="Up to 40 tonnes a year.")]
    query = analyse("and Iceland?", history)
    assert query.swapped == [("country", "Iceland")], query.from_history
    # the previous answer's sentence, told of the year asked, outscores the one on Iceland
    old = _sentence("pacts", "In 2031 Canada agreed to buy up to 40 tonnes of Norwegian indium a year.", a, 0.70)
    new = _sentence("pacts", "Iceland agreed to buy 12 tonnes of Norwegian indium in 2032.", b, 0.55)
    plan = planner.factoid(query, [old, new])
    assert plan.lead[0] is new, [e.text for e in plan.lead]


# an explainer on one country's steps, one section a step: a list answer tells every one of them
ESTONIA_STEPS = """---
id: what-estonia-is-doing-about-antimony
title: "What is Estonia doing to reduce its reliance on imported antimony?"
kind: explainer
summary: "Estonia relies on imported antimony and has answered with seven steps from loans to a stockpile."
key_points:
  - "Estonia imported nearly all of its antimony in 2024, Example Minerals Review reported.[^emr-ee]"
  - "Estonia's battery makers used 12 tonnes of antimony in 2024, Example Minerals Review said.[^emr-ee]"
  - "Antimony prices in Tallinn rose by a third in 2024, Example Minerals Review said.[^emr-ee]"
""" + _SOURCE.format(key="emr-ee", title="Estonia and antimony") + """minerals: [antimony]
countries: [Estonia, Latvia]
topics: [funding]
---

Estonia imported nearly all of the antimony it used in 2024, Example Minerals Review reported.[^emr-ee]

## A refinery loan

Estonia's state bank lent an antimony refiner 20 million euros in January 2025, Example Minerals Review reported.[^emr-ee]

## A national stockpile

Estonia's government bought 8 tonnes of antimony for a national stockpile in February 2025, Example Minerals Review reported.[^emr-ee]

## A partnership with Latvia

Estonia and Latvia signed an antimony supply partnership in March 2025, Example Minerals Review reported.[^emr-ee]

## A recycling grant

Estonia awarded a battery recycler a grant of 3 million euros in April 2025, Example Minerals Review reported.[^emr-ee]

## A mining permit reform

Estonia's parliament approved a faster permit process for antimony mines in May 2025, Example Minerals Review reported.[^emr-ee]

## A research programme

Estonia launched a research programme on antimony-free battery alloys in June 2025, Example Minerals Review reported.[^emr-ee]

## A price guarantee

Estonia agreed to a floor price for antimony from its first domestic mine in July 2025, Example Minerals Review reported.[^emr-ee]
"""


def test_a_list_framed_by_a_note_tells_each_of_its_sections_up_to_the_item_limit(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.settings import AnswerSettings

    (corpus / "what-estonia-is-doing-about-antimony.md").write_text(ESTONIA_STEPS, encoding="utf-8")
    # (fewer bullets for an explanation than items for a list: the list is not cut to the explanation's count)
    assistant = make_assistant(corpus, answer=AnswerSettings(max_bullets=4, max_items=8))
    assistant.ingest(progress=False)
    answer = assistant.ask("What steps has Estonia taken to reduce its reliance on imported antimony?")
    assert answer.answer_type == "list" and answer.unsupported == []
    told = " ".join(item["text"] for item in _bullets(answer))
    steps = ("lent an antimony refiner", "bought 8 tonnes", "signed an antimony supply partnership",
             "awarded a battery recycler", "approved a faster permit", "launched a research programme",
             "agreed to a floor price")
    assert all(step in told for step in steps), told


def test_a_list_in_a_window_is_told_in_order_of_time(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.settings import AnswerSettings

    head, *sections = ESTONIA_STEPS.split("\n## ")
    shuffled = "\n## ".join([head, *sections[::-1]])  # the note tells its steps latest first
    (corpus / "what-estonia-is-doing-about-antimony.md").write_text(shuffled, encoding="utf-8")
    assistant = make_assistant(corpus, answer=AnswerSettings(max_bullets=4, max_items=8))
    assistant.ingest(progress=False)

    def told_dates(question: str) -> list[tuple[int, int, int]]:
        answer = assistant.ask(question)
        assert answer.answer_type == "list", answer.text
        return [first_date(item["text"]) or (9999, 0, 0) for item in _bullets(answer)]

    since = told_dates("What steps has Estonia taken since 2024 to reduce its reliance on imported antimony?")
    assert len(since) >= 5 and since == sorted(since), since
    # without a window, the note's own order
    plain = told_dates("What steps has Estonia taken to reduce its reliance on imported antimony?")
    assert plain != sorted(plain), plain


def test_a_notes_sections_are_each_told_once_before_any_is_told_twice() -> None:
    import numpy as np

    from assistant.answering.plans.framing import _breadth_first

    def said(heading: str, text: str):  # type: ignore[no-untyped-def]
        e = _sentence("what-latvia-did", text, np.ones(3, dtype=np.float32), 0.5)
        e.hit.metadata["heading"] = heading
        return e

    loan_point = said("A loan", "Latvia lent a refiner 5 million euros in 2025.")
    loan = said("A loan", "The loan runs for ten years.")
    grant = said("A grant", "Latvia gave a recycler a grant in 2025.")
    stock_point = said("A stockpile", "Latvia bought 4 tonnes of antimony in 2025.")
    stock = said("A stockpile", "The stockpile sits in Riga.")
    picks = [loan_point, loan, grant, stock_point, stock]
    assert _breadth_first(picks, 5, summaries=[loan_point, stock_point]) == picks  # all fit
    # three items: each section once, by its key point where one sums it up
    assert _breadth_first(picks, 3, summaries=[loan_point, stock_point]) == [loan_point, grant, stock_point]
    # four: the first section told twice, in the note's order
    assert _breadth_first(picks, 4, summaries=[loan_point, stock_point]) == [loan_point, loan, grant, stock_point]
    # no key points: each section's first sentence
    assert _breadth_first(picks, 3, summaries=[]) == [loan_point, grant, stock_point]


# two explainers: a broad overview of a country's hold on a metal, and one written for a narrower question about
# its export controls
ICELAND_HOLD = """---
id: how-iceland-controls-indium
title: "How does Iceland control the world's indium supply: mines, smelters, quotas and export controls?"
kind: explainer
summary: "Iceland holds indium through its mines, its smelters, its output quotas and its export controls."
key_points:
  - "Iceland mined 70% of the world's indium in 2024, Example Minerals Review reported.[^emr-hold]"
  - "Iceland's smelters refined 85% of the world's indium in 2024, Example Minerals Review said.[^emr-hold]"
  - "Iceland has placed indium and other minerals under export controls from 2023, Example Minerals Review said.[^emr-hold]"
""" + _SOURCE.format(key="emr-hold", title="Iceland and indium") + """minerals: [indium, tellurium, bismuth]
countries: [Iceland]
topics: [export-controls]
---

Iceland controls the world's indium supply through its mines, its smelters and its export controls on minerals, Example Minerals Review reported.[^emr-hold]

## Mines

Iceland mined 70% of the world's indium in 2024, Example Minerals Review reported.[^emr-hold]

## Smelters

Iceland's smelters refined 85% of the world's indium in 2024, Example Minerals Review said.[^emr-hold]

## Output quotas

Iceland's industry ministry set an indium output quota of 900 tonnes for 2024, Example Minerals Review said.[^emr-hold]

## Export controls on minerals from 2023

Iceland has placed indium and other minerals under export controls from 2023, Example Minerals Review said.[^emr-hold]
"""

ICELAND_CONTROLS = """---
id: what-icelands-export-controls-cover
title: "Which minerals has Iceland placed under export controls, and when?"
kind: explainer
summary: "Iceland has put indium, tellurium and bismuth under export licensing, one after another from 2023."
key_points:
  - "Iceland put indium under export licensing on 1 August 2023, Example Minerals Review reported.[^emr-ctl]"
  - "Iceland added tellurium to its export licensing on 1 March 2024, Example Minerals Review reported.[^emr-ctl]"
  - "Iceland added bismuth to its export licensing on 5 February 2025, Example Minerals Review reported.[^emr-ctl]"
""" + _SOURCE.format(key="emr-ctl", title="Iceland's licensing") + """minerals: [indium, tellurium, bismuth]
countries: [Iceland]
topics: [export-controls]
---

Iceland has added one metal after another to its export licensing since 2023, Example Minerals Review reported.[^emr-ctl]

## Indium, August 2023

Iceland put indium under export licensing on 1 August 2023, Example Minerals Review reported.[^emr-ctl]

## Tellurium, March 2024

Iceland added tellurium to its export licensing on 1 March 2024, Example Minerals Review reported.[^emr-ctl]

## Bismuth, February 2025

Iceland added bismuth to its export licensing on 5 February 2025, Example Minerals Review reported.[^emr-ctl]
"""


def test_an_explainer_whose_title_restates_the_question_frames_it_wherever_it_ranked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.settings import AnswerSettings

    (corpus / "how-iceland-controls-indium.md").write_text(ICELAND_HOLD, encoding="utf-8")
    (corpus / "what-icelands-export-controls-cover.md").write_text(ICELAND_CONTROLS, encoding="utf-8")
    question = "Which minerals has Iceland placed under export controls from 2023? List them with dates."
    leads = {}
    # (explainer_rank 0: only the explainer of the first-ranked passage is near by rank; 1.0: no title is close enough)
    for close in (0.8, 1.0):
        assistant = make_assistant(corpus, answer=AnswerSettings(explainer_rank=0, explainer_title_close=close))
        assistant.ingest(progress=False)
        answer = assistant.ask(question)
        assert not answer.abstained and answer.unsupported == []
        leads[close] = answer.text.split("\n")[0]
    assert "one metal after another" in leads[0.8], leads[0.8]
    assert "one metal after another" not in leads[1.0], leads[1.0]


def test_a_compound_question_on_two_aspects_of_an_explainer_is_framed_by_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.settings import AnswerSettings

    def explainer(title: str, heading: str, text: str):  # type: ignore[no-untyped-def]
        e = _sentence("why-norway-worries-about-tellurium", text, np.ones(3, dtype=np.float32) / 3 ** 0.5, 0.6)
        e.hit.metadata.update({"kind": "explainer", "title": title, "heading": heading,
                               "summary": "Norway buys most of its tellurium from Iceland."})
        return e

    title = "Why Norway worries about its tellurium supply and keeps no stockpile"
    evidence = [explainer(title, "", "Norway worries about tellurium because Iceland refines most of it."),
                explainer(title, "Stockpiles", "Norway's government held no tellurium stockpile at the end of 2024.")]
    picked = {}
    for one_part in (False, True):
        question = "Why does Norway worry about its tellurium supply" + ("?" if one_part else
                                                                        ", and why has it no stockpile?")
        query = analyse(question)
        assert len(query.parts) == (1 if one_part else 2)
        # (margin -1: the question counts as closer to one of the note's headings than to its title, so a one-part
        # question about it is answered from all the notes)
        for close in (0.0, 1.0):  # framing_title_min: the title is / is not close enough
            planner = make_assistant(corpus, answer=AnswerSettings(explainer_title_margin=-1.0,
                                                                   framing_title_min=close)).answerer.planner
            vector = np.asarray(planner.embed(question), dtype=np.float32)
            picked[one_part, close] = planner._best_explainer(evidence, vector, query)
    assert picked[False, 0.0] == "why-norway-worries-about-tellurium"  # two parts, a close title: it frames
    assert picked[False, 1.0] is None and picked[True, 0.0] is None and picked[True, 1.0] is None, picked


# a note on two metals: its sentences on one of them alone are off the subject of a question on the other
TWO_METALS = """---
id: iceland-indium-and-tellurium-refining
title: "Iceland's indium and tellurium refiners: shares, exports and buyers"
kind: policy-note
summary: "Iceland refines much of the world's indium and tellurium and sells both to panel makers in Europe."
key_points:
  - "Iceland refined 40% of the world's indium in 2024, Example Minerals Review reported.[^emr-two]"
  - "Iceland refined 30% of the world's tellurium in 2024, Example Minerals Review reported.[^emr-two]"
  - "Iceland's refiners sold most of their output to panel makers in Europe, Example Minerals Review said.[^emr-two]"
""" + _SOURCE.format(key="emr-two", title="Iceland's two metals") + """minerals: [indium, tellurium]
countries: [Iceland]
topics: [supply-chain]
---

Iceland refines much of the world's indium and tellurium, and panel makers in Europe depend on both, Example Minerals Review reported.[^emr-two]

## Refining shares

Iceland's refiners produced 40% of the world's refined indium in 2024, Example Minerals Review reported.[^emr-two]

Iceland's refiners produced 30% of the world's refined tellurium in 2024, Example Minerals Review reported.[^emr-two]

## Exports

Iceland's refined indium exports rose by a tenth in 2024 as screen makers bought more, Example Minerals Review said.[^emr-two]

Iceland's refined tellurium exports fell by a fifth in 2024 as solar panel demand slowed, Example Minerals Review said.[^emr-two]

## Buyers

Screen makers in Portugal bought half of Iceland's refined indium in 2024, Example Minerals Review reported.[^emr-two]

Solar panel makers in Norway bought most of Iceland's refined tellurium in 2024, Example Minerals Review reported.[^emr-two]
"""


def test_a_broad_answer_on_one_mineral_leaves_out_sentences_on_another_alone(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.lexicon import minerals_named

    assistant = _assistant_with(make_assistant, corpus, "iceland-indium-and-tellurium-refining", TWO_METALS)
    answer = assistant.ask("Why does Iceland's indium refining matter, and who buys the refined indium?")
    assert not answer.abstained and answer.unsupported == []
    said = [s.text for s in answer.sentences]
    assert any("indium" in text for text in said), said
    # (the note lists indium too, but a sentence naming tellurium alone is about tellurium)
    assert not [text for text in said if minerals_named(text) == {"tellurium"}], said


# Canada and tellurium together, and no word of Canada buying tellurium from anyone
CANADA_TELLURIUM = """---
id: canada-tellurium-mines
title: "Canada's tellurium mines and refiners"
kind: policy-note
summary: "Canada mines tellurium as a by-product of copper and refines it at two plants in Quebec."
key_points:
  - "Canada produced 60 tonnes of tellurium in 2030 as a by-product of copper refining, Example Minerals Review said.[^emr-cte]"
  - "Two Quebec refiners turned out most of Canada's tellurium in 2030, Example Minerals Review reported.[^emr-cte]"
  - "Canada's tellurium output rose by a tenth between 2028 and 2030, Example Minerals Review said.[^emr-cte]"
""" + _SOURCE.format(key="emr-cte", title="Canada's tellurium") + """minerals: [tellurium, copper]
countries: [Canada]
topics: [supply-chain]
---

## Output

Canada produced 60 tonnes of tellurium in 2030, all of it recovered from the slimes left by copper refining, Example
Minerals Review said.[^emr-cte] Its output rose by a tenth between 2028 and 2030 as two copper refineries added
recovery circuits, the review found.[^emr-cte]

## Refiners

Two refiners in Quebec turned out most of Canada's tellurium in 2030, Example Minerals Review reported, and both
sell it to makers of thin-film solar panels and thermoelectric coolers.[^emr-cte] The review said neither plant had
announced plans to expand, because tellurium prices were flat through 2030 and the by-product supply cannot be
raised without more copper refining.[^emr-cte]
"""


def test_a_factoid_naming_a_mineral_is_not_answered_by_sentences_on_others(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # (the pact's note names tellurium once, in passing, so the names asked do stand together in one passage)
    pacts = INDIUM_PACTS.replace("## Prices under the pact", "Norway's smelters also recover small amounts of "
                                 "tellurium, which they sell in Sweden, the review said.[^emr-pact]\n\n"
                                 "## Prices under the pact")
    (corpus / "canada-tellurium-mines.md").write_text(CANADA_TELLURIUM, encoding="utf-8")
    assistant = _pacts_assistant(make_assistant, corpus, pacts)
    first = "How much indium will Canada buy from Norway under the pact?"
    assert "40 tonnes" in assistant.ask(first).text
    history = [Turn(role="user", content=first),
               Turn(role="assistant", content="Up to 40 tonnes of Norwegian indium a year, Example Minerals Review said.")]
    # the notes tell of tellurium, but never of Canada buying any: the indium sentences answer another question
    answer = assistant.ask("and how much tellurium will it buy from them?", history)
    assert answer.abstained and answer.abstain_reason == "weak_evidence", answer.text


# Portugal's purchases told as tonnes and their changes, never as a share of anything
PORTUGAL_PURCHASES = """---
id: portugal-indium-purchases
title: "Portugal's indium purchases from Iceland"
kind: policy-note
summary: "Portugal's screen makers bought more Icelandic indium in 2030 than in 2029."
key_points:
  - "Portugal bought 40 tonnes of indium from Iceland in 2030, up 12% on 2029, Example Minerals Review reported.[^emr-pt]"
  - "Portugal's indium purchases from Iceland fell 5% in 2029, Example Minerals Review reported.[^emr-pt]"
  - "Two screen makers in Lisbon bought the Icelandic indium, Example Minerals Review said.[^emr-pt]"
""" + _SOURCE.format(key="emr-pt", title="Portugal's indium purchases") + """minerals: [indium]
countries: [Portugal, Iceland]
topics: [trade]
---

## Purchases by year

Portugal bought 40 tonnes of indium from Iceland in 2030, up 12% on 2029, Example Minerals Review reported.[^emr-pt]

Portugal's indium purchases from Iceland fell 5% in 2029 to about 36 tonnes, Example Minerals Review reported.[^emr-pt]

## Buyers

Two screen makers in Lisbon took the Icelandic indium, Example Minerals Review said, and both plan new coating lines
in 2031 that would need more of it.[^emr-pt] The review said Portugal has no indium smelter of its own and imports
the indium its factories use from Iceland and Norway.[^emr-pt]
"""


def test_a_share_asked_is_not_answered_by_tonnes_and_their_changes(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.figures import states_share

    assert states_share("Acme made 94% of the world's magnets.") and states_share("Acme holds about a third of it.")
    assert not states_share("Exports: 280; Change: -8% from November; +31.4% year on year")
    assert not states_share("Exports rose 12% in May, and imports fell by 5% to 3,000 tonnes.")
    assistant = _assistant_with(make_assistant, corpus, "portugal-indium-purchases", PORTUGAL_PURCHASES)
    assert "40 tonnes" in assistant.ask("How much indium did Portugal buy from Iceland in 2030?").text
    # the notes give tonnes and a 12% rise, no share of Iceland's exports
    answer = assistant.ask("What share of Iceland's indium exports went to Portugal in 2030?")
    assert answer.abstained and "share" in answer.text, answer.text


def test_a_bullet_is_deepened_with_news_not_with_its_own_point_reworded(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.plans import Item

    planner = make_assistant(corpus).answerer.planner
    near = np.array([0.7, 0.714, 0.0], dtype=np.float32)  # cosine 0.7 with the bullet: on its subject, not a copy
    bullet = _sentence("latvia-rules", "Latvia's March rules covered indium, tellurium and bismuth in metal and oxide "
                       "forms, Example Minerals Review said.", np.array([1.0, 0.0, 0.0], dtype=np.float32), 0.9)
    reworded = _sentence("latvia-rules", "Latvia's March rules applied to the metals and oxides of indium, tellurium "
                         "and bismuth, Example Minerals Review reported.", near, 0.85)
    news = _sentence("latvia-rules", "Latvia's March rules also required exporters to name every foreign buyer "
                     "before shipping.", near, 0.6)
    dated = _sentence("latvia-rules", "Latvia's rules on indium, tellurium and bismuth took effect on 3 May 2031.",
                      near, 0.8)
    for position, e in enumerate([bullet, reworded, news, dated]):
        e.position, e.semantic = position, e.score
    items = [Item(bullet)]
    planner._deepen([], items, [bullet, reworded, dated])
    assert items[0].extra == [dated]  # the day it began is news, though its other words are the bullet's
    items = [Item(bullet)]
    planner._deepen([], items, [bullet, reworded, news])
    assert items[0].extra == [news]  # not the more relevant rewording of the bullet's own point
    # a new point told of the same subject (its names and the words around them shared) is news too
    targets = _sentence("latvia-rules", "Latvia's March rules on indium also covered sputtering targets for coatings.",
                        near, 0.85)
    targets.position, targets.semantic = 4, targets.score
    items = [Item(bullet)]
    planner._deepen([], items, [bullet, targets])
    assert items[0].extra == [targets]


def test_what_a_name_is_gets_the_sentence_that_says_what_it_is_first(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    question = "What is the Metals Security Pact?"
    query = analyse(question)
    assert query.qtype is QType.FACTOID and question_type(question) is QType.FACTOID  # a name, not a list of metals
    planner = make_assistant(corpus).answerer.planner
    members, meetings, founded = np.eye(3, dtype=np.float32)
    evidence = [
        _sentence("pact", "The Metals Security Pact had six members in 2023 and eleven in 2025.", members, 0.80),
        _sentence("pact", "The Metals Security Pact met in Oslo in March 2025 and in Lisbon in October 2025.",
                  meetings, 0.78),
        _sentence("pact", "Norway founded the Metals Security Pact, a club of indium-importing countries, in 2023.",
                  founded, 0.70),
    ]
    plan = planner.factoid(query, evidence)
    assert plan.lead[0] is evidence[2], [e.text for e in plan.lead]
    # ... and so does a compound question opening with it
    compound = analyse("What is the Metals Security Pact and who runs it?")
    assert compound.defines == "Metals Security Pact" and len(compound.parts) == 2
    plan = planner.factoid(compound, evidence)
    assert plan.lead[0] is evidence[2], [e.text for e in plan.lead]
    assert analyse("Who runs the Metals Security Pact and what is it for?").defines == ""


def test_what_says_what_a_name_is() -> None:
    from assistant.answering.plans.factoid import defines
    from assistant.answering.query import defined_term

    assert defined_term("What is the Granite Metals Partnership?") == "Granite Metals Partnership"
    assert defined_term("what's GMP") == "GMP"
    assert defined_term("What is the price of indium?") == ""  # asks for a figure
    assert defines("Ministers founded the Granite Metals Partnership, a club of importers, in 2023.",
                   "Granite Metals Partnership")
    assert defines("Ministers founded the Granite Metals Partnership (GMP) in 2023.", "GMP")
    assert defines("The GMP is an indium buyers' club.", "GMP")
    assert not defines("Norway left the Granite Metals Partnership, the ministry said in 2025.",
                       "Granite Metals Partnership")  # an attribution, not an apposition


def test_a_name_asked_about_with_no_sentence_saying_what_it_is_is_led_by_one_telling_whose_it_is(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.plans.factoid import of_country

    assert of_country("The plant of Norway's Fjord Metals opened in 2021.", "Fjord Metals")
    assert of_country("The Norwegian indium refiner Fjord Metals hired 200 staff.", "Fjord Metals")
    assert not of_country("Norway renewed Fjord Metals' licence in 2024.", "Fjord Metals")  # a verb between
    assert not of_country("Norway's licence for Fjord Metals ran out.", "Fjord Metals")  # a function word between

    planner = make_assistant(corpus).answerer.planner
    news, whose = np.eye(2, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("fjord", "Example Minerals Review reported in 2025 that Fjord Metals was negotiating an "
                                   "indium offtake.", news, 0.80),
                _sentence("fjord", "The plant of Norway's Fjord Metals has refined indium since 2012, Example "
                                   "Minerals Review said.", whose, 0.75)]

    assert _factoid_lead(planner, evidence, "Who is Fjord Metals?") == 1
    assert _factoid_lead(planner, evidence, "Is Fjord Metals negotiating an offtake?") == 0  # not asked what it is


def test_how_much_a_producer_makes_is_led_by_an_output_not_a_sum(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    grant, output, share = np.eye(3, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("fjord", "Norway granted Fjord Metals 40 million euros for its indium plant in 2024.",
                          grant, 0.80),
                _sentence("fjord", "Fjord Metals refined 120 tonnes of indium in 2025, Example Minerals Review "
                                   "said.", output, 0.74),
                _sentence("fjord", "Fjord Metals refined 12% of the world's indium in 2025.", share, 0.70)]

    assert _factoid_lead(planner, evidence, "How much indium does Fjord Metals refine?") == 1
    # "how much of" asks for a share, and a sum by what was paid: the best sentence stays first
    assert _factoid_lead(planner, evidence, "How much was Fjord Metals granted?") == 0


def test_a_factoid_on_a_country_is_not_led_by_another_countrys_figure(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    norway, portugal, world = np.eye(3, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("indium-output", "Norway mined only 20 tonnes of indium in 2024, Example Minerals Review said.",
                          norway, 0.80),
                _sentence("indium-output", "World indium mine output reached 900 tonnes in 2024.", world, 0.78),
                _sentence("indium-output", "Portugal mined 130 tonnes of indium in 2024, down from 160 tonnes.",
                          portugal, 0.70)]

    assert _factoid_lead(planner, evidence, "How much indium did Portugal mine in 2024?") == 2
    # a question whose answer is a country keeps the best sentence first
    assert _factoid_lead(planner, evidence, "Which country mined the most indium after Portugal in 2024?") == 0


def test_a_factoid_on_a_country_and_a_year_is_led_by_that_years_figure(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    norway, later, portugal = np.eye(3, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("indium-output", "Norway mined only 20 tonnes of indium in 2024, Example Minerals Review said.",
                          norway, 0.80),
                _sentence("indium-output", "A review published in March 2026 put 2025 world indium output at 900 "
                                           "tonnes, with Portugal at 12%.", later, 0.75),
                _sentence("indium-output", "Portugal mined 130 tonnes of indium in 2024, down from 160 tonnes.",
                          portugal, 0.70)]

    # the best sentence naming Portugal tells of 2025; the one telling of the year asked leads
    assert _factoid_lead(planner, evidence, "How much indium did Portugal mine in 2024?") == 2
    # asked of no year, the best sentence naming Portugal leads
    assert _factoid_lead(planner, evidence, "How much indium does Portugal mine?") == 1


def test_a_question_asking_who_in_a_country_is_led_by_a_sentence_on_that_country(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    other, home = np.eye(2, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("indium-refiners", "Acme Metals' Lima plant was built to refine 90 tonnes of indium a year, "
                                             "Example Minerals Review said.", other, 0.80),
                _sentence("indium-refiners", "Portugal's indium scheme backs two refiners near Porto, Example Minerals "
                                             "Review said.", home, 0.75)]

    # who within Portugal: the sentence on Portugal leads, not a plant in Peru that happens to score higher
    assert _factoid_lead(planner, evidence, "Who refines indium in Portugal?") == 1
    # who compared with Portugal asks for another country: the best sentence stays first
    assert _factoid_lead(planner, evidence, "Who refines more indium than Portugal?") == 0


ICELAND_DEALS = """---
id: iceland-indium-agreements
title: "Iceland's bilateral indium agreements, 2024-2026: partners, dates and terms"
kind: data-note
summary: "Iceland signed indium agreements with five partners between 2024 and 2026."
key_points:
  - "Iceland signed indium supply agreements with Norway, Portugal, Chile, Peru and Kenya between 2024 and 2026, Example Minerals Review reported.[^emr-deals]"
  - "Iceland's export credit agency backed its Portuguese agreement with 40 million euros, Example Minerals Review said.[^emr-deals]"
  - "Most of Iceland's indium agreements are memorandums of understanding, Example Minerals Review said.[^emr-deals]"
""" + _SOURCE.format(key="emr-deals", title="Iceland indium agreements") + """minerals: [indium]
countries: [Iceland, Norway, Portugal, Chile, Peru, Kenya]
topics: [trade-deals]
---

## Iceland's bilateral indium agreements

| Partner | Date | Instrument | Terms | Source | Year |
|---|---|---|---|---|---|
| Norway | 3 March 2024 | Memorandum of understanding | Joint indium stockpile with Iceland | [^emr-deals] | 2024 |
| Portugal (Iceland Export Credit) | 9 June 2024 | Loan guarantee | 40 million euros for a smelter | [^emr-deals] | 2024 |
| Chile | 14 January 2025 | Memorandum of understanding | Exploration cooperation | [^emr-deals] | 2025 |
| Peru | 2 May 2025 | Framework | Offtake for Iceland's refiners | [^emr-deals] | 2025 |
| Kenya | 20 February 2026 | Memorandum of understanding | Recycling cooperation | [^emr-deals] | 2026 |
"""


def _table_of(make_assistant, corpus: Path, note_id: str, note: str, question: str):  # type: ignore[no-untyped-def]
    """The table block of the answer to ``question`` over the fixture corpus with one more note (asserted present)."""
    (corpus / f"{note_id}.md").write_text(note, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask(question)
    table = next((b for b in answer.blocks if b["type"] == "table"), None)
    assert table is not None, answer.text
    return assistant, table


def test_which_countries_a_country_signed_with_are_its_agreement_tables_partners(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    _, table = _table_of(make_assistant, corpus, "iceland-indium-agreements", ICELAND_DEALS,
                         "Which countries has Iceland signed indium agreements with?")
    partners = [row["cells"][0] for row in table["rows"]]
    # every partner's row, not only those whose cells name Iceland again
    assert {"Norway", "Chile", "Peru", "Kenya"} <= set(partners), partners


ICELAND_SPENDING = """---
id: iceland-indium-spending
title: "Iceland's domestic indium deals, 2024-2026: grants and stakes"
kind: data-note
summary: "Iceland's government funded indium refiners and smelters between 2024 and 2026."
key_points:
  - "Iceland's government put 25 million euros into indium refiners between 2024 and 2026, Example Minerals Review said.[^emr-spend]"
  - "Iceland's largest indium grant, 10 million euros, went to a refinery in April 2024, Example Minerals Review said.[^emr-spend]"
  - "Iceland took an equity stake in an indium smelter in August 2025, Example Minerals Review reported.[^emr-spend]"
""" + _SOURCE.format(key="emr-spend", title="Iceland indium spending") + """minerals: [indium]
countries: [Iceland]
topics: [funding]
---

## Iceland's indium spending

| Date | Recipient | Amount | Instrument | Source | Year |
|---|---|---|---|---|---|
| 5 April 2024 | Iceland government → Reykjanes Indium | 10 million euros | Grant deal for an indium refinery | [^emr-spend] | 2024 |
| 8 August 2025 | Iceland government → Fjord Smelting | 15 million euros | Equity deal in an indium smelter | [^emr-spend] | 2025 |
| 2 March 2026 | Iceland government → Hekla Metals | 5 million euros | Offtake deal for indium | [^emr-spend] | 2026 |
"""


NORWAY_SHARES = """---
id: norway-metal-shares
title: "Norway's share of the minor metals, and the metals it restricted in 2030"
kind: data-note
summary: "Norway refines most of the world's indium and tellurium, and restricted exports of two metals in 2030."
key_points:
  - "Norway refined 70% of all indium mined worldwide in 2030, Example Minerals Review said.[^emr-shares]"
  - "Norway put tellurium exports under licence in March 2030, Example Minerals Review reported.[^emr-shares]"
  - "Norway banned bismuth exports to Peru in June 2030, Example Minerals Review reported.[^emr-shares]"
""" + _SOURCE.format(key="emr-shares", title="Norway metal shares") + """minerals: [indium, tellurium, bismuth, selenium]
countries: [Norway]
topics: [china-share]
---

## Norway's share by metal

| Mineral | Norway's share | Year | Source |
|---|---|---|---|
| Indium | 70% | 2030 | [^emr-shares] |
| Tellurium | 55% | 2030 | [^emr-shares] |
| Bismuth | 40% | 2030 | [^emr-shares] |
| Selenium | 30% | 2030 | [^emr-shares] |

## Restrictions

Norway put tellurium exports under licence in March 2030 and banned bismuth exports to Peru in June 2030, Example
Minerals Review reported.[^emr-shares]
"""


def test_a_ranking_column_is_not_asked_for_by_the_name_in_its_header(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # "Norway's share" is a column of shares: "which metals did Norway restrict?" asks no ranking by it
    assistant = _assistant_with(make_assistant, corpus, "norway-metal-shares", NORWAY_SHARES)
    answer = assistant.ask("Which metals did Norway restrict in 2030?")
    tables = [b for b in answer.blocks if b["type"] == "table"]
    assert not any("Norway's share" in t["columns"] for t in tables), answer.text
    ranked = assistant.ask("Which metals have the largest share refined by Norway?")
    assert any("Norway's share" in t["columns"] for t in ranked.blocks if t["type"] == "table"), ranked.text


def test_a_table_of_the_subjects_own_spending_does_not_hide_its_partners(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # rows of another table naming the subject and no other country are no grouping's own rows
    (corpus / "iceland-indium-spending.md").write_text(ICELAND_SPENDING, encoding="utf-8")
    _, table = _table_of(make_assistant, corpus, "iceland-indium-agreements", ICELAND_DEALS,
                         "Which countries has Iceland made indium deals with since 2024?")
    partners = {row["cells"][0].split(" (")[0] for row in table["rows"]}
    assert {"Norway", "Portugal", "Chile", "Peru", "Kenya"} <= partners, partners


@pytest.mark.parametrize(("question", "wanted"), [
    ("Which countries did Iceland sign indium agreements with in 2025?", {"Chile", "Peru"}),
    # a month that opens a window is no month asked about: the rows from its year on
    ("Which countries has Iceland signed indium agreements with since June 2024?", {"Portugal", "Chile", "Peru",
                                                                                    "Kenya"}),
])
def test_a_list_from_a_table_keeps_the_rows_of_the_time_asked(make_assistant, corpus: Path, question: str,
                                                              wanted: set[str]) -> None:
    _, table = _table_of(make_assistant, corpus, "iceland-indium-agreements", ICELAND_DEALS, question)
    partners = {row["cells"][0].split(" (")[0] for row in table["rows"]}
    assert partners == wanted, partners


def test_a_list_from_a_table_keeps_the_rows_of_the_month_asked() -> None:
    from assistant.answering.plans.listing import ListPlan
    from assistant.answering.tables import Row, Table
    from assistant.types import Hit

    columns = ["Partner", "Date", "Instrument", "Year"]
    table = Table(Hit("deals#0", "deals", "", {}, 1.0), columns, [
        Row(["Norway", "3 March 2024", "Memorandum", "2024"], 0), Row(["Portugal", "9 June 2024", "Loan", "2024"], 1),
        Row(["Chile", "14 January 2025", "Memorandum", "2025"], 2)])
    pairs = [(row, None) for row in table.rows]
    closeness, kept = ListPlan._of_time(analyse("Which deals did Iceland sign on 3 March 2024?"), table, pairs)  # type: ignore[arg-type]
    assert closeness == 1 and [r.cells[0] for r, _ in kept] == ["Norway"]
    closeness, kept = ListPlan._of_time(analyse("Which deals did Iceland sign in 2024?"), table, pairs)  # type: ignore[arg-type]
    assert closeness == 0 and [r.cells[0] for r, _ in kept] == ["Norway", "Portugal"]
    # a month that closes a window is no month asked about: the rows up to it (a row's own date, where it has one)
    closeness, kept = ListPlan._of_time(analyse("Which deals did Iceland sign until May 2024?"), table, pairs)  # type: ignore[arg-type]
    assert closeness == 0 and [r.cells[0] for r, _ in kept] == ["Norway"]


def test_a_list_from_a_table_keeps_the_rows_whose_own_cells_tell_of_the_year_asked() -> None:
    from assistant.answering.plans.listing import ListPlan
    from assistant.answering.tables import Row, Table
    from assistant.types import Hit

    # the Year column is when the source spoke; the Joined column tells when each member joined
    table = Table(Hit("pact#0", "pact", "", {}, 1.0), ["Member", "Joined", "Source", "Year"], [
        Row(["Norway", "June 2023", "[1]", "2025"], 0), Row(["Portugal", "2024 (founding)", "[1] (2023 review)", "2025"], 1),
        Row(["Chile", "March 2025", "[2]", "2025"], 2)])
    pairs = [(row, None) for row in table.rows]
    _, kept = ListPlan._of_time(analyse("Which countries joined the pact in 2023?"), table, pairs)  # type: ignore[arg-type]
    assert [r.cells[0] for r, _ in kept] == ["Norway"]  # (not Portugal: its source's cell is no cell of its own)
    _, kept = ListPlan._of_time(analyse("Which countries joined the pact in 2025?"), table, pairs)  # type: ignore[arg-type]
    assert [r.cells[0] for r, _ in kept] == ["Norway", "Portugal", "Chile"]  # (the Year column still counts)


def test_a_factoid_on_a_year_leads_with_a_close_sentence_telling_of_that_year(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    later, spoke, asked = np.eye(3, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("indium-output", "Norway mined 90 tonnes of indium in 2031.", later, 0.80),
                # the year its source spoke, or its document's number, is not the year it tells of
                _sentence("indium-output", "Example Minerals Review said in 2029 that Norway's mines were old.",
                          spoke, 0.75),
                _sentence("indium-output", "Fact Sheet 2029-3078 covers Norway's indium mines.", spoke, 0.74),
                _sentence("indium-output", "Norway's indium output was 40 tonnes in 2029.", asked, 0.60)]

    assert _factoid_lead(planner, evidence, "How much indium did Norway mine in 2029?") == 3
    # a year the question gives its source is no year it asks about
    assert _factoid_lead(planner, evidence, "How much indium did Norway mine, according to the review in 2029?") == 0


def test_a_rows_amount_under_a_bracketed_mass_unit_is_a_mass() -> None:
    from assistant.figures import states_measure

    assert states_measure("Indium output: Country: Norway; Mine output (t REO): 40; Year: 2031", "mass")
    assert not states_measure("Indium output: Country: Norway; Mine output (t REO): n/a; Year: 2031", "mass")
    assert not states_measure("Norway's miners don't say; Year: 2031", "mass")


def test_a_documents_number_and_a_span_of_years() -> None:
    from assistant.figures import told_years

    assert told_years("Fact Sheet 2031-3078 says Norway mined 10 tonnes of indium.") == set()
    assert told_years("Mines opened in 2028-2031 took 17 years.") == {"2028", "2031"}


INDIUM_MINING = """---
id: indium-mining-by-country
title: "Indium mine output by country, 2029-2030"
kind: data-note
summary: "Indium mine output by country in 2029, and Norway's output in 2030 with a revision."
key_points:
  - "Norway mined more indium than any other country in 2029, Example Minerals Review reported.[^emr-in]"
  - "Chile was the second-largest indium miner in 2029, Example Minerals Review said.[^emr-in]"
  - "Example Minerals Review revised Norway's 2030 indium output upwards.[^emr-in]"
""" + _SOURCE.format(key="emr-in", title="Indium mining") + """minerals: [indium]
countries: [Norway, Chile, Peru]
topics: [mining]
---

## Indium mine output by country

| Country | Mine output (t) | Source | Year |
|---|---|---|---|
| Norway | 500 | [^emr-in] | 2029 |
| Chile | 300 | [^emr-in] | 2029 |
| Peru | 100 | [^emr-in] | 2029 |
| Norway | 600 | [^emr-in] | 2030 |
| Norway (revised) | 650 | [^emr-in] | 2030 |
"""


def test_a_ranking_ranks_three_or_more_things_of_the_year_asked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant, table = _table_of(make_assistant, corpus, "indium-mining-by-country", INDIUM_MINING,
                                 "Which countries mined the most indium in 2029?")
    assert [row["cells"][0] for row in table["rows"]] == ["Norway", "Chile", "Peru"], table["rows"]
    # the latest year holds two estimates for one country: that ranks nothing
    answer = assistant.ask("Which countries mined the most indium in 2030?")
    tables = [b for b in answer.blocks if b["type"] == "table"]
    assert not tables or len({row["cells"][0].split(" (")[0] for row in tables[0]["rows"]}) > 1, answer.text


def test_the_years_before_a_trend_table_are_told_by_sentences_on_what_it_measures(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.plans import event_year

    planner = make_assistant(corpus).answerer.planner
    price, exports, record = np.eye(3, dtype=np.float32)
    pool = [_sentence("indium-prices", "The indium price averaged US$300 per kilogram in 2016, Example Minerals Review said.",
                      price, 0.6),
            _sentence("indium-trade", "Iceland exported 900 tonnes of indium in 2017, Example Minerals Review said.",
                      exports, 0.7),
            # a record's reference point is not the year it tells of: this is 2031's news, not 2018's
            _sentence("indium-trade", "Indium prices hit US$700 per kilogram in May 2031, the highest since June 2018.",
                      record, 0.65)]
    assert event_year(pool[2].text) == 2031
    query = analyse("How have indium prices moved since 2015?")
    measured = set(planner.tokens("Price")) - planner._generic_tokens
    items = planner._before(query, pool, [], 2024, measured)
    assert [item.evidence for item in items] == [pool[0]], [item.evidence.text for item in items]
    assert {item.evidence.doc_id for item in planner._before(query, pool, [], 2024)} == {"indium-prices", "indium-trade"}


def test_a_when_question_leads_with_a_close_sentence_that_tells_a_time(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    status, dated = np.eye(2, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        # the best sentence gives only the date its source spoke
        return [_sentence("indium-ban", "Example Minerals Review said in May 2031 that Norway's indium ban still held.",
                          status, 0.80),
                _sentence("indium-ban", "Norway banned indium exports to Peru on 3 March 2029.", dated, 0.70)]

    assert _factoid_lead(planner, evidence, "When did Norway ban indium exports to Peru?") == 1
    assert _factoid_lead(planner, evidence, "In which year did Norway ban indium exports to Peru?") == 1
    # a question that asks no time keeps the best sentence first
    assert _factoid_lead(planner, evidence, "Does Norway still ban indium exports to Peru?") == 0


def test_a_years_figure_asked_for_a_country_leads_with_that_countrys(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    later, other, asked = np.eye(3, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("indium", "A 2032 review put Norway and Peru at 40% of world indium output in 2031.", later,
                          0.80),
                _sentence("indium", "Peru mined 90 tonnes of indium in 2029.", other, 0.79),
                _sentence("indium", "Norway mined 40 tonnes of indium in 2029, up from 30 in 2028.", asked, 0.72)]

    # the best sentence tells of other years; of those telling of 2029, Norway's, not Peru's
    assert _factoid_lead(planner, evidence, "How many tonnes of indium did Norway mine in 2029?") == 2


def test_when_what_the_questions_subject_announced_dates_the_event(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    announced, later = np.eye(2, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("acme", "Acme Metals announced on 2 May 2030 that it had poured its first indium in "
                                  "Norway, Example Minerals Review reported.", announced, 0.80),
                _sentence("acme", "Acme Metals poured 9 tonnes of indium in Norway in July-September 2030, Example "
                                  "Minerals Review said.", later, 0.70)]

    # Acme's own announcement tells when it began; a review's report of it would not
    assert _factoid_lead(planner, evidence, "When did Acme Metals start pouring indium in Norway?") == 0


def test_a_swapped_in_name_leads_with_a_sentence_naming_it_any_way_stating_the_figure_asked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    worth, old, asked = np.eye(3, dtype=np.float32)
    history = [Turn(role="user", content="How many tonnes of indium did Norway mine in 2029?"),
               Turn(role="assistant", content="Norway mined 40 tonnes of indium in 2029.")]
    query = analyse("and the US?", history)
    # "the US" is the United States, however a sentence names it
    assert query.swapped == [("country", "United States")], query.swapped
    evidence = [
        # names the country, but states the worth of its output, not the tonnes asked for
        _sentence("indium", "US indium output in 2029 was valued at US$9 million.", worth, 0.70),
        # states tonnes, but of other years
        _sentence("indium", "US indium mine output fell from 20 tonnes in 1994 to zero in 2004.", old, 0.65),
        _sentence("indium", "The United States mined 12 tonnes of indium in 2029.", asked, 0.60)]
    plan = planner.factoid(query, evidence)
    assert plan.lead[0] is evidence[2], [e.text for e in plan.lead]


def test_a_factoid_asking_a_kind_of_figure_leads_with_a_close_sentence_stating_one(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    worth, mass = np.eye(2, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("indium", "Norway's indium output in 2029 was valued at US$9 million.", worth, 0.70),
                _sentence("indium", "Norway mined 40 tonnes of indium in 2029.", mass, 0.62)]

    assert _factoid_lead(planner, evidence, "How many tonnes of indium did Norway mine in 2029?") == 1
    assert _factoid_lead(planner, evidence, "How much was Norway's indium output worth in US$ in 2029?") == 0
    # an amount of money asked by its verb
    assert _factoid_lead(planner, evidence, "How much was Norway's 2029 indium output worth?") == 0
    from assistant.figures import measure_asked
    assert [measure_asked(q) for q in ("How much did Norway lend to Acme?", "How much indium did Norway mine?",
                                       "How much is the deal worth?")] == ["money", "", "money"]


def test_an_explainer_does_not_frame_when_retrievals_first_note_is_titled_closer(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.settings import AnswerSettings

    # (any title close enough for an explainer to frame: the test is about the closer note)
    planner = make_assistant(corpus, answer=AnswerSettings(explainer_title_min=0.0)).answerer.planner
    question = "What are the pollution problems of tellurium refining in Norway?"
    vector = np.asarray(planner.embed(question), dtype=np.float32)
    axis = np.ones(3, dtype=np.float32) / 3 ** 0.5

    def note(doc: str, kind: str, title: str, rank: int):  # type: ignore[no-untyped-def]
        e = _sentence(doc, f"Norway's tellurium refiners ({doc}) are discussed here.", axis, 0.6)
        e.hit.metadata.update({"kind": kind, "title": title, "heading": "", "summary": "Norway refines tellurium."})
        e.hit_rank = rank
        return e

    explainer = note("why-norway-recycles-little-tellurium", "explainer",
                     "Why Norway recycles so little tellurium from old solar panels", 1)
    closer = note("norway-refining-pollution", "policy-note",
                  "Pollution problems of tellurium refining in Norway: slag, spills and permits", 0)
    title_of = {e.doc_id: float(np.dot(planner._title_vector(e.hit.metadata["title"]), vector))
                for e in (explainer, closer)}
    assert title_of[closer.doc_id] > title_of[explainer.doc_id] + 0.05, title_of  # (the premise of the test)
    # the explainer frames alone, but not when retrieval ranked first a note titled closer to the question
    assert planner._best_explainer([explainer], vector, analyse(question)) == explainer.doc_id
    assert planner._best_explainer([closer, explainer], vector, analyse(question)) is None


def test_a_sentence_naming_an_organisation_in_full_answers_a_question_using_its_short_name(
        make_assistant, corpus: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"the Pentagon" in a question and "the Department of Defense" in a note are one body: the sentence that answers
    leads, not one that only shares the short name."""
    from assistant.types import Hit

    answerer = make_assistant(corpus).answerer
    question = "How much had the Pentagon lent the magnet maker?"
    texts = ["Pentagon officials toured the magnet maker's US$90 million plant in 2024, Example Review reported.",
             "The Department of Defense lent the magnet maker US$40 million in 2024 for its new plant, Example Review "
             "reported."]
    vectors = embedder.embed_documents(texts)
    hits = [Hit(f"magnet-maker#{i}", "magnet-maker", text,
                {"title": "A magnet maker", "kind": "policy-note", "heading": "Financing", "n_sentences": 1}, 1.0)
            for i, text in enumerate(texts)]
    sentences = {f"magnet-maker#{i}:0": (text, vector)
                 for i, (text, vector) in enumerate(zip(texts, vectors, strict=True))}
    answer = answerer.compose(analyse(question), hits, sentences, embedder.embed_query(question), searched="",
                              lexical_query=question)
    assert not answer.abstained, answer.text
    assert answer.sentences[0].text.startswith("The Department of Defense lent"), answer.text


def test_a_name_written_another_way_counts_as_the_question_word(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    scorer = make_assistant(corpus).answerer.scorer
    vector = np.ones(2, dtype=np.float32) / np.sqrt(2)
    short = _sentence("magnet-maker", "The Pentagon lent the magnet maker US$40 million in 2024.", vector, 0.0)
    full = _sentence("magnet-maker", "The Department of Defense lent the magnet maker US$40 million in 2024.", vector,
                     0.0)
    other = _sentence("magnet-maker", "The Energy Department lent the magnet maker US$40 million in 2024.", vector,
                      0.0)
    question = "How much had the Pentagon lent the magnet maker?"
    scorer.score(analyse(question), vector, [short, full, other], lexical_query=question)
    assert short.lexical == pytest.approx(full.lexical) and full.lexical > other.lexical


def test_a_bare_why_after_a_yes_no_question_asks_the_reason_for_the_answer_not_for_the_premise() -> None:
    history = [Turn(role="user", content="Is Acme still building its indium smelter?"),
               Turn(role="assistant", content="Probably not: Acme's chair said in May 2031 that the Hekla smelter "
                                              "would not go ahead. [1]")]
    resolved = analyse("why?", history)
    assert resolved.focus == "Why the Hekla smelter would not go ahead"  # the answer's claim, without who said it
    assert resolved.qtype is QType.EXPLANATION and "Is Acme still building" in resolved.text  # (read with it)
    assert analyse("when?", history).text == "When is Acme still building its indium smelter?"  # only "why" does
    history[0] = Turn(role="user", content="When did Acme stop building its indium smelter?")
    assert analyse("why?", history).text == "Why did Acme stop building its indium smelter?"  # not after a wh-question


def test_a_lead_asked_why_takes_a_reason_cited_and_drops_the_sentence_it_restates(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    what = _sentence("hekla-smelter", "Acme's chair said in May 2031 that the Hekla smelter would not go ahead.",
                     vector, 0.80)
    site = _sentence("hekla-smelter", "The Hekla smelter site covers 60 hectares near Reykjavik.", vector, 0.78)
    reason = _sentence("hekla-smelter", "The Hekla smelter would not go ahead, Acme's chair said, citing permit "
                                        "delays and rising costs.", vector, 0.70)
    source = _sentence("hekla-smelter", "Example Review reported, citing the Survey, that the smelter would not go "
                                        "ahead.", vector, 0.75)
    lead = planner._lead([what, site, source], why=True)
    assert lead == [what]  # citing a source gives no reason: nothing is added
    lead = planner._lead([what, site, source, reason], why=True)
    assert reason in lead and what not in lead  # the reason leads in place of the sentence it restates


def test_the_one_title_holding_the_questions_own_word_is_the_note_about_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner = make_assistant(corpus).answerer.planner
    titles = {"what-critical-means": "What are critical minerals, and who decides which are critical?",
              "iceland-stockpiles": "Iceland's indium stockpiles: the 1951 reserve and the 2031 fund",
              "iceland-exports": "Iceland's indium exports by year"}
    assert planner.titled_on_asked(titles, analyse("How is Iceland stockpiling critical minerals?")) == \
        "iceland-stockpiles"
    assert planner.titled_on_asked(titles, analyse("What are critical minerals?")) is None  # corpus-wide words only
    # (a question asking for names of a kind wants them all, not the one a title names)
    assert planner.titled_on_asked(titles, analyse("Which countries are stockpiling critical minerals?")) is None
    titles["norway-stockpiles"] = "Norway's tin stockpile since 1990"
    assert planner.titled_on_asked(titles, analyse("How is Iceland stockpiling critical minerals?")) is None  # (two)


_DEFINITIONS = """---
id: what-critical-means
title: "What are critical minerals, and who decides which minerals are critical?"
kind: explainer
summary: "A critical mineral is one essential to the economy whose supply could be disrupted; each government, Iceland's among them, keeps its own list of critical minerals."
key_points:
  - "Iceland's list of critical minerals named 12 critical minerals in 2024, Example Minerals Review reported.[^emr-def]"
  - "A critical mineral is essential to the economy, and its supply could be disrupted, Example Minerals Review explained.[^emr-def]"
  - "Iceland reviews its list of critical minerals every three years, Example Minerals Review reported.[^emr-def]"
""" + _SOURCE.format(key="emr-def", title="Critical mineral lists") + """minerals: [indium]
countries: [Iceland]
topics: [policy]
---

## What makes a mineral critical

A critical mineral is essential to the economy, and its supply could be disrupted, Example Minerals Review explained.[^emr-def]

## Iceland's list of critical minerals

Iceland's list of critical minerals named 12 critical minerals in 2024, Example Minerals Review reported.[^emr-def]

Iceland reviews its list of critical minerals every three years, Example Minerals Review reported.[^emr-def]
"""

_STOCKPILES = """---
id: iceland-indium-stockpiles
title: "Stockpiles in Iceland: the 1951 reserve and the 2031 fund"
kind: policy-note
summary: "Iceland has kept a state reserve of indium since 1951 and set up a fund in 2031 to buy more."
key_points:
  - "Iceland's state reserve has held indium since 1951, Example Minerals Review reported.[^emr-stock]"
  - "Iceland's reserve held 40 tonnes of indium in 2030, Example Minerals Review reported.[^emr-stock]"
  - "Iceland set up a US$90 million fund in 2031 to buy critical minerals for its reserve, Example Minerals Review reported.[^emr-stock]"
""" + _SOURCE.format(key="emr-stock", title="Iceland's reserves") + """minerals: [indium]
countries: [Iceland]
topics: [stockpiles]
---

## The 1951 reserve

Iceland's state reserve has held indium and other critical minerals since 1951, Example Minerals Review reported.[^emr-stock]

The reserve held 40 tonnes of indium in 2030, Example Minerals Review reported.[^emr-stock]

## The 2031 fund

Iceland set up a fund of US$90 million in 2031 to buy critical minerals for the reserve, Example Minerals Review reported.[^emr-stock]
"""


def test_a_note_titled_on_the_questions_own_word_frames_it_not_one_on_the_corpus_wide_words(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "what-critical-means.md").write_text(_DEFINITIONS, encoding="utf-8")
    assistant = _assistant_with(make_assistant, corpus, "iceland-indium-stockpiles", _STOCKPILES)
    answer = assistant.ask("How is Iceland stockpiling critical minerals?")
    assert answer.answer_type == "explanation" and not answer.abstained
    assert answer.citations[0].doc_id == "iceland-indium-stockpiles", answer.text
    body = answer.text.split("**Read more:**")[0]
    assert "40 tonnes" in body and "US$90 million" in body, answer.text  # its sections are the aspects


def _output_and_reserves() -> str:
    """A data note on tellurium: sections of sentences on reserves (Norway's too) first, then an output table and,
    last, a reserves table whose Norway row no sentence of the note gives."""
    notes = "\n\n".join(f"Tellurium reserves of {place} were revised in the {edition} edition of the Example Survey, "
                        f"Example Minerals Review reported.[^emr-tr]"
                        for place, edition in (("Spain", "2028"), ("Iceland", "2029"), ("Portugal", "2030")))
    rows = "\n".join(f"| {country} | {tonnes} | 2029 | [^emr-tr] |" for country, tonnes in (
        ("Spain", "9,000"), ("Iceland", "4,000"), ("Norway", "7,700"), ("Portugal", "2,100")))
    return """---
id: tellurium-output-and-reserves
title: "Tellurium output and reserves by country"
kind: data-note
summary: "Tellurium mine output and reserves by country, from the Example Survey."
key_points:
  - "Spain mined 90 tonnes of tellurium in 2029, Example Minerals Review reported.[^emr-tr]"
  - "Spain holds the largest tellurium reserves, Example Minerals Review reported.[^emr-tr]"
  - "Norway mined 40 tonnes of tellurium in 2029, Example Minerals Review reported.[^emr-tr]"
""" + _SOURCE.format(key="emr-tr", title="Tellurium survey") + """minerals: [tellurium]
countries: [Spain, Iceland, Norway, Portugal]
topics: [production]
---

## Revisions to the reserve estimates

""" + notes + """

## How big Norway's reserves are thought to be

Norway's tellurium reserves are large for its size, and how big they are has been argued over since 2027, Example
Minerals Review reported.[^emr-tr]

## Why Norway's reserve estimates differ

Estimates of how big Norway's tellurium reserves are differ because surveys count different ore grades, Example
Minerals Review reported.[^emr-tr]

## Tellurium mine output by country

| Country | Output (t) | Year | Source |
|---|---|---|---|
| Spain | 90 | 2029 | [^emr-tr] |
| Norway | 40 | 2029 | [^emr-tr] |

## Tellurium reserves by country

| Country | Reserves (t) | Year | Source |
|---|---|---|---|
""" + rows + "\n"


def test_a_figure_is_read_from_the_table_headed_with_what_is_asked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "tellurium-output-and-reserves.md").write_text(_output_and_reserves(), encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    # the reserves table ranks below the note's sentences on reserves; its heading holds the question's word
    answer = assistant.ask("How big are Norway's tellurium reserves?")
    assert not answer.abstained and "7,700" in answer.text, answer.text
    # (a question asking for names is answered by the sentences naming them: "which ...?" reads no table whole)
    planner = assistant.answerer.planner
    assert planner.headed_on_asked("Tellurium reserves by country", analyse("How big are Norway's reserves?"))
    assert not planner.headed_on_asked("Tellurium reserves by country", analyse("Which countries hold reserves?"))
    assert not planner.headed_on_asked("Tellurium output by country", analyse("How big are Norway's reserves?"))


def _programmes() -> str:
    """A data note with two tables of the same columns: Norway's own tin programmes, a table long enough to be split
    over two passages, and the programmes it runs with its neighbours, shorter than it and longer than either of its
    halves."""
    own = ["Tin Reserve", "Smelter Fund", "Ore Survey", "Recycling Grant", "Port Upgrade", "Tin Bank", "Export Desk",
           "Skills Fund", "Mine Loans", "Refinery Bond", "Permit Office"]
    joint = ["Nordic Tin Fund", "Arctic Ore Pact", "Baltic Smelter Loan", "Fjord Port Deal", "North Sea Tin Desk",
             "Tin Training Pact", "Joint Tin Survey"]

    def row(country: str, programme: str, when: str) -> str:
        return (f"| {country} | {programme} (set up by ministerial order, with a budget line of its own) | {when} | "
                f"[^emr-tin] | 2029 |")
    return """---
id: norway-tin-programmes
title: "Tin programmes of Norway and its neighbours"
kind: data-note
summary: "Norway's own tin programmes and those it runs with its neighbours, with the dates they were set up."
key_points:
  - "Norway set up eleven tin programmes of its own in 2029, Example Minerals Review reported.[^emr-tin]"
  - "Norway runs seven tin programmes jointly with its neighbours, Example Minerals Review reported.[^emr-tin]"
  - "The Tin Reserve was the first of Norway's programmes, Example Minerals Review reported.[^emr-tin]"
""" + _SOURCE.format(key="emr-tin", title="Norway's tin programmes") + """minerals: [tin]
countries: [Norway, Sweden]
topics: [funding]
---

## Norway's own programmes

| Country | Programme | Set up | Source | Year |
|---|---|---|---|---|
""" + "\n".join(row("Norway", p, "May 2029") for p in own) + """

## Programmes with its neighbours

| Country | Programme | Set up | Source | Year |
|---|---|---|---|---|
""" + "\n".join(row("Norway and Sweden", p, "June 2030") for p in joint) + "\n"


def test_a_table_split_over_passages_lists_all_its_rows(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "norway-tin-programmes.md").write_text(_programmes(), encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    halves = [m for m in assistant.retriever.metas if m.get("doc_id") == "norway-tin-programmes"
              and m.get("heading") == "Norway's own programmes"]
    assert len(halves) >= 2  # (the fixture's premise: the table is split over passages)
    answer = assistant.ask("Which tin programmes has Norway set up?")
    table = next(b for b in answer.blocks if b["type"] == "table")
    column = table["columns"].index("Programme")
    names = {row["cells"][column].split(" (")[0] for row in table["rows"]}
    # rows of both passages of Norway's own table, not the other table, longer than either half
    assert {"Tin Reserve", "Permit Office"} <= names and "Nordic Tin Fund" not in names, names


def test_an_output_asked_in_no_unit_is_not_told_by_trade(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    share = _sentence("iceland-indium", "Iceland produced about 80% of the world's indium in 2029, Example Minerals "
                                        "Review reported.", vector, 0.80)
    trade = _sentence("iceland-indium", "Iceland's indium exports fell 20% to 35 tonnes in 2029, Example Minerals "
                                        "Review reported.", vector, 0.70)
    plan = planner.factoid(analyse("How much indium does Iceland produce?"), [share, trade])
    # no sentence gives Iceland's output in tonnes: its share of output answers, not the tonnes it exported
    assert plan.lead[0] is share, [e.text for e in plan.lead]
    mined = _sentence("iceland-indium", "Iceland was the second-largest indium miner in 2029, with 60 tonnes, Example "
                                        "Minerals Review reported.", vector, 0.65)
    plan = planner.factoid(analyse("How much indium does Iceland produce?"), [share, trade, mined])
    assert plan.lead[0] is mined  # (an output in tonnes, told by "miner", answers it outright)


def test_a_who_question_leads_with_the_sentence_sharing_its_own_words(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    scope = _sentence("decree-9", "Decree 9 of March 2030 covers tin production, smelting and refining.", vector, 0.80)
    deadline = _sentence("decree-9", "Decree 9 gave agencies ten days to send the chair a list of tin production "
                                     "projects.", vector, 0.75)
    chair = _sentence("decree-9", "The Tin Council, chaired by Minister Ana Ruiz, oversees Decree 9, Example Minerals "
                                  "Review reported.", vector, 0.70)
    question = analyse("Who chairs the council that oversees Decree 9 on tin production?")
    plan = planner.factoid(question, [scope, deadline, chair])
    # the best sentence shares "production" only, the next "chair" too; the one sharing "council", "chairs" and
    # "oversees" names who chairs
    assert plan.lead[0] is chair, [e.text for e in plan.lead]
    plan = planner.factoid(analyse("What does Decree 9 on tin production cover?"), [scope, deadline, chair])
    assert plan.lead[0] is scope  # (not asked who: the best sentence leads)



def _council_note() -> str:
    """A policy note on one decree: sections on the production council's work first, the person chairing it last."""
    sections = "\n\n".join(f"## {heading}\n\n" + " ".join(
        f"Under Decree 9 of March 2030 the tin production council {text} ({n}), Example Minerals Review "
        f"reported.[^emr-d9]" for n in range(4)) for heading, text in (
            ("Council meetings", "meets monthly to oversee tin production in Iceland"),
            ("Council reports", "reports on the tin production it oversees in Iceland"),
            ("Council staff", "has staff who oversee tin production permits in Iceland")))
    return """---
id: iceland-decree-9
title: "Iceland's Decree 9 of March 2030 on tin production"
kind: policy-note
summary: "Iceland's Decree 9 of March 2030 set up a council to oversee tin production."
key_points:
  - "Decree 9 of March 2030 set up a tin production council in Iceland, Example Minerals Review reported.[^emr-d9]"
  - "The council meets monthly, Example Minerals Review reported.[^emr-d9]"
  - "The council reports on tin output, Example Minerals Review reported.[^emr-d9]"
""" + _SOURCE.format(key="emr-d9", title="Iceland's Decree 9") + """minerals: [tin]
countries: [Iceland]
topics: [policy]
---

""" + sections + """

## Leadership

Minister Ana Ruiz was named head of the body, Example Minerals Review reported.[^emr-d9]
"""


def test_a_who_question_reads_the_note_on_what_it_names(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "iceland-decree-9.md").write_text(_council_note(), encoding="utf-8")
    assistant = make_assistant(corpus, max_chunks_per_doc=1)
    assistant.ingest(progress=False)
    # one passage a note: the note's best is on the council's work; it is titled with what the question names, so
    # all of it is read, and the sentence naming its head is found
    answer = assistant.ask_extractive("Who chairs the tin production council of Iceland's Decree 9?")
    assert any("Ana Ruiz" in h.text for h in answer.passages), [h.metadata.get("heading") for h in answer.passages]


def test_a_follow_up_leads_with_the_row_of_a_table_headed_with_its_own_word(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    planner, vector = _planner_and_vector(make_assistant, corpus)
    output = _sentence("tellurium-data", "Norway mined 40 tonnes of tellurium in 2029, up from 35 tonnes.", vector, 0.80)
    table = Hit("tellurium-data#3", "tellurium-data", "| Country | Reserves (t) | Year |\n|---|---|---|\n"
                "| Spain | 9,000 | 2029 |\n| Norway | 7,700 | 2029 |",
                {"title": "Tellurium data", "kind": "data-note", "heading": "Tellurium reserves by country"}, 0.9)
    rows = [Evidence(f"Tellurium reserves by country: Country: {c}; Reserves (t): {t}; Year: 2029", vector, table,
                     hit_rank=1, position=i, score=s) for i, (c, t, s) in enumerate((("Spain", "9,000", 0.66),
                                                                                      ("Norway", "7,700", 0.64)))]
    history = [Turn(role="user", content="How much tellurium did Norway mine in 2029?"),
               Turn(role="assistant", content="40 tonnes. [1]")]
    # the conversation's sentence on output ranks first and holds none of the follow-up's new words ("big",
    # "reserves"): the row of the table headed with one leads, Norway's (the country asked), not the better-scored
    plan = planner.factoid(analyse("and how big are Norway's reserves?", history), [output, *rows])
    assert plan.table is not None and plan.table_first, [e.text for e in plan.lead]
    assert plan.table.rows[0][1] is rows[1], plan.table.rows
    # a question of its own is not led so: its best sentence answers it
    plan = planner.factoid(analyse("How much tellurium did Norway mine in 2029?"), [output, *rows])
    assert not plan.table_first


def _indium_exports_by_month() -> str:
    """A data note of Iceland's monthly indium exports by destination, whose December rows tell their change from
    November."""
    rows = "\n".join(f"| {period} | {place} | {tonnes} | {change} | 2030 | [^emr-ix] |" for period, place, tonnes, change in (
        ("November 2030", "Norway", "52", "+4% from October 2030"),
        ("November 2030", "Peru", "31", "+9% from October 2030"),
        ("December 2030", "Norway", "47", "-10% from November 2030"),
        ("December 2030", "Peru", "26", "-16% from November 2030")))
    return """---
id: iceland-indium-exports-by-month
title: "Iceland's indium exports by month and destination, 2030"
kind: data-note
summary: "Iceland's monthly indium exports to Norway and Peru in late 2030, from customs data."
key_points:
  - "Iceland's indium exports fell in December 2030, Example Minerals Review reported.[^emr-ix]"
  - "Norway was the largest buyer of Iceland's indium in late 2030, Example Minerals Review reported.[^emr-ix]"
  - "Peru bought less Icelandic indium than Norway in late 2030, Example Minerals Review reported.[^emr-ix]"
""" + _SOURCE.format(key="emr-ix", title="Iceland indium exports") + """minerals: [indium]
countries: [Iceland, Norway, Peru]
topics: [trade]
---

## Indium exports by month and destination

| Period | Destination | Exports (t) | Change reported | Year | Source |
|---|---|---|---|---|---|
""" + rows + "\n"


def test_a_follow_up_swapping_a_place_keeps_the_month_asked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "iceland-indium-exports-by-month.md").write_text(_indium_exports_by_month(), encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    history = [Turn(role="user", content="How many tonnes of indium did Iceland export to Norway in November 2030?"),
               Turn(role="assistant", content="52 tonnes. [1]")]
    answer = assistant.ask("and to Peru?", history=history)
    # the row whose period is November 2030, not December's, whose change names November
    assert answer.blocks and answer.blocks[0]["type"] == "table", answer.text
    assert answer.blocks[0]["rows"][0]["cells"][:3] == ["November 2030", "Peru", "31"], answer.blocks[0]["rows"]


def test_a_name_swapped_into_a_who_question_asks_for_its_figure(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, _ = _planner_and_vector(make_assistant, corpus)
    history = [Turn(role="user", content="Who holds the second-largest tellurium reserves?"),
               Turn(role="assistant", content="Spain, with 9,000 tonnes. [1]")]
    # asked who, the sentences naming holders answer; with a name swapped in, the table headed "reserves" gives its row
    assert not planner.headed_on_asked("Tellurium reserves by country", analyse(history[0].content))
    assert planner.headed_on_asked("Tellurium reserves by country", analyse("and Iceland?", history))


PACKAGE = """---
id: freedonia-june-2030-export-package
title: "Freedonia's June 2030 export package: four notices on minor metals, equipment and know-how"
kind: policy-note
summary: "Freedonia issued four export notices on 2 June 2030 and suspended them in August 2030."
key_points:
  - "Freedonia issued four export notices on 2 June 2030, Example Minerals Review reported.[^emr-pkg]"
  - "Freedonia's June 2030 notices covered indium, tellurium, furnaces and know-how, the Review said.[^emr-pkg]"
  - "Freedonia suspended the four notices on 9 August 2030, Example Minerals Review reported.[^emr-pkg]"
""" + _SOURCE.format(key="emr-pkg", title="Freedonia package") + """minerals: [indium, tellurium]
countries: [Freedonia]
topics: [export-controls]
---

## The four notices of 2 June 2030

Freedonia's trade ministry issued export notices numbered 11 to 14 on 2 June 2030, Example Minerals Review reported.[^emr-pkg]

Freedonia's Notice No. 11 of 2 June 2030 covered indium ingots, powders and sputtering targets, Example Minerals Review reported.[^emr-pkg]

Freedonia's Notice No. 12 of 2 June 2030 covered smelting furnaces and their spare parts, Example Minerals Review reported.[^emr-pkg]

Freedonia's Notice No. 13 of 2 June 2030 added tellurium and its compounds to export licensing, Example Minerals Review reported.[^emr-pkg]

Freedonia's Notice No. 14 of 2 June 2030 put refining know-how and training abroad under licensing, Example Minerals Review reported.[^emr-pkg]

## Why Freedonia acted

Freedonia said in June 2030 that the notices would keep its own smelters supplied during a shortage, Example Minerals Review reported.[^emr-pkg]

## The August 2030 suspension

Freedonia suspended all four June 2030 notices on 9 August 2030 after talks with its buyers, Example Minerals Review reported.[^emr-pkg]
"""


def test_a_package_of_numbered_notices_is_listed_notice_by_notice(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "freedonia-june-2030-export-package", PACKAGE)
    for question in ("What exactly was in Freedonia's June 2030 export package?",
                     "What did Freedonia's June 2030 export package cover?"):
        assert asks_for(question) == "items"
        answer = assistant.ask(question)
        told = [b["text"] for b in answer.blocks if b["type"] == "lead"] + [i["text"] for i in _bullets(answer)]
        for number in ("11", "12", "13", "14"):  # each notice its own item, not one for their whole section
            assert sum(f"Notice No. {number} " in t for t in told) == 1, answer.text
        assert any("suspended all four" in t for t in told), answer.text  # ... and the other sections still told


def test_countries_compared_by_an_amount_get_their_table_rows_side_by_side(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.plans.comparison import compared_kind

    assert compared_kind(analyse("Which mines more tin, Iceland or Norway?")) == "country"
    assert compared_kind(analyse("Is indium or tellurium more exposed to Icelandic supply?")) == "mineral"
    assert compared_kind(analyse("Compare Acme Metals with Bolt Works")) == ""  # firms: no table row each
    answer = fixture_assistant.ask("Which mines more rare earths, China or the United States?")
    assert answer.answer_type == "comparison"
    table = next((b for b in answer.blocks if b["type"] == "table"), None)
    assert table is not None, answer.text
    assert [row["cells"][0] for row in table["rows"]] == ["China", "United States"]  # one row a side, in asked order
    assert "Mine production" in table["columns"][1] and table["rows"][0]["cells"][1] == "270,000"
    assert all(row["citations"] for row in table["rows"])
    # a year no table row has for both sides gives no table
    assert not any(b["type"] == "table" for b in fixture_assistant.ask(
        "Which mined more rare earths in 2019, China or the United States?").blocks)


def _add_to_mining_note(corpus: Path, markdown: str) -> None:
    """Append sections to the fixture corpus's note on rare earth mining by country."""
    note = corpus / "rare-earth-mining.md"
    note.write_text(note.read_text(encoding="utf-8") + markdown, encoding="utf-8")


def _reserves_table(rows: list[tuple[str, str]]) -> str:
    """A "Reserves table" section of (country, tonnes) rows, sourced to the note's USGS source."""
    return ("\n## Reserves table\n\n| Country | Reserves (t REO) | Source | Year |\n|---|---|---|---|\n"
            + "".join(f"| {country} | {tonnes} | [^usgs-2025] | 2024 |\n" for country, tonnes in rows))


def test_a_comparison_of_two_amounts_shows_a_table_for_each(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    _add_to_mining_note(corpus, "\n## Smelter wages\n\nAccording to the U.S. Geological Survey, rare earth smelter "
                        "wages in China rose in 2024 while those in the United States held steady.[^usgs-2025]\n"
                        + _reserves_table([("China", "44,000,000"), ("United States", "1,900,000")]))
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("Compare rare earth mining and reserves: China versus the United States.")
    assert answer.answer_type == "comparison", answer.text
    tables = [b for b in answer.blocks if b["type"] == "table"]
    # one table for each amount asked, in the order the question names them, a row a side, each row cited
    assert [t["columns"][1] for t in tables] == ["Mine production (t REO)", "Reserves (t REO)"], answer.text
    assert [[r["cells"][0] for r in t["rows"]] for t in tables] == [["China", "United States"]] * 2
    assert tables[1]["rows"][0]["cells"][1] == "44,000,000" and all(r["citations"] for t in tables for r in t["rows"])
    # one amount asked: one table
    answer = assistant.ask("Compare the rare earth reserves of China versus the United States.")
    assert [t["columns"][1] for t in answer.blocks if t["type"] == "table"] == ["Reserves (t REO)"], answer.text


def test_a_yes_no_question_on_which_is_bigger_is_a_comparison_with_one_table(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    # "bigger ... than" with words between: a comparison; its amount ("miner") is in no header word, so there is one
    # table, not the same one twice
    answer = assistant.ask("Is China a bigger rare earth miner than the United States?")
    assert answer.answer_type == "comparison", answer.text
    tables = [b for b in answer.blocks if b["type"] == "table"]
    assert len(tables) == 1 and [r["cells"][0] for r in tables[0]["rows"]] == ["China", "United States"], tables


def test_a_small_word_opening_the_question_starts_no_name() -> None:
    names = analyse("Under Acme Metals's 2031 deal with Bolt, how many tonnes can Norway claim?").names("name")
    assert names == ["Acme Metals", "Bolt"]
    assert analyse("How did Over Quarry Works fare?").names("name") == ["Over Quarry Works"]  # not at the start


def test_a_contraction_is_read_as_the_word_the_corpus_uses(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    lexical = fixture_assistant.retriever.lexical
    assert lexical.expand_contractions("the Dept of Defense") == "the Department of Defense"
    assert lexical.expand_contractions("Bolt and the Zorvat Dept") == "Bolt and the Zorvat Department"  # names kept
    answer = fixture_assistant.ask("Which NdPr price floor was guaranteed to MP Materials by the Dept of Defense?")
    assert not answer.abstained and "US$110" in answer.text, answer.text
    assert fixture_assistant.ask("Which NdPr price floor was guaranteed to Bolt by the Dept of Zorvat?").abstained


NORWAY_SOURCING_RULE = """---
id: norway-indium-sourcing-rule
title: "Norway's indium sourcing rule for defence buyers from 2033"
kind: policy-note
summary: "From 2033 Norway's defence buyers may not take indium refined in Peru."
key_points:
  - "From 1 January 2033 Norway's defence buyers may not take indium refined or smelted in Peru, Example Minerals Review reported.[^emr-rule]"
  - "Until the end of 2032 the rule only bars indium smelted in Peru, Example Minerals Review said.[^emr-rule]"
  - "The rule covers indium in screens, solders and sensors bought for the armed forces, Example Minerals Review said.[^emr-rule]"
""" + _SOURCE.format(key="emr-rule", title="Norway's sourcing rule") + """minerals: [indium]
countries: [Norway, Peru]
topics: [defence]
---

## What the rule requires

From 1 January 2033 Norway's defence buyers may not take indium refined or smelted in Peru, Example Minerals Review reported.[^emr-rule]

Until the end of 2032 the rule only bars indium smelted in Peru, Example Minerals Review said.[^emr-rule]

The rule covers indium in screens, solders and sensors bought for the armed forces, Example Minerals Review said.[^emr-rule]

## Why the 2033 deadline is demanding for suppliers

Peru refined about 80% of the indium Norway used in 2030, Example Minerals Review noted.[^emr-rule]

Suppliers warned that refining outside Peru was still in its infancy when the ministry wrote the rule, Example Minerals Review said.[^emr-rule]

## Related labelling rule

A separate rule on labelling where defence indium comes from was still a draft in 2032, Example Minerals Review said.[^emr-rule]
"""


def _rule_explainer() -> str:
    """An explainer on Norway's defence indium rule whose six long sections fill an answer's word budget."""
    sections = [(f"Part {n} of the rule", f"Part {n} of Norway's defence indium rule, which takes full effect from 2033, "
                 f"sets out {what} for the armed forces' suppliers of screens, solders and sensors, according to a "
                 f"detailed summary that Example Minerals Review published in 2032 for defence buyers")
                for n, what in enumerate(["the scope of covered parts", "the audit duties", "the waiver process",
                                          "the record keeping", "the penalties", "the review schedule"], 1)]
    body = "\n\n".join(f"## {h}\n\n{t}.[^emr-ex]" for h, t in sections)
    return ("""---
id: how-norways-defence-indium-rule-works
title: "Why is Norway's 2033 defence indium deadline demanding for suppliers?"
kind: explainer
summary: "Norway's defence indium rule from 2033: parts, audits, waivers, records, penalties and reviews."
key_points:
""" + "".join(f'  - "{t}.[^emr-ex]"\n' for _, t in sections[:3]) + _SOURCE.format(key="emr-ex", title="The rule")
            + "minerals: [indium]\ncountries: [Norway, Peru]\ntopics: [defence]\n---\n\n" + body + "\n")


def test_a_why_follow_up_is_answered_by_a_section_headed_as_that_why(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "how-norways-defence-indium-rule-works.md").write_text(_rule_explainer(), encoding="utf-8")
    assistant = _assistant_with(make_assistant, corpus, "norway-indium-sourcing-rule", NORWAY_SOURCING_RULE)
    history = [Turn(role="user", content="What will Norway's defence indium rule demand of buyers from 2033?"),
               Turn(role="assistant", content="From 2033 they may not take indium refined or smelted in Peru.")]
    answer = assistant.ask("why is that deadline so demanding for suppliers?", history=history)
    assert answer.answer_type == "explanation", answer.text
    assert "infancy" in answer.text and "80%" in answer.text, answer.text
    planner = assistant.answerer.planner
    why = analyse("Why is the 2033 deadline hard to meet?")
    assert planner.why_headed("Why the 2033 deadline is demanding for suppliers", why)
    assert not planner.why_headed("Why the deadline estimates differ", why)  # (no question on differing figures)
    assert not planner.why_headed("What the deadline requires", why)
    assert not planner.why_headed("Why the 2033 deadline is demanding", analyse("What does the 2033 deadline need?"))
    # a why asked in other words, or after a sentence setting the question up
    asked = analyse("Estimates of the deadline's cost run from NOK 1 billion to NOK 9 billion. What explains the wide "
                    "spread?")
    assert planner.why_headed("Why the deadline estimates differ", asked)
    assert planner.why_headed("Why the 2033 deadline is demanding for suppliers", analyse("What is behind the 2033 "
                                                                                         "deadline?"))
    # a short follow-up's why is about what the question it is read with asked
    floor = [Turn(role="user", content="Did Norway pay its smelters under the indium price floor in 2031?"),
             Turn(role="assistant", content="No: the market stayed above the floor all year.")]
    assert planner.why_headed("Why indium prices rose in 2031", analyse("why so high?", floor))
    assert not planner.why_headed("Why indium prices rose in 2031", analyse("why so high?"))


def test_a_section_is_told_by_a_fact_rather_than_a_note_on_why_figures_differ(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.types import Hit

    planner = make_assistant(corpus).answerer.planner
    meta = {"title": "Why tellurium is a bottleneck", "kind": "explainer"}

    def sentence(i: int, heading: str, text: str, score: float):  # type: ignore[no-untyped-def]
        from assistant.answering.evidence import Evidence

        vector = np.zeros(3, dtype=np.float32)
        vector[i % 3] = 1.0  # (no two alike: none repeats another)
        return Evidence(text, vector, Hit(f"te#{i}", "te", text, {**meta, "heading": heading}, 1.0), hit_rank=i,
                        position=i, score=score)
    lead = sentence(0, "", "Tellurium is a by-product of copper refining, Example Review said.", 0.6)
    fact = sentence(1, "Refining", "Ruritania refined 80% of the world's tellurium in 2030, Example Review said.", 0.50)
    note = sentence(2, "Refining", "The Review's 80% and the Survey's 70% shares differ because they count different "
                                   "years.", 0.52)
    told = planner._sections([lead, fact, note], [lead], "te", analyse("Why is tellurium a bottleneck?"))
    assert told == [fact]
    # a question on why the figures disagree is told by the sentence on why
    told = planner._sections([lead, fact, note], [lead], "te", analyse("Why do tellurium share figures differ?"))
    assert told == [note]


def test_a_why_after_an_opening_phrase_set_off_by_a_comma_is_still_a_why() -> None:
    from assistant.answering.query import asks_why

    assert asks_why("Put simply, why is tin scarcer than zinc?")
    assert not asks_why("How do the two tin figures differ, and why?") and not asks_why("In 2031, what did Acme do?")


def test_a_later_broad_part_of_a_compound_question_opens_the_bullets(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.answering.plans.shapes import Item, Plan
    from assistant.types import Hit

    planner = make_assistant(corpus).answerer.planner

    def sentence(i: int, text: str, parts: list[float]) -> Evidence:
        vector = np.zeros(6, dtype=np.float32)
        vector[i] = 1.0  # (no two alike: none repeats another)
        return Evidence(text, vector, Hit(f"tin#{i}", "tin", text, {"title": "Tin", "heading": "Tin"}, 1.0),
                        hit_rank=i, position=i, score=max(parts), part_scores=parts)
    lead = sentence(0, "Tin ore is found in few places, Example Review said.", [0.7, 0.3])
    grade = sentence(1, "Most tin ore holds under 1% tin, Example Review said.", [0.6, 0.2])
    doubt = sentence(2, "Buyers doubt quoted tin prices because few trades are reported, Example Review said.",
                     [0.3, 0.7])
    evidence = [lead, grade, doubt]
    query = analyse("Why is tin scarce, and why do buyers doubt the quoted prices?")
    plan = Plan(QType.EXPLANATION, lead=[lead], bullets=[Item(grade)])
    planner._answer_parts(query, plan, evidence)
    assert [item.evidence for item in plan.bullets] == [doubt, grade]
    # (not again when the answer holds it already, nor for a follow-up, whose parts are one question read two ways)
    plan = Plan(QType.EXPLANATION, lead=[lead], bullets=[Item(grade), Item(doubt)])
    planner._answer_parts(query, plan, evidence)
    assert [item.evidence for item in plan.bullets] == [grade, doubt]
    history = [Turn(role="user", content="What did Example Review say about tin in 2031?"),
               Turn(role="assistant", content="That tin ore is found in few places.")]
    follow_up = analyse("and why do buyers doubt the quoted prices?", history)
    plan = Plan(QType.EXPLANATION, lead=[lead], bullets=[Item(grade)])
    planner._answer_parts(follow_up, plan, evidence)
    assert [item.evidence for item in plan.bullets] == [grade]


def test_a_country_missing_from_the_table_of_the_amount_asked_is_declined(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    _add_to_mining_note(corpus, _reserves_table([("China", "44,000,000"), ("Brazil", "21,000,000"),
                                                 ("India", "6,900,000")]) + (
        "\n## Estonia\n\nAccording to the U.S. Geological Survey, Estonia's rare earth reserves were too small to "
        "list in 2024.[^usgs-2025]\n"
        "\n## Norway\n\nAccording to the U.S. Geological Survey, Norway mined no rare earths in 2024.[^usgs-2025]\n"
        "\n## Partners\n\nNorway, Sweden, Finland and Denmark joined talks on a shared strategic reserve of rare "
        "earths in 2024, the U.S. Geological Survey noted.[^usgs-2025]\n"))
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("How big are Norway's rare earth reserves?")
    assert answer.abstained and answer.abstain_reason == "weak_evidence", answer.text
    assert "'Reserves (t REO)' by country has no row for Norway" in answer.text
    answer = assistant.ask("How big are the reserves India holds?")  # (a row of its own)
    assert not answer.abstained and "6,900,000" in answer.text, answer.text
    # a sentence naming the country that speaks of the amount answers, though the table has no row for it
    assert not assistant.ask("How big are Estonia's rare earth reserves?").abstained


def test_a_time_asked_of_a_country_missing_from_a_table_of_dates_is_told_by_a_sentence(make_assistant,  # type: ignore[no-untyped-def]
                                                                                      corpus: Path) -> None:
    _add_to_mining_note(corpus, (
        "\n## Survey panel\n\n| Country | Date joined | Source | Year |\n|---|---|---|---|\n"
        + "".join(f"| {country} | {date} | [^usgs-2025] | 2024 |\n"
                  for country, date in (("China", "3 March 2021"), ("Brazil", "9 June 2022"), ("India", "1 May 2023")))
        + "\n## Panel chair\n\nNorway took over the rotating chair of the rare earth survey panel on 1 July 2024, "
          "the U.S. Geological Survey said.[^usgs-2025]\n"))
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    # (the table of dates has no row for Norway; the sentence naming Norway with its date answers)
    answer = assistant.ask("From what date did Norway chair the rare earth survey panel?")
    assert not answer.abstained, answer.text
    assert "1 July 2024" in answer.text


MAGNET_PLANTS = """---
id: indium-target-plants
title: "Indium target plants in Norway: capacity and backers"
kind: data-note
summary: "Two planned indium target plants in Norway, one with a disclosed capacity."
key_points:
  - "Acme Targets plans an indium target plant in Bergen able to make 1,000 tonnes yearly, Example Minerals Review reported.[^emr-plants]"
  - "Bolt Sputtering plans an indium target plant in Oslo backed by the ministry and a carmaker, Example Minerals Review said.[^emr-plants]"
  - "Neither plant had started production by 2032, Example Minerals Review said.[^emr-plants]"
""" + _SOURCE.format(key="emr-plants", title="Norway's target plants") + """minerals: [indium]
countries: [Norway]
topics: [plants]
---

## Planned indium target plants

| Plant | Company | Capacity (tonnes/year) | Backers | Source |
|---|---|---|---|---|
| Bergen plant | Acme Targets | 1,000 | Ministry loan | [^emr-plants] |
| Oslo plant | Bolt Sputtering | Not disclosed | Ministry grant; carmaker supply deal | [^emr-plants] |

## Status

Neither plant had started production by 2032, Example Minerals Review said.[^emr-plants]
"""


def test_a_figure_a_table_gives_as_not_disclosed_is_unsettled(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.figures import row_pairs

    # a cell holding "; " is still one cell
    assert row_pairs("Plants: Plant: Oslo; Backers: Ministry grant; carmaker deal; Year: 2031") == (
        "Plants", [("Plant", "Oslo"), ("Backers", "Ministry grant; carmaker deal"), ("Year", "2031")])
    assistant = _assistant_with(make_assistant, corpus, "indium-target-plants", MAGNET_PLANTS)
    answer = assistant.ask("What is the yearly capacity of the Bolt Sputtering plant in Oslo?")
    assert answer.abstained and answer.abstain_reason == "unsettled", answer.text
    assert "gives 'Capacity (tonnes/year)' as 'Not disclosed'" in answer.text
    # the row names the plant by its words, in cells of their own ("Plant: Oslo plant; Company: Bolt Sputtering")
    assert assistant.ask("What is the yearly capacity of Bolt's Oslo plant?").abstain_reason == "unsettled"
    answer = assistant.ask("What is the yearly capacity of the Acme Targets plant in Bergen?")
    assert not answer.abstained and "1,000" in answer.text, answer.text


INDIUM_QUOTAS = """---
id: norway-indium-quotas
title: "Norway's indium extraction quotas by year"
kind: data-note
summary: "Norway's yearly indium extraction quotas, the latest undisclosed."
key_points:
  - "Norway's 2023 indium extraction quota totalled 900 tonnes, Example Minerals Review reported.[^emr-quota]"
  - "Norway's mining ministry sets the indium extraction quota each spring, Example Minerals Review said.[^emr-quota]"
  - "Two state firms hold all of Norway's indium extraction quota, Example Minerals Review said.[^emr-quota]"
""" + _SOURCE.format(key="emr-quota", title="Norway's quotas") + """minerals: [indium]
countries: [Norway]
topics: [quotas]
---

## Quotas

Norway's 2023 indium extraction quota totalled 900 tonnes, Example Minerals Review reported.[^emr-quota]

| Year | Extraction quota (tonnes) | Source |
|---|---|---|
| 2023 | 900 | [^emr-quota] |
| 2024 | Not disclosed | [^emr-quota] |
"""


def test_a_figure_of_another_year_does_not_answer_a_year_given_as_not_disclosed(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "norway-indium-quotas", INDIUM_QUOTAS)
    answer = assistant.ask("How many tonnes was Norway's 2024 indium extraction quota?")
    assert answer.abstained and answer.abstain_reason == "unsettled", answer.text
    answer = assistant.ask("How many tonnes was Norway's 2023 indium extraction quota?")
    assert not answer.abstained and "900" in answer.text, answer.text


INDIUM_CURBS = """---
id: norway-export-curbs
title: "Timeline of Norway's mineral export curbs, 2022-2024"
kind: data-note
summary: "Norway's export curbs by date, with the minerals each covered."
key_points:
  - "Norway put indium and tellurium under export licensing on 3 March 2022, Example Minerals Review reported.[^emr-curbs]"
  - "Norway added bismuth licences on 9 May 2024 and cobalt permits on 1 October 2024, Example Minerals Review said.[^emr-curbs]"
  - "None of Norway's curbs had been lifted by the end of 2024, Example Minerals Review said.[^emr-curbs]"
""" + _SOURCE.format(key="emr-curbs", title="Norway's curbs") + """minerals: [indium]
countries: [Norway]
topics: [export-controls]
---

## Curbs by date

| Measure | Minerals | Announced | Year | Source |
|---|---|---|---|---|
| Export licensing | indium, tellurium | 3 March 2022 | 2022 | [^emr-curbs] |
| Bismuth licences | bismuth | 9 May 2024 | 2024 | [^emr-curbs] |
| Cobalt permits | cobalt | 1 October 2024 | 2024 | [^emr-curbs] |
| Standing review of licences | tellurium | 3 March 2022 | 2022-2024 | [^emr-curbs] |
"""


def test_a_list_of_minerals_in_a_year_is_told_by_the_rows_of_a_table_with_a_minerals_column(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "norway-export-curbs", INDIUM_CURBS)
    answer = assistant.ask("Which minerals did Norway restrict in 2024?")
    table = next((b for b in answer.blocks if b["type"] == "table"), None)
    assert table is not None, answer.text
    minerals = [row["cells"][table["columns"].index("Minerals")] for row in table["rows"]]
    assert minerals == ["bismuth", "cobalt"], table  # the year's rows, in order of time (not a span's record)
    # a firm's name ending in "Materials" asks for no minerals
    assert analyse("List what Acme Materials agreed to build in 2024").asks_for != "mineral"
    assert analyse("Which raw materials did Norway curb in 2024?").asks_for == "mineral"


INDIUM_STAGES = """---
id: norway-indium-stages
title: "Norway's and Peru's places in indium mining and smelting"
kind: policy-note
summary: "Norway mines far more of the world's indium than it smelts."
key_points:
  - "Norway held 40% of world indium mining in 2024, Example Minerals Review reported.[^emr-stages]"
  - "Norway held 5% of world indium smelting in 2024, Example Minerals Review reported.[^emr-stages]"
  - "Peru holds a larger share of indium mining than of smelting, Example Minerals Review said.[^emr-stages]"
""" + _SOURCE.format(key="emr-stages", title="Indium stages") + """minerals: [indium]
countries: [Norway, Peru]
topics: [supply-chain]
---

## Mining

Norway held 40% of world indium mining in 2024, Example Minerals Review reported.[^emr-stages]

## Smelting

Norway held 5% of world indium smelting in 2024, Example Minerals Review reported.[^emr-stages] Peru holds a larger
share of indium mining than of smelting, Example Minerals Review said.[^emr-stages]
"""


def test_a_comparison_asked_of_one_country_is_not_led_by_another_countrys_sentence(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "norway-indium-stages", INDIUM_STAGES)
    answer = assistant.ask("How do Norway's indium mining and smelting shares compare?")
    assert answer.answer_type == "comparison", answer.text
    leads = [b["text"] for b in answer.blocks if b["type"] == "lead"]
    assert not any("Peru" in text for text in leads), answer.text
    assert "40%" in answer.text and "5%" in answer.text, answer.text


def test_a_country_inside_a_firms_name_is_not_asked_about() -> None:
    query = analyse("How much did Bolt get from Norway Sweden Metals in 2031, and what can Norway claim?")
    assert query.names("country") == ["Norway"]  # Sweden only names the firm
    assert analyse("What did Norway and Sweden sign in 2031?").names("country") == ["Norway", "Sweden"]
    assert analyse("What did Acme Sweden's smelter make?").names("country") == ["Sweden"]  # (a name's last word)


def test_a_factoid_reads_the_headed_table_of_any_of_the_best_data_notes(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.types import Hit

    _add_to_mining_note(corpus, _reserves_table([("China", "44,000,000"), ("Brazil", "21,000,000")]))
    assistant = _assistant_with(make_assistant, corpus, "indium-target-plants", MAGNET_PLANTS)
    retriever = assistant.retriever
    retriever.refresh(force=True)

    def first(doc: str) -> Hit:
        i = min(i for i, m in enumerate(retriever.metas) if m.get("doc_id") == doc)
        return Hit(retriever.ids[i], doc, retriever.texts[i], retriever.metas[i], 1.0)
    # the plants note ranks first and holds no table on reserves: the second data note's does
    hits = [first("indium-target-plants"), first("rare-earth-mining")]
    out = assistant._tables_headed(analyse("What size is Brazil's reserve of rare earths?"), hits)
    assert any("Reserves (t REO)" in h.text for h in out[2:]), [h.text[:60] for h in out]


def test_a_name_with_a_one_letter_prefix_is_one_name() -> None:
    assert [e.name for e in analyse("How much did e-Acme Metals get from the ministry?").entities
            if e.kind == "name"] == ["e-Acme Metals"]
    history = [Turn(role="user", content="How much did Bolt Metals get from the ministry in 2030?"),
               Turn(role="assistant", content="12 million euros. [1]")]
    swapped = analyse("what about e-Acme?", history)
    assert swapped.from_history == {"name": "e-Acme"}, swapped
    assert swapped.text == "How much did e-Acme get from the ministry in 2030?", swapped.text


def test_a_follow_up_naming_a_year_of_its_own_gets_that_years_row(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    _add_to_mining_note(corpus, """
## Norway's output over twenty years

Norway's rare earth mines produced 18,000 tonnes in 1990, but what they produced had fallen to nothing by 2000 after
a court case closed the only one, Example Survey's twenty-year table shows.[^usgs-2025]

## Earlier years

| Country | Mine production (t REO) | Source | Year |
|---|---|---|---|
| Norway | 18,000 | [^usgs-2025] | 1990 |
| Norway | 0 | [^usgs-2025] | 2000 |
| Norway | 4,200 | [^usgs-2025] | 2010 |
| Sweden | 3,100 | [^usgs-2025] | 2010 |
""")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    history = [Turn(role="user", content="What did Norway's rare earth mines produce in 1990?"),
               Turn(role="assistant", content="18,000 tonnes. [1]")]
    # the answer just given matches the conversation best; the row of the year asked now comes first
    answer = assistant.ask("what had it fallen to by 2010?", history=history)
    assert answer.blocks[0]["type"] == "table", answer.text
    assert answer.blocks[0]["rows"][0]["cells"][:2] == ["Norway", "4,200"], answer.blocks[0]["rows"]


def test_a_table_row_is_dated_by_its_own_cells_not_by_the_years_its_heading_spans(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # every row of a table headed "1990 to 2010" names 1990 first: the row of 2010 is still not about 1990
    _add_to_mining_note(corpus, """
## Norway's rare earth output, 1990 to 2010

| Edition | Mine production (t REO) | Producers | Source | Year |
|---|---|---|---|---|
| 2010 survey | 4,200 | Two mines reopened | [^usgs-2025] | 2010 |
| 2000 survey | 0 | None after the court case | [^usgs-2025] | 2000 |
| 1990 survey | 18,000 | One mine | [^usgs-2025] | 1990 |
""")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    history = [Turn(role="user", content="What did Norway's rare earth survey of 2010 count as its mine production?"),
               Turn(role="assistant", content="4,200 tonnes. [1]")]
    answer = assistant.ask("And in 1990?", history=history)
    table = next(b for b in answer.blocks if b["type"] == "table")
    assert table["rows"][0]["cells"][:2] == ["1990 survey", "18,000"], table["rows"]


INDIUM_LICENSING = """---
id: norway-indium-licensing-2030
title: "Norway's 2030 export licensing for indium"
kind: policy-note
summary: "Norway has required licences for indium exports since 1 March 2030."
key_points:
  - "Norway has required licences for exports of four indium products since 1 March 2030.[^emr-lic]"
  - "Applicants for Norwegian indium export licences must name the final buyer and the end use.[^emr-lic]"
  - "Norway's trade ministry said in June 2030 that some exporters had received indium licences.[^emr-lic]"
""" + _SOURCE.format(key="emr-lic", title="Indium licensing") + """minerals: [indium]
countries: [Norway]
topics: [export-controls]
---

## The licences

Norway has required licences for exports of four indium products since 1 March 2030, under rules announced on 2
February 2030.[^emr-lic] Applicants for Norwegian indium export licences must name the final buyer and the end
use.[^emr-lic] Norway's trade ministry said in June 2030 that some exporters had received indium
licences.[^emr-lic]

## Exports after the licences

Norway exported no indium in March 2030, the first month of licensing, Example Minerals Review
reported.[^emr-lic] Shipments resumed in May 2030 at about half their earlier level, the Review said.[^emr-lic]

## The legal basis

Example Wire reported in February 2030 that Norway based its indium licensing on the Trade Security Law that took
effect in 2027.[^emr-lic]
"""


def test_a_question_asking_which_one_of_a_kind_leads_with_the_sentence_naming_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "norway-indium-licensing-2030", INDIUM_LICENSING)
    answer = assistant.ask("Under which Norwegian law were the 2030 indium export licences brought in?")
    assert not answer.abstained, answer.text
    assert "Trade Security Law" in answer.blocks[0]["text"].split(". ")[0], answer.text


def test_a_follow_up_naming_a_country_by_its_adjective_swaps_in_the_country() -> None:
    history = [Turn(role="user", content="When did Iceland sign its indium memorandum with Peru?"),
               Turn(role="assistant", content="On 3 May 2030. [1]")]
    query = analyse("and the Norwegian one?", history)
    assert query.from_history == {"country": "Norway"}, query
    readings = {query.text, *(alt.text for alt in query.alternatives)}
    assert "When did Iceland sign its indium memorandum with Norway?" in readings, readings
    # an abbreviation stays as typed
    assert analyse("and the UK?", history).from_history == {"country": "UK"}


BOLT_SMELTING = """---
id: bolt-smelting-plans
title: "Bolt Smelting: funding, output plans and a trade board's findings"
kind: policy-note
summary: "Who is weighing a stake in Bolt Smelting, what its lines will make, and a trade board's list of uses."
key_points:
  - "Norway's Fjord Fund had put forward a possible 20 million euro stake in Bolt Smelting for approval by January 2026, Example Minerals Review reported.[^emr-bolt]"
  - "Bolt Smelting's zinc line would yield more than 300 tonnes a year of cadmium once fully running.[^emr-bolt]"
  - "Bolt Smelting has committed to start making indium by 2028.[^emr-bolt]"
""" + _SOURCE.format(key="emr-bolt", title="Bolt Smelting plans") + """minerals: [indium, cadmium]
countries: [Norway, Iceland]
topics: [supply]
---

## Funding

Norway's Fjord Fund had put forward a possible 20 million euro stake in Bolt Smelting for approval by January 2026,
Example Minerals Review reported.[^emr-bolt]

## Output plans

Bolt Smelting's zinc line would yield more than 300 tonnes a year of cadmium once fully running.[^emr-bolt]
Bolt Smelting has committed to start making indium by 2028.[^emr-bolt] Bolt Smelting's new furnace hall would add 900
tonnes of capacity a year, Example Minerals Review reported.[^emr-bolt]

## Uses

According to a 2021 Norway Trade Board report cited by Example Minerals Review, indium goes into touch screens,
low-melting solders and night-vision optics.[^emr-bolt]
"""


def test_gate_reads_the_kind_of_figure_asked_of_the_mineral_asked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "bolt-smelting-plans", BOLT_SMELTING)
    # the year names the report the question quotes ("the 2021 ... report"), with its publisher's name between
    cited = assistant.ask("Apart from touch screens, what uses of indium did the 2021 Norway Trade Board report list?")
    assert not cited.abstained and "night-vision" in cited.text, cited.text
    # tonnes of cadmium are no tonnes of indium, though the sentence names Bolt Smelting and its line
    other = assistant.ask("How many tonnes of indium a year will Bolt Smelting make once its line is running?")
    assert other.abstained and "mass" in other.text, other.text
    # a mineral that only says which project is meant: the fund's sentence names none, its note lists indium
    stake = assistant.ask("What stake had Norway's Fjord Fund put forward in Bolt Smelting's indium project by "
                          "January 2026?")
    assert not stake.abstained and "20 million euro" in stake.text, stake.text


def test_a_sum_quoted_per_tonne_names_no_mass() -> None:
    from assistant.figures import month_years, states_measure, told

    # (the date a commentary came out is when its source spoke, not what it tells of)
    assert not month_years(told("An Acme commentary of 3 May 2031, summarised by Bolt News, put the share at 40%."))
    assert month_years(told("Iceland's Announcement No. 9 of May 2031 put indium under licensing."))

    assert not states_measure("The benchmark reached 9,000 crowns per tonne in May.", "mass")
    assert not states_measure("Prices of US$ 50/kg held all year.", "mass")
    assert states_measure("The smelter shipped 40 tonnes in May.", "mass")
    assert states_measure("Exports (tonnes): 305", "mass")


ICELAND_RULES = """---
id: iceland-indium-rules-2024
title: "Iceland's 2024 indium export rules"
kind: policy-note
summary: "Iceland's May 2024 licensing and its October 2024 additions."
key_points:
  - "Iceland's May 2024 rules put indium ingots under export licensing.[^emr-rules]"
  - "Iceland's October 2024 rules extended licensing to indium scrap and to foreign-made solders holding 1% or more Icelandic indium.[^emr-rules]"
  - "The October 2024 rules also reached indium know-how.[^emr-rules]"
""" + _SOURCE.format(key="emr-rules", title="Iceland's indium rules") + """minerals: [indium]
countries: [Iceland]
topics: [export-controls]
---

## May 2024

Iceland's May 2024 rules put indium ingots under export licensing.[^emr-rules] Example Minerals Review reported in
October 2024 that Iceland's indium licensing rules had drawn 40 licence requests in their first months.[^emr-rules]

## October 2024

Iceland's October 2024 rules extended licensing to indium scrap and to foreign-made solders holding 1% or more
Icelandic indium.[^emr-rules] The October 2024 rules also reached indium know-how.[^emr-rules]
"""


def test_two_months_of_one_year_are_the_sides_of_a_comparison(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.plans import Planner

    q = analyse("How did Iceland's October 2024 indium rules differ from the May 2024 licensing in scope?")
    assert Planner._sides(q) == ["October 2024", "May 2024"]
    assistant = _assistant_with(make_assistant, corpus, "iceland-indium-rules-2024", ICELAND_RULES)
    answer = assistant.ask("How did Iceland's October 2024 indium rules differ from the May 2024 licensing in scope?")
    assert answer.answer_type == "comparison", answer.text
    sides = [(item.get("label"), item["text"]) for block in answer.blocks if block["type"] == "bullets"
             for item in block["items"]][:2]
    assert sides[0][0] == "October 2024" and "scrap" in sides[0][1], sides
    assert sides[1][0] == "May 2024" and "ingots under export licensing" in sides[1][1], sides
    assert "40 licence requests" not in sides[0][1], sides


def test_a_month_side_is_named_by_what_a_sentence_tells_not_by_when_its_source_spoke() -> None:
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.answering.plans.comparison import ComparisonPlan
    from assistant.settings import AnswerSettings
    from assistant.types import Hit

    plan = ComparisonPlan(AnswerSettings(), tokens=lambda text: text.lower().split())
    meta = {"title": "Iceland's indium rules", "heading": "Rules"}

    def sentence(text: str) -> Evidence:
        return Evidence(text, np.zeros(3, dtype=np.float32), Hit("rules#0", "rules", text, meta, 1.0),
                        hit_rank=0, position=0)
    assert plan._names(sentence("Iceland's May 2024 rules covered indium ingots."), "May 2024")
    assert not plan._names(sentence("Example Review reported in May 2024 that the rules drew 40 requests."),
                           "May 2024")
    assert plan._names(sentence("Iceland's tin rules took effect in 2024."), "tin")
    # ... and so is a year: a review of 2031 recalling the 2010 spike tells of 2010, not of 2031
    recalled = sentence("Example Review noted in May 2031 that buyers recalled the 2010 indium price spike.")
    assert plan._names(recalled, "2010") and not plan._names(recalled, "2031")


def test_a_question_on_what_someone_was_after_asks_for_an_explanation() -> None:
    # its aims, from more than one award or deal: not one sentence
    assert question_type("What was Norway trying to achieve with its 2021 and 2023 grants to Acme?") is QType.EXPLANATION
    assert question_type("What did Bolt want from the indium deal?") is QType.EXPLANATION
    assert question_type("What is the Iceland reserve meant to do?") is QType.EXPLANATION
    # what a row or a report was about: what lay behind it, not one sentence on it
    assert question_type("What was the 2019 indium row between Norway and Iceland about?") is QType.EXPLANATION
    assert question_type("What is it about?") is QType.FACTOID  # (nothing to explain but a pointer)
    # ... but what was sold or paid is a figure or a name
    assert question_type("What was Acme trying to sell?") is QType.FACTOID
    assert question_type("What did Acme expect to pay?") is QType.FACTOID


REGIONAL_TRADE = """---
id: regional-indium-trade
title: "Regional indium trade in the North Atlantic"
kind: policy-note
summary: "Who sold indium to whom around the North Atlantic in 2023 and 2024."
key_points:
  - "Iceland's indium smelters sold most of their output to Acme Metals in 2024, Example Minerals Review reported.[^emr-trade]"
  - "Norway's indium exports rose by a fifth in 2023.[^emr-trade]"
  - "Acme Metals resold part of the Icelandic indium to solder makers.[^emr-trade]"
""" + _SOURCE.format(key="emr-trade", title="North Atlantic indium trade") + """minerals: [indium]
countries: [Iceland, Norway]
topics: [trade]
---

## Buyers and sellers

Iceland's indium smelters sold most of their output to Acme Metals in 2024, Example Minerals Review
reported.[^emr-trade] Norway's indium exports rose by a fifth in 2023.[^emr-trade] Acme Metals resold part of the
Icelandic indium to solder makers.[^emr-trade]
"""


def test_a_question_on_when_something_happened_needs_a_sentence_that_tells_of_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "regional-indium-trade", REGIONAL_TRADE)
    # the passage names Iceland in one sentence and exports in another (Norway's): no word of an Icelandic ban
    declined = assistant.ask("When did Iceland ban exports of raw indium ore?")
    assert declined.abstained and "ban" in declined.text, declined.text
    answered = assistant.ask("When did Iceland's smelters sell most of their output to Acme Metals?")
    assert not answered.abstained and "2024" in answered.text, answered.text


def test_a_follow_up_reads_it_from_the_answers_first_sentence_not_its_read_more_line(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import answer_lead, answer_names

    # a lead of one sentence, then the footer the chat shows: "Read more" is no name "it" may point at
    said = ("Norway holds a 40-tonne indium stockpile in Mo i Rana, Example Minerals Review reported. [1]\n\n"
            "**Read more:** Norway's indium policy (as of 2025-05-01)")
    assert answer_lead(said) == "Norway holds a 40-tonne indium stockpile in Mo i Rana, Example Minerals Review reported."
    assert "Read" not in answer_names(said)
    facts = [("Stockpile", "Norway holds a 40-tonne indium stockpile in Mo i Rana, Example Minerals Review reported."),
             ("Funding", "Norway's budget funds the indium stockpile with 90 million kroner a year, Example Minerals "
                         "Review said."),
             ("Outreach", "Trade minister Kari Lund travelled to Reykjavik in March 2031 to present the reserve to "
                          "Nordic partners, Example Minerals Review reported.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    asked = "How big is Norway's indium stockpile?"
    first = assistant.ask(asked)
    assert "40-tonne" in first.text and "Read more" in first.text, first.text
    history = [Turn(role="user", content=asked), Turn(role="assistant", content=first.text)]
    answer = assistant.ask("who travelled in March to present it to partners?", history=history)
    assert "Kari Lund" in answer.text, answer.text


def test_a_follow_up_of_its_own_reads_the_rest_of_the_note_best_ranked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Stockpile", "Norway holds a 40-tonne indium stockpile in Narvik, Example Minerals Review reported."),
             ("Funding", "Norway's budget funds the indium stockpile with 90 million kroner a year, Example Minerals "
                         "Review said."),
             ("Rotation", "Norway rotates a quarter of the indium stockpile every year to keep the metal fresh, "
                          "Example Minerals Review said."),
             ("Outreach", "Trade minister Kari Lund travelled to Reykjavik in March 2031 to present the reserve to "
                          "Nordic partners, Example Minerals Review reported.")]
    # (one passage retrieved: the rest of the note is read only if the follow-up reads it)
    assistant = _norway_only(make_assistant, corpus, facts, top_k=1)
    asked = "How big is Norway's indium stockpile in Narvik?"
    history = [Turn(role="user", content=asked), Turn(role="assistant", content=assistant.ask(asked).text)]
    answer = assistant.ask("and when was it last topped up?", history=history)
    read = " ".join(h.text for h in answer.passages)
    assert all(fact in read for _, fact in facts), [h.text for h in answer.passages]


def test_a_follow_up_asking_something_new_counts_its_own_words_apart(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.abstain import strength
    from assistant.answering.answerer import asks_anew

    asked = "How big is Norway's indium stockpile?"
    history = [Turn(role="user", content=asked), Turn(role="assistant", content="40 tonnes, in Narvik.")]
    new = analyse("who travelled to Reykjavik in March to present it to Nordic partners?", history)
    # (a follow-up of few words of its own means little without the previous question)
    assert asks_anew(new, 4) and not asks_anew(analyse("who backed it?", history), 4)
    assert not asks_anew(analyse(asked), 4)
    scorer = make_assistant(corpus).answerer.scorer
    whole, own = np.eye(2, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("norway-stockpile", "Norway holds a 40-tonne indium stockpile in Narvik.", whole, 0.0),
                _sentence("norway-stockpile", "Trade minister Kari Lund travelled to Reykjavik in March 2031 to "
                                              "present the reserve to Nordic partners.", 0.6 * whole + 0.8 * own, 0.0)]

    # read with the previous question only, the sentence the user was just given wins
    told = evidence()
    scorer.score(new, whole, told)
    assert told[0].score > told[1].score
    # with its own words counted apart, the sentence on what is asked now wins
    told = evidence()
    scorer.score(new, whole, told, own=own)
    assert told[1].score > told[0].score, [e.score for e in told]
    # ... while the refusal decision still reads it whole too
    assert told[0].whole_score is not None and strength(told[0]) >= told[0].whole_score


def test_a_question_asking_which_firm_is_declined_when_no_close_sentence_names_one(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    tender = ("Tender", "Oslo opened bidding to build the Narvik indium smelter on 3 May 2031, Example Minerals Review "
                        "reported.")
    assistant = _norway_with(make_assistant, corpus, tender)
    question = "Which firm was picked to build the Narvik indium smelter?"
    refused = assistant.ask(question)
    assert refused.abstained and refused.abstain_reason == "weak_evidence", refused.text
    assert "names a company" in refused.text
    # ... while a sentence naming the firm answers it (a body or a firm counts; a city or a country does not)
    winner = ("Winner", "Bolt Mining was picked in 2032 to build the Narvik indium smelter, Example Minerals Review said.")
    answered = _norway_with(make_assistant, corpus, tender, winner).ask(question)
    assert not answered.abstained and "Bolt Mining" in answered.text, answered.text
    from assistant.answering.abstain import names_a_party

    assert names_a_party("In May 2031 the Norwegian Ministry of Trade picked the builder.", question)
    assert not names_a_party("Norway picked the builder in May 2031, Example Minerals Review said.", question)


def test_a_price_per_unit_between_two_firms_is_declined_when_no_close_sentence_gives_theirs(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    market = ("Prices", "Indium traded at US$300 per kilogram in Rotterdam in 2030, Example Minerals Review reported.")
    deal = ("Supply deal", "Acme agreed in 2030 to buy Norway's indium from Fjordstaal for ten years, Example Minerals "
                           "Review said.")
    question = "At what price per kilogram does Fjordstaal sell Norway's indium to Acme?"
    refused = _norway_with(make_assistant, corpus, market, deal).ask(question)
    assert refused.abstained and refused.abstain_reason == "weak_evidence", refused.text
    assert "price per unit" in refused.text
    # ... while a sentence giving their price answers it
    price = ("Deal price", "Acme pays Fjordstaal US$280 per kilogram of indium under the 2030 deal, Example Minerals "
                           "Review said.")
    answered = _norway_with(make_assistant, corpus, market, deal, price).ask(question)
    assert not answered.abstained and "US$280 per kilogram" in answered.text, answered.text


def test_a_comparisons_lead_naming_both_sides_compares_them(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    question = analyse("Where is Norway's hold tighter: indium or tellurium?")

    def evidence(first: str):  # type: ignore[no-untyped-def]
        given = [_sentence("norway-metals", "Norway mines 40% of the world's indium.", vector, 0.92),
                 _sentence("norway-metals", "Norway mines 80% of the world's tellurium.", vector, 0.91),
                 _sentence("norway-rules", first, vector, 0.88),
                 _sentence("norway-metals", "Norway held 40% of indium output and 80% of tellurium output in 2030, "
                                            "Example Minerals Review said.", vector, 0.84)]
        for e in given:
            e.semantic = 0.8
        return given

    # a sentence naming both that compares nothing (no figure, no degree) gives way to one stating figures
    given = evidence("Norway's export rules cover indium and tellurium from 2031.")
    plan = planner.comparison(question, given, 0.92)
    assert plan is not None and plan.lead == [given[3]], [e.text for e in plan.lead] if plan else None
    # ... not one that weighs the two in words
    given = evidence("Norway's grip on tellurium is far tighter than on indium, Example Minerals Review said.")
    plan = planner.comparison(question, given, 0.92)
    assert plan is not None and plan.lead == [given[2]], [e.text for e in plan.lead]


def test_a_sum_asked_by_one_paying_verb_is_answered_by_a_sentence_using_another(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    grant = ("Grants", "Norway committed 12 million euros to indium substitution research in 2030, Example Minerals "
                       "Review said.")
    # (the verbs asked by are words the notes use: a sentence using one need not be about the sum)
    words = ("Exploration", "Norway spends little on indium exploration and invests mostly in recycling, Example "
                            "Minerals Review said.")
    assistant = _norway_with(make_assistant, corpus, grant, words)
    for question in ("How much is Norway spending on indium?", "How much did Norway invest in indium?"):
        answer = assistant.ask(question)
        assert not answer.abstained and "12 million euros" in answer.text, answer.text


def test_a_long_follow_up_pointing_back_with_it_is_read_with_the_conversation(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import leans_on_conversation

    # "it" in a long question naming nothing of its own points back; one naming its own subject does not
    assert leans_on_conversation("which officials were picked to chair the review board it quietly set up last year?")
    assert not leans_on_conversation("What does it take to build a new indium smelter outside Norway these days?")
    facts = [("Council", "Norway's 2031 indium pact set up a joint review board, Example Minerals Review reported."),
             ("Chairs", "Kari Lund and Ola Berg chair the pact's joint review board, Example Minerals Review said."),
             ("Signing", "Norway signed its 2031 indium pact with Iceland on 4 March 2031, Example Minerals Review "
                         "reported.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    asked = "When did Norway sign its 2031 indium pact?"
    history = [Turn(role="user", content=asked), Turn(role="assistant", content=assistant.ask(asked).text)]
    answer = assistant.ask("which two people chair the joint review board that it set up under the indium pact?",
                           history=history)
    assert "(When did Norway sign" in answer.searched, answer.searched
    assert "Kari Lund" in answer.text, answer.text


def test_a_question_worded_as_the_notes_statement_of_a_gap_is_declined_by_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Fund", "Norway's indium fund lent NOK 90 million to Odda Smelting in 2031, Example Minerals Review said."),
             ("Cargoes", "Norway shipped its first indium cargo to Japan in May 2031, Example Minerals Review reported."),
             ("Record", "No public source found by 2032 named the buyer of Norway's first indium cargo to Japan.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    buyer = assistant.ask("Which buyer got Norway's first indium cargo to Japan?")
    assert buyer.abstained and buyer.abstain_reason == "unsettled", buyer.text
    assert "named the buyer" in buyer.text, buyer.text
    shipped = assistant.ask("When did Norway ship its first indium cargo to Japan?")
    assert not shipped.abstained and "May 2031" in shipped.text, shipped.text


def test_what_a_question_asks_leaves_out_a_name_holding_a_place() -> None:
    from assistant.answering.abstain import Gate
    asked = Gate.asked_words(analyse("Which project got the Acme-Norway Tin Fund's first loan?"))
    assert "project" in asked and "loan" in asked, asked
    assert not {"Tin", "Fund"} & set(asked), asked


def test_the_best_notes_statements_of_a_gap_join_a_factoids_passages(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Fund", "Norway's indium fund lent NOK 90 million to Odda Smelting in 2031, Example Minerals Review said."),
             ("Cargoes", "Norway shipped its first indium cargo to Japan in May 2031, Example Minerals Review reported."),
             ("Record", "No public source found by 2032 named the buyer of Norway's first indium cargo to Japan.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    hits = [h for h in assistant.retriever.retrieve("Norway indium fund loan Odda Smelting", None, k=5)
            if h.doc_id == "norway-indium-policy" and "No public source" not in h.text][:1]
    assert hits, "the fixture note ranks"
    more = assistant._gaps_of_best(hits)
    assert [h.text for h in more[1:] if "No public source found by 2032" in h.text], [h.text for h in more]
    assert all("shipped its first" not in h.text for h in more[1:])  # (only the passages stating a gap)


def test_a_follow_up_word_the_notes_never_use_is_weighed_in_the_conversation_it_is_read_with(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    facts = [("Rule", "Norway's defence buyers may not take indium smelted in Peru from 2031, Example Minerals Review "
                      "reported."),
             ("Deadline", "Norway's ban on indium refined in Peru for defence buyers starts on 1 January 2033, Example "
                          "Minerals Review reported."),
             ("Smelters", "Norway's two indium smelters sit at Narvik and Odda, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="What is Norway's defence indium rule?"),
               Turn(role="assistant", content="From 2031 its defence buyers may not take indium smelted in Peru. [1]")]
    question = "when does the harsher refining part kick in?"
    reading = assistant.analyse(question, history)
    assert reading.text != reading.focus, reading.text  # (read with the question before it)
    vector = np.asarray(assistant.embedder.embed_query(reading.text), dtype=np.float32)
    gate = assistant.answerer.gate
    alone = gate.unfamiliar_words(reading.focus, vector)  # (the follow-up alone against the pair's embedding)
    read = gate.unfamiliar_words(reading.focus, vector, reading.text)
    assert "harsher" in alone and read.get("harsher", 0.0) < alone["harsher"], (alone, read)
    answer = assistant.ask(question, history=history)
    assert not answer.abstained and "1 January 2033" in answer.text, answer.text


def test_a_statement_that_no_source_reported_a_change_leaves_nothing_open(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.abstain import is_gap, leaves_open
    unchanged = "No public source found by 2032 reported any change to the 1 January 2033 start of Norway's rule."
    assert is_gap(unchanged) and not leaves_open(unchanged)  # (still the record's word, but the start stands)
    assert leaves_open("No public source found by 2032 named the buyer of Norway's first indium cargo.")
    facts = [("Rule", "From 1 January 2033 Norway's defence buyers may not take indium mined or smelted in Peru, "
                      "Example Minerals Review reported."),
             ("Record", "No public source found by 2032 reported any change to the 1 January 2033 start of Norway's "
                        "mine-to-smelter rule."),
             ("Smelters", "Norway's two indium smelters sit at Narvik and Odda, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="What does Norway's defence indium rule bar?"),
               Turn(role="assistant", content="Indium mined or smelted in Peru. [1]")]
    answer = assistant.ask("when does the mine-to-smelter part kick in?", history=history)
    assert not answer.abstained and "1 January 2033" in answer.text, answer.text


def test_a_follow_up_asking_a_year_of_its_own_is_declined_when_no_close_sentence_tells_of_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Exports", "Norway exported 40 tonnes of indium to Japan in 2031, Example Minerals Review reported."),
             ("Output", "Norway refined 90 tonnes of indium in 2031, Example Minerals Review reported."),
             ("Rule", "From 1 January 2033 Norway's defence buyers may not take indium refined in Peru, Example "
                      "Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="How much indium did Norway export to Japan in 2031?"),
               Turn(role="assistant", content="40 tonnes, Example Minerals Review reported. [1]")]
    # (the rule's 2033 start gives no export total for 2033)
    later = assistant.ask("is there a 2033 total yet?", history=history)
    assert later.abstained and later.abstain_reason == "undated", later.text
    refined = assistant.ask("how much did it refine in 2031?", history=history)
    assert not refined.abstained and "90 tonnes" in refined.text, refined.text


def test_a_year_asked_of_one_country_trading_with_another_is_told_by_a_sentence_naming_both(make_assistant,  # type: ignore[no-untyped-def]
                                                                                              corpus: Path) -> None:
    facts = [("Exports", "Norway exported 40 tonnes of indium to Japan in 2031, Example Minerals Review reported."),
             ("Total", "Norway's indium exports to all buyers reached 300 tonnes in 2032, Example Minerals Review "
                       "reported."),
             ("Rule", "From 1 January 2033 Norway's defence buyers may not take indium refined in Peru, Example "
                      "Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    # (Norway's total to all buyers gives no figure for what Peru took)
    peru = assistant.ask("How many tonnes of Norwegian indium did Peru import in 2032?")
    assert peru.abstained and peru.abstain_reason == "undated", peru.text
    japan = assistant.ask("How many tonnes of Norwegian indium did Japan import in 2031?")
    assert not japan.abstained and "40 tonnes" in japan.text, japan.text
    # a country named as a word of a source's name is no party to the trade ("per the Japan Minerals Review")
    from assistant.answering.abstain import countries_in_own_right
    assert countries_in_own_right("How much indium did Norway export in 2032, per the Japan Minerals Review?") == {
        "Norway"}
    assert countries_in_own_right("How much Norwegian indium did Japan take in 2031?") == {"Norway", "Japan"}


def test_an_event_asked_of_a_year_is_dated_by_the_report_that_tells_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Survey", "Norway's ministry said on 2 March 2031 that the survey ship Polarstjerne had brought up "
                        "indium-rich mud from 3,000 metres down, Example Minerals Review reported."),
             ("Output", "Example Minerals Review reported in 2031 that Norway's indium output was 40 tonnes."),
             ("Smelters", "Norway's two indium smelters sit at Narvik and Odda, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    answer = assistant.ask("Which ship brought up Norway's indium-rich mud in 2031?")
    assert not answer.abstained and "Polarstjerne" in answer.text, answer.text
    # ... but a figure reported in 2031 may be of any year before it: it gives no output for 2031
    output = assistant.ask("What was Norway's indium output in 2031?")
    assert output.abstained and output.abstain_reason == "undated", output.text


def test_a_small_word_opening_the_previous_question_is_no_part_of_a_name(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Chart", "A Polar Gazette chart shows Norway's indium refining rising from 40 tonnes in 2030 to 90 tonnes "
                       "in 2033, Example Minerals Review reported."),
             ("Smelters", "Norway's two indium smelters sit at Narvik and Odda, Example Minerals Review said."),
             ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                          "said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="Per the Polar Gazette chart, how much indium did Norway refine in 2030?"),
               Turn(role="assistant", content="Roughly 40 tonnes, a Polar Gazette chart shows. [1]")]
    answer = assistant.ask("and where is it expected to be by 2033?", history=history)
    assert not answer.abstained and "90 tonnes" in answer.text, answer.text


def test_a_sum_a_named_party_puts_in_is_not_answered_by_another_partys_outlay(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    partner = ("Refinery", "Norway's sovereign fund Fjordkapital is expected to partner Bolt Mining on a planned indium "
                           "refinery at Odda, Example Minerals Review reported in 2031.")
    other = ("Smelter", "Acme plans a 90 million euro indium refinery at Narvik, Example Minerals Review reported in "
                        "2031.")
    question = "How much is Fjordkapital putting into the planned indium refinery in Norway?"
    refused = _norway_with(make_assistant, corpus, partner, other).ask(question)
    assert refused.abstained and "sum of money" in refused.text, refused.text
    # ... while a sentence giving the party's own sum answers it
    stake = ("Stake", "Fjordkapital will put 40 million euros into the Odda indium refinery, Example Minerals Review "
                      "said.")
    answered = _norway_with(make_assistant, corpus, partner, other, stake).ask(question)
    assert not answered.abstained and "40 million euros" in answered.text, answered.text


def test_a_list_asked_by_its_plural_noun_is_told_from_the_section_headed_with_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import listed_noun

    assert listed_noun("What separate levies made up the Acme package?") == "levies"
    assert listed_noun("Which new rules did Acme adopt in 2031?") == "rules"
    assert listed_noun("What prices did Acme pay?") == ""  # (an amount, not items)
    assert question_type("What separate levies made up Norway's 2031 indium package?") is QType.LIST
    levies = ("The four levies in Norway's 2031 indium package",
              "Norway's 2031 indium package set a 5% levy on raw indium exports.[^emr-norway]\n\n"
              "The 2031 package added a 3% levy on indium scrap leaving the country.[^emr-norway]\n\n"
              "Norway's 2031 package charged smelters a 2% levy on imported indium concentrate.[^emr-norway]\n\n"
              "A fourth 2031 levy of 1% on indium stockpiles held by traders completed the package, Example Minerals "
              "Review reported.")
    facts = [("Package", "Norway adopted a 2031 indium package worth 300 million kroner, Example Minerals Review "
                         "reported."), levies,
             ("Smelters", "Norway's two indium smelters sit at Narvik and Odda, Example Minerals Review said."),
             ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                          "said.")]
    answer = _norway_only(make_assistant, corpus, facts).ask(
        "What separate levies made up Norway's 2031 indium package?")
    assert answer.answer_type == "list", answer.text
    bullets = [b for block in answer.blocks if block["type"] == "bullets" for b in block["items"]]
    assert len(bullets) >= 2, answer.text
    for levy in ("5% levy", "3% levy", "2% levy", "1% on indium stockpiles"):  # (the lead may open with the first)
        assert levy in answer.text, answer.text


def test_a_list_asked_one_item_at_a_time_is_told_from_the_section_counting_them(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import listed_noun

    assert listed_noun("Itemise the Acme package, levy by levy, with rates.") == "levy"
    assert listed_noun("How did Acme's output move year by year?") == ""  # (a span of time, not items)
    assert listed_noun("Set Acme and Bolt side by side.") == ""
    levies = ("The four levies in Norway's indium package",
              "Norway's indium package set a 5% levy on raw indium exports.[^emr-norway]\n\n"
              "The package added a 3% levy on indium scrap leaving the country.[^emr-norway]\n\n"
              "Norway's package charged smelters a 2% levy on imported indium concentrate.[^emr-norway]\n\n"
              "A fourth levy of 1% on indium stockpiles held by traders completed the package, Example Minerals "
              "Review reported.")
    # (the opening section shares a phrase with the question, "12 May"; the one counting the levies holds them)
    facts = [("The 12 May 2031 indium package",
              "Norway adopted an indium package worth 300 million kroner on 12 May 2031, Example Minerals Review "
              "reported.[^emr-norway]\n\nNorway's trade minister said on 12 May 2031 that the package would "
              "keep indium at home, Example Minerals Review reported."),
             ("Smelters", "Norway's two indium smelters sit at Narvik and Odda, Example Minerals Review said."),
             ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                          "said."), levies]  # (past the three key points, which hold the first sections whole)
    answer = _norway_only(make_assistant, corpus, facts).ask(
        "Itemise what Norway adopted for indium on 12 May 2031, levy by levy, with rates.")
    assert answer.answer_type == "list", answer.text
    bullets = [b["text"] for block in answer.blocks if block["type"] == "bullets" for b in block["items"]]
    for levy in ("5% levy", "3% levy", "2% levy", "1% on indium stockpiles"):  # (one a bullet)
        assert sum(levy in bullet for bullet in bullets) == 1, answer.text


def test_a_factoids_best_note_gives_its_next_passage_beyond_the_limit_per_note(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Tender", "Norway opened indium smelter bidding at Narvik in 2031, Example Minerals Review reported."),
             ("Bids", "Norway received four indium smelter bids for Narvik in 2031, Example Minerals Review said."),
             ("Award", "Norway awarded the Narvik indium smelter to Bolt Mining in 2032, Example Minerals Review "
                       "said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    question = "Norway Narvik indium smelter bidding bids award"
    capped = assistant.retriever.retrieve(question, k=4)
    assert sum(h.doc_id == "norway-indium-policy" for h in capped) == 2 and len(capped) == 4
    lead = assistant.retriever.retrieve(question, k=4, lead_extra=1)
    assert lead[0].doc_id == "norway-indium-policy"
    assert sum(h.doc_id == "norway-indium-policy" for h in lead) == 3 and len(lead) == 5  # (beyond k, not instead)


def test_how_large_is_answered_first_by_a_sentence_stating_an_amount(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    ban = ("Ban", "Norway's trade minister said on 3 May 2031 that Norway would keep its ban on raw indium exports, "
                  "Example Minerals Review reported.")
    deposits = ("Deposits", "Nils Berg argued on 3 May 2031 that Norway must guard its 12,000 tonnes of indium "
                            "deposits, Example Minerals Review said.")
    answer = _norway_with(make_assistant, corpus, ban, deposits).ask(
        "How large did Norway's trade minister say its indium deposits are when he kept the export ban?")
    assert not answer.abstained, answer.text
    assert "12,000 tonnes" in answer.text.split("[1]")[0], answer.text


_ASIDE = ("Apart from the 2031 advance of 40 million euros, no public source found by 2032 broke down Odda Smelting's "
          "indium deal between metal, equipment and research.")


@pytest.mark.parametrize("facts, asked, said, follow_up, gap, answered, fact", [
    ([("Council", "Kari Berg of Odda Smelting has chaired Norway's indium council since 2030, Example Minerals "
                  "Review reported."),
      ("Term", "Norway's indium council kept Kari Berg as chair through June 2032 when it merged with the tin board "
               "in 2031, Example Minerals Review said."),
      ("Record", "No public source found by 2032 named who chairs Norway's indium council after Kari Berg's term "
                 "ending in June 2032.")],
     "Who chairs Norway's indium council?", "Kari Berg of Odda Smelting, since 2030. [1]",
     "who succeeds her as chair after her term ends in June 2032?", "No public source found by 2032 named who chairs",
     "and which firm is she from?", "Odda Smelting"),
    # (the record stopping after setting aside what it gives)
    ([("Deal", "Odda Smelting signed a 100 million euro indium deal with Norway's ministry in May 2031, Example "
               "Minerals Review reported."),
      ("Advance", "Norway's ministry paid Odda Smelting a 40 million euro advance in June 2031, Example Minerals "
                  "Review said."),
      ("Record", _ASIDE)],
     "How big is Odda Smelting's indium deal with Norway?", "100 million euros, signed in May 2031. [1]",
     "how is the 100 million split between metal, equipment and research?",
     "no public source found by 2032 broke down", "and the advance, how large was it?", "40 million"),
])
def test_a_follow_up_best_answered_by_the_notes_word_that_the_record_stops_is_a_cited_abstention(  # type: ignore[no-untyped-def]
        make_assistant, corpus: Path, facts: list[tuple[str, str]], asked: str, said: str, follow_up: str, gap: str,
        answered: str, fact: str) -> None:
    # (the gate weighs the follow-up with the sentences of the answer just given, which may let it through when
    # many of them speak of what was asked: here it lets everything through, so the plan alone decides)
    from assistant.answering.abstain import Decision

    assistant = _norway_only(make_assistant, corpus, facts)
    assistant.answerer.gate.decide = lambda query, evidence, vector: Decision(None, best=0.9)
    history = [Turn(role="user", content=asked), Turn(role="assistant", content=said)]
    answer = assistant.ask(follow_up, history=history)
    assert answer.abstained and answer.abstain_reason == "unsettled", answer.text
    assert gap in answer.text and answer.citations, answer.text
    # ... while a follow-up the notes answer is answered
    told = assistant.ask(answered, history=history)
    assert not told.abstained and fact in told.text, told.text


def test_a_record_stopping_after_what_it_does_give_opens_on_its_gap() -> None:
    from assistant.answering.abstain import opens_on_gap

    assert opens_on_gap(_ASIDE, "how is the 100 million split between metal, equipment and research?")
    # ... but not for a question asking about what it sets aside, which it answers
    assert not opens_on_gap(_ASIDE, "and the advance, how large was it?")
    # (a fact with a gap clause after it is a fact first; an aside with no gap after it is no gap statement)
    assert not opens_on_gap("Odda Smelting signed in 2031; no public source found by 2032 named its buyer.")
    assert not opens_on_gap("Apart from the 2031 advance, Odda Smelting paid 40 million euros in 2032.")


def test_a_question_is_read_as_the_notes_would_type_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.text import plain_typing, shouted

    assert plain_typing("Acme\u2019s \u201cfund\u201d") == 'Acme\'s "fund"'
    # (non-breaking hyphens and spaces plain; zero-width spaces, soft hyphens and direction marks gone)
    assert plain_typing("rare\u2011earth\u00a0magnets\u200b in Nor\u00adway\u200e") == "rare-earth magnets in Norway"
    assert shouted("WHO CHAIRS THE INDIUM COUNCIL?") and not shouted("Who chairs the ZIB?") and not shouted("WHO?")
    assistant = _norway_with(make_assistant, corpus, ("Chair", "Kari Berg of Odda Smelting has chaired Norway's "
                                                               "indium council since 2030, Example Minerals Review "
                                                               "reported."))
    straight = assistant.analyse("Who chairs Norway's indium council?")
    for typed in ("Who chairs Norway\u2019s indium council?", "Who chairs\u00a0Norway's indium\u200b council?"):
        read = assistant.analyse(typed)
        assert (read.text, read.qtype, read.entities) == (straight.text, straight.qtype, straight.entities), typed
    history = [Turn(role="user", content="Who chairs Norway\u2019s indium council?"),
               Turn(role="assistant", content="Kari Berg. [1]")]
    assert (assistant.analyse("and since when?", history).text
            == assistant.analyse("and since when?", [Turn(role="user", content="Who chairs Norway's indium council?"),
                                                      history[1]]).text)
    # a question typed all in capitals is answered as if typed in lower case: its capitals mark no names
    shout = assistant.ask("WHO CHAIRS NORWAY'S INDIUM COUNCIL?")
    assert not shout.abstained and "Kari Berg" in shout.text, shout.text
    # a chat message's greeting, thanks, emoji and question marks wrap the question, and are no part of it
    for typed in ("Hi, who chairs Norway's indium council?? Thanks!", "who chairs Norway's indium council? \U0001F64F"):
        read = assistant.analyse(typed)
        assert (read.text.lower(), read.qtype, read.entities) == (straight.text.lower(), straight.qtype,
                                                                  straight.entities), typed


def test_a_chat_message_is_read_as_the_question_it_asks() -> None:
    from assistant.text import plain_question

    assert plain_question("Hello there! How big is Acme's tin reserve?! Many thanks.") == "How big is Acme's tin reserve?"
    assert plain_question("Tell me about tin.") == "Tell me about tin."
    assert plain_question("What is Ta used for?") == "What is Ta used for?"  # (a symbol is no thanks)
    assert plain_question("Thanks!") == "Thanks!"  # (nothing is left to ask: the message is read as it is)


def test_an_american_spelling_is_read_as_the_notes_spell_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.lexical import LexicalIndex

    index = LexicalIndex(["Acme's data centre licence; the centre, a centre, one centre; 40 tons", "the Bolt Center"])
    assert index.british_spellings("which data center license?") == "which data centre licence?"
    # (a unit is no spelling: short tons are not tonnes; nor a word with a capital, which may be a name's)
    assert index.british_spellings("how many tons at the Bolt Center?") == "how many tons at the Bolt Center?"
    assert index.british_spellings("a defense program") == "a defense program"  # (no British form in the texts)
    cooling = ("Cooling", "Norway's data centres cool their servers with fjord water, and each centre licence "
                          "requires it, Example Minerals Review reported.")
    indium = ("Indium", "Norway's data centres use 2 tonnes of indium a year in their screens and chips, the "
                        "centres' operators told Example Minerals Review.")
    assistant = _norway_with(make_assistant, corpus, cooling, indium)
    british = assistant.analyse("How much indium do Norway's data centres use?")
    american = assistant.analyse("How much indium do Norway's data centers use?")
    assert american.text == british.text, american.text
    answer = assistant.ask("How much indium do Norway's data centers use?")
    assert not answer.abstained and "2 tonnes" in answer.text, answer.text


def test_a_misspelt_mineral_is_read_as_the_mineral(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.lexical import LexicalIndex

    index = LexicalIndex(["Norway recycles indium."])
    assert index.corrected_names("How much indum does Norway recycle?") == "How much indium does Norway recycle?"
    # (an English word, a word of the texts and a name one letter from no mineral are left as typed)
    assert index.corrected_names("Which liners and recycles does Zanzibarium use?") == (
        "Which liners and recycles does Zanzibarium use?")
    assistant = _norway_with(make_assistant, corpus, ("Recycling", "Norway recovers 8 tonnes of indium a year "
                                                                   "from scrapped screens, Example Minerals Review "
                                                                   "reported."))
    assert assistant.analyse("How much indum does Norway recover from scrap?").names("mineral") == ["indium"]
    answer = assistant.ask("How much indum does Norway recover from scrap?")
    assert not answer.abstained and "8 tonnes" in answer.text, answer.text


def test_a_question_whether_a_metal_is_covered_is_led_by_the_sentence_naming_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    # (the best sentence lists rare earths, the group the question names, without the one asked about)
    rules = _sentence("norway-rules", "Norway's export rules cover the rare earths samarium, terbium and dysprosium, "
                                      "Example Minerals Review reported.", vector, 0.80)
    left = _sentence("norway-rules", "Odda Smelting said its lobbying had kept holmium off the list, Example Minerals "
                                     "Review said.", vector, 0.72)
    plan = planner.factoid(analyse("Is holmium among the rare earths Norway's export rules cover?"), [rules, left])
    assert plan.lead[0] is left, [e.text for e in plan.lead]
    # (asked which they cover, the best sentence leads)
    plan = planner.factoid(analyse("Which rare earths do Norway's export rules cover?"), [rules, left])
    assert plan.lead[0] is rules, [e.text for e in plan.lead]


def test_what_a_named_body_holds_is_not_answered_by_what_another_holds(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    reserve = ("Reserve", "Norway's state reserve agency was believed to hold 90 tonnes of indium, Example Minerals "
                          "Review reported.")
    loan = ("Loan", "The Department of Defense lent 20 million euros to Odda Smelting in 2031, Example Minerals "
                    "Review reported.")
    assistant = _norway_with(make_assistant, corpus, reserve, loan)
    for question in ("Does the Pentagon's reserve hold any indium, and how many tonnes?",
                     "How many tonnes of indium are in the Pentagon's reserve?"):
        refused = assistant.ask(question)
        assert refused.abstained and "Department of Defense" in refused.text, refused.text
    # ... while the owner the sentences speak of is answered
    answered = assistant.ask("How many tonnes of indium does Norway's state reserve agency hold?")
    assert not answered.abstained and "90 tonnes" in answered.text, answered.text
    lent = assistant.ask("Who got the Pentagon's 2031 loan of 20 million euros?")
    assert not lent.abstained and "Odda Smelting" in lent.text, lent.text
    # (an owner named by its initials is spoken of by its name written out)
    company = ("Company", "The Narvik Smelting Company keeps a reserve of 12 tonnes of indium, Example Minerals "
                          "Review reported.")
    initials = _norway_with(make_assistant, corpus, reserve, loan, company).ask(
        "How many tonnes of indium does the NSC's reserve hold?")
    assert not initials.abstained and "12 tonnes" in initials.text, initials.text


def test_a_follow_up_asking_how_things_stood_at_a_years_end_needs_a_sentence_of_its_last_month(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.figures import year_ends

    assert year_ends("and at the close of 2031?") == {"december 2031"}
    assert year_ends("Prices stood at 40 euros at end-2031 and at year-end 2032.") == {"december 2031", "december 2032"}
    facts = [("Price", "Norway's indium benchmark reached 400 euros a kilogram on 3 February 2031, Example Minerals "
                       "Review reported."),
             ("Output", "Norway refined 90 tonnes of indium in 2031, Example Minerals Review reported."),
             ("Smelters", "Norway's two indium smelters sit at Narvik and Odda, Example Minerals Review said.")]
    history = [Turn(role="user", content="What was Norway's indium benchmark price in February 2031?"),
               Turn(role="assistant", content="400 euros a kilogram on 3 February 2031. [1]")]
    later = _norway_only(make_assistant, corpus, facts).ask("and at the close of 2031?", history=history)
    assert later.abstained and later.abstain_reason == "undated", later.text
    # ... while a note giving the year's end answers it
    end = ("Year end", "Norway's indium benchmark closed 2031 at 350 euros a kilogram, down from February, at the end "
                       "of 2031, Example Minerals Review said.")
    answered = _norway_only(make_assistant, corpus, [*facts, end]).ask("and at the close of 2031?",
                                                                      history=history)
    assert not answered.abstained and "350 euros" in answered.text, answered.text


def test_a_mass_asked_of_a_named_firm_or_thing_needs_a_sentence_giving_that_mass(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.figures import mass_of_asked, masses_of

    assert mass_of_asked("How many tonnes of scrap a year will the Odda line take in?") == "scrap"
    assert mass_of_asked("How many tonnes did Acme ship?") == ""
    assert masses_of("Bolt can process up to 5,000 tonnes of ore a year and 90 t of scrap.") == ["ore", "scrap"]
    assert "I" not in analyse("I keep seeing two tonnages for Acme Metals. Which is right?").names("name")  # (the asker)
    cargo = ("Cargo", "Fjordline began importing indium from Norway's Narvik smelter in May 2031, calling it its first "
                      "import, Example Minerals Review reported.")
    plant = ("Plant", "Bolt Mining plans to import up to 5,000 tonnes of indium ore a year for a Narvik plant, "
                      "Example Minerals Review reported.")
    question = "How many tonnes of indium were in Fjordline's first import from Norway?"
    refused = _norway_with(make_assistant, corpus, cargo, plant).ask(question)
    assert refused.abstained and "a mass" in refused.text, refused.text
    held = ("Tonnage", "Fjordline's first import from Norway held 12 tonnes of indium, Example Minerals Review said.")
    answered = _norway_with(make_assistant, corpus, cargo, plant, held).ask(question)
    assert not answered.abstained and "12 tonnes" in answered.text, answered.text
    # ... and what the mass is of: the line's output is no answer to how much scrap it takes in
    line = ("Recycling line", "Norway set up an indium recycling line at Odda in 2031 that takes in scrap from old "
                              "screens, Example Minerals Review reported.")
    output = ("Output", "Norway's Odda recycling line will yield 200 tonnes a year of indium once ramped up, Example "
                        "Minerals Review said.")
    scrap = "How many tonnes of scrap a year will Norway's Odda recycling line take in?"
    refused = _norway_with(make_assistant, corpus, line, output).ask(scrap)
    assert refused.abstained and "a mass" in refused.text, refused.text
    intake = ("Intake", "Norway's Odda recycling line can take in 900 tonnes of scrap a year, Example Minerals Review "
                        "said.")
    answered = _norway_with(make_assistant, corpus, line, output, intake).ask(scrap)
    assert not answered.abstained and "900 tonnes" in answered.text, answered.text


@pytest.mark.parametrize(("sentence", "unsaid"), [
    ("Example Minerals Review reported in 2031 that it was still unclear when Bolt would resume work at Narvik.", True),
    ("Acme did not disclose the Odda plant's capacity, Example Minerals Review said.", True),
    ("The summaries available for this note do not name the buyer of Acme's first cargo.", True),
    # a statement that leaves something out is a fact about it, not a gap in the record; nor is an effect unclear
    ("The Oslo statement of May 2031 did not name Iceland.", False),
    ("Analysts said the practical effect of the Norwegian ban was unclear.", False),
])
def test_the_notes_looser_statements_of_what_is_left_out_are_told(sentence: str, unsaid: bool) -> None:
    from assistant.answering.abstain import is_gap, tells_unsaid
    assert tells_unsaid(sentence) is unsaid
    # (none is the notes' plain statement that the record stops, which a broad answer leaves out: they stay in it as
    # caveats)
    assert not is_gap(sentence)


def test_a_question_how_a_sum_is_split_between_parts_asks_for_the_shares() -> None:
    assert question_type("How is the Acme grant divided between loans and equity?") is QType.FACTOID
    assert question_type("and how was the NOK 90 million split across the three smelters?") is QType.FACTOID
    assert question_type("How does the Acme grant work?") is QType.EXPLANATION


def test_a_question_for_a_name_the_notes_say_no_source_gives_is_declined_by_that_statement(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Cargoes", "Acme sold its first indium cargo to a buyer in Japan in May 2031, Example Minerals "
                         "Review reported."),
             ("Record", "The summaries available for this note do not name the Japanese buyer of Acme's "
                        "first indium cargo."),
             ("Permits", "Acme has needed an export permit for indium since 1 June 2031, Example Minerals Review "
                         "reported."),
             ("Permit record", "No public source found by 2032 gave an end date for Acme's indium export permit.")]
    assistant = _norway_with(make_assistant, corpus, *facts)
    name = assistant.ask("What's the name of the Japanese firm that bought Acme's first indium cargo?")
    assert name.abstained and name.abstain_reason == "unsettled", name.text
    assert "do not name the Japanese buyer" in name.text and name.citations, name.text
    sold = assistant.ask("When did Acme sell its first indium cargo?")
    assert not sold.abstained and "May 2031" in sold.text, sold.text
    # (a date is told as one, not by the word: the statement that no end date was given does not settle the start)
    since = assistant.ask("From what date has Acme needed an export permit for indium?")
    assert not since.abstained and "1 June 2031" in since.text, since.text


def test_a_follow_up_asking_when_of_what_the_notes_call_unclear_is_declined_by_that_statement(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Flood", "Acme and Bolt halted their Narvik indium smelters in March 2031 after a flood, and Acme "
                       "restarted its smelter on 12 May 2031, Example Minerals Review reported."),
             ("Restart", "Acme said on 12 May 2031 that it had restarted its Narvik indium smelter and would ramp up "
                         "over the summer."),
             ("Bolt", "Example Minerals Review reported in May 2031 that it was still unclear when Bolt would resume "
                      "work at its Narvik indium smelter.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="When did Acme get its Narvik indium smelter going again after the flood?"),
               Turn(role="assistant", content="Acme restarted its Narvik smelter on 12 May 2031. [1]")]
    bolt = assistant.ask("what about Bolt, when did they restart?", history=history)
    assert bolt.abstained and bolt.abstain_reason == "unsettled", bolt.text
    assert "unclear when Bolt would resume" in bolt.text and bolt.citations, bolt.text
    acme = assistant.ask("When did Acme restart its Narvik indium smelter?")
    assert not acme.abstained and "12 May 2031" in acme.text, acme.text


def test_the_month_a_document_came_out_and_a_rows_source_year_tell_of_no_year() -> None:
    from assistant.figures import told_years

    assert told_years("Acme Review's May 2032 digest put the 2031 rise in Norway's indium demand at 12%.") == {"2031"}
    # (a "Year" column after the source gives the year it came out when a period column before dates the figure ...)
    assert told_years("Demand: Measure: Indium demand growth; Period: 2031; Value: 12%; Source: Acme Review; "
                      "Year: 2032.") == {"2031"}
    # (... and is the figure's own year when none does)
    assert told_years("Reliance: Measure: Minerals fully imported; Value: 9 of 30; Scope: the 2028 list; "
                      "Source: Acme Review; Year: 2031.") == {"2028", "2031"}


def test_a_follow_up_asking_a_later_years_figure_is_not_answered_by_when_a_report_came_out(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Demand", "Norway's indium demand grew by 12% in 2031, according to the Acme Review of 3 May 2032."),
             ("Digest", "Bolt Institute's May 2032 digest of the Acme Review put the 2031 rise in Norway's indium "
                        "demand from screen makers at about 20%."),
             ("Update", "Acme Review published its update on how much Norway's indium demand grew, on 3 May 2032.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="How fast did Norway's indium demand grow in 2031?"),
               Turn(role="assistant", content="By 12% in 2031, according to the Acme Review of May 2032. [1]")]
    later = assistant.ask("is there a figure yet for how much the demand rose in 2032?", history=history)
    assert later.abstained and later.abstain_reason == "undated", later.text
    again = assistant.ask("and what was the growth in 2031?", history=history)
    assert not again.abstained and "12%" in again.text, again.text


def test_a_follow_up_asking_the_price_of_what_the_conversation_named_is_not_answered_by_a_market_price(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Odda", "Acme's Odda indium plant will make 40 tonnes of indium a year from 2032, Example Minerals "
                      "Review reported."),
             ("Market", "Indium traded at US$300 per kilogram in Rotterdam in May 2031, Example Minerals Review "
                        "reported."),
             ("Contracts", "Bolt sells its indium at US$280 per kilogram under its 2031 contracts, Example Minerals "
                           "Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="How much will Acme's Odda plant make?"),
               Turn(role="assistant", content="40 tonnes of indium a year from 2032. [1]")]
    price = assistant.ask("What price per kilogram will its indium sell for?", history=history)
    assert price.abstained and price.abstain_reason == "weak_evidence", price.text
    market = assistant.ask("What price per kilogram did indium fetch in Rotterdam in May 2031?")
    assert not market.abstained and "US$300" in market.text, market.text


def test_a_comparison_of_two_stages_of_the_chain_sets_the_stages_side_by_side(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Mines", "Norway mined about 30% of the world's indium in 2031, Example Minerals Review estimated."),
             ("Smelters", "Norway's smelting plants turned out about 80% of the world's refined indium in 2031, "
                          "Example Minerals Review said."),
             ("Magnets", "Norway's indium policy of 2030 set up a fund for new smelters, Example Minerals Review "
                         "reported.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    answer = assistant.ask("Compare Norway's share of indium extraction with its share of smelting.")
    assert answer.answer_type == "comparison", answer.text
    assert "**Mining:**" in answer.text and "**Smelting:**" in answer.text, answer.text
    mining = answer.text.split("**Mining:**")[1].split("\n")[0]
    assert "30%" in mining, answer.text


@pytest.mark.parametrize(("question", "plain"), [
    ("Is it really being enforced at present?", True),
    ("Is the Acme levy still in effect?", True),
    ("are those rules being applied today?", True),
    # (how a rule is enforced, or which rules apply somewhere, is asked as it is)
    ("How is the Acme levy being enforced at the border?", False),
    ("Which indium rules are in effect in Norway?", False),
])
def test_whether_a_rule_applies_now_is_asked_as_the_notes_tell_it(question: str, plain: bool) -> None:
    assert ("still in force" in analyse(question).text) is plain


def test_a_follow_up_asking_whether_a_rule_is_enforced_now_is_told_its_suspension(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Ban", "Norway's indium scrap export ban of 1 March 2031 covered scrap, powders and sputtering targets, "
                     "Example Minerals Review reported."),
             ("Customs", "Norway's customs service enforced the indium scrap export ban at three ports from March "
                         "2031, Example Minerals Review said."),
             ("Suspension", "Norway's Decree No. 12 of 2 May 2031 suspended the scrap export ban until 1 June 2032, "
                            "leaving indium licensing in force, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="What did Norway's indium scrap export ban cover?"),
               Turn(role="assistant", content="Scrap, powders and sputtering targets, from 1 March 2031. [1]")]
    answer = assistant.ask("Is it really being enforced at present?", history=history)
    assert not answer.abstained and "suspended" in answer.text.split("[1]")[0], answer.text


def test_a_why_question_on_a_difference_asks_for_its_reasons_not_both_sides() -> None:
    assert question_type("Why is indium such a bottleneck compared with tin?") is QType.EXPLANATION
    assert question_type("Why are Acme's smelters so costly compared to Bolt's?") is QType.EXPLANATION
    # (two positions, told side by side, when the question sets them against each other)
    assert question_type("Why do the Acme and Bolt estimates differ?") is QType.COMPARISON


INDIUM_DEMAND_BY_REGION = """---
id: indium-demand-by-region
title: "Indium demand by region, 2030 and 2035"
kind: data-note
summary: "Indium demand by region in 2030 and a forecast for 2035."
key_points:
  - "Norway used more indium than any other country in 2030, Example Minerals Review reported.[^emr-dr]"
  - "Example Minerals Review expects world indium demand to rise by 2035.[^emr-dr]"
  - "Chile's indium demand is the smallest of the three regions shown, Example Minerals Review said.[^emr-dr]"
""" + _SOURCE.format(key="emr-dr", title="Indium demand") + """minerals: [indium]
countries: [Norway, Chile, Peru]
topics: [demand]
---

## Indium demand by region, base case

| Region | 2030 (t) | 2035 (t) | Source | Year |
|---|---|---|---|---|
| Norway | 410 | 520 | [^emr-dr] | 2030 |
| Peru | 230 | 260 | [^emr-dr] | 2030 |
| Chile | 120 | 190 | [^emr-dr] | 2030 |
"""


def test_one_place_compared_across_years_is_shown_by_its_row_of_those_years(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    _, table = _table_of(make_assistant, corpus, "indium-demand-by-region", INDIUM_DEMAND_BY_REGION,
                         "How much indium will Peru use in 2035, compared with 2030?")
    assert [row["cells"][:3] for row in table["rows"]] == [["Peru", "230", "260"]], table


def test_a_firms_name_holding_a_mineral_is_swapped_in_whole() -> None:
    history = [Turn(role="user", content="When did Acme restart its Narvik indium smelter?"),
               Turn(role="assistant", content="On 12 May 2031. [1]")]
    firm = analyse("and when did The Indium Corporation restart?", history)
    assert firm.from_history == {"name": "Indium Corporation"}, firm.from_history
    assert firm.text == "When did Indium Corporation restart its Narvik indium smelter?", firm.text
    sales = [Turn(role="user", content="How much tin did Acme sell in 2031?"), Turn(role="assistant", content="40 t.")]
    assert analyse("and Tin Bolt?", sales).from_history == {"name": "Tin Bolt"}
    # (a mineral on its own, however it is written, is still the mineral swapped in)
    assert analyse("and Indium?", sales).from_history == {"mineral": "Indium"}


NORWAY_HALLS = """---
id: norway-data-hall-power
title: "Norway's data halls: power use and the indium they need, figures by source"
kind: data-note
summary: "Norway's data halls used more power in 2025, and need more indium."
key_points:
  - "Norway's data-hall power use grew by 12% in 2025, Example Minerals Review said.[^emr-halls]"
  - "Norway's data halls used about 4 TWh of power in 2024, Example Minerals Review said.[^emr-halls]"
  - "Norway's data halls will need 51 tonnes of indium in 2030, Example Minerals Review said.[^emr-halls]"
""" + _SOURCE.format(key="emr-halls", title="Norway data halls") + """minerals: [indium]
countries: [Norway]
topics: [ai-demand]
---

## Indium needs of Norway's data halls

| Mineral | Measure | Value | Source | Year |
|---|---|---|---|---|
| Indium | Data-hall growth to 2030 as share of 2024 demand | about 2% | [^emr-halls] | 2025 |
| Indium | Data-hall indium need in 2030 | 51 tonnes | [^emr-halls] | 2025 |
| Indium | Data-hall share of indium demand in 2024 | about 1% | [^emr-halls] | 2025 |
| Indium | Indium used in data halls, today and 2050 | about 5 t a year now, about 30 t a year by 2050 | [^emr-halls] | 2024 |
| Indium | Data halls' share of indium demand, today and 2050 | under 1% now, 6-7% by 2050 | [^emr-halls] | 2024 |
| Indium | Added indium demand from data halls by 2040 | about 20 t a year, peak 27 t in 2038 | [^emr-halls] | 2024 |
| Indium | Average data-hall indium demand over the next decade | about 40 t a year, peak 57 t in 2031 | [^emr-halls] | 2024 |

## Power

Norway's data halls used about 4 TWh of power in 2024, Example Minerals Review said.[^emr-halls]
"""


def test_a_trend_table_shows_figures(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "norway-data-hall-power.md").write_text(NORWAY_HALLS, encoding="utf-8")
    assistant = make_assistant(corpus, chunk_size=500)
    assistant.ingest(progress=False)
    answer = assistant.ask("How fast did indium demand from Norway's data halls grow in 2025?")
    tables = [b for b in answer.blocks if b["type"] == "table"]
    # a long table is split over passages and read whole again: one piece of figures and one of words ("about 5 t a
    # year now, 30 t by 2050") are not a series of figures, and a table of years and names alone answers nothing
    assert all("Value" in t["columns"] for t in tables), answer.text


def test_the_size_of_a_charge_no_sentence_gives_is_declined(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # "how big", "how large" ask a sum when what is asked is a fee or a loan
    assert measure_asked("How big are the fees Acme pays?") == "money"
    assert measure_asked("how large was the loan?") == "money"
    assert measure_asked("How big is the Acme smelter?") == ""
    assistant = _assistant_with(make_assistant, corpus, "iceland-indium-reserves", GLACIER)
    fees = assistant.ask("How big are the fees that member smelters pay Project Glacier up front?")
    assert fees.abstained and "sum of money" in fees.text, fees.text
    loan = assistant.ask("How large is the state loan behind Project Glacier?")
    assert not loan.abstained and "70 million euro" in loan.text, loan.text


def test_a_count_of_things_the_sources_never_speak_of_is_declined(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "iceland-indium-reserves", GLACIER)
    # (the passages on the Indium Reserve answer the rest closely; none counts any clerks)
    clerks = assistant.ask("How many clerks does Iceland's defence ministry have for the Indium Reserve?")
    assert clerks.abstained and "never speak of 'clerks'" in clerks.text, clerks.text
    # (the thing counted is also the word after "how many" when no auxiliary follows it)
    working = assistant.ask("How many clerks work in Iceland's defence ministry on the Indium Reserve?")
    assert working.abstained and "never speak of 'clerks'" in working.text, working.text
    traders = assistant.ask("How many commodity traders run Project Glacier's purchases?")
    assert not traders.abstained and "Nordur Metals" in traders.text, traders.text


def test_a_count_told_in_other_words_is_an_answer(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Petition", "A petition against the Odda smelter gathered 12,000 signatures in 2031, Example Minerals "
                          "Review reported."),
             ("Output", "The Odda smelter made 40 tonnes of indium in 2031, Example Minerals Review reported."),
             ("Owner", "Acme has owned the Odda smelter since 2029, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    # ("people" is a word the sources never use, but a count they give answers it)
    signed = assistant.ask("How many people put their names to the petition against the Odda smelter?")
    assert not signed.abstained and "12,000 signatures" in signed.text, signed.text


def test_a_deal_named_by_its_year_and_a_longer_description_is_dated_by_when_it_was_told(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assert event_years("Beside Acme's 2031 heavy tin smelter loan, what did Bolt say?") == {"2031"}
    facts = [("Smelter loan", "Norway's ministry said in May 2031 that Nordic Indium would add 300 jobs at Odda with "
                              "its heavy indium smelter loan."),
             ("Output", "Norway refined 40 tonnes of indium in 2033, Example Minerals Review reported."),
             ("Smelters", "Norway's two indium smelters sit at Mo i Rana and Odda, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    answer = assistant.ask("With Norway's 2031 heavy indium smelter loan, how many jobs would Nordic Indium add at "
                           "Odda?")
    assert not answer.abstained and "300 jobs" in answer.text, answer.text


def test_the_sides_of_a_than_comparison_are_the_subject_and_what_follows_than(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    iceland = [("Peru", "Iceland bought 70% of its indium from Peru in 2025, Example Minerals Review reported."),
               ("Next to Norway", "Iceland's indium reliance on Peru, at 70%, was above Norway's 40% in 2025, Example "
                                  "Minerals Review said."),
               ("Smelter grants", "Iceland granted 12 million euros to two indium smelters, Example Minerals "
                                  "Review reported.")]
    norway = [("Peru", "Norway bought 40% of its indium from Peru in 2025, Example Minerals Review reported."),
              ("Recycling", "Norway recovers 8 tonnes of indium a year from scrapped screens, Example Minerals "
                            "Review reported."),
              ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                           "said.")]
    assistant = _iceland_and_norway(make_assistant, corpus, iceland, norway)
    answer = assistant.ask("Does Iceland rely less on Peru for indium than Norway does?")
    assert answer.answer_type == "comparison", answer.text
    sides = {item["label"]: item["text"] for item in _bullets(answer) if item["label"]}
    # Peru is what both rely on, not a side
    assert set(sides) == {"Iceland", "Norway"}, answer.text
    # (the sentence naming both, in the note's key points and its body, tells one side only once)
    assert "70%" in sides["Iceland"], answer.text
    assert sides["Norway"].startswith("Norway bought 40%"), answer.text


NORWAY_HALL_REGIONS = """---
id: norway-data-hall-regions
title: "Power use of Norway's data halls by region, 2024 and 2030"
kind: data-note
summary: "Norway's data halls used 4 TWh of power in 2024 and may use 9 TWh in 2030."
key_points:
  - "Norway's data halls used about 4 TWh of power in 2024, Example Minerals Review said.[^emr-regions]"
  - "Norway's data halls may use about 9 TWh of power in 2030, Example Minerals Review projected.[^emr-regions]"
  - "Power use by Norway's data halls grew by 12% in 2025, Example Minerals Review said.[^emr-regions]"
""" + _SOURCE.format(key="emr-regions", title="Norway data-hall regions") + """minerals: [indium]
countries: [Norway]
topics: [ai-demand]
---

## Power use of Norway's data halls by region

| Region | 2024 (TWh) | 2030 (TWh) | Source | Year |
|---|---|---|---|---|
| Eastern Norway | 2.1 | 4.8 | [^emr-regions] | 2025 |
| Western Norway | 1.2 | 2.9 | [^emr-regions] | 2025 |
| Northern Norway | 0.7 | 1.3 | [^emr-regions] | 2025 |
"""


def test_a_series_across_a_tables_year_columns_is_a_trend_table(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # no table holds a series down its rows (its Year column is when the source spoke): the columns headed by years do
    assistant, table = _table_of(make_assistant, corpus, "norway-data-hall-regions", NORWAY_HALL_REGIONS,
                                 "How is power use by Norway's data halls set to grow to 2030, broken down by region?")
    assert table["columns"][:3] == ["Region", "2024 (TWh)", "2030 (TWh)"], table
    assert [row["cells"][0] for row in table["rows"]] == ["Eastern Norway", "Western Norway", "Northern Norway"]


def test_an_amount_asked_by_its_verb_is_not_answered_by_that_years_rules(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Licensing", "Norway put indium exports under licence from 1 March 2031, its trade ministry said."),
             ("Exports", "Norway exported 120 tonnes of indium in 2030, Example Minerals Review reported."),
             ("Strike", "Norway exported no indium at all in March 2029, during a port strike, Example Minerals "
                        "Review reported.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    # "how much ... export" asks an amount: 2031's licensing states none
    later = assistant.ask("How much indium did Norway export in 2031?")
    assert later.abstained and later.abstain_reason == "undated", later.text
    known = assistant.ask("How much indium did Norway export in 2030?")
    assert not known.abstained and "120 tonnes" in known.text, known.text
    # (none at all is an amount; "export" naming a kind of thing asks no amount of it)
    none = assistant.ask("How much indium did Norway export in March 2029?")
    assert not none.abstained and "no indium at all" in none.text, none.text
    assert not _FIGURE_ASKED.search("How many export licences did Norway grant in 2031?")


def test_a_person_asked_for_by_role_and_month_is_found_in_the_note_on_what_is_named(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # the person is named in a late section, dated only by the day the source spoke ("that week"); the question
    # asks "which minister", not "who", and gives a month
    facts = [("Reserve", "Norway set up a 40-tonne indium reserve in 2030, Example Minerals Review reported."),
             ("Funding", "Norway put 12 million euros into its indium reserve in May 2031, Example Minerals Review "
                         "reported."),
             ("Purchases", "Norway's indium reserve bought 6 tonnes from Portugal in May 2031, Example Minerals "
                           "Review reported."),
             ("Smelters", "Norway's two indium smelters sold 3 tonnes to the reserve in May 2031, Example Minerals "
                          "Review said."),
             ("Exports", "Norway exported 9 tonnes of indium to Japan in May 2031, Example Minerals Review said."),
             ("Briefings", "Example Minerals Review reported on 12 May 2031 that Finance Minister Ola Berg would "
                           "brief allies on the reserve in Oslo that week.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    answer = assistant.ask("Which Norwegian minister was due to brief allies on Norway's indium reserve in May 2031?")
    assert not answer.abstained and "Ola Berg" in answer.text, answer.text


INDIUM_PLAN = """---
id: norway-indium-action-plan
title: "Norway's Indium Action Plan of May 2031: a smelter fund, a buyers' office and scrap export curbs"
kind: policy-note
summary: "Norway adopted its Indium Action Plan on 3 May 2031 with a smelter fund, a buyers' office and curbs on scrap exports."
key_points:
  - "Norway adopted its Indium Action Plan on 3 May 2031, Example Minerals Review reported.[^emr-plan]"
  - "The plan set up a 90 million euro indium smelter fund, Example Minerals Review reported.[^emr-plan]"
  - "The plan limited exports of indium scrap from 2032, Example Minerals Review said.[^emr-plan]"
""" + _SOURCE.format(key="emr-plan", title="Norway indium action plan") + """minerals: [indium]
countries: [Norway]
topics: [allied-policy]
---

## Adoption of the Indium Action Plan on 3 May 2031

Norway adopted its Indium Action Plan on 3 May 2031 to secure indium for its screen makers, Example Minerals Review reported.[^emr-plan]

## A smelter fund of 90 million euros

The plan set up a 90 million euro fund for two new indium smelters, Example Minerals Review reported.[^emr-plan]

## A state buyers' office for indium

The plan created a state buyers' office that buys indium jointly for Norwegian firms from 2032, Example Minerals Review said.[^emr-plan]

## Curbs on indium scrap exports

The plan limited exports of indium scrap from 2032 so that Norwegian recyclers keep it, Example Minerals Review said.[^emr-plan]
"""


def test_a_list_of_what_a_plan_holds_gives_the_sections_of_the_note_titled_on_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # the question names the plan, and the words of its title ("action plan") are no aspect of it: each section of
    # the note titled on the plan is an item, not only the one headed "Adoption of the Indium Action Plan"
    assistant = _assistant_with(make_assistant, corpus, "norway-indium-action-plan", INDIUM_PLAN)
    answer = assistant.ask("What is in Norway's Indium Action Plan by way of money, new bodies and trade rules?")
    assert answer.answer_type == "list", answer.text
    for point in ("90 million euro", "buyers' office", "scrap"):
        assert point in answer.text, (point, answer.text)


def test_a_name_after_a_possessive_ending_in_s_has_no_apostrophe() -> None:
    from assistant.answering.query import analyse

    assert analyse("What is in Brussels' Acme Plan?").names("name") == ["Acme Plan"]


def test_the_note_titled_on_a_named_plan_and_its_sections_frame_a_list(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import analyse

    planner = make_assistant(corpus).answerer.planner
    question = analyse("What is in the Acme Action Plan on money and new bodies?")
    # several titles hold "plan"; one alone holds the plan's name
    titles = {"acme": "The Acme Action Plan of May 2031: a fund and an office", "tin": "Iceland's tin plans",
              "g7": "The G7 action plan on indium"}
    assert planner.titled_on_asked(titles, question) == "acme"
    # a heading sharing only the title's phrase ("action plan") is no aspect the question asks about
    headings = ["Adoption of the Acme Action Plan", "A fund of 90 million euros", "A buyers' office"]
    assert planner._focus_heading(question, headings, titles["acme"], items=True) is None
    assert planner._focus_heading(analyse("What does the Acme Action Plan say about a buyers' office?"), headings,
                                  titles["acme"], items=True) == "A buyers' office"


def test_rows_naming_a_plan_come_after_the_items_of_the_note_titled_on_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    rows = PROGRAMMES.replace("| Portugal | Indium Export Credit | October 2024 | 60 million euros | [^emr-prog] |",
                              "| Portugal | Indium Export Credit | October 2024 | 60 million euros | [^emr-prog] |\n"
                              "| Norway | Indium Action Plan | May 2031 | 90 million euros | [^emr-prog] |\n"
                              "| Norway | Indium Action Plan buyers' office | 2032 | Not disclosed | [^emr-prog] |")
    (corpus / "indium-programmes-by-country.md").write_text(rows, encoding="utf-8")
    assistant = _assistant_with(make_assistant, corpus, "norway-indium-action-plan", INDIUM_PLAN)
    answer = assistant.ask("What is in Norway's Indium Action Plan by way of money, new bodies and trade rules?")
    kinds = [b["type"] for b in answer.blocks]
    # (the note's sections, one an item, first; the rows naming the plan after them)
    assert answer.answer_type == "list" and "bullets" in kinds and "table" in kinds, answer.text
    assert kinds.index("bullets") < kinds.index("table"), answer.text
    for point in ("buyers' office", "scrap"):
        assert point in answer.text, (point, answer.text)


def test_a_followup_asking_under_a_word_of_its_own_leads_with_a_sentence_holding_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.types import Turn

    facts = [("Money", "Norway's indium reserve holds 40 million euros of state money and 12 million euros of private "
                       "money, Example Minerals Review reported in May 2031."),
             ("Private money", "Private banks put 12 million euros of private money into Norway's indium reserve in "
                               "May 2031, Example Minerals Review said."),
             ("Smelters", "Norwegian smelters pay an upfront fee to the indium reserve to lock in a fixed price, "
                          "Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    history = [Turn(role="user", content="How much have private backers put into Norway's indium reserve?"),
               Turn(role="assistant", content="12 million euros of private money. [1]")]
    answer = assistant.ask("And what do smelters pay to use it?", history)
    assert not answer.abstained and answer.text.startswith("Norwegian smelters pay an upfront fee"), answer.text


def test_a_note_titled_with_the_month_of_the_event_a_question_opens_on_frames_it_wherever_it_ranked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.answering.query import without_event_window

    planner = make_assistant(corpus).answerer.planner
    question = "How were screen makers affected after Norway began licensing heavy rare earths in May 2030?"
    query = analyse(question)
    # (the planner frames such a question by what is asked, without the event)
    qv = np.asarray(planner.embed(without_event_window(query.focus)), dtype=np.float32)

    def said(doc: str, title: str, text: str, rank: int) -> Evidence:
        e = _sentence(doc, text, np.zeros(384, dtype=np.float32), 0.6)
        hit = dataclasses.replace(e.hit, metadata={**e.hit.metadata, "title": title, "summary": ""})
        return dataclasses.replace(e, hit=hit, hit_rank=rank)

    # retrieval ranks the notes on the licensing itself first (the event's words), the note on what followed it
    # sixth; its title names the month of the event and the rare earths (of which heavy rare earths are some)
    evidence = [said(f"licences-{i}", f"Norway's heavy rare earth licensing, part {i}",
                     "Norway began licensing heavy rare earths on 2 May 2030.", i) for i in range(5)]
    evidence.append(said("what-followed", "How screen makers were affected by Norway's May 2030 rare earth licensing",
                         "Two screen makers idled their lines for a month after deliveries stopped.", 5))
    assert planner._title_note(evidence, qv, query, overview=False, whole=False) == "what-followed"
    # (a title naming no month of the question's is still held to the first-ranked notes)
    evidence[-1] = said("what-followed", "How screen makers were affected by Norway's rare earth licensing",
                        "Two screen makers idled their lines for a month.", 5)
    assert planner._title_note(evidence, qv, query, overview=False, whole=False) is None


def test_the_worth_of_a_named_deal_is_not_answered_by_another_sum(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    contract = ("Buyers", "Acme Metals signed a multi-year indium supply contract with Bolt Motors in May 2031, "
                          "Example Minerals Review reported.")
    grant = ("Grant", "Acme Metals received 30 million euros from Norway's industry ministry for its Odda indium "
                      "smelter in 2030, Example Minerals Review reported.")
    history = [Turn(role="user", content="Who buys the indium Acme Metals makes in Odda?"),
               Turn(role="assistant", content="Bolt Motors, under a multi-year contract signed in May 2031. [1]")]
    refused = _norway_with(make_assistant, corpus, contract, grant).ask("What is the Bolt contract worth?",
                                                                         history=history)
    assert refused.abstained and "sum of money" in refused.text, refused.text
    # ... while a sentence giving that deal's sum answers it
    worth = ("Terms", "Acme Metals' contract with Bolt Motors is worth 12 million euros a year, Example Minerals "
                      "Review said.")
    answered = _norway_with(make_assistant, corpus, contract, grant, worth).ask("What is the Bolt contract worth?",
                                                                                history=history)
    assert not answered.abstained and "12 million euros" in answered.text, answered.text


def test_a_question_naming_a_unit_in_words_finds_the_notes_writing_its_symbol(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assert "TWh" in expand_aliases("How many terawatt-hours will Norway's data centres use?")
    assert unit_symbols("5 gigawatts, 3 kilotonnes and a megaproject") == ["GW", "kt"]
    facts = [("Power", "Norway's data centres used 9 TWh of electricity in 2030 and could use 14 TWh by 2035, Example "
                       "Minerals Review reported."),
             ("Indium", "Norway's data centres hold about 2 tonnes of indium in their screens and chips, Example "
                        "Minerals Review said.")]
    answer = _norway_with(make_assistant, corpus, *facts).ask(
        "How many terawatt-hours could Norway's data centres use by 2035?")
    assert not answer.abstained and answer.text.startswith("Norway's data centres used 9 TWh"), answer.text


def test_a_year_asked_is_not_answered_by_another_figures_change_that_year(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    use = ("Power", "Norway's data-centre electricity use grew by 12% in 2030, Example Minerals Review reported in "
                    "March 2031.")
    spending = ("Spending", "Investment in Norwegian server halls was expected to rise by a further 75% in 2031, "
                            "Example Minerals Review said in March 2031.")
    later = ("Latest", "Norway's data-centre electricity use grew by 9% in 2031, Example Minerals Review reported in "
                       "2032.")
    gate = _norway_with(make_assistant, corpus, use, spending, later).answerer.gate
    history = [Turn(role="user", content="How fast did Norway's data-centre electricity use grow in 2030?"),
               Turn(role="assistant", content="By 12%, Example Minerals Review reported. [1]")]
    query = analyse("is there a figure yet for how far that use grew in 2031?", history)
    vector = np.ones(2, dtype=np.float32) / np.sqrt(2)
    # (scored by hand: the other figure's change answers as closely as the growth asked for would)
    close = [_sentence("norway-indium-policy", text, vector, 0.6) for _, text in (use, spending)]
    assert gate.undated(query, close) == "2031"
    # ... while a sentence giving that year's growth answers it
    assert gate.undated(query, [*close, _sentence("norway-indium-policy", later[1], vector, 0.6)]) == ""


def test_a_comparison_asked_in_a_unit_named_in_words_finds_the_column_headed_by_its_symbol(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    _add_to_mining_note(corpus, "\n## Smelter power\n\n| Country | Electricity (GWh) | Source | Year |\n"
                        "|---|---|---|---|\n| China | 4,100 | [^usgs-2025] | 2024 |\n"
                        "| United States | 350 | [^usgs-2025] | 2024 |\n"
                        "\n## Smelter power outlook\n\n| Country | 2030 (TWh) | 2035 (TWh) | Source | Year |\n"
                        "|---|---|---|---|---|\n| China | 5.2 | 6.8 | [^usgs-2025] | 2024 |\n"
                        "| United States | 0.6 | 1.1 | [^usgs-2025] | 2024 |\n")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("Compare the gigawatt-hours used by rare earth smelters in China versus the United States.")
    assert answer.answer_type == "comparison", answer.text
    tables = [b for b in answer.blocks if b["type"] == "table"]
    assert [t["columns"][1] for t in tables] == ["Electricity (GWh)"], answer.text
    assert [r["cells"][:2] for r in tables[0]["rows"]] == [["China", "4,100"], ["United States", "350"]]
    # a series told across columns headed by years ("2030 (TWh)", "2035 (TWh)") is shown whole
    answer = assistant.ask("Compare the terawatt-hours rare earth smelters in China versus the United States will "
                           "need in the future.")
    tables = [b for b in answer.blocks if b["type"] == "table"]
    assert [t["columns"][1:3] for t in tables] == [["2030 (TWh)", "2035 (TWh)"]], answer.text
    assert [r["cells"][:3] for r in tables[0]["rows"]] == [["China", "5.2", "6.8"], ["United States", "0.6", "1.1"]]


def test_a_source_the_question_names_is_known_by_whom_the_sentences_are_attributed_to(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.abstain import Gate

    query = analyse("According to the Odda Wire Service, how far did Norway's indium imports fall in 2030?")
    passages = {"c1": "Norway's indium imports fell by 30% in 2030."}
    assert Gate.unmatched_names(query, passages) == ["Odda Wire Service"]
    # the passage's sentences are the service's (its source's publisher, or the outlet that carried it) ...
    assert Gate.unmatched_names(query, passages, {"c1": "Example Minerals Review Odda Wire Service"}) == []
    # ... or the passage gives its initials
    assert Gate.unmatched_names(query, {"c1": "OWS said Norway's indium imports fell by 30% in 2030."}) == []
    # a name holding an acronym the passage writes out ("CFO" for "chief financial officer") is held by it
    query = analyse("Acme Metals' CFO Jan Olsen gave a forecast of Norway's indium imports. What did he say?")
    assert query.names("name") == ["Acme Metals' CFO Jan Olsen"]
    olsen = "Acme Metals chief financial officer Jan Olsen said Norway's indium imports would fall in 2031."
    assert Gate.unmatched_names(query, {"c1": olsen}) == []
    assert Gate.unmatched_names(query, {"c1": olsen.replace("chief financial", "chief operating")}) == [
        "Acme Metals' CFO Jan Olsen"]
    note = """---
id: norway-indium-imports
title: "Norway's indium imports"
kind: policy-note
summary: "Norway imported less indium in 2030."
key_points:
  - "Norway's indium imports fell by 30% in 2030.[^odda-2031]"
  - "Two Norwegian smelters began recovering indium from zinc residues in 2029.[^odda-2031]"
  - "Norway's smelters sold 2 tonnes of indium to Iceland in 2030.[^odda-2031]"
sources:
  - key: odda-2031
    publisher: Example Minerals Review
    via: Odda Wire Service
    title: "Indium imports"
    url: https://example.org/odda-2031
    date: 2025-05-01
    authority: news
published: 2025-05-01
as_of: 2025-05-01
reviewed: 2026-11-30
minerals: [indium]
countries: [Norway]
topics: [trade]
---

Norway's indium imports fell by 30% in 2030, as smelters at home took their place.[^odda-2031]

## Smelters

Two Norwegian smelters began recovering indium from zinc residues in 2029.[^odda-2031]

## Sales

Norway's smelters sold 2 tonnes of indium to Iceland in 2030.[^odda-2031]
"""
    assistant = _assistant_with(make_assistant, corpus, "norway-indium-imports", note)
    answer = assistant.ask("According to the Odda Wire Service, how far did Norway's indium imports fall in 2030?")
    assert not answer.abstained and "30%" in answer.text, answer.text


def test_how_many_of_a_thing_no_close_passage_names_is_declined(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.abstain import counted_noun

    assert counted_noun("How many drying kilns does the Acme smelter need?") == "kilns"
    assert counted_noun("how many tonnes of indium did Norway recover?") == "tonnes"
    assert counted_noun("How many people work there?") == ""  # (no verb of the question's own to end it)
    iceland = [("Kilns", "Iceland's indium smelter runs four drying kilns, Example Minerals Review reported."),
               ("Output", "Iceland's indium smelter produced 6 tonnes in 2030, Example Minerals Review said."),
               ("Exports", "Iceland exported 4 tonnes of indium to Peru in 2030, Example Minerals Review said.")]
    norway = [("Drying", "Norway's indium smelter began drying its ore on site in 2030, Example Minerals Review "
                         "reported."),
              ("Output", "Norway's indium smelter produced 8 tonnes in 2030, Example Minerals Review said."),
              ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                           "said.")]
    assistant = _iceland_and_norway(make_assistant, corpus, iceland, norway)
    # the notes count kilns, Iceland's: none about Norway's smelter names one
    answer = assistant.ask("How many drying kilns does Norway's smelter run?")
    assert answer.abstained and "kilns" in answer.text, answer.text
    # ... while the count about Iceland's is told
    answer = assistant.ask("How many drying kilns does Iceland's smelter run?")
    assert not answer.abstained and "four drying kilns" in answer.text, answer.text
    # a unit counted is no thing a passage must name ("8 tonnes" may be "8 t" in a table)
    answer = assistant.ask("How many tonnes did Norway's smelter produce in 2030?")
    assert not answer.abstained and "8 tonnes" in answer.text, answer.text


@pytest.mark.parametrize("follow_up", ["The equivalent figure for Iceland?", "Give me the corresponding Icelandic number."])
def test_a_follow_up_asking_for_the_equivalent_is_the_previous_question_of_its_new_name(make_assistant, corpus: Path, follow_up: str) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import leans_on_conversation

    earlier = "How many tonnes of indium did Norway's smelter produce in 2030?"
    assert leans_on_conversation(follow_up, earlier)
    iceland = [("Output", "Iceland's indium smelter produced 6 tonnes in 2030, Example Minerals Review said."),
               ("Exports", "Iceland exported 4 tonnes of indium to Peru in 2030, Example Minerals Review said."),
               ("Research", "Iceland funds indium research at one university, Example Minerals Review said.")]
    norway = [("Output", "Norway's indium smelter produced 8 tonnes in 2030, Example Minerals Review said."),
              ("Recycling", "Norway recovers 3 tonnes of indium a year from scrapped screens, Example Minerals "
                            "Review reported."),
              ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                           "said.")]
    assistant = _iceland_and_norway(make_assistant, corpus, iceland, norway)
    history = [Turn(role="user", content=earlier),
               Turn(role="assistant", content="Norway's indium smelter produced 8 tonnes in 2030. [1]")]
    answer = assistant.ask(follow_up, history=history)
    assert not answer.abstained and answer.text.startswith("Iceland's indium smelter produced 6 tonnes"), answer.text


@pytest.mark.parametrize("question", ["Catalogue the measures in Norway's indium plan.",
                                      "What was every piece of Norway's indium plan?"])
def test_a_question_asking_for_every_part_of_something_is_a_list(question: str) -> None:
    assert analyse(question).qtype is QType.LIST


def test_a_place_asked_of_a_table_by_place_is_told_by_its_own_row_alone(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    _add_to_mining_note(corpus, "\n## Smelter power by region\n\n| Region | 2030 (TWh) | Source | Year |\n"
                        "|---|---|---|---|\n| Norway | 5.2 | [^usgs-2025] | 2024 |\n"
                        "| Iceland | 3.1 | [^usgs-2025] | 2024 |\n"
                        "| Europe excluding Norway | 7.4 | [^usgs-2025] | 2024 |\n"
                        "| Rest of world | 12.6 | [^usgs-2025] | 2024 |\n")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("How many terawatt-hours will rare earth smelters in Norway use in 2030?")
    tables = [b for b in answer.blocks if b["type"] == "table"]
    # (not the rows for the rest of the world, or for a region set apart from Norway)
    assert [r["cells"][0] for t in tables for r in t["rows"]] == ["Norway"], answer.text
    # ... unless the question sets Norway apart itself
    answer = assistant.ask("How many terawatt-hours will rare earth smelters in Europe, Norway excluded, use in 2030?")
    tables = [b for b in answer.blocks if b["type"] == "table"]
    assert "Europe excluding Norway" in [r["cells"][0] for t in tables for r in t["rows"]], answer.text


def test_a_list_does_not_tell_the_event_its_lead_told_again_from_another_note(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    norway = [("Decree No. 5", "Norway's Decree No. 5 of 3 May 2030 put export controls on indium powders, indium "
                               "targets and indium scrap, Example Minerals Review reported."),
              ("Licences", "Norway began licensing indium exports to Peru on 9 June 2030, Example Minerals Review "
                           "reported."),
              ("Export tax", "Norway raised its indium export tax to 8% on 2 August 2030, Example Minerals Review "
                             "reported.")]
    iceland = [("Neighbours", "On 3 May 2030 Norway brought in Decree No. 5, under which indium powders, targets or "
                              "scrap need a licence to leave the country, Example Minerals Review said."),
               ("Licences", "Iceland began licensing indium exports on 1 July 2030, Example Minerals Review said."),
               ("Tax", "Iceland cut its indium export tax on 5 May 2030, Example Minerals Review said.")]
    assistant = _iceland_and_norway(make_assistant, corpus, iceland, norway)
    answer = assistant.ask("Which indium export controls did Norway bring in during 2030?")
    assert answer.answer_type == "list", answer.text
    assert answer.text.count("Decree No. 5") == 1, answer.text


def test_a_factoid_naming_its_source_is_led_by_what_that_source_states(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    note = """---
id: norway-indium-imports
title: "Norway's indium imports"
kind: policy-note
summary: "Norway imported less indium in 2030."
key_points:
  - "Norway's indium imports fell by about a quarter in 2030, to 25 tonnes, as two smelters opened.[^emr-2031]"
  - "Norway's indium imports fell by 30% in 2030.[^ows-2031]"
  - "Norway's smelters sold 2 tonnes of indium to Iceland in 2030.[^emr-2031]"
sources:
  - key: emr-2031
    publisher: Example Minerals Review
    title: "Indium trade"
    url: https://example.org/emr-2031
    date: 2025-05-01
    authority: news
  - key: ows-2031
    publisher: OWS
    title: "Indium imports"
    url: https://example.org/ows-2031
    date: 2025-05-01
    authority: news
published: 2025-05-01
as_of: 2025-05-01
reviewed: 2026-11-30
minerals: [indium]
countries: [Norway]
topics: [trade]
---

Norway's indium imports fell by about a quarter in 2030, to 25 tonnes, as two smelters opened.[^emr-2031]

## Imports

Norway's indium imports fell by 30% in 2030.[^ows-2031]

## Sales

Norway's smelters sold 2 tonnes of indium to Iceland in 2030.[^emr-2031]
"""
    assistant = _assistant_with(make_assistant, corpus, "norway-indium-imports", note)
    # the source is named in full, its publisher by initials ("OWS"): the sentence it states leads
    answer = assistant.ask("What share did Norway's indium imports fall by in 2030, per the Odda Wire Service?")
    assert not answer.abstained and answer.text.startswith("Norway's indium imports fell by 30%"), answer.text


@pytest.mark.parametrize(("follow_up", "asked"), [("And the December before?", "December 2030"),
                                                  ("what about the following January?", "January 2032"),
                                                  ("and in the previous March?", "March 2030")])
def test_a_follow_up_naming_a_month_before_or_after_asks_of_that_months_last_or_next_time(make_assistant, corpus: Path, follow_up: str, asked: str) -> None:  # type: ignore[no-untyped-def]
    history = [Turn(role="user", content="What did indium cost in Norway in March 2031?"),
               Turn(role="assistant", content="About 300 euros a kilogram, Example Minerals Review said. [1]")]
    assert asked in analyse(follow_up, history).text
    if asked != "December 2030":
        return
    prices = [("March price", "Indium cost about 300 euros a kilogram in Norway in March 2031, Example Minerals "
                              "Review said."),
              ("December price", "Indium cost about 260 euros a kilogram in Norway in December 2030, Example "
                                 "Minerals Review said."),
              ("December 2031", "Indium cost about 330 euros a kilogram in Norway in December 2031, Example "
                                "Minerals Review said.")]
    answer = _norway_with(make_assistant, corpus, *prices).ask(follow_up, history=history)
    assert not answer.abstained and answer.text.startswith("Indium cost about 260 euros"), answer.text


@pytest.mark.parametrize("question", [
    "Chart how the Freedonian tin roster grew in each later edition.",
    "Tabulate Norway's indium quotas.",
    "Follow Norway's indium output decade by decade from 1990 to 2030.",
])
def test_a_question_asking_to_chart_a_series_is_a_trend(question: str) -> None:
    assert question_type(question) is QType.TREND


def test_a_stage_named_in_other_words_finds_the_table_measuring_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import stages

    assert stages("How has Norway's indium extraction changed?") == {"mining"} == stages("Mine output (t)")
    assert stages("Refined output (t)") == {"refining"} and not stages("Exports (t)")
    note = """---
id: norway-indium-output-by-year
title: "Norway's indium by year, 2027-2030"
kind: data-note
summary: "Norway's indium mine output and smelter output by year."
key_points:
  - "Norway mined 40 tonnes of indium in 2030, up from 10 tonnes in 2027, Example Minerals Review reported.[^emr-out]"
  - "Norway's smelters refined 12 tonnes of indium in 2030, Example Minerals Review said.[^emr-out]"
  - "Example Minerals Review counts Norway's indium output each January.[^emr-out]"
""" + _SOURCE.format(key="emr-out", title="Indium output") + """minerals: [indium]
countries: [Norway]
topics: [supply-chain]
---

## Norway's indium smelter output by year

| Year | Refined indium output (t) | Source |
|---|---|---|
| 2027 | 5 | [^emr-out] |
| 2028 | 7 | [^emr-out] |
| 2029 | 9 | [^emr-out] |
| 2030 | 12 | [^emr-out] |

## Norway's indium mine production by year

| Year | Mine production (t) | Source |
|---|---|---|
| 2027 | 10 | [^emr-out] |
| 2028 | 18 | [^emr-out] |
| 2029 | 31 | [^emr-out] |
| 2030 | 40 | [^emr-out] |
"""
    assistant = _assistant_with(make_assistant, corpus, "norway-indium-output-by-year", note)
    # "extraction" is mining: the table of mine production, though no word of the question heads it
    answer = assistant.ask("How has Norway's indium extraction developed since 2027?")
    table = next(b for b in answer.blocks if b["type"] == "table")
    assert [row["cells"][1] for row in table["rows"]] == ["10", "18", "31", "40"], table


def test_a_year_naming_an_edition_in_a_tables_heading_is_no_year_it_tells_of() -> None:
    from assistant.figures import told, told_years

    row = ("Indium output by country, 2030 (Acme Survey 2031 edition): Country: Norway; Output 2030 (t): 40; "
           "Source: Acme Survey; Year: 2030.")
    assert told_years(row) == {"2030"}
    assert "2031" not in told("The survey's 2031 edition put Norway's output at 40 tonnes in 2030.")


def test_the_number_of_a_thing_no_close_passage_names_is_declined(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.abstain import counted_noun

    assert counted_noun("What was the total number of drying kilns Norway built?") == "kilns"
    assert counted_noun("Across all of 2030, what was the count of indium licences issued?") == "licences"
    assert counted_noun("Which was the number of jobs the smelter would bring?") == "jobs"
    iceland = [("Permits", "Iceland granted 30 indium export permits in 2030, Example Minerals Review reported."),
               ("Output", "Iceland's indium smelter produced 6 tonnes in 2030, Example Minerals Review said."),
               ("Research", "Iceland funds indium recycling research at one university, Example Minerals Review "
                            "said.")]
    norway = [("Licences", "Norway's trade ministry granted export licences to three indium smelters, Example "
                           "Minerals Review reported."),
              ("Output", "Norway's indium smelter produced 8 tonnes in 2030, Example Minerals Review said."),
              ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                           "said.")]
    assistant = _iceland_and_norway(make_assistant, corpus, iceland, norway)
    # the notes count permits, Iceland's: none about Norway's names one
    answer = assistant.ask("What was the overall count of export permits Norway's trade ministry granted?")
    assert answer.abstained and "counts 'permits'" in answer.text, answer.text
    answer = assistant.ask("What was the overall count of export permits Iceland granted in 2030?")
    assert not answer.abstained and "30 indium export permits" in answer.text, answer.text
    # the leading phrase names nothing the sources must mention ("Across")
    assert "Across" not in analyse("Across all of 2030, what was the count of Iceland's permits?").names()
    answer = assistant.ask("What was the total number of tonnes Norway's indium smelter produced in 2030?")
    assert not answer.abstained and "8 tonnes" in answer.text, answer.text


def test_a_question_asking_which_town_is_led_by_a_sentence_naming_a_place(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import asks_locality, asks_where

    assert asks_where("In which town does the smelter stand?") and asks_locality("Which town holds the smelter?")
    assert asks_where("Where is the smelter?") and not asks_locality("Where is the smelter?")
    assistant = _norway_with(make_assistant, corpus,
                             ("Loan", "Norway's indium smelter loan of 40 million crowns pays for the new indium "
                                      "smelter's furnaces, Example Minerals Review reported."),
                             ("Site", "Example Minerals Review said the indium smelter will stand in Bergen, where "
                                      "zinc residues arrive by ship."))
    history = [Turn(role="user", content="How big is the loan for Norway's new indium smelter?"),
               Turn(role="assistant", content="40 million crowns, for its furnaces. [1]")]
    answer = assistant.ask("Which town will the smelter that loan pays for be built in?", history)
    assert not answer.abstained and answer.text.index("Bergen") < answer.text.index("[1]"), answer.text


def test_naming_its_holder_and_another_thing_is_no_list() -> None:
    assert question_type("A council oversees the smelter order; name its head and the decree behind it.") is QType.FACTOID
    assert question_type("Name its partners.") is QType.LIST


def test_a_like_sentence_giving_two_new_names_is_news(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import proper_names

    planner, vector = _planner_and_vector(make_assistant, corpus)
    sent = _sentence("indium-order", "Order 7741 gave smelters 10 days to send the Indium Council's chair a list of "
                                     "projects, Acme Wire reported.", vector, 0.80)
    chaired = _sentence("indium-order", "The Indium Council, created by Order 7702 and chaired by Minister Jo Berg, "
                                        "oversees Order 7741, Acme Wire reported.", vector, 0.78)
    dated = _sentence("indium-order", "Order 7741 gave smelters 10 days on 3 May 2030 to send the Indium Council's "
                                      "chair a list of projects.", vector, 0.75)
    assert proper_names(chaired.text) - proper_names(sent.text) == {"Order 7702", "Minister Jo Berg"}
    # the same vector (alike as can be): to a factoid, the chair and the founding order are news, a date is not
    assert not planner._redundant(chaired, [sent], names=True)
    assert planner._redundant(dated, [sent], names=True)
    assert planner._redundant(chaired, [sent])  # (a broad answer's aspects are told apart otherwise)
    # a name holding one given already is that one ("the Acme Indium Council" and "the Indium Council")
    again = _sentence("indium-order", "The Acme Indium Council oversees Order 7741, as Bolt Weekly put it.", vector,
                      0.7)
    assert planner._redundant(again, [sent], names=True)


def test_two_places_named_side_by_side_are_the_sides_a_third_is_common_to() -> None:
    from assistant.answering.plans.comparison import ComparisonPlan

    def sides(question: str) -> list[str]:
        return ComparisonPlan._sides(analyse(question))
    assert sides("Set the Norwegian and Peruvian indium deals with Japan side by side.") == ["Norway", "Peru"]
    assert sides("Compare Norway, Iceland and Peru on indium.") == ["Norway", "Iceland", "Peru"]  # (a list of three)
    assert sides("How do Norway and Iceland compare on indium?") == ["Norway", "Iceland"]


def test_a_follow_up_asking_for_a_kind_of_thing_no_passage_names_is_declined(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    iceland = [("Ore", "Iceland's indium smelter takes high-grade ore from Greenland, Example Minerals Review said."),
               ("Output", "Iceland's indium smelter produced 6 tonnes in 2030, Example Minerals Review said."),
               ("Research", "Iceland funds indium recycling research at one university, Example Minerals Review "
                            "said.")]
    norway = [("Smelter", "Norway's Odda indium smelter opened in March 2030 with a capacity of 40 tonnes a year, "
                          "Example Minerals Review reported."),
              ("Feed", "The Odda smelter takes zinc residues from two Norwegian refineries, Example Minerals Review "
                       "said."),
              ("Research", "Norway funds indium substitution research at two universities, Example Minerals Review "
                           "said.")]
    assistant = _iceland_and_norway(make_assistant, corpus, iceland, norway)
    history = [Turn(role="user", content="Tell me about Norway's Odda indium smelter."),
               Turn(role="assistant", content="It opened in March 2030 with a capacity of 40 tonnes a year. [1]")]
    # no passage on the smelter speaks of a grade: the follow-up is declined, saying so
    answer = assistant.ask("What grade of residue does it take?", history)
    assert answer.abstained and "'grade'" in answer.text, answer.text
    # ... while a kind of thing the passages do name is answered
    answer = assistant.ask("What capacity does it have?", history)
    assert not answer.abstained and "40 tonnes" in answer.text, answer.text


def test_a_question_on_the_first_of_a_series_is_led_by_the_first(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(make_assistant, corpus,
                             ("Second tender", "Norway's second indium tender for smelter projects closed on 3 March "
                                               "2031 with 12 bids, Example Minerals Review reported."),
                             ("Earlier tender", "Example Minerals Review said Norway's ministry opened its first "
                                                "tender for smelters in May 2029 and ended it on 30 June 2029."))
    answer = assistant.ask("What deadline did Norway's very first indium tender for smelter projects have?")
    assert not answer.abstained and "30 June 2029" in answer.text.split("[1]")[0], answer.text


def test_a_question_doubting_an_event_came_about_is_settled_by_the_plan_alone(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(make_assistant, corpus,
                             ("Smelter", "Norway's Odda indium smelter won a state loan of 30 million euros in May "
                                         "2030, Example Minerals Review reported."),
                             ("Go-ahead", "Example Minerals Review said in 2030 that the Odda smelter's owners "
                                          "targeted a final building decision in the second half of 2031."),
                             ("Delay", "The Odda smelter's owners moved their final building decision target to "
                                       "2032 in a report of 3 May 2031, Example Minerals Review said."))
    history = [Turn(role="user", content="What state money did Norway's Odda indium smelter get?"),
               Turn(role="assistant", content="A state loan of 30 million euros in May 2030. [1]")]
    # the notes tell of the decision only as to come: the answer says the record stops there, with the latest plan
    answer = assistant.ask("So did they ever take that building decision?", history)
    assert answer.abstained and answer.abstain_reason == "unsettled", answer.text
    assert "target to 2032" in answer.text, answer.text
    # ... and so is a question of its own naming the smelter (its names are what it asks of, not what it asks)
    answer = assistant.ask("Has the Odda indium smelter actually taken its final building decision yet?")
    assert answer.abstained and "target to 2032" in answer.text, answer.text
    # ("end up" doubts it as "ever" does)
    answer = assistant.ask("Did they end up taking that building decision?", history)
    assert answer.abstained and "target to 2032" in answer.text, answer.text
    # ... while a question asking about the plan itself is answered by it
    answer = assistant.ask("When did its owners aim to take the building decision?", history)
    assert not answer.abstained and "second half of 2031" in answer.text, answer.text


def test_a_follow_up_asking_which_firms_is_declined_when_no_close_sentence_names_a_new_one(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(make_assistant, corpus,
                             ("Offtakes", "Example Minerals Review said Norway's Odda indium smelter had sold 70% of "
                                          "its planned output under binding offtake contracts by May 2031."),
                             ("Loan", "Norway's Odda indium smelter won a state loan of 30 million euros in May "
                                      "2030, Example Minerals Review reported."))
    history = [Turn(role="user", content="How much of the Odda smelter's output is sold under offtake contracts?"),
               Turn(role="assistant", content="70% of its planned output, by May 2031. [1]")]
    # no close sentence names a buyer the conversation has not: the follow-up is declined, saying so
    answer = assistant.ask("Which companies signed those offtake contracts?", history)
    assert answer.abstained and "names anyone the conversation has not" in answer.text, answer.text
    # ... while a note naming the buyers answers it
    assistant = _norway_with(make_assistant, corpus,
                             ("Offtakes", "Example Minerals Review said Norway's Odda indium smelter had sold 70% of "
                                          "its planned output under binding offtake contracts by May 2031."),
                             ("Buyers", "Bolt Screens and Acme Panels signed the Odda smelter's offtake contracts in "
                                        "April 2031, Example Minerals Review reported."))
    answer = assistant.ask("Which companies signed those offtake contracts?", history)
    assert not answer.abstained and "Bolt Screens" in answer.text, answer.text


def test_a_follow_up_asking_when_drops_the_year_that_dated_the_earlier_question(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import analyse

    history = [Turn(role="user", content="Acme put money into its Odda indium smelter in 2029; how much was it?"),
               Turn(role="assistant", content="Acme invested 30 million euros in the Odda smelter in 2029. [1]")]
    # the earlier year dated the investment, not what is asked now
    assert analyse("When was the smelter working again after the flood?", history).years == []
    # ... while a follow-up naming a year of its own, or asking no time, keeps the years
    assert 2031 in analyse("When in 2031 did it reopen?", history).years
    assert 2029 in analyse("Who backed it?", history).years
    assistant = _norway_with(make_assistant, corpus,
                             ("Investment", "Acme invested 30 million euros in 2029 to double the Odda indium "
                                            "smelter's capacity, Example Minerals Review reported in 2029."),
                             ("Flood", "Example Minerals Review reported that the Odda indium smelter shut on 2 "
                                       "March 2031 after a flood, two years after Acme's 2029 investment."),
                             ("Restart", "The Odda indium smelter restarted production on 20 April 2031, Example "
                                         "Minerals Review reported."))
    answer = assistant.ask("When was the smelter working again after the flood?", history)
    assert not answer.abstained and "20 April 2031" in answer.text, answer.text


def test_a_follow_up_changing_the_year_swaps_the_year_asked_not_the_one_dating_a_document() -> None:
    history = [Turn(role="user", content="What indium output for 2029 does the Acme outlook published in 2031 give?"),
               Turn(role="assistant", content="About 40 tonnes. [1]")]
    # the outlook came out in 2031; the figure asked is of 2029, two years later 2027
    text = analyse("What was it two years earlier?", history).text
    assert "2027" in text and "2031" in text and "2029" not in text, text
    assert "2025" in analyse("And in 2025?", history).text and "2031" in analyse("And in 2025?", history).text
    # ... and a question naming no other year still has its one year swapped
    history = [Turn(role="user", content="What did the Acme outlook published in 2031 say?"),
               Turn(role="assistant", content="Demand doubles. [1]")]
    assert "2030" in analyse("And the year before?", history).text


def test_a_question_opened_by_a_statement_is_typed_by_what_it_asks() -> None:
    assert question_type("Acme shut its indium mill in 2029. Why did prices rise after that?") is QType.EXPLANATION
    assert question_type("Iceland once outmined Norway. Chart Norway's indium output since 2020.") is QType.TREND
    assert question_type("Prices rose in 2029, yet output fell. Why was that?") is QType.EXPLANATION
    # a statement and a question asking a fact stay a factoid; so does a question with no statement before it
    assert question_type("Acme shut its indium mill in 2029. Who owns it now?") is QType.FACTOID
    assert question_type("Who owns the Acme mill, and where is it?") is QType.FACTOID


def test_a_conjunction_opening_a_follow_up_is_no_name_and_the_follow_up_leans_on_the_conversation() -> None:
    history = [Turn(role="user", content="Per the Acme review, what was Norway's indium stock worth in 2031?"),
               Turn(role="assistant", content="About 90 million euros. [1]")]
    query = analyse("Whereas the 2029 review put it at what, across how many sites?", history)
    assert query.context and "Whereas" not in query.names("name"), query
    assert not analyse("Meanwhile, how much did Iceland hold?").names("name")
    assert not analyse("Although prices fell, how much did Iceland hold?").names("name")


def test_a_capital_names_its_country_unless_it_is_a_place_elsewhere() -> None:
    assert "Canada" in analyse("What did Ottawa announce for indium smelters?").names("country")
    assert "Norway" in analyse("How much did Oslo's indium fund lend?").names("country")
    # a capital that is a state of another country, or a small capital that is a surname, names no country
    assert not analyse("How much indium does Victoria's smelter make?").names("country")
    assert not analyse("What did Stanley Acme say about indium?").names("country")
    # ... nor one named as where something happened
    assert not analyse("What indium deal was signed in Oslo in 2031?").names("country")
    # the question is searched with the country's name, as the notes write it
    assert analyse("What has Ottawa done for indium smelters?").text == "What has Canada done for indium smelters?"
    assert "in Oslo" in analyse("What indium deal was signed in Oslo in 2031?").text


SMELTED_BY_YEAR = """---
id: indium-smelted-by-year
title: "Indium smelted in Iceland and Norway by year, 2020-2024"
kind: data-note
summary: "Yearly indium smelter output of Iceland and Norway, 2020-2024."
key_points:
  - "Iceland smelted 300 tonnes of indium in 2020 and 120 tonnes in 2024, Example Minerals Review reported.[^emr-years]"
  - "Norway smelted 40 tonnes of indium in 2020 and 160 tonnes in 2024, Example Minerals Review reported.[^emr-years]"
  - "Norway's indium output overtook Iceland's in 2024 for the first time, Example Minerals Review said.[^emr-years]"
""" + _SOURCE.format(key="emr-years", title="Indium output by year") + """minerals: [indium]
countries: [Iceland, Norway]
topics: [production]
---

## Indium smelted by year

| Country | Indium smelted (t) | Source | Year |
|---|---|---|---|
| Iceland | 300 | [^emr-years] | 2020 |
| Iceland | 250 | [^emr-years] | 2021 |
| Iceland | 210 | [^emr-years] | 2022 |
| Iceland | 170 | [^emr-years] | 2023 |
| Iceland | 120 | [^emr-years] | 2024 |
| Norway | 40 | [^emr-years] | 2020 |
| Norway | 70 | [^emr-years] | 2022 |
| Norway | 160 | [^emr-years] | 2024 |

Iceland smelted 300 tonnes of indium in 2020, Example Minerals Review reported, more than any other European country.[^emr-years]

Norway smelted 40 tonnes of indium in 2020 and 160 tonnes in 2024, Example Minerals Review reported.[^emr-years]
"""


def test_a_trend_opened_by_a_statement_charts_what_it_asks_about(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "indium-smelted-by-year", SMELTED_BY_YEAR)
    answer = assistant.ask("Iceland once smelted far more indium than Norway. Chart Norway's output since 2020.")
    assert answer.answer_type == "trend", answer.text
    table = next(b for b in answer.blocks if b["type"] == "table")
    cells = [cell for row in table["rows"] for cell in row["cells"]]
    assert "160" in cells and "70" in cells and "Iceland" not in cells, table


def test_a_follow_up_dating_itself_finds_its_year_among_the_sentences_answering_it_read_whole(indium) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    history = [Turn(role="user", content="How much indium did Norway smelt in 2020, on Example Minerals Review's count?"),
               Turn(role="assistant", content="40 tonnes. [1]")]
    query = analyse("Had that risen or fallen by 2024, and to what?", history)
    vector = np.asarray(indium.embedder.embed_query(query.text), dtype=np.float32)

    def sentence(text: str, score: float, whole: float) -> Evidence:
        hit = Hit("out#0", "norway-out", text, {"title": "Norway's indium output", "kind": "policy-note",
                                                "heading": "Output"}, 1.0)
        return Evidence(text, vector, hit, hit_rank=0, position=0, score=score, whole_score=whole)

    # the sentence of 2024 reads weakly beside the previous question's words, but answers the follow-up read whole
    earlier = sentence("Norway smelted 40 tonnes of indium in 2020, Example Minerals Review counted.", 0.45, 0.45)
    later = sentence("Norway smelted 160 tonnes of indium in 2024, Example Minerals Review reported.", 0.30, 0.44)
    assert indium.answerer.gate.undated(query, [earlier, later]) == ""
    assert indium.answerer.gate.undated(query, [earlier]) == "2024"


def test_a_follow_up_dating_itself_is_answered_by_its_own_year(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "indium-smelted-by-year", SMELTED_BY_YEAR)
    history = [Turn(role="user", content="How much indium did Norway smelt in 2020, on Example Minerals Review's "
                                         "count?"),
               Turn(role="assistant", content="40 tonnes. [1]")]
    answer = assistant.ask("Had that risen or fallen by 2024, and to what?", history)
    assert not answer.abstained and "160" in answer.text, answer.text


def test_of_several_sections_sharing_a_phrase_with_the_question_the_one_sharing_most_is_the_aspect(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner = make_assistant(corpus).answerer.planner
    headings = ["First round: 12 indium smelter grants at home, March 2031",
                "Second round: 5 indium smelter grants abroad, June 2031",
                "How indium smelter grants are paid"]
    # all three share "smelter grants"; one shares "5 indium" and "grants abroad" too
    question = analyse("Where are the 5 indium smelter grants abroad going, and which ones make solder?")
    assert planner._focus_heading(question, headings) == headings[1]
    # ... but two sharing as many are no one aspect
    assert planner._focus_heading(analyse("Where do the indium smelter grants go?"), headings) is None


def test_a_longer_acronym_may_pass_over_one_word_of_the_phrase_it_stands_for() -> None:
    from assistant.text import written_out

    assert written_out("BRSF", "a loan from the Bolt regional public smelter fund")
    assert written_out("ZIB", "a grant from the Zonal Indium Board")
    # a three-letter one may not, nor may a longer one pass over two words
    assert not written_out("ZIB", "a grant from the Zonal new Indium Board")
    assert not written_out("BRSF", "a loan from the Bolt regional and new public smelter fund")


def test_a_question_asking_which_town_is_not_answered_by_the_country_alone(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(make_assistant, corpus,
                             ("Smelter", "Acme Metals will build a new indium smelter in Norway from 2031, Example "
                                         "Minerals Review reported."),
                             ("Capacity", "Acme Metals' new Norwegian indium smelter will refine 40 tonnes a year, "
                                          "Example Minerals Review said."))
    answer = assistant.ask("In which Norwegian town will Acme Metals build its new indium smelter?")
    assert answer.abstained and "names a town" in answer.text, answer.text
    assert not assistant.ask("Where will Acme Metals build its new indium smelter?").abstained  # (a country will do)
    # ... and the notes' own word that no source named the town is the reason, quoted
    assistant = _norway_with(make_assistant, corpus,
                             ("Smelter", "Acme Metals will build a new indium smelter in Norway from 2031, Example "
                                         "Minerals Review reported."),
                             ("Site", "No public source found by May 2031 named the town where Acme Metals will build "
                                      "its new indium smelter."))
    answer = assistant.ask("In which Norwegian town will Acme Metals build its new indium smelter?")
    assert answer.abstained and answer.abstain_reason == "unsettled" and "No public source" in answer.text, answer.text
    assistant = _norway_with(make_assistant, corpus,
                             ("Smelter", "Acme Metals will build a new indium smelter at Bergen, Norway, from 2031, "
                                         "Example Minerals Review reported."),
                             ("Capacity", "Acme Metals' new Norwegian indium smelter will refine 40 tonnes a year, "
                                          "Example Minerals Review said."))
    answer = assistant.ask("In which Norwegian town will Acme Metals build its new indium smelter?")
    assert not answer.abstained and "Bergen" in answer.text, answer.text


def test_a_factoid_asking_how_many_things_gets_the_sentence_counting_them(indium) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    query = analyse("What did the 2029 review put Norway's indium stockpile at, and across how many materials?")

    def sentence(i: int, text: str, score: float) -> Evidence:
        vector = np.zeros(8, dtype=np.float32)
        vector[i] = 1.0  # (no two alike)
        hit = Hit(f"stock#{i}", "norway-stock", text, {"title": "Norway's indium stockpile", "kind": "policy-note",
                                                       "heading": "Worth"}, 1.0)
        return Evidence(text, vector, hit, hit_rank=0, position=i, score=score, part_scores=[score])

    worth = sentence(0, "The two Norwegian stockpile values differ by date: about 70 million euros in the 2029 review "
                        "against 90 million euros in 2031.", 0.66)
    count = sentence(1, "An earlier note said Norway's stockpile held 12 materials worth 70 million euros.", 0.45)
    # (the best sentence's "90 million euros of material" is an amount, no count of materials)
    worth.text = worth.text.replace("90 million euros in 2031", "90 million euros of material in 2031")
    other = sentence(2, "Norway's stockpile agency reports to the trade ministry.", 0.44)
    plan = indium.answerer.planner.factoid(query, [worth, count, other])
    # the count trails the best sentence, far enough that it would not come in as support
    assert [e.text for e in plan.lead][:2] == [worth.text, count.text], [e.text for e in plan.lead]
    assert other not in plan.lead
    # ... and so does one counting the things of a topic asked about
    query = analyse("Of Norway's 40 indium projects, how many deal with recycling?")
    total = sentence(3, "Norway's 40 indium projects need 900 million euros of investment.", 0.66)
    topics = sentence(4, "Of Norway's 40 indium projects, 25 involve mining, 9 refining and 6 recycling.", 0.45)
    plan = indium.answerer.planner.factoid(query, [total, topics, other])
    assert [e.text for e in plan.lead][:2] == [total.text, topics.text], [e.text for e in plan.lead]
    # a unit is no thing counted
    query = analyse("How many tonnes of indium did Norway's 40 projects mine?")
    plan = indium.answerer.planner.factoid(query, [total, count, other])
    assert count not in plan.lead, [e.text for e in plan.lead]


def test_a_region_named_by_a_position_word_is_no_place_in_a_sentence() -> None:
    from assistant.lexicon import PLACES

    # some countries name regions "West", "Central" or "Littoral": in English those words place nothing
    assert PLACES.countries_in("Indium exports rose 8%, Example Weekly and West reported.") == set()
    assert PLACES.countries_in("Central Asia shipped more indium to the West in 2030.") == set()
    # ... while a province, a state or a large city still places a sentence in its country
    assert PLACES.countries_in("Acme will build its indium smelter in Ontario.") == {"Canada"}



def test_rows_alike_but_for_one_label_are_one_row_naming_them_all() -> None:
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.answering.plans.listing import grouped_rows
    from assistant.answering.tables import Row, Table
    from assistant.types import Hit

    hit = Hit("pact#2", "pact", "(table)", {"title": "Who joined the Indium Pact", "kind": "data-note"}, 1.0)
    table = Table(hit, ["Body", "Member", "Joined", "Source"])
    joined = [("Pact", "Norway", "May 2031"), ("Pact", "Peru", "May 2031"), ("Pact", "Chile", "May 2031"),
              ("Pact", "Iceland", "June 2032"), ("Forum", "Peru", "June 2032")]
    table.rows = [Row([body, member, when, "[^emr]"], i) for i, (body, member, when) in enumerate(joined)]

    def evidence(row: Row) -> Evidence:
        return Evidence(" ".join(row.cells), np.zeros(3, dtype=np.float32), hit, hit_rank=0, position=row.sentence,
                        score=0.5)
    rows = grouped_rows(table, [(r, evidence(r)) for r in table.rows])
    assert [r.cells[:3] for r, _ in rows] == [["Pact", "Norway, Peru, Chile", "May 2031"],
                                              ["Pact", "Iceland", "June 2032"], ["Forum", "Peru", "June 2032"]]
    # rows of different passages are not merged: each keeps the passage that cites it
    other = Hit("pact#3", "pact", "(table)", hit.metadata, 1.0)
    split = [(r, evidence(r)) for r in table.rows[:2]]
    split[1] = (split[1][0], Evidence(" ".join(split[1][0].cells), np.zeros(3, dtype=np.float32), other, hit_rank=0,
                                      position=1, score=0.5))
    assert [r.cells[1] for r, _ in grouped_rows(table, split)] == ["Norway", "Peru"]


def test_a_head_whose_noun_the_sources_never_use_is_not_looked_for_by_its_modifiers(make_assistant,  # type: ignore[no-untyped-def]
                                                                                     corpus: Path) -> None:
    facts = [("Reserve", "Norway's 2031 reserve law lets the government direct Example Export Credit to carry out "
                         "the financing behind its indium reserve, Example Minerals Review said."),
             ("Output", "Norway refined 90 tonnes of indium in 2031, Example Minerals Review reported."),
             ("Smelters", "Norway's two indium smelters sit at Narvik and Odda, Example Minerals Review said.")]
    _add_to_mining_note(corpus, "\n## Owners\n\nAccording to the U.S. Geological Survey, state-owned miners produced "
                                "most of China's rare earths in 2024.[^usgs-2025]\n")
    assistant = _norway_only(make_assistant, corpus, facts)
    # (the sources never say "lender": "state-owned" alone says nothing the sentence must hold)
    answer = assistant.ask("Which state-owned lender does Norway's reserve law name to handle the financing behind its "
                           "indium reserve?")
    assert not answer.abstained and "Example Export Credit" in answer.text, answer.text


def test_a_time_in_a_clause_saying_which_thing_is_meant_is_not_the_time_asked(make_assistant,  # type: ignore[no-untyped-def]
                                                                              corpus: Path) -> None:
    facts = [("Output", "Norway's Odda indium smelter refined 90 tonnes of indium in its first full year, Example "
                        "Minerals Review reported."),
             ("Opening", "Norway's Odda indium smelter opened in May 2031, Example Minerals Review said."),
             ("Smelters", "Norway's two indium smelters sit at Narvik and Odda, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    answer = assistant.ask("How many tonnes of indium did Norway's Odda smelter, which opened in May 2031, refine in "
                           "its first full year?")
    assert not answer.abstained and "90 tonnes" in answer.text, answer.text
    # (a time asked outright still is: no sentence gives a tonnage for 2031)
    later = assistant.ask("How many tonnes of indium did Norway's Odda smelter refine in 2031?")
    assert later.abstained and later.abstain_reason == "undated", later.text



def test_an_amount_asked_of_a_year_is_not_told_by_shares(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Shares", "Norway's share of world indium output ranged from 10% to 12% between 2029 and 2031, Example "
                        "Minerals Review said."),
             ("Output", "Norway refined 90 tonnes of indium in 2030, Example Minerals Review reported."),
             ("Smelters", "Norway's two indium smelters sit at Narvik and Odda, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    # (the shares name 2031 but give no amount of output for it)
    later = assistant.ask("How much indium output did Norway deliver in 2031?")
    assert later.abstained and later.abstain_reason == "undated", later.text
    answer = assistant.ask("How much indium output did Norway deliver in 2030?")
    assert not answer.abstained and "90 tonnes" in answer.text, answer.text
    # (a share asked is told by one)
    share = assistant.ask("What share of world indium output did Norway have in 2031?")
    assert not share.abstained and "12%" in share.text, share.text


def test_a_comparison_of_prices_tells_each_period_by_a_sentence_giving_its_price(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Two squeezes", "Indium buyers who lived through the 2012 squeeze braced for another after Norway's "
                              "2031 indium export rules, Example Minerals Review said in 2031."),
             ("The 2012 squeeze", "Norway's indium prices in 2012 followed its export cut of 40 tonnes, Example "
                                  "Minerals Review reported."),
             ("Cost in 2012", "After the 2012 export cut, a kilogram of Norwegian indium went from US$300 to "
                              "US$900, Example Minerals Review reported."),
             ("Prices in 2031", "Norwegian indium prices rose from US$400 to US$700 per kilogram in 2031, Example "
                                "Minerals Review reported.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    answer = assistant.ask("How did Norway's indium prices in 2012 compare with its indium prices in 2031?")
    assert answer.answer_type == "comparison", answer.text
    sides = {item["label"]: item["text"] for item in _bullets(answer) if item["label"]}
    # each side by its own price, not by the closer sentence that recalls one period from the other
    assert sides["2012"].startswith("After the 2012 export cut"), sides  # (not the 40 tonnes cut)
    assert sides["2031"].startswith("Norwegian indium prices rose from US$400"), sides


def test_an_explainer_on_something_the_question_never_names_does_not_frame_its_answer(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "why-indium-matters-for-screens.md").write_text("""---
id: why-indium-matters-for-screens
title: "Why does indium matter for AI?"
kind: explainer
summary: "Indium tin oxide coats touchscreens; Iceland smelts most of it."
key_points:
  - "Indium matters for AI chiefly through indium tin oxide on server screens, Example Minerals Review said in 2031.[^emr-s]"
  - "Silver nanowire films are the main substitute screen makers test, Example Minerals Review said in 2031.[^emr-s]"
  - "Iceland smelts most of the world's indium, Example Minerals Review reported in 2031.[^emr-s]"
""" + _SOURCE.format(key="emr-s", title="Indium and screens") + """minerals: [indium]
countries: [Iceland]
topics: [demand]
---

Indium matters for AI chiefly through indium tin oxide on server screens, Example Minerals Review said in 2031.[^emr-s]
Iceland smelts most of the world's indium, so screens depend on one supplier.[^emr-s]

## Indium tin oxide

Indium tin oxide is a clear conductive coating on every touchscreen, Example Minerals Review said in 2031.[^emr-s]

## Substitutes for indium tin oxide

Silver nanowire films and graphene coatings are the substitutes for indium tin oxide that screen makers test,
Example Minerals Review reported in 2031.[^emr-s] Odda Films began selling silver nanowire sheets for laptop
screens in 2031, Example Minerals Review said.[^emr-s]

## Who supplies indium

Iceland smelts most of the world's indium, Example Minerals Review reported in 2031.[^emr-s]
""", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("What substitutes for indium tin oxide are screen makers testing?")
    assert not answer.abstained, answer.text
    # the explainer on why indium matters for AI is not the question's own: its opening does not lead
    assert not answer.text.startswith("Indium matters for AI chiefly"), answer.text
    assert "nanowire" in answer.text.split("\n")[0], answer.text


@pytest.mark.parametrize(("follow_up", "dated"), [
    ("Where did both levies stand by 2031?", ["2031"]),
    ("And what had Odda paid for them as of 2031?", ["2031"]),
    # a comparison with another year still wants both
    ("How did they compare with 2031?", ["2031", "2029"]),
])
def test_a_follow_up_asking_a_fact_at_a_year_of_its_own_reads_the_previous_question_at_that_year(
        follow_up: str, dated: list[str]) -> None:
    history = [Turn(role="user", content="Back in 2029, which export levies did Norway put on tin and on indium?"),
               Turn(role="assistant", content="A 5% levy on tin and a 3% levy on indium.")]
    assert analyse(follow_up, history).dated == dated


def test_an_amount_traded_in_a_year_is_not_told_by_a_price_per_unit(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Export prices", "Norwegian indium sold abroad fetched US$400-450 per kilogram in 2031, Example Minerals "
                               "Review reported."),
             ("Exports", "Norway shipped 90 tonnes of indium abroad in 2029, Example Minerals Review reported."),
             ("Smelters", "Norway runs two indium smelters near Odda, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    declined = assistant.ask("How much indium did Norway export in 2031?")
    assert declined.abstained and declined.abstain_reason == "undated", declined.text
    # a price asked is told by the price
    priced = assistant.ask("How much did Norwegian indium fetch abroad in 2031?")
    assert not priced.abstained and "US$400-450 per kilogram" in priced.text, priced.text


def test_what_happened_to_an_amount_after_an_event_is_what_followed_not_a_table_of_events(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "iceland-indium-export-rules.md").write_text(ICELAND_RULES_BY_DATE, encoding="utf-8")
    facts = [("Exports after the ban", "Iceland's indium scrap exports fell 60% to 12 tonnes in the year after the "
                                       "June 2023 ban, Example Minerals Review reported."),
             ("Buyers", "Screen makers in Norway paid 30% more for indium scrap after Iceland's June 2023 ban, "
                        "Example Minerals Review said."),
             ("Smelters", "Iceland's two indium smelters took the scrap that was no longer exported, Example "
                          "Minerals Review reported.")]
    (corpus / "iceland-indium-policy.md").write_text(_country_note("Iceland", "iceland", facts), encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("What happened to Iceland's indium scrap exports after the June 2023 ban?")
    # what followed, the fall in tonnes among it, not the table of the rules' dates
    assert not any(b["type"] == "table" for b in answer.blocks), answer.text
    assert answer.answer_type == "explanation" and "12 tonnes" in answer.text, answer.text


def test_a_list_asked_of_a_year_shows_no_table_of_other_years_rows(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    rows = "\n".join(f"| Iceland | {measure} | {date} | [^emr-rules] | {date[-4:]} |" for measure, date in [
        ("Licences for indium metal exports", "1 March 2021"), ("Reporting rule for indium smelters", "5 May 2022"),
        ("Ban on indium scrap exports", "10 June 2023"), ("Suspension of the indium scrap ban", "15 January 2025")])
    body = ICELAND_RULES_BY_DATE.split("## Rules by date")[0]
    (corpus / "iceland-indium-export-rules.md").write_text(
        body + "## Review of 2024\n\nIceland reviewed its indium export measures in 2024 and kept them all, Example "
        "Minerals Review reported.[^emr-rules] Iceland also asked its indium smelters for export plans in 2024, "
        "Example Minerals Review said.[^emr-rules]\n\n"
        "## Rules by date\n\n| Country | Measure | Announced | Source | Year |\n|---|---|---|---|---|\n" + rows
        + "\n", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("Which indium export measures did Iceland bring in during 2024?")
    # the table's rows are of 2021, 2022, 2023 and 2025: none is an item of 2024
    assert not any(b["type"] == "table" for b in answer.blocks), answer.text


def test_which_country_leads_by_an_amount_is_not_answered_by_a_table_that_ranks_nothing(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    rows = "\n".join(f"| {country} | {programme} | {amount} | [^emr-prog] | 2031 |" for country, programme, amount in [
        ("Norway", "Indium smelter grant", "9 million crowns"), ("Peru", "Indium exploration fund", "US$5 million"),
        ("Iceland", "Indium reserve purchase", "US$3 million")])
    (corpus / "indium-programmes.md").write_text("""---
id: indium-programmes
title: "Government mineral programmes by country, 2031"
kind: data-note
summary: "Government indium programmes of Norway, Peru and Iceland in 2031."
key_points:
  - "Norway, Peru and Iceland each funded an indium programme in 2031, Example Minerals Review reported.[^emr-prog]"
  - "Iceland mines more indium than any other country, about 60% of world output, Example Minerals Review said.[^emr-prog]"
  - "Peru's indium exploration fund was the largest of the three programmes, Example Minerals Review said.[^emr-prog]"
""" + _SOURCE.format(key="emr-prog", title="Indium programmes") + """minerals: [indium]
countries: [Norway, Peru, Iceland]
topics: [allied-policy]
---

## Who mines indium

Iceland mines more indium than any other country, about 60% of world output, Example Minerals Review said.[^emr-prog]

## Programmes

| Country | Programme | Amount | Source | Year |
|---|---|---|---|---|
""" + rows + "\n", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("Which country mines the most indium?")
    assert not any(b["type"] == "table" for b in answer.blocks), answer.text
    assert "60%" in answer.text, answer.text


def test_who_does_most_of_something_is_led_by_a_share_held_by_a_country_or_firm(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Uses", "Most of the world's indium supply goes into flat screens, Example Minerals Review said."),
             ("Refining", "Norway refines 60% of the world's indium at Odda, Example Minerals Review reported."),
             ("Smelters", "Norway runs two indium smelters, Example Minerals Review said.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    answer = assistant.ask("Who supplies most of the world's indium?")
    assert answer.text.startswith("Norway refines 60%"), answer.text


def test_where_something_is_is_not_told_by_the_place_the_question_names_it_by(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    facts = [("Spills", "The Bergen indium smelter spilled 40 tonnes of acid waste where it stands in 2030, Example "
                        "Minerals Review reported."),
             ("Site", "The smelter sits in Vestland county on the western coast, Example Minerals Review said."),
             ("Output", "Norway's smelters refined 90 tonnes of indium in 2030, Example Minerals Review reported.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    answer = assistant.ask("Where exactly does the Bergen indium smelter stand?")
    assert "Vestland" in answer.text.split("\n")[0].split(". ")[0], answer.text


INDIUM_RESERVES = """---
id: indium-reserves-by-country
title: "Indium reserves by country, 2030"
kind: data-note
summary: "Indium reserves by country in 2030."
key_points:
  - "Norway held the largest indium reserves in 2030, at 900 tonnes, Example Minerals Review reported.[^emr-res]"
  - "Chile's indium reserves were less than half of Norway's in 2030, Example Minerals Review said.[^emr-res]"
  - "Kenya reported indium reserves for the first time in 2030, Example Minerals Review noted.[^emr-res]"
""" + _SOURCE.format(key="emr-res", title="Indium reserves") + """minerals: [indium]
countries: [Norway, Chile, Peru, Kenya]
topics: [reserves]
---

## Indium reserves by country

| Country | Reserves (t) | Source | Year |
|---|---|---|---|
| Chile | 400 | [^emr-res] | 2030 |
| Peru | 300 | [^emr-res] | 2030 |
| Norway | 900 | [^emr-res] | 2030 |
| Kenya | 100 | [^emr-res] | 2030 |
"""


def test_which_country_leads_is_told_by_the_sentence_naming_it_and_its_own_row(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # one country asked for, though its verb reads as a plural noun ("mines"): the leader, as a factoid
    assert question_type("Which country mines the most indium?") is QType.FACTOID
    assert question_type("Which countries mine the most indium?") is QType.LIST
    (corpus / "indium-reserves-by-country.md").write_text(INDIUM_RESERVES, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("Which country has the largest indium reserves?")
    # the rows' caption says "by country", but the sentence naming a country answers; the rows that support it are
    # the leader's, not those of two others that scored alike
    assert answer.text.startswith("Norway held the largest"), answer.text
    rows = [r["cells"][0] for b in answer.blocks if b["type"] == "table" for r in b["rows"]]
    assert set(rows) <= {"Norway"}, rows


def test_a_sum_asked_by_its_verb_is_the_one_told_beside_that_verb(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.figures import paid_verb, sum_by

    assert paid_verb("How much did Acme invest in Bolt Metals?") == "invest"
    assert sum_by("Acme invested US$40 million in Bolt Metals.", "invest")
    assert sum_by("Acme announced a US$40 million investment in Bolt Metals.", "invest")
    assert not sum_by("Acme described its investment in Bolt Metals as part of a plan to spend US$9 billion.", "invest")
    planner = make_assistant(corpus).answerer.planner
    aside, direct = np.eye(2, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        return [_sentence("acme-bolt", "Acme presented its Bolt Metals commitment on 2 May 2030 as part of its pledge "
                                       "to spend US$9 billion at home.", aside, 0.80),
                _sentence("acme-bolt", "Acme committed US$40 million to Bolt Metals on 2 May 2030.", direct, 0.70)]

    assert _factoid_lead(planner, evidence, "How much did Acme commit to Bolt Metals?") == 1
    # a question asking no sum by a verb keeps the best first
    assert _factoid_lead(planner, evidence, "When did Acme commit to Bolt Metals?") == 0


def test_a_name_only_the_last_answer_gave_is_no_reason_to_decline_a_follow_up(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _norway_with(make_assistant, corpus,
                             ("Plans", "Bolt Smelting announced in March 2025 that it would build an indium smelter in "
                                       "Tromso, Norway, Example Minerals Review reported."))
    history = [Turn(role="user", content="Who is building Norway's new indium smelter?"),
               Turn(role="assistant", content="Bolt Smelting, whose chief executive is Kari Nordmann.")]
    answer = assistant.ask("where is its smelter?", history=history)
    assert not answer.abstained and "Tromso" in answer.text, answer.text
    # the user naming a person the notes never mention is still told so
    asked = assistant.ask("Where is Kari Nordmann's smelter?", history=history)
    assert asked.abstained, asked.text


def test_a_ranking_reads_the_best_data_notes_tables_wherever_it_ranked(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # country notes whose prose is about indium producers rank above the data note whose table ranks them
    for country in ("Iceland", "Norway", "Chile", "Spain", "Italy", "Greece"):
        facts = [(f"{country}'s producers", f"{country}'s indium producers are small, family-run firms, Example "
                                            f"Minerals Review said."),
                 ("Producer support", f"{country} supports its indium producers with cheap power, Example Minerals "
                                      f"Review reported."),
                 ("Producer exports", f"{country}'s indium producers export most of what they make, Example Minerals "
                                      f"Review said.")]
        (corpus / f"{country.lower()}-indium-policy.md").write_text(_country_note(country, country.lower(), facts),
                                                                    encoding="utf-8")
    statistics = INDIUM_MINING.replace("Indium mine output by country, 2029-2030", "Indium statistics, 2029-2030")
    statistics = statistics.replace("| Mine output (t) |", "| Production (t) |").split("| Norway | 600 |")[0]
    (corpus / "indium-mining-by-country.md").write_text(statistics.replace("## Indium mine output by country",
                                                                           "## Tonnes"), encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    question = "Which countries produce the most indium?"
    hits = assistant.retriever.retrieve(question, k=assistant.settings.answer.broad_top_k,
                                        max_per_doc=assistant.settings.answer.broad_per_doc)
    first = [h.doc_id for h in hits].index("indium-mining-by-country")
    assert first >= 5, [h.doc_id for h in hits]  # (the case this test is about: the data note ranked below five)
    answer = assistant.ask(question)
    table = next((b for b in answer.blocks if b["type"] == "table"), None)
    assert table is not None, answer.text
    assert [row["cells"][0] for row in table["rows"]][:3] == ["Norway", "Chile", "Peru"], table["rows"]


def test_where_something_is_is_told_by_a_place_not_by_a_newspaper_named_after_one(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.lexicon import PLACES

    assert PLACES.places_in("the Bergen Tribune reported") == set()
    assert PLACES.places_in("a smelter in Bergen") == {"Bergen"}
    facts = [("History", "The Odda Bay indium smelter has refined indium since 1990 and was shut for repairs from "
                         "2020 to 2022, the Bergen Tribune reported."),
             ("Recycling", "A recycling line for scrapped screens opened beside the Odda Bay smelter in Vestland "
                           "county in 2031, Example Minerals Review said."),
             ("Output", "Norway's smelters refined 90 tonnes of indium in 2030, Example Minerals Review reported.")]
    assistant = _norway_only(make_assistant, corpus, facts)
    answer = assistant.ask("Where is the Odda Bay indium smelter?")
    assert "Vestland" in answer.text.split("\n")[0].split(". ")[0], answer.text


def test_where_something_is_may_be_told_by_a_sentence_answering_less_closely(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    history, placed, other = np.eye(3, dtype=np.float32)

    def evidence():  # type: ignore[no-untyped-def]
        # the best sentence tells the smelter's history and names no place; the one naming it with its place answers
        # far less closely, and one naming a place but not the smelter closer
        return [_sentence("odda-bay", "The Odda Bay indium smelter was shut for repairs from 2020 to 2022, Example "
                                      "Minerals Review reported.", history, 0.80),
                _sentence("odda-bay", "Screen recyclers ship scrap to Odda Bay, Vestland, by sea, Example Minerals "
                                      "Review said.", placed, 0.50),
                _sentence("odda-bay", "A second smelter opened in Vestland in 2031, Example Minerals Review said.",
                          other, 0.52)]

    assert _factoid_lead(planner, evidence, "Where is the Odda Bay indium smelter?") == 1
    # a question that asks no place keeps the best first
    assert _factoid_lead(planner, evidence, "When was the Odda Bay indium smelter shut?") == 0


def test_a_follow_up_is_not_settled_by_the_record_stopping_on_what_was_asked_before(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.abstain import gap_on_earlier_question

    planner = make_assistant(corpus).answerer.planner
    gap, created = np.eye(2, dtype=np.float32)
    history = [Turn(role="user", content="Who chairs the Indium Council?"),
               Turn(role="assistant", content="Its first chair served until June 2031; no later chair is named. [1]")]
    stops = ("No public source found by May 2031 named who chairs the Indium Council after the first chair's term ending "
             "in June 2031.")
    query = analyse("what was it set up for?", history)
    assert gap_on_earlier_question(query, stops, planner.tokens)
    # asked again, or asked of something else the gap names, it is what the record leaves open
    assert not gap_on_earlier_question(analyse("so who chairs it now?", history), stops, planner.tokens)
    assert not gap_on_earlier_question(analyse("when was it set up?"), stops, planner.tokens)
    # a statement setting the earlier question's scene is not what it asked: a gap on those things may answer
    scene = [Turn(role="user", content="The Indium Council opened a second call for smelter projects in 2031. How "
                                       "many firms applied?"),
             Turn(role="assistant", content="Forty applications. [1]")]
    selected = "No public source found by May 2032 confirmed which smelter projects the council selected."
    assert not gap_on_earlier_question(analyse("which ones did it pick?", scene), selected, planner.tokens)
    # the gap statement scores best on the conversation; the sentence telling when answers the follow-up
    evidence = [_sentence("indium-council", stops, gap, 0.80),
                _sentence("indium-council", "The Indium Council was created in 2029 to coordinate smelter "
                                            "permits, Example Minerals Review reported.", created, 0.70)]
    for e in evidence:  # (scored as the whole question is: by the conversation too)
        e.part_scores = [e.score]
    assert planner.factoid(query, evidence).lead[0] is evidence[1]


def test_a_yes_or_no_asked_of_it_with_a_verb_of_its_own_is_no_slot_swap() -> None:
    history = [Turn(role="user", content="What did the indium pact set up on 2 May 2031?"),
               Turn(role="assistant", content="A joint indium reserve. [1]")]
    named = analyse("did it name Norway?", history)
    assert not named.swapped and named.context == "What did the indium pact set up on 2 May 2031?", named
    assert "Norway" in named.focus
    # a bare name still swaps the slot of its kind, and a yes or no naming nothing still shifts the year
    mined = [Turn(role="user", content="How much indium did Iceland mine in 2031?"),
             Turn(role="assistant", content="40 tonnes. [1]")]
    assert analyse("and Norway?", mined).swapped
    assert "2030" in analyse("was it any higher a year before?", mined).text


def test_a_comparison_of_one_year_is_not_led_by_another_years_sentence_on_both(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    later, norway, iceland = np.eye(3, dtype=np.float32)
    evidence = [_sentence("indium-output", "A 2033 review put Norway's indium output at 50 tonnes and Iceland's at 30 "
                                           "tonnes in 2032.", later, 0.80),
                _sentence("indium-output", "Norway mined 40 tonnes of indium in 2031, Example Minerals Review said.",
                          norway, 0.75),
                _sentence("indium-output", "Iceland mined 20 tonnes of indium in 2031, Example Minerals Review said.",
                          iceland, 0.74)]
    for e in evidence:
        e.semantic = e.score
    query = analyse("Compare Norway's and Iceland's indium output in 2031")
    assert query.qtype is QType.COMPARISON
    plan = planner.comparison(query, evidence, 0.80)
    assert plan is not None and evidence[0] not in plan.lead, plan.lead
    assert [i.evidence for i in plan.bullets[:2]] == evidence[1:], [i.evidence.text for i in plan.bullets]


def test_a_key_point_giving_a_sections_headline_figure_tells_it_alone(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    smelting, = np.eye(1, dtype=np.float32)
    point = _sentence("indium-smelting", "Norway smelted 40 tonnes of indium in 2031, half of world output, Example "
                                         "Minerals Review said.", smelting, 0.8)
    pick = _sentence("indium-smelting", "Norway smelted 40 tonnes of indium in 2031, up from 35 tonnes in 2030, "
                                        "Example Minerals Review reported.", smelting, 0.7)
    sections = {pick.heading: [pick]}
    # the same amount told twice, once with a detail more: the key point alone
    assert [e.text for e in planner._summarise([pick], [point], sections)] == [point.text]
    # a section whose headline figure the key point does not give keeps its sentence beside it
    other = _sentence("indium-smelting", "Norway's smelters employed 900 people in 2031, up from 700 in 2030, "
                                         "Example Minerals Review reported.", smelting, 0.7)
    assert planner._summarise([other], [point], {other.heading: [other]})[-1].text == other.text
    # a bare count is no headline: "the 17 metals" opens many sentences that each tell something else
    count = _sentence("indium-smelting", "The 17 smelters of 2031 took in indium from 40 mines, Example Minerals "
                                         "Review said.", smelting, 0.7)
    summary = _sentence("indium-smelting", "Norway had 17 indium smelters in 2031, Example Minerals Review said.",
                        smelting, 0.8)
    assert planner._summarise([count], [summary], {count.heading: [count]})[-1].text == count.text


def test_minerals_named_in_one_phrase_are_one_thing_and_the_compared_firms_the_sides() -> None:
    from assistant.answering.plans.comparison import ComparisonPlan

    query = analyse("Compare the Acme, Bolt and Zorblax motor designs with Keflavik Metals' tin oxide magnet.")
    assert ComparisonPlan._sides(query) == ["Acme", "Bolt", "Zorblax", "Keflavik Metals"]
    # (two minerals joined by a word that sets them apart are still two sides)
    assert ComparisonPlan._sides(analyse("How did Peru's tin output compare to its zinc output?")) == ["tin", "zinc"]


def test_a_named_side_is_found_by_its_name_not_by_a_longer_word_holding_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    planner = make_assistant(corpus).answerer.planner
    vector = np.eye(1, dtype=np.float32)[0]
    relayed = _sentence("motors", "Zorblax Metals said its motor needs no magnets, Acmeville Daily reported.", vector, 0.5)
    own = _sentence("motors", "Acme said its motor needs no indium.", vector, 0.5)
    assert not planner._names(relayed, "Acme", own_text=True) and planner._names(own, "Acme", own_text=True)
    # (a stage or a common word is still found by its stem: "refining" in "refined")
    assert planner._names(_sentence("motors", "Peru refined tin in 2031.", vector, 0.5), "refining", own_text=True)


def test_a_follow_up_asking_anew_is_not_led_by_a_sentence_on_another_subject(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    history = [Turn(role="user", content="Berg's indium reserve: which metals does it buy first?"),
               Turn(role="assistant", content="Indium and tin, according to the Ministry of Trade, Industry and "
                                              "Fisheries in 2030.")]
    query = analyse("and so when is trading meant to start?", history)
    launch = _sentence("norway-reserve", "Prime Minister Ola Berg announced Norway's indium reserve in Oslo in May "
                                         "2030.", vector, 0.80)
    other = _sentence("iceland-smelter", "Iceland's Bolt smelter was due to start tellurium trading in 2031.",
                      vector, 0.75)
    plan = planner.factoid(query, [launch, other])
    # (the smelter's start is no start of the reserve asked about)
    assert plan.lead[0] is launch, [e.text for e in plan.lead]
    on_topic = _sentence("norway-reserve", "Norway's indium reserve was to start trading in 2031.", vector, 0.75)
    plan = planner.factoid(query, [launch, other, on_topic])
    assert plan.lead[0] is on_topic, [e.text for e in plan.lead]


DATED_PACT = """---
id: norway-peru-indium-pact
title: "The Norway-Peru indium pact signed in Lima on 23 October 2031"
kind: policy-note
summary: "Norway and Peru signed an indium pact in Lima on 23 October 2031 promising project finance, a stockpile study and faster permits."
key_points:
  - "Norway's and Peru's leaders signed the indium pact in Lima on 23 October 2031.[^emr-pact]"
  - "Under the Norway-Peru pact both governments intend to finance indium refining projects within six months.[^emr-pact]"
  - "Norway and Peru said in October 2031 they would study a joint indium stockpile.[^emr-pact]"
""" + _SOURCE.format(key="emr-pact", title="Norway-Peru indium pact") + """minerals: [indium]
countries: [Norway, Peru]
topics: [allied-policy]
---

Norway's and Peru's leaders signed the indium pact in Lima on 23 October 2031, Example Minerals Review reported.[^emr-pact]

## Signing of the pact in Lima on 23 October 2031

The leaders signed the Norway-Peru pact at a Lima summit on 23 October 2031, the first of their meetings.[^emr-pact]

Peru's president signed the pact on 23 October 2031 before flying to Quito for trade talks.[^emr-pact]

## Financing commitments in the pact

Under the pact, both governments intend to finance indium refining projects within six months through loans and grants.[^emr-pact]

## Stockpiles and permitting

Norway and Peru said they would study a joint indium stockpile and speed up permits for indium mines.[^emr-pact]
"""


def test_a_date_the_title_gives_names_the_subject_not_one_section(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # the date says which pact the question means; it asks for all the pact holds, not for its signing section
    assistant = _assistant_with(make_assistant, corpus, "norway-peru-indium-pact", DATED_PACT)
    answer = assistant.ask("Set out what Norway and Peru promised each other in their indium pact of 23 October 2031")
    assert answer.answer_type == "list", answer.text
    for point in ("within six months", "joint indium stockpile"):
        assert point in answer.text, (point, answer.text)
    # ... while a question on the signing still gets that section
    answer = assistant.ask("What happened at the signing of the Norway-Peru pact in Lima on 23 October 2031?")
    assert "Quito" in answer.text, answer.text



ODDA_REFINERY = """---
id: acme-odda-refinery
title: "Acme's Odda indium refinery: state grants and the stalled project"
kind: policy-note
summary: "Acme Metals planned an indium refinery at Odda with state grants; by November 2031 it looked unlikely to proceed."
key_points:
  - "Acme Metals received US$90 million of Norwegian state grants for its Odda indium refinery between 2028 and 2031.[^emr-odda]"
  - "Acme Metals said on 27 August 2031 that it was uncertain whether the Odda indium refinery would be built.[^emr-odda]"
  - "Acme's chair said in November 2031 that the Odda indium refinery was unlikely to proceed.[^emr-odda]"
""" + _SOURCE.format(key="emr-odda", title="Acme Odda refinery") + """minerals: [indium]
countries: [Norway]
topics: [allied-policy]
---

Acme Metals received US$90 million of Norwegian state grants for its Odda indium refinery between 2028 and 2031, against the US$60 million first promised, Example Minerals Review reported.[^emr-odda]

## Plans for the Odda refinery

Acme Metals bought the Odda site for its indium refinery from Bolt Mining in 2029, Example Minerals Review reported.[^emr-odda]

## Doubts in August 2031

Acme Metals told investors in its results of 27 August 2031 that there was significant uncertainty over whether the Odda indium refinery would be built, Example Minerals Review reported.[^emr-odda]

## The annual general meeting of November 2031

Acme's chair told its annual general meeting in November 2031 that the Odda indium refinery was unlikely to proceed, citing slag permits, Example Minerals Review reported.[^emr-odda]

Example Minerals Review reported in November 2031 that Acme had failed to win extra state money for cost overruns at the Odda indium refinery.[^emr-odda]
"""


def test_a_why_follow_up_naming_a_month_is_answered_by_that_months_sentences(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = _assistant_with(make_assistant, corpus, "acme-odda-refinery", ODDA_REFINERY)
    history = [Turn(role="user", content="What did Acme tell investors in August 2031 about its Odda indium refinery?"),
               Turn(role="assistant", content="That it was uncertain whether the refinery would be built.")]
    answer = assistant.ask("And by the AGM that November, why did it seem doomed?", history)
    lead = answer.text.split("\n")[0]
    # (not the note's opening on the grants, which tells of no month)
    assert "slag permits" in lead or "cost overruns" in lead, answer.text


def test_a_follow_up_asking_when_it_starts_is_told_by_the_start_its_subjects_note_gives(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    history = [Turn(role="user", content="Berg's indium reserve: which metals does it buy first?"),
               Turn(role="assistant", content="Indium and tin, according to the trade ministry in 2030.")]
    query = analyse("and so when is it meant to begin buying?", history)
    launch = _sentence("norway-reserve", "Prime Minister Ola Berg announced Norway's indium reserve in Oslo in May "
                                         "2030.", vector, 0.80)
    other = _sentence("iceland-smelter", "Iceland's Bolt smelter was due to start tellurium trading in 2031.",
                      vector, 0.75)
    start = _sentence("norway-reserve", "A law firm wrote in 2030 that the reserve was expected to start operating "
                                        "in the second half of 2031.", vector, 0.30)
    plan = planner.factoid(query, [launch, other, start])
    # (however weakly its words match "buying", the reserve's own note tells when it starts; the smelter is another
    # subject)
    assert plan.lead[0] is start, [e.text for e in plan.lead]


def test_a_follow_up_asking_for_partners_is_not_answered_by_the_table_of_the_country_the_answer_named(
        make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "norway-tin-programmes.md").write_text(_programmes(), encoding="utf-8")
    (corpus / "norway-indium-policy.md").write_text(_country_note("Norway", "norway", [
        ("Partners", "The Nordic Tin Alliance's partners were Sweden, Finland, Denmark and Iceland, Example Minerals "
                     "Review reported."),
        ("Alliance", "Norway launched the Nordic Tin Alliance in 2030, Example Minerals Review reported."),
        ("Smelters", "Acme Metals smelts tin at Odda in Norway, Example Minerals Review reported.")]), encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    history = [Turn(role="user", content="What is the Nordic Tin Alliance?"),
               Turn(role="assistant", content="A Norway-led tin initiative launched at Odda in 2030.")]
    answer = assistant.ask("which countries were its partners?", history)
    # (the partners, not the rows of Norway's own programmes: the user's own words name no country)
    assert "Finland" in answer.text and not any(b["type"] == "table" for b in answer.blocks), answer.text


def test_a_follow_up_asking_who_is_led_by_the_sentence_sharing_its_own_words(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    planner, vector = _planner_and_vector(make_assistant, corpus)
    signed = _sentence("decree-9", "Minister Ana Ruiz signed Decree 9, Faster Tin Permits, on 3 March 2030.", vector,
                       0.80)
    scope = _sentence("decree-9", "Decree 9 of March 2030 covers tin production, smelting and refining.", vector, 0.75)
    chair = _sentence("decree-9", "The Tin Council, chaired by Oskar Berg, oversees Decree 9, Example Minerals Review "
                                  "reported.", vector, 0.52)
    history = [Turn(role="user", content="What is Decree 9?"),
               Turn(role="assistant", content="Faster Tin Permits, signed on 3 March 2030; it speeds up tin permits.")]
    plan = planner.factoid(analyse("so who oversees the running of it?", history), [signed, scope, chair])
    # (a follow-up's sentence naming who is worded apart from the conversation the others echo)
    assert plan.lead[0] is chair, [e.text for e in plan.lead]
    # (a question of its own keeps to the sentences scoring close to the best)
    plan = planner.factoid(analyse("Who oversees Decree 9 on tin permits?"), [signed, scope, chair])
    assert plan.lead[0] is signed, [e.text for e in plan.lead]
