"""The staff API's routes, one Powertools Router per area; api.py includes them all."""
