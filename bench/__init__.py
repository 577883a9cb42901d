"""Benchmarks and synthetic data: ``make bench``, ``make bench-search``,
``make bench-registrations`` and the data they run on. Nothing in the product imports this
app; only ``forum_site/urls.py`` adds its trivial view, when ``BENCH_FLOOR_VIEW`` is on."""
