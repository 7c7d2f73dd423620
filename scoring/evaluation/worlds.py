"""Labelled test worlds: real same-event clusters plus synthetic outlets that copy, decorate, spin and drift.

A world starts from real clusters of independent reports of one event (the BASIL triplets in ../shared,
and the fictional demo corpus's independent reports when it is present). In each cluster one real
article is the *source*, and synthetic outlets derive from it: a faithful copy, copies with neutral
chrome, with copy-desk edits that change no fact, with partisan sidebars (appended or inserted between
paragraphs), with facts changed that other independent reports also state, with spinner swaps, with
several of these, and a copy of a spun copy. Every change is labelled with its exact span in the
output text. Some clusters hide the source, so the spinners' source is not in the corpus.

The word lists come from `scoring/evaluation/data/` (written for the generator only) and, at run time,
from ../shared (tortured phrases, AllSides headlines). Same seed, same world.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from random import Random

from scoring.evaluation.shared import ROOT, read_jsonl, shared_file

DATA = Path(__file__).resolve().parent / "data"
DEMO = ROOT / "sources" / "demo"
PENALISED = ("spin", "drift", "sidebar")  # kinds that make an article altered; boilerplate never does


@dataclass(frozen=True)
class Change:
    """One labelled change in an output text; `text == output[start:end]`, `expected` is what it replaced."""

    kind: str  # spin | drift | sidebar | boilerplate | desk (a copy-desk edit: not an alteration)
    type: str  # e.g. number, weekday, synonym, tortured-phrase, partisan-right, chrome, house-number
    start: int
    end: int
    text: str
    expected: str = ""


@dataclass
class Doc:
    """An article text with the labelled changes it carries."""

    text: str
    changes: list[Change] = field(default_factory=list)  # kinds spin, drift, sidebar, boilerplate
    desk: list[Change] = field(default_factory=list)  # copy-desk edits: labelled, never alterations


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] by before + new + after; the label covers `new` only."""

    start: int
    end: int
    new: str
    kind: str
    type: str
    expected: str = ""
    before: str = ""
    after: str = ""


@dataclass
class ArticleLabel:
    id: str
    outlet: str
    story: str
    profile: str  # "independent" for a real report, else the synthetic outlet's profile
    source: str | None  # the article it derives from (may be hidden), None for a real report
    altered: bool
    changes: list[Change]
    desk: list[Change]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class World:
    seed: int
    articles: list[dict]  # import format: id, outlet, title, published, text
    labels: dict[str, ArticleLabel]
    outlets: dict[str, str]  # outlet -> "faithful" | "altered"
    hidden: list[str]  # ids of real source articles kept out of the corpus

    def labels_dict(self) -> dict:
        """The labels as written to labels.json."""
        return {"seed": self.seed, "hidden_sources": self.hidden, "outlets": self.outlets,
                "articles": {k: v.to_dict() for k, v in sorted(self.labels.items())}}


@dataclass(frozen=True)
class Profile:
    """What one synthetic outlet does to the source it copies."""

    outlet: str
    truth: str  # faithful | altered
    spin: tuple[int, int] = (0, 0)  # how many swaps, inclusive range
    drift: tuple[int, int] = (0, 0)  # how many facts changed
    sidebar: str = ""  # "" | "end" | "mid"
    side: str = ""  # left | right | "" (either, chosen per article)
    chrome: tuple[int, int] = (0, 0)  # neutral chrome blocks added
    neutral_list: float = 0.0  # chance of a neutral headline list ("Most Read" of centre outlets)
    desk: tuple[int, int] = (0, 0)  # copy-desk edits that change no fact
    copies: str = ""  # copies this other outlet's output instead of the source
    from_hidden: bool = False  # in a hidden-source cluster, still derives from the hidden source


# Outlet names are fictional and say nothing about what the outlet does.
PROFILES = (
    Profile("Northgate Wire", "faithful"),
    Profile("Elm Street Journal", "faithful", chrome=(2, 4), neutral_list=0.5),
    Profile("Copperfield Courier", "faithful", desk=(2, 4)),
    Profile("Bayside Herald", "faithful", chrome=(1, 2), desk=(1, 3), neutral_list=0.3),
    Profile("Riverside Bulletin", "altered", sidebar="end", side="right", chrome=(0, 1)),
    Profile("Lakeshore Ledger", "altered", sidebar="mid", side="left", chrome=(1, 2)),
    Profile("Summit Dispatch", "altered", drift=(2, 4)),
    Profile("Valley Observer", "altered", drift=(1, 1)),
    Profile("Pinecrest Post", "altered", spin=(6, 10), from_hidden=True),
    Profile("Harborview Times", "altered", spin=(2, 3), from_hidden=True),
    Profile("Meadowbrook Mirror", "altered", spin=(3, 5), drift=(1, 2), sidebar="end", chrome=(1, 2),
            from_hidden=True),
    # Copies the heavy spinner's output: the closest sentence to every spun one is then its own copy.
    Profile("Granite Gazette", "altered", copies="Pinecrest Post", chrome=(1, 2), from_hidden=True),
)
PRESENCE = 0.8  # chance that a synthetic outlet covers a given cluster


