"""The trend plan: the rows of a data note's table that the question asks about, as a table, with a computed lead,
and the notes' prose that explains the series."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np

from ...figures import MONTHS, amounts
from ...lexicon import ANSWER_FORM_WORDS, find_entities, mentions, minerals_named
from ..abstain import is_gap
from ..evidence import Evidence
from ..query import AMOUNT_NOUNS, YEAR, QType, ResolvedQuery, asking_part, stages
from ..tables import Row, Table
from .explanation import ExplanationPlan
from .shapes import Item, Plan, TablePick

# what happened to an amount after an event ("what happened to tin exports after the May 2031 ban?"): how much it
# changed, told by a table of it, else by what followed (an explanation), not by a table of events nor a timeline
_AMOUNT_AFTER = re.compile(r"\bwhat (?:has )?happened to (?:[\w'-]+ ){0,4}?" + AMOUNT_NOUNS +
                           r"\b(?: [\w'-]+){0,4}? (?:after|following)\b", re.IGNORECASE)
# a question about the order of events, not about an amount ("trace the sequence", "a timeline of", "step by step")
_SEQUENCE = re.compile(r"\b(?:trace|tracing|sequence|timeline|chronolog\w*|step by step|one after another|"
                       r"year by year|each step|what happened)\b", re.IGNORECASE)


def amount_after_event(query: ResolvedQuery) -> bool:
    """Whether a question asks what happened to an amount after an event (``_AMOUNT_AFTER``)."""
    return _AMOUNT_AFTER.search(query.focus) is not None

# a header's unit, in brackets or after a slash ("Output (t REO)", "Price, US$/kg"): not what it measures
_UNIT_WORDS = re.compile(r"\([^)]*\)|\b(?:t|kg|tonnes?|US\$|yuan|REO|per|cent|%)\b|/\S*", re.IGNORECASE)
_UNIT_COL = re.compile(r"\b(?:unit|units|currency|market|basis)\b", re.IGNORECASE)


def _label_key(cell: str, *, names_only: bool = False) -> str:
    """A table label as a series key: the names in it canonical ("Pr-Nd oxide" and "NdPr oxide" are one product);
    ``names_only``: just the names, when there are any ("China" and "China domestic" are one market)."""
    spans = sorted((start, end, name) for found in find_entities(cell).values() for name, start, end in found)
    if names_only and spans:
        return "|".join(sorted({name for _, _, name in spans}))
    key, last = [], 0
    for start, end, name in spans:
        key += [cell[last:start], name]
        last = end
    return re.sub(r"\s+", " ", "".join(key) + cell[last:]).strip().lower()


def _at(period: str) -> str:
    """A period with its preposition: "on 1 March 2024", "in March 2024", "in 2024"."""
    return f"on {period}" if re.match(r"\d{1,2}\s+[A-Za-z]", period.strip()) else f"in {period}"


_MONTH_NAME = rf"(?:{'|'.join(m[:3] for m in MONTHS)})[a-z]*"  # "Aug", "August"


def _change(rows: list[Row], table: Table, measure: int, year_col: int, name: str = "") -> str:
    """A series' first and last figures and the change between them ("Output (t): 40 in 2020, 60 in 2030, +50%"),
    with its highest where that is neither; the series' ``name`` before its figures when there are several ("Output
    (t): Acme 40 in 2020, ..."); "" when its first and last periods are not alike (a change is computed only between
    two years or two months, not a year and a quarter)."""
    rows = sorted(rows, key=lambda r: r.year(year_col) or 0)
    if len(rows) < 2:
        return ""
    first, last = rows[0], rows[-1]
    a, b = first.value(measure), last.value(measure)
    if (a is None or b is None or first.year(year_col) == last.year(year_col)
            or _period_shape(first.cells[year_col]) != _period_shape(last.cells[year_col])):
        return ""
    change = f", {'+' if b >= a else ''}{(b - a) / a * 100:.0f}%" if a else ""
    peak = max(rows, key=lambda r: r.value(measure) or -math.inf)
    text = (f"{table.columns[measure]}: {f'{name} ' if name else ''}{first.cells[measure]} "
            f"{_at(first.cells[year_col])}, {last.cells[measure]} {_at(last.cells[year_col])}{change}")
    if peak is not last and peak is not first:
        text += f"; highest {peak.cells[measure]} {_at(peak.cells[year_col])}"
    return text


def _period_shape(cell: str) -> str:
    """What length of period a cell names: a year ("2024", "Full year 2024"), a span within one ("Q1 2025",
    "January-March 2026", "first half"), or a month or day ("March 2026", "late August 2025"); rows of one shape
    compare like with like."""
    text = cell.lower()
    if re.search(rf"\b(?:q[1-4]|quarter|half|h[12]|{_MONTH_NAME}\s*[-–]\s*{_MONTH_NAME})\b", text):
        return "span"
    if re.search(rf"\b{_MONTH_NAME}\b", text):
        return "month"
    if re.fullmatch(r"\s*(?:full[- ]year\s*)?(?:19|20)\d{2}\s*", text):
        return "year"
    return re.sub(r"\d+", "9", text)


# the words that ask for a share of a whole
_SHARE_WORDS = ("share", "shares", "percentage", "percent", "proportion", "fraction", "portion")


class TrendPlan(ExplanationPlan):
    """Answers a trend: a series from a data note's table, with its computed change and the prose that explains it."""

    def trend(self, query: ResolvedQuery, evidence: list[Evidence], qv: np.ndarray | None = None) -> Plan | None:
        rows = self._rows(evidence)
        if not rows:
            return None
        # the table whose rows answer best, among tables with a year column and a number column
        by_table: dict[int, tuple[Table, list[Evidence]]] = {}
        for e, (table, _) in rows.items():
            by_table.setdefault(id(table), (table, []))[1].append(e)
        scored = []
        told = [e for e in evidence if e not in rows]  # the notes' prose
        named = [n for n in query.specific if not n.isdigit()]
        asked_minerals = set(query.names("mineral"))
        form_asked = {t for w in re.findall(r"[a-z]+", query.focus.lower()) if w in ANSWER_FORM_WORDS
                      for t in self.tokens(w)}
        own_words = self._plain_words(query.focus)
        share_tokens = {t for w in _SHARE_WORDS for t in self.tokens(w)}
        share_asked = bool(share_tokens & set(self.tokens(query.focus)))
        stages_asked = stages(query.focus)
        for table, members in by_table.values():
            # a series of figures, or (a question tracing what happened) a table of dated events
            if table.year_column < 0 or not (table.numeric_columns() or self._events(table, query)):
                continue
            # a series about something else is no answer: the table's note must name what the question names
            about = f"{table.hit.metadata.get('title', '')} {table.hit.metadata.get('heading', '')} {table.hit.text}"
            if any(not mentions(about, n) for n in named):
                continue
            # the measure the question names ("share", "price") in a number column's header
            headers = {t for i in table.numeric_columns() for t in self.tokens(table.columns[i])}
            # a question on a share is not answered by a table of tonnes or dollars
            if share_asked and not (headers & share_tokens
                                    or any("%" in table.columns[i] for i in table.numeric_columns())):
                continue
            form = self.s.table_title_weight if form_asked & headers else 0.0
            # (what the question's own words measure, "how have prices moved?", ranks a price table above a volume
            # table; it lowers no floor: a word of the question in a header is a weaker sign than "share" or "amount")
            # (or the stage it names, in any words: "extraction" and a "Mine production" column)
            measured_stages = stages(" ".join(table.columns[i] for i in table.numeric_columns()))
            measures = self.s.table_title_weight if own_words & headers or stages_asked & measured_stages else 0.0
            # a table that measures something else must answer about as well as the other notes' prose (its own
            # note telling its series in prose is no sign it is off the question)
            elsewhere = max((e.score for e in told if e.doc_id != table.hit.doc_id), default=0.0)
            floor = self.s.abstain_threshold * 0.9 if form else max(self.s.abstain_threshold * 0.9,
                                                                    self.s.table_relative * elsewhere)
            # a table measuring what the question's words ask ("how have Acme prices moved?" and a Price column)
            # whose rows name what it names is that series, however loosely its rows read as prose
            if measures and named and any(mentions(" ".join(m.text for m in members), n) for n in named):
                floor = min(floor, self.s.abstain_threshold * 0.5)
            if max(m.score for m in members) < floor:
                continue
            # the best row's score, and a little for a note whose title is the question ("... by year"); a table
            # whose headers measure another mineral ("Magnet exports" for a question on rare earth exports) last
            title = str(table.hit.metadata.get("title", ""))
            fit = float(np.dot(self._title_vector(title), qv)) if self.embed is not None and qv is not None else 0.0
            # ... and one whose headers measure the mineral asked ("Magnet exports" for a question on magnet
            # exports) above one whose headers name none
            measured = set(minerals_named(" ".join(table.columns)))
            other = bool(asked_minerals and measured and not measured & asked_minerals)
            of_asked = self.s.table_title_weight if measured & asked_minerals else 0.0
            scored.append((max(m.score for m in members) + self.s.table_title_weight * fit + form + measures + of_asked
                           - (1.0 if other else 0.0), table, members))
        if not scored:
            return None
        scored.sort(key=lambda t: -t[0])
        row_evidence = {id(row): e for e, (_, row) in rows.items()}

        def relevance(row: Row) -> float:
            return row_evidence[id(row)].score if id(row) in row_evidence else 0.0

        # the words and names the question uses, as written and canonical (for label cells)
        spans = [query.focus[a:b] for found in find_entities(query.focus).values() for _, a, b in found]
        words = self._plain_words(query.focus) | {t for n in [*query.names(), *spans] for t in self.tokens(n)}
        # the best table that holds a series over two or more periods
        wide: tuple[TablePick, int, int] | None = None
        # the series of each thing the question names, when it names two or more (set only where the loop below
        # stops on the table holding them)
        several: list[list[Row]] = []
        # (what the asking part names, when a statement opens the question and names more)
        asking = asking_part(query.focus)
        asked_of = [n for n in named if mentions(asking, n)] if asking != query.focus else []
        asked_of = asked_of if len(asked_of) < len(named) else []
        for _, table, _members in scored:
            table = self._whole(table, [t for t, _ in by_table.values()])
            events = self._events(table, query)
            if not events and not table.numeric_columns():
                continue  # whole again, its figures are too few to be a series (a piece of numbers, the rest words)
            year_col = table.year_column
            picked = []
            for row in table.rows:
                year = row.year(year_col)
                if year is None:
                    continue
                if query.since and year < query.since or query.until and year > query.until:
                    continue
                picked.append(row)
            # rows about what the question names, when the table has rows for several things (a note whose title
            # names it is about it in every row: "Acme's quotas" has rows for Acme's subsidiaries, all of them Acme's)
            labels = table.label_columns()
            title = str(table.hit.metadata.get("title", ""))
            unnamed = [n for n in named if not mentions(title, n)]
            # ... and what the question asks about, when a statement setting the scene names others too ("Acme once
            # outsold Bolt. Chart Acme's sales since 2020."), whatever the title names
            if asked_of:
                unnamed = asked_of
            if labels and unnamed:
                narrowed = [r for r in picked if any(mentions(r.cells[i], n) for i in labels for n in unnamed)]
                if narrowed:
                    picked = narrowed
            # ... and, column by column, the rows whose whole label is words the question uses ("China's share of
            # rare earth mining": the Mineral column's "Rare earths" rows, the Stage column's "Mining" rows), when
            # they still make a series
            for col in labels:
                if _UNIT_COL.search(table.columns[col]):
                    continue  # units and markets are kept alike by _one_unit
                matching = [r for r in picked if col < len(r.cells)
                            and set(self.tokens(_label_key(r.cells[col]))) <= words | {""}
                            and self.tokens(_label_key(r.cells[col]))]
                periods = {r.cells[year_col] for r in matching if year_col < len(r.cells)}
                if len(matching) < len(picked) and len(periods) >= 2:
                    picked = matching
            if events:  # each row an event: all of them in the window, none a series
                if len({r.year(year_col) for r in picked}) >= 2:
                    break
                continue
            one = self._one_series(picked, table, relevance)
            if one and picked and max(map(relevance, one)) < 0.85 * max(map(relevance, picked)):
                continue  # the only series is not what is asked (a table of assorted indicators): no trend table
            # a question naming two or more things the rows are labelled by ("how did Acme's and Bolt's output
            # change?") is answered by the series of each
            each = [self._one_series([r for r in picked if any(mentions(r.cells[i], n) for i in labels
                                                               if i < len(r.cells))], table, relevance)
                    for n in unnamed] if labels and len(unnamed) >= 2 else []
            each = [rows for rows in each if len({r.cells[year_col] for r in rows if year_col < len(r.cells)}) >= 2]
            if len(each) >= 2 and len({id(r) for rows in each for r in rows}) == sum(map(len, each)):
                several = each
                one = [r for rows in each for r in rows]
            picked = one
            if len({r.cells[year_col] for r in picked if year_col < len(r.cells)}) >= 2:
                break  # a series over two or more periods
        else:
            # no table holds a series down its rows: one may across its columns ("2024 (TWh)", "2030 (TWh)")
            wide = self._across_years(query, [t for _, t, _ in scored], [t for t, _ in by_table.values()], named,
                                      row_evidence)
            if wide is None:
                return None
        computed = ""
        measure: int | None = None
        if wide is not None:
            pick, first_year, final_year = wide
            table, picked = pick.table, [r for r, _ in pick.rows]
        else:
            # (a series its table stops short of, which another table of the note continues: below)
            continued = [] if events else self._continued(table, picked, [t for t, _ in by_table.values()],
                                                          row_evidence)
            row_evidence.update({id(r): e for r, e in continued if e is not None})
            picked = [*picked, *(r for r, _ in continued)]
            picked.sort(key=lambda r: r.year(year_col) or 0)
            picked = picked[-self.s.max_table_rows:]
            series = [i for i in labels if len({r.cells[i] for r in picked if i < len(r.cells)}) == 1]
            units = [i for i, header in enumerate(table.columns) if _UNIT_COL.search(header)]
            columns = [year_col] + self._measure_columns(query, table) + units + (series[:1] or labels[:1])
            if events:  # what happened and when: the table's own first columns
                columns = table.display_columns(picked)[:self.s.event_columns]
            columns = list(dict.fromkeys(c for c in columns if c >= 0))
            pick = TablePick(table, columns, [(r, row_evidence.get(id(r))) for r in picked])
            measure = next((c for c in columns if c in table.numeric_columns()), None)
            first_year, final_year = picked[0].year(year_col) or 0, picked[-1].year(year_col) or 0
        if measure is not None:
            shown = {id(r) for r in picked}
            # (each series by the label that tells them apart)
            label = next((c for c in table.label_columns() if len({rows[0].cells[c] for rows in several
                                                                   if c < len(rows[0].cells)}) > 1), -1)
            changes = [_change([r for r in rows if id(r) in shown], table, measure, year_col,
                               rows[0].cells[label] if several and label >= 0 else "")
                       for rows in (several or [picked])]
            changes = [c for c in changes if c]
            # (the measure named once: "Output (t): Acme 40 in 2020, ...; Bolt 30 in 2020, ...")
            changes[1:] = [c.removeprefix(f"{table.columns[measure]}: ") for c in changes[1:]]
            if changes:
                computed = "; ".join(changes) + " (computed from the table's rows)."
        prose = [e for e in told if e.doc_id == table.hit.doc_id and not is_gap(e.text)]
        # the lead: the note's best sentence on the series (its key points, the note's own summary, favoured), and its
        # best key point besides
        boost = self.s.key_point_boost
        lead = sorted(prose, key=lambda e: -(e.score + boost * (e.section == "key_points")))[:1]
        lead += [e for e in sorted(prose, key=lambda e: -e.score)
                 if e.section == "key_points" and e not in lead and not self._repeats(e, lead)][:1]
        # after the table, what explains the series: the notes' other aspects, as far as the word budget allows
        table_words = sum(len(" ".join(r.cells[i] for i in pick.columns if i < len(r.cells)).split()) + 1
                          for r in picked) + len(computed.split())
        # (relevance is measured against the best sentence, not the best row: rows answer a trend question closely)
        context = [e for e in self._pool(evidence, max((e.score for e in told), default=0.0))
                   if e not in lead]
        # where the series stops: the note's word that later years have no public figure ("no 2025 volume found")
        gaps = [e for e in evidence if e.doc_id == table.hit.doc_id and is_gap(e.text)
                and any(final_year < int(y) <= (query.until or 9999) for y in YEAR.findall(e.text))]
        bullets = [Item(max(gaps, key=lambda e: e.score))] if gaps else []
        measured = (set(self.tokens(_UNIT_WORDS.sub(" ", table.columns[measure]))) - self._generic_tokens
                    if measure is not None else set())
        bullets += self._before(query, context, [*lead, *(i.evidence for i in bullets)], first_year or None,
                                measured)
        # the table's own note explains its series: its aspects first, then the other notes'
        own = [e for e in context if e.doc_id == table.hit.doc_id]
        bullets += [Item(e) for e in self._aspects(own, lead, bullets, limit=self.s.trend_own_bullets,
                                                   extra_words=table_words)]
        bullets += [Item(e) for e in self._aspects(context, lead, bullets,
                                                   limit=max(self.s.context_bullets - len(bullets), 0),
                                                   extra_words=table_words)]
        self._deepen(lead, bullets, evidence, extra_words=table_words)
        return Plan(QType.TREND, lead=lead, table=pick, computed_lead=computed, bullets=bullets)

    @staticmethod
    def _whole(table: Table, tables: list[Table]) -> Table:
        """A long table is split over passages: its pieces (same note, same columns) are one table again."""
        pieces = sorted((t for t in tables if t.hit.doc_id == table.hit.doc_id and t.columns == table.columns),
                        key=lambda t: int(t.hit.metadata.get("position", 0)))
        return Table(table.hit, table.columns, [r for t in pieces for r in t.rows]) if len(pieces) > 1 else table

    @staticmethod
    def _continued(table: Table, picked: list[Row], tables: list[Table],
                   row_evidence: dict[int, Evidence]) -> list[tuple[Row, Evidence | None]]:
        """The rows of another table of the same note that continue a one-thing series ("United States" in a table of
        1994-2014 output, and its row in a table of 2024 output by country): same measure by its header, years
        aside ("Mine production 2024 (t REO)" is "Mine production (t REO)"), the same thing in a label cell, a year
        the series lacks; each read into ``table``'s columns."""
        year_col = table.year_column
        labels = [c for c in table.label_columns() if c != year_col]
        # (the thing the series is of: a label all its rows share, by its column)
        series = {c: picked[0].cells[c] for c in labels if c < len(picked[0].cells) and picked[0].cells[c].strip()
                  and len({r.cells[c] for r in picked if c < len(r.cells)}) == 1} if picked else {}
        if not series:
            return []

        def header(text: str) -> str:
            return re.sub(r"\s+", " ", YEAR.sub(" ", text)).strip().lower()

        measures = [i for i in table.numeric_columns() if i != year_col]
        have = {r.year(year_col) for r in picked}
        out: list[tuple[Row, Evidence | None]] = []
        for other in tables:
            if other is table or other.hit.doc_id != table.hit.doc_id or other.year_column < 0:
                continue
            by_header = {header(h): j for j, h in enumerate(other.columns)}
            mapped = {i: by_header[header(h)] for i, h in enumerate(table.columns) if header(h) in by_header}
            if not any(i in mapped for i in measures):
                continue
            for row in other.rows:
                year = row.year(other.year_column)
                label_text = " ".join(row.cells[c] for c in other.label_columns() if c < len(row.cells))
                if year is None or year in have or not all(mentions(label_text, n) or n in label_text
                                                           for n in series.values()):
                    continue
                cells = [row.cells[mapped[i]] if i in mapped and mapped[i] < len(row.cells) else "" for i in
                         range(len(table.columns))]
                cells[year_col] = row.cells[other.year_column]
                for c, name in series.items():
                    cells[c] = name
                out.append((Row(cells, row.sentence), row_evidence.get(id(row))))
                have.add(year)
        return out

    def _across_years(self, query: ResolvedQuery, ranked: list[Table], tables: list[Table], named: list[str],
                      row_evidence: dict[int, Evidence]) -> tuple[TablePick, int, int] | None:
        """The best table whose number columns are headed by years ("Region | 2024 (TWh) | 2030 (TWh)"): its rows
        across those years (of the window asked), the rows naming what the question names where some do; with the
        first and last year. None when no table has two such columns."""
        for table in ranked:
            table = self._whole(table, tables)
            by_year: dict[int, int] = {}
            for column in table.numeric_columns():
                years = {int(y) for y in YEAR.findall(table.columns[column])}
                if len(years) == 1 and all((not query.since or y >= query.since)
                                           and (not query.until or y <= query.until) for y in years):
                    by_year.setdefault(years.pop(), column)
            # (of the years a question asks about, where it names some: "how much did it rise in 2031?" is not
            # answered by columns for 2030 and 2035)
            if len(by_year) < 2 or not {int(y) for y in query.dated} <= set(by_year):
                continue
            labels = table.label_columns()
            title = str(table.hit.metadata.get("title", ""))
            unnamed = [n for n in named if not mentions(title, n)]
            rows = [r for r in table.rows if any(mentions(r.cells[i], n) for i in labels if i < len(r.cells)
                                                 for n in unnamed)] or table.rows
            columns = [*labels[:1], *(by_year[y] for y in sorted(by_year))]
            picked = rows[:self.s.max_table_rows]
            return (TablePick(table, columns, [(r, row_evidence.get(id(r))) for r in picked]),
                    min(by_year), max(by_year))
        return None

    def _before(self, query: ResolvedQuery, pool: list[Evidence], chosen: list[Evidence],
                first: int | None, measured: set[str] | None = None) -> list[Item]:
        """When a table starts years after the window the question opens ("since the 1990s" and a table from 2023):
        the years before it, told in prose by sentences with a figure of what the table measures (the words of its
        number column's header: what the table would have shown), one sentence a year (the best-answering years, up
        to three), in order."""
        if not query.since or first is None or first - query.since < self.s.table_gap_years:
            return []
        figures = [e for e in pool if amounts(e.text) and (not measured or measured & set(self.tokens(e.text)))]
        by_year = {year: max(members, key=lambda e: e.score)
                   for year, members in self._by_year(figures, query.since, first - 1).items()}
        picks: list[tuple[int, Evidence]] = []
        for year, e in sorted(by_year.items(), key=lambda p: -p[1].score):
            if len(picks) >= 3:
                break
            if self._redundant(e, chosen) or self._restates(e, chosen, least=1):  # (a new figure is news)
                continue
            picks.append((year, e))
            chosen = [*chosen, e]
        return [Item(e, str(year)) for year, e in sorted(picks, key=lambda p: p[0])]

    @staticmethod
    def _events(table: Table, query: ResolvedQuery) -> bool:
        """A table of dated events (no number column, rows named by what happened) read for a question that traces
        what happened over time ("trace the sequence of the controls"), not for how much something changed."""
        return (not table.numeric_columns() and bool(table.label_columns())
                and _SEQUENCE.search(query.focus) is not None and not amount_after_event(query))

    @staticmethod
    def _one_series(rows: list[Row], table: Table, relevance: Callable[[Row], float] | None = None) -> list[Row]:
        """Rows of one consistent series: where a year has several rows (batches, scopes, indicators), keep the rows
        of one label that recurs across two or more years, so a trend compares like with like: the series whose rows
        answer the question best (``relevance``), then the one covering the most years."""
        year_col = table.year_column

        def period(r: Row) -> str:  # a month or a year, as the table names it ("June 2025", "2024")
            return r.cells[year_col].strip().lower() if 0 <= year_col < len(r.cells) else str(r.year(year_col))
        numeric = table.numeric_columns()
        # a row's name comes before its figures ("Indicator | Value"); a note after them ("| Added |") names no series
        name_columns = [i for i in table.label_columns() if numeric and i < min(numeric)]
        named_apart = any(len({_label_key(r.cells[i]) for r in rows if i < len(r.cells)}) > 1 for i in name_columns)
        if len({period(r) for r in rows}) == len(rows) and not named_apart:
            return TrendPlan._like_periods(TrendPlan._one_unit(rows, table), year_col)
        candidates: list[tuple[float, int, int, str]] = []
        for col in table.label_columns():
            keys = {id(r): _label_key(r.cells[col]) if col < len(r.cells) else "" for r in rows}
            for value in dict.fromkeys(keys[id(r)] for r in rows if keys[id(r)]):  # in row order
                members = TrendPlan._one_unit([r for r in rows if keys[id(r)] == value], table)
                covered = len({period(r) for r in members})
                if covered >= 2:
                    fit = max(relevance(r) for r in members) if relevance is not None else 0.0
                    candidates.append((fit, covered, col, value))
        if not candidates and table.label_columns():
            return []  # a period holds rows of several things and none recurs: assorted indicators, no series
        if not candidates:
            return TrendPlan._like_periods(rows, year_col)
        # series that answer about equally well (within 0.02): the one covering the most periods; ties in row order
        top = max(fit for fit, *_ in candidates)
        close = [c for c in candidates if c[0] >= top - 0.02]
        # a row's own name ("Measure") keys a series before a column describing it ("Scope"): a scope shared by
        # several measures would mix them
        close = [c for c in close if c[2] in name_columns] or close
        _, _, col, value = max(close, key=lambda c: c[1])
        return TrendPlan._like_periods(TrendPlan._one_unit(
            [r for r in rows if col < len(r.cells) and _label_key(r.cells[col]) == value], table), year_col)

    @staticmethod
    def _one_unit(rows: list[Row], table: Table) -> list[Row]:
        """The rows in the most common unit and market: a price in US$/kg beside one in yuan/t is no series."""
        for col, header in enumerate(table.columns):
            if _UNIT_COL.search(header) and rows:
                values = [_label_key(r.cells[col], names_only=True) if col < len(r.cells) else "" for r in rows]
                common = max(set(values), key=lambda v: (values.count(v), -values.index(v)))
                rows = [r for r, v in zip(rows, values, strict=True) if v == common]
        return rows

    @staticmethod
    def _like_periods(rows: list[Row], year_col: int) -> list[Row]:
        """The rows whose periods are alike (years with years, months with months): the most common shape."""
        shapes = [_period_shape(r.cells[year_col]) if year_col < len(r.cells) else "" for r in rows]
        if len(set(shapes)) <= 1:
            return rows
        common = max(set(shapes), key=lambda sh: (shapes.count(sh), -shapes.index(sh)))
        return [r for r, sh in zip(rows, shapes, strict=True) if sh == common]

    def _measure_columns(self, query: ResolvedQuery, table: Table) -> list[int]:
        """The number columns the question asks about (by their header words), else the first one or two."""
        numeric = table.numeric_columns()
        asked = set(self.tokens(query.focus))
        matched = [i for i in numeric if asked & set(self.tokens(table.columns[i]))]
        return matched[:3] or numeric[:2]
