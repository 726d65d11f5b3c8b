"""The page cache: a key page is rendered once per state of the data and served from memory after.

A cached page is the response the view would give now, because its key holds everything the response is
made of:

- the *stamp*: the sum of every förbund's `FindingsVersion.content` (and row 0, the installation's), read
  before the view runs. Every write any page shows bumps it in the writing transaction
  (`samordna.checks.store.mark` for the data the rule check reads, `store.touch` for the rest: documents,
  deliveries, the Händelselogg's actions, access, users), so a write that commits makes every older entry
  unreachable, and a write that commits while a page renders can only make the entry it stores stale, never
  a stale entry current;
- the request: method, host, path and query string, the language, the htmx headers, the user and what the
  layout shows of them;
- the day in Stockholm (findings, deadlines and "coming" are as of a date) and the rule code's hash.

A page's CSRF tokens (`{% csrf_token %}`, the only way the templates write one) are kept as a placeholder
and filled with a token of the requester's own secret when served (made, and its cookie set, as the view
would), so one entry serves every browser of a user, and every citizen of a public page.

Never cached: a request with a message waiting to be shown, a response that is not 200, one that set a
cookie, and anything but GET and HEAD. The entries live in the
`pages` cache (per process, bounded, zlib-compressed); `PAGE_CACHE=0` turns the cache off.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token

from samordna.lib import dates

_STAMP_SQL = "SELECT COALESCE(SUM(content), 0), COUNT(*) FROM checks_findingsversion"
# Response headers a cached page keeps (the rest are the middleware's, added again on every response).
_KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Cache-Control")
MAX_BYTES = 2 * 1024 * 1024  # a larger page is not kept
# The hidden input Django's {% csrf_token %} writes; its value is the requester's.
_TOKEN = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(">)')
_PLACEHOLDER = b"\x00csrf\x00"


def stamp() -> tuple[int, int]:
    """The state of everything a page shows: changes with every committed write a page may show."""
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL)
        total, rows = cursor.fetchone()
    return int(total), int(rows)


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    if getattr(storage, "_queued_messages", None):
        return True
    # The fallback storage's backends hold the messages of the last request; reading them marks them used,
    # so ask what they hold without iterating the storage.
    for backend in getattr(storage, "storages", [storage]):
        try:
            loaded, _all = backend._get()
        except Exception:  # an unreadable cookie: let the view deal with it
            return True
        if loaded:
            return True
    return False


def _user_part(user) -> tuple:
    if not user.is_authenticated:
        return ("anonymous",)
    return (user.pk, user.get_username(), getattr(user, "name", ""), user.is_active, user.is_staff,
            user.is_superuser, getattr(user, "is_national", False))


def _key(request, view_name: str, page_stamp: tuple[int, int]) -> str:
    from samordna.checks.store import code_hash

    hx = sorted((k, v) for k, v in request.META.items() if k.startswith("HTTP_HX_"))
    parts = (view_name, request.method, request.get_host(), request.get_full_path(),
             getattr(request, "LANGUAGE_CODE", ""), hx, _user_part(request.user),
             dates.today().isoformat(), page_stamp,
             code_hash(), request.is_secure())
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > MAX_BYTES:
        return False
    return not _has_messages(request)


def cached_page(view):
    """Serve a GET view from the page cache (see the module's docstring)."""
    view_name = f"{view.__module__}.{getattr(view, '__qualname__', view.__class__.__name__)}"

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not getattr(settings, "PAGE_CACHE", True) or request.method not in ("GET", "HEAD") \
                or _has_messages(request):
            return view(request, *args, **kwargs)
        cache = caches["pages"]
        key = _key(request, view_name, stamp())
        hit = cache.get(key)
        if hit is not None:
            status, headers, body, has_token = hit
            body = zlib.decompress(body)
            if has_token:  # as the view would: a token of the requester's secret (made when it has none)
                body = body.replace(_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = view(request, *args, **kwargs)
        if _storable(request, response):
            body, tokens = _TOKEN.subn(rb"\1" + _PLACEHOLDER + rb"\2", response.content)
            headers = [(name, response.headers[name]) for name in _KEPT_HEADERS if name in response.headers]
            cache.set(key, (response.status_code, headers, zlib.compress(body, 1), bool(tokens)))
        return response

    wrapper.page_cached = True
    return wrapper
