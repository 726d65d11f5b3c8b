"""Hypothesis strategies for small, valid, canonical samordna-exchange/1 documents covering every field.

Valid means what validate_document accepts, consistency included: date pairs in order, `basis` and
`substitute_order` only on the roles that have them, no member or person listed twice in a list. So every
document drawn here can also be imported as it is.
"""

from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from samordna.exchange import reference
from samordna.exchange.canonical import canonical
from samordna.exchange.validate import FORMAT

ABSENT = object()

# No NUL or other control characters (PostgreSQL text refuses NUL) and no lone surrogates.
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
SHORT_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
DATES = st.dates(date(2000, 1, 1), date(2030, 12, 31)).map(date.isoformat)
MONTH_DAYS = st.dates(date(2000, 1, 1), date(2000, 12, 31)).map(lambda d: d.isoformat()[5:])
KRONOR = st.integers(0, 10**9)
COUNTS = st.integers(0, 10_000)
YEARS = st.integers(2000, 2030)
BOOLS = st.booleans()
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    | TEXT
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SHORT_TEXT, inner, max_size=3),
    max_leaves=6,
)
EXTRA = st.dictionaries(SHORT_TEXT, JSON_VALUES, max_size=3)
SHA256 = st.from_regex(r"\A[0-9a-f]{64}\Z")
TIMES = st.from_regex(r"\A([01][0-9]|2[0-3]):[0-5][0-9]\Z")
# UTC moments as the export writes them (fractions of a second only when there are any)
MOMENTS = st.datetimes(datetime(2000, 1, 1), datetime(2030, 12, 31)).map(lambda d: d.isoformat() + "Z")
ITEM_NUMBERS = st.integers(0, 30)

MEMBER_KINDS = ("forsakringskassan", "arbetsformedlingen", "region", "kommun")
ROLES = ("ledamot", "ersattare", "ordforande", "vice_ordforande", "forbundschef", "revisor")
CAPACITIES = ("ledamot", "ersattare", "forbundschef", "sekreterare", "other")
ITEM_KINDS = ("decision", "information", "delegation", "election")
OUTCOMES = ("approved", "rejected", "referred_back", "tabled", "noted", "elected")
TOPICS = ("results", "obstacles", "needs", "long_term", "budget", "other")


def optional(draw: Any, out: dict, key: str, strategy: st.SearchStrategy) -> None:
    """Set an optional field: absent, null or a drawn value."""
    choice = draw(st.integers(0, 9))  # mostly a value, so that deep fields turn up often
    if choice == 1:
        out[key] = None
    elif choice > 1:
        out[key] = draw(strategy)


def with_extra(draw: Any, out: dict) -> dict:
    """Maybe attach an `extra` object (or an explicit null)."""
    optional(draw, out, "extra", EXTRA)
    return out


def in_order(out: dict, first: str, last: str) -> dict:
    """Swap a drawn date pair that is out of order (a pair where either is absent or null is fine)."""
    if isinstance(out.get(first), str) and isinstance(out.get(last), str) and out[last] < out[first]:
        out[first], out[last] = out[last], out[first]
    return out


def ids_from(values: list[str], max_size: int = 4) -> st.SearchStrategy:
    """A list of distinct ids (nothing may be listed twice)."""
    if not values:
        return st.just([])
    return st.lists(st.sampled_from(values), unique=True, max_size=max_size)


def one_of_ids(values: list[str]) -> st.SearchStrategy:
    return st.sampled_from(values) if values else st.none()


