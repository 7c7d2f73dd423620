"""Benchmarks run by `make bench` (not collected as tests): speed, memory, end to end, dashboard, load, quality.

    .venv/bin/python -m tests.bench.run [--quick] [--full] [--out docs/BENCHMARKS.md]

run.py orchestrates and writes docs/BENCHMARKS.md; every measurement runs in a fresh subprocess
(child.py, endtoend.py), so each peak memory figure belongs to one step alone.
"""
