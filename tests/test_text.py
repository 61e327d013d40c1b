"""Sentence splitting and figure normalisation."""

from __future__ import annotations

from assistant.figures import normalised as figures
from assistant.text import split_sentences


def test_us_abbreviation_stays_inside_sentence() -> None:
    text = ("The U.S. Department of Defense became a shareholder of MP Materials that summer. "
            "MP Materials runs the Mountain Pass mine in California.")
    assert split_sentences(text) == [
        "The U.S. Department of Defense became a shareholder of MP Materials that summer.",
        "MP Materials runs the Mountain Pass mine in California.",
    ]


def test_number_abbreviation_stays_inside_sentence() -> None:
    text = ("China's Ministry of Commerce issued Announcement No. 18 on 4 April 2025. "
            "Seven medium and heavy rare earths needed export licences from that day.")
    assert split_sentences(text) == [
        "China's Ministry of Commerce issued Announcement No. 18 on 4 April 2025.",
        "Seven medium and heavy rare earths needed export licences from that day.",
    ]


def test_decimals_stay_inside_sentence() -> None:
    text = ("According to the IEA, demand for rare earths could grow 1.5 times by 2040. "
            "China's share of refining was 91.4 per cent in 2023. 2024 saw prices fall 3.2%.")
    assert split_sentences(text) == [
        "According to the IEA, demand for rare earths could grow 1.5 times by 2040.",
        "China's share of refining was 91.4 per cent in 2023.",
        "2024 saw prices fall 3.2%.",
    ]


def test_month_abbreviation_stays_inside_sentence() -> None:
    text = ("China suspended its rare-earth controls on 9 Oct. 2025 for one year. "
            "Exporters still needed licences for the April 2025 list.")
    assert split_sentences(text) == [
        "China suspended its rare-earth controls on 9 Oct. 2025 for one year.",
        "Exporters still needed licences for the April 2025 list.",
    ]


def test_all_abbreviations_in_one_sentence() -> None:
    sentence = ("The U.S. order No. 14017 of Oct. 2021 asked for a review of 1.5 million tonnes of supply, "
                "e.g. gallium and germanium.")
    assert split_sentences(sentence + " The review reported in 2022.") == [sentence, "The review reported in 2022."]


def test_split_handles_quotes_questions_and_whitespace() -> None:
    text = '  Why does gallium matter?\n  "Chips need it," said the USGS.   Supply is concentrated!  '
    assert split_sentences(text) == ["Why does gallium matter?", '"Chips need it," said the USGS.',
                                     "Supply is concentrated!"]
    assert split_sentences("   \n ") == []


def test_lower_case_after_full_stop_does_not_split() -> None:
    assert split_sentences("Prices rose 20 per cent vs. the previous year in 2024.") == [
        "Prices rose 20 per cent vs. the previous year in 2024."
    ]


def test_figures_thousands_separator() -> None:
    assert figures("China exported 1,238 tonnes of magnets in May 2025.") >= {"1238"}
    assert "1,238" not in figures("China exported 1,238 tonnes.")
    assert figures("1,238") == figures("1238")


def test_figures_percent() -> None:
    assert figures("China refined 74% of cobalt.") == {"74%"}
    assert figures("China refined 74 per cent of cobalt.") == {"74%"}
    assert figures("China refined 74 percent of cobalt.") == {"74%"}
    assert figures("74%") != figures("74")


def test_figures_billions_agree_across_spellings() -> None:
    expected = figures("US$1.4 billion")
    assert len(expected) == 1
    assert figures("US$1.4bn") == expected
    assert figures("US$1,400 million") == expected
    assert figures("US$1.5 billion") != expected


def test_figures_decimal_and_several_numbers() -> None:
    assert figures("Germanium rose 3.5% to US$2,800 per kilogram in 2024.") == {"3.5%", "2800", "2024"}


def test_figures_billion_normalised_to_plain_number() -> None:
    assert figures("US$1.4 billion") == {"1400000000"}
    assert figures("1,234,567 tonnes") != figures("1,234,568 tonnes")


def test_the_kind_of_figure_a_question_asks_for_and_a_sentence_states() -> None:
    from assistant.figures import measure_asked, states_measure, told_years

    assert measure_asked("how many tonnes of indium did Norway ship?") == "mass"
    assert measure_asked("What was the price in US dollars per kg?") == "money"  # per kg: the money is asked
    assert measure_asked("what share of smelting does Norway hold?") == "percent"
    assert measure_asked("when did Norway sign?") == ""
    # "Mt" before a name is a mountain, not megatonnes
    assert measure_asked("what levy applies to ore from Mt Kestrel?") == ""
    assert measure_asked("how many Mt of ore does Mt Kestrel hold?") == "mass"
    assert states_measure("a 10,000-tonne plant", "mass") and states_measure("Exports (tonnes): 305", "mass")
    assert not states_measure("a 12% share in 2024", "mass")
    # pounds weigh too ("how many tonnes does a drone hold?" is answered by "about 40 pounds of indium")
    assert measure_asked("how many pounds of indium does a drone hold?") == "mass"
    # a worth asked in so many words is a sum
    assert measure_asked("What is the Bolt contract worth?") == "money"
    assert states_measure("Each drone holds about 40 pounds of indium.", "mass")
    assert not states_measure("The licence cost 900 pounds sterling.", "mass")
    assert told_years("The Example Minerals Yearbook 2031 put 2030 output at 8 t.") == {"2030"}
    # a price by the unit it is quoted in is a sum per unit, not a mass
    assert [measure_asked(q) for q in ("what was the average tin price per tonne in 2031?",
                                       "what were buyers paying per kilo for indium?",
                                       "How much indium, in tonnes, does Acme make yearly?")] == ["unit price", "unit price",
                                                                                       "mass"]
    assert states_measure("Tin averaged US$31,000 a tonne in 2031.", "unit price")
    assert states_measure("Price (US$/kg): 310; Year: 2031", "unit price")
    assert not states_measure("Acme paid US$9 million for the tin.", "unit price")
    assert not states_measure("Acme makes 40 tonnes a year.", "unit price")
    # ... written with a hyphen as well ("the per-tonne price"), before or after the word of price
    assert [measure_asked(q) for q in ("At what per-tonne price did Acme Review quote tin in May 2031?",
                                       "what did indium sell for, per-kilo, in 2031?")] == ["unit price", "unit price"]


