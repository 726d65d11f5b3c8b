"""The Hypothesis strategy: everything it makes is valid and canonical, and it covers the whole format."""

from hypothesis import HealthCheck, given, settings

from samordna.exchange.canonical import _layout, canonical
from samordna.exchange.validate import validate_document
from tests.exchange_pure.strategies import documents

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(documents())
def test_it_generates_valid_canonical_documents(doc):
    assert validate_document(doc) == []
    assert canonical(doc) == doc


def _fields_seen(name: str, value: dict, seen: set) -> None:
    for field, shape, target, _ in _layout()[name]:
        item = value.get(field)
        if item in (None, [], {}):
            continue
        seen.add((name, field))
        if shape == "object":
            _fields_seen(target, item, seen)
        elif shape in ("objects", "additive"):
            for entry in item:
                _fields_seen(target, entry, seen)


def test_it_covers_every_field_of_the_format():
    seen: set = set()

    # derandomized, so that whether a rare field turned up does not vary from run to run
    @settings(
        max_examples=650,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(documents())
    def collect(doc):
        _fields_seen("$root", doc, seen)

    collect()
    every = {(name, field) for name, fields in _layout().items() for field, *_ in fields}
    assert every - seen == set()
