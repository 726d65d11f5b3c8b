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


# Lists whose rows accumulate with the years (meetings, samråd, information to members, ended insatser) are
# shown one year at a time (?ar=YYYY), so a page costs the same after ten years as after one.
YEAR_PARAM = "ar"
VIEW_PARAM = "visa"  # a view of such a list that is not a year (the insatser with no dates)
MIN_YEAR, MAX_YEAR = 1900, 2200


def chosen_year(request, default: int) -> int:
    """The year ?ar= asks for; the default for anything that is not a year from 1900 to 2200."""
    value = request.GET.get(YEAR_PARAM, "")
    if len(value) == 4 and value.isascii() and value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR:
        return int(value)
    return default


def year_url(request, year: int | None, default: int | None = None, view: str | None = None) -> str:
    """This page's URL showing `year` (from its first page), keeping the other query parameters (the filters);
    the default year is the list's own URL. `year=None` shows the list's default, or `?visa=view`."""
    query = request.GET.copy()
    for param in (PARAM, YEAR_PARAM, VIEW_PARAM):
        query.pop(param, None)
    if year is not None and year != default:
        query[YEAR_PARAM] = str(year)
    if view is not None:
        query[VIEW_PARAM] = view
    return f"{request.path}?{query.urlencode()}" if query else request.path


def year_nav(request, year: int | None, years, default: int | None) -> dict:
    """The links of the year navigation (web/year_nav.html): every year that has rows, oldest first, and
    the shown one (marked current) even when it has none; the nearest years with rows before and after."""
    with_rows = sorted(set(years))
    shown = sorted(set(with_rows) | ({year} if year is not None else set()))
    earlier = [y for y in with_rows if year is not None and y < year]
    later = [y for y in with_rows if year is not None and y > year]

    def link(y):
        # A string: a number in a template would get a thousands separator ("2 026").
        return {"year": str(y), "url": year_url(request, y, default), "current": y == year}

    return {
        "links": [link(y) for y in shown],
        "previous": link(earlier[-1]) if earlier else None,
        "next": link(later[0]) if later else None,
    }


def other_years(request, dated, default: int | None) -> list[dict]:
    """`(year, item)` pairs grouped by year, newest first, each group with the URL of its year's list (the
    findings about rows of other years than the one shown: web/findings_other_years.html)."""
    groups: dict[int, list] = {}
    for year, item in dated:
        groups.setdefault(year, []).append(item)
    return [{"year": str(year), "url": year_url(request, year, default), "findings": groups[year]}
            for year in sorted(groups, reverse=True)]
