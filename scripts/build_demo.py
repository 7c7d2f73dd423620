"""Build the fictional demo corpus (sources/demo: outlets.json, articles.jsonl, labels.json) from the texts below.

Run `python scripts/build_demo.py` after editing a text. Spun and republished copies are derived from their
source article by the swaps and edits listed with them, so editing a source regenerates its copies; every
swapped phrase must occur exactly once in the source. tests/sources/test_demo_corpus.py checks the result.
"""
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "sources" / "demo"

HH = "The Harbour Herald"
CC = "Calder Valley Courier"
NPA = "Northline Press Agency"
WBC = "Westmarch Broadcasting"
LEP = "Lowmoor Evening Post"
NP = "NewsPulse Daily"
RR = "The Rampart Report"

OUTLETS = [
    {"name": HH, "slug": "harbour-herald", "domains": "harbourherald.example,www.harbourherald.example",
     "homepage": "https://www.harbourherald.example/", "feed_url": "", "country": "GB", "language": "en",
     "notes": "Fictional (demo corpus). Careful regional daily in Port Calder; reports independently."},
    {"name": CC, "slug": "calder-valley-courier", "domains": "caldervalleycourier.example",
     "homepage": "https://caldervalleycourier.example/", "feed_url": "", "country": "GB", "language": "en",
     "notes": "Fictional (demo corpus). Careful reader-funded regional paper; makes two factual slips in the corpus."},
    {"name": NPA, "slug": "northline-press-agency", "domains": "northlinepress.example,wire.northlinepress.example",
     "homepage": "https://northlinepress.example/", "feed_url": "", "country": "GB", "language": "en",
     "notes": "Fictional (demo corpus). Wire service; its stories are republished by other outlets."},
    {"name": WBC, "slug": "westmarch-broadcasting", "domains": "wbc.example,news.wbc.example",
     "homepage": "https://wbc.example/news/westmarch", "feed_url": "", "country": "GB", "language": "en",
     "notes": "Fictional (demo corpus). Public broadcaster's news site; reports independently."},
    {"name": LEP, "slug": "lowmoor-evening-post", "domains": "lowmoorpost.example",
     "homepage": "https://lowmoorpost.example/", "feed_url": "", "country": "GB", "language": "en",
     "notes": "Fictional (demo corpus). Small daily that runs wire copy with copy-desk edits only."},
    {"name": NP, "slug": "newspulse-daily", "domains": "newspulsedaily.example",
     "homepage": "https://newspulsedaily.example/", "feed_url": "", "country": "US", "language": "en",
     "notes": "Fictional (demo corpus). Aggregator publishing automatically spun copies of other outlets' "
              "articles, usually with drifted facts."},
    {"name": RR, "slug": "rampart-report", "domains": "rampartreport.example",
     "homepage": "https://rampartreport.example/", "feed_url": "", "country": "GB", "language": "en",
     "notes": "Fictional (demo corpus). Hyper-partisan site: rewrites stories mostly fairly, then adds blocks "
              "of loaded one-sided headlines."},
]
DOMAIN = {o["name"]: o["domains"].split(",")[0] for o in OUTLETS}
OUTLET_TRUTH = {HH: "faithful", CC: "faithful", NPA: "faithful", WBC: "faithful", LEP: "faithful",
                NP: "altered", RR: "altered"}


class B(str):
    """Neutral site chrome: reported as boilerplate, never penalised."""
    kind = "boilerplate"


class S(str):
    """A partisan sidebar block: heading plus loaded headlines."""
    kind = "sidebar"


ARTICLES: list[dict] = []
LABELS: dict[str, dict] = {}
STORIES: dict[str, list[str]] = {}
BODY: dict[str, str] = {}  # id -> story body with paragraphs separated by blank lines
_current = [None]


def story(key):
    STORIES[key] = []
    _current[0] = key


def drift(text, expected, why):
    return {"kind": "drift", "text": text, "expected": expected, "why": why}


def add(outlet, published, slug, title, body, top=(), bottom=(), mid=None, show_title=False, sep="\n\n",
        role="faithful", copy_of=None, findings=()):
    """Store one article; chrome and sidebars (B/S parts) become findings automatically."""
    id_ = f"demo-{len(ARTICLES) + 1:03d}"
    body = body.strip("\n")
    paragraphs = body.split("\n\n")
    if mid is not None:  # a sidebar between paragraphs
        after, block = mid
        paragraphs = paragraphs[:after] + [block] + paragraphs[after:]
    parts = ([title] if show_title else []) + list(top) + paragraphs + list(bottom)
    text = sep.join(parts)
    found = [{"kind": p.kind, "text": str(p), "expected": ""} for p in parts if isinstance(p, (B, S))]
    found += list(findings)
    url = f"https://{DOMAIN[outlet]}/{published[:4]}/{published[5:7]}/{slug}"
    ARTICLES.append({"id": id_, "outlet": outlet, "domain": DOMAIN[outlet], "url": url, "title": title,
                     "published": published, "text": text})
    LABELS[id_] = {"outlet": outlet, "role": role, "copy_of": copy_of, "findings": found}
    STORIES[_current[0]].append(id_)
    BODY[id_] = body
    return id_


def spun(source, published, slug, title, swaps, strip=(), sep="\n"):
    """An aggregator copy of `source`'s body, sentence by sentence, with synonym swaps and drifted facts.

    swaps: (old, new, how) with how "spin", "drift:<why>" or "spin+drift:<why>" (a swap inside a quotation).
    strip: text removed first without a finding (a wire dateline the aggregator drops).
    """
    body = BODY[source]
    for old in strip:
        assert body.count(old) == 1, (source, old)
        body = body.replace(old, "")
    findings, has_drift = [], False
    for old, new, how in swaps:
        assert body.count(old) == 1, (source, old, body.count(old))
        body = body.replace(old, new)
        for part in how.split("+"):
            if part == "spin":
                findings.append({"kind": "spin", "text": new, "expected": old})
            else:
                kind, why = part.split(":")
                assert kind == "drift"
                has_drift = True
                findings.append(drift(new, old, why))
    role = "spun+drifted" if has_drift else "spun"
    return add(NP, published, slug, title, body, sep=sep, role=role, copy_of=source, findings=findings)


def republished(source, outlet, published, slug, title, edits=(), drop_last=False, top=(), bottom=(),
                sep="\n\n"):
    """A near-verbatim copy of a wire story: copy-desk edits only, no findings beyond the chrome."""
    body = BODY[source]
    for old, new in edits:
        assert body.count(old) >= 1, (source, old)
        body = body.replace(old, new)
    if drop_last:
        body = body.rsplit("\n\n", 1)[0]
    return add(outlet, published, slug, title, body, top=top, bottom=bottom, sep=sep, role="republished",
               copy_of=source)


