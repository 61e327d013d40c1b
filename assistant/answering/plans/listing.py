"""The list plan (one bullet per distinct item, dated, in date order, or a table's rows) and the timeline (a change
no table records, told in prose one year a bullet)."""

from __future__ import annotations

import re

import numpy as np

from ...figures import MONTH_YEAR, MONTHS, YEAR, first_date, month_years
from ...lexicon import mentions, names_of_kind
from ..evidence import Evidence
from ..query import QType, ResolvedQuery, asks_ranking, numbered
from ..tables import Row, Table
from .base import TableKey, measure_columns, table_key
from .explanation import ExplanationPlan
from .shapes import Item, Plan, TablePick, _length

# the column header naming the things a list asks for ("which minerals ...?": a "Minerals" column)
_KIND_HEADERS = {"mineral": re.compile(r"(?:minerals?|metals?|elements?|commodit(?:y|ies))(?:\s+covered)?",
                                       re.IGNORECASE),
                 "country": re.compile(r"(?:countr(?:y|ies)|nations?|partners?|members?)", re.IGNORECASE),
                 "company": re.compile(r"(?:compan(?:y|ies)|firms?|developers?|operators?)", re.IGNORECASE)}
# a month that ends a window ("since May 2031", "from 3 May 2031", "until May 2031") is no month asked about
_WINDOW_END = re.compile(rf"\b(?:since|from|after|before|until|till|through|by)\s+(?:(?:early|mid|late)[\s-]+)?"
                         rf"(?:\d{{1,2}}\s+)?{MONTH_YEAR.pattern}", re.IGNORECASE)


def grouped_rows(table: Table, rows: list[tuple[Row, Evidence]]) -> list[tuple[Row, Evidence]]:
    """Rows alike but for one label cell, of one passage ("Forum | Chile | May 2031", "Forum | Peru | May 2031"), as
    one row naming them all ("Forum | Chile, Peru | May 2031"), so a list longer than a table may show keeps every
    item: by the label column that leaves the fewest rows, when that is fewer than there were; else the rows as
    they were. A merged row keeps the first one's evidence (the passage holding them all)."""
    shown = table.display_columns([r for r, _ in rows])
    best: list[tuple[Row, Evidence]] = rows
    for column in table.label_columns():
        groups: dict[tuple[str, ...], list[tuple[Row, Evidence]]] = {}
        for row, e in rows:
            key = (e.hit.chunk_id, *(row.cells[i] if i < len(row.cells) else "" for i in shown if i != column))
            groups.setdefault(key, []).append((row, e))
        if len(groups) >= len(best):
            continue
        merged = []
        for members in groups.values():
            row, e = members[0]
            if len(members) > 1:
                cells = list(row.cells)
                cells[column] = ", ".join(dict.fromkeys(r.cells[column] for r, _ in members if column < len(r.cells)))
                row = Row(cells, row.sentence)
            merged.append((row, e))
        best = merged
    return best


