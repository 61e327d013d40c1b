"""Evaluation: eval-set runner and metrics, reports, baselines, BEIR benchmarks and the CI gate.

The names the former ``assistant/evals.py`` module offered stay importable from here.
"""

from .metrics import metrics, percentile
from .runner import EvalItem, ItemResult, fact_present, run_eval
from .sets import EvalSetError, load_eval_set, read_eval_set

__all__ = ["EvalItem", "EvalSetError", "ItemResult", "fact_present", "load_eval_set", "metrics", "percentile",
           "read_eval_set", "run_eval"]
