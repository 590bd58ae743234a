"""Recurring series: a repeat rule in the practice's timezone whose occurrences are booked as
appointments up to a horizon that moves forward as time passes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from practicerunner.domain.base import Actor, PracticeAggregate, natural_id
from practicerunner.domain.errors import RuleViolation
from practicerunner.domain.scheduling.recurrence import (
    Occurrence,
    RecurrenceRule,
    expand,
    series_start_for,
    split_at,
)


class RecurringSeries(PracticeAggregate):
    """A repeat rule in the practice's timezone whose occurrences are booked as appointments
    up to a horizon that moves forward as time passes."""

    def __init__(
        self,
        practice_id: str,
        case_id: str,
        provider_id: str,
        service_id: str,
        location_id: str,
        room_id: str | None,
        session_format: str,
        supervisor_id: str | None,
        rule: str,
        first_start: datetime,
        duration_minutes: int,
        timezone: str,
        continues_series_id: str | None,
    ) -> None:
        self.practice_id = practice_id
        self.case_id = case_id
        self.provider_id = provider_id
        self.service_id = service_id
        self.location_id = location_id
        self.room_id = room_id
        self.session_format = session_format
        self.supervisor_id = supervisor_id
        self.rule = rule
        self.first_start = first_start
        self.duration_minutes = duration_minutes
        self.timezone = timezone
        self.continues_series_id = continues_series_id
        self.continued_by: str | None = None
        self.materialized_until: datetime | None = None
        self.occurrences: dict[str, str] = {}  # recurrence id (UTC ISO) -> appointment id
        self.skipped: list[str] = []
        self.ended = False  # replaced from its first occurrence on

    @property
    def recurrence_rule(self) -> RecurrenceRule:
        return RecurrenceRule.parse(self.rule)

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def local_first_start(self) -> datetime:
        """First start as a wall time in the series zone, as the recurrence module wants it."""
        from zoneinfo import ZoneInfo

        return self.first_start.astimezone(ZoneInfo(self.timezone))

    class Started(PracticeAggregate.Created):
        practice_id: str
        case_id: str
        provider_id: str
        service_id: str
        location_id: str
        room_id: str | None
        session_format: str
        supervisor_id: str | None
        rule: str
        first_start: datetime
        duration_minutes: int
        timezone: str
        continues_series_id: str | None

    class OccurrencesBooked(PracticeAggregate.Event):
        until: datetime
        occurrences: dict[str, str]
        skipped: list[str]

        def apply(self, series: RecurringSeries) -> None:
            series.materialized_until = self.until
            series.occurrences.update(self.occurrences)
            series.skipped.extend(self.skipped)

    class Truncated(PracticeAggregate.Event):
        """The series ends before ``from_recurrence_id``; a new series may continue it."""

        rule: str
        from_recurrence_id: datetime
        continued_by: str | None

        def apply(self, series: RecurringSeries) -> None:
            series.rule = self.rule
            series.continued_by = self.continued_by
            series.ended = self.from_recurrence_id <= series.first_start
            cut = self.from_recurrence_id.isoformat()
            series.occurrences = {k: v for k, v in series.occurrences.items() if k < cut}

    @classmethod
    def start(
        cls,
        *,
        id: UUID,
        practice_id: str,
        case_id: str,
        provider_id: str,
        service_id: str,
        location_id: str,
        room_id: str | None,
        session_format: str,
        supervisor_id: str | None,
        rule: RecurrenceRule,
        first_start: datetime,
        duration_minutes: int,
        timezone: str,
        by: Actor,
        at: datetime | None,
        continues_series_id: str | None = None,
    ) -> RecurringSeries:
        return cls._start(
            cls.Started,
            id=id,
            by=by,
            at=at,
            practice_id=practice_id,
            case_id=case_id,
            provider_id=provider_id,
            service_id=service_id,
            location_id=location_id,
            room_id=room_id,
            session_format=session_format,
            supervisor_id=supervisor_id,
            rule=str(rule),
            first_start=first_start.astimezone(UTC),
            duration_minutes=duration_minutes,
            timezone=timezone,
            continues_series_id=continues_series_id,
        )

    @staticmethod
    def occurrence_id(series_id: UUID | str, recurrence_id: datetime) -> UUID:
        """Each occurrence's appointment has a deterministic id: booking one twice fails."""
        return natural_id("series-occurrence", series_id, recurrence_id.astimezone(UTC).isoformat())

    def occurrences_to_book(self, until: datetime) -> list[Occurrence]:
        """Occurrences after the current horizon up to ``until`` (exclusive)."""
        if self.ended:
            return []
        lower = self.materialized_until or self.first_start
        return expand(
            self.recurrence_rule,
            self.local_first_start,
            self.duration,
            self.timezone,
            window_start=lower,
            window_end=until,
            limit=1000,
        )

    def book_occurrences(
        self,
        until: datetime,
        booked: dict[str, str],
        skipped: list[str],
        by: Actor,
        at: datetime | None,
    ) -> None:
        if self.materialized_until is not None and until <= self.materialized_until:
            return
        self._happen(
            self.OccurrencesBooked, by, at, until=until, occurrences=booked, skipped=skipped
        )

    def split(
        self, recurrence_id: datetime, continued_by: str | None, by: Actor, at: datetime | None
    ) -> tuple[RecurrenceRule, datetime]:
        """Ends this series before ``recurrence_id``; returns the remainder's rule and first
        start (for a continuing series)."""
        if self.continued_by is not None or self.ended:
            raise RuleViolation("This series was already split; edit the series that continues it.")
        rule = self.recurrence_rule
        start = series_start_for(rule, self.local_first_start, self.timezone, recurrence_id)
        if recurrence_id.astimezone(UTC) == self.first_start:
            # From the first occurrence on: the whole series is replaced (or ended).
            before, remainder = rule, rule
        else:
            before, remainder = split_at(rule, self.local_first_start, self.timezone, recurrence_id)
        self._happen(
            self.Truncated,
            by,
            at,
            rule=str(before),
            from_recurrence_id=recurrence_id.astimezone(UTC),
            continued_by=continued_by,
        )
        return remainder, start

    def appointment_ids_from(self, recurrence_id: datetime) -> list[str]:
        cut = recurrence_id.astimezone(UTC).isoformat()
        return [a for r, a in sorted(self.occurrences.items()) if r >= cut]

    def as_summary(self) -> dict[str, Any]:
        return {"rule": self.rule, "timezone": self.timezone, "first_start": self.first_start}
