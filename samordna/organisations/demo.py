"""The demo installation: two fictional förbund on real kommuner and regions, and one user per role.

The demo is built for a given today (`demo_document(today)`), so that it shows a living förbund on any
date. It has two parts:

- The *showcase*: the history the tests and the guide talk about (a vote with a reservation, jäv with a
  substitute, a joint samråd, Uppsala norra's missed budget…), written as it reads on 1 December 2026 and
  moved by whole years to the last 1 December on or before today. Its ids stay as written
  (`vv-m-2026-05-14` is the spring meeting with the vote whatever year it falls in).
- The *routine*: the board's year after that 1 December (meetings, annual report, audit, discharge,
  samråd, the next budget, insats reports), held and recorded up to today and planned after it, so that
  there are meetings behind and ahead and the deadlines are coming rather than missed.

The board mandates follow the statutes' terms (four years from `board_term_start`, 1 January, the year
after an election year): one set per term from the förbund's founding up to the term that covers today.
"""

import datetime
import re

from samordna.lib import dates

DEMO_PASSWORD = "samordna-demo-2026"

# (e-mail, name, role, förbund id or None, person id or None); role "national"/"admin" are installation-wide.
DEMO_USERS = [
    ("chef@vastmanland.example.se", "Karin Lindqvist", "office", "sf-vastra-vastmanland", "p-karin"),
    ("ledamot@vastmanland.example.se", "Erik Sandberg", "board", "sf-vastra-vastmanland", "p-erik"),
    ("medlem@vastmanland.example.se", "Maria Holm", "member", "sf-vastra-vastmanland", "p-maria"),
    ("revisor@vastmanland.example.se", "Johan Ek", "auditor", "sf-vastra-vastmanland", "p-johan"),
    ("chef@uppsala.example.se", "Sara Nyström", "office", "sf-uppsala-norra", "p-sara"),
    ("nationell@example.se", "Nils Rådsberg", "national", None, None),
    ("admin@example.se", "Anna Admin", "admin", None, None),
]

# The member organisation a demo user of the member role speaks for (Access.member).
DEMO_USER_MEMBER = {"medlem@vastmanland.example.se": "vv-1980"}

# The day the showcase was written for: it is moved by whole years to the last 1 December on or before today.
SHOWCASE_DAY = datetime.date(2026, 12, 1)
# How far ahead the routine plans meetings into the year after next.
PLANNING_HORIZON = datetime.timedelta(days=183)
TERM_YEARS = 4
FIRST_TERM_YEAR = 2023  # the year after the 2022 election; terms follow every four years


def showcase_shift(today: datetime.date) -> int:
    """Whole years the showcase moves: the last 1 December on or before today is its 1 December 2026."""
    year = today.year if (today.month, today.day) >= (SHOWCASE_DAY.month, SHOWCASE_DAY.day) else today.year - 1
    return year - SHOWCASE_DAY.year


def shift_date(day: datetime.date, years: int) -> datetime.date:
    """A date moved by whole years (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def board_terms(founded: datetime.date, today: datetime.date, term_start: str = "01-01"):
    """The board terms (from, to) from the förbund's founding up to the one that covers today: four years
    each from the statutes' `board_term_start` in the year after an election year (2023, 2027, …)."""
    month, day = dates.parse_month_day(term_start)

    def start_of(year):
        return datetime.date(year, month, day)

    year = FIRST_TERM_YEAR + (today.year - FIRST_TERM_YEAR) // TERM_YEARS * TERM_YEARS
    if start_of(year) > today:
        year -= TERM_YEARS
    terms = []
    while True:
        begin, end = start_of(year), start_of(year + TERM_YEARS) - datetime.timedelta(days=1)
        terms.append((max(begin, founded), end))
        if begin <= founded:
            break
        year -= TERM_YEARS
    return [(a.isoformat(), b.isoformat()) for a, b in reversed(terms) if a <= b]


def _board(prefix, members, names, terms):
    """Persons and ledamot/ersättare mandates: one of each per member and term, names drawn in order."""
    persons, mandates = [], []
    names = iter(names)
    for member_id, kind in members:
        basis = "anstalld" if kind in ("forsakringskassan", "arbetsformedlingen") else "fullmaktige"
        for role, order in (("ledamot", None), ("ersattare", 1)):
            pid = f"p-{prefix}-{member_id.split('-')[-1]}-{role[:3]}"
            persons.append({"id": pid, "name": next(names), "email": f"{pid}@example.se"})
            for term_from, term_to in terms:
                mandate = {"person": pid, "role": role, "appointed_by": member_id,
                           "basis": basis if role == "ledamot" or basis == "anstalld" else "fullmaktige_ersattare",
                           "from": term_from, "to": term_to}
                if order:
                    mandate["substitute_order"] = order
                mandates.append(mandate)
    return persons, mandates


def _officers(terms, chair, vice, chef, founded, auditors):
    """Ordförande and vice ordförande for every term, the förbundschef since the founding, and the
    revisorer for every term."""
    mandates = []
    for term_from, term_to in terms:
        mandates += [{"person": chair, "role": "ordforande", "from": term_from, "to": term_to},
                     {"person": vice, "role": "vice_ordforande", "from": term_from, "to": term_to}]
    mandates.append({"person": chef, "role": "forbundschef", "from": founded.isoformat()})
    for term_from, term_to in terms:
        mandates += [{"person": person, "role": "revisor", "appointed_by": by, "from": term_from, "to": term_to}
                     for person, by in auditors]
    return mandates


