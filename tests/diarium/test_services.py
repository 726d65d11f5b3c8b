"""The diarium's services: the diarienummer (per förbund and year, after the prefix, never changed, safe under
concurrent registration), the matter's and the document's preconditions, and the named actions."""

import datetime
import threading

import pytest
from django.db import connection

from samordna.audit.models import Action
from samordna.diarium import services
from samordna.diarium.models import Classification, Document, Matter, MatterKind, MatterStatus, format_dnr
from samordna.lib.services import DomainError
from samordna.organisations.models import Forbund
from tests.conftest import TODAY

from .conftest import DOCX, EXE, JPEG, PDF, PNG, upload

pytestmark = pytest.mark.django_db

YEAR = TODAY.year


@pytest.fixture
def forbund():
    return Forbund.objects.create(slug="sf-a", name="Samordningsförbundet A", diary_prefix="  SFA ")


def register(forbund, day, title="Ärende", **more):
    return services.register_matter(forbund, user=None, registered=day, title=title, kind=MatterKind.OTHER, **more)


def test_numbers_run_1_2_3_per_year_and_restart_in_a_new_year(forbund):
    jan = datetime.date(YEAR, 1, 10)
    numbers = [register(forbund, jan + datetime.timedelta(days=i)).dnr for i in range(3)]
    assert numbers == [f"SFA {YEAR}/1", f"SFA {YEAR}/2", f"SFA {YEAR}/3"]
    next_year = register(forbund, datetime.date(YEAR + 1, 1, 2))
    assert (next_year.year, next_year.serial, next_year.dnr) == (YEAR + 1, 1, f"SFA {YEAR + 1}/1")
    # A late registration of the earlier year takes that year's next number.
    assert register(forbund, datetime.date(YEAR, 12, 30)).dnr == f"SFA {YEAR}/4"


def test_each_forbund_has_its_own_series_and_no_prefix_means_no_space(forbund):
    other = Forbund.objects.create(slug="sf-b", name="B", diary_prefix="")
    register(forbund, TODAY)
    assert register(other, TODAY).dnr == f"{YEAR}/1"
    assert format_dnr(" X ", 2030, 7) == "X 2030/7"


def test_the_number_never_changes_even_when_the_prefix_does(forbund):
    matter = register(forbund, TODAY)
    Forbund.objects.filter(pk=forbund.pk).update(diary_prefix="NY")
    services.change_matter(matter, user=None, title="Ny rubrik", counterpart="Region Västmanland")
    matter.refresh_from_db()
    assert (matter.dnr, matter.title) == (f"SFA {YEAR}/1", "Ny rubrik")
    with pytest.raises(DomainError) as error:
        services.change_matter(matter, user=None, dnr="SFA 1999/1")
    assert error.value.field == "dnr"
    with pytest.raises(DomainError) as error:
        services.change_matter(matter, user=None, registered=datetime.date(YEAR - 1, 6, 1))
    assert error.value.field == "registered" and str(YEAR) in str(error.value)