# ---------------------------------------------------------------- word lists


def _lines(name: str) -> list[str]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.rstrip("\n"))
    return out


def _pairs(name: str) -> list[tuple[str, str]]:
    out = []
    for number, line in enumerate(_lines(name), start=1):
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise ValueError(f"{DATA / name}: entry {number} is not 'original<TAB>replacement': {line!r}")
        out.append((parts[0].strip(), parts[1].strip()))
    return out


@lru_cache(maxsize=1)
def _tortured_pairs() -> tuple[tuple[str, str], ...]:
    """Tortured phrases (original -> spun) usable as literal swaps in news text."""
    out = []
    for row in read_jsonl(shared_file("realdata", "tortured_phrases_pps", "tortured_phrases.jsonl")):
        orig, spun = (row.get("original") or "").strip(), (row.get("spun") or "").strip()
        if not row.get("fingerprint_is_simple_phrase") or not re.fullmatch(r"[A-Za-z][A-Za-z -]*[A-Za-z]", orig):
            continue  # curator notes, query operators or symbols: not a literal phrase
        if not re.fullmatch(r"[A-Za-z][A-Za-z -]*[A-Za-z]", spun) or spun.lower() == orig.lower():
            continue
        # Single short words ("by", "are") are noise in this list; keep phrases and long words.
        if " " in orig or len(orig) >= 7:
            out.append((orig, spun))
    return tuple(out)


@lru_cache(maxsize=1)
def _headlines() -> dict[str, tuple[str, ...]]:
    """AllSides headlines by label (left, center, right), whitespace-normalised, of list-item length."""
    by: dict[str, list[str]] = {"left": [], "center": [], "right": []}
    for row in read_jsonl(shared_file("realdata", "allsides_article_bias", "articles.jsonl")):
        h = " ".join((row.get("headline") or "").split())
        # Headline-list items are short: keep headlines of the length a "Trending" box shows.
        if row.get("label") in by and 20 <= len(h) <= 100:
            by[row["label"]].append(h)
    return {k: tuple(sorted(set(v))) for k, v in by.items()}


# ---------------------------------------------------------------- applying edits


def apply_edits(doc: Doc, edits: list[Edit]) -> Doc:
    """The edited text with every old label shifted and every new label placed; refuses overlaps."""
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    for a, b in zip(edits, edits[1:]):
        if b.start < a.end:
            raise ValueError(f"overlapping edits at {a.start}-{a.end} and {b.start}-{b.end}")
    old = doc.changes + doc.desk
    for e in edits:
        for c in old:
            if (e.start < c.end and c.start < e.end) or c.start < e.start < c.end:
                raise ValueError(f"edit at {e.start}-{e.end} touches the label {c}")
    parts, new_labels, pos, shift = [], [], 0, 0
    shifts = []  # (source offset up to which the running shift applies, shift)
    for e in edits:
        parts.append(doc.text[pos:e.start])
        out_start = e.start + shift + len(e.before)
        parts.append(e.before + e.new + e.after)
        if e.kind:
            new_labels.append(Change(e.kind, e.type, out_start, out_start + len(e.new), e.new, e.expected))
        shift += len(e.before) + len(e.new) + len(e.after) - (e.end - e.start)
        shifts.append((e.end, shift))
        pos = e.end
    parts.append(doc.text[pos:])
    text = "".join(parts)

    def moved(c: Change) -> Change:
        s = 0
        for end, sh in shifts:
            if end <= c.start:
                s = sh
        return replace(c, start=c.start + s, end=c.end + s)

    changes = [moved(c) for c in doc.changes] + [c for c in new_labels if c.kind != "desk"]
    desk = [moved(c) for c in doc.desk] + [c for c in new_labels if c.kind == "desk"]
    out = Doc(text, sorted(changes, key=lambda c: c.start), sorted(desk, key=lambda c: c.start))
    check_spans(out)
    return out


def check_spans(doc: Doc) -> None:
    """Every label's text is exactly its slice of the output; raises ValueError otherwise."""
    for c in doc.changes + doc.desk:
        if doc.text[c.start:c.end] != c.text:
            raise ValueError(f"label {c.kind}/{c.type} at {c.start}-{c.end} is {doc.text[c.start:c.end]!r}, "
                             f"not {c.text!r}")


def _free(doc: Doc, start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    for s, e in taken + [(c.start, c.end) for c in doc.changes + doc.desk]:
        if start < e and s < end:
            return False
        if start == end and s < start < e:
            return False
    return True


def _pick(doc: Doc, candidates: list[Edit], k: int, rng: Random, taken: list[tuple[int, int]]) -> list[Edit]:
    """Up to k candidates that overlap neither each other, `taken` nor an existing label."""
    chosen = []
    pool = list(candidates)
    rng.shuffle(pool)
    for e in pool:
        if len(chosen) >= k:
            break
        if _free(doc, e.start, e.end, taken):
            chosen.append(e)
            taken.append((e.start, e.end))
    return chosen


# ---------------------------------------------------------------- spin


def _match_case(original: str, new: str) -> str:
    words = original.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in new.split())
    return new[:1].upper() + new[1:] if original[:1].isupper() else new


