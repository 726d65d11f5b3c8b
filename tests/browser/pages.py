"""The pages each persona may open (shared by the axe tests, which are split across files for xdist)."""

F = "/f/sf-vastra-vastmanland"
READ_PAGES = [f"{F}/", f"{F}/medlemmar/", f"{F}/styrelse/", f"{F}/styrelse/?datum=2020-06-01", f"{F}/uppdrag/"]
PERSONS = [f"{F}/personer/"]
LOG = [f"{F}/handelselogg/"]
FORMS = [f"{F}/medlemmar/ny/", f"{F}/personer/ny/", f"{F}/uppdrag/ny/", f"{F}/sammantraden/nytt/"]

PAGES_BY_PERSONA = {
    "office": READ_PAGES + PERSONS + LOG + FORMS,
    "board": READ_PAGES + PERSONS,
    "member": READ_PAGES,
    "auditor": READ_PAGES + PERSONS + LOG,
    # Installation-wide roles land on the start page that lists several förbund (with the switcher).
    "national": ["/"] + READ_PAGES + PERSONS,
    "admin": ["/"] + READ_PAGES + PERSONS + LOG + FORMS,
}
