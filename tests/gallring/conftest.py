"""Gallring runs on moto in-process (decorator mode): thousands of reports, no server needed."""
