"""Import and export of the national set: 75 förbund over 10 years (fixed seed)."""

import json
import os
import resource
import tempfile
import time

N_FORBUND, YEARS, SEED = 75, 10, 2026


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run() -> dict:
    from samordna.exchange.exporter import export_document
    from samordna.exchange.generate import generate
    from samordna.exchange.importer import import_document
    from samordna.exchange.validate import load_document

    started = time.perf_counter()
    doc = generate(N_FORBUND, YEARS, SEED)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(doc, handle, ensure_ascii=False)
        path = handle.name
    del doc
    generated = time.perf_counter() - started

    started = time.perf_counter()
    result = import_document(load_document(path))
    imported = time.perf_counter() - started
    rows = result.total("created")

    started = time.perf_counter()
    again = import_document(load_document(path))
    reimported = time.perf_counter() - started
    assert not again.changed, "re-importing the same file changed the database"

    started = time.perf_counter()
    out = export_document()
    exported = time.perf_counter() - started
    size = os.path.getsize(path)
    os.unlink(path)
    return {
        "name": f"exchange: national set ({N_FORBUND} förbund × {YEARS} years, {size / 1e6:.0f} MB, "
                f"{len(out['forbund'])} förbund exported)",
        "results": [
            ("generate + write file", generated, "s", None),
            ("import (empty database)", imported, "s", 60),
            ("rows created", rows, "rows", None),
            ("import rate", rows / imported, "rows/s", None),
            ("re-import (nothing changes)", reimported, "s", None),
            ("export", exported, "s", 20),
            ("peak memory (RSS)", _peak_mb(), "MB", 1024),
        ],
    }
