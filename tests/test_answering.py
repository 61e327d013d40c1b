"""The answer path: question types and their plans, follow-up slots, tables, citations from source keys, refusal
reasons. Notes and questions here are made up for the tests (fixture corpus plus the notes below)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.answering import AbstainReason, QType, analyse
from assistant.answering.abstain import is_gap
from assistant.answering.query import question_parts, question_type
from assistant.figures import has_figure, normalised, number
from assistant.lexicon import mentions
from assistant.types import Turn
from tests.test_broad_answers import _SOURCE

GAP_NOTE = """---
id: gallium-suspension
title: "China's suspension of its December 2024 US gallium ban"
kind: policy-note
summary: "China suspended its US-specific gallium ban on 9 November 2025 until 27 November 2026."
key_points:
  - "On 9 November 2025 China paused the gallium export ban it had placed on US buyers in December 2024, Fastmarkets reported.[^fm-2025]"
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

On 9 November 2025 China's commerce ministry paused the gallium export ban it had placed on US buyers in
December 2024, with the pause running until 27 November 2026, Fastmarkets reported.[^fm-2025]

## What happened at the end date

No public source found for this note by 28 November 2026 confirmed whether China extended the gallium
suspension after 27 November 2026.[^fm-2025]
"""

# a made-up explainer: why tellurium matters to solar panels, one section per aspect
EXPLAINER = """---
id: why-tellurium-matters-for-solar
title: "Why does tellurium matter for thin-film solar panels?"
kind: explainer
summary: "Tellurium matters for thin-film solar panels because cadmium telluride cells need it and supply is a by-product."
key_points:
  - "Cadmium telluride solar cells need tellurium, according to the Example Energy Agency in 2024.[^eea-2024]"
  - "Tellurium comes mostly as a by-product of copper refining, Example Metals Weekly reported in 2023.[^emw-2023]"
  - "Example Refining Group said in 2025 that recycling panels could recover most of their tellurium.[^erg-2025]"
sources:
  - key: eea-2024
    publisher: Example Energy Agency
    title: "Thin-film solar outlook 2024"
    url: https://example.org/eea-thin-film-2024
    date: 2024-03-01
    authority: official
  - key: emw-2023
    publisher: Example Metals Weekly
    title: "Tellurium output and copper refining"
    url: https://example.org/emw-tellurium-2023
    date: 2023-09-12
    authority: news
  - key: erg-2025
    publisher: Example Refining Group
    title: "Panel recycling results"
    url: https://example.org/erg-recycling-2025
    date: 2025-02-20
    authority: official
published: 2025-02-20
as_of: 2025-02-20
reviewed: 2026-11-30
minerals: [tellurium, copper]
countries: [Canada]
topics: [uses, supply-chain, recycling]
---

Tellurium matters for thin-film solar panels because cadmium telluride cells, the main thin-film technology, cannot work without it, according to the Example Energy Agency in March 2024.[^eea-2024] Supply is tight because tellurium is recovered almost only as a by-product of copper refining, Example Metals Weekly reported in September 2023.[^emw-2023]

## Cadmium telluride cells need tellurium for their absorber layer

The Example Energy Agency said in March 2024 that every cadmium telluride solar panel uses a thin tellurium absorber layer to turn sunlight into electricity.[^eea-2024]

The Example Energy Agency estimated in March 2024 that thin-film panels made up 4% of solar panel output in 2023.[^eea-2024]

## Tellurium supply depends on copper refining

Example Metals Weekly reported in September 2023 that about 90% of tellurium is recovered from the anode slimes of copper refineries.[^emw-2023]

Example Metals Weekly said in September 2023 that tellurium output cannot rise quickly because refiners do not mine copper for its tellurium.[^emw-2023]

## Recycling old panels can return tellurium to solar makers

Example Refining Group said in February 2025 that its plant in Ontario recovered 95% of the tellurium in end-of-life thin-film panels.[^erg-2025]

Example Refining Group said in February 2025 that recycled tellurium could meet a tenth of thin-film demand by 2030.[^erg-2025]
"""

# a made-up data note with a yearly series, for trend answers
SERIES = """---
id: tellurium-output-by-year
title: "Tellurium refinery output by year, 2018-2024"
kind: data-note
summary: "Refined tellurium output by year from 2018 to 2024, from Example Metals Weekly."
key_points:
  - "Refined tellurium output rose from 440 tonnes in 2018 to 640 tonnes in 2024, according to Example Metals Weekly.[^emw-2025]"
  - "Refined tellurium output peaked at 640 tonnes in 2024, Example Metals Weekly reported.[^emw-2025]"
  - "Example Metals Weekly put refined tellurium output at 500 tonnes in 2020.[^emw-2025]"
sources:
  - key: emw-2025
    publisher: Example Metals Weekly
    title: "Tellurium output tables"
    url: https://example.org/emw-tellurium-tables
    date: 2025-01-15
    authority: news
published: 2025-01-15
as_of: 2025-01-15
reviewed: 2026-11-30
minerals: [tellurium]
countries: []
topics: [production]
---

## Refined tellurium output by year

| Year | Refined output (t) | Scope | Source |
|---|---|---|---|
| 2018 | 440 | World | [^emw-2025] |
| 2019 | 470 | World | [^emw-2025] |
| 2020 | 500 | World | [^emw-2025] |
| 2021 | 540 | World | [^emw-2025] |
| 2022 | 580 | World | [^emw-2025] |
| 2023 | 610 | World | [^emw-2025] |
| 2024 | 640 | World | [^emw-2025] |

## Key figures

Example Metals Weekly reported in January 2025 that refined tellurium output grew every year from 2018 to 2024.[^emw-2025]
"""

TWO_SOURCES = """---
id: tellurium-prices
title: "Tellurium prices in 2024"
kind: policy-note
summary: "Tellurium prices in 2024 according to two price reporters."
key_points:
  - "Example Metals Weekly and Example Price Desk both put the 2024 tellurium price at US$80 per kilogram.[^emw-2024][^epd-2024]"
  - "Example Price Desk said tellurium prices rose in 2024 as thin-film demand grew.[^epd-2024]"
  - "Example Metals Weekly said tellurium buyers turned to recycled supply in 2024.[^emw-2024]"
sources:
  - key: emw-2024
    publisher: Example Metals Weekly
    title: "Tellurium price review 2024"
    url: https://example.org/emw-price-2024
    date: 2024-12-01
    authority: news
  - key: epd-2024
    publisher: Example Price Desk
    title: "Minor metals prices 2024"
    url: https://example.org/epd-2024
    date: 2024-12-05
    authority: analysis
published: 2024-12-05
as_of: 2024-12-05
reviewed: 2026-11-30
minerals: [tellurium]
countries: []
topics: [prices]
---

## Prices in 2024

Two price reporters agreed that tellurium traded at about US$80 per kilogram in December 2024.[^emw-2024][^epd-2024]

Example Price Desk said in December 2024 that tellurium prices rose during 2024 as thin-film solar demand grew.[^epd-2024]

