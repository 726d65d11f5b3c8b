"""Minimal loader of the organisation part of an exchange document (superseded by the full importer)."""

from samordna.organisations.models import Forbund, Mandate, Member, Person


def load_demo_document(doc: dict) -> None:
    persons = {}
    for p in doc["persons"]:
        persons[p["id"]], _ = Person.objects.update_or_create(
            external_id=p["id"], defaults={"name": p["name"], "email": p.get("email")}
        )
    for f in doc["forbund"]:
        forbund, _ = Forbund.objects.update_or_create(
            slug=f["id"], defaults={"name": f["name"], "organisationsnummer": f.get("organisationsnummer"),
                                    "founded": f.get("founded")}
        )
        members = {}
        for m in f["members"]:
            members[m["id"]], _ = Member.objects.update_or_create(
                external_id=m["id"], defaults={"forbund": forbund, "kind": m["kind"], "name": m["name"],
                                               "code": m.get("code")}
            )
        for m in f["mandates"]:
            mandate = Mandate.objects.create(
                forbund=forbund, person=persons[m["person"]], role=m["role"], basis=m.get("basis"),
                substitute_order=m.get("substitute_order"), date_from=m["from"], date_to=m.get("to"),
            )
            appointed = m.get("appointed_by") or []
            appointed = [appointed] if isinstance(appointed, str) else appointed
            mandate.appointed_by.set([members[a] for a in appointed])
