"""Submit a Django admin form as a browser would: the values of its fields as the page shows them."""

from html.parser import HTMLParser


class _Form(HTMLParser):
    """The fields of the page's form with id `form_id` (the admin's "<model>_form")."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: list[tuple[str, str]] = []
        self.select: str | None = None
        self.selected: list[str] = []
        self.first_option: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image"):
                self.data.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self.select, self.selected, self.first_option = name, [], None
            self.multiple = "multiple" in a
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in a:
                self.selected.append(value)
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.selected or ([] if self.multiple or self.first_option is None else [self.first_option])
            self.data.extend((self.select, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.data.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    """name → values of the form's fields as submitted unchanged (template rows of inlines included)."""
    parser = _Form(form_id)
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def add_inline_row(data: dict[str, list[str]], prefix: str, values: dict[str, str]) -> None:
    """Fill in one new row of the inline `prefix` (what "Lägg till ytterligare" does in the page)."""
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    template = f"{prefix}-__prefix__-"
    for name, value in list(data.items()):
        if name.startswith(template):
            data[f"{prefix}-{total}-{name.removeprefix(template)}"] = list(value)
    for name, value in values.items():
        data[f"{prefix}-{total}-{name}"] = [str(value)]
    data[f"{prefix}-TOTAL_FORMS"] = [str(total + 1)]


def post_body(data: dict[str, list[str]]) -> dict[str, list[str]]:
    """The form's data without the inlines' template rows, for client.post()."""
    return {name: values for name, values in data.items() if "__prefix__" not in name}
