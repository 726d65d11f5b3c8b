from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "samordna.organisations"
    verbose_name = "Förbund och organisation"

    def ready(self):
        from django.db.models import Q

        from samordna.lib import audit

        from .models import Forbund, Mandate, Member, Person, Representative

        # The ics token is the secret in the årshjul's private subscription URL: never shown, not even old ones.
        audit.register(Forbund, lambda forbund: Q(id=forbund.pk), secret=["ics_token"])
        audit.register(Member, audit.by_forbund_id)
        audit.register(Mandate, audit.by_forbund_id, related=["person"])
        audit.register(Representative, lambda forbund: Q(member_id__in=Member.objects.filter(forbund_id=forbund.pk).values("id")),
                       related=["person", "member"])
        from . import services

        services.register_sentences()
        # A person's changes are in the log of every förbund whose data refers to them (or whose office
        # created them): the persons that förbund's office may see and edit.
        audit.register(Person, lambda forbund: Q(id__in=Person.objects.of_forbund(forbund).values("id")))
