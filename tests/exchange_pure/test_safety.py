"""What no part of the system can take, refused by the document checks with the JSON path: nesting deeper than
the format needs (a RecursionError in the parser before), NUL characters (PostgreSQL refuses them) and lone
surrogates (no UTF-8 can carry them; the import crashed with a UnicodeEncodeError)."""

import io
import json

import pytest

from samordna.exchange.validate import DocumentError, load_document, max_depth, schema, validate_document
from tests.exchange_pure.helpers import exempel, problems_after


def nested(levels: int, leaf=None):
    """`levels` lists one inside the other, built without recursion."""
    node = leaf
    for _ in range(levels):
        node = [node]
    return node


def depth_of(node) -> int:
    level, depth = [node], 0
    while level:
        level = [v for n in level if isinstance(n, (dict, list)) for v in (n.values() if isinstance(n, dict) else n)]
        depth += 1
    return depth - 1


def test_the_depth_follows_the_schema_with_room_for_extra():
    # the deepest place of the format: forbund[].meetings[].items[].decision.votes[].extra, 11 levels
    assert max_depth() == 11 + 16
    assert depth_of(exempel()) < max_depth()
    assert "extra" in schema()["$defs"]["vote"]["properties"]


def test_it_refuses_a_parsed_document_nested_too_deep_with_the_path_where_it_gets_too_deep():
    def change(doc):
        doc["forbund"][0]["members"][0]["extra"] = {"a": nested(100_000)}

    # the first list too deep is at level max_depth() + 1: its path has max_depth() parts
    path = "forbund[0].members[0].extra.a" + "[0]" * (max_depth() - 6)
    assert problems_after(change) == [
        f"{path}: is nested deeper than the format allows ({max_depth()} levels of objects and lists)"
    ]


def test_it_accepts_nesting_up_to_the_limit():
    doc = exempel()
    doc["extra"] = {"x": nested(max_depth() - 2)}  # the document and extra are the first two levels
    assert depth_of(doc) == max_depth()
    assert validate_document(doc) == []
    doc["extra"] = {"x": nested(max_depth() - 1)}
    [problem] = validate_document(doc)
    assert problem.path == "extra.x" + "[0]" * (max_depth() - 2)


@pytest.mark.parametrize("levels", [1_000, 200_000])
def test_it_refuses_a_text_too_deep_for_the_parser_with_the_path(levels):
    doc = exempel()
    doc["extra"] = {"x": "DEEP"}
    text = json.dumps(doc, ensure_ascii=False).replace('"DEEP"', "[" * levels + "]" * levels)
    with pytest.raises(DocumentError) as caught:
        validate_document(load_document(io.StringIO(text)))
    [problem] = caught.value.problems
    assert problem.path == "extra.x" + "[0]" * (max_depth() - 2)
    assert "is nested deeper than the format allows" in str(problem)


def test_it_finds_the_path_in_a_text_with_keys_and_lists_before_the_deep_part():
    deep = '{"k": ' * 5000 + "1" + "}" * 5000
    text = '{"a\\"b": [1, {"c,d": "[{:"}], "extra": {"k": [0, 1, ' + deep + "]}}"
    with pytest.raises(DocumentError) as caught:
        load_document(io.StringIO(text))
    [problem] = caught.value.problems
    assert problem.path == "extra.k[2]" + ".k" * (max_depth() - 3)


@pytest.mark.parametrize(
    ("character", "shown", "message"),
    [
        ("\x00", "\\x00", "contains a NUL character (\\u0000), which the database cannot store"),
        ("\ud800", "\\ud800", "contains a lone surrogate (\\ud800), which is no character of UTF-8"),
        ("\udfff", "\\udfff", "contains a lone surrogate (\\udfff), which is no character of UTF-8"),
    ],
)
def test_it_refuses_a_bad_character_in_any_string(character, shown, message):
    def change(doc):
        doc["forbund"][0]["name"] = f"Förbund{character}"
        doc["persons"][1]["email"] = f"a{character}@example.se"
        doc["forbund"][0]["meetings"][0]["extra"] = {"note": [f"x{character}"]}

    assert problems_after(change) == [
        f"persons[1].email: 'a{shown}@example.se' {message}",
        f"forbund[0].name: 'Förbund{shown}' {message}",
        f"forbund[0].meetings[0].extra.note[0]: 'x{shown}' {message}",
    ]


def test_it_refuses_a_bad_character_in_a_key_and_prints_the_path_escaped():
    def change(doc):
        doc["forbund"][0]["extra"] = {"a\ud800": {"b\x00": 1}}

    problems = problems_after(change)
    assert problems == [
        "forbund[0].extra: 'a\\ud800' is a key that contains a lone surrogate (\\ud800), which is no character of "
        "UTF-8",
        "forbund[0].extra.a\\ud800: 'b\\x00' is a key that contains a NUL character (\\u0000), which the database "
        "cannot store",
    ]
    # every line can be written as UTF-8 (the command's output)
    for line in problems:
        line.encode("utf-8")


def test_it_shows_a_long_value_by_its_start():
    def change(doc):
        doc["forbund"][0]["name"] = "x" * 100 + "\x00"

    [problem] = problems_after(change)
    assert problem.startswith("forbund[0].name: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' contains a NUL")


def test_a_surrogate_pair_is_a_character_and_accepted():
    doc = exempel()
    doc["extra"] = {"källa": "exempel"}
    text = json.dumps(doc).replace('"exempel"', '"exempel \\ud83d\\ude00"', 1)
    doc = load_document(io.StringIO(text))
    assert doc["extra"]["källa"] == "exempel \U0001f600"
    assert validate_document(doc) == []


def test_the_other_problems_are_reported_too():
    def change(doc):
        doc["forbund"][0]["name"] = "\x00"
        doc["forbund"][0]["members"][0]["kinds"] = "x"

    assert problems_after(change) == [
        "forbund[0].name: '\\x00' contains a NUL character (\\u0000), which the database cannot store",
        "forbund[0].members[0].kinds: unknown field",
    ]
