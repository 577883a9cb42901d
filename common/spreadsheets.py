"""Cells a spreadsheet program shows as text, never runs as a formula (CSV and XLSX exports).

Excel, LibreOffice and Google Sheets read a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula (a tab or carriage return first is stripped and the rest read the same way), so a
title or a name typed by anyone could compute, fetch an address or run a command in the
spreadsheet of whoever opens the export. OWASP's advice: start such a cell with an
apostrophe, which the programs hide and which keeps the text whole.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` safe for a spreadsheet cell: text that a program would read as a formula gets
    a leading apostrophe; anything else (numbers, dates, ``None``) is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def text_cell(value) -> str:
    """``value`` as the text of a CSV cell, neutralised (``None`` is an empty cell)."""
    return "" if value is None else neutralise(str(value))
