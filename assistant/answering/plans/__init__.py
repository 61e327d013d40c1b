"""One answer plan per question type: each picks evidence and lays it out as blocks.

- factoid: the sentence that holds the answer first, then at most ``supporting`` sentences;
- explanation: a short lead, then 3-6 bullets, each a distinct aspect (a note's section), from different notes
  where the evidence allows, relevance first and diversity second (MMR);
- list: one bullet per distinct item (a note, or a section of an overview), dated, in date order;
- comparison: the two sides side by side, each with its own figure and source;
- trend: the rows of a data note's table that the question asks about, as a table, with a computed lead.

A plan that cannot fill its shape hands over to a simpler one (trend -> explanation -> factoid), never to an error.
"""

from .planner import Planner
from .shapes import Item, Plan, TablePick, event_year, trim

__all__ = ["Item", "Plan", "Planner", "TablePick", "event_year", "trim"]
