"""One write path: domain models are written only through the service mechanism (samordna/lib/services.py).

(a) Statically: no module outside the service layer calls a write (`.save()`, `.delete()`, `create`,
    a QuerySet's `.update()`, `bulk_create`, `bulk_update`, …) on a domain model, nor writes with SQL.
(b) At run time: the guard refuses a direct write in a request; the demo command and `samordna import`
    write inside one recorded action; every admin add, change and delete of each domain model records one.
"""

import ast
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin as django_admin
from django.http import HttpResponse
from django.urls import path as url_path
from django.urls import reverse

from samordna.audit.models import Action
from samordna.lib import services
from tests.admin.formdata import form_data, post_body

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "samordna"

# The service layer: the only code that may write domain models.
SERVICE_LAYER = {"samordna/lib/services.py", "samordna/lib/admin.py", "samordna/exchange/importer.py"}

# Writes whose receiver the test cannot type, each checked by hand to be no domain model.
# (file, "variable.method"): why.
ALLOWED_UNTYPED = {
    # accounts.User (not a domain model): the user manager's create_user.
    ("samordna/accounts/models.py", "user.save"),
    # the demo's users (accounts.User), not förbund data.
    ("samordna/organisations/management/commands/demo.py", "user.save"),
    # a deleted user's SET_NULL references (history rows' history_user, actions), done after the delete as
    # the database would: bookkeeping about a user, never förbund data.
    ("samordna/accounts/signals.py", "model._base_manager.filter.update"),
}

WRITES = {"save", "delete", "create", "update", "bulk_create", "bulk_update", "get_or_create",
          "update_or_create"}
MANAGERS = {"objects", "_base_manager", "_default_manager"}
QUERYSET = {"filter", "exclude", "all", "select_related", "prefetch_related", "order_by", "distinct", "only",
            "defer", "annotate", "using", "none", "active_on", "visible_to"}
# Where a variable holds one row of its model (x = Model.objects.get(...), x = Model(...)).
ROW_METHODS = {"get", "first", "last", "create", "earliest", "latest", "get_or_create", "update_or_create"}
SQL_WRITES = ("insert ", "update ", "delete ", "replace ")


def _models_by_name() -> dict:
    found: dict = {}
    for model in apps.get_models():
        found.setdefault(model.__name__, []).append(model)
    return found


def _service_layer(relative: str) -> bool:
    return relative in SERVICE_LAYER or relative.endswith("/services.py") or "/migrations/" in relative


