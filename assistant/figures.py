"""The one parser of figures and years, used by the answerer, the verifier and the eval harness.

A figure is normalised before it is compared: commas, "per cent", money scales (million, bn, crore) and currencies
(symbols, and every ISO 4217 code from pycountry: "NOK 40 million"), so
"US$1.2 billion" equals "$1,200 million" and "98 per cent" equals "98%".
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass


def _currency_codes() -> str:
    """Every ISO 4217 currency code, from pycountry (a maintained library), as an alternation: "NOK 40 million"."""
    import pycountry

    return "|".join(sorted(c.alpha_3 for c in pycountry.currencies))


_FIGURE = re.compile(
    r"(?<![\w.,])(?P<cur>US\$|A\$|C\$|HK\$|\$|€|£|¥|₹|₩|Rs\.?\s?|(?:USD|EUR|GBP|AUD|CAD|CNY|RMB|JPY)\s?|"
    r"(?-i:(?:" + _currency_codes() + r")\b)\s?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|crore|lakh|bn|tn|mn|m|k)(?![a-z]))?"
    r"(?:\s?(?P<pct>%|per\s?cent(?![a-z])|percent(?![a-z])))?"
    r"(?:\s?(?P<unit>kt|Mt|tonnes|tons|tonne|ton|t)(?![A-Za-z]))?"
    # (pounds weigh unless they are sterling: "900 pounds of magnets" is a mass)
    r"(?:\s?(?P<cur2>dollars|euros|pounds\s+sterling|yuan|yen|USD|EUR))?",
    re.IGNORECASE)
_SCALES = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "crore": 1e7, "million": 1e6, "mn": 1e6,
           "m": 1e6, "lakh": 1e5, "thousand": 1e3, "k": 1e3}
_CURRENCY = {"us$": "USD", "$": "USD", "usd": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR", "euros": "EUR",
             "£": "GBP", "gbp": "GBP", "pounds sterling": "GBP", "a$": "AUD", "aud": "AUD", "c$": "CAD", "cad": "CAD",
             "hk$": "HKD", "₹": "INR", "rs": "INR", "rs.": "INR", "₩": "KRW",
             "¥": "CNY", "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "jpy": "JPY", "yen": "JPY"}
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "hundred": 100, "dozen": 12, "half": 50, "quarter": 25})
# a number written as a word, as a pattern's alternation ("twelve", "forty")
NUMBER_WORDS = "|".join(sorted((w for w in _NUMBER_WORDS if w not in ("half", "quarter")), key=len, reverse=True))


def whole_number(word: str) -> int | None:
    """A whole number written in digits or as a word ("12", "twelve", "Thirty"), else None."""
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word.lower()) if word.lower() not in ("half", "quarter") else None


@dataclass(frozen=True)
class Figure:
    """A normalised quantity: its value, whether it is a percentage, and its currency if any."""

    value: float
    percent: bool = False
    currency: str | None = None
    raw: str = ""

    def matches(self, other: Figure) -> bool:
        if not math.isclose(self.value, other.value, rel_tol=1e-9, abs_tol=1e-9):
            return False
        if self.percent and not other.percent:
            return False
        return not (self.currency and other.currency and self.currency != other.currency)


# the ending that makes an ordinal of a number ("10th", "21st")
_ORDINAL_END = re.compile(r"(?:st|nd|rd|th)\b")


def figures(text: str, *, number_words: bool = False) -> list[Figure]:
    """Quantities in a text. ``number_words`` also reads "eight" as 8 (used on passages, so "8 items" matches).

    >>> [f.value for f in figures("US$1,200 million and 98 per cent in 2023")]
    [1200000000.0, 98.0, 2023.0]
    """
    out: list[Figure] = []
    for m in _FIGURE.finditer(text):
        if _ORDINAL_END.match(text, m.end()) and m.group(0).strip() == m.group("num"):
            continue  # an ordinal ("their 10th meeting", "the 21st century") counts no quantity
        value = float(m.group("num").replace(",", ""))
        cur_raw = " ".join((m.group("cur") or m.group("cur2") or "").lower().split())
        currency = _CURRENCY.get(cur_raw) or (cur_raw.upper() if re.fullmatch(r"[a-z]{3}", cur_raw) else None)
        scale = (m.group("scale") or "").lower()
        if scale in ("m", "k", "mn") and not currency:
            scale = ""  # "5m" may be metres; only money uses the short scales
        value *= _SCALES.get(scale, 1.0)
        unit = m.group("unit") or ""
        if unit == "kt":
            value *= 1e3
        elif unit == "Mt":
            value *= 1e6
        out.append(Figure(value, percent=bool(m.group("pct")), currency=currency, raw=m.group(0).strip()))
    if number_words:
        for m in re.finditer(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", text, re.IGNORECASE):
            out.append(Figure(float(_NUMBER_WORDS[m.group(1).lower()]), raw=m.group(1)))
    return out


# what kind of figure a question asks for, by the unit it names ("how many tonnes", "what share", "in dollars")
# ("Mt" before a name is a mountain, "Mt Weld", not megatonnes)
_MASS_ASKED = re.compile(r"\b(?:tonnes?|tons?|kilo(?:gram)?s|kg|kt|Mt(?!\.?\s+(?-i:[A-Z]))|pounds(?! sterling)|lbs?)\b",
                         re.IGNORECASE)
_PERCENT_ASKED = re.compile(r"\b(?:share|percentage|per ?cent|proportion)\b|%", re.IGNORECASE)
# verbs of paying or putting money in ("how much did Acme invest?", "how much was it given?"): a sum asked for
# (in any tense: "how much is Acme putting into the plant?", "how much are they spending?")
_PAID = (r"spend(?:s|ing)?|spent|invest(?:s|ed|ing)?|pa(?:y|ys|ying|id)|lend(?:s|ing)?|lent|borrow(?:s|ed|ing)?|"
         r"rais(?:e|es|ed|ing)|put(?:s|ting)? (?:in|into|up)|contribut(?:e|es|ed|ing)|commit(?:s|ted|ting)?|"
         r"pledg(?:e|es|ed|ing)|gi(?:ve|ves|ving|ven)|gave|grant(?:s|ed|ing)?|award(?:s|ed|ing)?|"
         r"allocat(?:e|es|ed|ing)|earmark(?:s|ed|ing)?")
# ... or the size of a charge or a loan ("how big are the fees?", "how large was the loan?")
_CHARGE_ASKED = r"\bhow (?:much|big|large|high)\b[^?]{0,40}?\b(?:fees?|charges?|loans?|budgets?)\b"
# ... or what was spent or lent ("what did Acme spend on the trial?"; "what will the plant cost?" asks a worth; "what
# do smelters pay to use it?" may ask what kind of payment, "an upfront fee")
_WHAT_DID = r"\bwhat\s+(?:did|do|does|will|would|had|has|have|could|might)\s+[^?]{1,60}?\b"
_SPENT_ASKED = _WHAT_DID + r"(?:spend|spent|lend|lent|borrow|borrowed)\b"
_PAID_ASKED = re.compile(rf"\bhow much\b[^?]{{0,80}}?\b(?:{_PAID})\b|{_CHARGE_ASKED}|{_SPENT_ASKED}", re.IGNORECASE)
# what a worth is asked of ("what is the Bolt contract worth?": the Bolt contract)
WORTH_OF = re.compile(r"\bwhat(?:'s|\s+(?:is|was|are|were))\s+(?P<thing>[^?]{1,80}?)\s+worth\b", re.IGNORECASE)
# (also "how much is it worth?", "what is the deal worth?", "what will it cost?", or a sum paid: an amount of money)
_MONEY_ASKED = re.compile(rf"\b(?:dollars|euros|yuan|how much money)\b|\b(?:dollar|euro|money|cash) terms\b|US\$|\$|"
                          rf"\bhow much\b[^?]{{0,80}}?\b(?:worth|"
                          rf"cost|costs)\b|{_PAID_ASKED.pattern}|{WORTH_OF.pattern}|{_WHAT_DID}cost\b", re.IGNORECASE)
# a column's unit in brackets ("Output (t REO)", "Exports (kt)"): a row's amount beside it is a mass
_MASS_HEADER = re.compile(r"\((?:metric )?(?:t|kt|Mt|tonnes?|tons?|kg|lbs?|pounds)\b", re.IGNORECASE)
# a rate's unit ("per tonne", "a kilogram", "/kg")
_PER_UNIT = re.compile(r"(?:\b(?:per|a|an|each)[\s-]+(?:metric\s+)?|/\s?)"
                       r"(?:tonnes?|tons?|t|kilo(?:gram)?s?|kg|pounds?|lbs?)\b", re.IGNORECASE)
# a sum quoted for a unit of weight, a range too ("US$2,580-2,680 per kg", "850,000 yuan a tonne")
_SUM = r"(?:[A-Z]{0,2}\$|€|£|¥)?\s?\d[\d,.]*"
_UNIT_PRICE = re.compile(rf"{_SUM}(?:\s?(?:-|\u2013|to)\s?{_SUM})?\s?(?:yuan|dollars|euros)?\s?" + _PER_UNIT.pattern,
                         re.IGNORECASE)


# a question asking what something cost ("how much did tin cost in 2031?", "how much was paid for it?")
_PRICE_ASKED = re.compile(r"\b(?:prices?|priced|costs?|costing|pa(?:y|ys|id|ying)|worth|fetch\w*|charg\w+|quot\w+)\b",
                          re.IGNORECASE)


def asks_price(question: str) -> bool:
    """Whether a question asks what something cost or was paid (``_PRICE_ASKED``): a sum quoted per tonne may answer
    it; a question on what was invested or lent is not answered by one."""
    return _PRICE_ASKED.search(question) is not None


def without_unit_prices(text: str) -> str:
    """A text with its sums quoted per unit of weight taken out: what is left tells amounts, not prices."""
    return _UNIT_PRICE.sub(" ", text)


# (pounds weigh: "900 pounds of rare earths"; a sum in pounds is written "£900" or "900 pounds sterling")
_MASS_UNIT = r"(?:metric )?(?:kt|Mt|tonnes?|tons?|t|kg|kilograms?|lbs?|pounds?(?! sterling))"
_MASS_NUMBER = r"\d(?:[\d,.]*\d)?[\s-]?(?:thousand[ -]|million[ -]|billion[ -])?"  # (the number before a unit)
_MASS_AMOUNT = _MASS_NUMBER + _MASS_UNIT
_MASS = re.compile(_MASS_AMOUNT + r"(?![A-Za-z])", re.IGNORECASE)


# what a mass is of ("40 tonnes of indium", "up to 5,000 tonnes a year of feedstock", "how many tonnes of scrap
# ...?"): the words after "of", up to a verb, a preposition or the end of the clause
_OF_WHAT = (r"(?:\s+(?:a|per|each)\s+year|\s+annually)?\s+of\s+(?P<what>(?:(?!(?:a|an|the)\b)[\w-]+\s+){0,3}?[\w-]+?)"
            r"(?=\s+(?:a\s+year|per\s+year|annually|did|does|do|will|would|is|are|was|were|has|have|had|can|could|"
            r"in|into|from|for|to|at|by|under|on|with|that|which|and|or)\b|[\s,.;:?)]*$|[,.;:?)])")
_MASS_OF = re.compile(_MASS_AMOUNT + _OF_WHAT, re.IGNORECASE)
_MASS_OF_ASKED = re.compile(r"\bhow\s+(?:many|much)\s+" + _MASS_UNIT + _OF_WHAT, re.IGNORECASE)


def mass_of_asked(question: str) -> str:
    """What a question asks the mass of ("how many tonnes of scrap did Acme buy?": scrap), else ""."""
    match = _MASS_OF_ASKED.search(question)
    return match.group("what") if match else ""


# how much of a material one thing holds ("how much tin does a phone use?", "how much zinc is in each hull?", "how much
# indium goes into one panel?"): the thing, one of it
_ONE = r"(?:a single|a typical|the average|the typical|an|a|each|every|one|per)"
_CONTENT_ASKED = re.compile(rf"\bhow much\b[^?]{{1,40}}?\b(?:(?:does|do|did|will|would|can)\s+{_ONE}\s+"
                            rf"(?P<user>[^?]{{1,40}}?)\s+(?:use|contain|need|hold|require|take|carry|have)\b|(?:is|are|goes|go|went|gets|get)\s+"
                            rf"(?:there\s+|used\s+|put\s+)?(?:in|into|inside)\s+{_ONE}\s+(?P<holder>[^?]{{1,40}}?)\s*(?:\?|$))",
                            re.IGNORECASE)


def content_of_one(question: str) -> str:
    """The thing a question asks how much of a material one of holds ("how much tin does a phone use?": phone), else
    ""; the answer is a mass in one of it, not a total or a share."""
    match = _CONTENT_ASKED.search(question)
    return (match.group("user") or match.group("holder")).strip() if match else ""


# the two systems a mass is told in: a question naming one ("in kilograms") wants the figure in it where a source
# gives it ("about 9,100 kg" rather than "about 20,000 lb") ("tons" may be either, and asks for neither)
_MASS_SYSTEMS = {"metric": (r"(?:metric )?(?:kt|Mt|tonnes?|t|kg|kilo(?:gram)?s?)", r"tonnes?|kg|kilo(?:gram)?s?|kt"),
                 "imperial": (r"(?:short )?(?:tons?|lbs?|pounds?(?! sterling))", r"lbs?|pounds?(?! sterling)")}


def mass_systems(text: str, asked: bool = False) -> set[str]:
    """The systems of measure ("metric", "imperial") a text states a mass in ("40 t", "9,200 lb"), or, ``asked``,
    names a unit of ("how many kilograms ...?", "in pounds"); a table row's by its column's unit ("Exports (t): 40")."""
    amount = rf"(?:{_MASS_NUMBER}|\()"
    return {system for system, (told_in, asked_in) in _MASS_SYSTEMS.items()
            if re.search(rf"\b(?:{asked_in})\b" if asked else rf"{amount}{told_in}(?![A-Za-z-])", text, re.IGNORECASE)}


def masses_of(text: str) -> list[str]:
    """What each mass a text states is of, where it says ("Acme sold 40 tonnes of scrap": scrap)."""
    return [m.group("what") for m in _MASS_OF.finditer(text)]


# a price by the unit it is quoted in ("at what price per kilogram ...?", "what did buyers pay per kilo ...?", "the
# cobalt price per tonne"): a sum of money per unit is asked, not a mass
_UNIT = r"(?:kilo(?:gram)?s?|kg|tonnes?|tons?|t|pounds?|lbs?|ounces?|oz)"
_UNIT_PRICE_ASKED = re.compile(rf"\b(?:prices?|priced|pricing|costs?|costing|pay|pays|paying|paid|charg(?:e|es|ed|ing)|"
                               rf"sells?|selling|sold|quoted?|worth|fetch(?:es|ed|ing)?)\b[^?]{{0,60}}?(?:\b(?:per|a|each)[\s-]+|/\s?)"
                               rf"(?:metric\s+)?{_UNIT}\b|(?:\bper[\s-]+|/\s?){_UNIT}\b[^?]{{0,60}}?\b(?:prices?|"
                               rf"costs?|pay|paying|paid)\b", re.IGNORECASE)
# a price quoted for a unit in a table's column ("Price (US$/kg)")
_CURRENCY_PER = re.compile(r"(?:US\$|\$|€|£|¥|\b(?:yuan|dollars?|euros?|USD|EUR|CNY|RMB))\s?/", re.IGNORECASE)


def pays(word: str) -> bool:
    """Whether a word is a verb of paying or putting money in ("spending", "invested"): any one of them says the
    same of a sum as another."""
    return re.fullmatch(_PAID, word, re.IGNORECASE) is not None


# the verb a "how much" question asks a sum by ("how much did Acme invest in Bolt?": invest)
_PAID_VERB = re.compile(rf"\bhow much\b[^?]{{0,80}}?\b(?P<verb>{_PAID})\b", re.IGNORECASE)
# a sum of money as written ("US$9 million", "€40m", "9 billion yuan")
_MONEY_SUM = r"(?:(?:[A-Z]{0,2}\$|€|£|¥)\s?\d|\d[\d,.]*\s?(?:million\s|billion\s)?(?:yuan|euros?|dollars)\b)"


def paid_verb(question: str) -> str:
    """The verb of paying a "how much" question asks its sum by ("how much did Acme lend Bolt?": lend), else ""."""
    match = _PAID_VERB.search(question)
    return match.group("verb") if match else ""


def sum_by(text: str, stem: str) -> bool:
    """Whether a text states a sum right beside a word of ``stem`` ("invest": "Acme invested US$9 million", "a US$9
    million investment"), not a sum of something else further on ("its investment, part of a US$9 billion plan")."""
    word = rf"\b{re.escape(stem)}\w*\b"
    return re.search(rf"{word}(?:\W+[\w-]+){{0,3}}?\W+{_MONEY_SUM}|{_MONEY_SUM}[\w.,]*(?:\W+[\w-]+){{0,2}}?\W+{word}",
                     text, re.IGNORECASE) is not None


def asks_what_was_paid(question: str) -> bool:
    """Whether a question asks for a sum by what someone paid or put in ("how much did Acme invest?"), not by its
    worth ("how much is the reserve worth?")."""
    return _PAID_ASKED.search(question) is not None


def measure_asked(question: str) -> str:
    """The kind of figure a question asks for by its unit: "money", "unit price" (a sum per kilogram or tonne), "mass",
    "percent", else ""."""
    for kind, pattern in (("money", _MONEY_ASKED), ("unit price", _UNIT_PRICE_ASKED), ("mass", _MASS_ASKED),
                          ("percent", _PERCENT_ASKED)):
        if pattern.search(question):
            return kind
    return ""


def states_measure(text: str, kind: str) -> bool:
    """Whether a text states a figure of that kind ("mass": 40 tonnes, 1.2 Mt; "percent"; "money"), or an amount
    beside the unit's name (a table row: "Exports (tonnes): 305")."""
    if kind == "mass":
        found = _MASS.search(text) is not None
    elif kind == "percent":
        found = any(f.percent for f in figures(text))
    elif kind == "money":
        found = any(f.currency for f in figures(text))
    elif kind == "unit price":  # "US$63 per kilogram", "850,000 yuan a tonne", a row of "Price (US$/kg): 63"
        return _PER_UNIT.search(text) is not None and (
            any(f.currency for f in figures(text))
            or (_CURRENCY_PER.search(text) is not None and any(not YEAR.fullmatch(f.raw) for f in figures(text))))
    else:
        return True
    unit = {"mass": _MASS_ASKED, "percent": _PERCENT_ASKED, "money": _MONEY_ASKED}[kind]
    # (a unit a price is quoted by, "40 crowns per tonne", names no mass)
    named = (unit.search(_PER_UNIT.sub(" ", text) if kind == "mass" else text) is not None
             or (kind == "mass" and _MASS_HEADER.search(text) is not None))
    return found or (named and any(not YEAR.fullmatch(f.raw) for f in figures(text)))


# a percentage that tells a change, not a share: "+31.4%", "up 5%", "fell by 12%", "8% lower", "20% from a year before"
_PERCENT_CHANGE = re.compile(
    r"(?:[+\u2212-]\s?|\b(?:up|down|rose|fell|risen|fallen|grew|dropped|jumped|increased|decreased|climbed|slid|"
    r"gained|lost)\b(?:\s+(?:by|about|some|nearly|almost|more than|over))*\s+)\d[\d.,]*\s?(?:%|per ?cent\b|percent\b)"
    r"|\d[\d.,]*\s?(?:%|per ?cent\b|percent\b)\s+(?:up|down|higher|lower|more|less|above|below|from|on|year)\b",
    re.IGNORECASE)
# a share told in words ("about a third", "most of", "nearly all")
_SHARE_WORDS = re.compile(r"\b(?:half|third|quarter|fifth|tenth|two-thirds|three-quarters|most|majority|bulk|"
                          r"nearly all|almost all|all but|share|dominat\w*|monopoly)\b", re.IGNORECASE)


def states_share(text: str) -> bool:
    """Whether a text states a share: a percentage that is not a change ("94% of magnet making", not "+31.4% year on
    year"), or a share in words ("about a third", "most of", "a monopoly")."""
    rest = _PERCENT_CHANGE.sub(" ", text)
    return any(f.percent for f in figures(rest)) or _SHARE_WORDS.search(rest) is not None


def normalised(text: str) -> set[str]:
    """Figures as comparable strings ("1,238" -> "1238", "98 per cent" -> "98%", "US$1.4 billion" -> "1400000000")."""
    out = set()
    for f in figures(text):
        number = f"{f.value:.6f}".rstrip("0").rstrip(".")
        out.add(number + ("%" if f.percent else ""))
    return out


def missing_figures(sentence: str, evidence: str) -> list[str]:
    """Figures of a sentence that the evidence text does not contain (after normalisation)."""
    known = figures(evidence, number_words=True)
    return [f.raw for f in figures(sentence) if not any(f.matches(k) for k in known)]


_AMOUNT = re.compile(r"(?:US\$|\$|€|£|C\$|A\$|¥)\s?\d|\d[\d,.]*\s?(?:%|per ?cent|percent|million|billion|bn|"
                     r"trillion|tonnes?|tons?|t\b|kt|kg|yuan|dollars|euros|years?|months?|GW|TWh|MW|times|-fold)"
                     r"|\b\d{1,3}(?:,\d{3})+\b|\b\d+\.\d+\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], start=1)}
_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_YEAR = re.compile(rf"\b({_MONTH}) ((?:19|20)\d{{2}})\b", re.IGNORECASE)
# a month written short ("Oct 2031", "3 Sept. 2031", "since Jan"): followed by a day or year, or after a word of time
_SHORTS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_SHORT_MONTH = re.compile(rf"\b({_SHORTS})\.?"
                          r"(?=\s+\d{1,2}(?:st|nd|rd|th)?\b|\s+(?:19|20)\d{2}\b|,\s+(?:19|20)\d{2}\b)", re.IGNORECASE)
# a range of months with a short one in it ("Feb-Jun", "Sept. to Nov"): both ends are months
_MONTH_RANGE = re.compile(rf"\b({_MONTH}|{_SHORTS})\.?(\s*(?:-|–|—|to)\s*)({_MONTH}|{_SHORTS})\b(?:\.(?=\s*\d))?",
                          re.IGNORECASE)
_SHORT_MONTH_AFTER = re.compile(r"\b(in|since|from|by|until|before|after|early|late|mid-|end of)\s*"
                                rf"({_SHORTS})\.?(?=\s*[?,.;:!]|\s*$)",
                                re.IGNORECASE)


def spell_months(text: str) -> str:
    """The text with each month written short in full ("signed in Oct 2031" -> "signed in October 2031"), where a
    day, a year or a word of time shows it is a month ("Mar" in "the Mar Menor" is not March)."""
    def full(short: str) -> str:
        return next(m for m in MONTHS if m.startswith(short.lower()[:3])).capitalize()
    def whole(name: str) -> str:
        return name if name.lower() in MONTHS else full(name)
    text = _MONTH_RANGE.sub(lambda m: f"{whole(m.group(1))}{m.group(2)}{whole(m.group(3))}", text)
    text = _SHORT_MONTH.sub(lambda m: full(m.group(1)), text)
    return _SHORT_MONTH_AFTER.sub(
        lambda m: f"{m.group(1)}{'' if m.group(1).endswith('-') else ' '}{full(m.group(2))}", text)


_FIRST_DATE = re.compile(rf"\b(?:(\d{{1,2}}) )?({_MONTH}) ((?:19|20)\d{{2}})\b|\b((?:19|20)\d{{2}})\b")


_DATE = re.compile(rf"\b(?:\d{{1,2}} )?(?:{_MONTH})(?: \d{{1,2}})?(?:,? (?:19|20)\d{{2}})?\b|\b(?:19|20)\d{{2}}\b",
                   re.IGNORECASE)


# numbers that name a document rather than state an amount ("Announcement No. 18", "Section 232", "Order 14241")
_IDENTIFIER = re.compile(r"\b(?:No|Nos|Number|Section|Article|Order|Announcement|Decree|Proclamation|Regulation|"
                         r"Resolution|Report|Paper|Sheet|Annex|Phase|Round|Batch|Title)\.?\s*\d[\d/.-]*"
                         r"|\b(?:19|20)\d{2}/\d{2,5}\b",  # a year and a serial: "Regulation (EU) 2024/1252"
                         re.IGNORECASE)


@functools.lru_cache(maxsize=65536)  # pure; asked of the same evidence sentences for every pair compared
def amounts(text: str) -> frozenset[str]:
    """The figures a text states, less its dates, years and document numbers ("Announcement No. 18 of 3 March 2024
    took 40% of ..." -> {"40%"})."""
    return frozenset(normalised(_DATE.sub(" ", _IDENTIFIER.sub(" ", text))))


def month_years(text: str) -> set[str]:
    """The months a text names with their year, as "april 2025"."""
    return {f"{month.lower()} {year}" for month, year in MONTH_YEAR.findall(text)}


_DAY = re.compile(rf"\b(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+((?:19|20)\d{{2}})\b", re.IGNORECASE)


def days_named(text: str) -> set[str]:
    """The days a text names with their month and year, as "3 may 2029"."""
    return {f"{int(d)} {m.lower()} {y}" for d, m, y in _DAY.findall(text)}


# the end of a year ("by the end of 2031", "at the close of 2031", "at end-2031", "year-end 2031"): its last month
_YEAR_END = re.compile(r"\b(?:(?:the\s+)?(?:end|close)\s+of|end-|year-end)\s*((?:19|20)\d{2})\b", re.IGNORECASE)


def year_ends(text: str) -> set[str]:
    """The ends of years a text names, as their last month ("at the close of 2031": december 2031)."""
    return {f"december {year}" for year in _YEAR_END.findall(text)}


# the date a source spoke on ("Acme Review reported on 2 May 2031", "the ministry said in May 2031 that", "what did
# the review say in May 2031?")
_SPOKE = re.compile(r"\b(?:report(?:s|ed)?|say|says|said|notes?|noted|write|wrote|tell|told|state|stated|estimated|"
                    r"explained|cited)\s+(?:(?:on|in)\s+)?"
                    rf"(?:\d{{1,2}}\s+)?(?:{_MONTH})\s+(?:19|20)\d{{2}}\b", re.IGNORECASE)


def spoken_months(text: str) -> set[str]:
    """The months a text gives as when a source spoke ("Acme Review reported on 2 May 2031": may 2031)."""
    return month_years(" ".join(_SPOKE.findall(text)))


def told_months(text: str) -> set[str]:
    """The months a sentence tells of: those it names but as when its source spoke ("exports fell in April 2031,
    Acme Review reported on 2 May 2031": april 2031)."""
    return month_years(_SPOKE.sub(" ", text))


def first_date(text: str) -> tuple[int, int, int] | None:
    """The first date a text states, as (year, month, day); a bare year counts as its start (month and day 0)."""
    match = _FIRST_DATE.search(text)
    if not match:
        return None
    if match.group(4):
        return int(match.group(4)), 0, 0
    return int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1) or 0)


