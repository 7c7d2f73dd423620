"""Every parameter of a run in one frozen object, passed through score_corpus, score_stories and score_file.

An experiment is a new `Params(...)`, not an edit or a monkeypatch: `Params(copies=CopyParams(coverage=0.6))`, or
`Params.from_dict(json.load(f))` (what `score_file --params PATH.json` reads: any subset of `Params().to_dict()`).
The defaults are the module constants each field names (or, for the spin and drift detectors' thresholds, the
defaults of spin.SpinParams and drift.DriftParams, where each is explained), and give the engine's results exactly.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass

from scoring.engine import consensus
from scoring.engine.copies import CopyParams
from scoring.engine.drift import DriftParams
from scoring.engine.fidelity import DEFAULT_WEIGHTS, Weights
from scoring.engine.fingerprints import MIN_STORIES
from scoring.engine.sidebar import MIN_EPITHETS, PARTISAN_WEIGHT
from scoring.engine.spin import SpinParams
from scoring.engine.stories import StoryParams

# The no-consensus rule: a story told by fewer independent voices (copy groups) than this has no consensus, and
# an article of it that copies no source is "not compared".
MIN_INDEPENDENT_VOICES = 2


@dataclass(frozen=True)
class ConsensusParams:
    fact_sim: float = consensus.FACT_SIM  # sentences of two voices this similar state one fact
    min_voices: float = consensus.MIN_VOICES  # reliabilities a fact's voices must add up to
    min_independent_voices: int = MIN_INDEPENDENT_VOICES


@dataclass(frozen=True)
class DetectorParams:
    """Which detectors run, and the thresholds of those that take them.

    Switching a detector off is for measuring what it contributes (the evaluation's own checks turn spin off and
    watch spin recall fall); the product runs them all."""

    spin: bool = True  # swaps in a copy against its source (spin.find_spin)
    copy_drift: bool = True  # changed facts in a copy against its source (drift.find_drift)
    consensus_drift: bool = True  # changed facts against the consensus of independent voices
    fingerprints: bool = True  # spinners' swaps learned across stories, found without a source
    sidebar: bool = True  # partisan headline lists (off: every headline list is neutral chrome)
    fingerprint_min_stories: int = MIN_STORIES
    partisan_weight: float = PARTISAN_WEIGHT  # loaded weight a headline list needs from two headlines or more
    min_epithets: int = MIN_EPITHETS  # epithet headlines that alone make a list partisan (0: never alone)
    spin_thresholds: SpinParams = field(default_factory=SpinParams)  # frames, rarity, density, lone swaps
    drift_thresholds: DriftParams = field(default_factory=DriftParams)  # kept and rewritten shares, update window


@dataclass(frozen=True)
class Params:
    stories: StoryParams = field(default_factory=StoryParams)  # grouping articles into stories
    copies: CopyParams = field(default_factory=CopyParams)  # what makes a copy, and a version
    consensus: ConsensusParams = field(default_factory=ConsensusParams)
    detectors: DetectorParams = field(default_factory=DetectorParams)
    weights: Weights = DEFAULT_WEIGHTS  # points per finding, caps, outlet scores

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Params":
        """Params from a dict shaped like to_dict(), any part left out at its default; an unknown name raises
        ValueError naming it (a misspelt parameter must not be silently ignored)."""
        return _from_dict(cls, data, "")


DEFAULT_PARAMS = Params()


def _from_dict(kind, data: dict, where: str):
    if not isinstance(data, dict):
        raise ValueError(f"{where or 'params'}: expected an object, got {type(data).__name__}")
    known = {f.name: f for f in fields(kind)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ValueError(f"unknown parameter {where}{unknown[0]} (known: {', '.join(sorted(known))})")
    values = {}
    for name, value in data.items():
        default = getattr(kind(), name)
        if is_dataclass(default):
            values[name] = _from_dict(type(default), value, f"{where}{name}.")
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise ValueError(f"{where}{name}: expected true or false, got {value!r}")
            values[name] = value
        elif isinstance(default, (int, float)):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{where}{name}: expected a number, got {value!r}")
            if isinstance(default, int) and value != int(value):
                raise ValueError(f"{where}{name}: expected a whole number, got {value!r}")
            values[name] = type(default)(value)  # JSON has one number type: 7 for a float field is 7.0
        else:
            values[name] = value
    return kind(**values)
