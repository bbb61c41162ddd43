"""Shared diagnostics and qualification cycles: models, checks, cycle planning."""
