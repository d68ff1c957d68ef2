"""Helpers shared by every app of Manara (a plain package: no models, no templates)."""
