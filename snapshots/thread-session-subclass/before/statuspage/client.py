from .incidents import IncidentService
from .session import StatusSession


class StatusClient:
    def __init__(self, base_url, token, page):
        self.session = StatusSession(base_url, token)
        self.page = page

    def components(self):
        return {item["name"]: item["status"] for item in self.session.get(f"pages/{self.page}/components").json()}

    def degraded(self):
        return sorted(name for name, status in self.components().items() if status != "operational")

    def incidents(self):
        return IncidentService(self.session, self.page)

    def requests_sent(self):
        return self.session.sent
