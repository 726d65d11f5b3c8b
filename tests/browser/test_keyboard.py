"""Keyboard only: the skip link comes first, and every page of the förbund nav is reachable by Tab."""

import pytest

pytestmark = pytest.mark.browser

F = "/f/sf-vastra-vastmanland"
# The office sees at least these, in this order (later sections add more links between them).
NAV = ["Översikt", "Medlemmar", "Styrelse", "Uppdrag", "Personer", "Händelselogg"]


def _focused(page):
    return page.evaluate(
        "(() => { const e = document.activeElement; return {tag: e.tagName, id: e.id, text: e.innerText || '',"
        " outline: getComputedStyle(e).outlineStyle, nav: !!e.closest('nav.forbund-nav')}; })()"
    )


def test_it_puts_the_skip_link_first_and_it_moves_focus_to_the_content(page, login):
    login(page, "office")
    page.goto(f"{F}/styrelse/")
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert (focused["tag"], focused["text"]) == ("A", "Hoppa till innehållet")
    assert page.get_by_role("link", name="Hoppa till innehållet").is_visible()  # shown when focused
    assert focused["outline"] != "none"
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_it_reaches_every_nav_link_by_tab_and_opens_it_with_enter(page, login):
    login(page, "office")
    page.goto(f"{F}/")
    links = page.get_by_role("navigation", name="Förbundets sidor").get_by_role("link").all_inner_texts()
    links = [text.strip() for text in links]
    assert [text for text in links if text in NAV] == NAV
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["nav"]:
            assert focused["outline"] != "none", focused
            reached.append(focused["text"].strip())
        elif reached:
            break
    assert reached == links
    # Back to "Medlemmar" with Shift+Tab, then open it with Enter.
    for _ in range(len(links) - 1):  # focus is on the first element after the nav
        page.keyboard.press("Shift+Tab")
    assert _focused(page)["text"].strip() == "Medlemmar"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{F}/medlemmar/")
    assert page.get_by_role("heading", level=1).inner_text() == "Medlemmar"
