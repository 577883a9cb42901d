"""Helpers with no models that several apps share: the bottom of the dependency graph.

Nothing here imports a project app.
"""