def spin_candidates(text: str) -> list[Edit]:
    """Every place where a generator phrase or a tortured phrase's original occurs, as a swap."""
    out = []
    lists = [("synonym", _pairs("phrase_swaps.tsv")), ("tortured-phrase", list(_tortured_pairs()))]
    lowered = text.lower()
    for kind, pairs in lists:
        for orig, spun in pairs:
            if orig.lower() not in lowered:
                continue  # cheap pre-check: most of the 7,000 phrases occur nowhere
            for m in re.finditer(r"(?<![\w-])" + re.escape(orig) + r"(?![\w-])", text, re.IGNORECASE):
                out.append(Edit(m.start(), m.end(), _match_case(m.group(), spun), "spin", kind, m.group()))
    return out


# ---------------------------------------------------------------- drift

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
UNITS = ("hour", "day", "week", "month", "year", "decade")
DATELINE = re.compile(r"([A-Z][A-Z.,]*(?: [A-Z][A-Z.,]*)*) (—|--) ")  # "WASHINGTON — " opening a report
_TITLES = r"(?:Mr\.|Ms\.|Mrs\.|Dr\.|Sen\.|Rep\.|Gov\.|President|Senator|Governor|Judge|Secretary)"


def _norm_words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def _stated(phrase: str, others_norm: list[str]) -> bool:
    """True when some other independent report states the same words."""
    needle = _norm_words(phrase)
    return needle.strip() != "" and any(needle in o for o in others_norm)


def _after_month(text: str, pos: int) -> bool:
    return re.search(r"\b(" + "|".join(MONTHS) + r"|" + "|".join(_AP_MONTHS.values()).replace(".", r"\.")
                     + r") $", text[max(0, pos - 12):pos]) is not None


def _new_number(old: str, rng: Random) -> str:
    value = float(old.replace(",", ""))
    if value < 20:
        new = value + rng.choice([2, 3, 4, 6])
    else:
        new = round(value * rng.choice([0.5, 1.5, 2, 3]))
    if new == value:
        new = value + 7
    text = f"{int(new):,}" if "," in old else str(int(new))
    return text


