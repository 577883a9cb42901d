"""The machine's description and the results file (``bench/results.md``) with its tables."""

import os
import platform
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    load_1, load_5, load_15 = os.getloadavg()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "PostgreSQL": postgres,
        "load average before the run": f"{load_1:.2f}, {load_5:.2f}, {load_15:.2f}",
    }


# A fixed piece of pure Python, timed to tell how fast the machine runs at that moment: on
# these shared virtual machines the same code's time moved by a factor of up to four between
# sessions and from minute to minute.
REFERENCE_ADDITIONS = 2_000_000


def reference_loop_ms() -> float:
    """The fastest of three runs of the reference loop, in ms (the less, the faster)."""
    best = float("inf")
    for _run in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(REFERENCE_ADDITIONS):
            total += number
        best = min(best, time.perf_counter() - started)
    return best * 1000


def cpu_ticks() -> tuple[int, int]:
    """(stolen, all) clock ticks of the machine's cores so far, from /proc/stat: the time the
    hypervisor gave to other machines while this one had work to run, and all time."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except (OSError, IndexError):
        return 0, 0
    ticks = [int(value) for value in fields[:8]]
    return ticks[7] if len(ticks) > 7 else 0, sum(ticks)


def speed_line(loop_before: float, ticks_before: tuple[int, int]) -> str:
    """The machine's speed around a run: the reference loop before and after, and the share of
    the cores' time stolen by the hypervisor during the run."""
    stolen_before, all_before = ticks_before
    stolen, everything = cpu_ticks()
    share = (stolen - stolen_before) / max(1, everything - all_before)
    return (
        f"the machine's speed: a reference loop of Python ({REFERENCE_ADDITIONS:,} additions) "
        f"took {loop_before:.0f} ms before the run and {reference_loop_ms():.0f} ms after it "
        f"(the less, the faster); the hypervisor took {share:.0%} of the cores' time during "
        "the run (steal)"
    )


@dataclass
class Target:
    what: str
    figure: str
    met: bool


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Results:
    machine: dict[str, str]
    setup: list[str]
    sections: list[Section]
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Sections other commands write (section_markdown), kept as they are at the end.
    appendix: list[str] = field(default_factory=list)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    first = [header[0].ljust(widths[0])] + [
        cell.rjust(width) for cell, width in zip(header[1:], widths[1:], strict=True)
    ]
    lines = ["  ".join(first)]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def results_markdown(results: Results) -> str:
    met = sum(target.met for target in results.targets)
    parts = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python manage.py bench`); run it again to replace this file.",
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in results.machine.items()],
        "",
        "## Set-up",
        "",
        *[f"- {line}" for line in results.setup],
        "",
        *[
            line
            for section in results.sections
            for line in (
                f"## {section.title}",
                "",
                markdown_table(section.header, section.rows),
                "",
            )
        ],
        f"## Targets ({met} of {len(results.targets)} met)",
        "",
        markdown_table(
            ["target", "measured", "result"],
            [[t.what, t.figure, "pass" if t.met else "FAIL"] for t in results.targets],
        ),
    ]
    if results.notes:
        parts += ["", "## Notes", "", *[f"- {note}" for note in results.notes]]
    for section in results.appendix:
        parts += ["", section.rstrip("\n")]
    return "\n".join(parts) + "\n"


def write_results(path: Path, results: Results) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(results_markdown(results), encoding="utf-8")


def section_markdown(title: str, lines: list[str], tables: list[Section]) -> str:
    """A section of its own (``## title``), with its tables as ``###`` sub-sections."""
    parts = [f"## {title}", "", *lines, ""]
    for table in tables:
        parts += [f"### {table.title}", "", markdown_table(table.header, table.rows), ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def existing_section(path: Path, title: str) -> str | None:
    """The section ``## title`` of the results file, up to the next ``## `` heading."""
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    start = text.find(f"\n## {title}\n")
    if start < 0:
        return None
    end = text.find("\n## ", start + 1)
    return text[start + 1 : end + 1 if end >= 0 else len(text)].rstrip("\n") + "\n"


def write_section(path: Path, title: str, markdown: str) -> None:
    """Put a section into the results file in place of its earlier version, or at the end;
    the rest of the file stays as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(
            "# Benchmark results\n\nRun `make bench` for the other sections.\n\n" + markdown,
            encoding="utf-8",
        )
        return
    text = path.read_text(encoding="utf-8")
    earlier = existing_section(path, title)
    if earlier is not None:
        text = text.replace(earlier, markdown, 1)
    else:
        text = text.rstrip("\n") + "\n\n" + markdown
    path.write_text(text, encoding="utf-8")
