"""The office's pages of the e-mail queue: what was sent to whom, what failed, and "Skicka igen"."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.lib.access import Cap, forbund_view
from samordna.lib.paging import paginate
from samordna.lib.services import DomainError

from . import services
from .models import Delivery, DeliveryStatus, Message

PER_PAGE = 20


def _deliveries():
    # the person's current address: a delivery that had none can be sent once the person has one
    return Prefetch("deliveries", queryset=Delivery.objects.select_related("person").only(
        *(f.name for f in Delivery._meta.concrete_fields), "person__email").order_by("name", "address", "id"))


def _messages(forbund):
    return Message.objects.filter(forbund=forbund).annotate(
        attachment_count=Count("attachments", distinct=True),
        failed_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED), distinct=True),
    ).defer("body", "html")


@forbund_view(Cap.MANAGE)
def message_list(request, forbund):
    page = paginate(request, _messages(forbund).prefetch_related(_deliveries()).order_by("-created_at", "-id"),
                    per_page=PER_PAGE)
    return render(request, "mail/list.html", {"forbund": forbund, "page": page, "rows": list(page)})


@forbund_view(Cap.MANAGE)
def message_detail(request, forbund, pk):
    message = get_object_or_404(
        Message.objects.filter(forbund=forbund).select_related("action").prefetch_related(_deliveries()), pk=pk)
    attachments = list(message.attachments.defer("content").order_by("id"))
    return render(request, "mail/detail.html", {"forbund": forbund, "message": message,
                                                "attachments": attachments})


@forbund_view(Cap.MANAGE)
@require_POST
def delivery_retry(request, forbund, pk):
    delivery = get_object_or_404(Delivery.objects.select_related("message"), pk=pk, message__forbund=forbund)
    try:
        services.retry(delivery, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Utskicket till %(who)s skickas igen.") % {"who": delivery})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return redirect(back)
    return redirect("mail-message", slug=forbund.slug, pk=delivery.message_id)