Example Metals Weekly said in December 2024 that some tellurium buyers turned to recycled supply during 2024, filling a gap in mined output.[^emw-2024] This paragraph has a padding sentence so the price section reads as prose for the tests here.[^emw-2024]
"""


# -- query analysis ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "qtype"), [
    ("How much tellurium did refiners produce in 2023?", QType.FACTOID),
    ("Who recycles thin-film panels?", QType.FACTOID),
    ("Why does tellurium matter for solar panels?", QType.EXPLANATION),
    ("How does copper refining limit tellurium supply?", QType.EXPLANATION),
    ("What did the 2023 licensing rules cover?", QType.EXPLANATION),
    ("What steps has Canada taken to secure tellurium?", QType.LIST),
    ("Which countries signed the tellurium pact?", QType.LIST),
    ("Compare tellurium and germanium prices", QType.COMPARISON),
    ("Is tellurium output larger than germanium output?", QType.COMPARISON),
    ("How has tellurium output changed since 2019?", QType.TREND),
    ("Tellurium prices year by year", QType.TREND),
    ("What are the different ways Norway secures tellurium?", QType.LIST),
    ("What alternatives to tellurium are solar panel makers trying?", QType.LIST),
    ("What is Norway's role in indium smelting?", QType.EXPLANATION),
    ("What part does Chile play in the tellurium trade?", QType.EXPLANATION),
    ("How has Norway cut its reliance on Peruvian indium?", QType.EXPLANATION),
    ("How was Norway's indium fund paid for?", QType.EXPLANATION),
    ("How has Norway's indium output changed since 2020?", QType.TREND),
    ("Tellurium, Norway, 2023", QType.FACTOID),  # unclear: the factoid plan, never an error
    # broad questions in everyday forms: hindrances, consequences, what-ifs, judgements, overviews
    ("Tell me about tellurium", QType.EXPLANATION),
    ("What are the safety problems with tellurium refining?", QType.EXPLANATION),
    ("What challenges does Norway face in refining tellurium?", QType.EXPLANATION),
    ("What would happen if Norway stopped tellurium exports?", QType.EXPLANATION),
    ("What is holding back tellurium recycling?", QType.EXPLANATION),
    ("What's behind the jump in tellurium prices?", QType.EXPLANATION),
    ("Could recycling replace tellurium mining?", QType.EXPLANATION),
    ("Is Norway's grip on tellurium a threat to solar makers?", QType.EXPLANATION),
    ("What effect did the licensing have on panel makers?", QType.EXPLANATION),
    ("Could you give an overview of Canada's tellurium policy", QType.EXPLANATION),
    # lists: parties, places, support received, plural things asked for
    ("Who has invested in Nordic Tellurium?", QType.LIST),
    ("Where does Canada get its tellurium from?", QType.LIST),
    ("What funding has Nordic Tellurium received?", QType.LIST),
    ("Which EU agencies fund tellurium refineries?", QType.LIST),
    ("walk me through the tellurium levies Norway has brought in since 2021", QType.LIST),
    ("Talk me through how Norway's tellurium levy works.", QType.EXPLANATION),
    ("run me through the tellurium market since 2019", QType.TREND),
    ("What new tellurium refineries are planned outside Norway?", QType.LIST),
    ("What's Canada doing to secure tellurium?", QType.LIST),
    # trends: amounts of change, recoveries, monthly series, direction
    ("How much has tellurium output grown?", QType.TREND),
    ("Has Norway's share of tellurium gone down?", QType.TREND),
    ("Did tellurium exports recover once the ban lifted?", QType.TREND),
    ("What were the monthly tellurium exports in 2024?", QType.TREND),
    ("Where are tellurium prices heading?", QType.TREND),
    ("Who mines more tellurium, Norway or Peru?", QType.COMPARISON),
    ("Who is ahead on tellurium refining, Norway or Peru?", QType.COMPARISON),
    ("Show us a list of Norway's tellurium curbs since 2023", QType.LIST),
    ("How has Canada responded to Norway's tellurium curbs?", QType.LIST),
    ("How did tellurium prices react to Norway's curbs?", QType.EXPLANATION),  # a market's reaction, not deeds
    ("How exactly does Norway control tellurium refining?", QType.EXPLANATION),
    ("What's so different about tellurium?", QType.EXPLANATION),
    ("Show me how tellurium use is projected to rise", QType.TREND),
    # ... and the factoid forms they must leave alone
    ("Which company runs the Oslo tellurium refinery?", QType.FACTOID),
    ("What proportion of tellurium smelters are idle in Norway?", QType.FACTOID),  # a measure of them, not a list
    ("What share of tellurium panels were recycled in 2024?", QType.FACTOID),
    ("Which Acme plant was idled in May 2024?", QType.FACTOID),
    ("What annual output will the Oslo refinery have?", QType.FACTOID),
    ("What's Norway doing with its tellurium slag?", QType.FACTOID),
    ("What's the decree number Norway signed in 2024?", QType.FACTOID),
    ("Where is Nordic Tellurium building its refinery?", QType.FACTOID),
    ("Is the tellurium ban still suspended?", QType.FACTOID),
    ("Who is opening new indium smelters around the Baltic?", QType.LIST),
    ("who is building the Hekla smelter?", QType.FACTOID),
    ("Who are the two ministers heading the Norway-Peru tellurium panel?", QType.FACTOID),  # people, one sentence
    ("and who were the officials behind it?", QType.FACTOID),
    ("Who are the main tellurium refiners in Europe?", QType.LIST),
    ("What happened to tellurium shipments after Norway's 2031 licensing rule?", QType.TREND),
    ("What happened to the Hekla smelter's licence?", QType.FACTOID),
    ("What happened to screen makers after Norway's 2031 licensing rule?", QType.EXPLANATION),
    # a topic before a colon, then what is asked of it: typed by the ask
    ("Oslo and Lima's 2031 indium accord: break down the commitments", QType.LIST),
    ("The Norway-Peru tellurium accord: walk me through its terms", QType.LIST),
    ("The Norway-Peru tellurium accord: what did Peru pay for it?", QType.FACTOID),  # a question of its own: whole
    # "which" with a noun and a verb in -s is one thing asked, not a list
    ("Which levy rate applies to Acme's Odda smelter?", QType.FACTOID),
    ("Which permit governs Bolt's tellurium mill?", QType.FACTOID),
    ("Which tellurium levies has Norway brought in since 2023?", QType.LIST),  # (the auxiliary is no plural)
])
def test_questions_get_their_type(question: str, qtype: QType) -> None:
    assert question_type(question) is qtype


def test_compound_question_splits_into_parts() -> None:
    parts = question_parts("Which fraction of old turbines gets reused, and how large is the waste stream?")
    assert parts == ["Which fraction of old turbines gets reused", "how large is the waste stream"]
    assert question_parts("What did the 2023 tellurium rules cover?") == ["What did the 2023 tellurium rules cover?"]


@pytest.mark.parametrize("question, parts", [
    # a closing list of examples is a part of its own: the question is answered by sentences on the whole or on them
    ("What has Iceland done to secure indium - grants, stockpiles, tariffs and so on?",
     ["What has Iceland done to secure indium", "grants, stockpiles, tariffs and so on"]),
    ("Which tools does Norway use: levies, quotas, loans etc.?", ["Which tools does Norway use", "levies, quotas, loans etc."]),
    # ... but not a dash that sets off the rest of the question, nor examples without a list
    ("What has Iceland done - grants and loans?", ["What has Iceland done - grants and loans?"]),
    ("What has Iceland done about indium - and who paid for it?", ["What has Iceland done about indium -", "who paid for it"]),
])
def test_a_closing_list_of_examples_is_a_part(question: str, parts: list[str]) -> None:
    assert question_parts(question) == parts


def test_analysis_is_one_typed_record() -> None:
    q = analyse("How has Canada's tellurium output changed since 2019?")
    assert q.qtype is QType.TREND and q.since == 2019
    assert ("Canada", "country") in {(e.name, e.kind) for e in q.entities}
    assert ("tellurium", "mineral") in {(e.name, e.kind) for e in q.entities}
    assert q.years == [2019] and not q.is_followup



@pytest.mark.parametrize(("question", "window"), [
    ("How did Canada's tellurium output change over the ten years to 2031?", (2021, 2031)),
    ("Across the twenty years to 2030, how far did Chile's indium tonnage climb?", (2010, 2030)),
    ("How did Canada's tellurium output move in the decade to 2031?", (2021, 2031)),
    ("How did Canada's tellurium output change in the past 12 years through 2031?", (2019, 2031)),
])
def test_a_span_told_by_its_length_and_last_year_is_a_window(question: str, window: tuple[int, int]) -> None:
    q = analyse(question)
    assert q.qtype is QType.TREND and (q.since, q.until) == window


QUOTA = [Turn(role="user", content="What was Ruritania's tellurium quota in 2024?"),
         Turn(role="assistant", content="Ruritania set a 900 tonne quota for 2024. [1]")]


@pytest.mark.parametrize(("follow_up", "expected", "slot"), [
    ("And in 2022?", "What was Ruritania's tellurium quota in 2022?", "year"),
    ("What about 2019?", "What was Ruritania's tellurium quota in 2019?", "year"),
    ("And the year before?", "What was Ruritania's tellurium quota in 2023?", "year"),
    ("And the following year?", "What was Ruritania's tellurium quota in 2025?", "year"),
    ("And germanium?", "What was Ruritania's germanium quota in 2024?", "mineral"),
])
def test_follow_ups_substitute_a_slot(follow_up: str, expected: str, slot: str) -> None:
    q = analyse(follow_up, QUOTA)
    assert q.text == expected and slot in q.from_history and q.is_followup


def test_a_demonstrative_plural_points_back_however_much_else_a_question_names() -> None:
    history = [Turn(role="user", content="Which shippers were picked to carry Ruritania's indium reserve?"),
               Turn(role="assistant", content="Acme Freight, Bolt Lines and Kestrel Cargo. [1]")]
    query = analyse("Did Norway's export agency chief later promise those three a standing contract?", history)
    assert query.is_followup and "indium reserve" in query.text
    # ... but not "those who ...", a phrase of its own
    query = analyse("Did Chile's port director promise those who bid in Peru's copper tender a standing contract?",
                    history)
    assert not query.is_followup


def test_follow_ups_substitute_a_country_and_an_organisation() -> None:
    history = [Turn(role="user", content="What did Japan agree with the United States on gallium in 2025?")]
    assert analyse("And Australia?", history).text == (
        "What did Australia agree with the United States on gallium in 2025?")
    history = [Turn(role="user", content="Where does Acme Metals refine tellurium?")]
    q = analyse("What about Borealis Mining?", history)
    assert q.text == "Where does Borealis Mining refine tellurium?" and q.from_history == {"name": "Borealis Mining"}
    history = [Turn(role="user", content="Which mines got money from the Department of Energy in 2023?")]
    assert "Pentagon" in analyse("And the Pentagon?", history).text


def test_a_follow_up_naming_a_model_swaps_the_whole_numbered_name_and_keeps_what_it_names() -> None:
    # "Kx-90" is one name, not "Kx-" and a number; "the Vela freighter" swaps in with its noun, which the question
    # ending at the old name would otherwise lose
    history = [Turn(role="user", content="What mass of indium sits in each Kx-90?"),
               Turn(role="assistant", content="About 2 tonnes per airframe. [1]")]
    query = analyse("and for a Vela freighter?", history)
    assert query.text == "What mass of indium sits in each Vela freighter?" and query.from_history == {"name": "Vela"}


def test_a_plain_name_before_a_hyphened_word_is_mentioned() -> None:
    assert mentions("Each Vela-class freighter carries 2 tonnes of indium.", "Vela")
    assert not mentions("Each Velaclass freighter carries 2 tonnes of indium.", "Vela")


def test_a_follow_up_with_another_preposition_swaps_the_object_not_the_subject() -> None:
    history = [Turn(role="user", content="When did Peru stop indium sales to Norway?")]
    # "for" is not the previous question's "to", but a name after a preposition is what the verb acts on
    query = analyse("and for Chile?", history)
    assert query.text == "When did Peru stop indium sales to Chile?", query.text
    assert [q.text for q in query.alternatives] == ["When did Chile stop indium sales to Norway?"]  # (the corpus
    # still decides between the readings)
    assert analyse("and Chile?", history).text == "When did Chile stop indium sales to Norway?"  # (no preposition)


def test_a_follow_up_swapping_a_mineral_keeps_the_stage_it_asks_about() -> None:
    history = [Turn(role="user", content="What share of the world's indium ingots does Peru make?")]
    # the stage asked comes with the new mineral, in the old stage's place; none asked, the old one stays
    assert analyse("and tellurium refining?", history).text == ("What share of the world's tellurium refining does "
                                                                 "Peru make?")
    assert analyse("and tellurium?", history).text == "What share of the world's tellurium ingots does Peru make?"
    # names side by side are one thing ("rare earth magnets"), swapped whole
    history = [Turn(role="user", content="What share of the world's rare earth magnets does Peru make?")]
    assert analyse("and tellurium?", history).text == "What share of the world's tellurium does Peru make?"
    history = [Turn(role="user", content="How much indium smelting does Peru control?")]
    assert analyse("and tellurium refining?", history).text == "How much tellurium refining does Peru control?"
    assert analyse("and tellurium in 2030?", history).text == "How much tellurium smelting does Peru control in 2030?"


@pytest.mark.parametrize("follow_up", ["Who paid for it?", "Where was that built?", "When did it begin?"])
def test_pronoun_follow_ups_read_with_the_earlier_question_and_the_last_answer(follow_up: str) -> None:
    history = [Turn(role="user", content="Who recycles thin-film panels in Canada?"),
               Turn(role="assistant", content="In 2025 Example Refining Group opened a recycling plant. [1]")]
    q = analyse(follow_up, history)
    assert q.context == "Who recycles thin-film panels in Canada?"
    assert "Example Refining Group" in q.focus and q.text.endswith("(Who recycles thin-film panels in Canada?)")


def test_it_may_point_at_the_thing_the_earlier_question_ended_on() -> None:
    history = [Turn(role="user", content="When did the Oslo refiner get its first state loan?"),
               Turn(role="assistant", content="Nordic Refining got it in May 2024. [1]")]
    assert "first state loan" in analyse("How much was it?", history).focus
    # (a place the answer names is what "there" points at, not the thing)
    assert "first state loan" not in analyse("Who else works there?", history).focus


def test_a_follow_up_naming_only_a_year_is_read_with_the_earlier_question() -> None:
    history = [Turn(role="user", content="How much tellurium does Peru refine?"),
               Turn(role="assistant", content="Peru refined 40 tonnes of tellurium, Example Minerals Review said. [1]")]
    q = analyse("What did the 2031 rules do to prices?", history)
    assert q.context == "How much tellurium does Peru refine?" and "tellurium" in q.text, q.text
    assert not analyse("What did the 2031 rules do to prices?").context  # alone, it is a question of its own
    # one naming something new is a question of its own
    assert not analyse("What did Iceland's 2031 rules do to prices?", history).context


@pytest.mark.parametrize("follow_up", ["why so low?", "what caused the drop?", "how come it was that cheap?"])
def test_a_follow_up_about_an_amount_the_answer_told_is_read_with_that_amount(follow_up: str) -> None:
    history = [Turn(role="user", content="Did Norway's tellurium buyers pay the floor price in 2031?"),
               Turn(role="assistant", content="No. The Oslo tellurium benchmark sank to 41 euros a kilogram in "
                                              "March 2031, Example Minerals Review said. [1]")]
    q = analyse(follow_up, history)
    # the answer's sentence after its bare "No." is what the amount is, and retrieval reads it
    assert "41 euros a kilogram" in q.text and "floor price" in q.text, q.text
    assert "41 euros" not in analyse("who set the floor?", history).text
    # "No. 18 ..." opening an answer is a number, not a reply
    from assistant.answering.query import answer_lead

    assert answer_lead("No. 18 of 2031 put tellurium under licence. [1] It took effect at once.").startswith("No. 18")


def test_the_explanation_lead_recognises_a_sentence_telling_a_cause() -> None:
    from assistant.answering.plans.explanation import _CAUSAL

    assert _CAUSAL.search("An analyst attributed the tellurium rally to thin supply from Peru.")
    assert _CAUSAL.search("The slump resulted from a glut of Canadian slimes.")
    assert not _CAUSAL.search("Tellurium traded at 41 euros a kilogram in March 2031.")


def test_an_abbreviation_in_the_last_answer_is_no_name_it_points_at() -> None:
    history = [Turn(role="user", content="Where was Norway's indium rule published?"),
               Turn(role="assistant", content="Norway printed the indium rule at 12 Fed. Reg. 3301 in March 2031, "
                                              "Example Minerals Review said. [1]")]
    q = analyse("who enforces it?", history)
    assert "Fed" not in q.focus and "Reg" not in q.focus, q.focus


def test_a_new_question_is_not_a_follow_up() -> None:
    q = analyse("How much tellurium did Canada refine in 2023?", QUOTA)
    assert q.text == "How much tellurium did Canada refine in 2023?" and not q.is_followup


def test_a_question_naming_only_what_the_conversation_named_leans_on_it() -> None:
    history = [Turn(role="user", content="What did Acme Metals agree with Borealis Mining in 2031?"),
               Turn(role="assistant", content="A smelter venture in which Japan's share is 40%, Borealis keeps 60%.")]
    q = analyse("who is paying for the japanese share?", history)  # Japan: named by the answer already
    assert q.context and "Acme Metals" in q.text, q.text
    # a question naming a country of its own is a new question
    assert not analyse("who pays for the share held by Canada?", history).is_followup


def test_a_name_is_read_without_the_question_word_or_possessive_around_it() -> None:
    from assistant.answering.query import entities_of

    def names(text: str) -> list[str]:
        return [e.name for e in entities_of(text) if e.kind == "name"]

    assert names("What's Freedonia's Smelter Alliance?") == ["Freedonia's Smelter Alliance"]
    assert names("What's Iceland's Smelter Alliance?") == ["Smelter Alliance"]  # (the country is an entity of its own)
    assert names("What's the Acme Fund?") == ["Acme Fund"]
    assert names("Who's Acme Metals?") == ["Acme Metals"]
    assert names("When did Acme Metals's plant open?") == ["Acme Metals"]
    assert names("How big is Bolt Works' plant?") == ["Bolt Works"]


def test_a_demonym_names_its_country() -> None:
    from assistant.answering.query import entities_of

    # from countryinfo: "Canadian" is Canada's, in a question typed in lower case too; "Congolese" is two countries'
    assert [e.name for e in entities_of("Who finances the Canadian share of the smelter?")] == ["Canada"]
    assert [e.name for e in entities_of("who finances the canadian share of the smelter?")] == ["Canada"]
    assert not any(e.kind == "country" for e in entities_of("What do Congolese smelters export?"))
    assert mentions("Two Norwegian smelters opened in 2031.", "Norway")


def test_a_metal_named_by_a_common_word_or_a_compound_is_read_by_its_sense() -> None:
    from assistant.lexicon import minerals_named

    # "lead" is the metal in a list of metals or as the thing asked about, not in "lead times" or "would lead to"
    assert minerals_named("Smelters there refine zinc and lead for export.") == {"zinc", "lead"}
    assert minerals_named("How much lead did Freedonia mine in 2031?") == {"lead"}
    assert not minerals_named("Mine lead times grew to 18 years, and delays would lead to shortages.")
    assert minerals_named("Acme keeps its lead in magnets.") == {"magnets"}
    # a compound semiconductor is named for its metal
    assert minerals_named("Stacked GaN devices compete with GaAs chips.") == {"gallium"}
    assert minerals_named("SiGe chips run faster.") == {"germanium"}


def test_what_it_points_at_is_named_outside_the_last_answers_attribution() -> None:
    from assistant.answering.query import answer_names

    assert answer_names("According to the Example Minerals Review, Acme Metals built a smelter in Ontario.") == [
        "Acme Metals", "Ontario"]
    assert answer_names("Acme Metals built a smelter in Ontario, the Example Minerals Review reported.") == [
        "Acme Metals", "Ontario"]
    # an answer opening on its subject with an article: the name is the subject's ("The Acme Act is ...")
    assert answer_names("The Indium Security Act is a law of the Althing, adopted in 2031.")[:2] == [
        "Indium Security Act", "Althing"]
    history = [Turn(role="user", content="How much indium does Iceland refine?"),
               Turn(role="assistant", content="According to the Example Minerals Review, Iceland refines 40% of the "
                                              "world's indium.")]
    assert "Review" not in analyse("why does that matter?", history).focus


def test_places_come_from_maintained_libraries() -> None:
    assert mentions("Example Refining Group opened a plant in Ontario in 2025.", "Canada")
    assert mentions("Refiners in Baotou expanded output.", "China")
    assert not mentions("Lynas separates heavy rare earths in Malaysia.", "Canada")


def test_one_figure_parser() -> None:
    assert normalised("US$1.4 billion and 98 per cent, 1,238 t") == {"1400000000", "98%", "1238"}
    assert number("58-70%") == 58.0 and number("132,000") == 132000.0 and number("n/a") is None
    assert is_gap("No public source found for this note confirmed whether the plant opened.")
    assert not is_gap("The plant opened on 3 March 2025, the company said.")
    assert has_figure("a US$400 million stake") and not has_figure("Reuters reported on 3 July 2023.")


# -- answers on a corpus ------------------------------------------------------------------------------------------------
@pytest.fixture
def solar(make_assistant, corpus: Path):  # type: ignore[no-untyped-def]
    for name, text in (("why-tellurium-matters-for-solar", EXPLAINER), ("tellurium-output-by-year", SERIES),
                       ("tellurium-prices", TWO_SOURCES)):
        (corpus / f"{name}.md").write_text(text, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    return assistant


def _assert_every_item_is_cited(answer) -> None:  # type: ignore[no-untyped-def]
    numbers = {c.n for c in answer.citations}
    for block in answer.blocks:
        if block["type"] == "bullets":
            assert block["items"] and all(i["citations"] and set(i["citations"]) <= numbers for i in block["items"])
        if block["type"] == "table":
            assert block["rows"] and all(r["citations"] and set(r["citations"]) <= numbers for r in block["rows"])
    assert answer.unsupported == []  # the verifier finds each quoted sentence and row in its cited source


def test_an_explanation_is_a_lead_then_aspect_bullets_then_read_more(solar) -> None:  # type: ignore[no-untyped-def]
    answer = solar.ask("Why is tellurium important for thin-film solar?")
    assert answer.answer_type == "explanation" and not answer.abstained
    kinds = [b["type"] for b in answer.blocks]
    assert kinds[0] == "lead" and "bullets" in kinds and kinds[-1] == "read_more"
    bullets = next(b for b in answer.blocks if b["type"] == "bullets")["items"]
    assert 3 <= len(bullets) <= 6
    labels = [b["label"] for b in bullets]
    assert "Tellurium supply depends on copper refining" in labels  # the explainer's sections are the aspects
    assert answer.text.splitlines()[0].startswith("Tellurium matters for thin-film solar panels")
    assert "\n- **" in answer.text and "**Read more:**" in answer.text
    _assert_every_item_is_cited(answer)


def test_a_trend_is_a_cited_table_of_the_asked_years(solar) -> None:  # type: ignore[no-untyped-def]
    answer = solar.ask("How has refined tellurium output changed since 2020?")
    assert answer.answer_type == "trend"
    table = next(b for b in answer.blocks if b["type"] == "table")
    assert table["columns"][0] == "Year" and "Refined output (t)" in table["columns"]
    years = [row["cells"][0] for row in table["rows"]]
    assert years == ["2020", "2021", "2022", "2023", "2024"]
    assert "| 2024 | 640 |" in answer.text
    assert not re.search(r"Year: \d{4}; ", answer.text)  # never a table row as "Column: value;" prose
    lead = answer.blocks[0]
    assert lead["type"] == "lead" and "500" in lead["text"] and "640" in lead["text"] and "+28%" in lead["text"]
    _assert_every_item_is_cited(answer)


def test_a_list_gives_one_dated_item_per_section(solar) -> None:  # type: ignore[no-untyped-def]
    answer = solar.ask("What steps can secure tellurium supply for solar panels?")
    assert answer.answer_type in ("list", "explanation")
    items = next(b for b in answer.blocks if b["type"] == "bullets")["items"]
    assert len(items) >= 3 and len({i["text"] for i in items}) == len(items)
    _assert_every_item_is_cited(answer)


def test_a_comparison_shows_both_sides(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = fixture_assistant.ask("Gallium versus germanium: how does Beijing license their exports?")
    assert answer.answer_type in ("comparison", "explanation")
    if answer.answer_type == "comparison":
        labels = [i["label"].lower() for i in next(b for b in answer.blocks if b["type"] == "bullets")["items"]]
        assert labels[:2] == ["gallium", "germanium"]
    _assert_every_item_is_cited(answer)


def test_a_factoid_puts_the_answer_first(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = fixture_assistant.ask("What minimum NdPr price did the Pentagon promise MP Materials?")
    assert answer.answer_type == "factoid"
    assert "US$110 per kilogram" in answer.sentences[0].text
    assert len(answer.sentences) <= 3
    _assert_every_item_is_cited(answer)


def test_a_sentence_with_two_sources_cites_both(solar) -> None:  # type: ignore[no-untyped-def]
    answer = solar.ask("What was the tellurium price in December 2024?")
    sentence = next(s for s in answer.sentences if "US$80" in s.text)
    cited = {c.n: c for c in answer.citations}
    assert {cited[n].publisher for n in sentence.citations} == {"Example Metals Weekly", "Example Price Desk"}
    assert {cited[n].authority for n in sentence.citations} == {"news", "analysis"}  # each source's own tier


def test_compound_question_answers_each_part(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = fixture_assistant.ask(
        "When did China's gallium licensing start, and what share of primary gallium does China produce?")
    assert not answer.abstained
    assert "1 August 2023" in answer.text and "98%" in answer.text


def test_notes_saying_the_record_stops_give_a_cited_abstention(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "gallium-suspension.md").write_text(GAP_NOTE, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("Has China extended the gallium suspension past 27 November 2026?")
    assert answer.abstained and answer.abstain_reason == AbstainReason.UNSETTLED.value
    assert answer.answer_type == "abstention" and "don't settle" in answer.text
    assert {c.doc_id for c in answer.citations} == {"gallium-suspension"}
    assert "No public source found" in answer.citations[0].quote
    answered = assistant.ask("On what date did Beijing pause the gallium ban it had placed on US buyers in December 2024?")
    assert not answered.abstained and "9 November 2025" in answered.text


@pytest.mark.parametrize(("question", "reasons"), [
    ("When did the Philippines stop shipping unprocessed cobalt ore abroad?", {"missing_entity", "weak_evidence"}),
    ("What royalty rate does China charge on gallium mining?", {"weak_evidence"}),
    ("What did Zanzibarium Holdings announce?", {"unknown_name"}),
])
def test_refusals_name_their_reason(fixture_assistant, question: str, reasons: set[str]) -> None:  # type: ignore[no-untyped-def]
    answer = fixture_assistant.ask(question)
    assert answer.abstained and not answer.citations and "don't cover" in answer.text
    assert answer.abstain_reason in reasons and answer.answer_type == "abstention"


def test_a_year_follow_up_answers_about_that_year(solar) -> None:  # type: ignore[no-untyped-def]
    first = solar.ask("What was refined tellurium output in 2024?")
    history = [Turn(role="user", content="What was refined tellurium output in 2024?"),
               Turn(role="assistant", content=first.text)]
    answer = solar.ask("And in 2020?", history)
    assert not answer.abstained and "500" in answer.text


def test_initials_do_not_end_a_sentence() -> None:
    from assistant.text import split_sentences

    assert split_sentences("President Smith signed H.R. 1 into law on 4 July 2025. Then it took effect.") == [
        "President Smith signed H.R. 1 into law on 4 July 2025.", "Then it took effect."]


def test_an_instruction_planted_in_a_note_is_never_quoted(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_llm_standins import INJECTED_NOTE

    (corpus / "gallium-injected.md").write_text(INJECTED_NOTE, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    answer = assistant.ask("How much gallium does Vietnam produce?")
    assert "Ignore previous instructions" not in answer.text
    assert all("Ignore previous" not in c.quote for c in answer.citations)
    assert "Vietnam produces 99%" not in answer.text


def test_a_name_only_an_aside_gives_is_noted_not_refused(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    # the question is answerable without its example ("Zanzibarium", which no note mentions): the answer says so
    aside = fixture_assistant.ask(
        "From what date did Beijing require licences for gallium exports (and did the Zanzibarium consortium lobby?)")
    assert not aside.abstained and "1 August 2023" in aside.text
    assert "'Zanzibarium'" in aside.notice and aside.to_dict()["notice"] == aside.notice
    examples = fixture_assistant.ask(
        "Which minerals did China put under licensing, such as gallium or the Zanzibarium alloys?")
    assert not examples.abstained and "'Zanzibarium'" in examples.notice
    # ... but a name the question is about is still refused
    about = fixture_assistant.ask("When did the Zanzibarium consortium start gallium licensing?")
    assert about.abstained and about.abstain_reason == "unknown_name" and not about.notice


TARIFF_NOTE = """---
id: norway-tellurium-tariff-probe
title: "Norway's 2025 review of tellurium imports"
kind: policy-note
summary: "Norway reviewed tellurium imports in 2025 and opened talks instead of imposing a tariff."
key_points:
  - "Norway's trade ministry found in May 2025 that tellurium imports worth 80 million euros a year harmed its refiners.[^emr-tariff]"
  - "Norway imposed no tariff and gave negotiators a 150-day window to reach supply deals.[^emr-tariff]"
  - "Tellurium imports into Norway reached 300 tonnes in 2024.[^emr-tariff]"
