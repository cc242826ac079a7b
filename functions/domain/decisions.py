"""The rules a decision whether to open an investigation must keep, written once for proposals and approvals."""

from typing import Literal

from functions.domain.routing import RoutingFacts

Outcome = Literal["no_investigation", "investigation"]

# SOSFS 2014:4 (binding): violence against a child, or witnessed by one, always opens an investigation.
VIOLENCE_REQUIRES_INVESTIGATION = (
    "Anmälan gäller våld mot eller som ett barn har bevittnat. Då ska en utredning alltid inledas "
    "(SOSFS 2014:4); beslutet kan inte vara att inte inleda utredning."
)


def refusal(outcome: Outcome, facts: RoutingFacts) -> str | None:
    """Why this outcome may not be proposed or decided for the report, or None."""
    if outcome == "no_investigation" and facts.violence_against_child:
        return VIOLENCE_REQUIRES_INVESTIGATION
    return None
