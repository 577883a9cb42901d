from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.ratelimit import RateLimit, client_key
from feedback import services
from feedback.forms import DetailsForm, MoreForm, ReportForm, VoteForm, split_address
from feedback.models import PageFeedback

SIGNING_SALT = "feedback.details"
DETAILS_MAX_AGE = 60 * 60  # an hour to add details to one's own answer
VOTES = RateLimit(scope="feedback-vote", limit=20, window=600)
REPORTS = RateLimit(scope="feedback-report", limit=5, window=3600)


def _back_to(request, path):
    if path and url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()}):
        return path
    return "/"


def _too_many(request):
    return render(
        request,
        "feedback/too_many.html",
        {"message": _("You have sent a lot of feedback in a short time. Please try again later.")},
        status=429,
    )


@require_POST
def vote(request):
    form = VoteForm(request.POST)
    if not form.is_valid():
        return render(request, "feedback/invalid.html", {"form": form}, status=400)
    path, query = form.cleaned_data["path"], form.cleaned_data["query"]
    if form.is_spam():
        return redirect(_back_to(request, f"{path}?{query}" if query else path))
    if not VOTES.hit(client_key(request)):
        return _too_many(request)
    feedback = services.record_vote(
        path=path,
        query=query,
        result_count=form.cleaned_data["result_count"],
        language=request.LANGUAGE_CODE,
        useful=form.cleaned_data["useful"] == "yes",
        user=request.user,
    )
    token = signing.dumps(feedback.pk, salt=SIGNING_SALT)
    return redirect("feedback:details", token=token)


def details(request, token):
    try:
        pk = signing.loads(token, salt=SIGNING_SALT, max_age=DETAILS_MAX_AGE)
        feedback = PageFeedback.objects.get(pk=pk, kind=PageFeedback.Kind.VOTE)
    except (signing.BadSignature, PageFeedback.DoesNotExist):
        raise Http404 from None
    form_class = MoreForm if feedback.useful else DetailsForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_details(
            feedback=feedback,
            reason=form.cleaned_data.get("reason", ""),
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you for helping us improve this page."))
        return redirect(_back_to(request, feedback.address))
    return render(request, "feedback/details.html", {"form": form, "feedback": feedback})


def report(request):
    initial_path = request.GET.get("path", "/")
    try:
        path, query = split_address(initial_path)
        initial_path = f"{path}?{query}" if query else path
    except ValidationError:  # a bad ?path= falls back to the home page
        initial_path = "/"
    results = request.GET.get("results", "")
    initial = {"path": initial_path, "result_count": int(results) if results.isdigit() else None}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        path, query = form.cleaned_data["path"], form.cleaned_data["query"]
        address = f"{path}?{query}" if query else path
        if form.is_spam():
            messages.success(request, _("Thank you. Your report has been sent to the secretariat."))
            return redirect(_back_to(request, address))
        if not REPORTS.hit(client_key(request)):
            return _too_many(request)
        services.report_issue(
            path=path,
            query=query,
            result_count=form.cleaned_data["result_count"],
            language=request.LANGUAGE_CODE,
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
            contact_email=form.cleaned_data["contact_email"],
            user=request.user,
        )
        messages.success(request, _("Thank you. Your report has been sent to the secretariat."))
        return redirect(_back_to(request, address))
    return render(request, "feedback/report.html", {"form": form})
