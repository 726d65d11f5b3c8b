"""Pages of the diarium: the list of a year, one matter with its documents and meeting items, the forms of
the office, and the access-checked download of a document.

Who sees what is samordna.diarium.access: the office registers and changes; the board and the auditors read
everything; the member and national roles read the matters that are not secret (a secret one shows only its
date and dnr, as to the public) and only the documents their role may see. A document is downloaded only
through `document_download`, which answers 404 whenever the reader may not see it (its existence is not
acknowledged).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samordna.lib.access import Cap, forbund_view, role_in, scoped_get
from samordna.lib.dates import today
from samordna.lib.paging import chosen_year, paginate, year_nav
from samordna.lib.services import DomainError
from samordna.meetings.models import Item
from samordna.organisations.models import Forbund
from samordna.organisations.views import FindingsWatch, _changed, _run, _saved, _values
from samordna.web.forms import add_domain_error

from . import services
from .access import document_visible, matter_readable, sees_internal, visible_documents, visible_q
from .forms import ConfirmForm, DocumentChangeForm, DocumentForm, MatterForm, RegisterForm, SearchForm
from .models import Document, Matter


def _matter_url(forbund, matter) -> str:
    return reverse("matter-detail", args=[forbund.slug, matter.pk])


@forbund_view()
@require_GET
def matter_list(request, forbund):
    """The matters of one year (?ar=YYYY, default this year), or those matching a search (?q=) of every year;
    ?status=open|closed narrows either. A secret matter shows only date and dnr to those who may not read it."""
    role = request.forbund_ctx.role
    day = today()
    year = chosen_year(request, day.year)
    form = SearchForm(request.GET or None)
    query = status = ""
    if form.is_valid():
        query, status = form.cleaned_data["q"].strip(), form.cleaned_data["status"]
    matters = Matter.objects.filter(forbund=forbund).annotate(
        document_count=Count("documents", filter=visible_q(role, "documents__")))
    if query:
        # A secret matter is found by its title only by those who may read it.
        title = Q(title__icontains=query) if matter_readable(Matter(secret=True), role) else Q(
            title__icontains=query, secret=False)
        matters = matters.filter(Q(dnr__icontains=query) | title)
    else:
        matters = matters.filter(year=year)
    if status:
        matters = matters.filter(status=status)
    page = paginate(request, matters.order_by("-year", "-serial"))
    rows = [{"matter": m, "readable": matter_readable(m, role)} for m in page]
    years = [d.year for d in Matter.objects.filter(forbund=forbund).dates("registered", "year")]
    return render(request, "diarium/list.html", {
        "forbund": forbund, "year": str(year), "rows": rows, "page": page, "form": form, "query": query,
        "nav": year_nav(request, None if query else year, years, day.year),
        "can_manage": request.forbund_ctx.can(Cap.MANAGE),
    })


def _register(request, forbund, form):
    """Register the matter and, when a file came with it, add the document: both or neither."""
    data = {f: form.cleaned_data[f] for f in MatterForm.Meta.fields}
    upload = form.cleaned_data.get("upload")
    with transaction.atomic():
        matter = services.register_matter(forbund, user=request.user, **data)
        if upload is not None:
            try:
                services.add_document(
                    forbund, user=request.user, upload=upload, matter=matter, registered=matter.registered,
                    title=form.cleaned_data["document_title"] or upload.name,
                    classification=form.cleaned_data["classification"],
                    osl_ground=form.cleaned_data["document_osl_ground"])
            except DomainError as error:  # on the document's own fields; the matter is rolled back
                error.field = REGISTER_DOCUMENT_FIELDS.get(error.field, error.field)
                raise
    return matter


# The document's fields as the register form names them (a DomainError of add_document names its own).
REGISTER_DOCUMENT_FIELDS = {"title": "document_title", "osl_ground": "document_osl_ground",
                            "registered": "registered"}


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def matter_new(request, forbund):
    form = RegisterForm(request.POST or None, request.FILES or None, forbund=forbund,
                        initial={"registered": today()})
    if request.method == "POST" and form.is_valid():
        try:
            with FindingsWatch(request, forbund):
                matter = _register(request, forbund, form)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            _saved(request, _("Ärendet är registrerat med diarienummer %(dnr)s.") % {"dnr": matter.dnr})
            return redirect("matter-detail", slug=forbund.slug, pk=matter.pk)
    return render(request, "diarium/form.html", {
        "forbund": forbund, "form": form, "title": _("Registrera ärende"), "multipart": True,
        "back_url": reverse("forbund-diarium", args=[forbund.slug]),
    })


@forbund_view()
@require_GET
def matter_detail(request, forbund, pk):
    role = request.forbund_ctx.role
    matter = scoped_get(Matter.objects.select_related("insats", "budget", "annual_report", "consultation"),
                        forbund, pk=pk)
    readable = matter_readable(matter, role)
    documents = list(visible_documents(matter.documents.select_related("uploaded_by").order_by("registered", "pk"),
                                       role)) if readable else []
    items = []
    if readable:
        day = today()
        internal = sees_internal(role)
        for item in (Item.objects.filter(forbund=forbund, matter=matter)
                     .select_related("meeting__minutes", "decision").order_by("meeting__date", "number")):
            minutes = getattr(item.meeting, "minutes", None)
            public = bool(minutes and minutes.adjusted and minutes.adjusted <= day)
            if internal or public:
                items.append(item)
    can_manage = request.forbund_ctx.can(Cap.MANAGE)
    return render(request, "diarium/matter.html", {
        "forbund": forbund, "matter": matter, "readable": readable, "documents": documents, "items": items,
        "can_manage": can_manage, "upload_form": DocumentForm(initial={"registered": today()}) if can_manage else None,
    })


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def matter_edit(request, forbund, pk):
    matter = scoped_get(Matter, forbund, pk=pk)
    before = _values(matter, MatterForm)
    form = MatterForm(request.POST or None, instance=matter, forbund=forbund)
    if request.method == "POST" and form.is_valid():
        changes = _changed(before, {f: form.cleaned_data[f] for f in MatterForm.Meta.fields})
        if _run(request, forbund, form, lambda: services.change_matter(matter, user=request.user, **changes)):
            _saved(request, _("Ärendet %(dnr)s är sparat.") % {"dnr": matter.dnr})
            return redirect("matter-detail", slug=forbund.slug, pk=matter.pk)
    return render(request, "diarium/form.html", {
        "forbund": forbund, "form": form, "title": _("Ändra ärende %(dnr)s") % {"dnr": matter.dnr},
        "back_url": _matter_url(forbund, matter),
        "remove_url": reverse("matter-remove", args=[forbund.slug, matter.pk]),
    })


@forbund_view(Cap.MANAGE)
@require_POST
def matter_close(request, forbund, pk):
    matter = scoped_get(Matter, forbund, pk=pk)
    try:
        services.close_matter(matter, user=request.user, day=max(today(), matter.registered))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _saved(request, _("Ärendet %(dnr)s är avslutat.") % {"dnr": matter.dnr})
    return redirect("matter-detail", slug=forbund.slug, pk=matter.pk)


@forbund_view(Cap.MANAGE)
@require_POST
def matter_reopen(request, forbund, pk):
    matter = scoped_get(Matter, forbund, pk=pk)
    try:
        services.reopen_matter(matter, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _saved(request, _("Ärendet %(dnr)s är öppet igen.") % {"dnr": matter.dnr})
    return redirect("matter-detail", slug=forbund.slug, pk=matter.pk)


def _confirm_remove(request, forbund, *, done, title, text, remove, back_url, done_url):
    """GET: what will be removed, and a button; POST: remove it (a DomainError is shown, nothing removed)."""
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    problem = None
    if request.method == "POST" and form.is_valid():
        try:
            remove()
        except DomainError as error:
            problem = error.message
        else:
            _saved(request, done)
            return redirect(done_url)
    return render(request, "web/remove.html", {
        "forbund": forbund, "title": title, "text": text, "problem": problem, "back_url": back_url,
    }, status=409 if problem else 200)


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def matter_remove(request, forbund, pk):
    matter = scoped_get(Matter, forbund, pk=pk)
    text = _("Ärendet %(dnr)s ”%(title)s” tas bort ur diariet. Det går bara när ärendet inte har några handlingar "
             "och inte har behandlats på något sammanträde. Numret ges inte till något annat ärende. Är ärendet "
             "färdigbehandlat, avsluta det i stället.") % {"dnr": matter.dnr, "title": matter.title}
    return _confirm_remove(request, forbund, done=_("Ärendet %(dnr)s är borttaget.") % {"dnr": matter.dnr},
                           title=_("Ta bort ärende"), text=text,
                           remove=lambda: services.remove_matter(matter, user=request.user),
                           back_url=_matter_url(forbund, matter), done_url=reverse("forbund-diarium",
                                                                                   args=[forbund.slug]))


# Documents ----------------------------------------------------------------------------------------------

@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def document_new(request, forbund, pk):
    matter = scoped_get(Matter, forbund, pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None, initial={"registered": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = _run(request, forbund, form, lambda: services.add_document(
            forbund, user=request.user, upload=data["upload"], title=data["title"] or data["upload"].name,
            classification=data["classification"], osl_ground=data["osl_ground"], matter=matter,
            registered=data["registered"]))
        if document is not None:
            _saved(request, _("Handlingen ”%(title)s” är tillagd.") % {"title": document.title})
            return redirect("matter-detail", slug=forbund.slug, pk=matter.pk)
    return render(request, "diarium/form.html", {
        "forbund": forbund, "form": form, "multipart": True, "back_url": _matter_url(forbund, matter),
        "title": _("Lägg till handling i %(dnr)s") % {"dnr": matter.dnr},
    })


def _document_back(forbund, document) -> str:
    return _matter_url(forbund, document.matter) if document.matter_id else reverse("forbund-diarium",
                                                                                     args=[forbund.slug])


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def document_edit(request, forbund, pk):
    document = scoped_get(Document.objects.select_related("matter"), forbund, pk=pk)
    before = _values(document, DocumentChangeForm)
    form = DocumentChangeForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        changes = _changed(before, {f: form.cleaned_data[f] for f in DocumentChangeForm.Meta.fields})
        # The form has set the new values on the instance already; the service compares with the old ones.
        for name, value in before.items():
            setattr(document, name, value)
        if _run(request, forbund, form, lambda: services.change_document(document, user=request.user, **changes)):
            _saved(request, _("Handlingen ”%(title)s” är sparad.") % {"title": document.title})
            return redirect(_document_back(forbund, document))
    return render(request, "diarium/form.html", {
        "forbund": forbund, "form": form, "title": _("Ändra handling"), "back_url": _document_back(forbund, document),
        "remove_url": reverse("document-remove", args=[forbund.slug, document.pk]),
    })


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def document_remove(request, forbund, pk):
    document = scoped_get(Document.objects.select_related("matter"), forbund, pk=pk)
    text = _("Handlingen ”%(title)s” (%(name)s) tas bort ur diariet, och dess fil raderas. Bara för en handling "
             "som lagts in av misstag.") % {"title": document.title, "name": document.original_name}
    back = _document_back(forbund, document)
    return _confirm_remove(request, forbund, done=_("Handlingen ”%(title)s” är borttagen.") % {"title": document.title},
                           title=_("Ta bort handling"), text=text, back_url=back, done_url=back,
                           remove=lambda: services.remove_document(document, user=request.user))


@require_GET
def document_download(request, slug, pk):
    """The file of a document, only to a reader who may see it (anyone for a public one, also without login;
    otherwise by the role in the förbund). Anything else is a 404: a document the reader may not see is not
    acknowledged. `?inline=1` asks the browser to show it rather than save it."""
    forbund = get_object_or_404(Forbund, slug=slug)
    document = get_object_or_404(Document.objects.select_related("matter"), forbund=forbund, pk=pk)
    if not document_visible(document, role_in(request.user, forbund)):
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: imported metadata without its file
        raise Http404 from None
    content_type = document.content_type
    if content_type == "text/plain":
        content_type = "text/plain; charset=utf-8"
    response = FileResponse(handle, as_attachment=request.GET.get("inline") != "1",
                            filename=document.original_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # A document that is not public is never kept by a shared cache.
    response["Cache-Control"] = "private, no-store" if document.classification != "public" else "public, max-age=300"
    return response

