"""German dates: "13. Juli 2025", "Februar 2022", "2024"."""

from __future__ import annotations

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni",
          "Juli", "August", "September", "Oktober", "November", "Dezember")


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
