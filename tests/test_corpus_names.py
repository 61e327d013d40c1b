"""Proper names as the corpus writes them."""

from __future__ import annotations

from assistant.corpus_names import CorpusNames

TEXTS = [
    "Iceland's lender backed Acme Metals in 2031. Acme Metals refines indium at Keflavik.",
    "The deal with Bolt Rare Earths was signed in May. Rare earths are seventeen metals; rare earths are mined widely.",
    "Output rose. Prices fell, and prices of indium fell further in the Spring. Spring output was low; the spring "
    "thaw came late.",
    "| Company | Plant |\n|---|---|\n| Acme Metals | Keflavik |",
]


def test_a_name_the_corpus_capitalises_is_restored_from_lower_case() -> None:
    names = CorpusNames(TEXTS)
    assert names.restore("acme metals") == "Acme Metals"
    assert names.restore("  ACME   metals ") == "Acme Metals"
    assert names.restore("keflavik") == "Keflavik"
    assert names.restore("bolt rare earths") == "Bolt Rare Earths"  # a run holding one proper word is a name


def test_words_the_corpus_also_writes_in_lower_case_are_no_names() -> None:
    names = CorpusNames(TEXTS)
    assert names.restore("rare earths") is None  # written in lower case too
    assert names.restore("spring") is None  # "the spring thaw"
    assert names.restore("output") is None  # capitalised only where a sentence starts
    assert names.restore("zork forge") is None  # never written at all


def test_names_typed_in_lower_case_inside_a_question_are_restored_longest_first() -> None:
    names = CorpusNames([*TEXTS, "The Big Board met in Reykjavik."])
    assert (names.restore_in("what about acme metals and bolt rare earths at keflavik?")
            == "what about Acme Metals and Bolt Rare Earths at Keflavik?")
    assert names.restore_in("did Acme Metals buy indium?") == "did Acme Metals buy indium?"  # already cased
    assert names.restore_in("how big is the board?") == "how Big is the Board?"  # (no word list: see below)
    # one everyday word on its own is left as typed when told which words are everyday ones
    everyday = {"big", "board", "is", "how"}.__contains__
    assert names.restore_in("how big is the board?", everyday) == "how big is the board?"
    assert names.restore_in("and the big board?", everyday) == "and the Big Board?"  # (a run of two is a name)
    assert names.restore_in("keflavikx and keflavik2") == "keflavikx and keflavik2"  # whole words only


def test_an_acronym_the_corpus_only_writes_out_in_full_is_searched_for_as_written() -> None:
    names = CorpusNames([*TEXTS, "The Keflavik Indium Board met in 2031.", "A Keflavik Indium Board grant followed."])
    assert names.written_out("KIB") == "Keflavik Indium Board"
    assert (names.with_acronyms_written_out("What did the KIB fund?")
            == "What did the KIB fund? (Keflavik Indium Board)")
    # (not one the corpus uses itself, nor one it writes out only once or never)
    used = CorpusNames([*TEXTS, "The Keflavik Indium Board (KIB) met.", "A Keflavik Indium Board grant."])
    assert used.written_out("KIB") is None
    assert CorpusNames([*TEXTS, "The Keflavik Indium Board met."]).written_out("KIB") is None
    assert names.with_acronyms_written_out("What did the ZZT fund?") == "What did the ZZT fund?"


def test_an_everyday_word_opening_a_sentence_is_written_as_the_corpus_writes_it() -> None:
    names = CorpusNames(["Output went back up in 2031, the Department of Tin said.",
                         "The Department of Tin set the date; the date held.", "Acme's first sale came later.",
                         "Sales rose, the Department of Tin said.", "Section 9 of the code applies to the section."])
    assert names.sentence_case("Back in 2031, what did Acme sell?") == "back in 2031, what did Acme sell?"
    assert names.sentence_case("Date of Acme's first sale? And who bought?") == "date of Acme's first sale? And who bought?"
    # names stay as written: one the corpus capitalises inside sentences, one followed by a capitalised word or a
    # number, and a word the corpus never writes in lower case
    for kept in ("Department of Tin grants in 2031?", "Output Tracker figures?", "Section 9 rules?", "Acme sold what?"):
        assert names.sentence_case(kept) == kept
