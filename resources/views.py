import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.spreadsheets import text_cell
from resources import selectors, services
from resources.filters import ResourceFilter
from resources.forms import KNOWN_LINK, SubmissionForm
from resources.models import Resource
from resources.search.page import search_library
from resources.search.query import ordered_matches
from resources.structured_data import link_preview

EXPORT_LIMIT = 5000


@require_GET
def search(request):
    filterset = ResourceFilter(request.GET, queryset=Resource.objects.published())
    result = search_library(filterset, page=request.GET.get("page"))
    services.log_search(result)
    return render(
        request,
        "resources/search.html",
        # The page-feedback form sends the count along, so the secretariat sees which search
        # disappointed.
        {"result": result, "form": filterset.form, "feedback_result_count": result.total},
    )


@require_GET
def open_resource(request, pk):
    """Follow a published resource's link, counting it for the figures (a number per day)."""
    resource = get_object_or_404(Resource.objects.published().exclude(url=""), pk=pk)
    services.record_open(resource=resource)
    return redirect(resource.url)


@require_GET
def detail(request, slug):
    resources = Resource.objects.with_publishers().prefetch_related("topics")
    if not request.user.is_staff:
        resources = resources.published()
    resource = get_object_or_404(resources, slug=slug)
    return render(
        request,
        "resources/detail.html",
        {
            "resource": resource,
            "publishers": selectors.other_resources_by_publisher(resource),
            "related": selectors.related_resources(resource),
            "link_preview": link_preview(resource, absolute=request.build_absolute_uri),
        },
    )


def _export_rows(request):
    filterset = ResourceFilter(request.GET, queryset=Resource.objects.published())
    resources = ordered_matches(filterset).with_publishers().prefetch_related("topics")
    for resource in resources[:EXPORT_LIMIT]:
        yield {
            "title": resource.title,
            "url": resource.url,
            "publishers": [organization.name for organization in resource.ordered_publishers],
            "kind": resource.kind,
            "published": resource.published_on.isoformat() if resource.published_on else None,
            "date_precision": resource.date_precision,
            "topics": [topic.name for topic in resource.topics.all()],
            "countries": resource.countries,
            "languages": resource.languages,
            "page": request.build_absolute_uri(resource.get_absolute_url()),
            "link_broken": resource.is_broken,
            "archive_url": resource.archive_url if resource.is_broken else "",
        }


@require_GET
def export(request, fmt):
    """The current search (same parameters as the search page) as CSV or JSON."""
    rows = list(_export_rows(request))
    stamp = timezone.now().strftime("%Y%m%d")
    if fmt == "json":
        response = JsonResponse(
            {"count": len(rows), "results": rows}, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response)
        writer.writerow(rows[0].keys() if rows else ["title", "url", "publishers"])
        for row in rows:
            writer.writerow(
                [
                    text_cell("; ".join(value) if isinstance(value, list) else value)
                    for value in row.values()
                ]
            )
    response["Content-Disposition"] = f'attachment; filename="resources-{stamp}.{fmt}"'
    return response


@login_required
def submit(request):
    form = SubmissionForm(request.POST or None)
    if request.method == "POST":
        try:
            services.check_submission_rate(user=request.user)
        except services.SubmissionRateLimited:
            form.is_valid()
            form.add_error(
                None,
                _(
                    "You have proposed %(count)d resources in the last hour. Please wait a "
                    "little before proposing more."
                )
                % {"count": services.SUBMISSIONS_PER_HOUR},
            )
        else:
            if form.is_valid():
                try:
                    services.submit_resource(
                        user=request.user,
                        **{name: form.cleaned_data[name] for name in form.fields},
                    )
                except ValidationError as error:
                    if "url" in getattr(error, "error_dict", {}):
                        # The same link proposed a moment earlier: the model's message would
                        # name the other proposal.
                        form.add_error("url", KNOWN_LINK)
                    else:
                        form.add_error(None, error.messages)
                except services.SubmissionRateLimited:
                    form.add_error(None, _("Please wait a little before proposing more."))
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you. The secretariat will review your proposal and tell "
                            "you by e-mail."
                        ),
                    )
                    return redirect("resources:submit")
    proposals = request.user.submitted_resources.order_by("-created_at")[:20]
    return render(request, "resources/submit.html", {"form": form, "proposals": proposals})