@st.composite
def documents(draw: Any) -> dict:
    """A small valid document in canonical form, using random subsets of every feature of the format."""
    persons = []
    for i in range(draw(st.integers(1, 6))):
        person: dict[str, Any] = {"id": f"p{i}"}
        optional(draw, person, "name", TEXT)
        optional(draw, person, "email", st.emails().map(str))
        persons.append(with_extra(draw, person))
    person_ids = [p["id"] for p in persons]
    a_person = st.sampled_from(person_ids)

    forbund_list = []
    for fi in range(draw(st.sampled_from((1, 2, 0)))):
        forbund_list.append(draw(forbund(f"f{fi}", person_ids)))

    consultations = []
    all_forbund = [f["id"] for f in forbund_list]
    members_of = {f["id"]: [m["id"] for m in f.get("members") or []] for f in forbund_list}
    for ci in range(draw(st.sampled_from((1, 2, 0)))):
        covered = (
            draw(st.lists(st.sampled_from(all_forbund), unique=True, min_size=1, max_size=2))
            if all_forbund
            else []
        )
        covered_members = [m for f in covered for m in members_of[f]]
        c: dict[str, Any] = {
            "id": f"c{ci}",
            "kind": draw(st.sampled_from(("medlemssamrad", "budget", "other"))),
            "date": draw(DATES),
        }
        optional(draw, c, "forbund", st.just(covered))
        if not c.get("forbund"):
            covered, covered_members = [], []
        convener: dict[str, Any] = {}
        optional(draw, convener, "person", a_person)
        if covered_members:
            optional(draw, convener, "appointed_by", st.sampled_from(covered_members))
        optional(draw, c, "convener", st.just(with_extra(draw, convener)))
        participants = []
        for _ in range(draw(st.integers(0, 3))):
            entry: dict[str, Any] = {"person": draw(a_person)}
            if covered_members:
                optional(draw, entry, "represents", st.sampled_from(covered_members))
            if covered:
                optional(draw, entry, "for_forbund", st.sampled_from(covered))
            optional(draw, entry, "capacity", st.sampled_from(("ordforande", "ledamot", "forbundschef")))
            optional(draw, entry, "reply", st.sampled_from(("coming", "not_coming")))
            optional(draw, entry, "attended", st.booleans())
            participants.append(with_extra(draw, entry))
        optional(draw, c, "participants", st.just(participants))
        agenda = []
        for _ in range(draw(st.integers(0, 3))):
            entry = {}
            optional(draw, entry, "title", TEXT)
            optional(draw, entry, "topic", st.sampled_from(TOPICS))
            optional(draw, entry, "notes", TEXT)
            agenda.append(with_extra(draw, entry))
        optional(draw, c, "agenda", st.just(agenda))
        optional(draw, c, "decisions", st.lists(TEXT, max_size=2))
        consultations.append(with_extra(draw, c))

    doc: dict[str, Any] = {"format": FORMAT}
    optional(draw, doc, "persons", st.just(persons))
    if "persons" not in doc or doc["persons"] is None:
        doc["persons"] = persons  # referenced persons must exist
    optional(draw, doc, "forbund", st.just(forbund_list))
    if forbund_list and not doc.get("forbund"):
        doc["forbund"] = forbund_list  # consultations may refer to them
    optional(draw, doc, "consultations", st.just(consultations))
    if doc.get("consultations"):  # a matter may be about a samråd of the document
        for f in forbund_list:
            for matter in f.get("matters") or []:
                optional(draw, matter, "consultation", st.sampled_from([c["id"] for c in consultations]))
    return canonical(with_extra(draw, doc))


