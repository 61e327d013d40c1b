"""The comparison plan: the sides side by side, each with its own sentence and figure, then context bullets."""

from __future__ import annotations

import itertools
import re

import numpy as np

from ...figures import MONTH_YEAR, YEAR, has_figure, measure_asked, states_measure, states_share, told, told_years
from ...lexicon import find_entities, mentions, names_of_kind
from ..evidence import Evidence
from ..query import QType, ResolvedQuery
from ..tables import Row, Table
from .base import STAGES, compared_stages, measure_columns
from .explanation import ExplanationPlan
from .shapes import Item, Plan, TablePick, _length

# what may stand between two minerals named in one phrase ("tin-zinc", "indium oxide"): a hyphen or one word that
# joins no two things
_ONE_PHRASE = r"\s*-\s*|\s+(?:(?!(?:and|or|vs|versus|than|with|to|against|over|from|for)\b)[\w-]+\s+)?"
# words that compare or tell a degree: a sentence with one weighs the sides ("prices nearly tripled, while ...")
_DEGREE = re.compile(r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|greater|most|least|times|twice|"
                     r"doubled?|tripled?|halved?|differ\w*|difference|gap|whereas|while|than|unlike|compared)\b",
                     re.IGNORECASE)


# a comparison of prices compares sums paid per unit ("how did tin prices in 2031 compare with 2020?")
_PRICES = re.compile(r"\bprice[sd]?\b", re.IGNORECASE)


def compared_measure(query: ResolvedQuery) -> str:
    """The kind of figure a comparison weighs the sides by (``figures.measure_asked``; prices are sums per unit),
    else ""."""
    return measure_asked(query.focus) or ("unit price" if _PRICES.search(query.focus) else "")


def compared_kind(query: ResolvedQuery) -> str:
    """The kind of the things a comparison sets side by side when all are countries or all minerals ("which mines
    more tin, Ruritania or Freedonia?": country), else "": the kinds a data note's table has one row for each of."""
    kinds = {e.name: e.kind for e in query.entities}
    sides = ComparisonPlan._sides(query)[:4]
    kind = kinds.get(sides[0], "") if len(sides) >= 2 else ""
    return kind if kind in ("country", "mineral") and all(kinds.get(side) == kind for side in sides) else ""


