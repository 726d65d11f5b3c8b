"""The demo installation: two fictional förbund on real kommuner and regions, and one user per role."""

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


def _board(prefix, members, names, term_from, term_to):
    """Persons and ledamot/ersättare mandates: one of each per member, names drawn in order."""
    persons, mandates = [], []
    names = iter(names)
    for member_id, kind in members:
        basis = "anstalld" if kind in ("forsakringskassan", "arbetsformedlingen") else "fullmaktige"
        for role, order in (("ledamot", None), ("ersattare", 1)):
            pid = f"p-{prefix}-{member_id.split('-')[-1]}-{role[:3]}"
            persons.append({"id": pid, "name": next(names), "email": f"{pid}@example.se"})
            mandate = {"person": pid, "role": role, "appointed_by": member_id,
                       "basis": basis if role == "ledamot" or basis == "anstalld" else "fullmaktige_ersattare",
                       "from": term_from, "to": term_to}
            if order:
                mandate["substitute_order"] = order
            mandates.append(mandate)
    return persons, mandates


def demo_document() -> dict:
    """The demo as a samordna-exchange/1 document (the same format the import reads)."""
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
    vm_persons, vm_mandates = _board("vv", [(m["id"], m["kind"]) for m in vm_members], vm_names,
                                     "2023-01-01", "2026-12-31")
    up_persons, up_mandates = _board("un", [(m["id"], m["kind"]) for m in up_members], up_names,
                                     "2023-01-01", "2026-12-31")
    vm_persons[6] = {"id": "p-erik", "name": "Erik Sandberg", "email": "ledamot@vastmanland.example.se"}
    vm_mandates[6]["person"] = "p-erik"
    officers = [
        {"id": "p-karin", "name": "Karin Lindqvist", "email": "chef@vastmanland.example.se"},
        {"id": "p-maria", "name": "Maria Holm", "email": "medlem@vastmanland.example.se"},
        {"id": "p-johan", "name": "Johan Ek", "email": "revisor@vastmanland.example.se"},
        {"id": "p-rev-fk", "name": "Ulf Granath", "email": "ulf.granath@example.se"},
        {"id": "p-sara", "name": "Sara Nyström", "email": "chef@uppsala.example.se"},
        {"id": "p-un-rev", "name": "Kerstin Ahl", "email": "kerstin.ahl@example.se"},
        {"id": "p-un-rev-fk", "name": "Bo Lönn", "email": "bo.lonn@example.se"},
    ]
    vm_mandates += [
        {"person": "p-erik", "role": "ordforande", "from": "2023-01-01", "to": "2026-12-31"},
        {"person": vm_mandates[4]["person"], "role": "vice_ordforande", "from": "2023-01-01", "to": "2026-12-31"},
        {"person": "p-karin", "role": "forbundschef", "from": "2019-08-01"},
        {"person": "p-johan", "role": "revisor", "appointed_by": ["vv-1961", "vv-1962", "vv-1980", "vv-reg"],
         "from": "2023-01-01", "to": "2026-12-31"},
        {"person": "p-rev-fk", "role": "revisor", "appointed_by": "vv-fk", "from": "2023-01-01", "to": "2026-12-31"},
    ]
    up_mandates += [
        {"person": up_mandates[6]["person"], "role": "ordforande", "from": "2023-01-01", "to": "2026-12-31"},
        {"person": up_mandates[0]["person"], "role": "vice_ordforande", "from": "2023-01-01", "to": "2026-12-31"},
        {"person": "p-sara", "role": "forbundschef", "from": "2021-03-01"},
        {"person": "p-un-rev", "role": "revisor", "appointed_by": ["un-0360", "un-0382", "un-reg"],
         "from": "2023-01-01", "to": "2026-12-31"},
        {"person": "p-un-rev-fk", "role": "revisor", "appointed_by": "un-fk", "from": "2023-01-01", "to": "2026-12-31"},
    ]
    return {
        "format": "samordna-exchange/1",
        "persons": sorted(vm_persons + up_persons + officers, key=lambda p: p["id"]),
        "forbund": [
            {"id": "sf-uppsala-norra", "name": "Samordningsförbundet Uppsala norra", "organisationsnummer": "222000-1111",
             "founded": "2010-01-01", "members": up_members, "mandates": up_mandates},
            {"id": "sf-vastra-vastmanland", "name": "Samordningsförbundet Västra Västmanland",
             "organisationsnummer": "222000-2222", "founded": "2008-01-01", "members": vm_members,
             "mandates": vm_mandates},
        ],
        "consultations": [],
    }
