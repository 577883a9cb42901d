"""The library's search."""