def demo_document(today: datetime.date | None = None) -> dict:
    """The demo as a samordna-exchange/1 document (the same format the import reads), for `today`
    (default: today in Stockholm)."""
    today = today or dates.today()
    shift = showcase_shift(today)
    founded = shift_date(datetime.date(2025, 1, 1), shift)
    terms = board_terms(founded, today)
    vm_members = [
        {"id": "vv-fk", "kind": "forsakringskassan", "name": "Försäkringskassan"},
        {"id": "vv-af", "kind": "arbetsformedlingen", "name": "Arbetsförmedlingen"},
        {"id": "vv-reg", "kind": "region", "name": "Region Västmanland", "code": "19"},
        {"id": "vv-1980", "kind": "kommun", "name": "Västerås", "code": "1980"},
        {"id": "vv-1961", "kind": "kommun", "name": "Hallstahammar", "code": "1961"},
        {"id": "vv-1962", "kind": "kommun", "name": "Norberg", "code": "1962"},
    ]
    up_members = [
        {"id": "un-fk", "kind": "forsakringskassan", "name": "Försäkringskassan"},
        {"id": "un-af", "kind": "arbetsformedlingen", "name": "Arbetsförmedlingen"},
        {"id": "un-reg", "kind": "region", "name": "Region Uppsala", "code": "03"},
        {"id": "un-0360", "kind": "kommun", "name": "Tierp", "code": "0360"},
        {"id": "un-0382", "kind": "kommun", "name": "Östhammar", "code": "0382"},
    ]
    # Västerås's ledamot (the 7th board seat) is the demo board user Erik Sandberg, and the chair.
    vm_names = ["Lena Åberg", "Per Lundgren", "Ingrid Falk", "Mats Öberg", "Helena Strand", "Karl Björk",
                "Erik Sandberg", "Eva Nordin", "Olof Hedlund", "Sofia Wikström", "Gustav Lind", "Annika Berg"]
    up_names = ["Birgitta Sjöberg", "Henrik Dahl", "Jenny Blom", "Lars Engström", "Malin Forsberg",
                "Tomas Holmberg", "Ulla Sundberg", "Jonas Ekström", "Therese Lindgren", "Fredrik Nyberg"]
    vm_persons, vm_mandates = _board("vv", [(m["id"], m["kind"]) for m in vm_members], vm_names, terms)
    up_persons, up_mandates = _board("un", [(m["id"], m["kind"]) for m in up_members], up_names, terms)
    vm_persons[6] = {"id": "p-erik", "name": "Erik Sandberg", "email": "ledamot@vastmanland.example.se"}
    for mandate in vm_mandates:
        if mandate["person"] == "p-vv-1980-led":
            mandate["person"] = "p-erik"
    officers = [
        {"id": "p-karin", "name": "Karin Lindqvist", "email": "chef@vastmanland.example.se"},
        {"id": "p-maria", "name": "Maria Holm", "email": "medlem@vastmanland.example.se"},
        {"id": "p-johan", "name": "Johan Ek", "email": "revisor@vastmanland.example.se"},
        {"id": "p-rev-fk", "name": "Ulf Granath", "email": "ulf.granath@example.se"},
        {"id": "p-sara", "name": "Sara Nyström", "email": "chef@uppsala.example.se"},
        {"id": "p-un-rev", "name": "Kerstin Ahl", "email": "kerstin.ahl@example.se"},
        {"id": "p-un-rev-fk", "name": "Bo Lönn", "email": "bo.lonn@example.se"},
    ]
    vm_mandates += _officers(terms, "p-erik", "p-vv-reg-led", "p-karin", founded,
                             [("p-johan", ["vv-1961", "vv-1962", "vv-1980", "vv-reg"]), ("p-rev-fk", "vv-fk")])
    up_mandates += _officers(terms, "p-un-0360-led", "p-un-fk-led", "p-sara", founded,
                             [("p-un-rev", ["un-0360", "un-0382", "un-reg"]), ("p-un-rev-fk", "un-fk")])
    representatives = [
        {"id": "p-rep-vv-fk", "name": "Åsa Lindberg", "email": "asa.lindberg@example.se"},
        {"id": "p-rep-vv-af", "name": "Kristoffer Ahlgren", "email": "kristoffer.ahlgren@example.se"},
        {"id": "p-rep-vv-reg", "name": "Marianne Holst", "email": "marianne.holst@example.se"},
        {"id": "p-rep-vv-1961", "name": "Peter Wallin", "email": "peter.wallin@example.se"},
        {"id": "p-rep-vv-1962", "name": "Lina Carlsson", "email": "lina.carlsson@example.se"},
        {"id": "p-rep-un-fk", "name": "Göran Ström", "email": "goran.strom@example.se"},
        {"id": "p-rep-un-af", "name": "Yasmin Haddad", "email": "yasmin.haddad@example.se"},
        {"id": "p-rep-un-reg", "name": "Cecilia Lund", "email": "cecilia.lund@example.se"},
        {"id": "p-rep-un-0360", "name": "Roger Persson", "email": "roger.persson@example.se"},
        {"id": "p-rep-un-0382", "name": "Elsa Norén", "email": "elsa.noren@example.se"},
        {"id": "p-vv-sekr", "name": "Hanna Viklund", "email": "hanna.viklund@example.se"},
        {"id": "p-un-sekr", "name": "Oskar Berglund", "email": "oskar.berglund@example.se"},
    ]
    vm_activity = _shifted(_vastmanland_activity(vm_members), shift)
    up_activity = _shifted(_uppsala_activity(up_members), shift)
    consultations = _shifted(_consultations(), shift)
    routine_from = shift_date(SHOWCASE_DAY, shift)
    _routine(vm_activity, VASTMANLAND_ROUTINE, vm_members, routine_from, today)
    _routine(up_activity, UPPSALA_ROUTINE, up_members, routine_from, today)
    consultations += _routine_consultations(consultations[0], routine_from, today)
    vastmanland = {
        "id": "sf-vastra-vastmanland", "name": "Samordningsförbundet Västra Västmanland",
        "organisationsnummer": "222000-2222", "founded": founded.isoformat(), "members": vm_members,
        "mandates": vm_mandates, **vm_activity,
    }
    uppsala = {
        "id": "sf-uppsala-norra", "name": "Samordningsförbundet Uppsala norra", "organisationsnummer": "222000-1111",
        "founded": founded.isoformat(), "members": up_members, "mandates": up_mandates, **up_activity,
    }
    return {
        "format": "samordna-exchange/1",
        "persons": sorted(vm_persons + up_persons + officers + representatives, key=lambda p: p["id"]),
        "forbund": [uppsala, vastmanland],
        "consultations": consultations,
    }


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_IN_TEXT = re.compile(r"\b(202[4-8])\b")
_TEXT_KEYS = {"title", "text", "subject", "name"}


