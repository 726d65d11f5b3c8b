"""These tests are pure Python (run with `-p no:django`): neutralise the Django-only autouse fixtures."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    """Overrides tests/conftest.py's fixture of the same name, which needs pytest-django's `settings`."""
