"""Lettres de mission, the establishment's pages: overview, template, one letter and its transitions.

Views parse, authorize, call missions.letters.workflow and render. The order of the workflow is checked by the
service on every POST and shown when a page opens.
"""

import io
import zipfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from missions import permissions
from missions.events import action_label, events_about
from missions.forms.letters import CountersignForm, FreeTextForm, LetterTemplateForm, ReasonForm, SignForm
from missions.letters import signing_codes, workflow
from missions.letters.content import current_content, is_outdated, missions_by_person, outdated_ids
from missions.letters.pdf import letter_context, render_pdf
from missions.letters.tasks import start_batch
from missions.models import LetterBatch, LetterTemplate, MissionLetter
from missions.views.base import (
    breadcrumb,
    error_text,
    establishment_view,
    get_for_establishment,
    page_link,
    school_year_choices,
    selected_school_year,
    url_for_year,
)

Status = MissionLetter.Status


def request_meta(request) -> dict:
    """What the evidence keeps of the request: the address and the browser."""
    return {"ip": request.META.get("REMOTE_ADDR", ""), "user_agent": request.META.get("HTTP_USER_AGENT", "")}


def letters_crumb(request):
    return page_link(request, "letter_overview", "Lettres de mission")


def load_letter(request, pk, rule="read_letter") -> MissionLetter:
    letter = get_for_establishment(
        MissionLetter.objects.select_related("establishment", "school_year", "staff_member"), request, pk=pk
    )
    if not permissions.allows(request, rule, letter):
        raise Http404("Lettre introuvable.")  # someone else's letter does not exist for them
    return letter


def overview_url(letter) -> str:
    return url_for_year("letter_overview", letter.school_year, letter.establishment.uai)


FILTERS = {
    "": "Toutes",
    "unsigned": "Pas encore signées",
    "outdated": "Plus à jour",
    **dict(Status.choices),
}


@establishment_view("manage_letters")
def letter_overview(request):
    year = selected_school_year(request)
    letters = workflow.latest_letters(request.establishment, year)
    by_person = missions_by_person(request.establishment, year)
    outdated = outdated_ids(letters, by_person)
    counts = dict.fromkeys(Status.values, 0)
    for letter in letters:
        counts[letter.status] += 1
    chosen = request.GET.get("statut", "")
    if chosen not in FILTERS:
        chosen = ""
    shown = [
        letter
        for letter in letters
        if chosen == ""
        or (chosen == "outdated" and letter.pk in outdated)
        or (chosen == "unsigned" and letter.status == Status.SENT)
        or letter.status == chosen
    ]
    with_letter = {letter.staff_member_id for letter in letters}
    context = {
        "title": "Lettres de mission",
        "nav": "letters",
        "breadcrumb_data": breadcrumb(request, "Lettres de mission"),
        "school_year": year,
        "school_years": school_year_choices(request),
        "rows": [{"letter": letter, "outdated": letter.pk in outdated} for letter in shown],
        "counts": [(Status(value).label, value, counts[value]) for value in Status.values],
        "outdated_count": len(outdated),
        "unsigned": [letter for letter in letters if letter.status == Status.SENT],
        "without_letter": len(set(by_person) - with_letter),
        "drafts": counts[Status.DRAFT],
        "unsealed": sum(1 for letter in letters if letter.status == Status.FINAL and not letter.final_pdf),
        "sealed": sum(1 for letter in letters if letter.final_pdf),
        "filters": FILTERS.items(),
        "chosen": chosen,
        "batches": LetterBatch.objects.filter(establishment=request.establishment, school_year=year).order_by(
            "-created_at"
        )[:3],
    }
    return render(request, "missions/letters/overview.html", context)


@establishment_view("view_own_letters")
def my_establishment_letters(request):
    """The menu's "Mes lettres": one page lists them across all the person's establishments."""
    return redirect("my_letters")


@establishment_view("manage_letters")
@require_http_methods(["GET", "POST"])
def letter_template(request):
    template = LetterTemplate.objects.filter(establishment=request.establishment).first()
    template = template or LetterTemplate(establishment=request.establishment)
    form = LetterTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, "Modèle de lettre enregistré : il s'appliquera aux lettres envoyées désormais."
        )
        return redirect("letter_overview", request.establishment.uai)
    context = {
        "title": "Modèle de lettre",
        "nav": "letters",
        "breadcrumb_data": breadcrumb(request, "Modèle de lettre", letters_crumb(request)),
        "form": form,
    }
    return render(request, "missions/letters/template_form.html", context)