@st.composite
def forbund(draw: Any, fid: str, person_ids: list[str]) -> dict:
    """One förbund with every kind of content, referring only to its own members and items."""
    a_person = st.sampled_from(person_ids)
    f: dict[str, Any] = {"id": fid}
    optional(draw, f, "name", TEXT)
    optional(draw, f, "organisationsnummer", st.from_regex(r"\A2220\d\d-\d{4}\Z"))
    optional(draw, f, "founded", DATES)
    statutes: dict[str, Any] = {}
    optional(draw, statutes, "board_term_start", MONTH_DAYS)
    optional(draw, statutes, "notice_days", st.integers(0, 60))
    optional(draw, statutes, "adjust_within_days", st.integers(0, 60))
    optional(draw, statutes, "report_interval_months", st.integers(1, 24))
    steps = []
    for _ in range(draw(st.integers(0, 3))):
        step: dict[str, Any] = {
            "percent": draw(st.integers(0, 100) | st.floats(0, 100, allow_nan=False, allow_subnormal=False))
        }
        optional(draw, step, "up_to", KRONOR)
        steps.append(with_extra(draw, step))
    optional(draw, statutes, "equity_ceiling", st.just(steps))
    optional(draw, f, "statutes", st.just(with_extra(draw, statutes)))

    members = []
    kinds = draw(st.lists(st.sampled_from(MEMBER_KINDS), max_size=5))
    for j, kind in enumerate(kinds):
        member: dict[str, Any] = {"id": f"{fid}-m{j}", "kind": kind}
        optional(draw, member, "name", TEXT)
        if kind == "kommun":
            member["code"] = draw(st.sampled_from(sorted(reference.kommuner())))
        elif kind == "region":
            member["code"] = draw(st.sampled_from(sorted(reference.lan())))
        optional(draw, member, "joined", DATES)
        optional(draw, member, "left", DATES)
        members.append(with_extra(draw, in_order(member, "joined", "left")))
    member_ids = [m["id"] for m in members]
    a_member = one_of_ids(member_ids)
    optional(draw, f, "members", st.just(members))
    if members and not f.get("members"):
        f["members"] = members

    mandates = []
    for _ in range(draw(st.integers(0, 4))):
        mandate: dict[str, Any] = {
            "person": draw(a_person),
            # the board roles more often: only they have `basis`, and only an ersattare `substitute_order`
            "role": draw(st.sampled_from(("ledamot", "ersattare")) | st.sampled_from(ROLES)),
            "from": draw(DATES),
        }
        if member_ids:
            optional(
                draw,
                mandate,
                "appointed_by",
                a_member | st.lists(a_member, min_size=1, max_size=3, unique=True),
            )
        if mandate["role"] in ("ledamot", "ersattare"):
            optional(
                draw, mandate, "basis", st.sampled_from(("fullmaktige", "fullmaktige_ersattare", "anstalld"))
            )
        if mandate["role"] == "ersattare":
            optional(draw, mandate, "substitute_order", st.integers(1, 5))
        optional(draw, mandate, "to", DATES)
        mandates.append(with_extra(draw, in_order(mandate, "from", "to")))
    optional(draw, f, "mandates", st.just(mandates))

    insats_ids = [f"{fid}-ins{k}" for k in range(draw(st.integers(0, 2)))]
    meetings = []
    item_ids: list[str] = []
    # Lists of one or more (here and below): an empty list is the same as an absent one in canonical form,
    # and `optional` leaves lists out often enough, so the deep fields that refer to items turn up often.
    for k in range(draw(st.integers(1, 3))):
        mid = f"{fid}-mt{k}"
        meeting: dict[str, Any] = {"id": mid, "date": draw(DATES)}
        optional(draw, meeting, "kind", st.sampled_from(("ordinary", "extra")))
        optional(draw, meeting, "notice_sent", DATES)
        optional(draw, meeting, "start_time", TIMES)
        optional(draw, meeting, "place", TEXT)
        optional(draw, meeting, "remote_allowed", BOOLS)
        attendance = []
        for _ in range(draw(st.integers(0, 3))):
            entry: dict[str, Any] = {"person": draw(a_person)}
            optional(draw, entry, "capacity", st.sampled_from(CAPACITIES))
            optional(draw, entry, "remote", BOOLS)
            optional(draw, entry, "serving", BOOLS)
            optional(draw, entry, "replaces", a_person)
            if draw(st.integers(0, 3)) == 0:  # recorded absent: neither remote nor serving
                entry.update(presence="absent", remote=False, serving=False)
            for first, last in (("arrives_at_item", "leaves_at_item"), ("serving_from_item", "serving_to_item")):
                optional(draw, entry, first, ITEM_NUMBERS)
                optional(draw, entry, last, ITEM_NUMBERS)
                if isinstance(entry.get(first), int) and isinstance(entry.get(last), int) and entry[last] < entry[first]:
                    entry[first], entry[last] = entry[last], entry[first]
            attendance.append(with_extra(draw, entry))
        optional(draw, meeting, "attendance", st.just(attendance))
        items = []
        for n in range(draw(st.integers(1, 3))):
            iid = f"{mid}-i{n}"
            item_ids.append(iid)
            item: dict[str, Any] = {"id": iid}
            optional(draw, item, "number", st.integers(0, 30))
            optional(draw, item, "title", TEXT)
            optional(draw, item, "kind", st.sampled_from(ITEM_KINDS))
            optional(draw, item, "personnel_or_election", BOOLS)
            optional(draw, item, "major", BOOLS)
            optional(draw, item, "documents_sent", DATES)
            if insats_ids:
                optional(draw, item, "insats", st.sampled_from(insats_ids))
            recused = [
                with_extra(draw, _maybe(draw, {"person": draw(a_person)}, "reason", TEXT))
                for _ in range(draw(st.integers(0, 2)))
            ]
            optional(draw, item, "recused", st.just(recused))
            substitutes = [
                with_extra(draw, _maybe(draw, {"person": draw(a_person)}, "replaces", a_person))
                for _ in range(draw(st.integers(0, 2)))
            ]
            optional(draw, item, "substitutes", st.just(substitutes))
            optional(draw, item, "presenter", a_person)
            optional(draw, item, "proposal", TEXT)
            optional(draw, item, "immediate_adjust", BOOLS)
            optional(draw, item, "sent_to", TEXT)
            motions = []
            for order in range(1, draw(st.integers(1, 3)) + 1):
                motion: dict[str, Any] = {"person": draw(a_person), "text": draw(TEXT), "order": order}
                optional(draw, motion, "withdrawn", BOOLS)
                optional(draw, motion, "put_order", st.integers(1, 5))
                motions.append(with_extra(draw, motion))
            optional(draw, item, "motions", st.just(motions))
            notes = [with_extra(draw, _maybe(draw, {"text": draw(TEXT)}, "person", a_person))
                     for _ in range(draw(st.integers(1, 2)))]
            optional(draw, item, "notes", st.just(notes))
            decision: dict[str, Any] = {}
            optional(draw, decision, "outcome", st.sampled_from(OUTCOMES))
            optional(draw, decision, "text", TEXT)
            votes = [
                with_extra(
                    draw, {"person": draw(a_person), "vote": draw(st.sampled_from(("yes", "no", "abstain")))}
                )
                for _ in range(draw(st.integers(0, 3)))
            ]
            optional(draw, decision, "votes", st.just(votes))
            optional(draw, decision, "casting_vote", a_person)
            optional(draw, decision, "lot", BOOLS)
            optional(draw, decision, "vote_requested", BOOLS)
            reservations = [
                with_extra(draw, _maybe(draw, {"person": draw(a_person)}, "reason", TEXT))
                for _ in range(draw(st.integers(0, 2)))
            ]
            optional(draw, decision, "reservations", st.just(reservations))
            optional(draw, item, "decision", st.just(with_extra(draw, decision)))
            items.append(with_extra(draw, item))
        optional(draw, meeting, "items", st.just(items))
        if meeting.get("items") is None:
            item_ids = [i for i in item_ids if not i.startswith(mid + "-")]
        minutes: dict[str, Any] = {}
        optional(draw, minutes, "adjusted", DATES)
        optional(draw, minutes, "adjusters", ids_from(person_ids, 3))
        optional(draw, minutes, "published", DATES)
        versions = []
        for number in range(1, draw(st.integers(1, 2)) + 1):
            version: dict[str, Any] = {"number": number, "sha256": draw(SHA256), "created": draw(MOMENTS)}
            optional(draw, version, "source_sha256", SHA256)
            versions.append(with_extra(draw, version))
        optional(draw, minutes, "versions", st.just(versions))
        if minutes.get("versions"):
            confirmations = []
            for person in draw(st.lists(a_person, unique=True, min_size=1, max_size=2)):
                entry = {"person": person, "version": draw(st.integers(1, len(versions))),
                         "confirmed": draw(MOMENTS), "sha256": draw(SHA256)}
                optional(draw, entry, "signed_in_as", TEXT)
                confirmations.append(with_extra(draw, entry))
            optional(draw, minutes, "confirmations", st.just(confirmations))
        if isinstance(minutes.get("adjusted"), str):
            posted = date.fromisoformat(minutes["adjusted"]) + timedelta(days=draw(st.integers(0, 3)))
            anslag: dict[str, Any] = {
                "posted": posted.isoformat(),
                "appeal_until": (posted + timedelta(days=draw(st.integers(1, 30)))).isoformat()}
            optional(draw, anslag, "taken_down", st.integers(0, 40).map(lambda n, posted=posted: (posted + timedelta(days=n)).isoformat()))
            optional(draw, anslag, "kept_at", TEXT)
            optional(draw, anslag, "posted_by", TEXT)
            optional(draw, anslag, "paragraphs", TEXT)
            optional(draw, minutes, "anslag", st.just(with_extra(draw, anslag)))
        optional(draw, meeting, "minutes", st.just(with_extra(draw, minutes)))
        meetings.append(with_extra(draw, meeting))
    optional(draw, f, "meetings", st.just(meetings))
    if not f.get("meetings"):
        item_ids = []
    an_item = one_of_ids(item_ids)

    insatser = []
    for iid in insats_ids:
        insats: dict[str, Any] = {"id": iid}
        optional(draw, insats, "name", TEXT)
        optional(draw, insats, "direction", st.sampled_from(("individ", "struktur")))
        if member_ids:
            optional(draw, insats, "owner", a_member)
        optional(draw, insats, "parties", ids_from(member_ids))
        optional(draw, insats, "concerns", ids_from(member_ids))
        anchoring = [
            with_extra(draw, _maybe(draw, {"member": draw(a_member)}, "date", DATES))
            for _ in range(draw(st.integers(0, 2) if member_ids else st.just(0)))
        ]
        optional(draw, insats, "anchoring", st.just(anchoring))
        optional(draw, insats, "start", DATES)
        optional(draw, insats, "end", DATES)
        in_order(insats, "start", "end")
        optional(draw, insats, "followup_registered", DATES)
        funding = []
        for _ in range(draw(st.integers(0, 2))):
            entry = {"year": draw(YEARS), "amount": draw(KRONOR)}
            if item_ids:
                optional(draw, entry, "decided_in", an_item)
            funding.append(with_extra(draw, entry))
        optional(draw, insats, "funding", st.just(funding))
        reports = []
        for _ in range(draw(st.integers(0, 2))):
            report: dict[str, Any] = {"date": draw(DATES)}
            optional(draw, report, "kind", st.sampled_from(("progress", "final")))
            if item_ids:
                optional(draw, report, "presented_in", an_item)
            counts: dict[str, Any] = {}
            for key in ("women", "men", "other"):
                optional(draw, counts, key, COUNTS)
            optional(draw, report, "participants", st.just(with_extra(draw, counts)))
            optional(draw, report, "outcomes", st.dictionaries(SHORT_TEXT, COUNTS, max_size=3))
            reports.append(with_extra(draw, report))
        optional(draw, insats, "reports", st.just(reports))
        insatser.append(with_extra(draw, insats))
    optional(draw, f, "insatser", st.just(insatser))
    if insats_ids and not f.get("insatser"):
        f["insatser"] = insatser  # items may refer to them

    budgets = []
    for year in draw(st.lists(YEARS, unique=True, min_size=1, max_size=2)):
        budget: dict[str, Any] = {"year": year}
        optional(draw, budget, "adopted", DATES)
        if item_ids:
            optional(draw, budget, "decided_in", an_item)
        contributions = [
            with_extra(draw, {"member": draw(a_member), "amount": draw(KRONOR)})
            for _ in range(draw(st.integers(0, 3) if member_ids else st.just(0)))
        ]
        optional(draw, budget, "contributions", st.just(contributions))
        allocations: dict[str, Any] = {}
        optional(draw, allocations, "insatser", KRONOR)
        optional(draw, allocations, "administration", KRONOR)
        optional(draw, budget, "allocations", st.just(with_extra(draw, allocations)))
        consulted = []
        for _ in range(draw(st.integers(0, 2) if member_ids else st.just(0))):
            entry = {"member": draw(a_member)}
            optional(draw, entry, "date", DATES)
            optional(draw, entry, "how", st.sampled_from(("written", "meeting")))
            consulted.append(with_extra(draw, entry))
        optional(draw, budget, "consulted", st.just(consulted))
        budgets.append(with_extra(draw, budget))
    optional(draw, f, "budgets", st.just(budgets))

    reports = []
    for year in draw(st.lists(YEARS, unique=True, min_size=1, max_size=2)):
        report = {"year": year}
        optional(draw, report, "made", DATES)
        optional(draw, report, "delivered_to_members", DATES)
        optional(draw, report, "equity", st.integers(-(10**8), 10**9))
        audit: dict[str, Any] = {}
        optional(draw, audit, "report_date", DATES)
        optional(draw, audit, "delivered_to", ids_from(member_ids))
        remarks = []
        for k in range(draw(st.integers(1, 2))):
            remark: dict[str, Any] = {"id": f"{fid}-rem{year}-{k}"}
            optional(draw, remark, "text", TEXT)
            response: dict[str, Any] = {}
            optional(draw, response, "date", DATES)
            if item_ids:
                optional(draw, response, "decided_in", an_item)
            optional(draw, remark, "response", st.just(with_extra(draw, response)))
            remarks.append(with_extra(draw, remark))
        optional(draw, audit, "remarks", st.just(remarks))
        optional(draw, report, "audit", st.just(with_extra(draw, audit)))
        discharge = []
        for _ in range(draw(st.integers(0, 2) if member_ids else st.just(0))):
            entry = {"member": draw(a_member), "decision": draw(st.sampled_from(("granted", "refused")))}
            optional(draw, entry, "date", DATES)
            discharge.append(with_extra(draw, entry))
        optional(draw, report, "discharge", st.just(discharge))
        reports.append(with_extra(draw, report))
    optional(draw, f, "annual_reports", st.just(reports))

    notices = []
    for k in range(draw(st.integers(0, 2))):
        notice: dict[str, Any] = {"id": f"{fid}-n{k}"}
        optional(draw, notice, "date", DATES)
        optional(draw, notice, "subject", TEXT)
        optional(draw, notice, "recipients", ids_from(member_ids))
        if item_ids:
            optional(draw, notice, "about", an_item)
        notices.append(with_extra(draw, notice))
    optional(draw, f, "notices", st.just(notices))

    # The diarium (optional, additive): matters with their links, documents' metadata, items on matters.
    matters = []
    serials: dict[int, int] = {}
    for k in range(draw(st.integers(1, 3))):
        year = draw(st.integers(2020, 2024))
        serials[year] = serial = serials.get(year, 0) + 1
        registered = draw(st.dates(date(year, 1, 1), date(year, 12, 31)))
        own = draw(BOOLS)
        matter: dict[str, Any] = {
            "id": f"{fid}-mat{k}" if own else f"{fid}-dnr-{year}-{serial}",
            "dnr": draw(st.sampled_from(("", "SF "))) + f"{year}/{serial}", "year": year, "serial": serial,
            "registered": registered.isoformat(),
            "kind": draw(st.sampled_from(("application", "budget", "annual_report", "audit", "consultation",
                                          "member_information", "other"))),
            "direction": draw(st.sampled_from(("incoming", "outgoing", "drawn_up"))),
            "status": draw(st.sampled_from(("open", "closed"))),
        }
        optional(draw, matter, "title", TEXT)
        optional(draw, matter, "counterpart", TEXT)
        optional(draw, matter, "secret", BOOLS)
        optional(draw, matter, "osl_ground", TEXT)
        if matter["status"] == "closed":
            matter["closed"] = (registered + timedelta(days=draw(st.integers(0, 400)))).isoformat()
        if insats_ids and f.get("insatser"):
            optional(draw, matter, "insats", st.sampled_from(insats_ids))
        if f.get("budgets"):
            optional(draw, matter, "budget", st.sampled_from([b["year"] for b in budgets]))
        if f.get("annual_reports"):
            optional(draw, matter, "annual_report", st.sampled_from([r["year"] for r in reports]))
        matters.append(with_extra(draw, matter))
    optional(draw, f, "matters", st.just(matters))
    matter_ids = [m["id"] for m in f.get("matters") or []]
    if matter_ids:
        for meeting in f.get("meetings") or []:
            for item in meeting.get("items") or []:
                optional(draw, item, "matter", st.sampled_from(matter_ids))
    documents = []
    for _ in range(draw(st.integers(1, 3))):
        document: dict[str, Any] = {"filename": draw(SHORT_TEXT), "size": draw(st.integers(0, 10**9)),
                                    "sha256": draw(SHA256), "registered": draw(DATES),
                                    "classification": draw(st.sampled_from(("public", "internal", "secret")))}
        optional(draw, document, "title", TEXT)
        optional(draw, document, "content_type", TEXT)
        optional(draw, document, "osl_ground", TEXT)
        if matter_ids:
            optional(draw, document, "matter", st.sampled_from(matter_ids))
        documents.append(with_extra(draw, document))
    optional(draw, f, "documents", st.just(documents))
    return with_extra(draw, f)


def _maybe(draw: Any, out: dict, key: str, strategy: st.SearchStrategy) -> dict:
    optional(draw, out, key, strategy)
    return out
