"""The staff use cases, one module per kind of work; each function is a `staff_use_case` (acting.py)."""