@functools.lru_cache(maxsize=65536)  # pure; the answer path asks it of the same evidence sentences again and again
def has_figure(text: str) -> bool:
    """Whether a text states an amount (not just a date)."""
    return _AMOUNT.search(text) is not None


def years(text: str) -> set[str]:
    """The years (1900-2099) a text names."""
    return set(YEAR.findall(text))


def number(cell: str) -> float | None:
    """The single number of a table cell ("132,000", "58-70%" -> 58.0, "US$1.2 billion" -> 1.2e9), else None."""
    found = figures(cell)
    if not found:
        return None
    return found[0].value


# a sentence's attribution ("Reuters reported on 2 March 2026 that ...", "According to the review in May 2025, ..."):
# its date is when the source spoke, not when the event happened
_SAID = (r"(?:reported|said|announced|noted|wrote|found|estimated|stated|confirmed|argued|warned|recorded|showed|"
         r"summari[sz]ed|explained|told|added|observed|concluded)")
# (the speaker may name whom it relays, "Acme Wire, citing the Gazette, reported ... that"; a speech verb may take its
# clause without "that", "a fact sheet of 3 May 2031 said Ruritania would ...")
_ATTRIBUTION = re.compile(r"^(?:according to [^,]{1,120},\s*|[^,]{1,120}?(?:,\s*(?:citing|quoting) [^,]{1,80},\s*)?"
                          r"\b" + _SAID + r"\b[^,]{0,60}?\bthat\s+|[^,]{1,120}?\b(?:said|says|wrote|noted|stated|"
                          r"argued|warned)\s+(?=(?-i:[A-Z])))", re.IGNORECASE)
