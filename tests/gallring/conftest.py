"""Gallring with thousands of reports, each test on tables of its own on the local stack's embedded AWS.

Not moto's decorator mode: leaving it resets every moto backend in the process, the local stack's too.
"""