def confirm_page(
    request, *, title, text, button, form=None, letter=None, back=None, status=200, other_way=None
):
    context = {
        "other_way": other_way,
        "title": title,
        "nav": "letters",
        "breadcrumb_data": breadcrumb(request, title, letters_crumb(request)),
        "text": text,
        "button": button,
        "form": form,
        "letter": letter,
        "back": back or reverse("letter_overview", args=[request.establishment.uai]),
        "annee": request.GET.get("annee") or request.POST.get("annee", ""),
    }
    return render(request, "missions/letters/confirm.html", context, status=status)


@establishment_view("manage_letters")
@require_http_methods(["GET", "POST"])
def letter_generate(request):
    year = selected_school_year(request)
    if request.method == "POST":
        created = workflow.generate_drafts(request.establishment, year, actor=request.user)
        messages.success(request, f"{created} lettre(s) préparée(s) en brouillon.")
        return redirect(url_for_year("letter_overview", year, request.establishment.uai))
    return confirm_page(
        request,
        title="Préparer les lettres",
        text=f"Préparer en brouillon une lettre de mission {year} pour chaque personne qui a des missions et "
        "n'a pas encore de lettre ?",
        button="Préparer les brouillons",
    )


@establishment_view("manage_letters")
@require_http_methods(["GET", "POST"])
def letter_send_all(request):
    year = selected_school_year(request)
    drafts = [
        letter.pk
        for letter in workflow.latest_letters(request.establishment, year)
        if letter.status == Status.DRAFT
    ]
    return _batch_page(
        request,
        LetterBatch.Kind.SEND,
        year,
        drafts,
        nothing="Aucune lettre en brouillon à envoyer.",
        title="Envoyer toutes les lettres",
        text=f"Envoyer les {len(drafts)} lettre(s) en brouillon de l'année {year} ? Chacune est figée et chaque "
        "personne reçoit un courriel l'invitant à se connecter pour la signer. L'envoi se fait en arrière-plan.",
        button="Envoyer toutes les lettres",
    )


@establishment_view("manage_letters")
@require_http_methods(["GET", "POST"])
def letter_seal_all(request):
    year = selected_school_year(request)
    pending = [
        letter.pk
        for letter in workflow.latest_letters(request.establishment, year)
        if letter.status == Status.FINAL and not letter.final_pdf
    ]
    return _batch_page(
        request,
        LetterBatch.Kind.SEAL,
        year,
        pending,
        nothing="Tous les PDF définitifs sont déjà produits.",
        title="Produire les PDF définitifs",
        text=f"Produire et sceller les {len(pending)} PDF définitif(s) manquant(s) ? Cela se fait en arrière-plan.",
        button="Produire les PDF",
    )


def _batch_page(request, kind, year, letter_ids, *, nothing, title, text, button):
    """GET: a confirmation page; POST: the background batch over `letter_ids`, whose progress page follows
    (or, with nothing to do, back to the overview saying so)."""
    if request.method != "POST":
        return confirm_page(request, title=title, text=text, button=button)
    if not letter_ids:
        messages.info(request, nothing)
        return redirect(url_for_year("letter_overview", year, request.establishment.uai))
    batch = start_batch(kind, request.establishment, year, letter_ids, actor=request.user)
    return redirect("letter_batch", request.establishment.uai, batch.pk)


@establishment_view("manage_letters")
def letter_batch(request, pk):
    batch = LetterBatch.objects.filter(establishment=request.establishment, pk=pk).first()
    if batch is None:
        raise Http404("Traitement introuvable.")
    context = {
        "title": batch.get_kind_display(),
        "nav": "letters",
        "breadcrumb_data": breadcrumb(request, batch.get_kind_display(), letters_crumb(request)),
        "batch": batch,
        "running": batch.status != LetterBatch.Status.DONE,
        "percent": int(100 * (batch.done + batch.failed) / batch.total) if batch.total else 100,
        "back": url_for_year("letter_overview", batch.school_year, request.establishment.uai),
    }
    return render(request, "missions/letters/batch.html", context)


@establishment_view("manage_letters")
def letter_zip(request):
    year = selected_school_year(request)
    letters = MissionLetter.objects.filter(
        establishment=request.establishment, school_year=year, status=Status.FINAL
    ).exclude(final_pdf="")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PDFs are already compressed
        for letter in letters.select_related("staff_member"):
            person = letter.staff_member
            name = f"{person.usage_name}-{person.first_name}-v{letter.version}.pdf".replace(" ", "_")
            with letter.final_pdf.open("rb") as pdf:
                archive.writestr(name, pdf.read())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(
        True, f"lettres-de-mission-{request.establishment.uai}-{year.label}.zip"
    )
    return response