def _shifted(value, years, key=None):
    """The showcase moved by whole years: every date, every `year`, and the years its titles and texts
    name; ids (which hold dates too) stay as written."""
    if isinstance(value, dict):
        return {k: _shifted(v, years, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_shifted(v, years, key) for v in value]
    if not years:
        return value
    if key == "year" and isinstance(value, int):
        return value + years
    if isinstance(value, str) and _ISO_DATE.fullmatch(value) and key != "id":
        return shift_date(datetime.date.fromisoformat(value), years).isoformat()
    if isinstance(value, str) and key in _TEXT_KEYS:
        return _YEAR_IN_TEXT.sub(lambda m: str(int(m.group(1)) + years), value)
    return value


# The routine board year of each förbund: its meetings' days (Feb, Mar, May/Jun, Sep, Nov), who attends
# besides the ledamöter, who adjusts the minutes, and when its members decide on discharge.
VASTMANLAND_ROUTINE = {
    "prefix": "vv", "days": ("02-11", "03-11", "05-13", "09-16", "11-18"),
    "staff": [{"person": "p-karin", "capacity": "forbundschef"}, {"person": "p-vv-sekr", "capacity": "sekreterare"}],
    "adjusters": ["p-erik", "p-vv-1961-led"], "discharge_days": ("05-05", "05-18", "05-26", "06-09"),
}
UPPSALA_ROUTINE = {
    "prefix": "un", "days": ("02-17", "03-16", "06-08", "09-14", "11-24"),
    "staff": [{"person": "p-sara", "capacity": "forbundschef"}, {"person": "p-un-sekr", "capacity": "sekreterare"}],
    "adjusters": ["p-un-0360-led", "p-un-0382-led"], "discharge_days": ("05-06", "05-25", "06-08", "06-16"),
}
DAY = datetime.timedelta(days=1)


def _on(year, month_day):
    month, day = dates.parse_month_day(month_day)
    return datetime.date(year, month, day)


def _routine_meeting(config, member_ids, day, items, today):
    """A routine meeting: held and minuted up to today, planned (agenda only) after it."""
    prefix, mid = config["prefix"], f"{config['prefix']}-m-{day.isoformat()}"
    held, notice = day <= today, day - 8 * DAY
    meeting = {"id": mid, "date": day.isoformat(), "kind": "ordinary",
               "notice_sent": notice.isoformat() if notice <= today else None,
               "attendance": _present(prefix, member_ids) + config["staff"] if held else [], "items": []}
    for number, (title, kind, major, text) in enumerate(items, start=2):
        item = _item(f"{mid}-p{number}", number, title, kind=kind,
                     outcome=None if not held else ("approved" if kind == "decision" else "noted"), text=text)
        if major:
            item["major"] = True
            if notice <= today:
                item["documents_sent"] = notice.isoformat()
        meeting["items"].append(item)
    adjusted = day + 7 * DAY
    if held and adjusted <= today:
        meeting["minutes"] = {"adjusted": adjusted.isoformat(), "adjusters": config["adjusters"],
                              "published": adjusted.isoformat()}
    return meeting


def _next_contributions(previous, members):
    """Next year's contributions, 3 % up, in the 5 § split: the state half, the region a quarter, and the
    kommuner a quarter shared as before."""
    kinds = {m["id"]: m["kind"] for m in members}
    amounts = {c["member"]: c["amount"] for c in previous}
    state = next(m for m in amounts if kinds[m] == "forsakringskassan")
    region = next(m for m in amounts if kinds[m] == "region")
    kommuner = [m for m in amounts if kinds[m] == "kommun"]
    state_amount = round(amounts[state] * 1.03 / 4000) * 4000
    quarter = state_amount // 2
    before = sum(amounts[m] for m in kommuner)
    shares = {m: round(quarter * amounts[m] / before / 1000) * 1000 for m in kommuner}
    shares[kommuner[0]] += quarter - sum(shares.values())
    return [{"member": state, "amount": state_amount}, {"member": region, "amount": quarter},
            *({"member": m, "amount": shares[m]} for m in kommuner)]


def _routine(activity, config, members, since, today):
    """The board's year after the showcase (`since`, a 1 December): recorded up to today, planned after."""
    member_ids = [m["id"] for m in members]
    prefix, year = config["prefix"], since.year + 1
    m1, m2, m3, m4, m5 = (_on(year, d) for d in config["days"])
    report_item = ("Delrapporter från insatserna", "information", False, None)
    meetings = [
        _routine_meeting(config, member_ids, m1, [(f"Verksamhetsberättelse {year - 1}", "information", False, None),
                                                  report_item], today),
        _routine_meeting(config, member_ids, m2, [(f"Årsredovisning {year - 1}", "decision", True,
                                                   f"Styrelsen fastställer årsredovisningen för {year - 1}.")], today),
        _routine_meeting(config, member_ids, m3, [(f"Revisionsberättelse {year - 1}", "information", False, None),
                                                  report_item], today),
        _routine_meeting(config, member_ids, m4, [report_item, (f"Budgetprocessen {year + 1}", "information",
                                                                False, None)], today),
        _routine_meeting(config, member_ids, m5, [(f"Budget och verksamhetsplan {year + 1}", "decision", True,
                                                   f"Styrelsen fastställer budget {year + 1}.")], today),
    ]
    # The next year's first meetings, planned, within the planning horizon.
    for day in config["days"][:2]:
        day = _on(year + 1, day)
        if day <= today + PLANNING_HORIZON:
            meetings.append(_routine_meeting(config, member_ids, day, [
                (f"Årsredovisning {year}" if day.month == 3 else f"Verksamhetsberättelse {year}",
                 "decision" if day.month == 3 else "information", day.month == 3, None)], today))
    activity["meetings"] += meetings
    if m2 <= today:  # the annual report for the year before, its audit and the members' discharge
        report = {"year": year - 1, "made": m2.isoformat(), "equity": 2000000}
        if m2 + 7 * DAY <= today:
            report["delivered_to_members"] = (m2 + 7 * DAY).isoformat()
            activity["notices"].append({
                "id": f"{prefix}-n-{(m2 + 7 * DAY).isoformat()}", "date": (m2 + 7 * DAY).isoformat(),
                "subject": f"Årsredovisning {year - 1}", "recipients": member_ids, "about": f"{prefix}-m-{m2}-p2"})
        audit_day = _on(year, "04-09")
        if audit_day <= today:
            report["audit"] = {"report_date": audit_day.isoformat(), "delivered_to": member_ids, "remarks": []}
            days = [_on(year, d) for d in config["discharge_days"]]
            report["discharge"] = [{"member": m, "decision": "granted", "date": days[i % len(days)].isoformat()}
                                   for i, m in enumerate(member_ids) if days[i % len(days)] <= today]
        activity["annual_reports"].append(report)
    if m5 <= today:  # the next year's budget
        previous = max(activity["budgets"], key=lambda b: b["year"])
        contributions = _next_contributions(previous["contributions"], members)
        total = sum(c["amount"] for c in contributions)
        activity["budgets"].append({
            "year": year + 1, "adopted": m5.isoformat(), "decided_in": f"{prefix}-m-{m5}-p2",
            "contributions": contributions,
            "allocations": {"insatser": total * 4 // 5, "administration": total - total * 4 // 5}})
        if m5 + 8 * DAY <= today:
            activity["notices"].append({
                "id": f"{prefix}-n-{(m5 + 8 * DAY).isoformat()}", "date": (m5 + 8 * DAY).isoformat(),
                "subject": f"Budget {year + 1} fastställd", "recipients": member_ids, "about": f"{prefix}-m-{m5}-p2"})
    # Insats reports a week before the meetings that hear them; an ended insats gives its final report.
    for meeting_day in (m1, m3, m4):
        day = meeting_day - 7 * DAY
        if day > today:
            break
        for insats in activity["insatser"]:
            start, end = (datetime.date.fromisoformat(insats[k]) for k in ("start", "end"))
            reports = insats.setdefault("reports", [])
            if start > day or any(r["kind"] == "final" for r in reports):
                continue
            report = {"date": day.isoformat(), "kind": "final" if end < day else "progress",
                      "participants": {"women": 6, "men": 5, "other": 0}}
            if meeting_day <= today:
                report["presented_in"] = f"{prefix}-m-{meeting_day}-p{2 if meeting_day == m4 else 3}"
            reports.append(report)


def _routine_consultations(spring, since, today):
    """The two förbund's joint samråd of the routine year: a medlemssamråd in May and a budget samråd in
    October, with the participants of the showcase's spring samråd once held."""
    year = since.year + 1
    agenda = [{"title": f"Resultat och verksamhet {year - 1}", "topic": "results"},
              {"title": "Hinder för samverkan", "topic": "obstacles"},
              {"title": "Årets arbete mot medborgarnas behov", "topic": "needs"},
              {"title": "Långsiktig utveckling", "topic": "long_term"},
              {"title": f"Förutsättningar för budget {year + 1}", "topic": "budget"}]
    out = []
    for cid, kind, day, items in (
            (f"samrad-{year}-medlemmar", "medlemssamrad", _on(year, "05-06"), agenda),
            (f"samrad-{year}-budgetsamrad", "budget", _on(year, "10-07"),
             [{"title": f"Förslag till budget och verksamhetsplan {year + 1}", "topic": "budget"}])):
        held = day <= today
        out.append({"id": cid, "kind": kind, "forbund": spring["forbund"], "date": day.isoformat(),
                    "convener": spring["convener"], "participants": spring["participants"] if held else [],
                    "agenda": items, "decisions": []})
    return out


def _present(prefix, member_ids, absent=()):
    """Attendance of every ledamot present."""
    return [{"person": _ledamot(prefix, m), "capacity": "ledamot"} for m in member_ids if m not in absent]


def _ledamot(prefix, member_id):
    if member_id == "vv-1980":
        return "p-erik"
    return f"p-{prefix}-{member_id.split('-')[-1]}-led"


def _meeting(mid, day, notice, attendance, items, adjusted, adjusters, kind="ordinary"):
    return {"id": mid, "date": day, "kind": kind, "notice_sent": notice, "attendance": attendance, "items": items,
            "minutes": {"adjusted": adjusted, "adjusters": adjusters, "published": adjusted}}


def _item(iid, number, title, kind="decision", outcome="approved", text=None, **more):
    item = {"id": iid, "number": number, "title": title, "kind": kind}
    if outcome:
        item["decision"] = {"outcome": outcome, "text": text or title}
    item.update(more)
    return item


def _vastmanland_activity(members):
    """Västra Västmanland: a full year, budget 2027 adopted in time, a vote with a reservation."""
    ids = [m["id"] for m in members]
    everyone = list(ids)
    chef = [{"person": "p-karin", "capacity": "forbundschef"}, {"person": "p-vv-sekr", "capacity": "sekreterare"}]
    adjust = ["p-erik", "p-vv-1961-led"]
    meetings = [
        _meeting("vv-m-2025-11-20", "2025-11-20", "2025-11-12", _present("vv", ids) + chef, [
            _item("vv-m-2025-11-20-p4", 4, "Budget och verksamhetsplan 2026", major=True,
                  documents_sent="2025-11-12",
                  text="Styrelsen fastställer budget 2026 med medlemsbidrag om 12 000 000 kr."),
            _item("vv-m-2025-11-20-p5", 5, "Delegationsbeslut", kind="delegation", outcome="noted"),
        ], "2025-11-27", adjust),
        _meeting("vv-m-2026-02-12", "2026-02-12", "2026-02-04",
                 _present("vv", ids, absent=("vv-1961",)) + [
                     {"person": "p-vv-1961-ers", "capacity": "ersattare", "serving": True, "replaces": "p-vv-1961-led"},
                 ] + chef, [
            _item("vv-m-2026-02-12-p3", 3, "Ansökan om medel: Steg till arbete", insats="vv-ins-steg", major=True,
                  documents_sent="2026-02-04",
                  text="Styrelsen beviljar 1 800 000 kr för 2026 till Steg till arbete."),
            _item("vv-m-2026-02-12-p4", 4, "Information om uppföljningen", kind="information", outcome="noted"),
        ], "2026-02-20", ["p-erik", "p-vv-reg-led"]),
        _meeting("vv-m-2026-03-12", "2026-03-12", "2026-03-04", _present("vv", ids) + chef, [
            _item("vv-m-2026-03-12-p2", 2, "Årsredovisning 2025", major=True,
                  text="Styrelsen fastställer årsredovisningen för 2025."),
            _item("vv-m-2026-03-12-p3", 3, "Delrapport: Samverkan psykisk hälsa", kind="information", outcome="noted",
                  insats="vv-ins-psykisk"),
        ], "2026-03-19", adjust),
        _meeting("vv-m-2026-05-14", "2026-05-14", "2026-05-06", _present("vv", ids) + chef, [
            _item("vv-m-2026-05-14-p4", 4, "Ansökan om medel: Samverkan psykisk hälsa, förlängning",
                  insats="vv-ins-psykisk", major=True, documents_sent="2026-05-06",
                  text="Styrelsen beviljar 900 000 kr för 2026 till förlängningen."),
            _item("vv-m-2026-05-14-p5", 5, "Svar på revisorernas anmärkning", text="Styrelsen antar svaret."),
            _item("vv-m-2026-05-14-p6", 6, "Delrapport: Arbetsträning Hallstahammar", kind="information",
                  outcome="noted", insats="vv-ins-arbetstraning"),
        ], "2026-05-22", adjust),
        _meeting("vv-m-2026-11-19", "2026-11-19", "2026-11-11", _present("vv", ids) + chef, [
            _item("vv-m-2026-11-19-p3", 3, "Budget och verksamhetsplan 2027", major=True, documents_sent="2026-11-11",
                  text="Styrelsen fastställer budget 2027 med medlemsbidrag om 12 400 000 kr."),
            _item("vv-m-2026-11-19-p4", 4, "Slutrapport: Arbetsträning Hallstahammar", kind="information",
                  outcome="noted", insats="vv-ins-arbetstraning"),
        ], "2026-11-23", adjust),
    ]
    # A named vote: five for, one against who enters a reservation.
    decision = meetings[3]["items"][0]["decision"]
    decision["votes"] = [{"person": p, "vote": "yes"} for p in
                         ("p-erik", "p-vv-fk-led", "p-vv-af-led", "p-vv-reg-led", "p-vv-1961-led")]
    decision["votes"].append({"person": "p-vv-1962-led", "vote": "no"})
    decision["reservations"] = [{"person": "p-vv-1962-led",
                                 "reason": "Förlängningen saknar förankring i Norbergs kommun."}]
    insatser = [
        {"id": "vv-ins-steg", "name": "Steg till arbete", "direction": "individ", "owner": "vv-1980",
         "parties": ["vv-fk", "vv-af", "vv-1980"], "concerns": ["vv-1980"],
         "anchoring": [{"member": "vv-1980", "date": "2026-01-20"}],
         "start": "2026-03-01", "end": "2027-12-31", "followup_registered": "2026-03-10",
         "funding": [{"year": 2026, "amount": 1800000, "decided_in": "vv-m-2026-02-12-p3"}],
         "reports": [{"date": "2026-09-10", "kind": "progress", "presented_in": "vv-m-2026-11-19-p3",
                      "participants": {"women": 14, "men": 11, "other": 1}, "outcomes": {"work": 4, "studies": 3}}]},
        {"id": "vv-ins-psykisk", "name": "Samverkan psykisk hälsa", "direction": "struktur", "owner": "vv-reg",
         "parties": ["vv-fk", "vv-reg", "vv-1961", "vv-1962"], "concerns": ["vv-1961", "vv-1962"],
         "anchoring": [{"member": "vv-1961", "date": "2025-10-02"}, {"member": "vv-1962", "date": "2025-10-06"}],
         "start": "2025-01-01", "end": "2026-12-31", "followup_registered": "2025-01-20",
         "funding": [{"year": 2025, "amount": 1200000}, {"year": 2026, "amount": 900000,
                                                          "decided_in": "vv-m-2026-05-14-p4"}],
         "reports": [{"date": "2026-03-05", "kind": "progress", "presented_in": "vv-m-2026-03-12-p3",
                      "participants": {"women": 0, "men": 0, "other": 0}, "outcomes": {"network_meetings": 12}}]},
        # Ended on 30 June with its final report presented in the autumn: the demo's closed insats.
        {"id": "vv-ins-arbetstraning", "name": "Arbetsträning Hallstahammar", "direction": "individ",
         "owner": "vv-1961", "parties": ["vv-af", "vv-1961"], "concerns": ["vv-1961"],
         "anchoring": [{"member": "vv-1961", "date": "2024-11-14"}],
         "start": "2025-02-01", "end": "2026-06-30", "followup_registered": "2025-02-12",
         "funding": [{"year": 2025, "amount": 700000}, {"year": 2026, "amount": 350000}],
         "reports": [
             {"date": "2025-05-28", "kind": "progress", "participants": {"women": 6, "men": 5, "other": 0},
              "outcomes": {"work": 1, "studies": 1}},
             {"date": "2025-09-25", "kind": "progress", "participants": {"women": 9, "men": 8, "other": 0},
              "outcomes": {"work": 3, "studies": 2}},
             {"date": "2026-01-22", "kind": "progress", "presented_in": "vv-m-2026-02-12-p4",
              "participants": {"women": 11, "men": 10, "other": 1}, "outcomes": {"work": 5, "studies": 3}},
             {"date": "2026-05-06", "kind": "progress", "presented_in": "vv-m-2026-05-14-p6",
              "participants": {"women": 13, "men": 12, "other": 1}, "outcomes": {"work": 7, "studies": 4}},
             {"date": "2026-08-27", "kind": "final", "presented_in": "vv-m-2026-11-19-p4",
              "participants": {"women": 14, "men": 13, "other": 1},
              "outcomes": {"work": 9, "studies": 5, "other": 2}}]},
    ]
    contributions_2026 = [("vv-fk", 6000000), ("vv-reg", 3000000), ("vv-1980", 2000000), ("vv-1961", 600000),
                          ("vv-1962", 400000)]
    contributions_2027 = [("vv-fk", 6200000), ("vv-reg", 3100000), ("vv-1980", 2060000), ("vv-1961", 620000),
                          ("vv-1962", 420000)]
    budgets = [
        {"year": 2026, "adopted": "2025-11-20", "decided_in": "vv-m-2025-11-20-p4",
         "contributions": [{"member": m, "amount": a} for m, a in contributions_2026],
         "allocations": {"insatser": 9600000, "administration": 2400000},
         "consulted": [{"member": m, "date": "2025-10-01", "how": "written"} for m in everyone]},
        {"year": 2027, "adopted": "2026-11-19", "decided_in": "vv-m-2026-11-19-p3",
         "contributions": [{"member": m, "amount": a} for m, a in contributions_2027],
         "allocations": {"insatser": 9900000, "administration": 2500000}},
    ]
    annual_reports = [{
        "year": 2025, "made": "2026-03-12", "delivered_to_members": "2026-03-20", "equity": 2100000,
        "audit": {"report_date": "2026-04-09", "delivered_to": everyone,
                  "remarks": [{"id": "vv-rem-2025-1", "text": "Uppföljningen av delegationsbeslut bör dokumenteras.",
                               "response": {"date": "2026-05-14", "decided_in": "vv-m-2026-05-14-p5"}}]},
        "discharge": [{"member": m, "decision": "granted", "date": d} for m, d in
                      (("vv-fk", "2026-05-05"), ("vv-af", "2026-05-05"), ("vv-reg", "2026-05-26"),
                       ("vv-1980", "2026-05-18"), ("vv-1961", "2026-05-25"), ("vv-1962", "2026-06-15"))],
    }]
    notices = [
        {"id": "vv-n-2025-11", "date": "2025-11-28", "subject": "Budget 2026 fastställd", "recipients": everyone,
         "about": "vv-m-2025-11-20-p4"},
        {"id": "vv-n-2026-02", "date": "2026-02-24", "subject": "Ny insats: Steg till arbete", "recipients": everyone,
         "about": "vv-m-2026-02-12-p3"},
        {"id": "vv-n-2026-03", "date": "2026-03-20", "subject": "Årsredovisning 2025", "recipients": everyone,
         "about": "vv-m-2026-03-12-p2"},
        {"id": "vv-n-2026-05", "date": "2026-05-25", "subject": "Förlängd insats: Samverkan psykisk hälsa",
         "recipients": everyone, "about": "vv-m-2026-05-14-p4"},
    ]
    return {"meetings": meetings, "insatser": insatser, "budgets": budgets, "annual_reports": annual_reports,
            "notices": notices}


def _uppsala_activity(members):
    """Uppsala norra: jäv on an item with a substitute, and no budget 2027 adopted by 30 November 2026."""
    ids = [m["id"] for m in members]
    everyone = list(ids)
    chef = [{"person": "p-sara", "capacity": "forbundschef"}, {"person": "p-un-sekr", "capacity": "sekreterare"}]
    adjust = ["p-un-0360-led", "p-un-0382-led"]
    meetings = [
        _meeting("un-m-2025-11-25", "2025-11-25", "2025-11-17", _present("un", ids) + chef, [
            _item("un-m-2025-11-25-p5", 5, "Budget 2026", major=True, documents_sent="2025-11-17",
                  text="Styrelsen fastställer budget 2026 med medlemsbidrag om 8 000 000 kr."),
        ], "2025-12-03", adjust),
        _meeting("un-m-2026-03-10", "2026-03-10", "2026-03-02", _present("un", ids) + [
            {"person": "p-un-reg-ers", "capacity": "ersattare"}] + chef, [
            _item("un-m-2026-03-10-p2", 2, "Årsredovisning 2025", major=True,
                  text="Styrelsen fastställer årsredovisningen för 2025."),
            _item("un-m-2026-03-10-p3", 3, "Ansökan om medel: Unga in", insats="un-ins-unga", major=True,
                  documents_sent="2026-03-02", text="Styrelsen beviljar 1 100 000 kr för 2026 till Unga in.",
                  recused=[{"person": "p-un-reg-led", "reason": "Närstående anställd i projektet."}],
                  substitutes=[{"person": "p-un-reg-ers", "replaces": "p-un-reg-led"}]),
        ], "2026-03-18", adjust),
        _meeting("un-m-2026-06-09", "2026-06-09", "2026-06-01", _present("un", ids) + chef, [
            _item("un-m-2026-06-09-p4", 4, "Gemensam kartläggning av behov", insats="un-ins-kartlaggning",
                  text="Styrelsen beviljar 400 000 kr för 2026 till kartläggningen."),
            _item("un-m-2026-06-09-p5", 5, "Svar på revisorernas anmärkning", text="Styrelsen antar svaret."),
        ], "2026-06-17", adjust),
        _meeting("un-m-2026-09-15", "2026-09-15", "2026-09-07", _present("un", ids) + chef, [
            _item("un-m-2026-09-15-p3", 3, "Delrapport: Unga in", kind="information", outcome="noted",
                  insats="un-ins-unga"),
            _item("un-m-2026-09-15-p4", 4, "Budgetprocessen 2027", kind="information", outcome="noted"),
        ], "2026-09-22", adjust),
    ]
    insatser = [
        {"id": "un-ins-unga", "name": "Unga in", "direction": "individ", "owner": "un-0360",
         "parties": ["un-fk", "un-af", "un-reg", "un-0360", "un-0382"], "concerns": ["un-0360", "un-0382"],
         "anchoring": [{"member": "un-0360", "date": "2026-02-10"}, {"member": "un-0382", "date": "2026-02-17"}],
         "start": "2026-04-01", "end": "2028-03-31", "followup_registered": "2026-04-14",
         "funding": [{"year": 2026, "amount": 1100000, "decided_in": "un-m-2026-03-10-p3"}],
         "reports": [{"date": "2026-09-08", "kind": "progress", "presented_in": "un-m-2026-09-15-p3",
                      "participants": {"women": 9, "men": 12, "other": 0}, "outcomes": {"work": 2, "studies": 4}}]},
        {"id": "un-ins-kartlaggning", "name": "Gemensam kartläggning", "direction": "struktur", "owner": "un-reg",
         "parties": ["un-fk", "un-reg", "un-0382"], "start": "2026-08-01", "end": "2027-06-30",
         "followup_registered": "2026-08-20",
         "funding": [{"year": 2026, "amount": 400000, "decided_in": "un-m-2026-06-09-p4"}]},
    ]
    budgets = [{
        "year": 2026, "adopted": "2025-11-25", "decided_in": "un-m-2025-11-25-p5",
        "contributions": [{"member": m, "amount": a} for m, a in
                          (("un-fk", 4000000), ("un-reg", 2000000), ("un-0360", 1100000), ("un-0382", 900000))],
        "allocations": {"insatser": 6200000, "administration": 1800000},
        "consulted": [{"member": m, "date": "2025-10-15", "how": "meeting"} for m in everyone],
    }]
    annual_reports = [{
        "year": 2025, "made": "2026-03-10", "delivered_to_members": "2026-03-17", "equity": 1400000,
        "audit": {"report_date": "2026-04-14", "delivered_to": everyone,
                  "remarks": [{"id": "un-rem-2025-1", "text": "Attestordningen bör ses över.",
                               "response": {"date": "2026-06-09", "decided_in": "un-m-2026-06-09-p5"}}]},
        "discharge": [{"member": m, "decision": "granted", "date": d} for m, d in
                      (("un-fk", "2026-05-06"), ("un-af", "2026-05-06"), ("un-reg", "2026-06-16"),
                       ("un-0360", "2026-05-25"), ("un-0382", "2026-06-08"))],
    }]
    notices = [
        {"id": "un-n-2026-03", "date": "2026-03-20", "subject": "Ny insats: Unga in", "recipients": everyone,
         "about": "un-m-2026-03-10-p3"},
        {"id": "un-n-2026-03b", "date": "2026-03-20", "subject": "Årsredovisning 2025", "recipients": everyone,
         "about": "un-m-2026-03-10-p2"},
    ]
    return {"meetings": meetings, "insatser": insatser, "budgets": budgets, "annual_reports": annual_reports,
            "notices": notices}


def _consultations():
    """A joint medlemssamråd in spring 2026 and a joint budget samråd in autumn 2026."""
    representatives = [
        {"person": "p-rep-vv-fk", "represents": "vv-fk"}, {"person": "p-rep-vv-af", "represents": "vv-af"},
        {"person": "p-rep-vv-reg", "represents": "vv-reg"}, {"person": "p-maria", "represents": "vv-1980"},
        {"person": "p-rep-vv-1961", "represents": "vv-1961"}, {"person": "p-rep-vv-1962", "represents": "vv-1962"},
        {"person": "p-rep-un-fk", "represents": "un-fk"}, {"person": "p-rep-un-af", "represents": "un-af"},
        {"person": "p-rep-un-reg", "represents": "un-reg"}, {"person": "p-rep-un-0360", "represents": "un-0360"},
        {"person": "p-rep-un-0382", "represents": "un-0382"},
    ]
    delegates = [
        {"person": "p-erik", "for_forbund": "sf-vastra-vastmanland", "capacity": "ordforande"},
        {"person": "p-karin", "for_forbund": "sf-vastra-vastmanland", "capacity": "forbundschef"},
        {"person": "p-un-0360-led", "for_forbund": "sf-uppsala-norra", "capacity": "ordforande"},
        {"person": "p-sara", "for_forbund": "sf-uppsala-norra", "capacity": "forbundschef"},
    ]
    both = ["sf-uppsala-norra", "sf-vastra-vastmanland"]
    return [
        {"id": "samrad-2026-var", "kind": "medlemssamrad", "forbund": both, "date": "2026-05-06",
         "convener": {"person": "p-maria", "appointed_by": "vv-1980"},
         "participants": representatives + delegates,
         "agenda": [{"title": "Resultat och verksamhet 2025", "topic": "results"},
                    {"title": "Hinder för samverkan", "topic": "obstacles"},
                    {"title": "Årets arbete mot medborgarnas behov", "topic": "needs"},
                    {"title": "Långsiktig utveckling", "topic": "long_term"},
                    {"title": "Förutsättningar för budget 2027", "topic": "budget"}],
         "decisions": []},
        {"id": "samrad-2026-budget", "kind": "budget", "forbund": both, "date": "2026-10-08",
         "convener": {"person": "p-maria", "appointed_by": "vv-1980"},
         "participants": representatives + delegates,
         "agenda": [{"title": "Förslag till budget och verksamhetsplan 2027", "topic": "budget"}],
         "decisions": []},
    ]


def seed_representatives() -> None:
    """Each demo member names its representatives: those the demo's samråd have them represented by (with no
    first day, so the consultations and samråd of every demo year have them)."""
    from samordna.organisations import services
    from samordna.organisations.models import Member, Person, Representative

    members = {m.external_id: m for m in Member.objects.all()}
    persons = {p.external_id: p for p in Person.objects.all()}
    for row in _consultations()[0]["participants"]:
        member, person = members.get(row.get("represents") or ""), persons.get(row.get("person") or "")
        if member is None or person is None:
            continue
        if not Representative.objects.filter(member=member, person=person).exists():
            services.add_representative(member, person, user=None)