def test_a_number_taken_meanwhile_is_retried_with_the_next(forbund, monkeypatch):
    register(forbund, TODAY)  # number 1 exists
    real = services.next_serial
    calls = []

    def stale(f, year):  # the first read is stale (as a writer that did not lock would see it)
        calls.append(year)
        return 1 if len(calls) == 1 else real(f, year)

    monkeypatch.setattr(services, "next_serial", stale)
    matter = register(forbund, TODAY, title="Andra")
    assert matter.serial == 2 and len(calls) == 2
    assert Matter.objects.filter(forbund=forbund).count() == 2
    # One action for the registration, naming the number it got.
    action = Action.objects.filter(name="matter.registered").latest("pk")
    assert action.data["dnr"] == f"SFA {YEAR}/2" and action.object_id == str(matter.pk)


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_numbers():
    """Two threads, each in its own connection and transaction, register in one förbund at once."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite's IMMEDIATE transactions serialise writers anyway")
    from django.db import connections

    forbund = Forbund.objects.create(slug="sf-samtidigt", name="Samtidigt")
    barrier = threading.Barrier(4)
    results, errors = [], []

    def work(i):
        try:
            barrier.wait()
            results.append(register(forbund, TODAY, title=f"Samtidigt {i}").serial)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == [1, 2, 3, 4]


def test_preconditions_name_their_field(forbund):
    cases = [
        ({"title": "  "}, "title"),
        ({"secret": True}, "osl_ground"),
        ({"kind": "nonsense"}, "kind"),
        ({"direction": "sideways"}, "direction"),
    ]
    for more, field in cases:
        data = {"title": "Ärende", **more}
        with pytest.raises(DomainError) as error:
            services.register_matter(forbund, user=None, registered=TODAY, **data)
        assert error.value.field == field, more
        assert str(error.value)  # a message in words
    other = Forbund.objects.create(slug="sf-b", name="B")
    from samordna.insatser.models import Insats

    foreign = Insats.objects.create(forbund=other, external_id="b-ins", name="B:s insats")
    with pytest.raises(DomainError) as error:
        register(forbund, TODAY, insats=foreign)
    assert error.value.field == "insats"
    assert not Matter.objects.exists()


def test_close_and_reopen(forbund):
    matter = register(forbund, TODAY - datetime.timedelta(days=5))
    with pytest.raises(DomainError) as error:
        services.close_matter(matter, user=None, day=TODAY - datetime.timedelta(days=6))
    assert error.value.field == "closed"
    services.close_matter(matter, user=None, day=TODAY)
    assert (matter.status, matter.closed) == (MatterStatus.CLOSED, TODAY)
    with pytest.raises(DomainError):
        services.close_matter(matter, user=None, day=TODAY)
    services.reopen_matter(matter, user=None)
    matter.refresh_from_db()
    assert (matter.status, matter.closed) == (MatterStatus.OPEN, None)
    assert list(Action.objects.order_by("pk").values_list("name", flat=True)) == [
        "matter.registered", "matter.closed", "matter.reopened"]


# Documents ----------------------------------------------------------------------------------------------

def add(forbund, data, name="handling.pdf", **more):
    values = {"title": "Handling", "classification": Classification.INTERNAL, "registered": TODAY, **more}
    return services.add_document(forbund, user=None, upload=upload(name, data), **values)


@pytest.mark.parametrize(("data", "expected"), [
    (PDF, "application/pdf"),
    (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (PNG, "image/png"),
    (JPEG, "image/jpeg"),
    ("Protokollsutdrag, åäö\n".encode(), "text/plain"),
])
def test_the_stored_type_is_the_sniffed_one_whatever_the_name(forbund, documents_dir, data, expected):
    document = add(forbund, data, name="fel-namn.pdf")
    assert document.content_type == expected
    assert document.original_name == "fel-namn.pdf"
    assert document.size == len(data)
    import hashlib

    assert document.sha256 == hashlib.sha256(data).hexdigest()
    # Stored in the private directory under a random name, not the original.
    path = documents_dir / document.file.name
    assert path.read_bytes() == data and "fel-namn" not in document.file.name


def test_a_program_renamed_pdf_is_refused_in_swedish(forbund, documents_dir):
    with pytest.raises(DomainError) as error:
        add(forbund, EXE, name="faktura.pdf")
    assert error.value.field == "upload"
    assert "inte av en tillåten typ" in str(error.value)
    assert not Document.objects.exists()
    assert not [path for path in documents_dir.rglob("*") if path.is_file()]  # nothing was stored


def test_too_large_a_file_is_refused(forbund, documents_dir, settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(DomainError) as error:
        add(forbund, PDF + b"%" * 1000)
    assert error.value.field == "upload" and "för stor" in str(error.value)
    assert add(forbund, PDF).size == len(PDF)  # within the limit


def test_a_secret_document_needs_its_osl_ground(forbund, documents_dir):
    with pytest.raises(DomainError) as error:
        add(forbund, PDF, classification=Classification.SECRET)
    assert error.value.field == "osl_ground"
    document = add(forbund, PDF, classification=Classification.SECRET, osl_ground="OSL 26 kap. 1 §")
    with pytest.raises(DomainError) as error:
        services.change_document(document, user=None, osl_ground="")
    assert error.value.field == "osl_ground"
    services.change_document(document, user=None, title="Ny rubrik", classification=Classification.PUBLIC,
                             osl_ground="")
    document.refresh_from_db()
    assert (document.title, document.classification, document.osl_ground) == ("Ny rubrik", "public", "")


def test_a_document_of_another_forbunds_matter_is_refused(forbund, documents_dir):
    other = Forbund.objects.create(slug="sf-b", name="B")
    matter = register(other, TODAY)
    with pytest.raises(DomainError) as error:
        add(forbund, PDF, matter=matter)
    assert error.value.field == "matter"


def test_removing_a_document_deletes_its_file_after_commit(forbund, documents_dir, django_capture_on_commit_callbacks):
    matter = register(forbund, TODAY)
    document = add(forbund, PDF, matter=matter)
    path = documents_dir / document.file.name
    with pytest.raises(DomainError):  # a matter with documents is not removed
        services.remove_matter(matter, user=None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.remove_document(document, user=None)
    assert path.exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert not path.exists()
    services.remove_matter(matter, user=None)
    assert not Matter.objects.exists()
    names = list(Action.objects.order_by("pk").values_list("name", flat=True))
    assert names == ["matter.registered", "document.added", "document.removed", "matter.removed"]
