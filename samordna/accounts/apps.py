from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samordna.accounts"
    verbose_name = "Användare"
