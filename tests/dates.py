"""The year of the future events that tests pin to exact dates.

A few years from today, so the events never fall into the past (an ended event shows no
registration box and leaves the upcoming list), and always a year in which 9 December is a
Monday, so the weekdays the tests expect ("Monday 9 December", "Wednesday 11 December") hold
whichever year the suite runs in. Titles and slugs such as "iurf-2030" are only names.
"""

from datetime import UTC, date, datetime
from itertools import count

MONDAY = 0


def _forum_year(*, years_ahead: int = 2) -> int:
    first = datetime.now(UTC).year + years_ahead
    return next(year for year in count(first) if date(year, 12, 9).weekday() == MONDAY)


FORUM_YEAR = _forum_year()