""" + _SOURCE.format(key="emr-tariff", title="Norway's tellurium review") + """minerals: [tellurium]
countries: [Norway]
topics: [trade]
---

## The review's finding

Norway's trade ministry found in May 2025 that tellurium imports worth 80 million euros a year harmed its refiners, Example Minerals Review reported.[^emr-tariff]

Tellurium imports into Norway reached 300 tonnes in 2024, up 20% on 2023, Example Minerals Review reported.[^emr-tariff]

Norway's tariff review of tellurium imports covered shipments from 12 countries, Example Minerals Review reported.[^emr-tariff]

## No tariff, but talks

Norway imposed no tariff on tellurium imports and gave its negotiators a 150-day window to reach supply deals, Example Minerals Review reported.[^emr-tariff]
"""


def test_how_long_is_answered_by_a_span(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    (corpus / "norway-tellurium-tariff-probe.md").write_text(TARIFF_NOTE, encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    history = [Turn(role="user", content="Did Norway put a tariff on tellurium imports after its review?"),
               Turn(role="assistant", content="No: the ministry imposed none. [1]")]
    answer = assistant.ask("how long?", history)
    assert not answer.abstained
    texts = [s.text for s in answer.sentences]
    # the span is in the answer, ahead of figures of other kinds; the note's key point and its body sentence say the
    # same, so once
    assert sum("150-day" in t for t in texts) == 1, answer.text


@pytest.mark.parametrize(("sentence", "span"), [
    ("Norway gave negotiators a 150-day window.", True),
    ("Bolt shut its line for three weeks in May.", True),
    ("The pause runs until 10 November 2031.", True),
    ("The loan was suspended for one year.", True),
    ("Imports reached 300 tonnes in 2024, up 20%.", False),
    ("The ministry found harm in May 2025.", False),
])
def test_a_how_long_question_prefers_sentences_stating_a_span(sentence: str, span: bool) -> None:
    from assistant.answering.evidence import _DURATION, _DURATION_Q

    assert bool(_DURATION.search(sentence)) is span
    assert _DURATION_Q.search("and how long did it last?") and not _DURATION_Q.search("how large was it?")


def test_read_more_lists_the_notes_the_answer_quotes_most_first() -> None:
    from collections import Counter

    from assistant.answering.render import read_more
    from assistant.types import Hit

    def hit(doc: str, kind: str) -> Hit:
        return Hit(f"{doc}#0", doc, "Text.", {"title": f"Title of {doc}", "kind": kind, "as_of": "2030-01-01"}, 1.0)

    hits = [hit("tin-overview", "explainer"), hit("ruritania-tin-fund", "policy-note"),
            hit("tin-prices", "explainer"), hit("tin-trade", "data-note")]
    # quoted by three sentences, the policy note comes before the explainers the answer never quotes
    notes = read_more(hits, 3, Counter({"ruritania-tin-fund": 3, "tin-trade": 1}))
    assert [n["doc_id"] for n in notes] == ["ruritania-tin-fund", "tin-trade", "tin-overview"]
    # none quoted (an answer of its own, or none given): explainers first, in retrieval order
    assert [n["doc_id"] for n in read_more(hits, 2)] == ["tin-overview", "tin-prices"]
    assert notes[0] == {"doc_id": "ruritania-tin-fund", "title": "Title of ruritania-tin-fund", "as_of": "2030-01-01"}


def test_a_month_swapped_in_replaces_a_lower_case_may() -> None:
    history = [Turn(role="user", content="how much indium did peru ship to norway in may 2030?")]
    assert analyse("what about march 2031?", history).text == "how much indium did peru ship to norway in March 2031?"
    # ("may" before no year is the verb)
    history = [Turn(role="user", content="what may peru ship to norway in 2030?")]
    assert analyse("what about 2031?", history).text == "what may peru ship to norway in 2031?"


@pytest.mark.parametrize(("follow_up", "year"), [
    ("and two years earlier?", "2022"), ("and 3 years later?", "2027"), ("the year before?", "2023"),
])
def test_a_follow_up_moves_the_year_by_the_years_it_counts(follow_up: str, year: str) -> None:
    q = analyse(follow_up, QUOTA)
    assert q.text == f"What was Ruritania's tellurium quota in {year}?" and q.from_history == {"year": year}


def test_a_mineral_swapped_in_replaces_the_minerals_named_as_it_is() -> None:
    history = [Turn(role="user", content="How much terbium and dysprosium will Peru's heavy rare earth plant make?")]
    # an element takes the place of the elements, not of the plant's kind
    q = analyse("and samarium?", history)
    assert q.text == "How much samarium will Peru's heavy rare earth plant make?" and not q.alternatives
    # ... and a group name the group's
    q = analyse("and light rare earths?", history)
    assert q.text == "How much terbium and dysprosium will Peru's light rare earths plant make?", q.text


def test_a_follow_up_in_the_present_reads_the_conversation_without_its_time() -> None:
    history = [Turn(role="user", content="How much tellurium did Peru mine in 2029?"),
               Turn(role="assistant", content="Peru mined 40 tonnes of tellurium in 2029. [1]")]
    q = analyse("and how big are Peru's reserves?", history)
    assert q.context == "How much tellurium did Peru mine?" and q.years == [], q.text
    # asked of that time ("then", "did", "since"), or naming the time it asks about, it keeps it
    assert analyse("and how much did it export then?", history).years == [2029]
    assert analyse("how has that changed since?", history).years == [2029]
    # a date naming what is asked is no time asked about: it stays
    history = [Turn(role="user", content="What did Peru's May 2029 tellurium ban cover?")]
    assert "May 2029" in analyse("is that ban still in force?", history).text


def test_an_adjective_made_from_a_name_the_notes_hold_is_no_unknown_name(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _SOURCE

    (corpus / "tellurium-silk.md").write_text("""---
