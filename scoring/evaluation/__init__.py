"""Evaluation harness: labelled test worlds, a naive baseline and the quality metrics.

Pure Python (no Django). Real data is read from ../shared at run time; see docs/EVALUATION.md.
"""