def drift_candidates(text: str, others: list[str], rng: Random) -> list[Edit]:
    """Facts in `text` that another independent report also states, each with a changed value."""
    others_norm = [_norm_words(o) for o in others]
    out: list[Edit] = []

    def add(start: int, end: int, new: str, typ: str, context: str) -> None:
        if new != text[start:end] and _stated(context, others_norm):
            out.append(Edit(start, end, new, "drift", typ, text[start:end]))

    for m in re.finditer(r"\b(" + "|".join(WEEKDAYS) + r")\b", text):
        add(m.start(), m.end(), rng.choice([d for d in WEEKDAYS if d != m.group()]), "weekday", m.group())
    for m in re.finditer(r"\b(" + "|".join(MONTHS) + r") (\d{1,2})\b", text):
        day = int(m.group(2))
        add(m.start(2), m.end(2), str((day + rng.randint(2, 9) - 1) % 28 + 1), "date", m.group())
    for m in re.finditer(r"(?<![\w,.$])(19[5-9]\d|20[0-3]\d)(?![\w,])", text):
        add(m.start(), m.end(), str(int(m.group()) + rng.choice([-2, -1, 1, 2])), "date", m.group())
    for m in re.finditer(r"\b(\d+|a|an|" + "|".join(NUMBER_WORDS) + r")([ -])(" + "|".join(UNITS) + r")(s?)\b",
                         text, re.IGNORECASE):
        unit = rng.choice([u for u in UNITS if u != m.group(3).lower()])
        add(m.start(3), m.end(3), unit, "duration", m.group())
    for m in re.finditer(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w%-]|[.,]\d)", text):
        if re.fullmatch(r"19[5-9]\d|20[0-3]\d", m.group()) or _after_month(text, m.start()):
            continue  # a year or a day of the month: the date rules above
        add(m.start(), m.end(), _new_number(m.group(), rng), "number", m.group())
    for m in re.finditer(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", text):
        word = m.group()
        new = rng.choice([w for w in NUMBER_WORDS if w != word.lower()])
        add(m.start(), m.end(), _match_case(word, new), "number", word)
    for m in re.finditer(_TITLES + r" ([A-Z][a-z]{2,})\b", text):
        new = rng.choice([s for s in _lines("surnames.txt") if s != m.group(1)])
        add(m.start(1), m.end(1), new, "name", m.group(1))
    nationalities = _lines("nationalities.txt")
    for m in re.finditer(r"\b(" + "|".join(nationalities) + r")\b", text):
        add(m.start(), m.end(), rng.choice([n for n in nationalities if n != m.group()]), "nationality", m.group())
    roles = _lines("roles.txt")
    for m in re.finditer(r"\b(" + "|".join(roles) + r")\b", text, re.IGNORECASE):
        new = rng.choice([r for r in roles if r != m.group().lower()])
        add(m.start(), m.end(), _match_case(m.group(), new), "role", m.group())
    swaps = dict((a.lower(), b) for a, b in _pairs("word_swaps.tsv"))
    for q in re.finditer(r"“([^”\n]{10,400})”|\"([^\"\n]{10,400})\"", text):
        words = list(re.finditer(r"\w+", q.group()))
        for i, w in enumerate(words):
            if w.group().lower() in swaps:
                window = text[q.start() + words[max(0, i - 2)].start():q.start() + words[min(len(words) - 1, i + 2)].end()]
                start, end = q.start() + w.start(), q.start() + w.end()
                add(start, end, _match_case(w.group(), swaps[w.group().lower()]), "quote", window)
    return out


# ---------------------------------------------------------------- blocks: sidebars and chrome


def _paragraph_breaks(doc: Doc) -> list[int]:
    """Offsets of the blank lines between paragraphs (where a block can be inserted); line breaks when the
    text has no blank lines."""
    breaks = [m.start() for m in re.finditer(r"\n\n", doc.text)]
    return breaks if len(breaks) >= 2 else [m.start() for m in re.finditer(r"\n", doc.text)]


def _headline_list(rng: Random, label: str, loaded_side: str | None,
                   headlines: dict[str, tuple[str, ...]] | None = None) -> str:
    """A heading and 4-6 headlines of `label`'s outlets (from `headlines`, all of AllSides by default)."""
    pool = (headlines or _headlines())[label]
    items = rng.sample(pool, rng.randint(4, 6))
    if loaded_side:
        templates = [t for s, t in _pairs("loaded.tsv") if s == loaded_side]
        # Mixed with loaded wording: about half the items get a loaded frame.
        items = [rng.choice(templates).replace("{h}", h) if rng.random() < 0.5 else h for h in items]
    return rng.choice(_lines("list_headings.txt")) + "\n" + "\n".join(items)


def _block_edit(doc: Doc, block: str, where: str, rng: Random, kind: str, typ: str,
                taken: list[tuple[int, int]]) -> Edit | None:
    breaks = _paragraph_breaks(doc)
    if where == "end":
        places = [(len(doc.text), "\n\n", "")]
    elif where == "top":
        places = [(0, "", "\n\n")]
    else:  # between paragraphs, away from both ends
        inner = breaks[1:-1] or breaks
        places = [(b, "\n\n", "") for b in inner]
    rng.shuffle(places)
    for pos, before, after in places:
        if _free(doc, pos, pos, taken):
            taken.append((pos, pos))
            return Edit(pos, pos, block, kind, typ, "", before, after)
    return None


def chrome_edits(doc: Doc, n: int, neutral_list: float, rng: Random, taken: list[tuple[int, int]]) -> list[Edit]:
    """n neutral chrome blocks (top, between paragraphs or at the end), maybe a neutral headline list."""
    edits = []
    for block in rng.sample(_lines("chrome.txt"), n):
        e = _block_edit(doc, block.replace("\\n", "\n"), rng.choice(["top", "mid", "end"]), rng,
                        "boilerplate", "chrome", taken)
        if e:
            edits.append(e)
    if rng.random() < neutral_list:
        e = _block_edit(doc, _headline_list(rng, "center", None), rng.choice(["mid", "end"]), rng,
                        "boilerplate", "neutral-headlines", taken)
        if e:
            edits.append(e)
    return edits


# ---------------------------------------------------------------- copy-desk edits (no fact changes)

_AP_MONTHS = {"January": "Jan.", "February": "Feb.", "August": "Aug.", "September": "Sept.",
              "October": "Oct.", "November": "Nov.", "December": "Dec."}
_DIGIT_WORDS = {str(i + 2): w for i, w in enumerate(NUMBER_WORDS[:8])}  # 2..9


def _in_quotes(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"“[^”\n]*”|\"[^\"\n]*\"", text)]


