"""Where the evaluation's real data lives (../shared beside the checkout) and how it is read.

The real texts (BASIL, AllSides, the tortured phrases, the extraction benchmark, the seeds) are
third-party evaluation data: they are read from ../shared at run time and never copied into the repository.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class SharedDataMissing(RuntimeError):
    """The evaluation needs ../shared (real data) and it is not there."""


def shared_dir() -> Path:
    """The ../shared folder (or $CONCORDANCE_SHARED); raises SharedDataMissing with a clear message."""
    path = Path(os.environ.get("CONCORDANCE_SHARED", ROOT.parent / "shared"))
    if not (path / "realdata").is_dir():
        raise SharedDataMissing(
            f"the evaluation needs the real data in ../shared ({path}/realdata not found); "
            "run it from a checkout that has ../shared beside it, or set CONCORDANCE_SHARED")
    return path


def shared_file(*parts: str) -> Path:
    """A file under ../shared, or SharedDataMissing naming it."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        raise SharedDataMissing(f"the evaluation needs {path}, which is missing from ../shared")
    return path


def read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSON-lines file; a bad line raises ValueError naming file and line."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{number}: invalid JSON ({e.msg})") from None
    return rows


def for_seed_checks(output: dict, seeds: Path) -> dict:
    """The engine's output as ../shared/tools/check_seeds.py can read it.

    The checker predates the "not compared" contract (a `null` fidelity for an article whose story has no consensus
    and that copies no source) and wants a number for every seed. A seed that `expected.json`'s ranking never names
    (seed-003, alone in its story) and that the output leaves not compared is handed to it as NaN, which none of its
    checks reads and which it prints as "nan"; a ranked seed left not compared still fails the check.
    """
    ranking = json.loads((seeds / "expected.json").read_text(encoding="utf-8"))["ranking"]
    ranked = {ranking["lowest_fidelity"], *ranking["high_fidelity"]}
    articles = [{**a, "fidelity": float("nan")} if a.get("fidelity") is None and a["id"] not in ranked else a
                for a in output.get("articles", [])]
    return {**output, "articles": articles}
