"""The query parameters of every endpoint, as pydantic models that refuse unknown names.

A model per endpoint (``extra="forbid"``) is what makes ``?contry=FRA`` a 400 instead of a silent
"everything": FastAPI validates the whole query string against it. Values are checked here too (ISO days,
quad classes, page sizes), so the handlers only ever see clean values.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from eventwire.store import Filters

MAX_LIMIT = 500
MAX_OFFSET = 2**31 - 1
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: str) -> str:
    """Only full ISO days: "2024-03" or "12/03/2024" are refused rather than guessed."""
    try:
        if not _DAY.match(value):
            raise ValueError
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD") from None


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Day = Annotated[str, AfterValidator(_iso_day)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Range(_Strict):
    since: Day | None = Field(None, description="From this day (YYYY-MM-DD), inclusive.")
    until: Day | None = Field(None, description="Up to this day (YYYY-MM-DD), inclusive.")

    @model_validator(mode="after")
    def _ordered(self) -> _Range:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self


class EventFilters(_Range):
    actor: Text | None = Field(
        None, description="Participant name (substring), store entity id or actor code."
    )
    country: Code | None = Field(None, description="ISO alpha-3 (or IGO) code of a participant or the place.")
    type: Code | None = Field(None, description="PLOVER event type, e.g. CONSULT.")
    quad_class: int | None = Field(None, ge=1, le=4, description="CAMEO quad class 1-4.")
    q: Text | None = Field(None, description="Text the evidence or trigger contains.")

    def filters(self, limit: int | None = None, offset: int | None = None) -> Filters:
        return Filters(
            actor=self.actor, country=self.country, type=self.type, since=self.since, until=self.until,
            q=self.q, quad_class=self.quad_class, limit=limit, offset=offset,
        )


class _Page(_Strict):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


class EventsQuery(EventFilters, _Page):
    pass


class TimelineQuery(EventFilters):
    bucket: Literal["day", "week", "month"] = "month"


class NetworkQuery(EventFilters):
    top: int = Field(100, ge=1, le=MAX_LIMIT, description="Keep this many actors (most events first).")


class EntitiesQuery(_Page):
    q: Text | None = Field(None, description="Name substring, store entity id or actor code.")
    kind: Literal["person", "organization", "location", "group"] | None = None
    country: Code | None = None


class EntityQuery(_Strict):
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="At most this many events and quotes.")


class QuotesQuery(_Range, _Page):
    speaker: Text | None = Field(None, description="Speaker name (substring), store entity id or actor code.")
    q: Text | None = Field(None, description="Text the quote contains.")
    country: Code | None = Field(None, description="The speaker's country.")


class SpeakersQuery(_Page):
    q: Text | None = Field(None, description="Speaker name substring.")


class SearchQuery(_Range, _Page):
    q: Text = Field(description="Words, \"exact phrase\", OR, NOT, prefix*.")


class NoQuery(_Strict):
    pass