def desk_candidates(doc: Doc, rng: Random, dateline: str = "") -> list[Edit]:
    """House-style edits: numbers 2-9 as words or digits (outside quotations), AP month abbreviations,
    honorifics dropped, the cluster's own dateline added, the last paragraph trimmed. None changes a fact."""
    text, out = doc.text, []
    quoted = _in_quotes(text)

    def outside(m: re.Match) -> bool:
        return not any(s <= m.start() < e for s, e in quoted)

    for m in re.finditer(r"(?<![\w.,$-])([2-9])(?![\w%-]|[.,]\d)", text):
        if not _after_month(text, m.start()) and outside(m):
            out.append(Edit(m.start(), m.end(), _DIGIT_WORDS[m.group()], "desk", "house-number", m.group()))
    words_to_digits = {w: d for d, w in _DIGIT_WORDS.items()}
    for m in re.finditer(r"(?<![\w-])(" + "|".join(words_to_digits) + r")(?![\w-])", text):
        if outside(m):
            out.append(Edit(m.start(), m.end(), words_to_digits[m.group()], "desk", "house-number", m.group()))
    for m in re.finditer(r"\b(" + "|".join(_AP_MONTHS) + r")(?= \d)", text):
        out.append(Edit(m.start(), m.end(), _AP_MONTHS[m.group()], "desk", "month-abbreviation", m.group()))
    for m in re.finditer(r"\b(Mr\.|Ms\.|Mrs\.) (?=[A-Z])", text):
        out.append(Edit(m.start(), m.end(), "", "desk", "honorific", m.group()))
    if dateline and not DATELINE.match(text):
        out.append(Edit(0, 0, dateline, "desk", "dateline", "", "", " "))
    breaks = _paragraph_breaks(doc)
    if len(breaks) >= 4:
        out.append(Edit(breaks[-1], len(text), "", "desk", "trimmed-ending", text[breaks[-1]:]))
    return out


# ---------------------------------------------------------------- building a world


@dataclass
class _Real:
    id: str
    outlet: str
    title: str
    published: date
    doc: Doc
    cluster: str


def _basil_clusters() -> dict[str, list[_Real]]:
    out: dict[str, list[_Real]] = {}
    path = shared_file("realdata", "basil_same_event_triplets", "articles.jsonl")
    for row in read_jsonl(path):
        real = _Real(row["id"], row["outlet"], row.get("title") or "", date.fromisoformat(row["date"]),
                     Doc(row["text"]), row["cluster"])
        out.setdefault(real.cluster, []).append(real)
    return out


def _demo_clusters(folder: Path = DEMO) -> dict[str, list[_Real]]:
    """The demo corpus's independent faithful reports, grouped by story, with their chrome labelled."""
    if not (folder / "articles.jsonl").exists() or not (folder / "labels.json").exists():
        return {}
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    rows = {r["id"]: r for r in read_jsonl(folder / "articles.jsonl")}
    out: dict[str, list[_Real]] = {}
    for story, ids in sorted(labels["stories"].items()):
        for aid in ids:
            lab = labels["articles"][aid]
            if lab.get("role") != "faithful" or lab.get("copy_of"):
                continue
            row = rows[aid]
            doc = Doc(row["text"])
            for f in lab.get("findings", []):
                start = row["text"].find(f["text"])
                if f["kind"] != "boilerplate" or start < 0:
                    raise ValueError(f"{folder / 'labels.json'}: {aid} has a finding that is not locatable chrome")
                doc.changes.append(Change("boilerplate", "chrome", start, start + len(f["text"]), f["text"]))
            doc.changes.sort(key=lambda c: c.start)
            published = date.fromisoformat(row["published"][:10])
            out.setdefault("demo:" + story, []).append(
                _Real(aid, row["outlet"], row.get("title") or "", published, doc, "demo:" + story))
    return {k: v for k, v in out.items() if len(v) >= 2}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def build_world(seed: int = 0, clusters: int | None = None, hidden_share: float = 0.25,
                use_demo: bool = True, profiles: tuple[Profile, ...] = PROFILES,
                variants: tuple[str, ...] = ()) -> World:
    """A labelled world from `clusters` real clusters (all when None); same seed, same world. `variants`: the
    harder worlds (VARIANTS), applied to the plain world in that order; with none, the plain world exactly."""
    rng = Random(seed)
    pool = _basil_clusters()
    if use_demo:
        pool.update(_demo_clusters())
    keys = sorted(pool)
    if clusters is not None and clusters < len(keys):
        keys = sorted(rng.sample(keys, clusters))
    articles, labels, hidden = [], {}, []
    outlets = {p.outlet: p.truth for p in profiles}
    for ci, key in enumerate(keys):
        reals = sorted(pool[key], key=lambda r: r.id)
        source = reals[rng.randrange(len(reals))]
        # Hide only where two real reports remain, so a consensus can still exist.
        hide = len(reals) >= 3 and rng.random() < hidden_share
        alt = next(r for r in reals if r is not source) if hide else source
        if hide:
            hidden.append(source.id)
        for r in reals:
            outlets.setdefault(r.outlet, "faithful")
            if r is source and hide:
                continue
            articles.append(_record(r.id, r.outlet, r.title, r.published, r.doc.text))
            labels[r.id] = ArticleLabel(r.id, r.outlet, key, "independent", None, False,
                                        list(r.doc.changes), [])
        made: dict[str, tuple[str, Doc]] = {}
        for p in profiles:
            if rng.random() >= PRESENCE or (p.copies and p.copies not in made):
                continue
            base = source if (p.from_hidden or not hide) else alt
            others = [r.doc.text for r in reals if r is not base]
            if p.copies:
                origin, start_doc = made[p.copies]
            else:
                origin, start_doc = base.id, base.doc
            doc = _derive(start_doc, p, others, rng)
            aid = f"w{seed}:{ci:03d}:{_slug(p.outlet)}"
            made[p.outlet] = (aid, doc)
            published = base.published + timedelta(days=rng.choice([0, 0, 1]))
            articles.append(_record(aid, p.outlet, base.title, published, doc.text))
            altered = any(c.kind in PENALISED for c in doc.changes)
            labels[aid] = ArticleLabel(aid, p.outlet, key, _slug(p.outlet), origin, altered, doc.changes, doc.desk)
    world = World(seed, articles, labels, outlets, hidden)
    check_world(world)
    return harden(world, variants) if variants else world


