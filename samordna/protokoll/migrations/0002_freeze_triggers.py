"""Triggers refusing UPDATE of an adjusted meeting's rows and INSERT of rows under it (samordna/protokoll/freeze.py).

SQLite and PostgreSQL (picked by the connection's vendor); DELETE is never refused. The tables are listed
here as they were when this migration was written; every `migrate` drops and creates the triggers again from
freeze.TABLES (pre_migrate, post_migrate), so that SQLite can remake a table in a later migration.
"""

from django.db import migrations

from samordna.protokoll.freeze import install, uninstall

# Item: every column but insats_id, which the database sets to NULL when an insats is deleted (SET_NULL).
ITEM_COLUMNS = ["id", "forbund_id", "extra", "meeting_id", "external_id", "number", "title", "kind",
                "personnel_or_election", "major", "documents_sent", "presenter_id", "proposal", "matter_id"]

TABLES = [
    ("meetings_meeting", "meeting", "id", None),
    ("meetings_attendance", "meeting", "meeting_id", None),
    ("meetings_item", "meeting", "meeting_id", ITEM_COLUMNS),
    ("meetings_minutes", "meeting", "meeting_id", None),
    ("meetings_minutes_adjusters", "minutes", "minutes_id", None),
    ("meetings_recusal", "item", "item_id", None),
    ("meetings_itemsubstitute", "item", "item_id", None),
    ("meetings_decision", "item", "item_id", None),
    ("meetings_vote", "decision", "decision_id", None),
    ("meetings_reservation", "decision", "decision_id", None),
    ("protokoll_correction", "item", "item_id", None),
]


class Migration(migrations.Migration):
    dependencies = [
        ("protokoll", "0001_initial"),
        ("meetings", "0003_historicalitem_presenter_historicalitem_proposal_and_more"),
    ]

    operations = [migrations.RunPython(install(TABLES), uninstall(TABLES), elidable=False)]