# --- one letter ------------------------------------------------------------------------------------
def versions_of(letter):
    return MissionLetter.objects.filter(
        establishment_id=letter.establishment_id,
        school_year_id=letter.school_year_id,
        staff_member_id=letter.staff_member_id,
    ).order_by("-version")


@establishment_view("view_own_letters")
def letter_detail(request, pk):
    letter = load_letter(request, pk)
    manages = "manage_letters" in request.capabilities
    outdated = is_outdated(letter)
    latest = workflow.is_latest(letter)
    own = letter.staff_member.user_id == request.user.pk
    events = [
        {"at": event.at, "label": action_label(event.action), "actor": event.actor_name, "data": event.data}
        for event in events_about(letter).order_by("at", "pk")
    ]
    context = {
        "title": str(letter),
        "nav": "letters" if manages else "my_letters",
        "breadcrumb_data": breadcrumb(request, str(letter), *([letters_crumb(request)] if manages else [])),
        **letter_context(letter, current_content(letter)),
        "outdated": outdated,
        "latest": latest,
        "manages": manages,
        "may_sign": own and letter.status == Status.SENT and latest and not outdated,
        "may_countersign": "countersign_letters" in request.capabilities
        and workflow.check_countersignable(letter) is None,
        "may_amend": manages and workflow.can_amend(letter),
        # the person sees the versions sent to them, not the direction's drafts
        "versions": versions_of(letter)
        if manages
        else versions_of(letter).exclude(status=Status.DRAFT)
        if own
        else [],
        "events": events if manages or own else [],
        "notice": workflow.SIGNATURE_NOTICE,
    }
    return render(request, "missions/letters/detail.html", context)


@establishment_view("view_own_letters")
def letter_pdf(request, pk):
    letter = load_letter(request, pk)
    filename = (
        f"lettre-de-mission-{letter.school_year.label}-{letter.staff_member.usage_name}-v{letter.version}.pdf"
    )
    if letter.final_pdf:
        return FileResponse(letter.final_pdf.open("rb"), as_attachment=True, filename=filename)
    response = HttpResponse(render_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, filename.replace(".pdf", "-projet.pdf")
    )
    return response


@establishment_view("manage_letters")
@require_http_methods(["GET", "POST"])
def letter_free_text(request, pk):
    letter = load_letter(request, pk)
    form = FreeTextForm(request.POST or None, instance=MissionLetter(free_text=letter.free_text))
    if letter.status != Status.DRAFT:
        messages.error(
            request, "Une lettre envoyée ne change plus : préparez un avenant pour modifier son texte."
        )
        return redirect("letter_detail", request.establishment.uai, letter.pk)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_free_text(letter, form.cleaned_data["free_text"], actor=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "Texte de la lettre enregistré.")
        return redirect("letter_detail", request.establishment.uai, letter.pk)
    return confirm_page(
        request,
        title="Objectifs et précisions",
        text=f"Texte propre à la lettre de {letter.staff_member.display_name} : objectifs attendus, modalités. "
        "Il est figé à l'envoi.",
        button="Enregistrer",
        form=form,
        letter=letter,
        back=reverse("letter_detail", args=[request.establishment.uai, letter.pk]),
    )


def transition(
    request, letter, *, title, text, button, action, form=None, success, problem=None, other_way=None
):
    """A confirmation page (GET) and its POST: call `action(form)` and report in French. `other_way`: a second,
    separate form under it ({"url", "button", "text"}), e.g. to receive a signing code."""
    back = reverse("letter_detail", args=[request.establishment.uai, letter.pk])
    if problem:  # the order of the workflow, enforced when the page opens
        messages.error(request, problem)
        return redirect(back)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            action(form)
        except ValidationError as error:
            if form is None:
                messages.error(request, error_text(error))
                return redirect(back)
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(back)
    return confirm_page(
        request,
        title=title,
        text=text,
        button=button,
        form=form,
        letter=letter,
        back=back,
        other_way=other_way,
    )


@establishment_view("manage_letters")
@require_http_methods(["GET", "POST"])
def letter_send(request, pk):
    letter = load_letter(request, pk)
    return transition(
        request,
        letter,
        title="Envoyer la lettre",
        text=f"Envoyer la lettre à {letter.staff_member.display_name} ? Son contenu sera figé ; la personne "
        "recevra un courriel et devra se connecter pour la signer.",
        button="Envoyer",
        action=lambda form: workflow.send_letter(letter, actor=request.user),
        success="Lettre envoyée.",
        problem=None if letter.status == Status.DRAFT else "Seule une lettre en brouillon peut être envoyée.",
    )