def _record(aid: str, outlet: str, title: str, published: date, text: str) -> dict:
    return {"id": aid, "outlet": outlet, "title": title, "published": published.isoformat(), "text": text}


def _dateline(texts: list[str]) -> str:
    """The dateline another report of the cluster opens with ("" when none does): a copy desk adds the
    real place of the story, so two copies never disagree about it."""
    for t in texts:
        m = DATELINE.match(t)
        if m:
            return m.group(1) + " " + m.group(2)
    return ""


def _derive(doc: Doc, p: Profile, others: list[str], rng: Random) -> Doc:
    """Apply a profile's changes to a copy of `doc`: facts and swaps first, then blocks around them."""
    taken: list[tuple[int, int]] = []
    edits: list[Edit] = []
    if p.drift[1]:
        edits += _pick(doc, drift_candidates(doc.text, others, rng), rng.randint(*p.drift), rng, taken)
    if p.spin[1]:
        edits += _pick(doc, spin_candidates(doc.text), rng.randint(*p.spin), rng, taken)
    if p.desk[1]:
        edits += _pick(doc, desk_candidates(doc, rng, _dateline(others)), rng.randint(*p.desk), rng, taken)
    if edits:
        doc = apply_edits(doc, edits)
    taken, blocks = [], []
    if p.sidebar:
        side = p.side or rng.choice(["left", "right"])
        e = _block_edit(doc, _headline_list(rng, side, side), p.sidebar, rng, "sidebar", f"partisan-{side}", taken)
        if e:
            blocks.append(e)
    if p.chrome[1] or p.neutral_list:
        blocks += chrome_edits(doc, rng.randint(*p.chrome), p.neutral_list, rng, taken)
    return apply_edits(doc, blocks) if blocks else Doc(doc.text, list(doc.changes), list(doc.desk))


def check_world(world: World) -> None:
    """Every label span matches its article text; every article has a label. Raises ValueError."""
    texts = {a["id"]: a["text"] for a in world.articles}
    if set(texts) != set(world.labels):
        raise ValueError("articles and labels disagree on the ids")
    for aid, lab in world.labels.items():
        check_spans(Doc(texts[aid], lab.changes, lab.desk))


def scale(world: World, n_articles: int) -> World:
    """A bigger world: the clusters repeated with renamed outlets and ids and dates shifted by 60 days a round."""
    articles, labels, outlets = [], {}, {}
    by_story: dict[str, list[dict]] = {}
    for a in world.articles:
        by_story.setdefault(world.labels[a["id"]].story, []).append(a)
    stories = sorted(by_story)
    if not stories:
        raise ValueError("cannot scale an empty world")
    round_ = 0
    while len(articles) < n_articles:
        for story in stories:
            for a in by_story[story]:
                if len(articles) >= n_articles:
                    break
                lab = world.labels[a["id"]]
                suffix = f" {round_ + 1}" if round_ else ""
                aid = f"{a['id']}~{round_}" if round_ else a["id"]
                day = date.fromisoformat(a["published"]) + timedelta(days=60 * round_)
                articles.append({**a, "id": aid, "outlet": a["outlet"] + suffix, "published": day.isoformat()})
                labels[aid] = replace(lab, id=aid, outlet=lab.outlet + suffix, story=f"{lab.story}~{round_}",
                                      source=(f"{lab.source}~{round_}" if round_ and lab.source else lab.source))
                outlets[a["outlet"] + suffix] = world.outlets[a["outlet"]]
        round_ += 1
    return World(world.seed, articles, labels, outlets, list(world.hidden))