class ComparisonPlan(ExplanationPlan):
    """Answers a comparison: each side with its own sentence, then what else bears on it."""

    def comparison(self, query: ResolvedQuery, evidence: list[Evidence], best: float) -> Plan | None:
        """Each side with its own sentence (one with a figure, where there is one), then context bullets."""
        sides = self._sides(query)
        if len(sides) < 2:
            return None
        rows = self._rows(evidence)  # a table row is never written as "Column: value" prose
        pool = sorted((e for e in evidence if e.semantic >= self.s.relevance_gate and e not in rows),
                      key=lambda e: -e.score)
        bullets: list[Item] = []
        used: list[Evidence] = []
        years = set(query.dated) - set(sides)  # (two years as the sides are no period to keep to)
        measure = compared_measure(query)

        def in_period(e: Evidence) -> bool:
            """A sentence naming no year, or one the question asks about (not "2008-2009" for "after May 2024"); when
            its source spoke is no period."""
            named = told_years(e.text)
            return not years or not named or bool(named & years)

        things = self._owned_things(query, sides)
        for side in sides[:4]:
            # a sentence that names the side itself, with a figure where there is one among those answering nearly
            # as well (not a figure on something else the side's notes also tell); else one whose note does; of the
            # period asked about, where one is
            pick = None
            for period, own in itertools.product((True, False), repeat=2):
                # (not one told already, nor the same sentence from another note)
                found = [e for e in pool if all(e.text != u.text for u in used) and self._names(e, side, own_text=own)
                         and (in_period(e) or not period)]
                # (a side named with a thing of its own, "Acadia's Tin Fund", by a sentence on that thing, where
                # one is: not one on Acadia's other doings)
                if side in things:
                    found = [e for e in found if mentions(e.text, things[side])] or found
                if found:
                    # (a stage by a sentence stating a share, the measure stages are compared by, then by one on it
                    # alone: "Acme mines 30%" for mining, not "Acme holds less of mining than of smelting, 80%",
                    # whose figure is another stage's; each where it comes close)
                    alone = [e for e in found if side in STAGES and not any(
                        self._names(e, other, own_text=True) for other in sides if other != side)]
                    shares = [e for e in alone + found if side in STAGES and states_share(e.text)]
                    pick = next((e for e in shares + alone + found if has_figure(e.text)
                                 and e.score >= self.s.relative_cutoff * found[0].score), found[0])
                    # (a side weighed by a measure is told by a sentence on it alone stating that measure, where one
                    # passes the pool's gate: "how did tin prices in 2031 compare with 2020?" by one giving 2020's
                    # price, not by a closer one on 2031 that recalls 2020, nor by one giving 2020's output)
                    measured = [e for e in found if measure and states_measure(e.text, measure) and not any(
                        self._names(e, other, own_text=True) for other in sides if other != side)]
                    if measured and not (side in STAGES and shares):
                        pick = measured[0]
                    break
            if pick is None:
                return None
            used.append(pick)
            bullets.append(Item(pick, side[:1].upper() + side[1:]))
        # (the best of the sentences naming both sides that answer nearly as well, unless it compares nothing, stating
        # no figure and no degree, and another states a figure: "Acme holds 60% of mining and 90% of smelting", not
        # "Acme's rules cover mining and smelting from 2031")
        # (of the period asked about, where one is: "compare their 2031 output" is not led by 2032's estimate)
        # (... and of whom the question asks it, a country besides the sides: "Ruritania's tin mining against its
        # smelting" is not led by another country's mines)
        possessed = self._possessed(query)
        others = [c for c in query.names("country") if c not in sides and c not in possessed]
        naming_both = [e for e in pool if e not in used and all(self._names(e, s) for s in sides)
                       and e.score >= 0.8 * best and in_period(e)
                       and (not others or any(mentions(e.text, c) for c in others))]
        both = naming_both[0] if naming_both else None
        if both is not None and any(both.text == u.text for u in used):
            both = None  # (a side tells it already, from another note: the sides lead)
        if both is not None and not has_figure(both.text) and not _DEGREE.search(told(both.text)):
            both = next((e for e in naming_both if has_figure(e.text)), both)
        lead = [both] if both else []
        # then what else bears on the comparison: the notes' other aspects
        context = self._pool(evidence, best, set(query.dated), query=query)
        bullets += [Item(e) for e in self._aspects([e for e in context if e not in used], lead, bullets,
                                                   limit=self.s.context_bullets)]
        # each side first takes more sentences naming it; then the context bullets their own section's next sentence
        self._widen_sides(bullets[:len(sides[:4])], sides, lead, bullets, [e for e in context if in_period(e)])
        self._deepen(lead, bullets, [e for e in evidence if in_period(e)], sides=sides[:4])
        tables = self._side_rows(query, evidence, sides[:4])
        return Plan(QType.COMPARISON, lead=lead, bullets=bullets, table=tables[0] if tables else None,
                    more_tables=tables[1:])

    def _side_rows(self, query: ResolvedQuery, evidence: list[Evidence], sides: list[str]) -> list[TablePick]:
        """For countries or minerals compared by an amount ("compare Ruritania's and Freedonia's tin output"): one
        row for each side from one data table, by the number column whose header the question's words name, of the
        latest year all sides have a row for (of the years asked, where it asks some); none when no table has them
        all. A question naming two amounts that different tables hold ("their tin output and their reserves") gets
        a second table, for the amount the first does not show."""
        kind = compared_kind(query)
        if not kind:
            period = self._period_row(query, evidence, sides)
            return [period] if period is not None else []
        asked = self._asked_tokens(query)
        picks: list[tuple[TablePick, set[str]]] = []
        shown: set[str] = set()  # the question's words the headers of the chosen tables' amounts hold
        for _ in range(2):
            found = self._side_table(query, evidence, sides, kind, shown, asked)
            if found is None:
                break
            pick, words = found
            picks.append((pick, words))
            if not words:  # (an amount the question names in no word of the header: the second would be this one)
                break
            shown |= words
        # in the order the question names the amounts
        order = self.tokens(self._asked_text(query))
        picks.sort(key=lambda p: min((order.index(w) for w in p[1]), default=len(order)))
        return [pick for pick, _ in picks]

    def _period_row(self, query: ResolvedQuery, evidence: list[Evidence], sides: list[str]) -> TablePick | None:
        """For one place compared across years ("Ruritania's tin output in 2031 compared with 2030"): the best-answering
        row of a data table that names the place and has a number column for each year ("2030 (t)", "2031 (t)"),
        shown by those columns; else None."""
        places = query.names("country")
        if len(sides) < 2 or not all(YEAR.fullmatch(side) for side in sides) or len(places) != 1:
            return None
        for e, (table, row) in sorted(self._rows(evidence).items(), key=lambda pair: -pair[0].score):
            columns = [next((c for c in table.numeric_columns() if side in YEAR.findall(table.columns[c])), -1)
                       for side in sides]
            if -1 in columns or not mentions(table.labels(row), places[0]):
                continue
            return TablePick(table, [*table.label_columns()[:1], *sorted(set(columns))], [(row, e)])
        return None

    def _side_table(self, query: ResolvedQuery, evidence: list[Evidence], sides: list[str], kind: str,
                    shown: set[str], asked: set[str]) -> tuple[TablePick, set[str]] | None:
        """The best table for ``_side_rows`` by an amount none of whose header's words (of the question's) are
        ``shown`` already, with those words."""
        years = {int(y) for y in query.dated}
        best: tuple[tuple[int, float], Table, int, list[tuple[Row, Evidence | None]]] | None = None
        for table, measure, rows in self._measured_tables(query, evidence):
            if asked & set(self.tokens(table.columns[measure])) & shown:
                continue
            year_col = table.year_column
            by_side = {side: [(r, e) for r, e in rows if names_of_kind(table.labels(r), kind) == {side}
                              and r.value(measure) is not None] for side in sides}
            latest = 0
            if year_col >= 0:
                held = [{y for r, _ in members if (y := r.year(year_col)) is not None} for members in by_side.values()]
                common = {y for y in set.intersection(*held) if not years or y in years}
                if not common:
                    continue
                latest = max(common)
                by_side = {side: [(r, e) for r, e in members if r.year(year_col) == latest]
                           for side, members in by_side.items()}
            if not all(by_side.values()):
                continue
            picked: list[tuple[Row, Evidence | None]] = [max(members, key=lambda m: m[1].score)
                                                         for members in by_side.values()]
            # (the table with the latest year for all sides, then the best-answering: an old table's rows may
            # match the question's words as well)
            rank = (latest, max(e.score for _, e in picked if e is not None))
            if best is None or rank > best[0]:
                best = (rank, table, measure, picked)
        if best is None:
            return None
        _, table, column, picked = best
        words = asked & set(self.tokens(table.columns[column]))
        return TablePick(table, measure_columns(table, column), picked), words

    def _widen_sides(self, side_items: list[Item], sides: list[str], lead: list[Evidence], bullets: list[Item],
                     context: list[Evidence]) -> None:
        """While the answer is shorter than its word budget, each side in turn takes one more relevant sentence that
        names it, from anywhere in its notes (of ``context``: those of the period asked about), adding a point the
        answer lacks (a side told in one sentence is half a comparison)."""
        words = self._words(lead, bullets)
        for _ in range(2):
            for item, side in zip(side_items, sides, strict=False):
                if words >= self.s.broad_words:
                    return
                said = [*lead, *(e for i in bullets for e in [i.evidence, *i.extra])]
                more = [e for e in context if e not in said and self._names(e, side, own_text=True)
                        and not any(self._names(e, other, own_text=True) for other in sides if other != side)
                        and not self._redundant(e, said) and not self._repeats(e, said)
                        and not any(float(np.dot(e.vector, c.vector)) >= self.s.bullet_redundancy for c in said)]
                if not more:
                    continue
                pick = max(more, key=lambda e: e.score)
                if words + _length(pick) > self.s.broad_words + 20:
                    continue
                item.extra.append(pick)
                words += _length(pick)

    @staticmethod
    def _possessed(query: ResolvedQuery) -> set[str]:
        """The countries and bodies named right after another's possessive: they only say which of that one's things
        is meant ("Ruritania's Nordic pact and Acadia's plan" compares Ruritania with Acadia; the Nordic grouping is
        no side of its own, nor another party the comparison is asked of)."""
        found = find_entities(query.focus)
        return {name for kind in ("country", "alias") for (_, _, end), (name, start, _)
                in itertools.pairwise(sorted(found[kind], key=lambda f: f[1]))
                if re.fullmatch(r"['\u2019]s?\s+", query.focus[end:start])}

    @staticmethod
    def _owned_things(query: ResolvedQuery, sides: list[str]) -> dict[str, str]:
        """The named thing each side is compared by, where the question names one with the side's possessive
        ("Acadia's Tin Fund and Ruritania's plan": Acadia -> Tin Fund)."""
        found = find_entities(query.focus)
        things: dict[str, str] = {}
        for name, _, end in [span for kind in ("country", "alias") for span in found[kind]]:
            for thing in query.names("name", "alias"):
                if name in sides and thing != name and re.match(
                        rf"['\u2019]s?\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{re.escape(thing)}\b", query.focus[end:]):
                    things.setdefault(name, thing)
        return things

    @staticmethod
    def _sides(query: ResolvedQuery) -> list[str]:
        """The things compared: the named things either side of "or" ("more dependent on X for A or for B?"), two
        or more named things of one kind, or the phrases around "and"/"vs"."""
        found = find_entities(query.focus)
        # "the Ruritania-Acadia and Ruritania-Freedonia pacts": the parties besides the one both share
        for kind in ("country", "alias"):
            spans = sorted(found[kind], key=lambda f: f[1])
            joined = [(a[0], b[0]) for a, b in zip(spans, spans[1:], strict=False)
                      if re.fullmatch(r"\s*[-\u2013/]\s*", query.focus[a[2]:b[1]])]
            for common in {name for pair in joined for name in pair}:
                others = list(dict.fromkeys(b if a == common else a for a, b in joined if common in (a, b)))
                if len(others) >= 2 and common not in others:
                    return others
        for joint in re.finditer(r"\bor\b", query.focus):
            for kind in ("mineral", "country", "alias"):
                before = [(name, end) for name, _, end in found[kind] if end <= joint.start()
                          and len(query.focus[end:joint.start()].split()) <= 2]
                after = [(name, start) for name, start, _ in found[kind] if start >= joint.end()
                         and len(query.focus[joint.end():start].split()) <= 2]
                if before and after and before[-1][0] != after[0][0]:
                    return [before[-1][0], after[0][0]]
        # "is A more exposed to X than B?", "does A rely less on X than B does?": the thing just after "than" and the
        # first of its kind the question names (X, of the same kind, is what both are measured against)
        for joint in re.finditer(r"\bthan\b", query.focus):
            for kind in ("mineral", "country", "alias"):
                measured = [name for name, start, _ in found[kind] if start >= joint.end()
                            and len(query.focus[joint.end():start].split()) <= 2]
                subject = [name for name, _, end in sorted(found[kind], key=lambda f: f[1]) if end <= joint.start()]
                if subject and measured and subject[0] != measured[0]:
                    return [subject[0], measured[0]]
        # "the deals signed with A and with B", "between A and B": the two after the preposition (the party
        # before it, "Ruritania's deals with A and with B", is common to both)
        # (two named side by side, "the Ruritanian and Freedonian deals with Acadia", are the pair when three or
        # more of their kind are named, the others as whom both dealt with, and nothing else sets two apart)
        pair: dict[str, list[str]] = {}
        # (also "the deal with A and the one with B", "Acme's loan to A and that to B")
        for joint in re.finditer(r"\band\s+(?:(?:the ones?|that|those)\s+(?=(?:with|for|to|in|on|from|of)\s))?"
                                 r"(?:(with|for|to|in|on|from|of)\s+)?", query.focus):
            for kind in ("mineral", "country", "alias"):
                first = [(name, start) for name, start, end in found[kind] if end <= joint.start()
                         and not query.focus[end:joint.start()].strip()]
                second = [name for name, start, _ in found[kind] if start >= joint.end()
                          and len(query.focus[joint.end():start].split()) <= 1]
                if not (first and second) or first[-1][0] == second[0]:
                    continue
                if (joint.group(1) is None and any(start == joint.end() for _, start, _ in found[kind])
                        and not query.focus[:first[-1][1]].rstrip().endswith(",")):  # (not "A, B and C")
                    pair.setdefault(kind, [first[-1][0], second[0]])
                opening = re.search(r"\b(with|for|to|in|on|from|of|between)\s+(?:the\s+)?$",
                                    query.focus[:first[-1][1]], re.IGNORECASE)
                if opening and (opening.group(1).lower() == "between"
                                or opening.group(1).lower() == (joint.group(1) or "").lower()):
                    return [first[-1][0], second[0]]
        by_kind: dict[str, list[str]] = {}
        owned = ComparisonPlan._possessed(query)
        for e in query.entities:
            if e.name not in owned:
                by_kind.setdefault(e.kind, []).append(e.name)
        # two stages of the chain for one country and one mineral ("does Ruritania hold more of tin extraction than of
        # tin smelting?"): the stages (magnets are a stage then, not a second mineral)
        stages = compared_stages(query.focus)
        # (minerals named in one phrase, "the tin-zinc alloy", "indium oxide magnets", are one thing, not two sides)
        spans = sorted(found["mineral"], key=lambda f: f[1])
        if len(spans) >= 2 and all(re.fullmatch(_ONE_PHRASE, query.focus[a[2]:b[1]], re.IGNORECASE)
                                   for a, b in zip(spans, spans[1:], strict=False)):
            by_kind["mineral"] = by_kind.get("mineral", [])[:1]
        minerals = [m for m in by_kind.get("mineral", []) if not re.match(r"magnet", m, re.IGNORECASE)]
        if len(stages) >= 2 and len(by_kind.get("country", [])) < 2 and len(minerals) < 2:
            return stages
        for kind in ("country", "mineral", "organisation", "name"):
            # (... the others each named as whom both dealt with: "the A and B deals with C")
            others = [(start, name) for name, start, _ in found.get(kind, []) if name not in pair.get(kind, [])]
            if (len(by_kind.get(kind, [])) >= 3 and kind in pair and others
                    and all(re.search(r"\bwith\s+(?:the\s+)?$", query.focus[:start]) for start, _ in others)):
                return pair[kind]
            if len(by_kind.get(kind, [])) >= 2:
                return by_kind[kind]
        years = list(dict.fromkeys(str(y) for y in query.years))
        if len(years) >= 2:  # "how did the 2010 price shock compare with 2025's?": the two periods
            return [years[0], years[-1]]
        # "how did the May 2031 rules differ from the March 2031 ones?": the two months
        months = list(dict.fromkeys(f"{m.title()} {y}" for m, y in MONTH_YEAR.findall(query.focus)))
        if len(months) >= 2:
            return [months[0], months[-1]]
        # "Ruritania's record of smelting with its record of casting": the second side read past "its record of"
        match = re.search(r"(?:compare|between|of)\s+(?:[\w'-]+\s+){0,4}?([\w-]+)\s+(?:and|vs\.?|versus|with|to)\s+"
                          r"(?:(?:its|their|the|a|an|his|her)\s+)?(?:[\w-]+\s+of\s+)?([\w-]+)", query.focus,
                          re.IGNORECASE)
        if match:
            return [match.group(1), match.group(2)]
        return []
