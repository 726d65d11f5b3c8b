from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "samordna.web"
    verbose_name = "Webb"

    def ready(self):
        from samordna.lib.validation import check_the_date_range_in_every_form

        check_the_date_range_in_every_form()
