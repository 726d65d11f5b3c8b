from django.apps import AppConfig
from django.db.models.signals import post_delete


class AccountsConfig(AppConfig):
    name = "samordna.accounts"
    verbose_name = "Användare"

    def ready(self):
        from samordna.accounts.models import User
        from samordna.accounts.signals import clear_references_to_deleted_user

        # connected here, after simple-history's receivers, so that it also clears the rows they write
        post_delete.connect(clear_references_to_deleted_user, sender=User,
                            dispatch_uid="accounts-clear-references-to-deleted-user")
