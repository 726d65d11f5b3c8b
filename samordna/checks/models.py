"""The store of rule findings: one row per förbund and as-of date, valid while its förbund's version holds.

Not business data (nothing here is exported or audited): `FindingsVersion` counts the writes that may
change a förbund's findings (samordna/checks/store.py marks them in the writing transaction), and
`StoredFindings` keeps the findings judged at one version by one rule code. `FindingsVersion.content` counts
every write any page shows, for the page cache.
"""

from django.db import models


class FindingsVersion(models.Model):
    """How many times data that a förbund's findings read has been written (absent: version 0).

    Keyed by the förbund's primary key without a foreign key, so that marking can never conflict with
    deleting the förbund (a deleted förbund's counter is left behind, unread)."""

    forbund_pk = models.PositiveBigIntegerField(primary_key=True)
    version = models.PositiveBigIntegerField(default=0)
    # Every write a page may show (a superset of `version`'s): the page cache's stamp (samordna/web/pagecache).
    # Row 0 counts the writes that belong to no förbund (a user's name, a national user).
    content = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.forbund_pk}@{self.version}"


class StoredFindings(models.Model):
    """The findings of one förbund as of one date, judged at `version` by the rule code `code`."""

    forbund = models.ForeignKey("organisations.Forbund", on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()
    code = models.CharField(max_length=64)
    version = models.PositiveBigIntegerField()
    findings = models.JSONField()
    stored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["forbund", "as_of"], name="checks_stored_forbund_as_of")]

    def __str__(self) -> str:
        return f"{self.forbund_id} {self.as_of} @{self.version}"
