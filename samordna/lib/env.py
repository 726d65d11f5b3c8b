"""Strict readers of settings from the environment: a bad value is refused, never guessed."""

import os

from django.core.exceptions import ImproperlyConfigured


def _raw(name: str, default: str | None) -> str | None:
    # NAME_FILE lets secrets come from a file (Docker/systemd credentials).
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                return fh.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {exc}") from exc
    return os.environ.get(name, default)


def envstr(name: str, default: str = "") -> str:
    value = _raw(name, default)
    return "" if value is None else value


def envbool(name: str, default: str) -> bool:
    value = _raw(name, default)
    if value in ("True", "true", "1", "yes"):
        return True
    if value in ("False", "false", "0", "no", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")


def envint(name: str, default: str) -> int:
    value = _raw(name, default)
    try:
        return int(value or "")
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    value = _raw(name, default) or ""
    return [part.strip() for part in value.split(",") if part.strip()]


def site_url(host: str, port: int) -> str:
    """The address a server bound to host:port is reached at (an IPv6 address in brackets), without a slash at
    the end: `SITE_URL`'s default, so the links Samordna prints (the calendar feed) follow HOST and PORT."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"
