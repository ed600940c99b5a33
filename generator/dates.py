"""German dates: "13. Juli 2025", "Februar 2022", "2024"; and the ISO date meant by one an editor typed."""

from __future__ import annotations

import os
import re
from datetime import date as Date, datetime, timezone

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni",
          "Juli", "August", "September", "Oktober", "November", "Dezember")


def today() -> Date:
    """The day an import or `dossier new` records (`added`, `updated`): today, or the day of
    SOURCE_DATE_EPOCH when it is set (reproducible imports, tests). Builds never ask the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).date()
    return Date.today()


def german_date(iso: str | None) -> str:
    """Format a full or partial ISO date ('2025-07-13', '2022-02', '2024') the German way."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])}. {month} {parts[0]}"


_NUMERIC = re.compile(r"^(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4})$|^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s*\.?\s+)?([A-Za-zÄäÖöÜü]+)\.?\s+(\d{4})$")
_MONTH_NUMBERS = {name.casefold()[:3]: n for n, name in enumerate(MONTHS, start=1)}


def iso_guess(value: str) -> str | None:
    """The ISO date an editor meant by a German or padded-less date: '10.06.2025', '13. Juli 2025',
    '2025-6-1' -> '2025-06-10', '2025-07-13', '2025-06-01'; 'Juli 2025' -> '2025-07'. None if unsure
    or no such day."""
    value = value.strip()
    if numeric := _NUMERIC.match(value):
        day, month, year = numeric.group(1, 2, 3) if numeric.group(1) else numeric.group(6, 5, 4)
    elif words := _WORDS.match(value):
        day, name, year = words.groups()
        month = _MONTH_NUMBERS.get(name.casefold()[:3])
        if month is None or (len(name) > 3 and not MONTHS[month - 1].casefold().startswith(name.casefold())):
            return None
    else:
        return None
    try:
        Date(int(year), int(month), int(day or 1))
    except ValueError:
        return None
    return f"{int(year):04d}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
