"""Build ``evals/verifier_set.jsonl``: labelled supported and unsupported sentences from the shipped corpus, for
calibrating and measuring the sentence verifier (``assistant/verify.py``).

Each item: ``sentence``, ``citations`` (numbers into ``passages``), ``passages`` (text, evidence sentences, context:
title, heading and publishers), ``label`` (``supported`` | ``unsupported``), ``kind`` (how it was made), ``doc_id``
and ``split`` (``calibration`` | ``test``, by document, so the two halves share no note).

Supported: corpus sentences citing their own passage (``verbatim``), light programmatic paraphrases (attribution
moved, figures rewritten in another format, synonyms, clause dropped) and hand-written paraphrases. Unsupported:
figures changed, entities swapped, cited to another note's passage (a random one, or one about the same mineral),
negated, uncited, out-of-range citation, paraphrased with a changed figure, and hand-written plausible inventions.

    python evals/build_verifier_set.py            # writes evals/verifier_set.jsonl
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.chunking import Chunker  # noqa: E402
from assistant.corpus import load_note, note_paths  # noqa: E402
from assistant.lexicon import find_entities  # noqa: E402
from assistant.settings import Settings  # noqa: E402

OUT = ROOT / "evals" / "verifier_set.jsonl"
SEED = 6


@dataclass
class Source:
    doc_id: str
    minerals: list[str]
    passage: dict[str, Any]
    sentence: str


# -- hand-written items: (doc id, a phrase of the passage's sentence, the sentence, label, kind) -------------------
HAND: list[tuple[str, str, str, str]] = [
    # supported paraphrases, as an LLM would write them
    ("eu-critical-raw-materials-act", "EU processing should cover at least 40%",
     "White & Case wrote in 2025 that the CRMA's 2030 benchmark calls for EU processing to cover at least 40% of "
     "annual strategic raw material consumption.", "supported"),
    ("us-critical-minerals-list-changes", "contained 50 critical minerals",
     "The USGS's February 2022 list had 50 critical minerals, which was 15 more than the 2018 list.", "supported"),
    ("rare-earths-in-defense", "about 920 pounds",
     "Each F-35 contains about 920 pounds of rare earths, Metal Tech News reported in July 2025.", "supported"),
    ("rare-earth-magnet-capacity-projects-us", "10,000 tonnes a year",
     "USA Rare Earth's Stillwater project in Oklahoma would lift NdFeB magnet capacity to 10,000 tonnes per year, "
     "the Commerce Department said in January 2026.", "supported"),
    ("gallium-germanium-antimony-tungsten-supply", "up 228% in 2024",
     "Antimony trioxide prices in Rotterdam rose 228% in 2024 to US$39,000 per tonne by 28 November 2024, according "
     "to Argus data cited by Reuters.", "supported"),
    ("partnership-membership", "launched on 14 June 2022 with ten countries",
     "The Minerals Security Partnership started on 14 June 2022 with ten countries plus the European Union.",
     "supported"),
    ("china-antimony-controls-2024", "impose export controls on antimony and related items",
     "On 15 August 2024, China's commerce ministry announced export controls on antimony starting 15 September 2024, "
     "Reuters reported.", "supported"),
    ("dod-mp-materials-deal-2025", "pays MP Materials the difference",
     "Project Blue said the Department of Defense covers the gap between benchmark NdPr prices and US$110 per "
     "kilogram under the July 2025 floor.", "supported"),
    ("heavy-rare-earth-processing-monopoly", "allocated about US$258 million",
     "The Pentagon allocated roughly US$258 million to the heavy rare earth part of Lynas's plant in Seadrift, "
     "Texas, Magnetics Magazine reported in 2023.", "supported"),
    ("rare-earth-prices-over-time", "reached 850,000 yuan per tonne",
     "China's NdPr oxide benchmark hit 850,000 yuan per tonne, about US$123 per kilogram, Reuters reported on 18 "
     "February 2026.", "supported"),
    ("msp-finance-network", "would replace the Minerals Security Partnership",
     "FORGE, launched on 4 February 2026 at the Critical Minerals Ministerial, was to replace the Minerals Security "
     "Partnership, the Federal Newswire reported.", "supported"),
    ("china-october-2025-export-control-package", "logic chips of 14 nanometres",
     "China's October 2025 rules linked rare earth licensing to advanced chipmaking, meaning logic chips of 14 "
     "nanometres or below or memory chips with 256 or more layers.", "supported"),
    ("rare-earth-magnets-in-data-centres", "cut greenhouse gas emissions by about 95%",
     "A life-cycle analysis reported by TechEDT found that the hard-drive recycling process cut greenhouse gas "
     "emissions by about 95% compared with conventional mining.", "supported"),
    ("magnet-substitution-and-rare-earth-free-motors", "held over 80% of the motor market",
     "Permanent magnet motors still held over 80% of the motor market in 2023, according to Rho Motion.",
     "supported"),
    ("executive-order-14241-mineral-production", "tasked the Export-Import Bank",
     "Industry Intel reported in 2025 that Executive Order 14241 gave the Export-Import Bank of the United States a "
     "role in supporting domestic mineral production by securing raw material feedstock.", "supported"),
    ("heavy-rare-earth-processing-monopoly", "only alternative heavy rare earth refinery closed",
     "Vietnam's only alternative heavy rare earth refinery shut in 2024 over a tax dispute, according to the CSIS "
     "report summarised by ShareCafe.", "supported"),
    ("apple-mp-materials-agreement", "rare earth materials are essential to advanced technology",
     "Tim Cook said in July 2025 that rare earth materials are essential to advanced technology.", "supported"),
    ("us-bilateral-minerals-agreements", "seven letters of interest",
     "Under the US-Australia framework, the US Export-Import Bank was to issue seven letters of interest worth more "
     "than US$2.2 billion, CNBC reported on 20 October 2025.", "supported"),
    ("g7-critical-minerals-action-plan", "first round covered graphite, rare earth and scandium projects",
     "According to Natural Resources Canada, the first round in October 2025 included graphite, rare earth and "
     "scandium projects, with government offtake deals for Nouveau Monde Graphite and Rio Tinto.", "supported"),
    ("semiconductor-materials-tungsten-and-quartz", "Spruce Pine quartz is also used to make solar panels",
     "Spruce Pine quartz also goes into solar panels and fibre-optic cables, the Associated Press reported in "
     "October 2024.", "supported"),
    ("rare-earth-magnet-demand-outlook", "forecast NdFeB demand growth of 7.5% a year",
     "Adamas Intelligence's 2023 edition projected that NdFeB demand would grow 7.5% a year from 2023 to 2040, "
     "according to Green Car Congress.", "supported"),
    ("doe-critical-minerals-funding-2025", "imported all of its supply of 12 of 50 critical minerals",
     "A Department of Energy document showed that in 2023 the United States relied entirely on imports for 12 of 50 "
     "critical minerals, Supply Chain Dive reported.", "supported"),
    ("china-share-of-battery-minerals", "cobalt refining outside China had stagnated",
     "Darton Commodities said in 2023 that cobalt refining outside China had stalled at about 40,000 tonnes.",
     "supported"),
    ("ira-30d-critical-mineral-requirements", "not available for vehicles acquired after 30 September 2025",
     "According to the IRS, vehicles acquired after 30 September 2025 can no longer get the Section 30D new clean "
     "vehicle credit.", "supported"),
    ("china-export-control-timeline", "put seven medium and heavy rare earths and their magnets under export",
     "Holland & Knight said China's Announcement No. 18 of 4 April 2025 placed seven medium and heavy rare earths and "
     "their magnets under export licensing.", "supported"),
    ("us-critical-minerals-list", "draft contained 54 commodities",
     "The August 2025 draft from Interior listed 54 commodities and proposed adding potash, silicon, copper, silver, "
     "rhenium and lead.", "supported"),
    ("rare-earths-in-defense", "magnets made from light rare earths are critical to precision-guided munitions",
     "In 2020 the US Department of Defense described magnets made from light rare earths as critical to "
     "precision-guided munitions and electric vehicle drivetrain motors.", "supported"),
    ("rare-earth-magnets-in-data-centres", "were among the companies sampling Niron",
     "Stellantis, Samsung, Allison Transmission and Magna were among companies testing Niron's rare-earth-free "
     "magnets, Samarium.dev reported in September 2025.", "supported"),
    ("msp-finance-network", "brings together the development finance institutions",
     "The joint statement of 23 September 2024 says the MSP Finance Network joins up the development finance "
     "institutions and export credit agencies of Minerals Security Partnership governments.", "supported"),
    ("australia-critical-minerals-strategic-reserve", "direct Export Finance Australia",
     "The Strategic Reserve Act 2026 allows the Australian government to direct Export Finance Australia to handle "
     "the reserve's financial and contractual work, according to the IEA.", "supported"),
    ("china-october-2025-export-control-package", "made up 0.1% or more of the value",
     "Under China's Announcement No. 61 of October 2025, foreign-made magnets and target materials needed licences "
     "when Chinese-origin rare earths made up 0.1% or more of their value, Crowell & Moring said.", "supported"),
    ("data-centre-electricity-and-mineral-demand", "sum to 416 TWh for 2024",
     "The IEA base-case regional figures add up to 416 TWh for 2024 and 946 TWh for 2030, close to the IEA's rounded "
     "415 TWh and 945 TWh.", "supported"),
    # unsupported: plausible inventions and distortions
    ("g7-critical-minerals-action-plan", "first round covered graphite, rare earth and scandium projects",
     "Natural Resources Canada said the October 2025 first round covered only graphite projects and left out rare "
     "earths.", "unsupported"),
    ("semiconductor-materials-tungsten-and-quartz", "Spruce Pine quartz is also used to make solar panels",
     "The Associated Press reported in October 2024 that Spruce Pine quartz is mainly used to make car batteries.",
     "unsupported"),
    ("rare-earth-magnet-demand-outlook", "forecast NdFeB demand growth of 7.5% a year",
     "Adamas Intelligence's 2023 edition forecast that NdFeB demand would shrink by 7.5% a year over 2023-2040.",
     "unsupported"),
    ("doe-critical-minerals-funding-2025", "imported all of its supply of 12 of 50 critical minerals",
     "A Department of Energy document showed that the United States exported its entire output of 12 of 50 critical "
     "minerals in 2023.", "unsupported"),
    ("china-share-of-battery-minerals", "cobalt refining outside China had stagnated",
     "Darton Commodities said in 2023 that cobalt refining outside China had doubled to about 40,000 tonnes.",
     "unsupported"),
    ("ira-30d-critical-mineral-requirements", "not available for vehicles acquired after 30 September 2025",
     "The IRS states that the Section 30D credit was extended for vehicles acquired after 30 September 2025.",
     "unsupported"),
    ("china-export-control-timeline", "put seven medium and heavy rare earths and their magnets under export",
     "China's Announcement No. 18 of 4 April 2025 banned all exports of light rare earths, according to Holland & "
     "Knight.", "unsupported"),
    ("us-critical-minerals-list", "draft contained 54 commodities",
     "Interior's August 2025 draft removed copper and silver from its list of 54 commodities.", "unsupported"),
    ("rare-earths-in-defense", "magnets made from light rare earths are critical to precision-guided munitions",
     "The US Department of Defense said in 2020 that precision-guided munitions use magnets made from recycled heavy "
     "rare earths.", "unsupported"),
    ("rare-earth-magnets-in-data-centres", "were among the companies sampling Niron",
     "Stellantis and Samsung signed contracts to buy all of Niron's rare-earth-free magnets, Samarium.dev reported "
     "in September 2025.", "unsupported"),
    ("msp-finance-network", "brings together the development finance institutions",
     "According to the joint statement of 23 September 2024, the MSP Finance Network is a private investment fund "
     "run by commercial banks.", "unsupported"),
    ("australia-critical-minerals-strategic-reserve", "direct Export Finance Australia",
     "The Strategic Reserve Act 2026 lets Export Finance Australia decide which minerals the government must "
     "stockpile, according to the IEA.", "unsupported"),
    ("china-october-2025-export-control-package", "made up 0.1% or more of the value",
     "China's Announcement No. 61 of October 2025 exempted foreign-made magnets from licensing when Chinese-origin "
     "rare earths made up 0.1% or more of their value.", "unsupported"),
    ("data-centre-electricity-and-mineral-demand", "sum to 416 TWh for 2024",
     "The IEA expects data-centre electricity use to fall from 946 TWh in 2024 to 416 TWh in 2030.", "unsupported"),
    ("eu-critical-raw-materials-act", "EU processing should cover at least 40%",
     "The Critical Raw Materials Act requires EU processing to cover at least 50% of annual consumption of "
     "strategic raw materials by 2030.", "unsupported"),
    ("rare-earths-in-defense", "about 920 pounds",
     "Each F-35 contains about 920 kilograms of rare earths, Metal Tech News reported in July 2025.", "unsupported"),
    ("china-antimony-controls-2024", "impose export controls on antimony and related items",
     "China's commerce ministry lifted all export controls on antimony on 15 September 2024, Reuters reported.",
     "unsupported"),
    ("dod-mp-materials-deal-2025", "pays MP Materials the difference",
     "The Department of Defense pays MP Materials a fixed US$110 per kilogram for all of its magnets, according to "
     "Project Blue.", "unsupported"),
    ("rare-earth-prices-over-time", "reached 850,000 yuan per tonne",
     "China's NdPr oxide benchmark collapsed to 850,000 yuan per tonne, Reuters reported on 18 February 2026.",
     "unsupported"),
    ("heavy-rare-earth-processing-monopoly", "allocated about US$258 million",
     "The US Department of Defense allocated about US$258 million to build a magnet factory in Brazil.",
     "unsupported"),
    ("apple-mp-materials-agreement", "rare earth materials are essential to advanced technology",
     "Tim Cook said in July 2025 that Apple would stop using rare earth magnets in iPhones by 2027.", "unsupported"),
    ("rare-earth-magnets-in-data-centres", "cut greenhouse gas emissions by about 95%",
     "Recycling hard drives costs about 95% less than conventional mining, according to TechEDT.", "unsupported"),
    ("magnet-substitution-and-rare-earth-free-motors", "held over 80% of the motor market",
     "Magnet-free motors from Nissan and ZF held over 80% of the motor market in 2023.", "unsupported"),
    ("us-critical-minerals-list-changes", "contained 50 critical minerals",
     "The USGS list of 22 February 2022 dropped copper because demand for it was falling.", "unsupported"),
    ("msp-finance-network", "would replace the Minerals Security Partnership",
     "FORGE was launched by India at the 4 February 2026 Critical Minerals Ministerial.", "unsupported"),
    ("china-october-2025-export-control-package", "logic chips of 14 nanometres",
     "China's October 2025 rules banned all exports of memory chips with 256 or more layers.", "unsupported"),
    ("executive-order-14241-mineral-production", "tasked the Export-Import Bank",
     "Executive Order 14241 ordered the Export-Import Bank to take a 10% stake in every US mine.", "unsupported"),
    ("gallium-germanium-antimony-tungsten-supply", "up 228% in 2024",
     "Antimony trioxide prices in Rotterdam fell 228% in 2024, according to Reuters.", "unsupported"),
    ("us-bilateral-minerals-agreements", "seven letters of interest",
     "The US Export-Import Bank was to issue seven letters of interest worth more than US$2.2 billion to Canadian "
     "miners under a US-Canada framework.", "unsupported"),
    ("rare-earth-magnet-capacity-projects-us", "10,000 tonnes a year",
     "USA Rare Earth's Stillwater plant already makes 10,000 tonnes of NdFeB magnets every year.", "unsupported"),
    ("heavy-rare-earth-processing-monopoly", "only alternative heavy rare earth refinery closed",
     "Vietnam's only heavy rare earth refinery was expanded in 2024 with Japanese financing.", "unsupported"),
    ("china-antimony-controls-2024", "did not lift its ban on supplying dual-use items",
     "China's November 2025 suspension lifted its ban on supplying dual-use items to US military users, according "
     "to Evertiq.", "unsupported"),
    ("quad-critical-minerals-initiative", "three years after the group pledged",
     "The Quad initiative came five years after the group pledged to build clean-energy supply chains.",
     "unsupported"),
]
HAND_KINDS = {"supported": "hand_paraphrase", "unsupported": "hand_invented"}

# -- programmatic transformations -----------------------------------------------------------------------------
SYNONYMS = [(" said ", " stated "), (" reported ", " said "), (" about ", " around "), (" roughly ", " about "),
            (" more than ", " over "), (" rose ", " increased "), (" forecast ", " projected "),
            (" the world's ", " global "), (" announced ", " said "), (" would ", " will "), (" largest ", " biggest "),
            (" estimated ", " put "), (" required ", " obliged "), (" according to ", " citing ")]
OTHER_COUNTRIES = ["India", "Brazil", "Canada", "Japan", "Germany", "Indonesia", "Chile", "Russia", "Mexico", "Kenya"]
OTHER_MINERALS = ["cobalt", "lithium", "nickel", "tungsten", "antimony", "graphite", "copper", "gallium", "platinum"]
AUX = re.compile(r"\b(is|are|was|were|will|would|could|can|has|have|had|should|must)\b(?! not)")
VERBS = {"said": "say", "reported": "report", "announced": "announce", "estimated": "estimate", "stated": "state",
         "agreed": "agree", "approved": "approve", "signed": "sign", "imposed": "impose", "added": "add"}
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d,])")


def is_prose(sentence: str) -> bool:
    return sentence.count(": ") < 2 and 8 <= len(sentence.split()) <= 60


def move_attribution(s: str) -> str | None:
    m = re.match(r"^According to ([^,]+), (.+)\.$", s)
    if m:
        return f"{m.group(2)[0].upper()}{m.group(2)[1:]}, according to {m.group(1)}."
    m = re.match(r"^(.+?) (said|reported|stated|announced|estimated|wrote|noted) (in|on) ([^,]+?) that (.+)\.$", s)
    if m and len(m.group(1).split()) <= 8:
        return f"{m.group(3).capitalize()} {m.group(4)}, {m.group(1)} {m.group(2)} that {m.group(5)}."
    return None


def reformat_figures(s: str) -> str | None:
    out = s
    out = re.sub(r"(\d)%", r"\1 per cent", out)
    out = re.sub(r"US\$(\d+(?:\.\d+)?) billion", lambda m: f"US${float(m.group(1)) * 1000:,.0f} million", out)
    out = re.sub(r"US\$(\d{3,})(?: million)", lambda m: f"US${int(m.group(1)) / 1000:g} billion", out)
    out = re.sub(r"\b(\d{1,3}),(\d{3})\b(?!,)", r"\1\2", out)
    return out if out != s else None


def synonyms(s: str, rng: random.Random) -> str | None:
    options = [(a, b) for a, b in SYNONYMS if a in s]
    if not options:
        return None
    out = s
    for a, b in rng.sample(options, min(2, len(options))):
        out = out.replace(a, b, 1)
    return out


def drop_clause(s: str) -> str | None:
    out = re.sub(r",\s*(?:according to|as reported by)\s+[^,]+\.$", ".", s)
    out = re.sub(r",\s*[A-Z][\w.&' -]{1,40} (?:reported|said|noted)(?: on [^,.]+| in [^,.]+)?\.$", ".", out)
    return out if out != s and len(out.split()) >= 6 else None


def paraphrase(s: str, rng: random.Random) -> tuple[str, str] | None:
    ops = [("attribution", lambda x: move_attribution(x)), ("figures", reformat_figures),
           ("synonyms", lambda x: synonyms(x, rng)), ("drop_clause", drop_clause)]
    rng.shuffle(ops)
    out, used = s, []
    for name, op in ops:
        changed = op(out)
        if changed:
            out, used = changed, used + [name]
        if len(used) == 2:
            break
    return (out, "+".join(sorted(used))) if used else None


def change_figure(s: str, rng: random.Random) -> str | None:
    matches = list(NUMBER.finditer(s))
    if not matches:
        return None
    m = rng.choice(matches)
    whole, frac = m.group(1), m.group(2) or ""
    value = int(whole.replace(",", ""))
    if 1900 <= value <= 2100 and not frac:
        new = str(value + rng.choice([-3, -2, -1, 1, 2]))
    elif value == 0:
        new = str(rng.randint(2, 9))
    else:
        factor = rng.choice([0.5, 0.7, 1.3, 1.5, 2.0])
        changed = max(1, round(value * factor))
        if changed == value:
            changed = value + 1
        new = f"{changed:,}" if "," in whole else str(changed)
    return s[:m.start()] + new + frac + s[m.end():]


def swap_entity(s: str, context: str, rng: random.Random) -> str | None:
    found = find_entities(s)
    spans = [(kind, st, en) for kind in ("country", "mineral") for _, st, en in found[kind]]
    if not spans:
        return None
    kind, start, end = rng.choice(spans)
    pool = OTHER_COUNTRIES if kind == "country" else OTHER_MINERALS
    lowered = context.lower()
    choices = [c for c in pool if c.lower() not in lowered and c.lower() != s[start:end].lower()]
    if not choices:
        return None
    new = rng.choice(choices)
    original = s[start:end]
    if original.endswith("'s"):
        new += "'s"
    if kind == "mineral" and original[:1].isupper():
        new = new.capitalize()
    return s[:start] + new + s[end:]


def negate(s: str) -> str | None:
    m = AUX.search(s)
    if m:
        return s[:m.end()] + " not" + s[m.end():]
    for past, base in VERBS.items():
        m2 = re.search(rf"\b{past}\b", s)
        if m2:
            return s[:m2.start()] + f"did not {base}" + s[m2.end():]
    return None


# -- assembling -------------------------------------------------------------------------------------------------
def passage_record(chunk: Any, doc: Any) -> dict[str, Any]:
    publishers = " ".join(f"{s.publisher} {s.title}" for s in doc.sources)
    return {"text": chunk.text, "sentences": list(chunk.sentences),
            "context": f"{doc.title} {chunk.heading} {publishers}".strip()}


def split_of(doc_id: str) -> str:
    return "calibration" if int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def item(sentence: str, passages: list[dict[str, Any]], citations: list[int], label: str, kind: str,
         doc_id: str) -> dict[str, Any]:
    return {"sentence": sentence, "citations": citations, "passages": passages, "label": label, "kind": kind,
            "doc_id": doc_id, "split": split_of(doc_id)}


def build() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    chunker = Chunker(Settings().chunk_size)
    sources: list[Source] = []
    by_doc: dict[str, list[dict[str, Any]]] = {}
    minerals: dict[str, list[str]] = {}
    for path in note_paths(ROOT / "corpus"):
        doc, _ = load_note(path)
        if doc is None:
            continue
        minerals[doc.doc_id] = doc.minerals
        for chunk in chunker.split(doc):
            record = passage_record(chunk, doc)
            by_doc.setdefault(doc.doc_id, []).append(record)
            sources += [Source(doc.doc_id, doc.minerals, record, s) for s in chunk.sentences if is_prose(s)]
    rng.shuffle(sources)
    items: list[dict[str, Any]] = []
    quota = {"verbatim": 20, "paraphrase": 110, "figure_changed": 35, "entity_swapped": 35, "wrong_passage_random": 15,
             "wrong_passage_related": 20, "negated": 30, "uncited": 10, "out_of_range": 10,
             "paraphrase_figure_changed": 20}
    counts = dict.fromkeys(quota, 0)
    used: set[str] = set()

    def want(kind: str) -> bool:
        return counts[kind] < quota[kind]

    for src in sources:
        s, p, doc_id = src.sentence, src.passage, src.doc_id
        if s in used:
            continue
        context = p["text"] + " " + p["context"]
        made: tuple[str, list[dict[str, Any]], list[int], str, str] | None = None
        order = list(quota)
        rng.shuffle(order)
        for kind in order:
            if not want(kind):
                continue
            if kind == "verbatim":
                made = (s, [p], [1], "supported", kind)
            elif kind == "paraphrase":
                para = paraphrase(s, rng)
                made = (para[0], [p], [1], "supported", f"paraphrase:{para[1]}") if para else None
            elif kind == "figure_changed":
                changed = change_figure(s, rng)
                made = (changed, [p], [1], "unsupported", kind) if changed else None
            elif kind == "entity_swapped":
                swapped = swap_entity(s, context, rng)
                made = (swapped, [p], [1], "unsupported", kind) if swapped else None
            elif kind == "wrong_passage_random":
                other = rng.choice([d for d in by_doc if d != doc_id])
                made = (s, [rng.choice(by_doc[other])], [1], "unsupported", kind)
            elif kind == "wrong_passage_related":
                related = [d for d in by_doc if d != doc_id and set(minerals[d]) & set(src.minerals)]
                made = (s, [rng.choice(by_doc[rng.choice(related)])], [1], "unsupported", kind) if related else None
            elif kind == "negated":
                neg = negate(s)
                made = (neg, [p], [1], "unsupported", kind) if neg else None
            elif kind == "uncited":
                made = (s, [p], [], "unsupported", kind)
            elif kind == "out_of_range":
                made = (s, [p], [2], "unsupported", kind)
            elif kind == "paraphrase_figure_changed":
                para = paraphrase(s, rng)
                changed = change_figure(para[0], rng) if para else None
                made = (changed, [p], [1], "unsupported", kind) if changed else None
            if made:
                counts[kind] += 1
                break
        if made:
            used.add(s)
            items.append(item(made[0], made[1], made[2], made[3], made[4], doc_id))
        if not any(want(k) for k in quota):
            break
    for doc_id, phrase, sentence, label in HAND:
        passage = next((p for p in by_doc.get(doc_id, []) if any(phrase in s for s in p["sentences"])), None)
        if passage is None:
            raise SystemExit(f"hand-written item: no passage of {doc_id} contains {phrase!r}; fix HAND")
        items.append(item(sentence, [passage], [1], label, HAND_KINDS[label], doc_id))
    return items


def main() -> None:
    items = build()
    with OUT.open("w", encoding="utf-8") as f:
        for i, it in enumerate(items):
            f.write(json.dumps({"id": f"v{i:04d}", **it}, ensure_ascii=False) + "\n")
    labels = {lab: sum(1 for it in items if it["label"] == lab) for lab in ("supported", "unsupported")}
    kinds: dict[str, int] = {}
    for it in items:
        kinds[it["kind"].split(":")[0]] = kinds.get(it["kind"].split(":")[0], 0) + 1
    print(f"wrote {len(items)} items to {OUT.relative_to(ROOT)}: {labels}; kinds {kinds}")


if __name__ == "__main__":
    main()