# (a source's name may hold a comma before a capital: "according to the Ministry of Tin, Zinc and Lead")
_TRAILING_ATTRIBUTION = re.compile(r",\s*(?:according to (?:[^,]|,(?=\s+(?-i:[A-Z]))){1,120}|[^,]{1,80}?\b" + _SAID
                                   + r"\b[^,]{0,40})\.?\s*$", re.IGNORECASE)


# a relay of the attribution inside a sentence (", as summarised by Acme Review,", "as reported by the Gazette, ")
_RELAYED = re.compile(r"(?:^|,\s*)as (?:summari[sz]ed|reported|cited|quoted|carried|noted|relayed) (?:by|in) "
                      r"[^,]{1,80},\s*", re.IGNORECASE)


# the date a source came out ("a review published on 3 May 2031 put ...", "an Acme commentary of 3 May 2031,
# summarised by ..., put ..."), or the date a search was made ("no source found by December 2031 ...", "as of March
# 2031"): when someone spoke or looked, not what it tells of
_DOCUMENT = (r"commentary|report|review|note|paper|statement|release|briefing|presentation|alert|assessment|analysis|"
             r"article|interview")
_PUBLISHED = re.compile(r"\b(?:(?:published|dated)\s+(?:on\s+|in\s+)?|(?:found|searched|available)\s+"
                        r"(?:by|in|as of)\s+|[Aa]s of\s+|(?:" + _DOCUMENT + r")\s+of\s+(?=\d{1,2}\s+[A-Z]))"
                        r"(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\s+)?(?:\d{1,2},?\s+)?(?:19|20)\d\d\b")


