"""A realistic, deterministic synthetic national data set in samordna-exchange/1, with a few rule breaches."""

import calendar
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from typing import Any

from samordna.exchange import reference
from samordna.exchange.canonical import canonical
from samordna.exchange.validate import FORMAT

FIRST_NAMES = (
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Lena",
    "Emma",
    "Kerstin",
    "Ingrid",
    "Malin",
    "Elin",
    "Sofia",
    "Linnea",
    "Ida",
    "Helena",
    "Johanna",
    "Camilla",
    "Annika",
    "Marie",
    "Birgitta",
    "Fatima",
    "Amina",
    "Lars",
    "Erik",
    "Anders",
    "Johan",
    "Per",
    "Karl",
    "Nils",
    "Jan",
    "Mikael",
    "Peter",
    "Fredrik",
    "Magnus",
    "Daniel",
    "Andreas",
    "Mats",
    "Henrik",
    "Ali",
    "Mohammed",
    "Oskar",
    "Gustav",
    "Björn",
    "Ulf",
)
LAST_NAMES = (
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Lindberg",
    "Lindström",
    "Lindqvist",
    "Berg",
    "Bergström",
    "Lundberg",
    "Lundgren",
    "Sandberg",
    "Holm",
    "Ek",
    "Nyström",
    "Åberg",
    "Öberg",
    "Sjöberg",
    "Wallin",
    "Engström",
    "Forsberg",
    "Hedlund",
    "Sundberg",
    "Hassan",
    "Ahmed",
    "Nordin",
    "Falk",
    "Strand",
    "Björk",
    "Lund",
    "Dahl",
    "Holmberg",
    "Söderberg",
)
INSATS_NAMES = (
    "Steget vidare",
    "Vägen ut",
    "Jobbspåret",
    "Unga in",
    "Navigatorcentrum",
    "Samverkansteamet",
    "Arbetsträning i samverkan",
    "Kraftsamling",
    "Lotsen",
    "Hälsoväxlingen",
    "IPS – individuellt stöd",
    "Boost",
    "Språkstöd till arbete",
    "Motivationsgruppen",
    "Kompetenslyftet",
    "Tidiga insatser",
    "Framtidsverkstaden",
    "Fokus arbete",
    "Mötesplatsen",
    "Rehabkoordinering",
    "Stegvis",
    "Brobyggaren",
    "Aktivitetshuset",
    "Nya perspektiv",
    "Kartläggning och vägledning",
    "Samordnad rehabilitering",
    "Unga vuxna i fokus",
    "Arbetsintegrerande socialt företag",
    "Psykisk hälsa i arbetslivet",
    "Gemensam kompetensutveckling",
    "Föräldrar i arbete",
    "Friskvård och arbete",
    "Digitalt stöd",
)
DECISION_TITLES = (
    "Revidering av delegationsordning",
    "Yttrande över remiss",
    "Attestordning",
    "Internkontrollplan",
    "Verksamhetsplan",
    "Dokumenthanteringsplan",
    "Kommunikationsplan",
    "Riktlinjer för representation",
    "Sammanträdesplan",
    "Policy för insatsansökningar",
)
INFO_TITLES = (
    "Förbundschefens rapport",
    "Ekonomisk uppföljning",
    "Information från Nationella rådet",
    "Kurser och konferenser",
    "Omvärldsbevakning",
    "Övriga frågor",
    "Rapport från beredningsgruppen",
)
REMARK_TEXTS = (
    "Den interna kontrollen bör dokumenteras bättre.",
    "Uppföljningen av insatsernas resultat bör utvecklas.",
    "Attestrutinerna följs inte fullt ut.",
    "Målen i verksamhetsplanen bör göras mätbara.",
    "Eget kapital överstiger den rekommenderade nivån.",
)
AGENDA = (
    ("Föregående års ekonomiska resultat och verksamhetsresultat", "results"),
    ("Strukturella hinder för samverkan", "obstacles"),
    ("Årets arbete i förhållande till medborgarnas behov", "needs"),
    ("Långsiktig utveckling utifrån behovsanalyser", "long_term"),
    ("Förutsättningar för kommande budget", "budget"),
)
STATE_KINDS = ("forsakringskassan", "arbetsformedlingen")
# Larger towns weigh more, so that a förbund tends to be named after its largest kommun.
LARGER_TOWNS = (
    "Stockholm",
    "Göteborg",
    "Malmö",
    "Uppsala",
    "Västerås",
    "Örebro",
    "Linköping",
    "Helsingborg",
    "Jönköping",
    "Norrköping",
    "Lund",
    "Umeå",
    "Gävle",
    "Borås",
    "Södertälje",
    "Eskilstuna",
    "Halmstad",
    "Växjö",
    "Karlstad",
    "Sundsvall",
    "Östersund",
    "Luleå",
    "Kalmar",
    "Falun",
    "Karlskrona",
    "Gotland",
    "Nyköping",
    "Trollhättan",
    "Skellefteå",
    "Kristianstad",
    "Uddevalla",
    "Borlänge",
    "Skövde",
    "Motala",
)


def iso(day: date) -> str:
    """A date as YYYY-MM-DD."""
    return day.isoformat()


def whole(amount: float, step: int) -> int:
    """An amount rounded to a whole multiple of step kronor."""
    return int(round(amount / step)) * step


def add_months(day: date, months: int) -> date:
    """The same day N calendar months later (clamped to the month's end)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def slug(text: str) -> str:
    """ASCII slug of a Swedish name ('Upplands Väsby' -> 'upplands-vasby')."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = "".join(c if c.isalnum() else "-" for c in plain.lower())
    return "-".join(part for part in out.split("-") if part)


def weekday(day: date) -> date:
    """Move a date to the nearest Tuesday–Thursday."""
    shift = {0: 1, 1: 0, 2: 0, 3: 0, 4: -1, 5: -2, 6: 2}[day.weekday()]
    return day + timedelta(days=shift)