@establishment_view("manage_letters")
@require_http_methods(["GET", "POST"])
def letter_withdraw(request, pk):
    letter = load_letter(request, pk)
    form = ReasonForm(request.POST or None)
    return transition(
        request,
        letter,
        title="Retirer la lettre",
        text="La lettre retirée ne peut plus être signée ; elle reste lisible. Indiquez pourquoi.",
        button="Retirer la lettre",
        form=form,
        action=lambda form: workflow.withdraw_letter(
            letter, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        success="Lettre retirée.",
        problem=None
        if letter.status in {Status.SENT, Status.SIGNED}
        else "Seule une lettre envoyée et pas encore contresignée peut être retirée.",
    )


@establishment_view("manage_letters")
@require_http_methods(["GET", "POST"])
def letter_amend(request, pk):
    letter = load_letter(request, pk)
    created = {}

    def amend(form):
        created["letter"] = workflow.create_amendment(letter, actor=request.user)

    response = transition(
        request,
        letter,
        title="Créer un avenant",
        text="Préparer une nouvelle version de la lettre à partir des attributions actuelles ? La version "
        "actuelle reste lisible et inchangée.",
        button="Créer l'avenant",
        action=amend,
        success="Avenant préparé en brouillon.",
        problem=None
        if workflow.can_amend(letter)
        else "Un avenant n'est utile que si la lettre a été refusée, retirée ou n'est plus à jour.",
    )
    if "letter" in created:
        return redirect("letter_detail", request.establishment.uai, created["letter"].pk)
    return response


@establishment_view("view_own_letters")
@require_http_methods(["GET", "POST"])
def letter_sign(request, pk):
    letter = load_letter(request, pk, rule="sign_letter")
    form = SignForm(request.POST or None)
    return transition(
        request,
        letter,
        title="Signer la lettre",
        text=workflow.SIGNATURE_NOTICE,
        button="Signer la lettre",
        form=form,
        action=lambda form: workflow.sign_letter(
            letter,
            user=request.user,
            password=form.cleaned_data["password"],
            code=form.cleaned_data["code"],
            consent=form.cleaned_data["consent"],
            meta=request_meta(request),
        ),
        success="Lettre signée. La direction va la contresigner.",
        problem=workflow.check_signable(letter),
        other_way={
            "url": reverse("letter_sign_code", args=[request.establishment.uai, letter.pk]),
            "button": "Recevoir un code par courriel",
            "text": "Mot de passe oublié ? Recevez un code de signature à "
            f"{signing_codes.masked_address(request.user.email)}.",
        },
    )


@establishment_view("view_own_letters")
@require_http_methods(["GET", "POST"])
def letter_sign_code(request, pk):
    """Mail a one-time code to sign this letter (missions.letters.signing_codes), then back to the signature
    page (where a GET also leads: the code is only sent on POST)."""
    letter = load_letter(request, pk, rule="sign_letter")
    sign_page = redirect("letter_sign", request.establishment.uai, letter.pk)
    if request.method == "GET":
        return sign_page
    if problem := workflow.check_signable(letter):
        messages.error(request, problem)
        return sign_page
    try:
        signing_codes.send_signing_code(letter, request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            f"Un code de signature a été envoyé à {signing_codes.masked_address(request.user.email)} ; "
            "il vaut dix minutes.",
        )
    return sign_page


@establishment_view("view_own_letters")
@require_http_methods(["GET", "POST"])
def letter_decline(request, pk):
    letter = load_letter(request, pk, rule="sign_letter")
    form = ReasonForm(request.POST or None)
    return transition(
        request,
        letter,
        title="Refuser la lettre",
        text="Indiquez pourquoi vous refusez cette lettre ; la direction en sera informée et pourra vous en "
        "proposer une nouvelle version.",
        button="Refuser la lettre",
        form=form,
        action=lambda form: workflow.decline_letter(
            letter, user=request.user, reason=form.cleaned_data["reason"], meta=request_meta(request)
        ),
        success="Refus enregistré.",
        problem=None if letter.status == Status.SENT else "Cette lettre n'attend pas votre réponse.",
    )


@establishment_view("countersign_letters")
@require_http_methods(["GET", "POST"])
def letter_countersign(request, pk):
    letter = load_letter(request, pk)
    form = CountersignForm(request.POST or None)
    return transition(
        request,
        letter,
        title="Contresigner la lettre",
        text=workflow.SIGNATURE_NOTICE + " Le PDF définitif scellé est ensuite produit en arrière-plan.",
        button="Contresigner",
        form=form,
        action=lambda form: workflow.countersign_letter(
            letter,
            user=request.user,
            password=form.cleaned_data["password"],
            consent=form.cleaned_data["consent"],
            meta=request_meta(request),
        ),
        success="Lettre contresignée : elle est définitive.",
        problem=workflow.check_countersignable(letter),
    )