# the month a document came out, named before it ("Acme Review's May 2031 digest put ..."): when it spoke, as above
_DATED_DOCUMENT = re.compile(rf"\b(?:{_MONTH})\s+(?:19|20)\d\d(?=\s+(?:{_DOCUMENT}|digest|summary|update|bulletin)\b)")


# a publication's title ending in its year ("the Mineral Commodity Summaries 2031", "World Energy Outlook 2030"), or
# an edition named by its year ("the survey's 2031 edition"): the year names the edition, not what it tells of
_EDITION = re.compile(r"\b(?:Summaries|Summary|Outlook|Report|Review|Survey|Yearbook|Edition|Statistics|Assessment|"
                      r"Factbook)\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d\s+(?=(?i:edition)\b)")


# a document's number that starts with its year ("Fact Sheet 2031-3078", "Open-File Report 2031-1057"; not a span
# of years, "2028-2031"): the year names the document, not what it tells of
_DOCUMENT_NUMBER = re.compile(r"\b(?:19|20)\d\d-(?!(?:19|20)\d\d\b)\d{3,}\b")


# a time told from the day the source spoke ("the minister would visit that week", "shipments resume today"): the
# attribution's date is the event's too
_RELATIVE_TIME = re.compile(r"\b(?:(?:that|this|the same|the following|next|later that|earlier that)\s+(?:week|month|"
                            r"day|morning|afternoon|evening|weekend)|today|tomorrow|yesterday)\b", re.IGNORECASE)