class _Writes(ast.NodeVisitor):
    """The write calls of one module whose receiver is, or may be, a domain model."""

    def __init__(self, relative: str, models: dict):
        self.relative = relative
        self.models = models
        self.env: list[dict[str, str]] = [{}]  # variable → model name, per function
        self.found: list[str] = []

    # -- what a receiver is ------------------------------------------------------------------------------

    def _model(self, name: str):
        """The model a name stands for: a model class, or a variable typed from an assignment."""
        if name in self.models:
            return name
        for scope in reversed(self.env):
            if name in scope:
                return scope[name]
        return None

    def _chain(self, node):
        """(root name, attributes and methods along the way) of `a.b.c(...).d`."""
        steps = []
        while True:
            if isinstance(node, ast.Call):
                node = node.func
            elif isinstance(node, ast.Attribute):
                steps.append(node.attr)
                node = node.value
            elif isinstance(node, ast.Subscript):
                node = node.value
            else:
                break
        return (node.id if isinstance(node, ast.Name) else None), list(reversed(steps))

    def _typed(self, value) -> str | None:
        """The model of the row an expression gives, if the test can tell."""
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in self.models:
            return value.func.id
        root, steps = self._chain(value)
        if root and steps and (set(steps) & MANAGERS or steps[0] in QUERYSET) and self._model(root):
            return self._model(root)
        return None

    def _bind(self, target, value, *, rows: bool = False) -> None:
        model = self._typed(value)
        if isinstance(target, ast.Tuple) and target.elts:
            target = target.elts[0]  # x, created = Model.objects.get_or_create(...)
        if model and isinstance(target, ast.Name):
            self.env[-1][target.id] = model

    def _is_domain(self, name: str) -> bool:
        return any(services.is_domain_model(model) for model in self.models.get(name, []))

    # -- visiting ----------------------------------------------------------------------------------------

    def visit_FunctionDef(self, node):
        self.env.append({})
        self.generic_visit(node)
        self.env.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node):
        for target in node.targets:
            self._bind(target, node.value)
        self.generic_visit(node)

    def visit_For(self, node):
        self._bind(node.target, node.iter)
        self.generic_visit(node)

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if not isinstance(func, ast.Attribute):
            return
        where = f"{self.relative}:{node.lineno}"
        if func.attr in ("execute", "executemany") and node.args:
            sql = node.args[0]
            text = sql.value if isinstance(sql, ast.Constant) and isinstance(sql.value, str) else (
                "".join(v.value for v in sql.values if isinstance(v, ast.Constant)) if isinstance(sql, ast.JoinedStr)
                else "")
            if text.strip().lower().startswith(SQL_WRITES):
                self.found.append(f"{where}: SQL write {text.strip()[:40]!r}")
            return
        if func.attr not in WRITES:
            return
        root, steps = self._chain(func.value)
        through_manager = bool(set(steps) & MANAGERS) or bool(steps and steps[0] in QUERYSET)
        if func.attr == "update" and not through_manager and not self._model(root or ""):
            return  # dict.update, set.update: not a QuerySet
        if root in ("super", "services"):
            return  # a model's own save() calling its base; the service mechanism itself
        model = self._model(root) if root else None
        if model is not None and (through_manager or not steps):
            if self._is_domain(model):
                self.found.append(f"{where}: {model}…{func.attr}() writes a domain model outside a service")
            return
        call = f"{root}.{'.'.join(steps + [func.attr])}" if root else func.attr
        if (self.relative, call) not in ALLOWED_UNTYPED:
            self.found.append(f"{where}: {call}() may write a domain model outside a service "
                              "(write through the app's services.py, or allow it in ALLOWED_UNTYPED)")


def _direct_writes(relative: str, source: str, models: dict) -> list[str]:
    visitor = _Writes(relative, models)
    visitor.visit(ast.parse(source))
    return visitor.found


def test_no_code_outside_the_service_layer_writes_domain_models(db):
    models = _models_by_name()
    found = []
    for file in sorted(PACKAGE.rglob("*.py")):
        relative = file.relative_to(ROOT).as_posix()
        if not _service_layer(relative):
            found += _direct_writes(relative, file.read_text(encoding="utf-8"), models)
    assert found == []


@pytest.mark.parametrize("code", [
    "Meeting.objects.filter(date=d).update(kind='extra')",
    "Member.objects.create(name='x')",
    "Budget.objects.bulk_create(rows)",
    "Insats.objects.bulk_update(rows, ['name'])",
    "def f():\n    m = Meeting.objects.get(pk=1)\n    m.delete()",
    "def f():\n    m = Person(name='x')\n    m.save()",
    "def f(meeting):\n    meeting.save()",  # untyped: refused unless allowed by hand
    "def f(meeting):\n    meeting.items.create(number=1)",
    "connection.cursor().execute('UPDATE meetings_meeting SET kind = NULL')",
    "cursor.execute(f'INSERT INTO \"{table}\" VALUES (1)')",
])
def test_the_static_check_finds_a_direct_write(db, code):
    assert len(_direct_writes("samordna/meetings/views.py", code, _models_by_name())) == 1


@pytest.mark.parametrize("code", [
    "row.update({'a': 1})",
    "FindingsVersion.objects.filter(pk=k).update(version=1)",  # not a domain model (the rule store)
    "User.objects.get_or_create(email=e)",
    "Kommun.objects.update_or_create(code=c)",  # reference data, loaded by migrations
    "services.save(meeting)",
    "def save(self):\n    super().save()",
    "cursor.execute('SELECT 1')",
])
def test_the_static_check_lets_other_writes_be(db, code):
    assert _direct_writes("samordna/meetings/views.py", code, _models_by_name()) == []


# -- (b) at run time --------------------------------------------------------------------------------------

def _direct_write(request):
    from samordna.organisations.models import Person

    Person.objects.create(external_id="p-direct", name="Direkt")
    return HttpResponse("written")


