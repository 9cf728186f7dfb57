"""Pages outside one establishment: "Mes lettres de mission" across all of them, and the verification pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from missions.forms.letters import PublicVerifyForm, VerifyForm
from missions.letters.verification import rate_limited, verify_pdf
from missions.models import MissionLetter
from missions.views.base import my_establishments


@login_required
def my_letters(request):
    """Every letter addressed to the user, in the establishments where they still hold a role."""
    letters = (
        MissionLetter.objects.filter(
            staff_member__user=request.user, establishment__in=my_establishments(request)
        )
        .exclude(status=MissionLetter.Status.DRAFT)
        .select_related("establishment", "school_year", "staff_member")
        .order_by("-school_year__start_year", "establishment__name", "-version")
    )
    context = {"title": "Mes lettres de mission", "nav": "my_letters", "letters": letters}
    return render(request, "missions/letters/mine.html", context)


def read_upload(form) -> bytes:
    upload = form.cleaned_data["document"]
    return b"".join(upload.chunks())


@login_required
@require_http_methods(["GET", "POST"])
def letter_verify(request):
    """Signed-in check of a PDF: our seal, intact, and which letter, version and status it is."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    verdict = verify_pdf(read_upload(form)) if request.method == "POST" and form.is_valid() else None
    context = {"title": "Vérifier une lettre de mission", "form": form, "verdict": verdict, "public": False}
    return render(request, "missions/letters/verify.html", context)


@require_http_methods(["GET", "POST"])
def public_verification(request):
    """Without an account (the rectorat's paying service): code + file → authentic or not, status and date.

    Nothing is shown beyond what the file itself says; the page is rate-limited per address.
    """
    form = PublicVerifyForm(
        request.POST or None, request.FILES or None, initial={"code": request.GET.get("code")}
    )
    verdict, limited = None, False
    if request.method == "POST" and form.is_valid():
        limited = rate_limited(request.META.get("REMOTE_ADDR"))
        if not limited:
            verdict = verify_pdf(read_upload(form), code=form.cleaned_data["code"])
    context = {
        "title": "Vérifier l'authenticité d'une lettre de mission",
        "form": form,
        "verdict": verdict,
        "public": True,
        "limited": limited,
    }
    return render(request, "missions/letters/verify.html", context, status=429 if limited else 200)
