import json


def summary(client):
    degraded = client.degraded()
    open_incidents = client.incidents().open()
    lines = [f"{len(degraded)} degraded: {', '.join(degraded) or 'none'}"]
    lines += [f"- {incident['title']} ({incident['impact']})" for incident in open_incidents]
    return "\n".join(lines)


def save_summary(client, path):
    text = summary(client)
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"summary": text, "requests": client.requests_sent()}, out)
    return text