def write_world(world: World, folder: Path) -> tuple[Path, Path]:
    """Write articles.jsonl (import format) and labels.json into `folder`, each all or nothing."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "articles.jsonl", folder / "labels.json"
    bodies = ("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in world.articles),
              json.dumps(world.labels_dict(), ensure_ascii=False, indent=1))
    for path, body in zip(paths, bodies):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)  # atomic: a reader never sees half a file
    return paths


# ---------------------------------------------------------------- harder worlds

# Each is a flag of `make_world` and a variant of the full evaluation. Every change they make is faithful and
# labelled in `desk` (never an alteration), so a spin or drift finding on it counts against precision.
VARIANTS = ("versions", "developing", "same-days", "flat")
WIRE_OUTLET = "Eastgate Daily"  # fictional: republishes wire copies in the other house style
_SENTENCE = re.compile(r"[^.!?\n]+[.!?][\"”’]?(?= |$)")
_FIGURE = re.compile(r"(?<![\w.,$-])(\d{1,3}(?:,\d{3})+|\d{2,})(?![\w%-]|[.,]\d)")


def _variant_rng(seed: int, name: str) -> Random:
    """Each variant draws from its own stream, so the plain world (and every other variant) is unchanged."""
    return Random(f"{seed}:{name}")


def spelling_candidates(text: str) -> list[Edit]:
    """US spellings to UK and UK to US (data/us_uk.tsv), as house-style edits."""
    out = []
    for us, uk in _pairs("us_uk.tsv"):
        for old, new in ((us, uk), (uk, us)):
            for m in re.finditer(r"(?<![\w-])" + re.escape(old) + r"(?![\w-])", text, re.IGNORECASE):
                out.append(Edit(m.start(), m.end(), _match_case(m.group(), new), "desk", "spelling", m.group()))
    return out


def figure_candidates(text: str, rng: Random, typ: str) -> list[Edit]:
    """Numbers of 10 or more (not years, not days of a month) with an updated value."""
    out = []
    for m in _FIGURE.finditer(text):
        if re.fullmatch(r"19[5-9]\d|20[0-3]\d", m.group()) or _after_month(text, m.start()):
            continue
        out.append(Edit(m.start(), m.end(), _new_number(m.group(), rng), "desk", typ, m.group()))
    return out


def _sentence_edits(doc: Doc, others: list[str], rng: Random) -> list[Edit]:
    """One sentence removed (never the first) and one sentence of another report added at a paragraph's end."""
    out = []
    sentences = list(_SENTENCE.finditer(doc.text))[1:]
    if sentences:
        m = rng.choice(sentences)
        end = m.end() + (1 if doc.text[m.end():m.end() + 1] == " " else 0)
        out.append(Edit(m.start(), end, "", "desk", "sentence-removed", doc.text[m.start():end]))
    pool = [m.group().strip() for o in others for m in _SENTENCE.finditer(o) if len(m.group().split()) >= 6]
    breaks = _paragraph_breaks(doc)
    if pool and breaks:
        pos = rng.choice(breaks)
        out.append(Edit(pos, pos, rng.choice(pool), "desk", "sentence-added", "", " ", ""))
    return out


def _republish(doc: Doc, others: list[str], dateline: str, rng: Random, later_version: bool) -> Doc:
    taken: list[tuple[int, int]] = []
    edits: list[Edit] = []
    edits += _pick(doc, spelling_candidates(doc.text), rng.randint(1, 3), rng, taken)
    if later_version:
        edits += _pick(doc, _sentence_edits(doc, others, rng), 2, rng, taken)
        edits += _pick(doc, figure_candidates(doc.text, rng, "figure-updated"), 1, rng, taken)
    style = [e for e in desk_candidates(doc, rng, dateline) if e.type in ("dateline", "trimmed-ending")]
    edits += _pick(doc, style, 1 if later_version else 2, rng, taken)
    return apply_edits(doc, edits) if edits else Doc(doc.text, list(doc.changes), list(doc.desk))


def _by_story(world: World) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for a in world.articles:
        out.setdefault(world.labels[a["id"]].story, []).append(a)
    return out


def add_versions(world: World, rng: Random, share: float = 0.5) -> World:
    """In about half the stories, one real report is republished twice: as a later version by its own outlet
    (a sentence removed, one from another report added, a figure updated, spellings, a dateline or a trimmed
    ending) and as a wire copy by WIRE_OUTLET (spellings, dateline, trimmed ending). All faithful, in `desk`."""
    articles, labels = list(world.articles), dict(world.labels)
    outlets = dict(world.outlets)
    for story, rows in sorted(_by_story(world).items()):
        reals = [a for a in rows if world.labels[a["id"]].profile == "independent"]
        if len(reals) < 2 or rng.random() >= share:
            continue
        r = rng.choice(reals)
        others = [a["text"] for a in reals if a is not r]
        base = Doc(r["text"], list(world.labels[r["id"]].changes), [])
        day = date.fromisoformat(r["published"])
        for suffix, outlet, later in (("v2", r["outlet"], True), ("wire", WIRE_OUTLET, False)):
            doc = _republish(base, others, _dateline(others), rng, later)
            aid = f"{r['id']}~{suffix}"
            articles.append(_record(aid, outlet, r["title"], day + timedelta(days=rng.choice([0, 1])), doc.text))
            labels[aid] = ArticleLabel(aid, outlet, story, "version" if later else "wire-copy", r["id"], False,
                                       doc.changes, doc.desk)
            outlets.setdefault(outlet, "faithful")
    return World(world.seed, articles, labels, outlets, list(world.hidden))


