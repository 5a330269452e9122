"""Reading rendered pages the way a browser would: what a form would send back, what a list shows."""

from html import unescape
from html.parser import HTMLParser

from django.contrib.messages import get_messages

_TEXT_INPUTS = {"text", "number", "email", "tel", "url", "search", "date", "hidden", None}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _FormValues(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self._textarea = None
        self._select = None

    def _add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type")
            if kind in ("radio", "checkbox"):
                self.values.setdefault(name, [])
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind in _TEXT_INPUTS:
                self._add(name, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Browsers drop a textarea's first newline; Django's widget writes one for that reason.
            self.values[self._textarea][-1] = self.values[self._textarea][-1].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_values(response) -> dict[str, list[str]]:
    """Every named field of the page with the values it would submit (a list: checkboxes can hold several)."""
    parser = _FormValues()
    parser.feed(response.content.decode())
    return parser.values


class _ListItems(HTMLParser):
    def __init__(self, container_id):
        super().__init__(convert_charrefs=True)
        self.container_id = container_id
        self.items: list[tuple[str, list[str]]] = []
        self._depth = 0
        self._item = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._depth:
            self._depth += tag not in _VOID
            if tag == "li":
                self._item = ["", []]
            elif tag == "a" and self._item is not None:
                self._item[1].append(attrs.get("href"))
        elif attrs.get("id") == self.container_id:
            self._depth = 1

    def handle_data(self, data):
        if self._item is not None:
            self._item[0] += data

    def handle_endtag(self, tag):
        if not self._depth or tag in _VOID:
            return
        self._depth -= 1
        if tag == "li" and self._item is not None:
            self.items.append((" ".join(self._item[0].split()), self._item[1]))
            self._item = None


def list_items(response, container_id: str) -> list[tuple[str, list[str]]]:
    """The text and links of each <li> inside the element with this id."""
    parser = _ListItems(container_id)
    parser.feed(response.content.decode())
    return parser.items


def page_text(response) -> str:
    """The page with its character references decoded (auto-escaping writes ' as &#x27;, {% translate %} does not)."""
    return unescape(response.content.decode())


def shows(response, text: str) -> bool:
    return text in page_text(response)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]
