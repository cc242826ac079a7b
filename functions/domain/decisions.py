"""The rules a decision whether to open an investigation must keep, written once for proposals and approvals.
Each person the report concerns gets their own decision."""

from functions.domain.persons import Outcome

__all__ = ["Outcome", "refusal"]

# SOSFS 2014:4 (binding): violence against a child, or witnessed by one, always opens an investigation.
VIOLENCE_REQUIRES_INVESTIGATION = (
    "Anmälan gäller våld mot eller som ett barn har bevittnat. Då ska en utredning alltid inledas "
    "(SOSFS 2014:4); beslutet kan inte vara att inte inleda utredning."
)


def refusal(outcome: Outcome, violence_against_child: bool) -> str | None:
    """Why this outcome may not be proposed or decided for a person, or None: `violence_against_child` is
    whether the report tells of violence against, or witnessed by, this person as a child."""
    if outcome == "no_investigation" and violence_against_child:
        return VIOLENCE_REQUIRES_INVESTIGATION
    return None