id: tellurium-silk
title: "Norway's tellurium likened to silk"
kind: policy-note
summary: "A Norwegian minister compared Norway's tellurium with the silk of the Far East."
key_points:
  - "In May 2029 Norway's mining minister compared its tellurium with the Far East's silk, Example Minerals Review reported.[^emr-ts]"
  - "The minister spoke at a smelter in Mo i Rana, Example Minerals Review reported.[^emr-ts]"
  - "Norway mined 40 tonnes of tellurium in 2029, Example Minerals Review reported.[^emr-ts]"
""" + _SOURCE.format(key="emr-ts", title="Tellurium and silk") + """minerals: [tellurium]
countries: [Norway]
topics: [history]
---

## The comparison

In May 2029 Norway's mining minister compared its tellurium with the Far East's silk, Example Minerals Review
reported.[^emr-ts]
""", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    # "Eastern" is made from "East", which the notes hold: the question is answered, not refused for a name
    answer = assistant.ask("When did Norway's minister liken its tellurium to Far Eastern silk?")
    assert not answer.abstained and "May 2029" in answer.text, answer.text
    gate = assistant.answerer.gate
    assert gate.unknown_terms("Did Eastern and Zanzibarian smelters sign?") == ["Zanzibarian"]


def test_a_span_of_escalation_is_a_trend_and_which_are_the_largest_a_list() -> None:
    from assistant.answering.query import question_type

    assert question_type("Walk me through how Peru's indium bans escalated from 2029 into 2031.") is QType.TREND
    assert question_type("Explain how Peru expanded its indium smelting.") is QType.EXPLANATION  # (no span)
    assert question_type("Which of the planned Icelandic tin smelters are the largest?") is QType.LIST
    assert question_type("Which smelter is the largest?") is not QType.LIST  # (one thing asked)


def test_a_country_typed_in_lower_case_is_named_in_a_question_with_capitals() -> None:
    from assistant.lexicon import find_entities

    found = find_entities("what did malaysia agree with the US in its MOU?")["country"]
    assert [name for name, _, _ in found] == ["Malaysia", "United States"]  # (in the order they are named)
    assert not find_entities("Is turkey a source of MOU tin?")["country"]  # (a common word stays a word)
    history = [Turn(role="user", content="what did malaysia agree with the US in its MOU?")]
    assert analyse("what about thailand", history).text == "what did Thailand agree with the US in its MOU?"


def test_kick_in_is_read_as_take_effect() -> None:
    q = analyse("When does Peru's indium licensing kick in?")
    assert "take effect" in q.text and q.question == "When does Peru's indium licensing kick in?"


def test_a_month_written_short_is_read_in_full() -> None:
    from assistant.figures import spell_months

    q = analyse("What did Peru sign in Oct 2031?")
    assert "October 2031" in q.text and q.years == [2031]
    assert spell_months("licences granted since 3 Sept. 2031 and until Jan?") == (
        "licences granted since 3 September 2031 and until January?")
    # (only where a day, a year or a word of time shows it is a month)
    assert spell_months("the Mar Menor lagoon, the Dec team") == "the Mar Menor lagoon, the Dec team"
    # both ends of a range of months, the first of which has no day or year of its own
    assert spell_months("indium shipped Feb-Jun 2031, and Oct. to Dec.") == (
        "indium shipped February-June 2031, and October to December.")
    assert spell_months("a visit to Mar-a-Lago") == "a visit to Mar-a-Lago"


def test_one_unknown_name_in_a_list_of_known_ones_is_told_not_refused() -> None:
    from assistant.answering.abstain import listed_among_known

    question = "How do the Acme, Bolt, Cogs and Zork forecasts compare?"
    assert listed_among_known(question, ["Zork"]) == ["Zork"]
    # (two strangers, or a pair, leave the question to the gate's refusal)
    assert listed_among_known(question, ["Bolt", "Zork"]) == []
    assert listed_among_known("How do the Acme and Zork forecasts compare?", ["Zork"]) == []


def test_a_country_in_a_firms_name_is_not_what_a_title_opens_on() -> None:
    from assistant.lexicon import title_country

    assert title_country("Acme Iceland: the smelter's licence and its tin output") is None  # (a firm's unit)
    assert title_country("How Iceland licenses tin smelters: permits and output") == "Iceland"
    assert title_country("Acme Iceland and Norway's tin pact") == "Norway"


def test_a_gap_statement_not_naming_what_a_follow_up_swapped_in_settles_nothing(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    hit = Hit("smelter#0", "smelter", "", {"title": "China's gallium and germanium smelter plans", "kind": "policy-note",
                                           "heading": "Output plans"}, 1.0)
    gap = Evidence("No public source found by December 2030 confirmed that the smelter's gallium line had begun "
                   "production.", vector, hit, hit_rank=0, position=0, score=0.80)
    answer = Evidence("The smelter committed to make germanium by 2032.", vector, hit, hit_rank=0, position=1,
                      score=0.70)
    history = [Turn(role="user", content="When did China's smelter begin gallium production?"),
               Turn(role="assistant", content="No source confirms it has begun. [1]")]
    gate = fixture_assistant.answerer.gate
    # the gap statement is about gallium: for "and germanium?" it settles nothing, the germanium sentence answers
    decision = gate.decide(analyse("and germanium?", history), [gap, answer], vector)
    assert decision.reason is not AbstainReason.UNSETTLED, decision
    # ... while for the question it names, it does
    decision = gate.decide(analyse("When did China's smelter begin gallium production?"), [gap, answer], vector)
    assert decision.reason is AbstainReason.UNSETTLED, decision


def test_a_gap_statement_on_a_thing_the_conversation_never_named_settles_no_follow_up(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    hit = Hit("loan#0", "acme-loans", "", {"title": "Norway's loans to Acme", "kind": "policy-note",
                                           "heading": "Loans"}, 1.0)
    gap = Evidence("No public source found by December 2031 gave a start date for the Acme–Bolt smelter in "
                   "Iceland.", vector, hit, hit_rank=0, position=0, score=0.65)
    answer = Evidence("Norway's ministry lent Acme 9 million euros in May 2030.", vector, hit, hit_rank=0, position=1,
                      score=0.70)
    history = [Turn(role="user", content="How much did Norway's ministry lend Acme in 2030?"),
               Turn(role="assistant", content="9 million euros, in May 2030. [1]")]
    gate = fixture_assistant.answerer.gate
    # the statement is about a venture with Bolt in Iceland, which nobody asked about
    decision = gate.decide(analyse("when did that start?", history), [gap, answer], vector)
    assert decision.reason is not AbstainReason.UNSETTLED, decision
    # ... while one on what was asked about settles it
    gap.text = "No public source found by December 2031 gave a start date for Norway's loan to Acme."
    decision = gate.decide(analyse("when did that start?", history), [gap, answer], vector)
    assert decision.reason is AbstainReason.UNSETTLED, decision
    # ... and so does one naming it by a name the user only described ("the ministry's loan")
    gap.text = "No public source found by December 2031 gave a start date for the Ministry Loan Window."
    decision = gate.decide(analyse("when did that start?", history), [gap, answer], vector)
    assert decision.reason is AbstainReason.UNSETTLED, decision


def _gate_and_one_close(make_assistant, corpus: Path, heading: str, sentence: str, *, score: float):  # type: ignore[no-untyped-def]
    """The gate of an assistant over a note on Norway's indium (smelting, ports, licences), and one sentence of the
    note, under ``heading``, as the only evidence answering with ``score``."""
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Smelting", "Norway smelts most of Europe's indium at two plants, Example Minerals Review reported."),
        ("Ports", "Norway ships its indium through the port of Odda, Example Minerals Review said."),
        ("Licences", "Norway requires a licence for indium exports, Example Minerals Review said.")])
    meta = {"title": "Norway's indium supply", "kind": "policy-note", "heading": heading}
    close = [Evidence(sentence, np.ones(384, dtype=np.float32), Hit("nor#0", "norway-indium", "", meta, 1.0),
                      hit_rank=0, position=0, score=score)]
    return assistant.answerer.gate, close


def test_a_word_the_notes_never_use_raises_the_bar_for_a_factoid_not_for_a_broad_question(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    gate, close = _gate_and_one_close(make_assistant, corpus, "Smelting",
                                      "Norway smelts most of Europe's indium at two plants.", score=0.45)
    broad = "Why do chokepoints matter for Norway's indium supply?"
    factoid = "How many chokepoints does Norway's indium supply have?"
    assert analyse(broad).qtype is not QType.FACTOID and analyse(factoid).qtype is QType.FACTOID
    # both clear the plain bar; only the factoid, asking for what the notes never speak of, must clear more
    assert not gate.decide(analyse(broad), close, np.asarray(gate.embed(broad), dtype=np.float32)).abstain
    decision = gate.decide(analyse(factoid), close, np.asarray(gate.embed(factoid), dtype=np.float32))
    assert decision.abstain and "never use 'chokepoints'" in decision.describe(), decision


def test_a_question_asking_who_comes_next_needs_a_succession_to_someone_new(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    hit = Hit("club#0", "indium-club", "", {"title": "The Indium Club and its chair", "kind": "policy-note",
                                            "heading": "Chair"}, 1.0)
    before = Evidence("Norway took over the Indium Club chair from Peru on 1 July 2031, the ministry said.", vector,
                      hit, hit_rank=0, position=0, score=0.80)
    history = [Turn(role="user", content="Who chairs the Indium Club?"),
               Turn(role="assistant", content="Norway, through June 2032. [1]")]
    gate = fixture_assistant.answerer.gate
    # the sentences tell who came before the chair asked about, not who comes after (the one announcing it is
    # outside the clause that tells the succession)
    announced = Evidence("Minister Ola Berg announced in May 2031 that Norway would take over the Indium Club chair.",
                         vector, hit, hit_rank=0, position=2, score=0.79)
    for question in ("and who takes over the chair next?", "Once Oslo's term ends, which member succeeds it?"):
        decision = gate.decide(analyse(question, history), [before, announced], vector)
        assert decision.abstain and "who comes next" in decision.describe(), (question, decision)
    after = Evidence("Chile will take over the Indium Club chair from Norway in July 2032, the ministry said.",
                     vector, hit, hit_rank=0, position=1, score=0.78)
    decision = gate.decide(analyse("and who takes over the chair next?", history), [before, after], vector)
    assert "who comes next" not in decision.describe(), decision
    handed = Evidence("Norway will hand the Indium Club chair to Chile in July 2032, the ministry said.",
                      vector, hit, hit_rank=0, position=1, score=0.78)
    decision = gate.decide(analyse("and who takes over the chair next?", history), [before, handed], vector)
    assert "who comes next" not in decision.describe(), decision


def test_a_gap_statement_on_which_firms_settles_a_question_asking_which_firms(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    hit = Hit("tender#0", "odda-tender", "", {"title": "Norway's Odda smelter tender", "kind": "policy-note",
                                              "heading": "Tender"}, 1.0)
    gap = Evidence("No public source found by December 2031 confirmed which companies, if any, Norway selected after "
                   "the 3 May 2031 bid deadline.", vector, hit, hit_rank=0, position=0, score=0.80)
    bids = Evidence("Norway's ministry said on 20 March 2031 that 25 companies had bid for the Odda smelter tender.",
                    vector, hit, hit_rank=0, position=1, score=0.72)
    history = [Turn(role="user", content="When are the Odda smelter tender bids due?"),
               Turn(role="assistant", content="By 3 May 2031. [1]")]
    gate = fixture_assistant.answerer.gate
    # the statement names the deadline asked about before, but what it says is missing is what is asked now
    decision = gate.decide(analyse("Which three firms won it?", history), [gap, bids], vector)
    assert decision.reason is AbstainReason.UNSETTLED and decision.gap is gap, decision
    # ... also when a sentence on the contest answers a little better
    bids.score = 0.85
    decision = gate.decide(analyse("Which three firms won it?", history), [gap, bids], vector)
    assert decision.reason is AbstainReason.UNSETTLED and decision.gap is gap, decision


@pytest.mark.parametrize("question", ["Who is Acme's Norwegian smelting partner?",
                                      "Acme's Norwegian smelting partner - who is it?",
                                      "Name and size of the Norwegian smelter Acme backed in 2031?"])
def test_a_firms_name_asked_is_not_given_by_a_sentence_that_leaves_it_unnamed(make_assistant, corpus: Path,  # type: ignore[no-untyped-def]
                                                                                question: str) -> None:
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Smelting", "Acme Holdings agreed in 2031 to back a Norwegian smelter as its smelting partner, Example Minerals "
                     "Review reported."),
        ("Kilns", "Odda Bank lent Bolt Works 9 million euros for a new kiln in 2030, Example Minerals Review said."),
        ("Partners", "Kestrel Smelting runs Norway's largest indium line, Example Minerals Review said.")])
    assert not assistant.ingest(progress=False).skipped

    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    meta = {"title": "Acme's Norwegian ventures", "kind": "policy-note", "heading": "Smelting"}

    def said(text: str, score: float, i: int) -> Evidence:
        return Evidence(text, vector, Hit(f"acme#{i}", "acme-ventures", text, meta, 1.0), hit_rank=i, position=0,
                        score=score)

    close = [said("Acme Holdings agreed in 2031 to back a Norwegian smelter as its smelting partner, Example "
                  "Minerals Review reported.", 0.70, 0),
             said("Odda Bank lent Bolt Works 9 million euros for a new kiln in 2030.", 0.45, 1)]
    gate = assistant.answerer.gate
    decision = gate.decide(analyse(question), close, np.asarray(gate.embed(question), dtype=np.float32))
    assert decision.reason is AbstainReason.WEAK_EVIDENCE and "names a company" in decision.describe(), decision
    # ... while a sentence naming the smelter answers it
    close[0] = said("Acme Holdings agreed in 2031 to back Kestrel Smelting as its Norwegian smelting partner.", 0.70,
                    0)
    assert not gate.decide(analyse(question), close, np.asarray(gate.embed(question), dtype=np.float32)).abstain


def test_a_tonnage_asked_of_one_plant_is_not_given_by_a_weak_sentence_on_another(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Acme's plants", "Acme was building a smelter at Odda in 2029 to feed its Narvik refinery, Example Minerals "
                          "Review reported."),
        ("Narvik", "Acme's Narvik refinery will make 5,000 tonnes of indium a year, Example Minerals Review said."),
        ("Ore", "Acme's Narvik plant will process 900 tonnes of ore a year, some of it trucked from Odda, Example "
                "Minerals Review said.")])
    assert not assistant.ingest(progress=False).skipped  # (the note passes the corpus check)
    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    meta = {"title": "Acme's indium plants in Norway", "kind": "policy-note", "heading": "Acme's plants"}

    def said(text: str, score: float, i: int) -> Evidence:
        return Evidence(text, vector, Hit(f"acme#{i}", "acme-plants", text, meta, 1.0), hit_rank=i, position=0,
                        score=score)

    # the best sentence names the Odda smelter but gives no tonnage; the only one naming Odda with tonnes is a weak
    # one on the other plant, taking Odda's ore
    close = [said("Acme was building a smelter at Odda in 2029 to feed its Narvik refinery.", 0.70, 0),
             said("Acme's Narvik refinery will make 5,000 tonnes of indium a year.", 0.60, 1),
             said("Acme's Narvik plant will process 900 tonnes of ore a year, some of it trucked from Odda.", 0.45, 2)]
    question = "How many tonnes of ore can Acme's Odda smelter process each year?"
    gate = assistant.answerer.gate
    vector = np.asarray(gate.embed(question), dtype=np.float32)  # (no word of the question is unfamiliar)
    decision = gate.decide(analyse(question), close, vector)
    assert decision.reason is AbstainReason.WEAK_EVIDENCE and "gives a mass" in decision.describe(), decision
    # ... while one as close as the best that names Odda and its tonnes answers it
    close[2] = said("Acme's Odda smelter can process 900 tonnes of ore a year.", 0.65, 2)
    assert not gate.decide(analyse(question), close, vector).abstain


def test_how_much_of_a_mineral_one_thing_holds_is_a_mass_in_one_of_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.figures import content_of_one
    from assistant.types import Hit
    from tests.test_broad_answers import _norway_only

    assert content_of_one("How much indium does a folding phone use?") == "folding phone"
    assert content_of_one("how much tin goes into each kettle") == "kettle"
    assert content_of_one("How much indium is in a single panel?") == "panel"
    assert content_of_one("How much indium did Acme sell in 2029?") == ""
    assistant = _norway_only(make_assistant, corpus, [
        ("Drones", "Each Bolt drone carries 2 kilograms of indium, Example Minerals Review said in 2029."),
        ("Phones", "Phone makers were Acme's biggest indium buyers in 2029, Example Minerals Review said."),
        ("Panels", "Solar panel makers bought less indium from Acme in 2029, Example Minerals Review said.")])
    assert not assistant.ingest(progress=False).skipped
    meta = {"title": "Indium in Norwegian products", "kind": "policy-note", "heading": "Drones"}

    def said(text: str, score: float, i: int) -> Evidence:
        return Evidence(text, np.ones(384, dtype=np.float32), Hit(f"indium#{i}", "indium-products", text, meta, 1.0),
                        hit_rank=i, position=0, score=score)

    # the only close sentence with a mass gives it for another thing: nothing says what one phone holds
    close = [said("Phone makers were Acme's biggest indium buyers in 2029.", 0.70, 0),
             said("Each Bolt drone carries 2 kilograms of indium.", 0.65, 1)]
    question = "How much indium does a phone use?"
    gate = assistant.answerer.gate
    vector = np.asarray(gate.embed(question), dtype=np.float32)
    decision = gate.decide(analyse(question), close, vector)
    assert decision.reason is AbstainReason.WEAK_EVIDENCE and "mass in one phone" in decision.describe(), decision
    # ... while a sentence giving a phone's indium answers it, whatever its verb
    close[1] = said("Each phone holds about 2 kilograms of indium.", 0.65, 1)
    assert not gate.decide(analyse(question), close, vector).abstain


def test_a_word_of_talk_opening_a_follow_up_does_not_hide_that_it_is_one() -> None:
    history = [Turn(role="user", content="Which rules did Norway put on indium in 2029?"),
               Turn(role="assistant", content="Export licences for indium and tin. [1]")]
    for opening in ("ok", "Okay,", "thanks.", "hmm so"):
        q = analyse(f"{opening} and which three extra metals did the following package add?", history)
        assert q.context == "Which rules did Norway put on indium in 2029?", (opening, q.text)
    # ... and "right now" is no word of talk
    assert "right now" in analyse("Right now, who leads indium smelting?").text.lower()


def test_an_acronym_counts_as_held_by_a_sentence_writing_it_out(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    meta = {"title": "Norway's indium purchases", "kind": "policy-note", "heading": "Purchases"}

    def said(text: str) -> Evidence:
        return Evidence(text, vector, Hit("buy#0", "norway-buys", text, meta, 1.0), hit_rank=0, position=0)

    spelled = said("The Zonal Indium Board planned to buy 40 tonnes of indium.")
    other = said("A Norwegian board planned to buy 40 tonnes of indium.")
    query = analyse("What did the ZIB plan to buy?")
    fixture_assistant.answerer.scorer.score(query, vector, [spelled, other])
    assert spelled.lexical > other.lexical, (spelled.lexical, other.lexical)


def test_a_sentence_naming_what_is_left_out_only_to_leave_it_out_is_not_about_it(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from assistant.answering.evidence import Evidence
    from assistant.types import Hit

    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    meta = {"title": "Indium smelters in the Nordic countries", "kind": "policy-note", "heading": "Smelters"}

    def said(text: str) -> Evidence:
        return Evidence(text, vector, Hit("smelt#0", "nordic-smelters", text, meta, 1.0), hit_rank=0, position=0)

    outside = said("Acme runs the only indium smelter outside Norway.")
    inside = said("Norway runs three indium smelters.")
    query = analyse("Which indium smelters are there outside Norway?")
    assert query.excluded == ["Norway"]
    fixture_assistant.answerer.scorer.score(query, vector, [outside, inside])
    s = fixture_assistant.settings.answer

    def penalty(e: Evidence) -> float:
        return s.semantic_weight * e.semantic + s.lexical_weight * e.lexical + s.rank_weight - e.score

    # the sentence about Norway is about what is left out; the one leaving Norway out answers
    assert penalty(inside) >= 2 * s.off_anchor_penalty - 1e-6 and penalty(outside) < 1e-6, (penalty(inside),
                                                                                              penalty(outside))


def test_a_subject_swapped_into_a_when_question_drops_the_dates_of_the_old_subjects_event() -> None:
    history = [Turn(role="user", content="When did the tin rules Norway announced in May 2029 take effect?"),
               Turn(role="assistant", content="On 1 July 2029. [1]")]
    q = analyse("and zinc?", history)
    assert q.text == "When did the zinc rules Norway announced take effect?", q.text
    # ... while an amount asked of a year keeps its year for the new subject
    history = [Turn(role="user", content="How much tin did Norway mine in 2029?"),
               Turn(role="assistant", content="40 tonnes. [1]")]
    assert analyse("and Iceland?", history).text == "How much tin did Iceland mine in 2029?"


def test_a_name_swapped_for_itself_is_no_swap() -> None:
    history = [Turn(role="user", content="how reliant was japan on peru for tin"),
               Turn(role="assistant", content="Japan took 90% of its tin from Peru in 2029. [1]")]
    # "tokyo" is Japan named another way: the follow-up asks its own question, read with the previous one
    q = analyse("so how did tokyo respond", history)
    assert q.context == "how reliant was japan on peru for tin" and q.focus == "how did tokyo respond", q.text


def test_a_years_figure_asked_by_its_noun_is_not_given_by_a_sentence_stating_none(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _SOURCE

    (corpus / "world-tin.md").write_text("""---