def _service_write(request):
    from samordna.organisations.models import Person

    with services.action("person.created", user=request.user):
        services.save(Person(external_id="p-service", name="Via tjänst"))
    return HttpResponse("written")


urlpatterns = [url_path("direct/", _direct_write), url_path("service/", _service_write)]
# The product's 500 view: it falls back to a bare page when the layout's links do not resolve, as here.
handler500 = "samordna.web.views.server_error"


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_the_guard_refuses_a_direct_write_in_a_request(client):
    from samordna.organisations.models import Person

    with pytest.raises(services.UnguardedWrite):
        client.get("/direct/")
    assert not Person.objects.filter(external_id="p-direct").exists()
    assert client.get("/service/").status_code == 200
    person = Person.objects.get(external_id="p-service")
    action = Action.objects.get(name="person.created")
    assert person.history.get().history_change_reason == f"#{action.pk}"


def _history_reasons() -> set:
    """The change reasons of every domain model's history rows."""
    reasons = set()
    for model in apps.get_models():
        if services.is_domain_model(model) and hasattr(model, "history"):
            reasons.update(model.history.values_list("history_change_reason", flat=True).distinct())
    return reasons


def _command(*argv):
    """A samordna command as the CLI runs it (guarded), but without run_from_argv's closing of the database
    connections, which would end the test's transaction on PostgreSQL."""
    from django.core.management import call_command

    from samordna.cli import ALIASES

    with services.guarded("cli"):
        call_command(ALIASES.get(argv[0], argv[0]), *argv[1:])


@pytest.mark.django_db
def test_the_demo_command_writes_through_one_action():
    from samordna.organisations.models import Forbund

    _command("demo")  # guarded, as on the command line
    assert Forbund.objects.count() == 2
    (action,) = Action.objects.all()
    assert (action.name, action.source) == ("exchange.imported", "import")
    assert _history_reasons() == {f"#{action.pk}"}


EXEMPEL = ROOT / "tests" / "exchange" / "data" / "exempel.json"


@pytest.mark.django_db
def test_samordna_import_writes_through_one_action_and_again_through_none(tmp_path, capsys):
    from samordna.meetings.models import Meeting

    _command("import", str(EXEMPEL), "--dry-run")
    assert not Action.objects.exists() and not Meeting.objects.exists()
    _command("import", str(EXEMPEL))
    (action,) = Action.objects.all()
    assert action.name == "exchange.imported"
    assert action.summary.startswith("samordna import exempel.json (körd av ")
    assert _history_reasons() == {f"#{action.pk}"}
    # The same file again changes nothing and records nothing.
    _command("import", str(EXEMPEL))
    assert Action.objects.count() == 1
    # A change: one more action, and the changed rows' history under it (a member: the file's meetings are
    # adjusted, so frozen).
    from samordna.organisations.models import Member

    doc = json.loads(EXEMPEL.read_text(encoding="utf-8"))
    member = doc["forbund"][0]["members"][0]
    member["name"] = f"{member.get('name') or ''} (ändrad)"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc), encoding="utf-8")
    _command("import", str(changed))
    second = Action.objects.get(summary__startswith="samordna import changed.json")
    row = Member.history.filter(external_id=member["id"]).latest("history_id")
    assert (row.history_type, row.history_change_reason) == ("~", f"#{second.pk}")


# -- every admin add, change and delete of each domain model ------------------------------------------------

def _new(label):
    """Parents the admin's add form of a one-to-one row needs: made here, outside any request."""
    from samordna.finance.models import AnnualReport
    from samordna.meetings.models import Item, Meeting
    from samordna.organisations.models import Forbund

    forbund = Forbund.objects.get(slug="sf-uppsala-norra")
    if label == "meeting":
        return Meeting.objects.create(forbund=forbund, external_id="test-m-admin", date="2030-05-01").pk
    if label == "item":
        meeting = Meeting.objects.create(forbund=forbund, external_id="test-m-admin", date="2030-05-01")
        return Item.objects.create(meeting=meeting, external_id="test-i-admin", number=1).pk
    return AnnualReport.objects.create(forbund=forbund, year=2041).pk


