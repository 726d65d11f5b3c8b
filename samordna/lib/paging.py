"""Long lists split into pages of 50 rows (?sida=N), with the links the shared pager (pager.html) shows."""

from django.core.paginator import Page, Paginator

PER_PAGE = 50
PARAM = "sida"


def page_url(request, number: int) -> str:
    """This page's URL showing page `number`, keeping every other query parameter (the filters)."""
    query = request.GET.copy()
    query.pop(PARAM, None)
    if number > 1:  # page 1 is the list's own URL
        query[PARAM] = str(number)
    return f"{request.path}?{query.urlencode()}" if query else request.path


def paginate(request, items, per_page: int = PER_PAGE) -> Page:
    """The page of `items` that ?sida= asks for: the last one for a number out of range, else the first."""
    page = Paginator(items, per_page).get_page(request.GET.get(PARAM))
    if page.has_other_pages():
        page.previous_url = page_url(request, page.previous_page_number()) if page.has_previous() else None
        page.next_url = page_url(request, page.next_page_number()) if page.has_next() else None
        # The first and last pages and those near the current one; "…" stands for the pages left out.
        page.links = [
            {"number": n, "url": page_url(request, n), "current": n == page.number} if isinstance(n, int)
            else {"number": None}
            for n in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ]
    return page