id: world-tin
title: "World tin output and the tin price spike"
kind: policy-note
summary: "World tin output in 2029 and the memory of the 2027 tin price spike."
key_points:
  - "World tin output reached 300 tonnes in 2029, Example Minerals Review reported.[^emr-wt]"
  - "Tin buyers, mindful of the 2027 price spike, built stocks in 2029, Example Minerals Review reported.[^emr-wt]"
  - "Iceland mined most of the world's tin in 2029, Example Minerals Review reported.[^emr-wt]"
""" + _SOURCE.format(key="emr-wt", title="World tin") + """minerals: [tin]
countries: [Iceland]
topics: [production]
---

## Output

World tin output reached 300 tonnes in 2029, Example Minerals Review reported.[^emr-wt] Tin buyers, mindful of the
2027 price spike, built stocks in 2029, Example Minerals Review reported.[^emr-wt]
""", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    # the sentence naming 2027 states no amount: no 2027 output is given, so the question is declined for its year
    answer = assistant.ask("What was world tin output in 2027?")
    assert answer.abstained and answer.abstain_reason == "undated", answer.text
    assert not assistant.ask("What was world tin output in 2029?").abstained


def test_a_follow_up_asking_what_someone_does_about_it_is_a_question_of_its_own() -> None:
    history = [Turn(role="user", content="How long does it take to open an indium mine?"),
               Turn(role="assistant", content="About 14 years on average. [1]")]
    q = analyse("what is Norway doing about it?", history)
    assert q.focus.startswith("what is Norway doing about it?") and q.context.startswith("How long does it take")
    assert "country" not in q.from_history  # (not "How long does it take to open an indium mine (Norway)?")
    assert analyse("and Norway?", history).from_history == {"country": "Norway"}


def test_a_follow_up_naming_a_stage_of_the_supply_chain_swaps_that_stage() -> None:
    history = [Turn(role="user", content="What is Iceland's share of indium refining?"),
               Turn(role="assistant", content="About 40% of world indium refining in 2030. [1]")]
    q = analyse("What about mining?", history)
    assert q.text == "What is Iceland's share of indium mining?" and q.from_history == {"stage": "mining"}
    assert analyse("and for separation?", history).text == "What is Iceland's share of indium separation?"
    assert "stage" not in analyse("What about the mining permits?", history).from_history  # more than a stage
    # magnets are a stage of a chain that has one: they take the stage's place, not the mineral's
    magnets = analyse("and for magnets?", [Turn(role="user", content="How much rare earth refining does Iceland do?"),
                                           Turn(role="assistant", content="About 40% in 2030. [1]")])
    assert magnets.text == "How much rare earth magnet making does Iceland do?", magnets.text
    assert magnets.from_history == {"stage": "magnet making"}
    plain = analyse("and for magnets?", [Turn(role="user", content="How much indium did Iceland export in 2030?"),
                                         Turn(role="assistant", content="40 tonnes. [1]")])
    assert plain.from_history == {"mineral": "magnets"}, plain.from_history  # no stage to take the place of


def test_a_name_left_out_by_besides_or_other_than_is_not_what_is_asked() -> None:
    from assistant.answering.query import without_exclusions

    question = "Who besides Acme Metals is building indium smelters in Iceland?"
    q = analyse(question)
    assert q.excluded == ["Acme Metals"] and "Acme Metals" not in q.names("name")
    assert without_exclusions(question) == "Who is building indium smelters in Iceland?"  # (nor is it searched for)
    assert analyse("Which firms other than Bolt Works make indium foil?").excluded == ["Bolt Works"]
    assert analyse("What did Acme Metals build besides its smelter?").excluded == []  # no name after "besides"


def test_a_question_word_run_into_is_or_a_word_leaving_a_name_out_is_no_name() -> None:
    # "Who's" alone is "who is", not a name a follow-up could swap in ("(What is Who?)")
    assert analyse("Who's doing the buying for it?").entities == []
    assert analyse("Where's the Odda smelter?").names("name") == ["Odda"]
    # a sentence opened by a phrase leaving a name out: the opening word is no name, the name is left out
    apart = analyse("Apart from Acme Metals, which firms make indium foil?")
    assert apart.names("name") == [] and apart.excluded == ["Acme Metals"]
    other = analyse("Other than Bolt Works, who smelts indium?")
    assert other.names("name") == [] and other.excluded == ["Bolt Works"]


def test_a_follow_up_read_with_a_question_opened_by_a_leaving_out_word_takes_no_name_from_that_word() -> None:
    # the question a follow-up is read with sits in brackets after it: its opening word opens a sentence too, so
    # "Besides Bolt" is no name, and the one thing named (Project Odda) is what the follow-up is about
    history = [Turn(role="user", content="Besides Bolt's credit line, what private capital has Project Odda drawn?"),
               Turn(role="assistant", content="Project Odda adds US$2 billion of private capital to the credit. [1]")]
    q = analyse("and what do smelters that sign up get from it?", history)
    assert q.context.startswith("Besides Bolt's credit line")
    assert q.names("name") == ["Project Odda"]
    assert not any(n.startswith("Besides") for n in q.names())


def test_it_after_a_question_asking_which_country_is_the_country_the_answer_names_first() -> None:
    history = [Turn(role="user", content="Which country holds the biggest indium reserves?"),
               Turn(role="assistant", content="Norway, with about 9 million tonnes, well ahead of Iceland. [1]")]
    q = analyse("And what was its output in 2029?", history)
    assert q.names("country") == ["Norway"] and "Norway" in q.focus and "Iceland" not in q.focus
    # (asked of a firm, a country the answer names is still no "it": "where" questions use "there" for places)
    firm = [Turn(role="user", content="Which firm smelts indium in Odda?"),
            Turn(role="assistant", content="Acme Metals, which ships the metal to Norway. [1]")]
    assert "Norway" not in analyse("How much does it smelt a year?", firm).focus


def test_a_phrase_leaving_out_a_thing_also_asked_in_other_words_is_not_searched_for() -> None:
    from assistant.answering.query import without_exclusions

    # (the country is asked about too, so it stays a subject, but the phrase leaving it out is not searched for)
    assert without_exclusions("Which smelters outside Iceland sell to Iceland?") == "Which smelters sell to Iceland?"
    assert analyse("Which smelters outside Iceland sell to Iceland?").excluded == []


def test_a_year_at_either_end_of_a_hyphenated_span_is_mentioned() -> None:
    assert mentions("Mines opened in 2031-2035 took 9 years on average.", "2031")
    assert mentions("Mines opened in 2031-2035 took 9 years on average.", "2035")
    assert not mentions("Mines opened in 2031-2035 took 9 years on average.", "2033")
    assert not mentions("Open-File Report 2031-1057 gave no figure.", "2031")  # a document's number, not a span


def test_a_thing_named_before_a_hyphened_word_saying_what_is_made_of_it_is_mentioned() -> None:
    assert mentions("Acme split the fund between tin-based smelters and others.", "tin")
    assert mentions("Two indium-rich seams were mapped in 2031.", "indium")
    assert mentions("Bolt Works runs Acme-linked plants.", "Acme")
    # (a hyphened pair of two things, or a thing a product is free of, still does not name it)
    assert not mentions("Bolt sells indium-tin alloys.", "tin")
    assert not mentions("Bolt sells tin-free solder.", "tin")


def test_one_figure_over_a_span_or_after_a_lead_in_is_a_factoid() -> None:
    assert question_type("What was the mean build time of indium smelters opened in 2031-2035?") is QType.FACTOID
    assert question_type("Per the Acme survey, what was the mean build time of smelters opened in 2031-2035?") \
        is QType.FACTOID
    assert question_type("In 2031, how many tonnes of indium did Iceland ship?") is QType.FACTOID
    assert question_type("How did Iceland's indium exports change in 2031-2035?") is QType.TREND  # still a change


def test_a_time_told_from_the_day_the_source_spoke_keeps_that_date() -> None:
    from assistant.figures import month_years, told, told_years

    sentence = "Acme Wire reported on 12 May 2031 that Finance Minister Ola Berg would brief allies in Oslo that week."
    assert told(sentence).endswith("that week (12 May 2031).")
    assert told_years(sentence) == {"2031"} and "may 2031" in month_years(told(sentence))
    # (without such a time, the attribution's date still says only when the source spoke)
    assert told_years("Acme Wire reported on 12 May 2031 that Iceland smelts indium.") == set()


def test_a_person_asked_for_by_role_asks_who() -> None:
    from assistant.answering.query import asks_who

    assert asks_who("Which Icelandic minister flew to Oslo in May 2031?")
    assert asks_who("What Acme executive signed the deal?")
    assert not asks_who("Which minerals did Iceland add?")


def test_a_name_in_the_last_answer_is_read_without_its_possessive() -> None:
    from assistant.answering.query import answer_names

    assert answer_names("The ministry paid Acme Metals' loan and Odda's grant in 2031.") == ["Acme Metals", "Odda"]
    assert "Acme Metals" in answer_names("In 2031 the ministry doubled Acme Metals's grant.")


def test_getting_or_growing_more_or_less_of_something_is_a_trend() -> None:
    assert question_type("Is Iceland getting more or less reliant on indium from abroad?") is QType.TREND
    assert question_type("Is Norway growing more or less reliant on tin imports?") is QType.TREND
    assert question_type("Is Iceland getting more indium from Norway than from Peru?") is QType.COMPARISON


def test_how_much_something_makes_each_year_now_or_ahead_is_one_yearly_figure() -> None:
    assert question_type("How much indium will the Odda smelter turn out each year?") is QType.FACTOID
    assert question_type("How many tonnes does Acme Metals ship every year?") is QType.FACTOID
    # (asked of the past, or up to a year or over a span, it asks for figures by year)
    assert question_type("How much indium did the Odda smelter turn out each year?") is QType.TREND
    assert question_type("How many tonnes will Acme Metals ship every year to 2035?") is QType.TREND
    assert question_type("How much indium does Odda make each year since 2030?") is QType.TREND


@pytest.mark.parametrize("question, qtype", [
    # what a forecast expects each year, asked now or ahead, is one yearly figure; asked of the past or over a window,
    # figures by year
    pytest.param("What does the Acme survey expect solar farms to add each year?", QType.FACTOID, id="yearly-ahead"),
    pytest.param("And what will Odda's smelter ship every year?", QType.FACTOID, id="yearly-will"),
    pytest.param("What did the Odda smelter ship each year?", QType.TREND, id="yearly-past"),
    pytest.param("What does Odda ship each year since 2030?", QType.TREND, id="yearly-window"),
    # whether something is realistic is reasoned, not a fact
    pytest.param("Is recycling a realistic answer to Norway's indium shortfall?", QType.EXPLANATION, id="realistic"),
    pytest.param("Are Norway's new indium mines viable?", QType.EXPLANATION, id="viable"),
    pytest.param("Is the Odda smelter running?", QType.FACTOID, id="yes-no-fact"),
    # where something is going to be done is a place; where a figure is heading, or going to be, its path
    pytest.param("Where is Acme going to put up a second indium smelter?", QType.FACTOID, id="where-going-to-do"),
    pytest.param("Where are indium prices going?", QType.TREND, id="where-heading"),
    pytest.param("Where are indium prices going to be by 2031?", QType.TREND, id="where-going-to-be"),
    # what the sides of a pact took on is a list; one act they agreed on a fact, how a pact works an explanation
    pytest.param("What did Norway and Iceland each sign up to under their 2030 indium pact?", QType.LIST,
                 id="signed-up-to"),
    pytest.param("Lay out what Norway and Iceland each pledged in the 2030 pact.", QType.LIST, id="lay-out-what"),
    pytest.param("Outline what Acme Metals promised when it signed with Bolt.", QType.LIST, id="outline-what"),
    pytest.param("What did Norway agree to pay for the Odda smelter?", QType.FACTOID, id="agreed-to-pay"),
    pytest.param("Lay out how the 2030 indium pact works.", QType.EXPLANATION, id="lay-out-how"),
    # a text's provisions, its terms, what a package included, and items walked through or broken down are lists
    pytest.param("What does Decree 9 tell Norway's ministries to do?", QType.LIST, id="told-to-do"),
    pytest.param("What were the main terms of the Norway-Iceland indium pact?", QType.LIST, id="terms"),
    pytest.param("What did the Acme rescue package include?", QType.LIST, id="included"),
    pytest.param("Walk through Norway's indium end uses, from screens to solder.", QType.LIST, id="walk-through"),
    pytest.param("Break down the two indium grants Norway made in 2030.", QType.LIST, id="break-down"),
    pytest.param("Which of Norway's indium export curbs stayed in force after 2031?", QType.LIST, id="which-of"),
    # ... but one of them picked by a measure, or one of two compared, is no list
    pytest.param("Which of Norway's indium curbs is the strictest?", QType.FACTOID, id="which-of-measure"),
    pytest.param("Which of the two countries mines more indium?", QType.FACTOID, id="which-of-two"),
    # naming every one of a kind is a list; naming one, a fact
    pytest.param("Name every metal Norway licenses for export since 2030.", QType.LIST, id="name-every"),
    pytest.param("Name each firm that bid for the Odda smelter.", QType.LIST, id="name-each"),
    pytest.param("Name the firm that won the Odda smelter tender.", QType.FACTOID, id="name-the-one"),
])
def test_the_plan_a_question_is_read_for(question: str, qtype: QType) -> None:
    assert question_type(question) is qtype


def test_a_country_named_only_as_where_goods_come_from_is_not_what_a_factoid_must_lead_with(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("The ban", "Norway's Acme Authority ban on imported indium solder takes full effect on 1 March 2032, "
                    "Example Minerals Review reported."),
        ("Peru", "Peruvian indium solder makers said in May 2031 that the Acme Authority's ban would cost them "
                 "their largest market, Example Minerals Review reported."),
        ("Scope", "The Acme Authority's indium ban covers solder, sputtering targets and indium tin oxide, Example "
                  "Minerals Review reported.")])
    answer = assistant.ask("When will the Acme Authority's ban on Peruvian indium solder take full effect?")
    assert not answer.abstained and answer.text.startswith("Norway's Acme Authority ban"), answer.text


def test_a_rule_lifted_is_asked_as_the_notes_write_it_suspended() -> None:
    assert analyse("Has Norway lifted its indium export curbs?").text == "Has Norway suspended its indium export curbs?"
    assert analyse("Did Oslo scrap the tin ban on Peru?").text == "Did Norway suspend the tin ban on Peru?"  # (Oslo: its government)
    # (output lifted, or a firm that dropped out, is no rule taken away)
    assert analyse("Did Norway lift indium output in 2031?").text == "Did Norway lift indium output in 2031?"
    assert analyse("Which firm dropped out of the Odda pact?").text == "Which firm dropped out of the Odda pact?"


def test_who_is_in_charge_of_something_is_who_oversees_it() -> None:
    assert analyse("Who is in charge of the Acme fund?").text == "Who oversees the Acme fund?"
    assert analyse("who was in charge of implementing the 2031 rules?").text == "who oversaw the 2031 rules?"
    assert analyse("who is in charge of carrying them out?").text == "who oversees them?"


def test_a_follow_up_naming_another_day_asks_of_that_day_in_the_same_year() -> None:
    history = [Turn(role="user", content="What did Norway's indium fetch on 9 July 2031, per Example Metals?"),
               Turn(role="assistant", content="About 900 crowns a kilogram.")]
    for follow_up in ("And on 25 December?", "and December 25th?", "What about on 25 December that year?",
                      "How about on Christmas Day the same year?"):
        assert analyse(follow_up, history).text == \
            "What did Norway's indium fetch on 25 December 2031, per Example Metals?", follow_up
    # (a month alone is asked "in", and takes the day's place)
    assert analyse("and in March?", history).text == "What did Norway's indium fetch in March 2031, per Example Metals?"
    assert "1 January 2032" in analyse("What did indium fetch on New Year's Day 2032?").text


def test_a_name_taken_from_the_answer_just_read_is_not_held_against_the_notes(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Smelters", "A 2029 review by Berg and Dahl of Vestby Polytechnic estimates that smelters take about 40% of "
                     "Norway's indium, Example Minerals Review reported."),
        ("Solder", "The 2029 Berg and Dahl review expects Norway's indium solder use to grow by roughly 900 tonnes a "
                   "year over the next few years."),
        ("Screens", "Norway's screen makers used 120 tonnes of indium in 2028, Example Minerals Review reported.")])
    # (the answer wrote "Vestby Poly" for the notes' "Vestby Polytechnic": the user's "that review" is the notes' one)
    history = [Turn(role="user", content="What share of Norway's indium do smelters take?"),
               Turn(role="assistant", content="About 40%, according to a 2029 review by Berg and Dahl of Vestby Poly, "
                                                    "counting alloys.")]
    answer = assistant.ask("How much does that review expect solder use to grow each year?", history)
    assert not answer.abstained and "900 tonnes" in answer.text, answer.text
    # (a name the user types is still one the notes must hold)
    assert assistant.ask("What does the Vestby Poly review expect solder use to grow by each year?").abstained


def test_an_acronym_the_conversation_wrote_out_is_known(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Supply deal", "Norway's Acme Metals announced a five-year indium supply deal with Bolt Motors in March 2030, "
                        "with deliveries already begun in February 2030, Example Minerals Review reported."),
        ("Smelter", "Acme Metals smelts indium at Odda in Norway, Example Minerals Review reported."),
        ("Output", "Acme Metals made 300 tonnes of indium in 2029, Example Minerals Review reported.")])
    history = [Turn(role="user", content="Has Acme Metals signed an indium supply deal with Bolt Motors?"),
               Turn(role="assistant", content="Yes, a five-year deal announced in March 2030.")]
    question = "So when did the indium actually start reaching BM?"
    assert analyse(question, history).context.startswith("Has Acme Metals")  # read with the question it follows
    answer = assistant.ask(question, history)
    assert not answer.abstained and "February 2030" in answer.text, answer.text


def test_the_metal_in_a_follow_up_is_the_mineral_the_previous_question_named() -> None:
    history = [Turn(role="user", content="Over 2029-2030, how did indium prices in Norway react to its export rules?"),
               Turn(role="assistant", content="They rose by a third. [1]")]
    q = analyse("Is Norway believed to keep a state stockpile of the metal in secret, and about what size?", history)
    assert q.context.startswith("Over 2029-2030") and "indium" in q.names("mineral")
    # (a question naming its own metal is a question of its own)
    own = analyse("Is Norway thought to be keeping a state stockpile of tin, the metal of its old mines?", history)
    assert own.context == "" and own.names("mineral") == ["tin"]


def test_the_kind_of_thing_a_name_is_and_the_size_asked_are_not_what_a_passage_must_mention(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _country_note, _norway_only

    # (a note on Peru makes "initiative" and "run" words of the corpus, which the note on the ODDA programme never uses)
    (corpus / "peru-indium-policy.md").write_text(_country_note("Peru", "peru", [
        ("Initiative", "Peru launched an indium initiative in 2029, Example Minerals Review reported."),
        ("Ministry", "Peru's mines ministry will run the initiative until 2035, Example Minerals Review said."),
        ("Smelting", "Peru's indium initiative covers smelting, Example Minerals Review said.")]), encoding="utf-8")
    assistant = _norway_only(make_assistant, corpus, [
        ("The programme", "Norway's energy agency was due in May 2030 to fund projects under its US$40 million ODDA "
                          "programme for indium recovery from mine waste, Example Minerals Review reported."),
        ("Waste", "The ODDA programme pays for indium recovery from mine waste, Example Minerals Review reported."),
        ("Projects", "The first ODDA projects were due in 2031, Example Minerals Review reported.")])
    assert not assistant.ingest(progress=False).skipped  # (both notes pass the corpus check)
    # "initiative" (the notes say "programme") only says what ODDA is, and "how big" only asks for its size
    answer = assistant.ask("How big is the ODDA initiative run by Norway?")
    assert not answer.abstained and "US$40 million" in answer.text, answer.text


def test_set_out_or_spell_out_the_things_of_a_kind_is_a_list_and_no_name() -> None:
    from assistant.answering.query import analyse

    query = analyse("Set out the levies Oslo packed into the Acme Plan adopted in May 2031.")
    assert query.qtype is QType.LIST and "Set" not in query.names(), query
    assert question_type("Spell out the three tests an indium project must pass.") is QType.LIST
    # ... but how something works is explained, and a series over a window is a trend
    assert question_type("Set out how the Acme levy works.") is QType.EXPLANATION
    assert question_type("Set out Norway's yearly indium quotas since 2029.") is QType.TREND


def test_setting_one_thing_against_another_is_a_comparison() -> None:
    assert question_type("Set Acme's recycled indium against Bolt's mined indium: output and timing.") is (
        QType.COMPARISON)
    assert question_type("Put Norway's two latest indium forecasts next to each other for shortfalls.") is (
        QType.COMPARISON)
    assert question_type("Put simply, what is an indium price floor?") is not QType.COMPARISON


def test_a_decade_asked_for_is_a_time_not_a_word_a_passage_must_use(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Process", "Example Minerals Review noted in May 2029 that zinc-indium solder dates from the 1970s, making it "
                    "the older of Norway's two indium solders."),
        ("Tin", "Bolt Mining plans to double its tin output over the next decade, Example Minerals Review reported."),
        ("Buy-back", "Bolt Mining bought back its Odda smelter from a Swedish group in 2028, Example Minerals Review "
                     "reported.")])
    from assistant.answering.query import asks_when

    assert asks_when("Which decade did the process start in?") and asks_when("what century is it from?")
    answer = assistant.ask("Zinc-indium: which decade does it go back to?")
    assert not answer.abstained and "1970s" in answer.text.split("\n")[0], answer.text


def test_an_acronym_is_known_by_the_one_word_name_holding_its_capitals(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Forecast", "ZorblaxNIB estimated in 2030 that Norway's indium demand would reach 90 tonnes a year by 2035."),
        ("Costs", "ZorblaxNIB estimated in 2030 that indium makes up 4% of the cost of a Norwegian screen."),
        ("Smelter", "Acme Metals smelts indium at Odda in Norway, Example Minerals Review reported.")])
    answer = assistant.ask("What does ZNIB expect Norway's indium demand to reach by 2035?")
    assert not answer.abstained and "90 tonnes" in answer.text, answer.text
    # (an acronym no name holds is still unknown)
    assert assistant.ask("What does QXRB expect Norway's indium demand to reach by 2035?").abstain_reason == (
        "unknown_name")


def test_how_someone_described_a_thing_is_answered_by_their_words(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("The levy", "Norway's trade ministry put an export levy on indium, tin and zinc items on 3 May 2030, "
                     "Example Minerals Review reported."),
        ("In force", "Norway's export levy on indium, tin and zinc took effect on 3 May 2030, the day it was "
                     "announced, Example Minerals Review reported."),
        ("Reaction", "A Norwegian trade ministry spokesperson called the May 2030 levy on indium and two other "
                     "metals a routine step, Example Minerals Review reported.")])
    question = "How did the trade ministry spokesperson describe the levy put on indium, tin and zinc in May 2030?"
    assert analyse(question).qtype is QType.FACTOID  # one statement, not an explanation
    answer = assistant.ask(question)
    assert "routine step" in answer.text.split("\n")[0], answer.text
    # (asked to describe a thing, the assistant explains it)
    assert analyse("How would you describe Norway's indium levy?").qtype is QType.EXPLANATION


def test_a_price_asked_as_what_a_firm_will_charge_needs_a_price_per_unit(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Plant", "Acme Metals broke ground on a 900-tonne indium refinery at Odda in Norway in May 2030, Example "
                  "Minerals Review reported."),
        ("Start", "Acme Metals' Odda refinery is due to start in early 2032 and employ 120 people, Example Minerals "
                  "Review reported."),
        ("Buyers", "Acme Metals will sell its Odda indium to screen makers and solder firms, Example Minerals Review "
                   "reported.")])
    history = [Turn(role="user", content="When does Acme's Odda refinery start?"),
               Turn(role="assistant", content="In early 2032, with 120 jobs.")]
    answer = assistant.ask("What will Acme charge per kilo for that indium?", history)
    assert answer.abstained and "price per unit" in answer.text, answer.text



def test_a_figure_asked_by_what_it_measures_is_led_by_a_sentence_stating_one(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _planner_and_vector, _sentence

    planner, vector = _planner_and_vector(make_assistant, corpus)
    setter = _sentence("norway-quotas", "Norway's 2030 indium quota figures were set by the Zonal Indium Board.",
                       vector, 0.80)
    figure = _sentence("norway-quotas", "Norway's 2030 indium mining quota was 90 tonnes.", vector, 0.75)
    for question in ("What quota did the Zonal Indium Board set for indium mining in 2030?",
                     "Back in 2030, what caps did the board put on indium mining?"):
        plan = planner.factoid(analyse(question), [setter, figure])
        assert plan.lead[0] is figure, (question, [e.text for e in plan.lead])
    # (a kind of rule asked for by name is no figure: "what quota rules ...?")
    plan = planner.factoid(analyse("What kind of quota rules did the board adopt?"), [setter, figure])
    assert plan.lead[0] is setter, [e.text for e in plan.lead]


def test_what_did_a_deed_to_something_is_led_by_the_sentence_telling_that_deed(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _planner_and_vector, _sentence

    planner, vector = _planner_and_vector(make_assistant, corpus)
    chair = _sentence("norway-council", "Norway took over the chair of the Nordic Indium Council from Iceland in "
                                        "July 2030.", vector, 0.80)
    forum = _sentence("norway-council", "The Arctic Indium Forum replaced the Nordic Indium Council in February "
                                        "2032, Example Minerals Review reported.", vector, 0.50)
    history = [Turn(role="user", content="Who chaired the Nordic Indium Council in 2030?"),
               Turn(role="assistant", content="Norway, after Iceland.")]
    plan = planner.factoid(analyse("What replaced the Nordic Indium Council later on?", history), [chair, forum])
    assert plan.lead[0] is forum, [e.text for e in plan.lead]
    # (what happened to it is no deed a sentence must name)
    plan = planner.factoid(analyse("What happened to the Nordic Indium Council in 2030?"), [chair, forum])
    assert plan.lead[0] is chair, [e.text for e in plan.lead]


def test_a_percentage_rise_asked_for_is_given_by_a_change_not_a_share(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Prices", "Example Minerals Review reported in December 2030 that Oslo indium oxide prices were up 140% in "
                   "2030, reaching US$900 per kilogram on 28 November 2030."),
        ("Smelters", "Acme Metals smelts indium at Odda in Norway, Example Minerals Review reported."),
        ("Buyers", "Norway's screen makers bought 120 tonnes of indium in 2029, Example Minerals Review reported.")])
    answer = assistant.ask("Indium oxide in Oslo: its price in late November 2030, and its percentage rise that year?")
    assert not answer.abstained and "140%" in answer.text, answer.text
    # (a share asked for is still not given by a change)
    answer = assistant.ask("What share of the Oslo indium oxide market did Acme hold in 2030?")
    assert answer.abstained, answer.text


def test_a_comparison_with_what_was_just_said_reads_the_previous_question() -> None:
    history = [Turn(role="user", content="First indium: what share of world mine output did Norway hold in 2030?"),
               Turn(role="assistant", content="About 40%, per Example Minerals Review.")]
    for follow_up in ("Is Iceland's hold over tin mining even tighter?", "Was Iceland's tin output higher than that?"):
        q = analyse(follow_up, history)  # (the previous question, asked of Iceland's tin)
        assert q.is_followup and "share of world mine output" in q.text and "Iceland" in q.text, q.text
    # (a question naming things of its own, with no comparison, is a new one)
    assert not analyse("Is Iceland's hold over tin mining tight?", history).is_followup


def test_a_figure_asked_by_its_measure_for_named_years_is_told_in_other_words(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.abstain import Gate
    from tests.test_broad_answers import _planner_and_vector, _sentence

    planner, vector = _planner_and_vector(make_assistant, corpus)
    value = _sentence("norway-outlook", "Example Minerals Review expected the value of Norway's indium consumption "
                                        "to climb from US$2 billion in 2030 to US$9 billion by 2040.", vector, 0.6)
    # (every word counts as one the notes use: the refusal looks for the question's words in the passage)
    gate = Gate(planner.s, tokens=planner.tokens, in_vocabulary=lambda token: True)
    asked = analyse("Where did analysts see Norwegian indium spending going, in dollar terms, from 2030 to 2040?")
    assert gate.unasked(asked, [value]) == ""
    # (years the passage does not state are not told by it)
    later = analyse("Where did analysts see Norwegian indium spending going, in dollar terms, from 2033 to 2045?")
    assert "mentions" in gate.unasked(later, [value])


def test_where_something_stood_asks_a_level_not_a_place() -> None:
    from assistant.answering.query import asks_where

    assert not asks_where("Where did Oslo indium prices stand at the end of 2030?")
    assert not asks_where("Where was Norway's tin output heading after 2031?")
    assert asks_where("Where did Acme build its smelter?") and asks_where("And where is the plant?")
    assert asks_where("Where exactly does the Odda smelter stand?")  # (of no amount or time: a place)


def test_an_everyday_word_opening_a_question_is_no_name(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Output", "Norway's indium output went back up to 95 tonnes in 2031, Example Minerals Review reported."),
        ("Smelters", "Acme Metals smelts indium at Odda in Norway, Example Minerals Review reported."),
        ("Buyers", "Norway's screen makers bought 120 tonnes of indium in 2029, Example Minerals Review reported.")])
    resolved = assistant.analyse("Back in 2029, how much indium did Norway's screen makers buy?")
    assert "Back" not in resolved.names(), resolved.names()
    answer = assistant.ask("Back in 2029, how much indium did Norway's screen makers buy?")
    assert not answer.abstained and "120 tonnes" in answer.text, answer.text


def test_two_letter_element_symbols_joined_as_a_group_are_the_minerals() -> None:
    from assistant.lexicon import symbols_spelled

    assert symbols_spelled("What did In/Sn licences cost?") == "What did indium and tin licences cost?"
    assert symbols_spelled("Zn-Pb-Ag output") == "zinc, lead and silver output"
    # (a lone symbol, or a pair of symbols of no mineral, is left as typed)
    assert symbols_spelled("Is In the Acme plan?") == "Is In the Acme plan?"
    assert symbols_spelled("US/EU deal, open Mo-Fr, No/Ne") == "US/EU deal, open Mo-Fr, No/Ne"
    assert symbols_spelled("Pr-Nd oxide") == "Pr-Nd oxide"  # (a group the notes name as one, NdPr)


def test_a_dated_question_asking_how_long_is_led_by_the_sentence_stating_a_span(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("First applications", "Norway's trade ministry received its first indium and tin export licence "
                               "applications in "
                               "June 2031, Example Minerals Review reported in August 2031."),
        ("Processing", "According to Example Minerals Review in August 2031, processing a Norwegian indium or tin "
                       "export licence application was expected to take up to 30 days."),
        ("Scope", "Norway's 2031 licensing covered indium and tin ingots, Example Minerals Review reported.")])
    # the year only says which licences; what is asked is a span, which the sentence telling of 2031 lacks
    answer = assistant.ask("In/Sn permits from Norway in 2031: about how long was each application expected to take?")
    assert not answer.abstained and "30 days" in answer_lead(answer.text), answer.text


def answer_lead(text: str) -> str:
    from assistant.answering.query import answer_lead as lead

    return lead(text)


def test_a_figure_asked_after_a_topic_and_a_framing_clause_is_a_factoid() -> None:
    # (the window only frames what is asked: one multiple, or a count, not a series)
    assert question_type("Acme 2031: to close the 2032-40 tin gap, by what factor must Bolt's output grow?") \
        is QType.FACTOID
    assert question_type("Acme 2031: to close the 2032-40 tin gap, how many new smelters are needed?") \
        is QType.FACTOID
    # ... but a series asked after a topic is still a trend, and how a thing works, with a who among its asks, no
    # factoid
    assert question_type("Iceland's indium: how did exports change over 2029-2031?") is QType.TREND
    assert question_type("Oslo's tin fund: how should it function - what gets bought, who signs the deals, and "
                         "when does it open?") is QType.EXPLANATION


def test_a_publisher_and_year_opening_a_question_date_its_source_not_what_it_asks() -> None:
    from assistant.answering.abstain import source_years

    assert source_years("Acme Review 2031: how many smelters would close the gap?") == {"2031"}
    # (a country so named is what is asked about)
    assert source_years("Norway 2031: how many smelters were open?") == set()


def test_a_span_is_not_a_comparison_with_a_year_before() -> None:
    from assistant.answering.evidence import states_span

    assert states_span("Permits took up to 30 days to process.") and states_span("a 180-day window")
    assert not states_span("Exports rose 40% from a year earlier.")
    assert not states_span("Output was up on two years ago.")
    assert states_span("Acme sought views a year before the ban.")  # (how long before: a span)


def test_how_much_of_a_mineral_goes_into_one_numbered_model_asks_its_mass(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Drones", "Each Kx-90 drone built in Norway contains about 3 kilograms of indium, Example Minerals Review "
                   "reported in 2031."),
        ("Ships", "Each Vela-class freighter built in Norway needs about 40 kilograms of indium, Example Minerals "
                  "Review reported in 2031."),
        ("Exports", "Norway exported 90 tonnes of indium in 2031, Example Minerals Review reported.")])
    # ("material" and "put" are only how the mass is asked: no passage need use them)
    answer = assistant.ask("How much indium material is put inside one Kx-90?")
    assert not answer.abstained and "3 kilograms" in answer_lead(answer.text), answer.text


def test_a_why_question_opening_with_a_statement_is_not_answered_by_restating_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.answering.query import premise_of
    from tests.test_broad_answers import _norway_only

    assert premise_of("Acme's tin is cheap, so why do buyers shun it?") == "Acme's tin is cheap"
    assert premise_of("Acme cut output in 2031. Why did it?") == "Acme cut output in 2031"
    assert premise_of("Why do buyers shun Acme's cheap tin?") == ""
    assert premise_of("How do the two tin figures differ, and why?") == ""  # (a question, not a statement)
    assistant = _norway_only(make_assistant, corpus, [
        ("Abundance", "Indium is about as common in Earth's crust as silver, Example Minerals Review reported in "
                      "2031."),
        ("Recovery", "Indium is scarce in practice because it is recovered only as a by-product of zinc smelting, "
                     "Example Minerals Review reported in 2031."),
        ("Smelters", "Norway's two zinc smelters recover nearly all of its indium, Example Minerals Review reported "
                     "in 2031.")])
    answer = assistant.ask("Indium is about as common in the crust as silver, so why is it so scarce in practice?")
    assert answer.answer_type == "explanation" and "by-product" in answer_lead(answer.text), answer.text


def test_an_everyday_word_owning_a_thing_the_corpus_names_only_says_whose_it_is(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_broad_answers import _norway_only

    assistant = _norway_only(make_assistant, corpus, [
        ("Drones", "Each Kx-90 drone built in Norway contains about 3 kilograms of indium, Example Minerals Review "
                   "reported in 2031."),
        ("Exports", "Norway exported 90 tonnes of indium in 2031, Example Minerals Review reported."),
        ("Smelters", "Norway's two zinc smelters recover nearly all of its indium, Example Minerals Review reported "
                     "in 2031.")])
    # (the notes never name the Navy: the question is about the drone)
    answer = assistant.ask("How much indium is in each of the Navy's Kx-90 drones?")
    assert not answer.abstained and "3 kilograms" in answer_lead(answer.text), answer.text
    # ... but a thing owned by a name the notes never use is still unknown
    assert assistant.ask("How much indium is in one of Zorblax's Kx-90 drones?").abstained


def test_a_mass_asked_in_one_system_is_led_by_the_sentence_giving_it_in_that_system(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.figures import mass_systems
    from tests.test_broad_answers import _norway_only

    assert mass_systems("what is that in kilograms?", asked=True) == {"metric"}
    assert mass_systems("how many pounds?", asked=True) == {"imperial"}
    assert mass_systems("how many tons?", asked=True) == set()  # (short or metric: either)
    assert mass_systems("about 900 lb of indium and 40 t of zinc") == {"imperial", "metric"}
    assert mass_systems("the 2031 t-shirt") == set()
    assert mass_systems("Indium exports (t REO): 1,116") == {"metric"}  # (a row: its column's unit)
    assistant = _norway_only(make_assistant, corpus, [
        ("Freighters", "Each Vela-class freighter built in Norway holds about 880 pounds of indium, Example Minerals "
                       "Review reported in 2031."),
        ("Conversions", "Example Minerals Review's 2031 tally of about 880 pounds of indium per Vela-class freighter "
                        "comes to roughly 400 kilograms."),
        ("Exports", "Norway exported 90 tonnes of indium in 2031, Example Minerals Review reported.")])
    # ("converted" and "amounts to" only say a figure is wanted: no sentence need use them)
    answer = assistant.ask("What does a Vela-class freighter's indium amount to, once converted into kilograms?")
    assert not answer.abstained and "400 kilograms" in answer_lead(answer.text), answer.text
    answer = assistant.ask("How many pounds of indium go into a Vela-class freighter?")
    assert "880 pounds" in answer_lead(answer.text), answer.text


def test_a_name_keeps_the_model_number_after_its_hyphen_in_any_word() -> None:
    assert "Vela Class VX-90" in analyse("What does the Vela Class VX-90 carry?").names("name")


def test_a_lead_in_of_common_words_set_off_by_a_dash_names_nothing() -> None:
    from assistant.answering.query import entities_of, leans_on_conversation

    question = "Crew make-up - who runs it day to day, and can one partner overrule the others?"
    assert entities_of(question) == [] and leans_on_conversation(question)
    # (a name before the dash stays one)
    assert [e.name for e in entities_of("Acme Metals - when did it open its plant?")] == ["Acme Metals"]
