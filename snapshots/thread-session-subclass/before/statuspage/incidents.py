class IncidentService:
    """Incidents of one page: the client hands it its session."""

    def __init__(self, session, page):
        self.session = session
        self.page = page

    def open(self):
        incidents = self.session.get(f"pages/{self.page}/incidents", params={"state": "open"}).json()
        return sorted(incidents, key=lambda incident: incident["started"])

    def create(self, title, impact="minor"):
        return self.session.post(f"pages/{self.page}/incidents", json={"title": title, "impact": impact}).json()["id"]

    def resolve(self, incident_id, note=None):
        body = {"state": "resolved"}
        if note:
            body["note"] = note
        self.session.patch(f"pages/{self.page}/incidents/{incident_id}", json=body)