def write():
    """Check every label against its text, then write the three files."""
    for a in ARTICLES:
        for f in LABELS[a["id"]]["findings"]:
            n = a["text"].count(f["text"])
            assert n == 1, (a["id"], f["text"], n)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "outlets.json").write_text(json.dumps(OUTLETS, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with (OUT / "articles.jsonl").open("w", encoding="utf-8") as f:
        for a in ARTICLES:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    labels = {"stories": STORIES, "articles": LABELS, "outlet_truth": OUTLET_TRUTH}
    (OUT / "labels.json").write_text(json.dumps(labels, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")



HH_SHARE = B("Share: Facebook / X / Email / Print")
HH_FOOT = B("© 2026 The Harbour Herald. All rights reserved.\nTerms | Privacy | Contact the newsroom")
HH_NEWS = B("Sign up for our morning newsletter\nThe Herald Briefing brings you the day’s news from Port Calder "
            "and the coast at 7am, Monday to Saturday.\nSign up")
HH_NEWS_SHORT = B("Get the Herald Briefing: sign up for our morning newsletter, free, in your inbox by 7am.")
CC_DONATE = B("The Courier is independent and paid for by its readers. If you value reporting from the Calder "
              "valley, please consider supporting us from £3 a month.\nSupport the Courier")
CC_FOOT = B("Calder Valley Courier · Independent local news since 1874 · Contact us · Privacy · Terms")
WBC_TOP = B("WBC News | Westmarch")
WBC_SHARE = B("Share this story\nFacebook\nX\nWhatsApp\nEmail")
WBC_FOOT = B("© 2026 WBC. Westmarch Broadcasting Corporation is a public service broadcaster.")
LEP_TOP = B("Lowmoor Evening Post · News")
LEP_CREDIT = B("This story was supplied by Northline Press Agency.")
LEP_SUB = B("Get the Evening Post delivered: subscribe from £1 a week, print and digital.\nSubscribe")
LEP_FOOT = B("© 2026 Lowmoor Evening Post, part of Fellside Media Ltd.")


def npa_credit(reporter, editor):
    return B(f"(Reporting by {reporter}; editing by {editor})")


# ---------------------------------------------------------------- 1. Old Calder Bridge closes
story("calder-bridge-closure-2026-08")

npa_bridge = add(NPA, "2026-08-03T14:10:00+00:00", "old-calder-bridge-to-close-for-14-weeks",
    "Port Calder's Old Calder Bridge to close for 14 weeks over corroded bearings", """
PORT CALDER, Aug 3 (NPA) - The Old Calder Bridge in Port Calder will close to all traffic from 6am on Tuesday for 14 weeks after inspectors found severe corrosion in two of its steel bearings, Westmarch County Council said on Monday.

The 1931 bridge carries about 22,000 vehicles a day across the River Calder and is the main route between the town centre and the docks.

Pedestrians and cyclists will still be able to use the footway on the eastern side while the work is carried out, the council said.

Drivers will be diverted over the Millgate Bridge, which the council warned could add up to 20 minutes to journeys at peak times.

"We will not take risks with public safety," said Priya Nandakumar, the council's head of highways. "The bearings have deteriorated faster than anyone expected, and the only responsible course is to close the bridge while we replace them."

The repairs are expected to cost £3.2 million.

Gareth Lyle, the council's cabinet member for transport, said: "I know this will be painful for businesses on both banks of the river, and we will do everything we can to keep traffic moving."
""", bottom=[npa_credit("Sian Carrow", "Tom Ebdon")])

republished(npa_bridge, LEP, "2026-08-03T16:45:00+00:00", "old-calder-bridge-closure-14-weeks",
    "Old Calder Bridge to close for 14 weeks",
    edits=[("£3.2 million", "£3.2m"), ("20 minutes", "20 mins")],
    top=[LEP_TOP], bottom=[LEP_CREDIT, LEP_SUB, LEP_FOOT])

hh_bridge = add(HH, "2026-08-03T17:20:00+00:00", "old-calder-bridge-shuts-corrosion-bearings",
    "Old Calder Bridge shuts for 14 weeks as corrosion found in bearings", """
Two steel bearings under the main span of the Old Calder Bridge have corroded so badly that the crossing will be shut to cars, vans and lorries for 14 weeks. The barriers go up on Tuesday at 6am.

Motorists were given less than a day’s notice: the county council made its announcement on Monday afternoon.

The council’s highways chief, Priya Nandakumar, defended the haste. “We will not take risks with public safety,” she said. “The bearings have deteriorated faster than anyone expected, and the only responsible course is to close the bridge while we replace them.”

Built in 1931, the crossing normally takes some 22,000 vehicles daily, many of them lorries and vans going between the docks and the town centre.

Until the repair is finished, drivers are being sent round by the Millgate Bridge. At peak times, the council reckons, that detour may add as much as 20 minutes.

Anyone walking or cycling can keep using the eastern footway.

New bearings will cost an estimated £3.2 million. It is the first major work on the structure since 2009, when it was resurfaced and given new railings.

On Quay Street, shopkeepers were already worrying about passing trade. Their fears were recognised by Gareth Lyle, the transport lead in the council’s cabinet, who promised help: “I know this will be painful for businesses on both banks of the river, and we will do everything we can to keep traffic moving.”
""", show_title=True, top=[HH_SHARE, "By Eleanor Vance"], bottom=[HH_NEWS, HH_FOOT])

add(WBC, "2026-08-04T07:05:00+01:00", "old-calder-bridge-closure-what-drivers-need-to-know",
    "Old Calder Bridge closes: what drivers need to know", """
Anyone who drives across the River Calder in Port Calder will need a new route for the next three months and more: the Old Calder Bridge shut at 6am on Tuesday.

Inspectors working for Westmarch County Council found that two of the bridge's steel bearings were badly corroded. Replacing them is expected to take 14 weeks and to cost about £3.2m.

"We will not take risks with public safety," Priya Nandakumar, who runs highways for the county, told WBC. "The bearings have deteriorated faster than anyone expected, and the only responsible course is to close the bridge while we replace them."

Signs now point motorists towards the Millgate Bridge. Journeys there could be up to 20 minutes longer during the rush hour, according to council estimates.

On a normal weekday roughly 22,000 vehicles use it.

Routes 4 and 17 have been diverted, bus operator Calder Connect said. People on foot or on bikes are unaffected: they can still cross using the eastern footway.

Gareth Lyle, who holds the transport brief in the council cabinet, said: "I know this will be painful for businesses on both banks of the river, and we will do everything we can to keep traffic moving."
""", show_title=True, top=[WBC_TOP, B("Published 4 August 2026")],
    bottom=[B("Travel updates on WBC Radio Westmarch every 15 minutes from 6am."), WBC_SHARE, WBC_FOOT])

spun(hh_bridge, "2026-08-04T10:30:00+00:00", "old-calder-bridge-shuts-four-weeks",
    "Old Calder Bridge shuts for four weeks as erosion found in orientations", [
    ("for 14 weeks", "for four weeks", "drift:duration"),
    ("steel bearings", "steel orientations", "spin"),
    ("main span", "principal stretch", "spin"),
    ("less than a day’s notice", "not as much as a day’s notification", "spin"),
    ("town centre", "town core", "spin"),
    ("At peak times", "At pinnacle occasions", "spin"),
    ("public safety", "open security", "spin+drift:quote"),
    ("highways chief", "thoroughfares boss", "spin"),
    ("passing trade", "passing exchange", "spin"),
    ("the transport lead", "the finance lead", "drift:role"),
])

# ---------------------------------------------------------------- 2. Dockworkers vote to strike
story("port-strike-ballot-2026-08")

add(NPA, "2026-08-12T12:40:00+00:00", "port-calder-dockworkers-vote-to-strike",
    "Port Calder dockworkers vote to strike over pay", """
PORT CALDER, Aug 12 (NPA) - Dockworkers at Port Calder's container terminal will walk out for 10 days from Monday 24 August after voting for strike action in a dispute over pay, the Dock and Harbour Workers' Union (DHWU) said on Wednesday.

Of the 640 union members balloted at Calder Gateway Terminals, 87 per cent voted in favour of a strike on a turnout of 71 per cent, the union said.

The company has offered a pay rise of 3.5 per cent. The union is seeking 7 per cent, arguing that wages have fallen behind rents and food prices in the town.

"Our members kept this port running through every storm and every shortage," said Martin Okafor, the union's regional organiser. "They are not asking for the moon. They are asking for a pay rise that keeps up with their rent."

Calder Gateway Terminals said in a statement that it was disappointed by the result. "Our offer is fair and affordable, and our door remains open to talks," it said.

The terminal is the largest container facility in Westmarch. Shipping lines have been advised to expect delays.
""", bottom=[npa_credit("Sian Carrow", "Amira Hollis")])

add(HH, "2026-08-12T15:05:00+00:00", "dock-strike-set-for-august-24",
    "Dock strike set for 24 August after workers back walkout", """
A 3.5% pay offer has been thrown out by dockworkers at Calder Gateway Terminals, and the port now faces a 10-day walkout starting on Monday 24 August.

The result was announced on Wednesday. Of 640 members of the Dock and Harbour Workers’ Union entitled to vote, 71% returned a ballot paper, and 87% of those backed strike action.

Their union is holding out for 7%. “Our members kept this port running through every storm and every shortage,” said Martin Okafor, who organises for the union across the region. “They are not asking for the moon. They are asking for a pay rise that keeps up with their rent.”

Management at the terminal were disappointed. “Our offer is fair and affordable, and our door remains open to talks,” a spokesperson told the Herald.

No stoppage has hit the port since 2011, when crane drivers stayed out for three days.

Hauliers and warehouse owners along Dock Road, who live off the terminal’s traffic, fear they will be hit too.
""", show_title=True, top=[B("Picture: Cranes at the Calder Gateway container terminal / Herald staff")],
    bottom=[HH_SHARE, B("Most Read\n1. Lowmoor bakery wins regional award for third year running\n"
                        "2. Lifeguards extend season at Kestrel Bay beach\n"
                        "3. New timetable for the Calder ferry starts next month\n"
                        "4. Obituary: Margaret Doyle, founder of the Quay Street arts festival"), HH_FOOT])

add(CC, "2026-08-12T17:30:00+00:00", "port-workers-to-strike-for-ten-days",
    "Port workers to strike for ten days", """
Strike action has won overwhelming support at Port Calder’s container terminal, where 87% of union members who voted said yes.

A ten-day walkout at Calder Gateway Terminals will start on Monday 24 August, the Dock and Harbour Workers’ Union confirmed.

Some 640 members could vote, and turnout was 71%.

Pay lies at the heart of the dispute. Bosses have tabled a 3.5% increase; the union wants 7%.

“Our members kept this port running through every storm and every shortage. They are not asking for the moon. They are asking for a pay rise that keeps up with their rent,” regional organiser Martin Okafor told the Courier.

In a statement, the terminal’s owners said they were disappointed: “Our offer is fair and affordable, and our door remains open to talks.”
""", sep="\n", top=[B("Photo: The container terminal at Port Calder / Courier Staff")],
    bottom=[CC_DONATE, B("Read more: Harbour authority publishes plans for new ferry berth"), CC_FOOT])

add(WBC, "2026-08-12T19:00:00+01:00", "container-terminal-workers-back-10-day-strike",
    "Container terminal workers back 10-day strike", """
A 10-day stoppage is set to bring Port Calder's container terminal to a halt later this month.

Staff at Calder Gateway Terminals who belong to the Dock and Harbour Workers' Union have backed industrial action; their walkout is due to begin on Monday 24 August.

The union balloted 640 workers. Turnout reached 71%, and 87% voted yes.

The row is over pay. A 3.5% rise is on the table from the company; the union says its members need 7%.

Martin Okafor, the union's organiser for the region, said: "Our members kept this port running through every storm and every shortage. They are not asking for the moon. They are asking for a pay rise that keeps up with their rent."

Calder Gateway Terminals replied with a short statement: "Our offer is fair and affordable, and our door remains open to talks."

According to the union, no further negotiations have been arranged.
""", show_title=True, top=[WBC_TOP],
    bottom=[B("Related topics: Port Calder | Industrial action | Shipping"), WBC_SHARE, WBC_FOOT])

add(RR, "2026-08-13T08:15:00+00:00", "dock-union-to-shut-down-port-calder",
    "Dock union to shut down Port Calder for 10 days", """
Ten days. That is how long the Dock and Harbour Workers’ Union plans to keep Calder Gateway Terminals shut, starting on Monday 24 August, after its members voted for a strike over pay.

The numbers: 640 members balloted, a turnout of 71%, and 87% in favour.

Management put 3.5% on the table. The union is demanding 7%, twice as much.

Its regional organiser, Martin Okafor, insisted: “Our members kept this port running through every storm and every shortage. They are not asking for the moon. They are asking for a pay rise that keeps up with their rent.”

The terminal operator stands by its offer: “Our offer is fair and affordable, and our door remains open to talks.”

Hauliers who depend on the port say nobody has told them how long the disruption could last.
""", show_title=True, role="partisan", bottom=[S(
    "Trending\n"
    "- Union Bosses Hold Port Calder to RANSOM While Families Pay the Price\n"
    "- Civic Forward’s Cosy Deal With Strike Chiefs Finally Exposed\n"
    "- Lowmoor Taxpayers Footing the Bill for Council’s Vanity Bridge Fiasco\n"
    "- Why Won’t the County Hall Elite Admit Their Net Zero Scheme Has Failed?\n"
    "- Loyal Dockers Break Ranks: “We Were Bullied Into Voting Yes”\n"
    "- Green Zealots Now Coming for Your Weekend Barbecue")])

# ---------------------------------------------------------------- 3. Dock strike ends with a deal
story("port-strike-deal-2026-08")

npa_deal = add(NPA, "2026-08-30T20:20:00+00:00", "port-calder-dock-strike-ends-pay-deal",
    "Port Calder dock strike ends after pay deal", """
PORT CALDER, Aug 30 (NPA) - Dockworkers at Port Calder's container terminal will return to work on Monday after their union and Calder Gateway Terminals reached a pay deal on Sunday, ending a strike that had shut the terminal for seven days.

The two-year agreement gives the 640 workers a 5.5 per cent rise this year, backdated to 1 July, and 4 per cent next year, plus a one-off payment of £1,000, the Dock and Harbour Workers' Union said.

The union had been seeking 7 per cent against an original offer of 3.5 per cent.

"This deal is a victory for every docker who stood on that picket line," said Martin Okafor, the union's regional organiser. Members will vote on the agreement over the next two weeks, and the strike has been suspended in the meantime.

Calder Gateway Terminals said it was pleased that normal operations would resume on Monday morning.

The strike began on 24 August and had been due to run until Wednesday.
""", bottom=[npa_credit("Dylan Marsh", "Tom Ebdon")])

republished(npa_deal, LEP, "2026-08-30T21:40:00+00:00", "dock-strike-ends-after-pay-deal",
    "Dock strike ends after pay deal",
    edits=[(" per cent", "%"), ("Aug 30", "Aug. 30")],
    top=[B("Advertisement"), LEP_TOP], bottom=[LEP_CREDIT, LEP_FOOT])

add(HH, "2026-08-31T05:30:00+00:00", "dock-strike-over-workers-win-rise",
    "Dock strike over as workers win 5.5% rise", """
Cranes at Port Calder’s container terminal will be moving again this morning. Late on Sunday the Dock and Harbour Workers’ Union and Calder Gateway Terminals shook hands on a two-year settlement, and the strike is off.

It lasted seven days of a planned 10. Pickets first stood at the gates last Monday.

Each of the 640 dockers gets a £1,000 lump sum. Pay goes up by 5.5% for 2026, with effect from 1 July, and by 4% in 2027.

“This deal is a victory for every docker who stood on that picket line,” was the verdict of Martin Okafor, the regional organiser who led the union’s campaign.

Managers at the terminal said they were glad to see normal working return from Monday morning.

The settlement is not yet final. Until union members have voted on it, in a ballot lasting two weeks, the walkout is only suspended.

The harbour authority said at least 18 ships had been diverted to other ports during the stoppage.
""", show_title=True, sep="\n", top=["By Eleanor Vance, Business Reporter"],
    bottom=[B("Read more: How the dock strike unfolded, day by day"), HH_NEWS_SHORT, HH_FOOT])

cc_deal = add(CC, "2026-08-31T08:10:00+00:00", "deal-ends-port-calder-dock-strike",
    "Deal ends Port Calder dock strike after seven days", """
The Port Calder dock strike is over after seven days, and union leaders are calling the two-year settlement a victory.

Work at Calder Gateway Terminals restarted this morning. Members of the Dock and Harbour Workers’ Union walked out on Monday 24 August, planning to stay out for 10 days, but the two sides agreed terms on Sunday night.

The pay rise is 5.5% for 2026, backdated to 1 July, followed by 4% in 2027. There is a £1,000 bonus too, paid once to each of the 640 staff.

That compares with an opening offer of 3.5% from the company and a union claim of 7%.

“This deal is a victory for every docker who stood on that picket line,” regional organiser Martin Okafor said.

The company welcomed a return to normal operations from Monday morning.

The strike is suspended, not cancelled, while the membership votes on the offer over the next two weeks.
""", top=[B("Photo: Pickets at the terminal gates last week / Courier Staff")],
    bottom=[B("Most Read\n1. Calder valley farmers warn of poor potato harvest\n2. Ashby Fell walking festival "
              "returns in September\n3. Primary school wins national chess title"), CC_FOOT])

spun(cc_deal, "2026-08-31T14:00:00+00:00", "port-calder-dock-walkout-ended-nine-days",
    "Port Calder dock walkout ended after nine days", [
    ("after seven days", "after nine days", "drift:duration"),
    ("union leaders", "association pioneers", "spin"),
    ("walked out", "strolled out", "spin"),
    ("pay rise", "pay ascent", "spin"),
    ("£1,000 bonus", "£1,500 premium", "spin+drift:number"),
    ("picket line", "picket column", "spin+drift:quote"),
    ("over the next two weeks", "throughout the following fourteen days", "spin"),
])


# ---------------------------------------------------------------- 4. Lowmoor flood
story("lowmoor-flood-2026-08")

add(HH, "2026-08-20T07:10:00+00:00", "lowmoor-flooding-310-evacuated-river-marle",
    "Lowmoor flooding: 310 evacuated as River Marle bursts its banks", """
Boats were launched in the streets of Lowmoor overnight as fire crews went house to house, pulling 23 people from homes cut off by the River Marle.

The river rose after hours of torrential rain. The weather service measured 68mm in the 12 hours up to Wednesday evening, and by daybreak around 140 homes were under water.

In all, 310 residents were evacuated, most of them to Lowmoor Leisure Centre, where camp beds, hot food and dry clothes were laid on. At 2.40am on Thursday the county council declared a major incident.

Tanners Row and Mill Lane took the worst of it. People living there said the water climbed to waist height within an hour.

“I have never seen the Marle rise so quickly,” Sandra Ellery, who leads the council, told the Herald. “Our priority today is getting people warm, dry and safe.”

The crews’ efforts drew praise from Dev Chaudhry, a group manager with the fire service: “Crews worked through the night in very difficult conditions, and I am proud of every one of them.”

Nobody was seriously hurt.
""", show_title=True, top=[HH_SHARE, "By Tom Greenhalgh"],
    bottom=[B("Sign up for our morning newsletter\nFlood updates, road closures and the day’s news, in your "
              "inbox at 7am.\nSign up"), HH_FOOT])

add(CC, "2026-08-20T09:45:00+00:00", "lowmoor-counts-cost-of-floods",
    "‘Never seen it rise so quickly’: Lowmoor counts cost of floods", """
A hardship fund offering £500 to every flooded household has been opened by Westmarch County Council as Lowmoor starts to clean up.

Around 140 homes took in water when the River Marle overtopped late on Wednesday, and 310 people had to leave.

It had rained 68mm in 12 hours. By 2.40am on Thursday the council had declared a major incident.

Crews from Westmarch Fire and Rescue Service took 23 people to safety in boats. “Crews worked through the night in very difficult conditions, and I am proud of every one of them,” said group manager Dev Chaudhry.

Those who left their homes were put up at Lowmoor Leisure Centre.

Sandra Ellery, the council leader, said: “I have never seen the Marle rise so quickly. Our priority today is getting people warm, dry and safe.”

Nobody was seriously injured, according to the council.
""", top=[B("Photo: Flood water in Mill Lane, Lowmoor / Courier Staff")],
    bottom=[B("Local news costs money to make. The Courier has no billionaire owner: it is funded by readers "
              "like you. Give once or monthly from £3.\nDonate"),
            B("Read more: Where to get help if your home has flooded"), CC_FOOT])

wbc_flood = add(WBC, "2026-08-20T08:30:00+01:00", "lowmoor-homes-flooded-river-marle",
    "Lowmoor: Hundreds leave homes as River Marle floods town", """
Hundreds of people were forced from their homes in Lowmoor overnight after the River Marle burst its banks following a day of heavy rain.

About 140 homes were flooded and 310 people were evacuated, Westmarch County Council said. Many spent the night at a rest centre set up at Lowmoor Leisure Centre.

Firefighters rescued 23 people by boat from streets near the river. No serious injuries have been reported.

The council declared a major incident at 2.40am on Thursday.

According to the weather service, 68mm of rain fell in 12 hours on Wednesday, more than the town would normally expect in a month.

Group manager Dev Chaudhry, of Westmarch Fire and Rescue Service, said: "Crews worked through the night in very difficult conditions, and I am proud of every one of them."

Council leader Sandra Ellery said: "I have never seen the Marle rise so quickly. Our priority today is getting people warm, dry and safe."

Roads in the town centre remain closed and residents are being asked to avoid the area.
""", show_title=True, top=[WBC_TOP, B("Watch: Aerial footage shows flooded streets in Lowmoor")],
    bottom=[B("Are you affected by the flooding? Get in touch: newsdesk@wbc.example"), WBC_SHARE, WBC_FOOT])

add(NPA, "2026-08-20T05:50:00+00:00", "river-marle-floods-lowmoor",
    "Hundreds evacuated as river floods Westmarch town", """
LOWMOOR, Aug 20 (NPA) - Floodwater from the River Marle swept into about 140 homes in the Westmarch town of Lowmoor overnight, forcing the evacuation of 310 residents, 23 of whom firefighters rescued by boat, officials said on Thursday.

The downpour, 68mm in 12 hours on Wednesday, led Westmarch County Council to declare a major incident at 2.40am.

Lowmoor Leisure Centre took in evacuees overnight. Nobody was reported seriously hurt.

"I have never seen the Marle rise so quickly," said Sandra Ellery, the council's leader. "Our priority today is getting people warm, dry and safe."
""", bottom=[npa_credit("Sian Carrow", "Amira Hollis")])

spun(wbc_flood, "2026-08-20T13:15:00+00:00", "lowmoor-river-marle-blasted-banks",
    "Hundreds constrained from homes as River Marle blasts banks", [
    ("forced from their homes", "constrained from their homes", "spin"),
    ("burst its banks", "blasted its banks", "spin"),
    ("heavy rain", "weighty rain", "spin"),
    ("rest centre", "rest focus", "spin"),
    ("rescued 23 people", "rescued 32 people", "drift:number"),
    ("major incident", "significant episode", "spin"),
    ("2.40am on Thursday", "2.40am on Tuesday", "drift:weekday"),
    ("Fire and Rescue Service", "Fire and Salvage Administration", "spin"),
    ("very difficult conditions", "extremely troublesome conditions", "spin+drift:quote"),
    ("town centre", "town core", "spin"),
])

add(RR, "2026-08-20T11:00:00+00:00", "lowmoor-under-water-again",
    "Lowmoor under water as River Marle bursts its banks", """
Residents of Lowmoor spent Thursday wading through their own living rooms after the River Marle overflowed in the night.

Wednesday’s downpour dumped 68mm on the town in just 12 hours. County Hall did not declare a major incident until 2.40am on Thursday, by which time roughly 140 homes were flooded and 310 people had been forced out.

Firefighters went out in boats for 23 people trapped by the water. The evacuated were sent to sleep on camp beds in the town’s leisure centre.

"I have never seen the Marle rise so quickly," council leader Sandra Ellery said. "Our priority today is getting people warm, dry and safe."

On Mill Lane, residents say they have been begging the council for better flood defences for years.
""", show_title=True, role="partisan", mid=(3, S(
    "Don't Miss\n"
    "- Civic Forward Spent Flood Defence Cash on Cycle Lanes. Now Lowmoor Drowns.\n"
    "- Council Leader’s Pathetic Excuses Won’t Dry a Single Carpet\n"
    "- Eco-Cranks Blocked River Dredging for a Decade — Here Are Their Names\n"
    "- SHOCK: Asylum Hotel Got Sandbags Before Local Pensioners Did\n"
    "- Betrayed Again: Lowmoor Left to Sink While County Hall Parties")),
    bottom=[S(
    "Most Popular\n"
    "- The Coastal Alliance Is the Only Party Standing Up for Flooded Families\n"
    "- County Hall Elite Caught Hiding Flood Warnings From the Public\n"
    "- Woke Council Bans Union Jack Bunting at Lowmoor Gala\n"
    "- Net Zero Madness Will Cost Every Westmarch Family £3,000 a Year\n"
    "- Cowardly Civic Forward Councillors Refuse to Face Angry Residents\n"
    "- They Want Your Car, Your Boiler and Your Barbecue. Don’t Let Them.")])

# ---------------------------------------------------------------- 5. Ashby Fell wildfire
story("ashby-fell-wildfire-2026-08")

cc_fire = add(CC, "2026-08-28T16:30:00+00:00", "ashby-fell-wildfire-450-hectares",
    "Ashby Fell wildfire scorches 450 hectares", """
A wildfire that has been burning on Ashby Fell since Wednesday afternoon has now scorched about 450 hectares of moorland, fire chiefs said on Friday.

At the height of the blaze, 60 firefighters from 11 stations were tackling the flames, supported by a helicopter dropping water.

Around 120 residents of Thornwick were evacuated from their homes on Thursday night as the fire moved towards the village. They were allowed to return on Friday evening.

The cause of the fire is under investigation, but Westmarch Fire and Rescue Service believes it may have been started by a disposable barbecue.

Area manager Lorna Beckett said: “Please leave the barbecue at home. The moor is as dry as I have seen it in twenty years.”

Crews are expected to remain on the fell for several days to damp down hotspots.
""", sep="\n", top=[B("Photo: Smoke rising over Ashby Fell on Thursday / Courier Staff")],
    bottom=[CC_DONATE, CC_FOOT])

add(WBC, "2026-08-29T08:00:00+01:00", "ashby-fell-moorland-fire-thornwick",
    "Ashby Fell: Thornwick residents return home as moor fire burns on", """
Smoke is still rising from Ashby Fell, where a moorland fire that broke out on Wednesday afternoon has now blackened about 450 hectares.

People in Thornwick were able to go home on Friday evening. About 120 of them had been moved out on Thursday night as a precaution.

Eleven fire stations sent crews, and at the busiest point 60 firefighters were on the moor. A helicopter has been water-bombing the flames.

The fire service says it is the biggest moorland blaze in Westmarch since 2018. It suspects a disposable barbecue.

"Please leave the barbecue at home. The moor is as dry as I have seen it in twenty years," said Lorna Beckett, an area manager.
""", show_title=True, top=[WBC_TOP],
    bottom=[B("Most read on WBC Westmarch\n1. Ferry fares to rise in October\n2. Kestrel Bay lifeboat crew "
              "honoured\n3. Quiz: How well do you know the Westmarch coast?"), WBC_FOOT])

add(NPA, "2026-08-28T18:05:00+00:00", "ashby-fell-wildfire-thornwick-residents-return",
    "Westmarch moorland fire burns 450 hectares; villagers allowed home", """
THORNWICK, Aug 28 (NPA) - Villagers evacuated from Thornwick on Thursday night were allowed back on Friday evening while firefighters battled flames on Ashby Fell, where some 450 hectares of Westmarch moorland have burned since Wednesday, the fire service said.

About 120 people had left the village. At its peak, 11 stations had 60 firefighters on the fell, with a helicopter in support.

Investigators from the county fire service, who have yet to establish the cause, said a disposable barbecue may have been to blame.

"Please leave the barbecue at home," area manager Lorna Beckett said. "The moor is as dry as I have seen it in twenty years."
""", bottom=[npa_credit("Dylan Marsh", "Amira Hollis")])

spun(cc_fire, "2026-08-29T06:40:00+00:00", "ashby-fell-wildfire-4500-hectares",
    "Ashby Fell wildfire scorches 4,500 hectares", [
    ("450 hectares", "4,500 hectares", "drift:number"),
    ("fire chiefs", "blaze bosses", "spin"),
    ("At the height of the blaze", "At the stature of the blaze", "spin"),
    ("tackling the flames", "handling the flames", "spin"),
    ("under investigation", "under examination", "spin"),
    ("disposable barbecue", "expendable grill", "spin"),
    ("twenty years", "ten years", "drift:quote"),
    ("damp down hotspots", "moisten down problem areas", "spin"),
])

add(HH, "2026-08-29T06:45:00+00:00", "thornwick-residents-home-after-ashby-fell-fire",
    "Thornwick residents home after Ashby Fell fire", """
Thornwick’s evacuees are home again. The 120 villagers, moved out on Thursday night when a wildfire on Ashby Fell crept to within a few hundred metres of their houses, got the all-clear on Friday evening.

Since it started on Wednesday afternoon the fire has burned through about 450 hectares of heather and grass.

Crews from 11 stations, 60 firefighters when the blaze was at its worst, have been backed up by a helicopter carrying water.

“Please leave the barbecue at home,” was the plea from area manager Lorna Beckett. “The moor is as dry as I have seen it in twenty years.” Investigators suspect a disposable barbecue started it.

Firefighters will be on the fell for several more days.
""", show_title=True, top=["By Tom Greenhalgh"], bottom=[HH_SHARE, HH_NEWS_SHORT, HH_FOOT])

# ---------------------------------------------------------------- 6. Kestrel Bay by-election
story("kestrel-bay-by-election-2026-09")

add(HH, "2026-09-11T06:30:00+00:00", "coastal-alliance-takes-kestrel-bay",
    "Coastal Alliance takes Kestrel Bay in by-election", """
The Coastal Alliance has taken Kestrel Bay from Civic Forward in a county council by-election, ending the ruling group’s 13-year hold on the seat.

Alys Penhallow won 2,184 votes, a majority of 277 over Civic Forward’s Tomasz Wielgosz, who polled 1,907. Ruth Ashdown of Green Westmarch came third with 612.

Turnout was 31.4%.

The by-election on Thursday was called after the death in July of Bernard Quayle, who had represented Kestrel Bay for Civic Forward since 2013.

Speaking at the count in the early hours of Friday, Ms Penhallow said: “Kestrel Bay has asked for a council that listens. I intend to be a councillor who turns up.”

Mr Wielgosz said: “We ran a positive campaign, and I congratulate Alys on her win.”

The result does not change control of Westmarch County Council, where Civic Forward keeps its majority.
""", show_title=True, top=["By Eleanor Vance, Local Democracy Reporter", HH_SHARE], bottom=[HH_NEWS, HH_FOOT])

add(CC, "2026-09-11T08:00:00+00:00", "kestrel-bay-elects-alys-penhallow",
    "Kestrel Bay elects Alys Penhallow", """
Voters in Kestrel Bay have elected Alys Penhallow of the Coastal Alliance as their new county councillor.

Ms Penhallow received 2,184 votes in Thursday’s by-election. Tomasz Wielgosz, the Civic Forward candidate, was second with 1,907 votes and Ruth Ashdown, for Green Westmarch, third with 612.

The seat had been held by Civic Forward since 2013. It fell vacant when councillor Bernard Quayle died in July.

Turnout was 31.4%, a little higher than at the last by-election in the county.

“Kestrel Bay has asked for a council that listens,” Ms Penhallow said after the result was declared on Friday morning. “I intend to be a councillor who turns up.”

Civic Forward continues to run the council.
""", bottom=[B("Read more: Meet the four candidates standing in Kestrel Bay"), CC_DONATE, CC_FOOT])

add(WBC, "2026-09-11T06:15:00+01:00", "kestrel-bay-by-election-result",
    "Kestrel Bay by-election: Coastal Alliance gains seat", """
The Coastal Alliance's Alys Penhallow is the new county councillor for Kestrel Bay after Thursday's by-election.

She finished 277 votes clear of Tomasz Wielgosz, who was defending the seat for Civic Forward: 2,184 to 1,907.

Green Westmarch candidate Ruth Ashdown polled 612. Just under a third of the electorate took part, a turnout of 31.4%.

Civic Forward had held Kestrel Bay since 2013. The vote was needed because its councillor there, Bernard Quayle, died in July.

The winner told supporters at the count: "Kestrel Bay has asked for a council that listens. I intend to be a councillor who turns up."

Mr Wielgosz was gracious in defeat: "We ran a positive campaign, and I congratulate Alys on her win."

His party still has a majority on the council.
""", show_title=True, top=[WBC_TOP, B("Published 11 September 2026")], bottom=[WBC_SHARE, WBC_FOOT])

add(NPA, "2026-09-11T03:20:00+00:00", "coastal-alliance-wins-kestrel-bay-by-election",
    "Opposition wins Westmarch council by-election", """
KESTREL BAY, Sept 11 (NPA) - A by-election on Thursday handed the Kestrel Bay seat on Westmarch County Council to the opposition Coastal Alliance, ending Civic Forward's hold on the ward, although the ruling group retains its majority.

Tomasz Wielgosz, defending the ward for Civic Forward, polled 1,907, which was 277 fewer than Alys Penhallow's 2,184. A distant third, with 612, was Ruth Ashdown, for Green Westmarch. Only 31.4 per cent of the electorate voted.

The contest followed the July death of Bernard Quayle, whose Civic Forward tenure there began in 2013.

"Kestrel Bay has asked for a council that listens," Penhallow said. "I intend to be a councillor who turns up."
""", bottom=[npa_credit("Sian Carrow", "Tom Ebdon")])

add(RR, "2026-09-11T10:00:00+00:00", "civic-forward-loses-kestrel-bay",
    "Civic Forward loses Kestrel Bay", """
Thirteen years of Civic Forward rule in Kestrel Bay are over.

With 2,184 votes to Tomasz Wielgosz’s 1,907, the Coastal Alliance’s Alys Penhallow swept to victory in Thursday’s by-election. Limping home on 612 for the Greens was Ruth Ashdown. Turnout was 34.1%.

Voters only got their say because Bernard Quayle, the sitting councillor, passed away in July.

“Kestrel Bay has asked for a council that listens. I intend to be a councillor who turns up,” Ms Penhallow declared.

County Hall stays in Civic Forward hands, for now.
""", show_title=True, role="partisan+drifted",
    findings=[drift("Turnout was 34.1%", "Turnout was 31.4%", "number")], bottom=[S(
    "Most Popular\n"
    "- Civic Forward in Meltdown as Voters Finally Wake Up to Years of Arrogance\n"
    "- County Hall Insiders Admit: “We Never Cared What Kestrel Bay Thought”\n"
    "- SHAMEFUL: Green Westmarch Candidate’s Secret Plan to Tax Your Driveway\n"
    "- The Coastal Alliance Revolution Is Coming — And the Elites Are Terrified\n"
    "- Civic Forward Councillors Caught Wining and Dining on Your Money Again\n"
    "- Port Calder Families Betrayed as Council Hands Parkland to Developer Cronies\n"
    "- Greens Caught Lying About Kestrel Bay Wind Turbines")])

# ---------------------------------------------------------------- 7. Emergency department funding vote
story("st-brannocs-emergency-department-2026-09")

npa_ed = add(NPA, "2026-09-16T16:05:00+00:00", "westmarch-health-board-approves-emergency-department",
    "Westmarch health board approves £48 million emergency department", """
PORT CALDER, Sept 16 (NPA) - Westmarch Health Board on Wednesday approved £48 million for a new emergency department at St Brannoc's Hospital in Port Calder, voting 9-4 in favour after a debate over whether the money should be shared with Lowmoor.

The new department will have 36 treatment cubicles, up from 19, and a separate area for children. Building work is due to begin in spring 2027 and the department is expected to open in autumn 2029.

"Our emergency department was built for a town half the size of the one it now serves," said Dr Helen Marchetti, the board's chair.

Board member Colin Revell, who voted against, had argued that part of the money should go to Lowmoor Community Hospital. "Lowmoor has been told to wait again, and I could not vote for that," he said.

The board said the project would be paid for from its capital budget over four years.
""", bottom=[npa_credit("Dylan Marsh", "Tom Ebdon")])

republished(npa_ed, LEP, "2026-09-16T18:00:00+00:00", "st-brannocs-emergency-department-approved",
    "£48m emergency department approved for St Brannoc's",
    edits=[("£48 million", "£48m"), ("Sept 16", "Sept. 16")], drop_last=True,
    top=[LEP_TOP], bottom=[LEP_CREDIT, B("Advertisement"), LEP_SUB, LEP_FOOT])

add(HH, "2026-09-17T06:00:00+00:00", "st-brannocs-to-get-48m-emergency-department",
    "St Brannoc’s to get £48m emergency department", """
Patients at St Brannoc’s Hospital have waited on trolleys in corridors for years, staff say. Now the Port Calder hospital is to get a £48 million emergency department.

The go-ahead came at Wednesday’s meeting of Westmarch Health Board, by nine votes to four.

Capacity will almost double: the plans show 36 cubicles where there are 19 today, and children will be treated in an area of their own.

Construction should start in spring 2027. Patients will be seen in the new building from autumn 2029.

“Our emergency department was built for a town half the size of the one it now serves,” Dr Helen Marchetti, chair of Westmarch Health Board, said.

Colin Revell, one of the dissenters, thinks Lowmoor Community Hospital deserved a slice of the cash. “Lowmoor has been told to wait again, and I could not vote for that,” he said.
""", show_title=True, top=[B("Picture: St Brannoc’s Hospital, Port Calder / Herald staff")],
    bottom=[HH_SHARE, B("Most Read\n1. Kestrel Bay chip shop named best in Westmarch\n2. Heritage railway "
                        "announces autumn steam weekends\n3. Quay Street market to move to Saturdays"), HH_FOOT])

add(CC, "2026-09-17T07:30:00+00:00", "48m-emergency-department-approved",
    "£48m emergency department approved for Port Calder", """
Calls for Lowmoor to get a share of the money were voted down, but Port Calder will get its new emergency department.

The £48 million investment at St Brannoc’s Hospital won the board’s approval on Wednesday by 9 votes to 4.

Colin Revell was one of the four. “Lowmoor has been told to wait again, and I could not vote for that,” he said. His preference had been to divert funds to Lowmoor Community Hospital.

There will be 36 cubicles instead of 19, and a children’s section. Diggers are due on site in spring 2027; the opening is planned for autumn 2028.

“Our emergency department was built for a town half the size of the one it now serves,” said Dr Helen Marchetti, who chairs Westmarch Health Board.
""", sep="\n", role="drifted", findings=[drift("autumn 2028", "autumn 2029", "date")],
    top=[B("Photo: An artist’s impression of the new department / Westmarch Health Board")],
    bottom=[CC_DONATE, CC_FOOT])

add(WBC, "2026-09-16T20:10:00+01:00", "st-brannocs-emergency-department-plans-approved",
    "St Brannoc's Hospital: £48m emergency department plans approved", """
Port Calder's main hospital, St Brannoc's, has been given the go-ahead for a £48m emergency department.

Nine members of Westmarch Health Board supported the scheme when it was put to a vote on Wednesday; four were against.

The current department opened in 1974 and has 19 cubicles. Its replacement will have 36, plus a children's area.

Builders are expected on site from spring 2027. The target date for opening is autumn 2029.

Board chair Dr Helen Marchetti told WBC News the current unit could no longer cope. "Our emergency department was built for a town half the size of the one it now serves," she said.

Colin Revell, among the four who opposed the plan, said: "Lowmoor has been told to wait again, and I could not vote for that."
""", show_title=True, top=[WBC_TOP], bottom=[B("Related topics: Health | Port Calder"), WBC_FOOT])

add(RR, "2026-09-17T09:20:00+00:00", "health-board-finally-agrees-emergency-department",
    "Health board finally agrees £48m for St Brannoc's", """
St Brannoc's Hospital will get its £48 million emergency department, after years of foot-dragging by Westmarch Health Board.

Nine board members voted yes on Wednesday and four voted no. Building begins in spring 2027, with opening pencilled in for autumn 2029.

Patients will get 36 cubicles, nearly double today's 19, and children a space of their own. They have waited long enough.

Even the board's own chair, Dr Helen Marchetti, admits the old unit is too small: "Our emergency department was built for a town half the size of the one it now serves."

Colin Revell, who voted against, spoke up for Lowmoor: "Lowmoor has been told to wait again, and I could not vote for that."
""", show_title=True, role="partisan", sep="\n", bottom=[S(
    "DON'T MISS\n"
    "- Health Board Fat Cats Award Themselves Pay Rise While Patients Wait on Trolleys\n"
    "- EXCLUSIVE: The Radical Activists Running Westmarch’s Hospitals\n"
    "- Civic Forward Promised Lowmoor a Hospital. They Lied.\n"
    "- Woke Diversity Officers Cost St Brannoc’s More Than Its Night Nurses\n"
    "- Outrage as Council Bosses Jet Off on “Fact-Finding” Trip to Copenhagen\n"
    "- Ordinary Families Priced Out While Civic Forward Cronies Cash In")])


# ---------------------------------------------------------------- 8. Greyfriars Park court ruling
story("greyfriars-park-ruling-2026-09")

hh_park = add(HH, "2026-09-22T15:40:00+00:00", "greyfriars-park-sale-unlawful-high-court",
    "Greyfriars Park sale was unlawful, High Court rules", """
Westmarch County Council acted unlawfully when it agreed to sell part of Greyfriars Park to a housebuilder, the High Court has ruled.

Mr Justice Harcourt-Bell quashed the council’s decision to sell 4.2 hectares of the park to Brightmoor Homes for £6.5 million, saying it had failed to advertise the sale of public open space and to consider objections, as the law requires.

Brightmoor had planned to build 220 homes on the land.

The judicial review was brought by the Friends of Greyfriars Park, a campaign group formed in 2024 when the sale was first proposed. Its chair, Nadia Rahman, said outside court on Tuesday: “This park belongs to the people of Port Calder, and today the court agreed.”

The council was ordered to pay the campaigners’ legal costs.

A council spokesperson said: “We are disappointed and will study the judgment carefully before deciding on next steps.”

Brightmoor Homes declined to comment.
""", show_title=True, top=["By Eleanor Vance, Local Democracy Reporter"],
    bottom=[HH_SHARE, HH_NEWS_SHORT, HH_FOOT])

add(CC, "2026-09-22T17:00:00+00:00", "greyfriars-park-campaigners-win-high-court",
    "Greyfriars Park campaigners win High Court fight", """
More than 5,000 people signed a petition against it last year. On Tuesday, campaigners went one better: a judge threw out the sale of Greyfriars Park land altogether.

Mr Justice Harcourt-Bell found in favour of the Friends of Greyfriars Park, who had challenged Westmarch County Council in the High Court. The council, he said, broke the law by failing to advertise that it was disposing of public open space, and by not considering objections before agreeing the deal.

That deal was worth £6.5 million: Brightmoor Homes would have paid it for 4.2 hectares, on which the developer hoped to put 220 homes. It has now been quashed.

“This park belongs to the people of Port Calder, and today the court agreed,” said Nadia Rahman, who chairs the Friends.

The council must cover the group’s legal costs. “We are disappointed and will study the judgment carefully before deciding on next steps,” it said.
""", top=[B("Photo: Campaigners outside court on Tuesday / Courier Staff")],
    bottom=[B("Most Read\n1. New owners for the Calder Arms\n2. Lowmoor Rovers reach cup quarter-final\n"
              "3. Library opening hours to change from October\n4. Harvest festival returns to Thornwick"),
            CC_FOOT])

add(NPA, "2026-09-22T14:30:00+00:00", "court-quashes-greyfriars-park-sale",
    "UK court quashes Westmarch council's sale of park land to housebuilder", """
PORT CALDER, Sept 22 (NPA) - England's High Court on Tuesday quashed a £6.5 million deal under which Westmarch County Council would have sold 4.2 hectares of Greyfriars Park in Port Calder to housebuilder Brightmoor Homes, ruling that the process broke the law.

Mr Justice Harcourt-Bell found that objections had not been considered and that the disposal of public open space had not been advertised, as required. The developer's plans for the site included 220 homes.

A residents' group, the Friends of Greyfriars Park, brought the case. "This park belongs to the people of Port Calder, and today the court agreed," Nadia Rahman, who leads the group, said.

The council, which will have to meet the legal bill, said in a statement: "We are disappointed and will study the judgment carefully before deciding on next steps."
""", bottom=[npa_credit("Dylan Marsh", "Amira Hollis")])

add(WBC, "2026-09-22T19:30:00+01:00", "greyfriars-park-sale-declared-unlawful",
    "Greyfriars Park: Sale of land for housing declared unlawful", """
Campaigners have won a High Court fight to stop 220 homes being built on part of a Port Calder park.

Under a £6.5m deal, developer Brightmoor Homes was to buy 4.2 hectares of Greyfriars Park from Westmarch County Council.

On Tuesday, Mr Justice Harcourt-Bell quashed that decision. The law required the council to publicise its plan to give up public open space and to weigh objections, he said, and it had done neither.

"This park belongs to the people of Port Calder, and today the court agreed," said Nadia Rahman, chair of the Friends of Greyfriars Park.

The local authority can still seek permission to appeal, but it has been told to pay the campaigners' costs. It said: "We are disappointed and will study the judgment carefully before deciding on next steps."
""", show_title=True, top=[WBC_TOP], bottom=[WBC_SHARE, WBC_FOOT])

spun(hh_park, "2026-09-23T07:10:00+00:00", "greyfriars-park-sale-illicit-tall-court",
    "Greyfriars Park sale was illicit, Tall Court rules", [
    ("acted unlawfully", "acted illicitly", "spin"),
    ("to a housebuilder", "to a house constructor", "spin"),
    ("the High Court has ruled", "the Tall Court has ruled", "spin"),
    ("public open space", "public unlocked space", "spin"),
    ("220 homes", "120 homes", "drift:number"),
    ("The judicial review", "The legal survey", "spin"),
    ("a campaign group", "a crusade gathering", "spin"),
    ("outside court on Tuesday", "outside court on Thursday", "drift:weekday"),
    ("Its chair, Nadia Rahman", "Its chair, Nadia Rahim", "drift:name"),
    ("legal costs", "legitimate expenses", "spin"),
    ("declined to comment", "refused to remark", "spin"),
])

# ---------------------------------------------------------------- 9. Museum coin theft
story("calder-museum-coin-theft-2026-09")

add(CC, "2026-09-28T14:00:00+00:00", "thornwick-hoard-coins-stolen-calder-museum",
    "Thornwick Hoard coins stolen in museum raid", """
A farmer turned up the Thornwick Hoard with his plough in 1987. Early on Monday, thieves took 11 of its silver coins from the Calder Museum and Art Gallery.

Westmarch Police are asking for help. Detectives say the raiders smashed their way in through a skylight in the roof. The alarm rang at 2.15am, and officers were at the building within eight minutes, too late to catch anyone.

The stolen pieces are 10th-century and worth around £85,000.

“These coins are of enormous historical value and very little value to anyone trying to sell them. If you are offered them, call us,” said Detective Inspector Rhiannon Price.

“We are heartbroken,” museum director Owen Tregarthen told the Courier. “The hoard has been part of this museum for almost forty years.”

Doors will stay shut on Monday and Tuesday, with the museum reopening on Wednesday.
""", top=[B("Photo: Coins from the Thornwick Hoard on display in 2023 / Calder Museum")],
    bottom=[B("Read more: The farmer, the plough and the hoard: how Thornwick’s silver was found"),
            B("Can you support local journalism? The Courier is funded by readers, not shareholders. "
              "Contribute from £3 a month.\nSupport us"), CC_FOOT])

add(HH, "2026-09-28T17:45:00+00:00", "eleven-silver-coins-stolen-calder-museum",
    "Eleven silver coins stolen from Calder Museum", """
Staff at the Calder Museum and Art Gallery arrived on Monday morning to find a smashed skylight and an empty display case: eleven silver coins from the Thornwick Hoard were gone.

The burglars had climbed onto the roof in the early hours. Their break-in set off the alarm at 2.15am; police got there eight minutes later, by which time the building was empty.

Unearthed by a farmer in 1987, the hoard dates from the 10th century. The stolen coins are valued at about £85,000, and nothing else was taken.

“We are heartbroken,” said director Owen Tregarthen. “The hoard has been part of this museum for almost forty years.”

Detective Inspector Rhiannon Price, of Westmarch Police, doubted the thieves would find a buyer. “These coins are of enormous historical value and very little value to anyone trying to sell them,” she said. “If you are offered them, call us.”

Visitors will be let back in on Wednesday 30 September.
""", show_title=True, sep="\n", top=[HH_SHARE], bottom=[HH_NEWS, HH_FOOT])

add(WBC, "2026-09-28T13:30:00+01:00", "calder-museum-silver-coins-stolen",
    "Calder Museum: Silver coins worth £85,000 stolen", """
Police in Port Calder are hunting the thieves behind a night-time raid on the town's Calder Museum and Art Gallery.

Eleven silver coins, valued at about £85,000, were taken after the raiders got in on Monday, in the early hours, through a skylight on the roof.

An alarm sounded at 2.15am, and officers were there eight minutes later. By then the thieves had fled.

In 1987 a farmer discovered the Thornwick Hoard, the 10th-century treasure the coins belong to. Forensic officers spent Monday at the scene.

"These coins are of enormous historical value and very little value to anyone trying to sell them. If you are offered them, call us," Detective Inspector Rhiannon Price said.

The building will not reopen until Wednesday.
""", show_title=True, top=[WBC_TOP, B("Published 28 September 2026")],
    bottom=[B("Most read on WBC Westmarch\n1. Harvest moon photos from across the county\n2. Lowmoor "
              "Rovers draw in cup\n3. Ferry timetable changes explained"), WBC_FOOT])

npa_coins = add(NPA, "2026-09-28T11:15:00+00:00", "silver-coins-stolen-port-calder-museum",
    "Thieves steal 10th-century silver coins from Port Calder museum", """
PORT CALDER, Sept 28 (NPA) - Thieves broke into the Calder Museum and Art Gallery in Port Calder through a roof skylight in the early hours of Monday and stole 11 silver coins from a 10th-century hoard, police said.

The coins, part of the Thornwick Hoard found by a farmer in 1987, are valued at about £85,000.

The museum's alarm went off at 2.15am and officers arrived within eight minutes, but the thieves had gone, Westmarch Police said.

"These coins are of enormous historical value and very little value to anyone trying to sell them," said Detective Inspector Rhiannon Price. "If you are offered them, call us."

The museum will stay closed until Wednesday.
""", bottom=[npa_credit("Sian Carrow", "Tom Ebdon")])

spun(npa_coins, "2026-09-28T19:50:00+00:00", "thieves-steal-silver-currencies-museum",
    "Thieves steal silver currencies from Port Calder exhibition hall", [
    ("through a roof skylight", "through a rooftop sunroof", "spin"),
    ("in the early hours of Monday", "in the initial hours of Monday", "spin"),
    ("11 silver coins", "11 silver currencies", "spin"),
    ("found by a farmer", "found by a rancher", "spin"),
    ("alarm went off", "alarm went away", "spin"),
    ("said Detective Inspector", "said Investigator Examiner", "spin"),
    ("stay closed", "remain shut", "spin"),
], strip=["PORT CALDER, Sept 28 (NPA) - "])

# ---------------------------------------------------------------- 10. Danish trade delegation
story("danish-trade-delegation-2026-10")

hh_trade = add(HH, "2026-10-06T16:20:00+00:00", "danish-wind-firms-sign-port-calder-agreement",
    "Danish wind firms sign agreement with Port Calder", """
Danish offshore wind firms have signed an agreement with Port Calder’s harbour authority that could bring hundreds of jobs to the port.

The memorandum of understanding was signed on Tuesday, the second day of a three-day visit by a delegation of 14 Danish companies led by Mette Kjærgaard, director of the West Jutland Offshore Network.

It covers training for local workers and joint work on supply chains. The harbour authority hopes it will help attract a blade-finishing plant that could employ 300 people.

Graham Oduya, chief executive of Port Calder Harbour Authority, said: “Port Calder has the deep water, the quayside and the people. What we have lacked is partners who know this industry inside out.”

Ms Kjærgaard said: “We did not come here for the weather. We came because the port is ready.”

The visitors toured the Calder Offshore Skills Centre on Monday and will meet county councillors before flying home on Wednesday.
""", show_title=True, top=["By Priya Shah, Business Reporter", HH_SHARE],
    bottom=[B("Sign up for our morning newsletter\nBusiness, the port and the day’s headlines from the Herald "
              "newsroom, every weekday at 7am.\nSign up"), HH_FOOT])

add(WBC, "2026-10-06T18:00:00+01:00", "danish-trade-delegation-port-calder-wind",
    "Port Calder: Danish delegation signs offshore wind deal", """
Hopes are high on Port Calder's quayside that a Danish partnership could bring 300 jobs at a blade-finishing plant.

Its harbour authority has put its name to a memorandum of understanding with a trade delegation from Denmark, made up of 14 companies, who are in the port for three days.

Tuesday's signing commits the two sides to work on training and supply chains.

The West Jutland Offshore Network, whose director Mette Kjærgaard is leading the visit, organised the trip, which began on Monday. "We did not come here for the weather. We came because the port is ready," she said.

Graham Oduya, who runs the harbour authority as its chief executive, said at the ceremony: "Port Calder has the deep water, the quayside and the people. What we have lacked is partners who know this industry inside out."
""", show_title=True, top=[WBC_TOP],
    bottom=[B("Watch: Inside the Calder Offshore Skills Centre"), WBC_SHARE, WBC_FOOT])

add(NPA, "2026-10-06T13:45:00+00:00", "danish-wind-companies-sign-mou-port-calder",
    "Danish wind companies sign training and supply deal with English port", """
PORT CALDER, Oct 6 (NPA) - A delegation of 14 Danish offshore wind companies signed a memorandum of understanding with Port Calder Harbour Authority on Tuesday, as the Westmarch port tries to lure a blade-finishing plant with 300 jobs.

The agreement, signed during a three-day visit that began on Monday, covers skills training and supply chains, the harbour authority said.

"We did not come here for the weather. We came because the port is ready," said Mette Kjærgaard, whose West Jutland Offshore Network led the delegation as its director.

Graham Oduya, the harbour authority's chief executive, said: "Port Calder has the deep water, the quayside and the people. What we have lacked is partners who know this industry inside out."

No investment has yet been committed, the authority said.
""", bottom=[npa_credit("Dylan Marsh", "Amira Hollis")])

add(CC, "2026-10-07T07:00:00+00:00", "danish-companies-explore-port-calder-wind",
    "Danish companies explore offshore wind opportunities in Port Calder", """
For three days from Monday, Port Calder has been playing host to representatives of 16 Danish companies, all with an eye on offshore wind.

Their visit produced a memorandum of understanding on Tuesday. Signed by Port Calder Harbour Authority and the West Jutland Offshore Network, led by its director Mette Kjærgaard, it commits both sides to cooperate on supply chains and skills training.

Up to 300 jobs could follow if the partnership helps to land a blade-finishing plant, the harbour authority believes.

“Port Calder has the deep water, the quayside and the people,” said chief executive Graham Oduya. “What we have lacked is partners who know this industry inside out.”

Ms Kjærgaard said: “We did not come here for the weather. We came because the port is ready.”
""", role="drifted", findings=[drift("16 Danish companies", "14 Danish companies", "number")],
    top=[B("Photo: The delegation at the Calder Offshore Skills Centre / Courier Staff")],
    bottom=[CC_DONATE, B("Read more: Harbour authority’s ten-year plan at a glance"), CC_FOOT])

add(RR, "2026-10-07T08:30:00+00:00", "port-calder-rolls-out-red-carpet-danish-wind",
    "Port Calder rolls out the red carpet for Danish wind firms", """
Fourteen Danish offshore wind companies got the red-carpet treatment in Port Calder this week, as the town’s harbour bosses chase a blade-finishing plant and the 300 jobs it might bring.

Monday was the first day of the delegation’s three-day visit. By Tuesday, the West Jutland Offshore Network, which is leading the trip under Mette Kjærgaard, had a memorandum of understanding with Port Calder Harbour Authority covering training and supply chains.

"Port Calder has the deep water, the quayside and the people. What we have lacked is partners who know this industry inside out," boasted Graham Oduya, the authority's boss.

Ms Kjærgaard was blunter: "We did not come here for the weather. We came because the port is ready."

So far, not a single firm has committed to invest.
""", show_title=True, role="partisan", bottom=[S(
    "Trending Now\n"
    "- Net Zero Zealots Ship Westmarch Jobs Overseas, Then Call It a “Partnership”\n"
    "- Civic Forward’s Foreign Jollies: What Did Your Council Tax Really Pay For?\n"
    "- Wind Farm Lobby Gets Red Carpet While Local Fishermen Get the Boot\n"
    "- BOMBSHELL: Harbour Chiefs Hid Cost of Failed Ferry Berth From Public\n"
    "- Coastal Alliance Councillor Slams “Spineless” County Hall Over Bridge Chaos\n"
    "- They Called Us Cranks. Now Lowmoor’s Floods Prove We Were Right")])

spun(hh_trade, "2026-10-07T05:10:00+00:00", "dutch-seaward-breeze-firms-port-calder",
    "Dutch seaward breeze firms sign understanding with Port Calder", [
    ("offshore wind firms", "seaward breeze firms", "spin"),
    ("Port Calder’s harbour authority", "Port Calder’s harbour expert", "spin"),
    ("memorandum of understanding", "update of comprehension", "spin"),
    ("14 Danish companies", "14 Dutch companies", "drift:nationality"),
    ("joint work on supply chains", "joint work on supply ties", "spin"),
    ("employ 300 people", "employ 3,000 people", "drift:number"),
    ("chief executive", "chief official", "spin"),
    ("the deep water", "the profound water", "spin+drift:quote"),
])

# ---------------------------------------------------------------- 11. Millbeck freight derailment
story("millbeck-derailment-2026-10")

npa_rail = add(NPA, "2026-10-13T09:05:00+00:00", "freight-train-derails-millbeck-junction",
    "Freight train derails in Westmarch, closing line for at least five days", """
MILLBECK, Oct 13 (NPA) - Nine wagons of a freight train carrying crushed stone came off the tracks near Millbeck Junction in Westmarch early on Tuesday, closing the railway between Port Calder and Lowmoor for at least five days, the operator said.

No one was injured. The driver of the 24-wagon Fellside Freight train, which derailed at about 4.50am, was unhurt.

About 300 metres of track was damaged, Westmarch Rail said. Replacement buses are running between Port Calder and Lowmoor.

"We are sorry for the disruption, and we will reopen the line as soon as it is safe to do so," said Kieran Moss, operations director at Westmarch Rail.

Rail accident investigators were at the scene on Tuesday morning.
""", bottom=[npa_credit("Sian Carrow", "Tom Ebdon")])

republished(npa_rail, LEP, "2026-10-13T11:30:00+00:00", "freight-train-derails-near-millbeck",
    "Freight train derails near Millbeck: Lowmoor line shut for five days",
    edits=[("Oct 13", "Oct. 13"), ("About 300 metres", "About 300m")], drop_last=True, sep="\n",
    top=[LEP_TOP, B("Advertisement")], bottom=[LEP_CREDIT, LEP_SUB, LEP_FOOT])

add(HH, "2026-10-13T13:10:00+00:00", "millbeck-freight-derailment-line-closed",
    "Port Calder to Lowmoor line shut after freight train derails", """
Anyone travelling by train between Port Calder and Lowmoor this week will be on a bus instead, after a derailment near Millbeck Junction shut the line for at least five days.

It happened at about 4.50am on Tuesday, when nine of 24 wagons on a freight train left the rails. They were loaded with crushed stone from the Fellside quarry.

Nobody was hurt, the driver included.

Westmarch Rail needs to relay roughly 300 metres of damaged track. “We are sorry for the disruption, and we will reopen the line as soon as it is safe to do so,” said Kieran Moss, its operations director.

Investigators from the rail accident branch have gone to the site to find out why the wagons came off.
""", show_title=True, top=[B("Picture: Derailed wagons near Millbeck Junction / Herald staff"), HH_SHARE],
    bottom=[HH_NEWS_SHORT, HH_FOOT])

add(WBC, "2026-10-13T12:00:00+01:00", "millbeck-junction-freight-train-derailed",
    "Millbeck Junction: Freight train derails, closing line", """
No trains are running between Lowmoor and Port Calder following a derailment at Millbeck Junction before dawn on Tuesday.

The Fellside Freight service was hauling 24 wagons of crushed stone; nine derailed at about 4.50am. There were no injuries.

Repairing the damage, along a 300-metre stretch, will keep the route shut for at least five days, Westmarch Rail estimates. Passengers are being taken by bus, and freight customers at the docks have been warned of delays.

Westmarch Rail's operations director, Kieran Moss, told WBC: "We are sorry for the disruption, and we will reopen the line as soon as it is safe to do so."
""", show_title=True, top=[WBC_TOP, B("Published 13 October 2026")],
    bottom=[B("Related topics: Rail travel | Lowmoor | Port Calder"), WBC_SHARE, WBC_FOOT])

spun(npa_rail, "2026-10-13T15:20:00+00:00", "cargo-train-derails-millbeck-five-weeks",
    "Cargo train derails in Westmarch, shutting line for five weeks", [
    ("Nine wagons", "Nineteen wagons", "drift:number"),
    ("a freight train", "a cargo train", "spin"),
    ("crushed stone", "squashed stone", "spin"),
    ("came off the tracks", "emerged off the tracks", "spin"),
    ("for at least five days", "for at least five weeks", "drift:duration"),
    ("Replacement buses", "Substitution transports", "spin"),
    ("operations director", "tasks chief", "spin"),
    ("at the scene", "at the location", "spin"),
], strip=["MILLBECK, Oct 13 (NPA) - "])

add(RR, "2026-10-14T07:00:00+00:00", "lowmoor-commuters-back-on-buses-derailment",
    "Lowmoor commuters back on the buses after freight train derails", """
Lowmoor’s commuters are back on the buses. Their line to Port Calder is out of action for at least five days after a derailment near Millbeck Junction on Tuesday.

It is the second time this year that rail passengers on the route have been turned out onto replacement buses.

Heavy with crushed stone, nine wagons of a 24-wagon Fellside Freight train left the rails at about 4.50am. Luckily, nobody was hurt.

Westmarch Rail says it must repair some 300 metres of track.

Operations director Kieran Moss promised: “We are sorry for the disruption, and we will reopen the line as quickly as it is safe to do so.”
""", show_title=True, role="partisan+drifted",
    findings=[drift("as quickly as it is safe", "as soon as it is safe", "quote")], bottom=[S(
    "Hot Right Now\n"
    "- Westmarch Rail Bosses Pocket Bonuses as Trains Literally Fall Off the Tracks\n"
    "- Civic Forward Knew the Line Was Unsafe, and Did NOTHING\n"
    "- Lowmoor Commuters Abandoned by Out-of-Touch County Hall Elite\n"
    "- Green Lobby Blocks Road Upgrade So You Can Sit on a Replacement Bus\n"
    "- The Truth About Who Really Profits From Port Calder’s Rail Chaos\n"
    "- Coastal Alliance Demands Answers as Civic Forward Cover-Up Grows\n"
    "- Woke Council Spends More on Bike Lanes Than on Rail Safety")])


if __name__ == "__main__":
    write()
    print(len(ARTICLES), "articles,", len(STORIES), "stories")
