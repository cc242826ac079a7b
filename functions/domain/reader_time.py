"""An instant as the reader reads it: in their language and the municipality's time ("i dag kl. 13.00",
"måndag 30 november kl. 08.30"). The words are the catalogues' (api.time.*); digits are Latin in every
language, as the form writes them (locales/languages.json)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from functions.domain.languages import text

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def day_and_time(instant: datetime, timezone: str, language: str, now: datetime) -> str:
    """`instant` in `timezone`, said from `now`: today and tomorrow by those words, later days by name."""
    zone = ZoneInfo(timezone)
    local, today = instant.astimezone(zone), now.astimezone(zone).date()
    clock = text(language, "api.time.clock", hours=f"{local:%H}", minutes=f"{local:%M}")
    if local.date() == today:
        return text(language, "api.time.todayAt", time=clock)
    if local.date() == today + timedelta(days=1):
        return text(language, "api.time.tomorrowAt", time=clock)
    return text(
        language,
        "api.time.dayAt",
        weekday=text(language, f"api.time.weekday.{_WEEKDAYS[local.weekday()]}"),
        day=local.day,
        month=text(language, f"api.time.month.{_MONTHS[local.month - 1]}"),
        time=clock,
    )
