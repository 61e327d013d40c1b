"""The extractive answer path, one step a module: analyse the question (query), score the evidence (evidence),
decide whether to answer (abstain), choose and fill a plan per question type (plans, tables), number the citations
from each sentence's own sources (cite) and write the blocks and Markdown (render). ``answerer`` runs the steps.
"""

from .abstain import AbstainReason
from .answerer import ExtractiveAnswerer
from .cite import note_sources
from .query import QType, ResolvedQuery, analyse

__all__ = ["AbstainReason", "ExtractiveAnswerer", "QType", "ResolvedQuery", "analyse", "note_sources"]
