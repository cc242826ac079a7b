"""Acts as staff on the local stack through the staff API, as the dashboard does: the tests, the benchmarks
and a person at a terminal use it. Each action signs in the demo user whose role may do it; a decision is
proposed by one person and approved by another (four eyes). Actions about one person the report concerns
name it ("person": 1, 2, …; the first when left out). It adds no rule: the API decides."""

import requests

# Which demo user (local/resources.py: demo-<role>) does each action, and how it maps to the staff API.
_ACTOR = {
    "record_protection_assessment": "demo-mottagning",
    "record_protection_measures": "demo-mottagning",
    "acknowledge_escalation": "demo-socialjour",
    "propose_decision": "demo-mottagning",
    "approve_decision": "demo-forste-socialsekreterare",
    "extend_decision_deadline": "demo-mottagning",
    "close_investigation": "demo-forste-socialsekreterare",
    "extend_investigation": "demo-forste-socialsekreterare",
}
_ROUTE = {
    "record_protection_assessment": "protection-assessment",
    "record_protection_measures": "protection-measures",
    "acknowledge_escalation": "acknowledgement",
    "propose_decision": "decision-proposal",
    "approve_decision": "decision-proposal/approve",
    "extend_decision_deadline": "decision-deadline-extension",
    "close_investigation": "investigation-closure",
    "extend_investigation": "investigation-extension",
}
ACTIONS = (*_ROUTE, "record_decision")
_REPORT_ACTIONS = {"acknowledge_escalation"}  # the rest are about one person


class StaffClient:
    def __init__(self, base_url: str, sign_in) -> None:
        self._base_url = base_url
        self._sign_in = sign_in  # username -> ID token
        self._tokens: dict[str, str] = {}

    def _token(self, username: str) -> str:
        if username not in self._tokens:
            self._tokens[username] = self._sign_in(username)
        return self._tokens[username]

    def sign_in_all(self) -> None:
        """Signs in every actor now, so that a later action is one request (escalation steps wait seconds in
        the tests' municipality)."""
        for username in set(_ACTOR.values()):
            self._token(username)

    def post(self, action: str, report_id: str, body: dict, person: int = 1) -> dict:
        """{"ok": true, ...the API's answer} or {"ok": false, "status", "message", "errors"}."""
        path = _ROUTE[action] if action in _REPORT_ACTIONS else f"persons/{person}/{_ROUTE[action]}"
        response = requests.post(
            f"{self._base_url}/api/staff/reports/{report_id}/{path}",
            json=body,
            headers={"Authorization": f"Bearer {self._token(_ACTOR[action])}"},
            timeout=30,
        )
        answer = response.json()
        if response.ok:
            return {"ok": True, **answer}
        return {"ok": False, "status": response.status_code, **answer}

    def act(self, action: dict) -> dict:
        """An action as {"action": name, "reportId": id, ...its body's fields}. `record_decision` is a
        proposal by mottagningen approved by förste socialsekreteraren."""
        fields = {
            key: value
            for key, value in action.items()
            if key not in ("action", "reportId", "staffId", "person")
        }
        name, report_id, person = action["action"], action["reportId"], action.get("person", 1)
        if name == "record_decision":
            proposed = self.post("propose_decision", report_id, fields, person)
            if not proposed["ok"]:
                return proposed
            approval = {"version": proposed["version"], "confirmed": True}
            return self.post("approve_decision", report_id, approval, person)
        return self.post(name, report_id, fields, person)
