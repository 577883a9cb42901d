from django.http import HttpResponse


def floor(request):
    """A trivial page (no database, no template) that ``make bench`` compares pages with."""
    return HttpResponse("floor", content_type="text/plain")
