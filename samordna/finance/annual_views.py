"""The annual report's workflow pages: the office makes the report ready and puts it and the remarks on a
meeting, the auditors record the audit and its remarks, the members (or the office) record discharge."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.lib.access import Cap, forbund_view, scoped_get
from samordna.lib.dates import today
from samordna.organisations.models import Member
from samordna.organisations.views import _run, _saved

from . import annual_forms as forms
from . import services
from .models import AnnualReport, Audit, Remark


def _report(forbund, year) -> AnnualReport:
    return scoped_get(AnnualReport.objects.select_related("forbund"), forbund, year=year)


def _back(forbund, year, anchor="") -> str:
    url = reverse("annual-report-detail", kwargs={"slug": forbund.slug, "subject_id": year})
    return f"{url}#{anchor}" if anchor else url


def members_of_year(forbund, year):
    """The members at some point of the year (those the audit goes to and who decide on discharge)."""
    ids = [m.pk for m in Member.objects.filter(forbund=forbund)
           if (m.joined is None or m.joined.year <= year) and (m.left is None or m.left.year >= year)]
    return Member.objects.filter(pk__in=ids).order_by("kind", "name")


def _form_page(request, forbund, form, *, title, back, intro="", multipart=False, submit=None):
    return render(request, "finance/annual_form.html", {
        "forbund": forbund, "form": form, "title": title, "back_url": back, "intro": intro,
        "multipart": multipart, "submit": submit or _("Spara"),
    })


def _post(request, forbund, form, call, done: str, back: str):
    """Run the service for a valid POSTed form; on success a message and back to the report."""
    if request.method == "POST" and form.is_valid():
        if _run(request, forbund, form, partial(call, form.cleaned_data)) is not None:
            _saved(request, done)
            return redirect(back)
    return None


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def annual_create(request, forbund, year):
    if AnnualReport.objects.filter(forbund=forbund, year=year).exists():
        return redirect(_back(forbund, year))
    form = forms.CreateForm(request.POST or None)
    done = _post(request, forbund, form,
                 lambda data: services.create_annual_report(forbund, year, user=request.user),
                 _("Årsredovisningen för %(year)s är upplagd.") % {"year": year}, _back(forbund, year))
    if done:
        return done
    return _form_page(request, forbund, form, title=_("Lägg upp årsredovisning %(year)s") % {"year": year},
                      back=reverse("forbund-annual-reports", args=[forbund.slug]), submit=_("Lägg upp"),
                      intro=_("Årsredovisningen upprättas sedan av styrelsen vid ett sammanträde."))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def annual_edit(request, forbund, year):
    report = _report(forbund, year)
    form = forms.AnnualReportForm(request.POST or None, forbund=forbund, initial={
        "story": report.story, "equity": report.equity, "document": report.document_id})
    done = _post(request, forbund, form, lambda d: services.change_annual_report(
        report, user=request.user, story=d["story"], equity=d["equity"], document=d["document"],
        clear_document=d["document"] is None),
        _("Årsredovisningen är sparad."), _back(forbund, year))
    return done or _form_page(request, forbund, form, back=_back(forbund, year),
                              title=_("Verksamhetsberättelse och årsredovisning %(year)s") % {"year": year})


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def annual_agenda(request, forbund, year):
    report = _report(forbund, year)
    form = forms.AgendaForm(request.POST or None, forbund=forbund, today=today())
    done = _post(request, forbund, form, lambda d: services.put_annual_report_on_agenda(
        report, d["meeting"], user=request.user, proposal=d["proposal"]),
        _("Årsredovisningen står på dagordningen."), _back(forbund, year))
    return done or _form_page(
        request, forbund, form, back=_back(forbund, year), submit=_("Lägg på dagordningen"),
        title=_("Årsredovisning %(year)s på dagordningen") % {"year": year},
        intro=_("Styrelsen upprättar årsredovisningen genom beslut vid sammanträdet; beslutsdatumet blir "
                "årsredovisningens datum. Saknas sammanträdet, planera det först under Sammanträden."))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def annual_goals(request, forbund, year):
    report = _report(forbund, year)
    goals = services.goals_of(report)
    if not goals:
        raise Http404
    form = forms.GoalsForm(request.POST or None, goals=goals)

    def call(data):
        for goal in goals:
            outcome, text = data[f"outcome_{goal.pk}"], data[f"text_{goal.pk}"]
            if outcome and (outcome, text.strip()) != (goal.outcome, goal.outcome_text):
                services.follow_up_goal(goal, user=request.user, outcome=outcome, text=text)
        return goals

    done = _post(request, forbund, form, call, _("Måluppfyllelsen är sparad."), _back(forbund, year, "mal"))
    return done or _form_page(request, forbund, form, back=_back(forbund, year, "mal"),
                              title=_("Måluppfyllelse %(year)s") % {"year": year},
                              intro=_("Följ upp varje mål i årets verksamhetsplan: uppfyllt, delvis eller inte."))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def annual_deliver(request, forbund, year):
    report = _report(forbund, year)
    form = forms.DeliverForm(request.POST or None, initial={"day": today()})
    rows = services.representatives_on(forbund, today())
    done = _post(request, forbund, form, lambda d: services.deliver_annual_report(report, user=request.user,
                                                                                    day=d["day"]),
                 _("Årsredovisningen är skickad till medlemmarnas representanter."), _back(forbund, year))
    if done:
        return done
    missing = [m.name for m, persons in rows if not persons]
    intro = _("Ett e-postmeddelande med årsredovisningen som PDF (och handlingen i diariet, om den inte omfattas "
              "av sekretess) går till varje medlems representanter: %(names)s.") % {
        "names": ", ".join(p.name for _m, persons in rows for p in persons) or "–"}
    if missing:
        intro += " " + _("Saknar representant: %(names)s.") % {"names": ", ".join(missing)}
    return _form_page(request, forbund, form, back=_back(forbund, year), intro=intro, submit=_("Skicka"),
                      title=_("Skicka årsredovisning %(year)s till medlemmarna") % {"year": year})


@forbund_view(Cap.AUDIT)
@require_http_methods(["GET", "POST"])
def audit_edit(request, forbund, year):
    report = _report(forbund, year)
    audit = Audit.objects.filter(annual_report=report).first()
    members = members_of_year(forbund, year)
    initial = {"report_date": audit.report_date, "delivered_to_board": audit.delivered_to_board,
               "delivered_to": list(audit.delivered_to.all()), "document": audit.document_id} if audit else \
        {"delivered_to": list(members)}
    form = forms.AuditForm(request.POST or None, request.FILES or None, forbund=forbund, members=members,
                           initial=initial)
    done = _post(request, forbund, form, lambda d: services.record_audit(
        report, user=request.user, report_date=d["report_date"], delivered_to=d["delivered_to"],
        delivered_to_board=d["delivered_to_board"], document=d["document"], upload=d["upload"]),
        _("Revisionsberättelsen är registrerad."), _back(forbund, year, "revision"))
    return done or _form_page(request, forbund, form, back=_back(forbund, year, "revision"), multipart=True,
                              title=_("Revisionsberättelse %(year)s") % {"year": year})


def _remark(forbund, year, pk) -> Remark:
    return scoped_get(Remark.objects.select_related("audit__annual_report", "response_item__meeting"), forbund,
                      pk=pk, audit__annual_report__year=year)


@forbund_view(Cap.AUDIT)
@require_http_methods(["GET", "POST"])
def audit_remark_new(request, forbund, year):
    report = _report(forbund, year)
    audit = Audit.objects.filter(annual_report=report).first()
    if audit is None:
        messages.error(request, _("Registrera revisionsberättelsen först."))
        return redirect(reverse("audit-edit", args=[forbund.slug, year]))
    form = forms.RemarkForm(request.POST or None)
    done = _post(request, forbund, form, lambda d: services.add_remark(audit, user=request.user, text=d["text"]),
                 _("Anmärkningen är registrerad."), _back(forbund, year, "anmarkningar"))
    return done or _form_page(request, forbund, form, back=_back(forbund, year, "anmarkningar"),
                              title=_("Ny anmärkning i revisionsberättelsen %(year)s") % {"year": year})


@forbund_view(Cap.AUDIT)
@require_http_methods(["GET", "POST"])
def audit_remark_edit(request, forbund, year, pk):
    remark = _remark(forbund, year, pk)
    form = forms.RemarkForm(request.POST or None, initial={"text": remark.text})
    done = _post(request, forbund, form, lambda d: services.change_remark(remark, user=request.user, text=d["text"]),
                 _("Anmärkningen är sparad."), _back(forbund, year, "anmarkningar"))
    return done or _form_page(request, forbund, form, back=_back(forbund, year, "anmarkningar"),
                              title=_("Ändra anmärkning"))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def remark_agenda(request, forbund, year, pk):
    remark = _remark(forbund, year, pk)
    form = forms.AgendaForm(request.POST or None, forbund=forbund, today=today())
    done = _post(request, forbund, form, lambda d: services.put_remark_on_agenda(
        remark, d["meeting"], user=request.user, proposal=d["proposal"]),
        _("Svaret på anmärkningen står på dagordningen."), _back(forbund, year, "anmarkningar"))
    return done or _form_page(
        request, forbund, form, back=_back(forbund, year, "anmarkningar"), submit=_("Lägg på dagordningen"),
        title=_("Svar på anmärkning på dagordningen"),
        intro=_("Anmärkning: ”%(text)s”. Styrelsens beslut vid sammanträdet är svaret; beslutsdatumet "
                "registreras som svarsdatum.") % {"text": remark.text or remark.external_id})


@forbund_view()
@require_http_methods(["GET", "POST"])
def discharge_edit(request, forbund, year, member_pk):
    report = _report(forbund, year)
    member = scoped_get(Member, forbund, pk=member_pk)
    if not services.may_record_discharge(request.user, member):
        raise PermissionDenied
    row = report.discharges.filter(member=member).first()
    form = forms.DischargeForm(request.POST or None, request.FILES or None,
                               initial={"decision": row.decision, "date": row.date} if row else {})
    done = _post(request, forbund, form, lambda d: services.record_discharge(
        report, member, user=request.user, decision=d["decision"], date=d["date"], upload=d["upload"]),
        _("Beslutet om ansvarsfrihet är registrerat."), _back(forbund, year, "ansvarsfrihet"))
    return done or _form_page(
        request, forbund, form, back=_back(forbund, year, "ansvarsfrihet"), multipart=True,
        title=_("%(member)s: ansvarsfrihet för %(year)s") % {"member": member.name, "year": year},
        intro=_("Medlemmen beslutar för sig om ansvarsfrihet för styrelsen, på grundval av revisionsberättelsen."))
