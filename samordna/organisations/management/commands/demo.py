"""samordna demo: load the demo förbund and one user per role into an empty database."""

from django.core.management.base import BaseCommand
from django.db import transaction

from samordna.accounts.models import Access, User
from samordna.lib.db import ensure_schema
from samordna.organisations import demo
from samordna.organisations.models import Forbund, Member, Person


class Command(BaseCommand):
    help = "Load the demo data when the database holds no förbund (or always, with --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="load even when förbund exist")

    def handle(self, *args, force, **options):
        ensure_schema()
        if Forbund.objects.exists() and not force:
            self.stdout.write("The database already holds data; the demo was not loaded.")
            self._print_logins()
            return
        from samordna.diarium.demo import seed_diarium
        from samordna.exchange.importer import import_document
        from samordna.finance.demo import seed_audits, seed_budgets
        from samordna.insatser.demo import seed_applications, seed_reports
        from samordna.lib import services
        from samordna.lib.dates import today
        from samordna.meetings.demo import plan_coming_meeting
        from samordna.publication.demo import post_demo_anslag
        from samordna.samrad.demo import seed_notices, seed_samrad

        day = today()
        document = demo.demo_document(day)
        # One action for the whole demo: the import, the diarium the exchange format does not carry yet, the
        # users, the anslag of the adjusted protokoll (posted in the name of each förbund's office) and a coming
        # meeting with its kallelse sent.
        with transaction.atomic(), services.action(
            "exchange.imported", source="import", summary="samordna demo",
            data={"forbund": [f.get("id") for f in document.get("forbund") or []]},
        ):
            import_document(document)
            demo.seed_representatives()
            for forbund in Forbund.objects.order_by("slug"):
                seed_diarium(forbund, day)
                seed_budgets(forbund, day)
                seed_reports(forbund, day)
                seed_audits(forbund, day)
            self._create_users()
            post_demo_anslag()
            for forbund in Forbund.objects.order_by("slug"):
                plan_coming_meeting(forbund, day)
                seed_applications(forbund, day)
            seed_samrad(day)
            seed_notices(day)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self._print_logins()

    def _create_users(self):
        for email, name, role, forbund_id, person_id in demo.DEMO_USERS:
            user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
            user.name = name
            user.set_password(demo.DEMO_PASSWORD)
            user.is_national = role == "national"
            user.is_superuser = user.is_staff = role == "admin"
            if person_id:
                user.person = Person.objects.filter(external_id=person_id).first()
            user.save()
            if forbund_id:
                member = demo.DEMO_USER_MEMBER.get(email)
                Access.objects.update_or_create(
                    user=user, forbund=Forbund.objects.get(slug=forbund_id),
                    defaults={"role": role,
                              "member": Member.objects.get(external_id=member) if member else None},
                )

    def _print_logins(self):
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for email, _name, role, forbund_id, _ in demo.DEMO_USERS:
            where = f" in {forbund_id}" if forbund_id else ""
            self.stdout.write(f"  {email:36} {role}{where}")