def add_developing(world: World, rng: Random) -> World:
    """In every story where a figure of the source is stated by another report too, the later reports update
    it: the faithful synthetic copies (each with chance one half, at least one) say a new value and are
    published two days after the story's first report. The update is faithful, labelled in `desk`."""
    faithful = {_slug(p.outlet) for p in PROFILES if p.truth == "faithful"}
    texts = {a["id"]: a for a in world.articles}
    changed: dict[str, dict] = {}
    new_labels = dict(world.labels)
    for story, rows in sorted(_by_story(world).items()):
        copies = [a for a in rows if world.labels[a["id"]].profile in faithful]
        reals = [a for a in rows if world.labels[a["id"]].profile == "independent"]
        if not copies or len(reals) < 2:
            continue
        # A figure every copy states and a real report states too: the consensus of the early reports.
        norm = [_norm_words(a["text"]) for a in reals]
        figures = sorted({m.group() for m in _FIGURE.finditer(copies[0]["text"])
                          if not re.fullmatch(r"19[5-9]\d|20[0-3]\d", m.group())
                          and all(re.search(r"(?<![\w.,])" + re.escape(m.group()) + r"(?![\w]|[.,]\d)", c["text"])
                                  for c in copies) and any(f" {m.group().replace(',', ' ')} " in n for n in norm)})
        if not figures:
            continue
        old = rng.choice(figures)
        new = _new_number(old, rng)
        later = [c for c in copies if rng.random() < 0.5] or [rng.choice(copies)]
        first = min(date.fromisoformat(a["published"]) for a in rows)
        for c in later:
            lab = world.labels[c["id"]]
            doc = Doc(c["text"], list(lab.changes), list(lab.desk))
            edits = [Edit(m.start(), m.end(), new, "desk", "developing-update", old)
                     for m in re.finditer(r"(?<![\w.,])" + re.escape(old) + r"(?![\w]|[.,]\d)", c["text"])
                     if _free(doc, m.start(), m.end(), [])]
            if not edits:
                continue
            doc = apply_edits(doc, edits)
            changed[c["id"]] = {**c, "text": doc.text, "published": (first + timedelta(days=2)).isoformat()}
            new_labels[c["id"]] = replace(lab, changes=doc.changes, desk=doc.desk)
    articles = [changed.get(a["id"], a) for a in world.articles]
    return World(world.seed, articles, new_labels, dict(world.outlets), list(world.hidden))


def same_days(world: World, rng: Random, window: int = 3) -> World:
    """Every story moved to a day drawn inside one `window`-day window (its articles keep their spacing), so
    dates cannot tell events apart."""
    stories = _by_story(world)
    start = min(date.fromisoformat(a["published"]) for a in world.articles)
    shift = {}
    for story, rows in sorted(stories.items()):
        first = min(date.fromisoformat(a["published"]) for a in rows)
        shift[story] = start + timedelta(days=rng.randrange(window)) - first
    articles = [{**a, "published": (date.fromisoformat(a["published"]) + shift[world.labels[a["id"]].story]).isoformat()}
                for a in world.articles]
    return World(world.seed, articles, dict(world.labels), dict(world.outlets), list(world.hidden))


def flatten_doc(doc: Doc) -> Doc:
    """The text on one line (every run of white space one space, none at the ends), labels moved with it."""
    text = doc.text
    new: list[str] = []
    where = [0] * (len(text) + 1)  # old offset -> new offset
    i = 0
    while i < len(text):
        if text[i].isspace():
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            keep = bool(new) and j < len(text)  # no space at either end
            for k in range(i, j):
                where[k] = len(new)
            if keep:
                new.append(" ")
            i = j
        else:
            where[i] = len(new)
            new.append(text[i])
            i += 1
    where[len(text)] = len(new)
    out = "".join(new)

    def moved(c: Change) -> Change:
        s = where[c.start]
        e = where[c.end - 1] + 1 if c.end > c.start and not text[c.end - 1].isspace() else where[c.end]
        e = max(s, e)
        return replace(c, start=s, end=e, text=out[s:e])

    return Doc(out, [moved(c) for c in doc.changes], [moved(c) for c in doc.desk])


def flat(world: World) -> World:
    """Every article on one line (as many feeds deliver text), every label moved with its text."""
    articles, labels = [], {}
    for a in world.articles:
        lab = world.labels[a["id"]]
        doc = flatten_doc(Doc(a["text"], list(lab.changes), list(lab.desk)))
        articles.append({**a, "text": doc.text})
        labels[a["id"]] = replace(lab, changes=doc.changes, desk=doc.desk)
    return World(world.seed, articles, labels, dict(world.outlets), list(world.hidden))


def harden(world: World, variants: tuple[str, ...]) -> World:
    """The plain world with the named variants applied in VARIANTS order; raises ValueError on an unknown one."""
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        raise ValueError(f"unknown world variant(s): {', '.join(sorted(unknown))}; known: {', '.join(VARIANTS)}")
    steps = {"versions": lambda w: add_versions(w, _variant_rng(w.seed, "versions")),
             "developing": lambda w: add_developing(w, _variant_rng(w.seed, "developing")),
             "same-days": lambda w: same_days(w, _variant_rng(w.seed, "same-days")),
             "flat": flat}
    for name in VARIANTS:
        if name in variants:
            world = steps[name](world)
            check_world(world)
    return world