def _forbund(_):
    from samordna.organisations.models import Forbund

    return Forbund.objects.get(slug="sf-uppsala-norra").pk


def _person(_):
    from samordna.organisations.models import Person

    return Person.objects.order_by("pk").first().pk


# What each domain model's add form needs filled in (the rest as the form shows it).
ADD = {
    "organisations.forbund": {"slug": "sf-test", "name": "Samordningsförbundet Test"},
    "organisations.member": {"forbund": _forbund, "external_id": "test-member", "kind": "kommun",
                             "code": "0180", "name": "Stockholm"},
    "organisations.person": {"external_id": "test-person", "name": "Test Person"},
    "organisations.mandate": {"forbund": _forbund, "person": _person, "role": "revisor",
                              "date_from": "2030-01-01"},
    "meetings.meeting": {"forbund": _forbund, "external_id": "test-meeting", "date": "2030-02-01"},
    "meetings.item": {"meeting": lambda _: _new("meeting"), "external_id": "test-item", "number": "7"},
    "meetings.decision": {"item": lambda _: _new("item"), "outcome": "approved"},
    "meetings.minutes": {"meeting": lambda _: _new("meeting")},
    "insatser.insats": {"forbund": _forbund, "external_id": "test-insats", "name": "Testinsats"},
    "finance.budget": {"forbund": _forbund, "year": "2040"},
    "finance.annualreport": {"forbund": _forbund, "year": "2040"},
    "finance.audit": {"annual_report": lambda _: _new("annualreport")},
    "samrad.consultation": {"external_id": "test-samrad", "kind": "medlemssamrad", "date": "2030-03-01",
                            "forbund": _forbund},
    "samrad.notice": {"forbund": _forbund, "external_id": "test-notice", "subject": "Information"},
}


def test_every_domain_model_in_the_admin_is_tested():
    registered = {model._meta.label_lower for model in django_admin.site._registry
                  if services.is_domain_model(model)}
    assert registered == set(ADD)


@pytest.mark.parametrize("label", sorted(ADD))
def test_the_admin_adds_changes_and_deletes_through_actions(persona_client, label):
    model = apps.get_model(label)
    meta = model._meta
    admin = persona_client("admin")

    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    data = form_data(admin.get(add).text, f"{meta.model_name}_form")
    for name, value in ADD[label].items():
        data[name] = [str(value(label) if callable(value) else value)]
    response = admin.post(add, post_body(data))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    added = Action.objects.get(name=f"admin.{meta.model_name}.added")
    obj = model.objects.get(pk=added.object_id)
    assert added.user.email == "admin@example.se"
    if hasattr(obj, "forbund_id"):
        assert added.forbund_id == obj.forbund_id

    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    response = admin.post(change, post_body(form_data(admin.get(change).text, f"{meta.model_name}_form")))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    changed = Action.objects.get(name=f"admin.{meta.model_name}.changed")
    assert changed.object_id == str(obj.pk)

    delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 302
    deleted = Action.objects.get(name=f"admin.{meta.model_name}.deleted")
    if label == "organisations.forbund":  # the action outlives its förbund, which it no longer names
        assert deleted.forbund_id is None and deleted.object_repr == "Samordningsförbundet Test"
    assert not model.objects.filter(pk=obj.pk).exists()
    assert model.history.get(id=obj.pk, history_type="-").history_change_reason == f"#{deleted.pk}"
    assert model.history.get(id=obj.pk, history_type="+").history_change_reason == f"#{added.pk}"


def test_the_admins_bulk_delete_is_one_action(persona_client):
    from samordna.samrad.models import Notice

    admin = persona_client("admin")
    pks = list(Notice.objects.values_list("pk", flat=True))
    assert pks
    response = admin.post(reverse("admin:samrad_notice_changelist"),
                          {"action": "delete_selected", "_selected_action": pks, "post": "yes"})
    assert response.status_code == 302
    assert not Notice.objects.exists()
    action = Action.objects.get(name="admin.notice.bulk")
    # (the demo itself replaces imported notices, samrad/demo.py: only the rows deleted here are asked about)
    assert set(Notice.history.filter(history_type="-", id__in=pks).values_list("history_change_reason", flat=True)) == {
        f"#{action.pk}"}
