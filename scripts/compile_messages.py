#!/usr/bin/env python3
"""Compile samordna/locale/*/LC_MESSAGES/django.po to django.mo with the standard library only.

`manage.py compilemessages` needs GNU gettext's msgfmt; this does the same for our .po files where it is
missing (the logic of CPython's Tools/i18n/msgfmt.py). Usage: python scripts/compile_messages.py [PO ...]
"""

import ast
import struct
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "samordna" / "locale"


def parse_po(text: str) -> dict[str, str]:
    """The translations of a .po file (entries separated by blank lines): msgid -> msgstr.

    Plural forms are joined by NUL, as in .mo files; fuzzy and untranslated entries are left out.
    """
    messages: dict[str, str] = {}
    for block in text.split("\n\n"):
        entry: dict[str, str] = {}
        key = None
        fuzzy = False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith('"') and key:
                entry[key] += ast.literal_eval(line)
            elif line and not line.startswith("#"):
                key, _, rest = line.partition(" ")
                entry[key] = ast.literal_eval(rest)
        if "msgid" not in entry or (fuzzy and entry["msgid"]):
            continue
        msgid = entry["msgid"]
        if "msgid_plural" in entry:
            msgid += "\x00" + entry["msgid_plural"]
            msgstr = "\x00".join(entry[k] for k in sorted(k for k in entry if k.startswith("msgstr[")))
        else:
            msgstr = entry.get("msgstr", "")
        if "msgctxt" in entry:
            msgid = entry["msgctxt"] + "\x04" + msgid
        if msgstr.replace("\x00", "") or msgid == "":
            messages[msgid] = msgstr
    return messages


def write_mo(messages: dict[str, str], path: Path) -> None:
    """GNU .mo: header, the sorted original and translated string tables, then the strings."""
    keys = sorted(messages)
    ids = b""
    strs = b""
    offsets = []
    for k in keys:
        kb, vb = k.encode("utf-8"), messages[k].encode("utf-8")
        offsets.append((len(ids), len(kb), len(strs), len(vb)))
        ids += kb + b"\0"
        strs += vb + b"\0"
    start = 7 * 4 + 16 * len(keys)
    key_table, value_table = [], []
    for id_off, id_len, str_off, str_len in offsets:
        key_table += [id_len, start + id_off]
        value_table += [str_len, start + len(ids) + str_off]
    output = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    output += struct.pack(f"{len(key_table)}i", *key_table) + struct.pack(f"{len(value_table)}i", *value_table)
    path.write_bytes(output + ids + strs)


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
    for po in paths:
        mo = po.with_suffix(".mo")
        messages = parse_po(po.read_text(encoding="utf-8"))
        write_mo(messages, mo)
        print(f"{po} -> {mo}: {len(messages) - 1} translations")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
