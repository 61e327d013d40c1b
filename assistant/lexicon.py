"""Domain words the answerer recognises without an LLM: minerals and countries, with their common variants."""

from __future__ import annotations

import re

MINERALS = {
    "rare earths": ["rare earths", "rare earth", "rare-earth", "rare-earths", "REE", "REEs", "lanthanides"],
    "magnets": ["magnets", "magnet", "NdFeB", "permanent magnets"],
    "ndpr": ["NdPr", "neodymium-praseodymium"],
    "neodymium": ["neodymium", "NdFeB", "NdPr", "neodymium-iron-boron"],
    "praseodymium": ["praseodymium", "NdPr"],
    "samarium": ["samarium", "SmCo", "samarium-cobalt"],
    "heavy rare earths": ["heavy rare earths", "heavy rare earth"],
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
_COUNTRIES = [
    "Afghanistan", "Albania", "Algeria", "Angola", "Argentina", "Armenia", "Austria", "Azerbaijan", "Bangladesh",
    "Belarus", "Belgium", "Bolivia", "Botswana", "Brazil", "Bulgaria", "Burundi", "Cambodia", "Cameroon", "Canada",
    "Chile", "Colombia", "Croatia", "Cuba", "Cyprus", "Czechia", "Denmark", "Ecuador", "Egypt", "Estonia",
    "Ethiopia", "Finland", "France", "Gabon", "Georgia", "Germany", "Ghana", "Greece", "Greenland", "Guinea",
    "Guyana", "Hungary", "Iceland", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Jordan",
    "Kazakhstan", "Kenya", "Kyrgyzstan", "Laos", "Latvia", "Lithuania", "Luxembourg", "Madagascar", "Malawi",
    "Malaysia", "Mali", "Mauritania", "Mexico", "Mongolia", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nepal",
    "Netherlands", "Nigeria", "Norway", "Oman", "Pakistan", "Panama", "Peru", "Philippines", "Poland", "Portugal",
    "Qatar", "Romania", "Rwanda", "Senegal", "Serbia", "Singapore", "Slovakia", "Slovenia", "Somalia", "Spain",
    "Sudan", "Suriname", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Tunisia",
    "Turkey", "Türkiye", "Turkmenistan", "Uganda", "Ukraine", "Uruguay", "Uzbekistan", "Venezuela", "Vietnam",
    "Yemen", "Zambia", "Zimbabwe", "Quad", "G7", "NATO", "ASEAN",
]
_COUNTRIES += ["New Zealand", "South Africa", "North Korea", "Sri Lanka", "Sierra Leone", "Papua New Guinea",
               "United Arab Emirates", "Dominican Republic", "Ivory Coast", "Czech Republic", "Costa Rica"]
for _name in _COUNTRIES:
    COUNTRIES.setdefault(_name, [_name])


# Places inside a country: a passage naming one of them is about that country ("Ontario" answers "in Canada?").
REGIONS = {
    "Canada": ["Ontario", "Quebec", "Québec", "British Columbia", "Alberta", "Saskatchewan", "Manitoba", "Nova Scotia",
               "New Brunswick", "Newfoundland", "Yukon", "Nunavut", "Northwest Territories", "Ottawa", "Toronto",
               "Vancouver", "Montreal", "Canadian"],
    "Australia": ["Western Australia", "Queensland", "New South Wales", "Victoria", "Northern Territory",
                  "South Australia", "Tasmania", "Perth", "Sydney", "Melbourne", "Kalgoorlie", "Mount Weld", "Mt Weld"],
    "United States": ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
                      "Florida", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
                      "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana",
                      "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
                      "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina",
                      "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Wisconsin", "Wyoming",
                      "Mountain Pass", "Fort Worth"],
    "China": ["Inner Mongolia", "Baotou", "Jiangxi", "Ganzhou", "Guangdong", "Guangxi", "Sichuan", "Yunnan", "Fujian",
              "Shanghai", "Guangzhou", "Shenzhen", "Hong Kong"],
    "Malaysia": ["Kuantan", "Pahang", "Kuala Lumpur"],
    "Japan": ["Osaka", "Senkaku"],
    "Brazil": ["Minas Gerais", "Goiás", "Goias", "Brasília"],
    "Greenland": ["Nuuk", "Kvanefjeld", "Tanbreez"],
}

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
    "White House": ["White House", "Trump administration", "President Trump", "Trump"],
    "World Trade Organization": ["World Trade Organization", "WTO"],
}


def _pattern(variants: list[str], case_sensitive: bool) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", 0 if case_sensitive else re.IGNORECASE)


# Countries match case-sensitively ("US" is a country, "us" is not); minerals do not.
_MINERAL_PATTERNS = {name: _pattern(v, False) for name, v in MINERALS.items()}
_COUNTRY_PATTERNS = {name: _pattern(v, True) for name, v in COUNTRIES.items()}
_ALIAS_PATTERNS = {name: _pattern(v, False) for name, v in ALIASES.items()}
VARIANTS = {**{k: v for k, v in MINERALS.items()}, **COUNTRIES, **ALIASES}
_ANY_VARIANT = {name: _pattern(v + REGIONS.get(name, []), name in COUNTRIES) for name, v in VARIANTS.items()}


def mentions(text: str, name: str) -> bool:
    """Whether a text names an entity (by any of its variants)."""
    pattern = _ANY_VARIANT.get(name)
    if pattern is None:
        return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE) is not None
    return pattern.search(text) is not None


# Group words that say what the whole corpus is about; they never narrow a question down on their own.
GENERIC = frozenset({"rare earths", "magnets", "critical minerals"})


def find_entities(text: str) -> dict[str, list[tuple[str, int, int]]]:
    """Minerals, countries and aliased names in a text: {kind: [(canonical name, start, end), ...]}."""
    found: dict[str, list[tuple[str, int, int]]] = {"mineral": [], "country": [], "alias": []}
    taken: list[tuple[int, int]] = []
    for kind, patterns in (("alias", _ALIAS_PATTERNS), ("mineral", _MINERAL_PATTERNS), ("country", _COUNTRY_PATTERNS)):
        spans = []
        for name, pattern in patterns.items():
            for m in pattern.finditer(text):
                spans.append((m.start(), m.end(), name))
        for start, end, name in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
            if any(start < e and end > s for s, e in taken):
                continue
            taken.append((start, end))
            found[kind].append((name, start, end))
    return found


def expand_aliases(text: str) -> str:
    """The text plus the canonical names of the aliases it uses ("Pentagon" adds "Department of Defense")."""
    names = [name for name, _, _ in find_entities(text)["alias"]]
    extra = [n for n in dict.fromkeys(names) if n.lower() not in text.lower()]
    return text + (" " + " ".join(extra) if extra else "")
