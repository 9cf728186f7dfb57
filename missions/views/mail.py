"""The establishment's mails not sent (capability manage_staff): failed or waiting, sent again on demand."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from missions.models import OutgoingEmail
from missions.services import mail
from missions.views.base import breadcrumb, establishment_view, get_for_establishment


@establishment_view("manage_staff")
def email_list(request):
    title = "Courriels non envoyés"
    context = {
        "emails": mail.unsent_emails(request.establishment)[:200],
        "title": title,
        "nav": "home",
        "breadcrumb_data": breadcrumb(request, title),
    }
    return render(request, "missions/mail/email_list.html", context)


@establishment_view("manage_staff")
@require_http_methods(["GET", "POST"])
def email_retry(request, pk):
    """POST sends the mail again; GET (a link followed by mistake) goes back to the list."""
    email = get_for_establishment(OutgoingEmail.objects.all(), request, pk=pk)
    if request.method == "POST":
        mail.retry(email)
        messages.success(
            request,
            f"Le courriel à {email.to} est renvoyé. S'il échoue encore, il reste dans cette liste avec l'erreur.",
        )
    return redirect("email_list", uai=request.establishment.uai)
