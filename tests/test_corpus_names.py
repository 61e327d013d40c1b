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
