"""Models of the app (see its services.py for how they change)."""