_A_DATE = re.compile(rf"(?:\d{{1,2}}\s+)?(?:(?:{_MONTH})\s+)?(?:19|20)\d\d\b")


def publication_years(text: str) -> list[tuple[int, int]]:
    """The spans of the years in a text that date or name a document rather than what it tells of ("the outlook
    published in 2030", "the Minerals Yearbook 2031", "Fact Sheet 2031-3078"), as ``told`` leaves them out."""
    spans = []
    for pattern in (_PUBLISHED, _DATED_DOCUMENT, _EDITION, _DOCUMENT_NUMBER):
        for match in pattern.finditer(text):
            spans += [(match.start() + y.start(), match.start() + y.end()) for y in YEAR.finditer(match.group(0))]
    return spans


def told(text: str) -> str:
    """A sentence without its attribution, at its start or its end ("..., the review said in May 2025."), without
    a relay of it (", as summarised by Acme Review,"), without the date its source was published (also when named
    before it, "Acme Review's May 2031 digest"), without the year in an edition's title ("the Minerals Yearbook
    2031") and without a document number's year ("2031-3078"). A time told from the day the source spoke ("that
    week") keeps the attribution's date, at the end: "Acme said on 3 May 2031 that the minister would visit that
    week" -> "the minister would visit that week (3 May 2031)"."""
    relative = _RELATIVE_TIME.search(text) is not None
    lead = _ATTRIBUTION.match(text) if relative else None
    trail = _TRAILING_ATTRIBUTION.search(text) if relative else None
    text = _RELAYED.sub(lambda m: " " if m.group(0).startswith(",") else "", _ATTRIBUTION.sub("", text, count=1))
    text = _DATED_DOCUMENT.sub("", _PUBLISHED.sub("", _TRAILING_ATTRIBUTION.sub("", text)))
    text = _DOCUMENT_NUMBER.sub("", _EDITION.sub("", text))
    if relative and _RELATIVE_TIME.search(text):
        spoke = next((d.group(0) for m in (lead, trail) if m is not None for d in [_A_DATE.search(m.group(0))]
                      if d is not None), None)
        if spoke:
            text = f"{text.rstrip().rstrip('.')} ({spoke})."
    return text


