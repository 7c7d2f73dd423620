"""Stage 3b: the consensus of a story, the sentences that at least two independent voices state.

Sentences of different voices that say the same thing (cosine above FACT_SIM) are linked; a linked set
stated by voices whose reliabilities add up to MIN_VOICES is a consensus fact. Copies of one source are
one voice (their copy group), and a voice's weight is its outlet's estimated reliability, as in truth
discovery (TruthFinder; Dong, Berti-Equille and Srivastava 2009): an outlet caught drifting counts less.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from scoring.engine.align import StoryMatrix, connected_groups
from scoring.engine.types import Fact

FACT_SIM = 0.45
MIN_VOICES = 1.5  # two voices of average reliability (0.75 each) or better


@dataclass
class Consensus:
    facts: list[Fact]
    fact_rows: list[list[tuple[int, int]]]  # (doc, sentence) of each fact
    covered: dict[int, list[str]]  # doc -> fact ids it states
    unverified: dict[int, list[int]]  # doc -> its sentence indices nobody independent states
    independent_voices: int


def build_consensus(matrix: StoryMatrix, voice_of: list[int], weight: dict[int, float], story_id: str,
                    fact_sim: float = FACT_SIM, min_voices: float = MIN_VOICES) -> Consensus:
    """Consensus facts of a story from its sentence matrix and copy groups (`fact_sim`, `min_voices`: see FACT_SIM
    and MIN_VOICES)."""
    coo = matrix.sim.tocoo()
    links = [(r, c) for r, c, v in zip(coo.row, coo.col, coo.data)
             if r < c and v >= fact_sim and voice_of[matrix.index[r][0]] != voice_of[matrix.index[c][0]]]
    groups = {members[0]: members for members in connected_groups(len(matrix.index), links)}

    facts, rows_of, covered = [], [], {d: [] for d in range(len(matrix.docs))}
    in_fact = set()
    for members in sorted(groups.values(), key=lambda m: matrix.index[m[0]]):
        voices = {voice_of[matrix.index[r][0]] for r in members}
        if sum(weight.get(v, 1.0) for v in voices) < min_voices:
            continue
        block = matrix.sim[members][:, members].toarray()
        medoid = max(range(len(members)), key=lambda k: (block[k].sum() - block[k, k], -members[k]))
        medoid = members[medoid]
        d, s = matrix.index[medoid]
        sent = matrix.docs[d].sentences[s]
        text = matrix.docs[d].text[sent.start:sent.end]
        fid = "f-" + hashlib.sha1(f"{story_id}:{text}".encode("utf-8")).hexdigest()[:10]
        support = sorted({matrix.docs[matrix.index[r][0]].id for r in members})
        stating = [(matrix.docs[dd], matrix.docs[dd].sentences[ss]) for dd, ss in (matrix.index[r] for r in members)]
        spans = tuple(sorted((doc.id, sentence.start, sentence.end) for doc, sentence in stating))
        facts.append(Fact(fid, text, tuple(support), spans))
        rows_of.append([matrix.index[r] for r in members])
        for r in members:
            in_fact.add(r)
            dd = matrix.index[r][0]
            if fid not in covered[dd]:
                covered[dd].append(fid)
    unverified = {d: [s for s in range(len(doc.sentences)) if matrix.row(d, s) not in in_fact]
                  for d, doc in enumerate(matrix.docs)}
    return Consensus(facts, rows_of, covered, unverified, len(set(voice_of)))
