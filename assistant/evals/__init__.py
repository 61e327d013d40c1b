"""Evaluation: eval-set runner and metrics, reports, baselines, BEIR benchmarks and the CI gate."""
