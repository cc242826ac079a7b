"""What the system has sent: SMS and e-mail recorded by the embedded AWS instead of being delivered."""

from html import escape

from moto.ses.models import ses_backends
from moto.sns.models import sns_backends


def sent_messages(account: str, region: str) -> dict[str, list[dict]]:
    sms = [
        {"id": message_id, "to": phone, "text": text}
        for message_id, (phone, text) in sns_backends[account][region].sms_messages.items()
    ]
    emails = [
        {
            "id": message.id,
            "from": message.source,
            "to": list(message.destinations.get("ToAddresses", [])),
            "subject": message.subject,
            "text": message.body,
        }
        for message in ses_backends[account][region].sent_messages
        if hasattr(message, "subject")
    ]
    return {"sms": sms, "emails": emails}


def outbox_page(messages: dict[str, list[dict]]) -> str:
    def rows(items: list[dict], columns: tuple[str, ...]) -> str:
        if not items:
            return "<p>Inget skickat ännu.</p>"
        head = "".join(f'<th scope="col">{escape(column)}</th>' for column in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(str(item.get(column, '')))}</td>" for column in columns) + "</tr>"
            for item in reversed(items)
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Utkorg (lokalt) – Oro</title>
<style>body{{font-family:system-ui,sans-serif;margin:clamp(.5rem,3vw,2rem);color:#1a1a1a}}
table{{border-collapse:collapse;width:100%;table-layout:fixed}}
th,td{{border:1px solid #767676;padding:.4rem;text-align:left;vertical-align:top;white-space:pre-wrap;
overflow-wrap:anywhere}}</style></head>
<body><main><h1>Utkorg</h1>
<p>Sms och e-post som systemet har skickat. Lokalt levereras inget: allt stannar här. Senaste först.
Samma innehåll som JSON: <a href="/local/outbox.json">/local/outbox.json</a>.</p>
<h2>Sms ({len(messages["sms"])})</h2>{rows(messages["sms"], ("to", "text"))}
<h2>E-post ({len(messages["emails"])})</h2>{rows(messages["emails"], ("to", "subject", "text"))}
</main></body></html>"""