def test_a_table_row_tells_of_the_years_its_cells_give_figures_for() -> None:
    from assistant.figures import row_pairs, told_years

    row = "Output by country, 2031: Country: Norway; Output 2031 (t): 40; Change from 2030: up; Source: Example Survey."
    assert told_years(row) == {"2031"}  # 2030 is only the base of a change with no figure
    assert told_years("Country: Norway; Output 2031 (t): 40; Change from 2030: up from 35.") == {"2030", "2031"}
    assert row_pairs(row) == ("Output by country, 2031", [("Country", "Norway"), ("Output 2031 (t)", "40"),
                                                          ("Change from 2030", "up"), ("Source", "Example Survey")])
    assert row_pairs("Output rose in 2031; prices fell.") is None
    assert told_years("No source found by December 2032 gave the 2031 figure.") == {"2031"}  # when someone looked


def test_any_iso_currency_code_and_the_rupee_forms_mark_a_sum() -> None:
    from assistant.figures import states_measure
    assert figures("NOK 40 million") == figures("NOK 40,000,000") == {"40000000"}
    assert figures("Rs 7,280 crore") == {"72800000000"}  # (a crore is ten million)
    for text in ("NOK 40 million", "Rs 7,280 crore", "₹500 crore", "SEK 2 billion", "usd 4"):
        assert states_measure(text, "money"), text
    for text in ("40 million tonnes", "the top 10 firms", "nok 40"):  # (a code counts in capitals only)
        assert not states_measure(text, "money"), text


def test_a_sentence_may_open_with_a_name_written_with_a_small_first_letter() -> None:
    from assistant.text import split_sentences

    # (paragraphs of a section reach the splitter joined: a source marker after the stop always ends a sentence)
    assert split_sentences("Acme's figure is not comparable.[^a] e-Bolt did not disclose its capacity.[^b] "
                           "acmewire reported the start.[^c]") == [
        "Acme's figure is not comparable.[^a]", "e-Bolt did not disclose its capacity.[^b]",
        "acmewire reported the start.[^c]"]
    assert split_sentences("Acme shipped 40 tonnes. iBolt bought them.") == ["Acme shipped 40 tonnes.", "iBolt bought them."]
    # ... but an abbreviation still does not end one
    assert split_sentences("It sold the U.S. iBolt line to Acme, Inc. eBolt took it.") == [
        "It sold the U.S. iBolt line to Acme, Inc. eBolt took it."]


def test_pounds_weigh_unless_they_are_sterling_and_what_was_spent_is_a_sum() -> None:
    from assistant.figures import asks_what_was_paid, measure_asked, states_measure
    from assistant.figures import figures as parsed

    # "40,000 pounds of scrap" is a mass, no sum of money; "40,000 pounds sterling" is one
    assert not states_measure("The Odda trial shredded about 40,000 pounds of scrapped screens.", "money")
    assert [f.currency for f in parsed("Acme paid 40,000 pounds sterling for the site.")] == ["GBP"]
    assert [f.currency for f in parsed("Acme paid £40,000 for the site.")] == ["GBP"]
    # what a party spent or lent, asked with "what", is a sum; what it invested in, or what kind of payment it makes
    # ("an upfront fee"), is not
    assert [measure_asked(q) for q in ("What did the two firms spend on the Odda trial?",
                                       "What will the Bolt smelter cost?",
                                       "What do Norwegian smelters pay to use the reserve?",
                                       "What did Acme invest in?")] == ["money", "money", "", ""]
    # ... a sum paid out, not a worth
    assert asks_what_was_paid("What did the two firms spend on the Odda trial?")
    assert not asks_what_was_paid("What will the Bolt smelter cost?")


def test_an_ordinal_counts_no_quantity() -> None:
    from assistant.figures import amounts

    # "the 12th meeting" beside "12 tonnes": only the tonnes are an amount, so a second report of the same meeting
    # that adds its ordinal tells nothing new
    assert amounts("Norway hosted the 12th indium meeting, where 12 tonnes were pledged.") == {"12"}
    assert amounts("The 21st smelter opened; the 3rd batch followed.") == frozenset()


def test_a_word_that_can_bid_something_done_is_a_verbs_base_form() -> None:
    from assistant.lexicon import imperative

    assert [imperative(w) for w in ("break", "outline", "compare", "list")] == [True] * 4
    assert [imperative(w) for w in ("what", "did", "is", "which", "breaks")] == [False] * 5