class ListPlan(ExplanationPlan):
    """Answers a list question, and a trend told in prose (timeline)."""

    def timeline(self, query: ResolvedQuery, evidence: list[Evidence], best: float) -> Plan | None:
        """A change no table records, told in prose: the best sentence, then one sentence for each year it happened
        in (the year the sentence tells of, not the date its source spoke), in order of time, inside the question's
        window. None when the sentences tell of fewer than three years: then the aspects explain it."""
        pool = self._pool(evidence, best, query=query)
        # each step names what the question is about (a partnership's step, not a like one's launch that year)
        named = [n for n in [*query.names("name"), *query.specific] if not n.isdigit()]  # (specific: no group words)
        about = [e for e in pool if any(mentions(f"{e.text} {e.heading}", n) for n in named)]
        if named and len(about) >= self.s.min_bullets:
            pool = about
        dated = self._by_year(pool, query.since, query.until)
        if len(dated) < 3:
            return None
        lead = self._lead(pool)
        chosen: list[Evidence] = list(lead)
        picks: list[tuple[int, Evidence]] = []
        words = sum(map(_length, lead))
        # each year's best sentence, the best-answering years first while the word budget lasts
        firsts = sorted(((year, max(members, key=lambda e: e.score)) for year, members in dated.items()),
                        key=lambda p: -p[1].score)
        for year, _ in firsts:
            if len(picks) >= self.s.max_bullets or words >= self.s.broad_words:
                break
            fresh = [e for e in sorted(dated[year], key=lambda e: -e.score)
                     if e not in chosen and not self._redundant(e, chosen) and not self._repeats(e, chosen)]
            if not fresh:
                continue
            picks.append((year, fresh[0]))
            chosen.append(fresh[0])
            words += _length(fresh[0])
        if len(picks) < 2:
            return None
        picks.sort(key=lambda p: (p[0], p[1].hit_rank, p[1].position))
        bullets = [Item(e, str(year)) for year, e in picks]
        self._deepen(lead, bullets, evidence)
        return Plan(QType.TREND, lead=lead, bullets=bullets)

    def listing(self, query: ResolvedQuery, evidence: list[Evidence], best: float,
                qv: np.ndarray | None = None) -> Plan | None:
        pool = self._pool(evidence, best, set(query.dated), query=query)
        # (a question asking which country or mineral leads by an amount, "which country mines the most tin?", is
        # answered by a table ranking them by it, or by none: the rows naming tin in a table of funding are no
        # ranking)
        ranks = asks_ranking(query.focus)
        table = None if ranks else self._named_rows(query, evidence)
        ranking = self._ranked_rows(query, evidence) if table is None else None
        table = table or ranking or (None if ranks else self._kind_rows(query, evidence))
        if len(pool) < 3 and table is None:
            return None  # (a table's rows may answer alone)
        # a list about named things ("what has Canada done") holds items about them; an organisation named in
        # passing ("the ministry's rules") is enough named in the item's passage
        named = [n for n in query.specific if not n.isdigit()]
        bodies = set(query.names("organisation"))
        def names(e: Evidence, n: str) -> bool:
            return mentions(e.context, n) or (n in bodies and mentions(e.hit.text, n))

        # (things of one kind named together are each a subject: "what did Norway and Iceland launch?" lists what
        # either did; things of different kinds narrow each other: "what has Norway done about indium?")
        kinds = {e.name: e.kind for e in query.entities}
        by_kind: dict[str, list[str]] = {}
        for n in named:
            by_kind.setdefault(kinds.get(n, n), []).append(n)
        about = [e for e in pool if all(any(names(e, n) for n in group) for group in by_kind.values())]
        if named and len(about) < self.s.min_bullets:
            # few close sentences name them all: those past the gate alone that name what the question is about
            # (the thing it names first: "what is Ruritania doing about its reliance on Freedonia?")
            wide = self._pool(evidence, best, set(query.dated), relaxed=True, query=query)
            subject = self._subject(query, named)
            on_subject = [e for e in wide if subject is not None and names(e, subject)]
            if len(on_subject) > len(about):
                about = on_subject
        # a list about one numbered act ("what did Decree No. 9 require?"): the items that name it, in their sentence
        # or their note's title or heading, when enough do (the other decrees are other lists; a programme's name,
        # unlike a number, is often shortened, so only a number is held to)
        act = self._one_name(query)
        if act is not None and numbered(act):
            wide = self._pool(evidence, best, set(query.dated), relaxed=True, query=query)
            on_act = [e for e in wide if (not about or e in about or not named) and mentions(e.context, act)]
            if len(on_act) >= self.s.min_bullets:
                about = on_act
        need = self.s.min_bullets
        if about and (len(about) >= need or len(about) < len(pool)):
            # fewer items than usual about what is asked beat a full list about something else
            need = 1
            pool = about
        # ... and a list about a month ("the package of March 2024") holds what that month's notes say
        months = month_years(query.focus)
        if months:
            dated = [e for e in pool if months & month_years(e.context)]
            if len(dated) >= self.s.min_bullets:
                pool = dated
        # ("which firms ...?": whether each sentence names one, read once, for its weight and for the list below)
        firm = {e: self._firm(e, query) for e in pool} if self._firms_asked(query) else {}

        # one item per section of a note (a note is one deal, programme or control; an overview, one per section)
        def weight(e: Evidence) -> float:
            """An item dated to the month reads better in a dated list; a sentence naming several things of the
            kind asked for ("which metals ...?") answers the list outright."""
            date = first_date(e.text)
            return (e.score + (0.03 if date and date[1] else 0.0) + self._enumeration(e, query) + self._deed(e, query)
                    + firm.get(e, 0.0))

        items: dict[tuple[str, str], Evidence] = {}
        for e in pool:
            key = (e.doc_id, e.heading)
            current = items.get(key)
            if current is None or weight(e) > weight(current):
                items[key] = e
        framing = self._framing(evidence, qv, query, overview=not query.dated,
                               items=True)
        lead = self._lead(pool, framing, evidence, lambda e: self._enumeration(e, query),
                          summed=self._is_subject_note(framing, evidence, query)) if framing else []
        # a note about just what is asked (an overview written for the question, one package): its sections are
        # the first items, in its order; the other notes' items follow in date order
        framed = [e for e in self._sections(evidence, lead, framing, query) if e not in lead]
        subject = self._subject(query, named) if named else None
        # "which graphite curbs ...?": the overview's sections on graphite (a note titled with the subject is all
        # about it, though its sections need not name it again)
        title = next((str(e.hit.metadata.get("title", "")) for e in evidence if e.doc_id == framing), "")
        if subject is not None and framed and not mentions(title, subject):
            section_text: dict[str, str] = {}
            for x in evidence:
                if x.doc_id == framing:
                    section_text[x.heading] = f"{section_text.get(x.heading, x.heading)} {x.text}"
            framed = [e for e in framed if mentions(section_text.get(e.heading, e.heading), subject)]
        # ("which firms ...?": the framing note's sections that name one)
        framed = [e for e in framed if not self._firms_asked(query) or self._firm(e, query)]
        skip = framing if framed else None
        ranked = sorted((e for e in items.values() if e.doc_id != skip and e not in lead), key=lambda e: -weight(e))
        # ("which firms ...?": the items naming one, when there are enough of them for a list)
        firms = [e for e in ranked if firm.get(e)]
        if len(firms) >= self.s.min_bullets:
            ranked = firms
        chosen: list[Evidence] = []
        per_doc: dict[str, int] = {}
        words = self._words(lead, [Item(e) for e in framed])
        for e in ranked:
            if len(framed) + len(chosen) >= self.s.max_items or (framed and words >= self.s.broad_words):
                break
            if any(float(np.dot(e.vector, c.vector)) >= self.s.bullet_redundancy for c in [*lead, *framed, *chosen]):
                continue
            # the same event from two notes: the same day, told alike (in a bullet or in the lead)
            day = first_date(e.text)
            if day and day[2] and any(first_date(c.text) == day and float(np.dot(e.vector, c.vector)) >= 0.6
                                      for c in [*lead, *framed, *chosen]):
                continue
            if per_doc.get(e.doc_id, 0) >= (4 if e.kind == "explainer" else 2):
                continue
            per_doc[e.doc_id] = per_doc.get(e.doc_id, 0) + 1
            chosen.append(e)
            words += _length(e)
        if len(framed) + len(chosen) < need and table is None:
            return None
        def by_date(e: Evidence) -> tuple[bool, tuple[int, int, int]]:
            return first_date(e.text) is None, first_date(e.text) or (0, 0, 0)
        chosen.sort(key=by_date)
        # (a list in a window, "what has Acme done since 2030?", is told in order of time, the framing note's items
        # too)
        picked = sorted([*framed, *chosen], key=by_date) if query.since is not None else [*framed, *chosen]
        bullets = [Item(e) for e in picked]
        if table is not None:  # the table's rows are the first items; the rest as far as the word budget allows
            # (... but the note titled on just what is asked gives the items, one a section: the rows come after)
            last = len(framed) >= self.s.min_bullets and framing == self._titled_on_asked(evidence, query)
            words = self._words(lead, []) + (0 if last else sum(len(" ".join(r.cells).split()) for r, _ in table.rows))
            kept: list[Item] = []
            if table is ranking and len(query.parts) < 2:
                # (beside a ranking, the sentences on what it ranks by: "reserves", "output"; a second part of the
                # question asks more)
                measure = set(self.tokens(table.table.columns[table.columns[1]])) - self._generic_tokens
                bullets = [item for item in bullets if measure & set(self.tokens(item.evidence.text))]
            for item in bullets:
                words += item.words
                if words > self.s.broad_words and kept:
                    break
                kept.append(item)
            return Plan(QType.LIST, lead=lead, bullets=kept, table=table, table_last=last)
        self._deepen(lead, bullets, evidence)
        return Plan(QType.LIST, lead=lead, bullets=bullets)

    @staticmethod
    def _subject(query: ResolvedQuery, named: list[str]) -> str | None:
        """What a question is about among the things it names: the one named first, a company or programme too
        ("what did Acme Metals get from the US?" is about Acme), else the first of ``named``."""
        first = query.first_named(among=named)
        at = {first: query.focus.find(first)} if first is not None else {}
        at |= {n: query.focus.find(n) for e in query.entities if e.kind == "name" and (n := e.name) in named}
        placed = sorted((i, n) for n, i in at.items() if i >= 0)
        return placed[0][1] if placed else (first or (named[0] if named else None))

    def _named_rows(self, query: ResolvedQuery, evidence: list[Evidence]) -> TablePick | None:
        """For a list about named things ("what has Ruritania funded?"): the rows of a data note's table whose label
        cells name them all, when one table has two or more such rows (a table of programmes by country); a company
        or programme named is one of them ("what did Acme Metals get from Ruritania?": Acme's rows, not
        Ruritania's)."""
        named = [n for n in [*query.specific, *query.names("name")] if not n.isdigit()]
        if not named:
            return None
        by_table: dict[TableKey, tuple[Table, list[tuple[Row, Evidence]]]] = {}
        table_rows = self._rows(evidence)
        minerals = set(query.names("mineral"))
        subject = self._subject(query, named)
        # (the subject alone, when the user's own words name it: a follow-up asking "who were its partners?" of a
        # programme is not about the country that runs it, which its answer named)
        own = subject is not None and (not query.from_history or mentions(query.question, subject))
        for wanted in (named, [subject] if subject is not None and own and len(named) > 1 else []):
            for e, (table, row) in table_rows.items():
                # a mineral the note's title names is what every row is about ("Indium programmes": each is
                # indium's); a country is looked for in the rows (a table of programmes by country)
                title = str(table.hit.metadata.get("title", ""))
                asked = [n for n in wanted if not (n in minerals and mentions(title, n))]
                labels = table.labels(row)
                if any(mentions(labels, n) for n in query.excluded):  # "which firms besides Acme ...?"
                    continue
                if asked and all(mentions(labels, n) for n in asked):
                    by_table.setdefault(table_key(table), (table, []))[1].append((row, e))
            if by_table:
                break
        tables = list(by_table.values())
        # the rows named for the subject that name its members (a table of groupings and their members: the
        # grouping's own row answers "which countries are in it?") keep the table; else a table of the subject's own
        # dealings lists its partners (a row of the subject's own spending, naming no other country, is no grouping)
        partners = self._partner_rows(query, named, table_rows)

        def members(table: Table, row: Row) -> bool:
            name = table.row_name(row)
            return (any(mentions(name, n) for n in named) and not names_of_kind(name, "country") - set(named)
                    and bool(names_of_kind(" ".join(row.cells), "country") - set(named)))

        if partners is not None and not any(members(table, r) for table, rows in tables for r, _ in rows):
            tables = [partners]
        # the rows inside the time asked, of the tables holding rows of the month asked if any do
        timed = [(table, *self._of_time(query, table, rows)) for table, rows in tables]
        closest = max((rank for _, rank, rows in timed if rows), default=0)
        # (none inside it: rows of other years are other years' items, no table for this one)
        tables = [(table, rows) for table, rank, rows in timed if rows and rank == closest]
        if not tables:
            return None
        table, rows = max(tables, key=lambda t: (len(t[1]), max(e.score for _, e in t[1])))
        if len(rows) < 2:
            return None
        year_col = table.year_column
        rows.sort(key=lambda r: (r[0].year(year_col) or 0) if year_col >= 0 else 0)
        if len(rows) > self.s.max_table_rows:
            rows = grouped_rows(table, rows)
        rows = rows[-self.s.max_table_rows:]
        return TablePick(table, table.display_columns([r for r, _ in rows]), [(r, e) for r, e in rows])

    @staticmethod
    def _of_time(query: ResolvedQuery, table: Table, rows: list[tuple[Row, Evidence]],
                 ) -> tuple[int, list[tuple[Row, Evidence]]]:
        """The rows inside the time a question asks about, and whether they are of the month asked (1: "on 3 May
        2031", not "since May 2031") or else inside its year or window (0: "... in 2031?", "since 2030"; a row of
        another year is another year's item; all the rows of a table without years)."""
        months = month_years(_WINDOW_END.sub(" ", query.focus))
        of_month = [(r, e) for r, e in rows if months & month_years(" ".join(r.cells))]
        if of_month:
            return 1, of_month
        # the window's ends as (year, month); month 0 where only a year is given
        since = (query.since, 0) if query.since else None
        until = (query.until, 13) if query.until else None
        years = {int(y) for y in query.dated}
        for end in _WINDOW_END.finditer(query.focus):  # "since April 2031": a window, not a year asked
            bound = (int(end.group(2)), MONTHS[end.group(1).lower()])
            years.discard(bound[0])
            if end.group(0).lower().startswith(("since", "from", "after")):
                since = since or bound
            else:
                until = until or bound
        col = table.year_column
        if col < 0 or not (since or until or years):
            return 0, rows

        def inside(row: Row) -> bool:
            year = row.year(col)
            if year is None:
                return True
            if not (since or until):  # (a row telling of the year asked in its own cells is of it too: a member
                return year in years or bool(years & table.told_years(row))  # that joined then, told by a later source)
            # a row's month, where its cells date it ("3 March 2031"), else its year alone
            date = first_date(" ".join(row.cells))
            when = (year, date[1]) if date and date[0] == year and date[1] else (year, None)

            def after(bound: tuple[int, int]) -> bool:
                return when[0] > bound[0] or when[0] == bound[0] and (when[1] is None or when[1] >= bound[1])

            def before(bound: tuple[int, int]) -> bool:
                return when[0] < bound[0] or when[0] == bound[0] and (when[1] is None or when[1] <= bound[1])

            return (since is None or after(since)) and (until is None or before(until))

        return 0, [(r, e) for r, e in rows if inside(r)]

    def _kind_rows(self, query: ResolvedQuery, evidence: list[Evidence]) -> TablePick | None:
        """For a list asking for things of a kind in a time ("which minerals did Ruritania restrict in 2031?"): the
        rows inside that time of a data note's table with a column headed by the kind ("Minerals"), when its title or
        rows name what the question names and two rows or more are inside the time (a timeline of Ruritania's
        controls, a row a measure)."""
        header = _KIND_HEADERS.get(query.asks_for)
        if header is None or not (query.dated or query.since or query.until):
            return None
        named = [n for n in query.specific if not n.isdigit()]
        best: tuple[float, Table, list[tuple[Row, Evidence]]] | None = None
        for table, rows in self._rows_by_table(evidence):
            title = str(table.hit.metadata.get("title", ""))
            if (table.year_column < 0 or not any(header.fullmatch(c.strip()) for c in table.columns)
                    or not all(mentions(title, n) or any(mentions(table.labels(r), n) for r, _ in rows)
                               for n in named)):
                continue
            # (a row a measure of one year: not a thing's record over a span, "Listed: 2018-2031")
            # (... and a row an event, dated to its month or day: not a year's figure, "Share: 40%; Year: 2031")
            _, timed = self._of_time(query, table, [(r, e) for r, e in rows
                                                    if table.year_column < len(r.cells)
                                                    and YEAR.fullmatch(r.cells[table.year_column].strip())
                                                    and (first_date(" ".join(r.cells)) or (0, 0))[1]])
            score = max((e.score for _, e in timed), default=0.0)
            if len(timed) >= 2 and (best is None or score > best[0]):
                best = (score, table, timed)
        if best is None:
            return None
        _, table, rows = best
        rows.sort(key=lambda r: first_date(" ".join(r[0].cells)) or (9999, 0, 0))  # in order of time
        rows = rows[:self.s.max_table_rows]
        return TablePick(table, table.display_columns([r for r, _ in rows]), rows)

    @staticmethod
    def _partner_rows(query: ResolvedQuery, named: list[str], table_rows: dict[Evidence, tuple[Table, Row]],
                      ) -> tuple[Table, list[tuple[Row, Evidence]]] | None:
        """"Which countries has Ruritania signed with?" and a table of Ruritania's own dealings (its note's title names
        Ruritania): the rows naming other countries, of the table naming most of them, when it names three or more."""
        subjects = set(named) - set(query.names("mineral"))
        if query.asks_for != "country" or not subjects or not subjects <= set(query.names("country")):
            return None
        groups: dict[TableKey, tuple[Table, list[tuple[Row, Evidence]]]] = {}
        for e, (table, row) in table_rows.items():
            title = str(table.hit.metadata.get("title", ""))
            if all(mentions(title, n) for n in named) and names_of_kind(table.labels(row), "country") - set(named):
                groups.setdefault(table_key(table), (table, []))[1].append((row, e))
        spread = {key: {n for r, _ in rows for n in names_of_kind(table.labels(r), "country")}
                  for key, (table, rows) in groups.items()}
        widest = max(spread, key=lambda key: len(spread[key]), default=None)
        return groups[widest] if widest is not None and len(spread[widest]) >= 3 else None

    def _ranked_rows(self, query: ResolvedQuery, evidence: list[Evidence]) -> TablePick | None:
        """For a list asking for countries or minerals by an amount ("which countries hold the most tellurium
        reserves?"): the rows of a data note's table that each name one such thing, largest first by the number
        column whose header the question's words name (a table of reserves by country), when three or more do."""
        kind = query.asks_for
        if kind not in ("country", "mineral"):
            return None
        best: tuple[float, Table, int, list[tuple[Row, Evidence]]] | None = None
        for table, measure, rows in self._measured_tables(query, evidence):
            named = [(r, e) for r, e in rows
                     if len(names_of_kind(table.labels(r), kind)) == 1 and r.value(measure) is not None]
            _, named = self._of_time(query, table, named)  # the year asked ("... in 2031?"), if one is
            year_col = table.year_column
            latest = max((r.year(year_col) or 0 for r, _ in named), default=0) if year_col >= 0 else 0
            if latest:  # a ranking compares like with like: one year's rows, not an earlier estimate beside them
                named = [(r, e) for r, e in named if r.year(year_col) == latest]
            score = max((e.score for _, e in named), default=0.0)
            # (three or more things ranked: two estimates for one country rank nothing)
            ranked = {frozenset(names_of_kind(table.labels(r), kind)) for r, _ in named}
            if len(ranked) >= 3 and (best is None or score > best[0]):
                best = (score, table, measure, named)
        if best is None:
            return None
        _, table, column, named = best
        named.sort(key=lambda pair: -(pair[0].value(column) or 0.0))
        picked: list[tuple[Row, Evidence | None]] = [(r, e) for r, e in named[:self.s.max_table_rows]]
        return TablePick(table, measure_columns(table, column), picked)
