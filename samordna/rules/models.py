"""Bookkeeping for the database check: per-förbund data versions and stored snapshots.

Not business data: a `DataVersion` counts the writes to one förbund's data (or to the shared data:
persons, samråd, the document's extra), and a `RuleSnapshot` keeps what a check needs so that the next
check does not have to export and judge ten years of history again. A snapshot is used only while the
versions it was built from are still the current ones (see samordna/rules/snapshots.py, docs/rules.md).
"""

from django.db import models


class DataVersion(models.Model):
    """How many times the data under `key` ("forbund:<pk>", "shared" or "epoch") has been written."""

    key = models.CharField(max_length=64, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}@{self.version}"


class RuleSnapshot(models.Model):
    """A stored part of the national check ("forbund:<pk>", "shared", "memo:<pk>"): zlib-compressed JSON.

    The stamp names the data versions it was built from (and a memo's cutoff and dependencies), then `#`
    and a nonce drawn when it was stored."""

    key = models.CharField(max_length=64, primary_key=True)
    stamp = models.TextField()
    data = models.BinaryField()
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.key} ({self.stamp})"