@dataclass
class Mandate:
    person: str
    role: str
    start: date
    end: date | None
    member: str | None = None
    joint: list[str] | None = None
    basis: str | None = None
    order: int | None = None

    def active(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def to_json(self) -> dict:
        out: dict[str, Any] = {"person": self.person, "role": self.role}
        if self.joint:
            out["appointed_by"] = self.joint
        elif self.member:
            out["appointed_by"] = self.member
        out["basis"] = self.basis
        out["substitute_order"] = self.order
        out["from"] = iso(self.start)
        out["to"] = iso(self.end) if self.end else None
        return out


@dataclass
class Meeting:
    day: date
    data: dict
    ledamot: dict[str, str] = field(default_factory=dict)  # present ledamot person -> member
    serving: dict[str, str] = field(default_factory=dict)  # serving ersättare person -> member
    reports_item: str | None = None


@dataclass
class Forbund:
    id: str
    name: str
    lanskod: str
    founded: date
    start: date
    kommuner: list[tuple[str, str, float, date]]  # code, name, weight, joined
    data: dict = field(default_factory=dict)
    members: list[dict] = field(default_factory=list)
    joined: dict[str, date] = field(default_factory=dict)
    kind: dict[str, str] = field(default_factory=dict)
    mandates: list[Mandate] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    by_year: dict[int, list[Meeting]] = field(default_factory=dict)
    pools: dict[int, int] = field(default_factory=dict)
    totals: dict[int, int] = field(default_factory=dict)
    used: dict[int, int] = field(default_factory=dict)
    reps: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    major_items: list[tuple[Meeting, str]] = field(default_factory=list)
    counter: int = 0

    def active_members(self, day: date) -> list[str]:
        return [m["id"] for m in self.members if self.joined[m["id"]] <= day]

    def holders(self, role: str, day: date) -> list[Mandate]:
        return [m for m in self.mandates if m.role == role and m.active(day)]


class Generator:
    """Builds the document; every random choice comes from one Random(seed)."""

    def __init__(self, n_forbund: int, years: int, seed: int, end_year: int):
        self.rng = Random(seed)
        self.n = n_forbund
        self.years = max(1, years)
        self.end_year = end_year
        self.first_year = end_year - self.years + 1
        self.period_start = date(self.first_year, 1, 1)
        self.period_end = date(end_year, 12, 31)
        self.persons: list[dict] = []
        self.consultations: list[dict] = []
        self.forbund: list[Forbund] = []

    # persons ------------------------------------------------------------------------------------------
    def person(self) -> str:
        rng = self.rng
        pid = f"p-{len(self.persons) + 1:05d}"
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        entry: dict[str, Any] = {"id": pid, "name": f"{first} {last}"}
        if rng.random() < 0.75:
            entry["email"] = f"{slug(first)}.{slug(last)}.{len(self.persons) + 1}@example.se"
        self.persons.append(entry)
        return pid

    # partition ----------------------------------------------------------------------------------------
    def partition(self) -> list[tuple[str, list[str]]]:
        """Groups of kommunkoder, one per förbund, each within one län."""
        rng = self.rng
        by_lan: dict[str, list[str]] = {}
        for code in sorted(reference.kommuner()):
            by_lan.setdefault(reference.kommuner()[code][1], []).append(code)
        # About 274 of 290 kommuner are members of a förbund: leave 16 out (never a one-kommun län).
        candidates = [code for lan in sorted(by_lan) if len(by_lan[lan]) > 1 for code in by_lan[lan]]
        uncovered = set(rng.sample(candidates, 16))
        covered = {lan: [c for c in codes if c not in uncovered] for lan, codes in sorted(by_lan.items())}
        lans = [lan for lan in sorted(covered) if covered[lan]]
        n = min(self.n, sum(len(covered[lan]) for lan in lans))
        if n < 1:
            return []
        if n < len(lans):
            lans = sorted(rng.sample(lans, n))
        total = sum(len(covered[lan]) for lan in lans)
        quota = {lan: n * len(covered[lan]) / total for lan in lans}
        count = {lan: max(1, min(len(covered[lan]), int(quota[lan]))) for lan in lans}
        while sum(count.values()) < n:
            lan = max(
                (lan for lan in lans if count[lan] < len(covered[lan])), key=lambda x: quota[x] - count[x]
            )
            count[lan] += 1
        while sum(count.values()) > n:
            lan = max((lan for lan in lans if count[lan] > 1), key=lambda x: count[x] - quota[x])
            count[lan] -= 1
        groups = []
        for lan in lans:
            codes, parts = covered[lan], count[lan]
            codes = codes[: parts * 15]
            weights = [rng.paretovariate(1.3) for _ in range(parts)]
            extra = len(codes) - parts
            sizes = [1 + int(extra * w / sum(weights)) for w in weights]
            i = 0
            while sum(sizes) < len(codes):
                sizes[i % parts] += 1
                i += 1
            for i in range(parts):
                while sizes[i] > 15:
                    j = min(range(parts), key=lambda k: sizes[k])
                    sizes[i] -= 1
                    sizes[j] += 1
            at = 0
            for size in sizes:
                groups.append((lan, codes[at : at + size]))
                at += size
        return groups

    # one förbund --------------------------------------------------------------------------------------
    def make_forbund(
        self, lan: str, codes: list[str], weights: dict[str, float], used_ids: set[str]
    ) -> Forbund:
        rng = self.rng
        names = reference.kommuner()
        main = max(codes, key=lambda c: (weights[c], c))
        fid = "sf-" + slug(names[main][0])
        while fid in used_ids:
            fid += "-2"
        used_ids.add(fid)
        if rng.random() < 0.92 or self.years < 3:
            founded = date(
                rng.randint(min(2005, self.first_year - 1), self.first_year - 1),
                rng.choice((1, 1, 1, 4, 7)),
                1,
            )
        else:
            founded = date(rng.randint(self.first_year + 1, self.first_year + max(1, self.years // 2)), 1, 1)
        start = max(founded, self.period_start)
        kommuner = []
        for code in codes:
            joined = founded
            if code != main and founded < self.period_start and self.years >= 4 and rng.random() < 0.05:
                joined = date(rng.randint(self.first_year + 1, self.end_year - 1), 1, 1)
            kommuner.append((code, names[code][0], weights[code], joined))
        if len(codes) > 1 and rng.random() < 0.4:
            name = f"Samordningsförbundet {names[main][0]} med {len(codes) - 1} kommuner"
            name = f"Samordningsförbundet {names[main][0]}" if rng.random() < 0.7 else name
        else:
            name = f"Samordningsförbundet {names[main][0]}"
        f = Forbund(fid, name, lan, founded, start, kommuner)
        f.data = {"id": fid, "name": name, "founded": iso(founded)}
        if rng.random() < 0.9:
            f.data["organisationsnummer"] = f"222{rng.randint(0, 999):03d}-{rng.randint(0, 9999):04d}"
        statutes: dict[str, Any] = {
            "board_term_start": "04-01" if rng.random() < 0.15 else "01-01",
            "notice_days": 10 if rng.random() < 0.2 else 7,
            "adjust_within_days": 21 if rng.random() < 0.15 else 14,
            "report_interval_months": 6 if rng.random() < 0.3 else 4,
        }
        if rng.random() < 0.25:
            statutes["equity_ceiling"] = [
                {"up_to": 10_000_000, "percent": 20},
                {"up_to": None, "percent": 15},
            ]
        f.data["statutes"] = statutes
        self.add_members(f)
        self.add_board(f)
        self.add_meetings(f)
        self.add_budgets(f)
        self.add_annual_reports(f)
        self.add_insatser(f)
        self.finish_meetings(f)
        self.add_notices(f)
        f.data["members"] = f.members
        f.data["mandates"] = [m.to_json() for m in f.mandates]
        f.data["meetings"] = [m.data for m in f.meetings]
        return f

    def add_members(self, f: Forbund) -> None:
        def member(mid: str, kind: str, name: str, code: str | None, joined: date) -> None:
            entry = {"id": mid, "kind": kind, "name": name, "code": code, "joined": iso(joined)}
            f.members.append(entry)
            f.joined[mid] = joined
            f.kind[mid] = kind

        member(f"{f.id}-fk", "forsakringskassan", "Försäkringskassan", None, f.founded)
        member(f"{f.id}-af", "arbetsformedlingen", "Arbetsförmedlingen", None, f.founded)
        member(f"{f.id}-reg", "region", reference.region_name(f.lanskod), f.lanskod, f.founded)
        for code, name, _, joined in f.kommuner:
            member(f"{f.id}-{code}", "kommun", name, code, joined)

    def terms(self, f: Forbund) -> list[tuple[date, date]]:
        month, day = (int(x) for x in f.data["statutes"]["board_term_start"].split("-"))
        out = []
        for election in range(1998, self.end_year + 1, 4):
            start = date(election + 1, month, day)
            end = date(election + 5, month, day) - timedelta(days=1)
            if end >= f.start and start <= self.period_end:
                out.append((max(start, f.founded), end))
        return out

    def add_board(self, f: Forbund) -> None:
        rng = self.rng
        previous: dict[str, tuple[str, str | None]] = {}
        for term_index, (start, end) in enumerate(self.terms(f)):
            full_term: list[Mandate] = []
            for m in f.members:
                mid, kind = m["id"], m["kind"]
                m_start = max(start, f.joined[mid])
                if m_start > end:
                    continue
                state = kind in STATE_KINDS
                led_prev, ers_prev = previous.get(mid, (None, None))
                if led_prev and rng.random() < 0.5:
                    led = led_prev
                elif ers_prev and rng.random() < 0.2:
                    led = ers_prev
                else:
                    led = self.person()
                ers = ers_prev if ers_prev and ers_prev != led and rng.random() < 0.4 else self.person()
                basis = (
                    "anstalld"
                    if state
                    else ("fullmaktige" if rng.random() < 0.9 else "fullmaktige_ersattare")
                )
                if rng.random() < 0.02:
                    basis = None  # not recorded: an info finding
                elif not state and rng.random() < 0.005:
                    basis = "anstalld"  # not eligible: a breach
                ledamot = Mandate(led, "ledamot", m_start, end, mid, basis=basis)
                f.mandates.append(ledamot)
                if end - m_start > timedelta(days=500) and rng.random() < 0.05:
                    split_year = rng.randint(m_start.year + 1, max(m_start.year + 1, end.year - 1))
                    split = date(split_year, rng.choice((1, 4, 7, 9)), 1)
                    if m_start < split < end:
                        ledamot.end = split - timedelta(days=1)
                        led = self.person()
                        f.mandates.append(Mandate(led, "ledamot", split, end, mid, basis=basis))
                    else:
                        full_term.append(ledamot)
                else:
                    full_term.append(ledamot)
                if rng.random() < 0.015:
                    ers_person = None  # a member without an ersättare: a breach
                else:
                    ers_basis = (
                        "anstalld"
                        if state
                        else ("fullmaktige_ersattare" if rng.random() < 0.7 else "fullmaktige")
                    )
                    ers_person = ers
                    order = 1 if rng.random() < 0.9 else None
                    f.mandates.append(
                        Mandate(ers, "ersattare", m_start, end, mid, basis=ers_basis, order=order)
                    )
                previous[mid] = (led, ers_person)
            local = [m for m in full_term if f.kind[m.member or ""] in ("kommun", "region")]
            main_member = f"{f.id}-{max(f.kommuner, key=lambda k: (k[2], k[0]))[0]}"
            chair_pool = [m for m in local if m.member == main_member and rng.random() < 0.6] or local
            if not chair_pool:
                continue
            chair = rng.choice(chair_pool)
            f.mandates.append(Mandate(chair.person, "ordforande", chair.start, chair.end))
            others = [m for m in full_term if m is not chair]
            vice_count = 0 if rng.random() < 0.01 else rng.choice((1, 1, 2))
            for vice in rng.sample(others, min(vice_count, len(others))):
                f.mandates.append(Mandate(vice.person, "vice_ordforande", vice.start, vice.end))
            kommun_region = [
                m["id"] for m in f.members if m["kind"] in ("region", "kommun") and f.joined[m["id"]] <= end
            ]
            revisor_start = start if term_index else max(start, f.founded)
            f.mandates.append(Mandate(self.person(), "revisor", revisor_start, end, joint=kommun_region))
            if rng.random() < 0.3:
                f.mandates.append(Mandate(self.person(), "revisor", revisor_start, end, joint=kommun_region))
            if rng.random() > 0.02:  # sometimes the state's auditor is missing: a breach
                f.mandates.append(Mandate(self.person(), "revisor", revisor_start, end, member=f"{f.id}-fk"))
        chef_start = f.founded
        while chef_start <= self.period_end:
            tenure_end = date(chef_start.year + rng.randint(4, 9), rng.choice((3, 6, 9, 12)), 1)
            end = tenure_end - timedelta(days=1) if tenure_end <= self.period_end else None
            f.mandates.append(Mandate(self.person(), "forbundschef", chef_start, end))
            if end is None:
                break
            chef_start = tenure_end
        f.data["_secretary"] = self.person()

    # meetings -----------------------------------------------------------------------------------------
    def add_meetings(self, f: Forbund) -> None:
        rng = self.rng
        statutes = f.data["statutes"]
        pending_terms = [start for start, _ in self.terms(f) if start >= f.start]
        secretary = f.data.pop("_secretary")
        for year in range(f.start.year, self.end_year + 1):
            count = rng.randint(6, 10)
            months = {rng.choice((2, 3)), rng.choice((5, 6)), rng.choice((9, 10)), 11}
            if year == f.founded.year and f.founded.month == 1:
                months.add(1)
            pool = [m for m in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12) if m not in months]
            months.update(rng.sample(pool, max(0, count - len(months))))
            days = []
            for month in sorted(months):
                day = weekday(date(year, month, rng.randint(8, 17 if month == 12 else 24)))
                if month == 1 and year == f.founded.year:
                    day = weekday(date(year, 1, rng.randint(12, 20)))
                days.append(day)
            extra_day = None
            if rng.random() < 0.05:
                extra_day = weekday(date(year, rng.choice((4, 8, 12)), rng.randint(2, 5)))
                if any(abs((d - extra_day).days) <= 3 for d in days):
                    extra_day = None
                else:
                    days.append(extra_day)
            for day in sorted(days):
                if day < f.start:
                    continue
                kind = "extra" if day == extra_day else "ordinary"
                meeting = self.meeting(f, day, kind, statutes, secretary)
                due = [start for start in pending_terms if start <= day]
                if due:
                    pending_terms = [start for start in pending_terms if start > day]
                    self.item(
                        f,
                        meeting,
                        "Val av ordförande och vice ordförande",
                        "election",
                        "elected",
                        personnel=True,
                    )

    def meeting(self, f: Forbund, day: date, kind: str, statutes: dict, secretary: str) -> Meeting:
        rng = self.rng
        mid = f"{f.id}-m-{iso(day)}"
        data: dict[str, Any] = {"id": mid, "date": iso(day), "kind": kind}
        roll = rng.random()
        notice_days = statutes["notice_days"]
        if roll < 0.03:
            data["notice_sent"] = iso(day - timedelta(days=rng.randint(2, notice_days - 1)))  # late notice
        elif roll > 0.005:
            data["notice_sent"] = iso(day - timedelta(days=rng.randint(notice_days + 1, notice_days + 7)))
        meeting = Meeting(day, data)
        attendance = []
        ersattare: dict[str, list[Mandate]] = {}
        for mandate in f.holders("ersattare", day):
            ersattare.setdefault(mandate.member or "", []).append(mandate)
        serving_people = set()
        for mandate in f.holders("ledamot", day):
            if rng.random() < 0.9:
                attendance.append(
                    {"person": mandate.person, "capacity": "ledamot", "remote": rng.random() < 0.12}
                )
                meeting.ledamot[mandate.person] = mandate.member or ""
            else:
                deputies = ersattare.get(mandate.member or "", [])
                if deputies and rng.random() < 0.75:
                    deputy = deputies[0].person
                    attendance.append(
                        {
                            "person": deputy,
                            "capacity": "ersattare",
                            "serving": True,
                            "replaces": mandate.person,
                        }
                    )
                    meeting.serving[deputy] = mandate.member or ""
                    serving_people.add(deputy)
        for member in sorted(ersattare):
            for mandate in ersattare[member]:
                if mandate.person not in serving_people and rng.random() < 0.04:
                    attendance.append({"person": mandate.person, "capacity": "ersattare", "serving": False})
        for chef in f.holders("forbundschef", day):
            attendance.append({"person": chef.person, "capacity": "forbundschef"})
        if rng.random() < 0.6:
            attendance.append({"person": secretary, "capacity": "sekreterare"})
        data["attendance"] = attendance
        data["items"] = []
        f.meetings.append(meeting)
        f.by_year.setdefault(day.year, []).append(meeting)
        self.item(f, meeting, "Val av justerare", "decision", "approved")
        self.item(f, meeting, "Godkännande av dagordning", "decision", "approved")
        return meeting

    def item(
        self,
        f: Forbund,
        meeting: Meeting,
        title: str,
        kind: str,
        outcome: str,
        text: str | None = None,
        insats: str | None = None,
        major: bool = False,
        personnel: bool = False,
    ) -> dict:
        number = len(meeting.data["items"]) + 1
        entry: dict[str, Any] = {
            "id": f"{meeting.data['id']}-p{number}",
            "number": number,
            "title": title,
            "kind": kind,
            "personnel_or_election": personnel,
            "major": major,
            "insats": insats,
            "decision": {"outcome": outcome, "text": text or ("Noteras." if outcome == "noted" else title)},
        }
        if kind == "decision" and meeting.data.get("notice_sent") and self.rng.random() < 0.95:
            entry["documents_sent"] = meeting.data["notice_sent"]
        meeting.data["items"].append(entry)
        if major and outcome in ("approved", "rejected", "elected"):
            f.major_items.append((meeting, entry["id"]))
        return entry

    def meeting_in(
        self, f: Forbund, year: int, months: tuple[int, ...], before: date | None = None
    ) -> Meeting | None:
        """The last meeting of a year in one of the months (and before a date)."""
        found = [
            m for m in f.by_year.get(year, []) if m.day.month in months and (before is None or m.day < before)
        ]
        return found[-1] if found else None

    def chair(self, f: Forbund, day: date) -> str | None:
        holders = f.holders("ordforande", day)
        return holders[0].person if holders else None

    def finish_meetings(self, f: Forbund) -> None:
        rng = self.rng
        adjust_days = f.data["statutes"]["adjust_within_days"]
        for meeting in f.meetings:
            items = meeting.data["items"]
            target = rng.randint(5, 15)
            year = meeting.day.year
            titles = {entry["title"] for entry in items}
            fillers = [("decision", f"{t} {year}") for t in DECISION_TITLES] + [
                ("information", t) for t in INFO_TITLES
            ]
            fillers.append(("delegation", "Redovisning av delegationsbeslut"))
            fillers = [(kind, title) for kind, title in fillers if title not in titles]
            rng.shuffle(fillers)
            # information items come more often than extra decisions
            fillers.sort(key=lambda filler: filler[0] == "decision" and rng.random() < 0.6)
            while len(items) < target and fillers:
                kind, title = fillers.pop(0)
                if kind == "decision":
                    entry = self.item(f, meeting, title, "decision", "approved")
                    if rng.random() < 0.03:
                        self.vote(f, meeting, entry)
                    elif rng.random() < 0.03:
                        entry["decision"]["outcome"] = rng.choice(("tabled", "referred_back"))
                else:
                    self.item(f, meeting, title, kind, "noted")
            chair = self.chair(f, meeting.day)
            adjusters = [chair] if chair in meeting.ledamot else []
            others = [p for p in meeting.ledamot if p != chair]
            want = 2 if rng.random() > 0.01 else 1  # sometimes only the ordförande adjusts: a breach
            while len(adjusters) < want and others:
                adjusters.append(others.pop(rng.randrange(len(others))))
            roll = rng.random()
            minutes: dict[str, Any] = {"adjusters": adjusters}
            if roll < 0.03:
                adjusted = meeting.day + timedelta(days=rng.randint(adjust_days + 1, adjust_days + 20))
            elif roll < 0.035:
                adjusted = None  # never adjusted: a breach
            else:
                adjusted = meeting.day + timedelta(days=rng.randint(3, min(10, adjust_days)))
            if adjusted:
                minutes["adjusted"] = iso(adjusted)
                minutes["published"] = iso(adjusted + timedelta(days=rng.randint(0, 3)))
            meeting.data["minutes"] = minutes

    def voters(self, meeting: Meeting, entry: dict) -> list[str]:
        recused = {r["person"] for r in entry.get("recused", [])}
        people = [p for p in list(meeting.ledamot) + list(meeting.serving) if p not in recused]
        return people + [s["person"] for s in entry.get("substitutes", [])]

    def vote(self, f: Forbund, meeting: Meeting, entry: dict) -> None:
        rng = self.rng
        voters = self.voters(meeting, entry)
        if len(voters) < 3:
            return
        chair = self.chair(f, meeting.day)
        votes = {p: rng.choices(("yes", "no", "abstain"), (0.65, 0.3, 0.05))[0] for p in voters}
        yes = sum(v == "yes" for v in votes.values())
        no = sum(v == "no" for v in votes.values())
        decision = entry["decision"]
        if yes == no:
            if chair in votes:
                if votes[chair] == "abstain":
                    votes[chair] = "yes"
                    yes += 1
                    decision["outcome"] = "approved" if yes > no else "rejected"
                else:
                    decision["casting_vote"] = chair
                    decision["outcome"] = "approved" if votes[chair] == "yes" else "rejected"
            else:
                flip = next(p for p in voters if votes[p] != "yes")
                votes[flip] = "yes"
                decision["outcome"] = "approved"
        else:
            decision["outcome"] = "approved" if yes > no else "rejected"
        decision["votes"] = [{"person": p, "vote": v} for p, v in votes.items()]
        losing = "no" if decision["outcome"] == "approved" else "yes"
        decision["reservations"] = [
            {"person": p, "reason": "Till förmån för eget yrkande."}
            for p, v in votes.items()
            if v == losing and rng.random() < 0.5
        ]

    # money --------------------------------------------------------------------------------------------
    def add_budgets(self, f: Forbund) -> None:
        rng = self.rng
        weight_sum = sum(w for _, _, w, _ in f.kommuner)
        total = int(min(40_000_000, max(2_000_000, 1_500_000 + weight_sum * 1_300_000)) // 40_000 * 40_000)
        # the state's half: FK alone (AF omitted or recorded with 0), or FK ¼ + AF ¼
        state_split = rng.choices(("fk", "fk+af0", "fk+af"), (0.5, 0.3, 0.2))[0]
        late_year = None
        years = list(range(f.start.year, self.end_year + 2))
        if rng.random() < 0.05 and len(years) > 2:
            late_year = rng.choice(years[1:])
        written = rng.random() < 0.5
        budgets = []
        for year in years:
            total = min(40_000_000, int(total * rng.uniform(1.0, 1.05)) // 10_000 * 10_000)
            f.totals[year] = total
            jan1 = date(year, 1, 1)
            members = f.active_members(jan1)
            contributions = self.split(f, total, members, state_split)
            if rng.random() < 0.02:
                # a contribution a few thousand kronor off the lawful split: a breach
                row = max(
                    (c for c in contributions if f.kind[c["member"]] == "kommun"), key=lambda c: c["amount"]
                )
                row["amount"] += rng.choice((-1, 1)) * rng.randint(1000, 9000)
            insatser = whole(total * rng.uniform(0.72, 0.85), 10_000)
            f.pools[year] = insatser
            budget: dict[str, Any] = {
                "year": year,
                "contributions": contributions,
                "allocations": {"insatser": insatser, "administration": total - insatser},
            }
            title = f"Budget {year} och verksamhetsplan {year}–{year + 2}"
            if year == f.founded.year and f.founded >= self.period_start:
                meeting = f.by_year[year][0]
            elif year - 1 < f.start.year:
                meeting = None
            elif year == late_year:
                meeting = self.meeting_in(f, year - 1, (12,)) or self.meeting_in(f, year, (1, 2))
            else:
                meeting = self.meeting_in(f, year - 1, (11,))
            if meeting is None:
                adopted = date(year - 1, 11, rng.randint(10, 28))
            else:
                adopted = meeting.day
                budget["decided_in"] = self.item(f, meeting, title, "decision", "approved", major=True)["id"]
            budget["adopted"] = iso(adopted)
            if meeting is None or written or adopted.month == 1 and adopted.year == year:
                day = adopted - timedelta(days=rng.randint(20, 50))
                consulted = [{"member": m, "date": iso(day), "how": "written"} for m in members]
                if rng.random() < 0.02:
                    consulted.pop(rng.randrange(len(consulted)))
                budget["consulted"] = consulted
            elif rng.random() < 0.85:
                day = weekday(date(year - 1, 10, rng.randint(1, 20)))
                self.consultations.append(
                    {
                        "id": f"budgetsamrad-{f.id}-{year}",
                        "kind": "budget",
                        "forbund": [f.id],
                        "date": iso(day),
                        "convener": {"person": f.holders("forbundschef", day)[0].person}
                        if f.holders("forbundschef", day)
                        else None,
                        "participants": [
                            {"person": self.rep(f, m, day.year), "represents": m} for m in members
                        ],
                        "agenda": [{"title": f"Budget {year}", "topic": "budget"}],
                    }
                )
            budgets.append(budget)
        f.data["budgets"] = budgets

    def split(self, f: Forbund, total: int, members: list[str], state_split: str) -> list[dict]:
        """Contributions by law: state ½ (FK, or FK ¼ + AF ¼), regions ¼, kommuner ¼ by population."""
        quarter = total // 4
        out = []
        fk, af = f"{f.id}-fk", f"{f.id}-af"
        if state_split == "fk+af":
            out += [{"member": fk, "amount": quarter}, {"member": af, "amount": total // 2 - quarter}]
        else:
            out.append({"member": fk, "amount": total // 2})
            if state_split == "fk+af0":
                out.append({"member": af, "amount": 0})
        out.append({"member": f"{f.id}-reg", "amount": quarter})
        kommun_share = total - total // 2 - quarter
        weights = {f"{f.id}-{code}": w for code, _, w, _ in f.kommuner if f"{f.id}-{code}" in members}
        weight_sum = sum(weights.values())
        shares = {m: kommun_share * w / weight_sum for m, w in weights.items()}
        amounts = {m: int(s) for m, s in shares.items()}
        rest = kommun_share - sum(amounts.values())
        for m in sorted(shares, key=lambda m: (amounts[m] - shares[m], m))[:rest]:
            amounts[m] += 1
        out += [{"member": m, "amount": a} for m, a in amounts.items()]
        return out

    def rep(self, f: Forbund, member: str, year: int) -> str:
        """The member's representative for samråd in a year (changes now and then)."""
        history = f.reps.setdefault(member, [])
        if not history or (history[-1][0] < year and self.rng.random() < 0.15):
            history.append((year, self.person()))
        return history[-1][1]

    def add_annual_reports(self, f: Forbund) -> None:
        rng = self.rng
        reports = []
        ceiling = f.data["statutes"].get("equity_ceiling")
        for year in range(f.start.year, self.end_year):
            if f.founded > date(year, 12, 31):
                continue
            meeting = self.meeting_in(f, year + 1, (2, 3))
            if rng.random() < 0.03:
                meeting = self.meeting_in(f, year + 1, (4, 5)) or meeting  # made too late: a breach
            if meeting is None:
                continue
            self.item(f, meeting, f"Årsredovisning {year}", "decision", "approved")
            made = meeting.day
            total = f.totals.get(year, 0)
            share = (
                rng.uniform(0.3, 0.5)
                if rng.random() < (0.15 if ceiling else 0.1)
                else rng.uniform(0.03, 0.25)
            )
            report_date = made + timedelta(days=rng.randint(14, 35))
            members = f.active_members(report_date)
            delivered = list(members)
            if rng.random() < 0.02:
                delivered.pop(rng.randrange(len(delivered)))
            remarks = []
            for k in range(rng.choices((0, 1, 2), (0.72, 0.23, 0.05))[0]):
                remark: dict[str, Any] = {
                    "id": f"{f.id}-rem-{year}-{k + 1}",
                    "text": rng.choice(REMARK_TEXTS),
                }
                later = [m for m in f.meetings if report_date + timedelta(days=7) <= m.day]
                if later and rng.random() > 0.08:
                    answer = later[0]
                    entry = self.item(f, answer, "Svar på revisionens anmärkningar", "decision", "approved")
                    remark["response"] = {"date": iso(answer.day), "decided_in": entry["id"]}
                remarks.append(remark)
            discharges = []
            for member in members:
                discharges.append(
                    {
                        "member": member,
                        "decision": "refused" if rng.random() < 0.005 else "granted",
                        "date": iso(report_date + timedelta(days=rng.randint(10, 70))),
                    }
                )
            if rng.random() < 0.03:
                discharges.pop(rng.randrange(len(discharges)))
            reports.append(
                {
                    "year": year,
                    "made": iso(made),
                    "delivered_to_members": iso(made + timedelta(days=rng.randint(3, 10))),
                    "equity": whole(total * share, 1_000),
                    "audit": {"report_date": iso(report_date), "delivered_to": delivered, "remarks": remarks},
                    "discharge": discharges,
                }
            )
        f.data["annual_reports"] = reports

    # insatser -----------------------------------------------------------------------------------------
    def add_insatser(self, f: Forbund) -> None:
        rng = self.rng
        span_years = self.end_year - f.start.year + 1
        count = max(2, round(rng.randint(20, 60) * min(1.0, span_years / 10)))
        interval = f.data["statutes"]["report_interval_months"]
        candidates = [m for m in f.meetings if m.day <= self.period_end - timedelta(days=30)]
        kommun_ids = [m["id"] for m in f.members if m["kind"] == "kommun"]
        insatser = []
        base = f.totals[f.start.year]
        for n in range(count):
            position = int(len(candidates) * (n + rng.random()) / count)
            decided = candidates[min(position, len(candidates) - 1)]
            iid = f"{f.id}-ins-{n + 1:03d}"
            name = rng.choice(INSATS_NAMES)
            direction = "individ" if rng.random() < 0.7 else "struktur"
            members = f.active_members(decided.day)
            owner_kind = rng.choices(
                ("kommun", "region", "arbetsformedlingen", "forsakringskassan", None),
                (0.6, 0.15, 0.1, 0.05, 0.1),
            )[0]
            local = [m for m in kommun_ids if m in members]
            owner = None
            if owner_kind == "kommun":
                owner = rng.choice(local)
            elif owner_kind:
                owner = next(m for m in members if f.kind[m] == owner_kind)
            if direction == "struktur" and rng.random() < 0.6:
                parties = list(members)
            else:
                others = [m for m in members if m != owner]
                parties = ([owner] if owner else []) + rng.sample(others, min(len(others), rng.randint(1, 3)))
            if rng.random() < 0.01:
                parties = rng.sample(local, min(2, len(local)))  # kommuner only: too few parties, a breach
            concerns = [m for m in parties if f.kind[m] == "kommun" and rng.random() < 0.5]
            anchoring = []
            for member in concerns:
                roll = rng.random()
                if roll < 0.05:
                    continue
                offset = rng.randint(-20, -1) if roll < 0.07 else rng.randint(7, 60)
                anchoring.append({"member": member, "date": iso(decided.day - timedelta(days=offset))})
            entry: dict[str, Any] = {
                "id": iid,
                "name": name,
                "direction": direction,
                "owner": owner,
                "parties": parties,
                "concerns": concerns,
                "anchoring": anchoring,
            }
            insatser.append(entry)
            roll = rng.random()
            title = f"Ansökan om medel: {name}"
            if roll < 0.07:
                self.item(f, decided, title, "decision", "rejected", insats=iid)
                continue
            if roll < 0.1:
                earlier = [m for m in f.meetings if m.day < decided.day]
                if earlier:
                    self.item(f, earlier[-1], title, "decision", "referred_back", insats=iid)
            start = date(decided.day.year, decided.day.month, 1)
            start = add_months(start, rng.randint(1, 3))
            end = add_months(start, rng.choice((12, 18, 24, 24, 36))) - timedelta(days=1)
            annual = max(100_000, whole(base * rng.uniform(0.05, 0.15), 10_000))
            funding = []
            first_item = None
            last_funded = None
            for year in range(start.year, end.year + 1):
                if year not in f.pools:
                    break
                months = (
                    12
                    - (start.month - 1 if year == start.year else 0)
                    - (12 - end.month if year == end.year else 0)
                )
                amount = whole(annual * months / 12, 10_000)
                room = f.pools[year] - f.used.get(year, 0)
                if amount > room and rng.random() > 0.005:
                    amount = room // 10_000 * 10_000
                if amount < 50_000:
                    break
                if year <= decided.day.year + 1:
                    if first_item is None:
                        first_item = self.item(
                            f,
                            decided,
                            title,
                            "decision",
                            "approved",
                            insats=iid,
                            text=f"Styrelsen beviljar medel till {name}.",
                            major=annual >= 1_500_000,
                        )
                        self.jav(f, decided, first_item)
                    decided_in = first_item["id"]
                else:
                    autumn = self.meeting_in(f, year - 1, (9, 10, 11), before=date(year - 1, 12, 1))
                    if autumn is None:
                        break
                    decided_in = self.item(
                        f,
                        autumn,
                        f"Fortsatt finansiering {name} {year}",
                        "decision",
                        "approved",
                        insats=iid,
                        text=f"Styrelsen beviljar {amount} kr för {year}.",
                    )["id"]
                f.used[year] = f.used.get(year, 0) + amount
                funding.append({"year": year, "amount": amount, "decided_in": decided_in})
                last_funded = year
            if not funding:
                self.item(f, decided, title, "decision", "rejected", insats=iid)
                continue
            if last_funded is not None and last_funded < end.year:
                end = date(last_funded, 12, 31)
            entry.update({"start": iso(start), "end": iso(end), "funding": funding})
            if start <= self.period_end:
                roll = rng.random()
                if roll > 0.02:
                    late = roll < 0.07
                    days = rng.randint(35, 90) if late else rng.randint(0, 25)
                    entry["followup_registered"] = iso(start + timedelta(days=days))
            entry["reports"] = self.reports(f, entry, start, end, interval, direction)
        f.data["insatser"] = insatser

    def jav(self, f: Forbund, meeting: Meeting, entry: dict) -> None:
        """Now and then a ledamot is recused (jäv) and the member's ersättare steps in for the item."""
        rng = self.rng
        if rng.random() > 0.04 or not meeting.ledamot:
            return
        person = rng.choice(list(meeting.ledamot))
        member = meeting.ledamot[person]
        entry["recused"] = [
            {"person": person, "reason": rng.choice(("Närstående i projektet", "Anställd hos utföraren"))}
        ]
        deputies = [m.person for m in f.holders("ersattare", meeting.day) if m.member == member]
        if not deputies or deputies[0] in meeting.serving:
            return
        deputy = deputies[0]
        attendance = meeting.data["attendance"]
        if not any(a["person"] == deputy for a in attendance):
            attendance.append({"person": deputy, "capacity": "ersattare", "serving": False})
        entry["substitutes"] = [{"person": deputy, "replaces": person}]

    def reports_item(self, f: Forbund, day: date) -> str | None:
        """The 'reports from insatser' item of the first meeting on or within 60 days after a date."""
        for meeting in f.meetings:
            if day <= meeting.day <= day + timedelta(days=60):
                if meeting.reports_item is None:
                    meeting.reports_item = self.item(
                        f, meeting, "Rapporter från insatser", "information", "noted"
                    )["id"]
                return meeting.reports_item
        return None

    def reports(self, f: Forbund, entry: dict, start: date, end: date, interval: int, direction: str) -> list:
        rng = self.rng
        out = []
        stop = min(end, self.period_end)
        gap = rng.random() < 0.04
        day = add_months(start, interval) - timedelta(days=rng.randint(5, 25))
        women = men = other = 0
        count = 0
        while day < stop:
            count += 1
            if not (gap and count == 3):
                out.append(self.report(f, day, "progress", direction, (women, men, other)))
            women += rng.randint(0, 8)
            men += rng.randint(0, 8)
            other += rng.random() < 0.1
            day = add_months(day, interval) - timedelta(days=rng.randint(0, 20))
        final = end + timedelta(days=rng.randint(20, 80))
        if final <= self.period_end and rng.random() > 0.05:
            out.append(self.report(f, final, "final", direction, (women, men, other)))
        return out

    def report(self, f: Forbund, day: date, kind: str, direction: str, counts: tuple[int, int, int]) -> dict:
        rng = self.rng
        report: dict[str, Any] = {"date": iso(day), "kind": kind, "presented_in": self.reports_item(f, day)}
        if direction == "individ":
            women, men, other = counts
            report["participants"] = {"women": women + 3, "men": men + 2, "other": other}
            report["outcomes"] = {"work": rng.randint(0, 4 + women // 4), "studies": rng.randint(0, 3)}
        return report

    # notices ------------------------------------------------------------------------------------------
    def add_notices(self, f: Forbund) -> None:
        rng = self.rng
        notices = []
        for meeting, item_id in f.major_items:
            roll = rng.random()
            if roll < 0.05:
                continue  # members were never informed: a breach
            days = rng.randint(35, 60) if roll < 0.08 else rng.randint(3, 20)
            day = meeting.day + timedelta(days=days)
            if day > self.period_end:
                continue
            notices.append(
                {
                    "id": f"{f.id}-n-{len(notices) + 1:04d}",
                    "date": iso(day),
                    "subject": "Information om beslut",
                    "recipients": f.active_members(meeting.day),
                    "about": item_id,
                }
            )
        f.data["notices"] = notices

    # medlemssamråd ------------------------------------------------------------------------------------
    def add_samrad(self) -> None:
        rng = self.rng
        by_lan: dict[str, list[Forbund]] = {}
        for f in self.forbund:
            by_lan.setdefault(f.lanskod, []).append(f)
        groups: list[list[Forbund]] = []
        for lan in sorted(by_lan):
            pending = list(by_lan[lan])
            while pending:
                size = min(len(pending), rng.choices((1, 2, 3), (0.6, 0.25, 0.15))[0])
                groups.append(pending[:size])
                pending = pending[size:]
        for group in groups:
            for year in range(self.first_year, self.end_year + 1):
                roll = rng.random()
                if roll < 0.85:
                    day = weekday(date(year, rng.choice((5, 6)), rng.randint(2, 15)))
                elif roll < 0.95:
                    day = weekday(date(year, rng.choice((3, 4)), rng.randint(2, 25)))
                else:
                    day = weekday(date(year, 10, rng.randint(2, 25)))
                covered = [f for f in group if f.founded <= day and rng.random() > 0.02]
                if covered:
                    self.samrad(covered, day)

    def samrad(self, covered: list[Forbund], day: date) -> None:
        rng = self.rng
        participants = []
        for f in covered:
            for member in f.active_members(day):
                if rng.random() < 0.01:
                    continue  # a member not represented: a breach
                person = self.rep(f, member, day.year)
                if rng.random() < 0.005:
                    seats = [m.person for m in f.holders("ledamot", day) if m.member == member]
                    person = seats[0] if seats else person  # a representative who sits on the board
                participants.append({"person": person, "represents": member})
        for f in covered:
            chair = self.chair(f, day)
            if chair:
                participants.append({"person": chair, "for_forbund": f.id, "capacity": "ordforande"})
            elif f.holders("ledamot", day):
                participants.append(
                    {
                        "person": f.holders("ledamot", day)[0].person,
                        "for_forbund": f.id,
                        "capacity": "ledamot",
                    }
                )
            chefs = f.holders("forbundschef", day)
            if chefs and rng.random() > 0.02:
                participants.append(
                    {"person": chefs[0].person, "for_forbund": f.id, "capacity": "forbundschef"}
                )
        host = covered[0]
        main = max(host.kommuner, key=lambda k: (k[2], k[0]))
        convener_member = f"{host.id}-{main[0]}"
        if host.joined[convener_member] > day:
            convener_member = f"{host.id}-reg"
        agenda = [{"title": title, "topic": topic} for title, topic in AGENDA]
        if rng.random() < 0.1:
            agenda.pop(rng.randrange(len(agenda)))
        if rng.random() < 0.2:
            agenda.append({"title": "Övriga frågor", "topic": "other"})
        consultation = {
            "id": f"samrad-{host.id}-{iso(day)}",
            "kind": "medlemssamrad",
            "forbund": [f.id for f in covered],
            "date": iso(day),
            "convener": {
                "person": self.rep(host, convener_member, day.year),
                "appointed_by": convener_member,
            },
            "participants": participants,
            "agenda": agenda,
            "decisions": ["Samrådet ställer sig bakom förslaget."] if rng.random() < 0.01 else [],
        }
        self.consultations.append(consultation)

    def run(self) -> dict:
        rng = self.rng
        weights = {
            code: rng.lognormvariate(0, 1.0) * (8 if name in LARGER_TOWNS else 1)
            for code, (name, _) in sorted(reference.kommuner().items())
        }
        used_ids: set[str] = set()
        for lan, codes in self.partition():
            self.forbund.append(self.make_forbund(lan, codes, weights, used_ids))
        self.add_samrad()
        doc = {
            "format": FORMAT,
            "persons": self.persons,
            "forbund": [f.data for f in self.forbund],
            "consultations": self.consultations,
        }
        return canonical(doc)


def generate(n_forbund: int = 75, years: int = 10, seed: int = 0, end_year: int = 2026) -> dict:
    """A deterministic synthetic national data set: about n_forbund förbund over `years` years."""
    return Generator(n_forbund, years, seed, end_year).run()