_PERIOD_HEADERS = frozenset({"period", "date", "year", "month", "data year"})


def told_years(text: str) -> set[str]:
    """The years a sentence tells of: those it names outside its attribution. For a table row written as a sentence
    ("Heading: Col: value; Col: value."), its heading's year counts when it names one, and a year in a column's name
    counts only where the cell states an amount:
    "Change from 2030: up" tells nothing of 2030, "Output 2031 (t): 40" tells of 2031; nor does a "Year" column
    after the "Source" column of a row that dates its figure in a period column before it ("Period: 2030; Value: 40;
    Source: Acme Review; Year: 2031"), which gives the year the source came out."""
    row = row_pairs(text)
    if row is None:
        return years(told(text))
    heading, pairs = row
    # ("Output by country, 2030 (Acme Survey 2031 edition)": 2030; a heading spanning years, "Output, 2020 to 2031",
    # dates no one row: its cells do)
    heading_years = years(told(heading))
    out = heading_years if len(heading_years) == 1 else set()
    headers = [header.strip().lower() for header, _ in pairs]
    for i, (header, cell) in enumerate(pairs):
        if (headers[i] == "year" and "source" in headers[:i]
                and any(headers[j] in _PERIOD_HEADERS and years(pairs[j][1]) for j in range(i))):
            continue
        out |= years(cell)
        if any(not YEAR.fullmatch(f.raw) for f in figures(cell)):
            out |= years(header)
    return out


def row_pairs(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """A table row written as a sentence ("Heading: Col: value; Col: value."): its heading and (column, cell) pairs;
    None for prose."""
    parts: list[str] = []
    for part in text.rstrip(".").split("; "):  # (a cell may hold "; " itself: "Backers: DoD; GM")
        if ": " in part or not parts:
            parts.append(part)
        else:
            parts[-1] += "; " + part
    if len(parts) < 2 or not all(": " in part for part in parts):
        return None
    pieces = parts[0].split(": ")
    pairs = [(pieces[-2], pieces[-1])]
    for part in parts[1:]:
        header, _, cell = part.partition(": ")
        pairs.append((header, cell))
    return ": ".join(pieces[:-2]), pairs
