"""Benchmarks: scripts that print figures (not tests). Run `.venv/bin/python -m benchmarks.run` from the repo root."""
