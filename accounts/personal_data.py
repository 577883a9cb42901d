"""The parts of a person's data download that apps above this one keep.

The download is made by the registrations app; apps above it (which it cannot import) add
their part here when they start (``AppConfig.ready``)."""

from collections.abc import Callable

_sections: list[Callable] = []


def add_section(section: Callable) -> Callable:
    """Register ``section(user) -> dict`` whose keys join the download."""
    if section not in _sections:
        _sections.append(section)
    return section


def collect(*, user) -> dict:
    data: dict = {}
    for section in _sections:
        data.update(section(user))
    return data
