"""The story pass: one story's policy, from its prepared articles to its findings and scores.

Pass 1 (StoryState(...)): the story's sentence matrix, its earlier versions and copy groups, each copy diffed
against its group's root and read by the copy detectors (spin, drift), the swaps it teaches the fingerprints; then
compact() keeps what pass 2 may read. Pass 2 (finish): consensus weighted by each outlet's reliability, drift
against it, learned fingerprints, the no-consensus rule (an article neither compared with a consensus nor copying a
source is not penalised), one finding per kind and span, fidelity, and the story's title.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from scoring.engine import align, consensus, drift, fidelity, fingerprints, spin, stories
from scoring.engine.params import DEFAULT_PARAMS, Params
from scoring.engine.prepare import Prepared
from scoring.engine.text import Sentence
from scoring.engine.types import ArticleResult, Finding, StoryResult


class StoryState:
    """One story: pass 1 when made (copies and what the copy detectors find in them), compact() before it is written
    to a file, pass 2 in finish()."""

    def __init__(self, members: list[Prepared], params: Params = DEFAULT_PARAMS):
        self.members = members
        self.params = params
        self.docs = [p.doc for p in members]
        self.id = stories.story_id([d.id for d in self.docs])
        self.matrix = align.StoryMatrix(self.docs)
        # An outlet's earlier versions of an article: one voice with the latest, never compared with it.
        self.version_of = align.versions(self.matrix, [p.article.url for p in members], params.copies)
        self.groups = align.copy_groups(self.matrix, self.version_of, params.copies)
        self.voice_of = [0] * len(self.docs)
        self.root_of = list(range(len(self.docs)))
        for g, group in enumerate(self.groups):
            root = align.choose_root(self.matrix, group)
            for d in group:
                self.voice_of[d], self.root_of[d] = g, root
        self._join_versions()
        self._norm_text = [" " + " ".join(t.norm for s in d.sentences for t in s.tokens) + " " for d in self.docs]
        self.copy_findings: dict[int, list[Finding]] = defaultdict(list)
        # Per article, the fixed phrases of each swap its comparison showed (see fingerprints.swap_phrases).
        self.swap_phrases: dict[int, dict[tuple[int, int], set[tuple[str, str]]]] = {}
        self.comparisons: dict[int, align.Comparison] = {}
        self.similarity: dict[int, float] = {}  # a copy's similarity to its root (kept after compact())
        # Each voice's words, for the votes of the voices outside a copy group on its fixed phrases and the spin
        # detector's usage tests: its root's, as close to the voice's source as the group shows. A member's own
        # changes are not the voice's wording: a spinner's coinage in its copy of one source would otherwise be "how
        # the story is told" for its copy of another source in the same story.
        voice_text = [self._norm_text[self.root_of[group[0]]] for group in self.groups]
        self.published = [p.article.published for p in members]
        published = {doc.id: when for doc, when in zip(self.docs, self.published)}
        detectors = params.detectors
        spin_params, drift_params = detectors.spin_thresholds, detectors.drift_thresholds
        earlier: dict[str, list[align.Doc]] = defaultdict(list)  # the latest version's id -> its earlier versions
        for d, latest in sorted(self.version_of.items()):
            earlier[self.docs[latest].id].append(self.docs[d])
        for g, group in enumerate(self.groups):
            if len(group) == 1:
                continue
            root = self.root_of[group[0]]
            comps = {d: align.compare(self.matrix, d, root) for d in group if d != root}
            outside = voice_text[:g] + voice_text[g + 1:]
            for d, comp in align.settle_by_majority(self.matrix, comps, group, root, outside).items():
                if d != root:
                    self.comparisons[d] = comp
                    self.similarity[d] = comp.similarity
                support = self._supporter(d)
                drifts = drift.find_drift(comp, support, published, drift_params, earlier, self.docs) \
                    if detectors.copy_drift else []
                self.copy_findings[d] = _drift_over_spin(
                    spin.find_spin(comp, support, self._norm_text, outside, spin_params) if detectors.spin else [],
                    drifts, spin_params)
                if detectors.fingerprints:
                    self.swap_phrases[d] = fingerprints.swap_phrases(comp, self._norm_text, outside, spin_params)
        pairs = [pair for spans in self.swap_phrases.values() for found in spans.values() for pair in found]
        lowered = [doc.text.lower() for doc in self.docs] if pairs else []
        self.observations = tuple(fingerprints.observe(pairs, lowered, self.voice_of))

    def _join_versions(self) -> None:
        """Earlier versions leave the copy groups and speak with the latest version's voice."""
        if not self.version_of:
            return
        self.groups = [[d for d in group if d not in self.version_of] for group in self.groups]
        self.groups = [group for group in self.groups if group]
        for g, group in enumerate(self.groups):
            for d in group:
                self.voice_of[d] = g
        for d, latest in self.version_of.items():
            self.voice_of[d], self.root_of[d] = self.voice_of[latest], d

    def compact(self) -> None:
        """Keep what pass 2 needs, drop what only pass 1 used: tokens, diffs and the alignment caches.

        Pass 2 reads sentence spans (their text is sliced from the article's), the similarity matrix and each
        sentence's fact mentions, which are computed here, while the tokens they come from are still there.
        """
        for d, doc in enumerate(self.docs):
            for s in range(len(doc.sentences)):
                self.matrix.mentions(d, s)
            doc.sentences = [Sentence(x.start, x.end, "", ()) for x in doc.sentences]
        self.matrix.compact()
        self.comparisons, self._norm_text = {}, []

    def voice_weights(self, reliability: dict[str, float] | None = None) -> dict[int, float]:
        """Each voice's (copy group's) weight in the consensus: its most reliable outlet's reliability (1.0 for an
        outlet not in `reliability`, and for every outlet when none is given)."""
        reliability = reliability or {}
        return {g: max(reliability.get(self.docs[d].outlet, 1.0) for d in group) for g, group in enumerate(self.groups)}

    def independent_voices(self, weight: dict[int, float]) -> tuple[list[int], dict[int, float]]:
        """Each article's independent voice and each voice's weight. An outlet cannot corroborate itself: the
        reports it wrote alone (copy groups of one article, with their earlier versions) are one voice with each
        other, so two reports of one event by one outlet, or a story only it reports, make no consensus. A copy
        group that several outlets share (a wire story) stays a voice of its own: joining it with every outlet
        that carries it would make one voice of unrelated outlets' own reports."""
        alone_of: dict[str, int] = {}
        links = []
        for g, group in enumerate(self.groups):
            if len(group) == 1:
                links.append((alone_of.setdefault(self.docs[group[0]].outlet, g), g))
        merged = {g: v for v, groups in enumerate(align.connected_groups(len(self.groups), links)) for g in groups}
        independent: dict[int, float] = {}
        for g, w in weight.items():
            independent[merged[g]] = max(w, independent.get(merged[g], 0.0))
        return [merged[g] for g in self.voice_of], independent

    def outlet_counts(self) -> tuple[dict[str, int], dict[str, float]]:
        """Per outlet, the sentences of its articles and the changes its copies made (a changed fact 1, a swap 0.5):
        what its reliability is made of (see outlet_reliability)."""
        stated, changed = defaultdict(int), defaultdict(float)
        for d, doc in enumerate(self.docs):
            stated[doc.outlet] += len(doc.sentences)
            for f in self.copy_findings.get(d, []):
                if f.kind in ("spin", "drift"):  # an "updated" value is no change of the outlet's own
                    changed[doc.outlet] += 1.0 if f.kind == "drift" else 0.5
        return dict(stated), dict(changed)

    def _supporter(self, d: int):
        def support(ref_tokens) -> tuple[str, ...]:
            needle = " " + " ".join(t.norm for t in ref_tokens) + " "
            return tuple(sorted(self.docs[o].id for o in range(len(self.docs))
                                if o != d and needle in self._norm_text[o]))
        return support

    def finish(self, reliability: dict[str, float], learned: fingerprints.Fingerprints | None = None):
        """Pass 2: the story's and its articles' results, given every outlet's reliability and the fingerprints."""
        agreed, w = self.params.consensus, self.params.weights
        voice_of, weight = self.independent_voices(self.voice_weights(reliability))
        cons = consensus.build_consensus(self.matrix, voice_of, weight, self.id, agreed.fact_sim, agreed.min_voices)
        has_consensus = cons.independent_voices >= agreed.min_independent_voices
        articles = []
        learned = learned or fingerprints.Fingerprints()
        lowered = [doc.text.lower() for doc in self.docs] if len(learned) else []
        ids = [doc.id for doc in self.docs]
        for d, p in enumerate(self.members):
            copied = [f for f in self.copy_findings.get(d, []) if not self._contradicted(d, f, learned)]
            findings = list(p.chrome) + copied
            version_of = self.version_of.get(d)  # an earlier version: no comparison, so no finding of its own
            if lowered and version_of is None:
                spans = [(s.start, s.end) for s in self.docs[d].sentences]
                findings += learned.findings(d, lowered, voice_of, ids, spans,
                                             [(f.start, f.end) for f in findings], self.docs[d].text)
            independent = self.root_of[d] == d and version_of is None
            if independent and has_consensus and self.params.detectors.consensus_drift:
                findings += drift.find_consensus_drift(self.matrix, d, voice_of, weight, self.published,
                                                       self.params.detectors.drift_thresholds)
            # Compared: against a consensus, or (a copy) against its own source; an earlier version is shown, not scored.
            compared = (has_consensus or d in self.similarity) and version_of is None
            if not compared:
                findings = [_unpenalised(f) if f.kind in fidelity.PENALISED else f for f in findings]
            findings = _dedupe(findings)
            fid, components = fidelity.article_fidelity(findings, w) if compared else fidelity.not_compared()
            body = p.extracted.body_blocks
            similarity = self.similarity.get(d)
            articles.append(ArticleResult(
                id=p.article.id, outlet=p.article.outlet, story=self.id, fidelity=fid, components=components,
                findings=findings, body=p.extracted.text,
                body_start=body[0].start if body else 0, body_end=body[-1].end if body else 0,
                copy_of=self.docs[self.root_of[d]].id if similarity is not None else None,
                copy_similarity=round(similarity, 3) if similarity is not None else None,
                has_consensus=has_consensus, covered=cons.covered[d],
                version_of=self.docs[version_of].id if version_of is not None else None,
                omitted=[f.id for f in cons.facts if f.id not in cons.covered[d]],
                unverified=[(p.doc.sentences[s].start, p.doc.sentences[s].end) for s in cons.unverified[d]],
            ))
        story = StoryResult(self.id, self._title(), [d.id for d in self.docs], cons.facts, has_consensus,
                            self.observations)
        return story, articles

    def _contradicted(self, d: int, f: Finding, learned: fingerprints.Fingerprints) -> bool:
        """A swap whose phrases are a learned fingerprint the wrong way round: the copy group's vote gave the
        spinner's wording to the source (see fingerprints.py)."""
        pairs = self.swap_phrases.get(d, {}).get((f.start, f.end), ())
        return f.kind in ("spin", "drift") and any(learned.contradicted(spun, orig) for spun, orig in pairs)

    def _title(self) -> str:
        roots = sorted({self.root_of[d] for d in range(len(self.docs))},
                       key=lambda d: (str(self.docs[d].day or "9999"), self.docs[d].id))
        for d in roots:
            if self.members[d].article.title:
                return self.members[d].article.title
        doc = self.docs[roots[0]]
        return doc.text[doc.sentences[0].start:doc.sentences[0].end][:200] if doc.sentences else doc.id


def outlet_reliability(stated: dict[str, int], changed: dict[str, float]) -> dict[str, float]:
    """Outlet reliability in (0, 1]: the share of its articles' sentences that its copies left unchanged."""
    return {o: (1 + stated[o] - min(changed.get(o, 0.0), stated[o])) / (1 + stated[o]) for o in stated}


def _unpenalised(f: Finding) -> Finding:
    return replace(f, severity=0.0, explanation=f.explanation + " (Not compared: too few independent outlets for a "
                   "consensus, and no source it copies; not penalised.)")


def _drift_over_spin(spins: list[Finding], drifts: list[Finding], params: spin.SpinParams) -> list[Finding]:
    """A copy's findings: a change drift judged a changed fact (or an updated value) is not also a swap; a lone swap
    is not spin (spin.corroborated)."""
    facts = {(f.start, f.end) for f in drifts}
    return spin.corroborated([f for f in spins if (f.start, f.end) not in facts], drifts, params) + drifts


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per kind and span; sorted by position."""
    seen, out = set(), []
    for f in sorted(findings, key=lambda f: (f.start, f.end, f.kind)):
        key = (f.kind, f.start, f.end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
