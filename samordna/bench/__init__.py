"""Benchmarks: `make bench` (python -m samordna.bench) runs each module of BENCHES and prints a summary.

A benchmark module has `run() -> dict` returning {"name": …, "results": [(label, value, unit, target or None)]};
it runs after Django is set up on a fresh temporary SQLite database (see __main__).
"""

BENCHES = ["samordna.bench.exchange", "samordna.bench.rules", "samordna.bench.pages"]
