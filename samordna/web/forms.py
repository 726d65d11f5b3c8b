"""How a view shows a service's refusal: the DomainError on the field it names, or on the whole form."""

from samordna.lib.services import DomainError


def add_domain_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def run_in_form(form, call):
    """Run a service call for a valid form: its result, or None with the refusal shown on the form."""
    try:
        return call()
    except DomainError as error:
        add_domain_error(form, error)
        return None
