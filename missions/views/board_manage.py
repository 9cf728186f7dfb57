"""The head's CA pages (capability manage_board): the conseil pédagogique's avis, presenting a version, read
receipts, answers to questions, the vote, confirming or revising, how people appear in the pack."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from missions.forms.board import AnswerForm, CouncilAvisForm, DecisionForm, DisplayForm, PresentForm, VoteForm
from missions.models import BoardQuestion
from missions.services import board, board_members, board_questions
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
from missions.views.board import board_crumb

State = board.State


def manage_url(request, year):
    return url_for_year("board_manage", year, request.establishment.uai)


def manage_crumb(request):
    return page_link(request, "board_manage", "Préparer le CA")


@establishment_view("manage_board")
@require_GET
def board_manage(request):
    year = selected_school_year(request)
    cycle = board.existing_cycle(request.establishment, year)
    version = board.latest_version(cycle)
    questions = (
        BoardQuestion.objects.filter(version__cycle=cycle)
        .select_related("version", "asked_by", "answered_by")
        .order_by("answered_at", "asked_at")
        if cycle
        else []
    )
    context = {
        "school_year": year,
        "school_years": school_year_choices(request),
        "cycle": cycle,
        "state": cycle.state if cycle else State.DRAFT,
        "state_label": cycle.get_state_display() if cycle else State.DRAFT.label,
        "latest": version,
        "avis": board.latest_avis(cycle),
        "changed": board.changed_since_presented(cycle) if cycle else False,
        "receipts": board_questions.receipts_by_version(cycle),
        "questions": questions,
        "members": board_members.members_in_term(request.establishment, year),
        "person_display": board.person_display(request.establishment),
        "avis_form": CouncilAvisForm(),
        "present_form": PresentForm(),
        "vote_form": VoteForm(),
        "display_form": DisplayForm(initial={"person_display": board.person_display(request.establishment)}),
        "State": State,
        "title": "Préparer le conseil d'administration",
        "nav": "board",
        "breadcrumb_data": breadcrumb(request, "Préparer le CA", board_crumb(request)),
    }
    return render(request, "missions/board/manage.html", context)


def action_page(request, form, *, title, intro, submit, year, step):
    """GET shows the form alone; POST runs `step(cleaned_data)` and goes back to the head's page."""
    if request.method == "POST" and form.is_valid():
        try:
            done = step(form.cleaned_data)
        except board.BoardRefused as refusal:
            form.add_error(None, error_text(refusal))
        else:
            messages.success(request, done)
            return redirect(manage_url(request, year))
    context = {
        "form": form,
        "school_year": year,
        "intro": intro,
        "submit": submit,
        "cancel_url": manage_url(request, year),
        "title": title,
        "nav": "board",
        "breadcrumb_data": breadcrumb(request, title, board_crumb(request), manage_crumb(request)),
    }
    return render(request, "missions/board/action.html", context, status=400 if form.errors else 200)


@establishment_view("manage_board")
@require_http_methods(["GET", "POST"])
def board_avis(request):
    year = selected_school_year(request)

    def step(data):
        cycle = board.cycle_for(request.establishment, year)
        board.record_council_avis(cycle, given_on=data["given_on"], text=data["text"], actor=request.user)
        return "L'avis du conseil pédagogique est enregistré."

    return action_page(
        request,
        CouncilAvisForm(request.POST or None),
        title="Avis du conseil pédagogique",
        intro="La répartition est présentée au conseil d'administration après avis du conseil pédagogique "
        "(décret n° 2015-475, art. 3).",
        submit="Enregistrer l'avis",
        year=year,
        step=step,
    )


@establishment_view("manage_board")
@require_http_methods(["GET", "POST"])
def board_present(request):
    year = selected_school_year(request)

    def step(data):
        cycle = board.cycle_for(request.establishment, year)
        version = board.present(
            cycle,
            meeting_date=data["meeting_date"],
            actor=request.user,
            base_url=request.build_absolute_uri("/"),
        )
        count = len(board_members.members_in_term(request.establishment, year, version.meeting_date))
        return f"Version {version.number} présentée : {count} membre(s) du CA convoqué(s) par courriel."

    return action_page(
        request,
        PresentForm(request.POST or None),
        title="Présenter la répartition au CA",
        intro="La répartition est figée telle qu'elle est maintenant (une nouvelle version numérotée, avec son "
        "empreinte SHA-256) ; les modifications ultérieures feront une nouvelle version.",
        submit="Figer et présenter",
        year=year,
        step=step,
    )


@establishment_view("manage_board")
@require_http_methods(["GET", "POST"])
def board_vote(request):
    year = selected_school_year(request)

    def step(data):
        version = board.latest_version(board.existing_cycle(request.establishment, year))
        if version is None:
            raise board.BoardRefused("Aucune version n'a été présentée au conseil d'administration.")
        board.record_vote(version, actor=request.user, **data)
        return f"Le vote du CA sur la version {version.number} est enregistré."

    return action_page(
        request,
        VoteForm(request.POST or None),
        title="Vote du conseil d'administration",
        intro="Le vote porte sur la dernière version présentée. L'avis du CA est consultatif : vous arrêterez "
        "ensuite la répartition, ou la réviserez.",
        submit="Enregistrer le vote",
        year=year,
        step=step,
    )


@establishment_view("manage_board")
@require_http_methods(["GET", "POST"])
def board_decide(request):
    year = selected_school_year(request)

    def step(data):
        cycle = board.existing_cycle(request.establishment, year)
        if cycle is None:
            raise board.BoardRefused(
                "La répartition n'a pas encore été présentée au conseil d'administration."
            )
        if data["decision"] == "confirm":
            board.confirm(cycle, actor=request.user)
            return "La répartition est arrêtée : les attributions de l'année sont verrouillées."
        board.revise(cycle, actor=request.user)
        return "La répartition est rouverte : modifiez-la puis présentez une nouvelle version au CA."

    return action_page(
        request,
        DecisionForm(request.POST or None),
        title="Arrêter ou réviser la répartition",
        intro="Arrêtée, la répartition ne peut plus être modifiée sans être présentée de nouveau au CA.",
        submit="Valider la décision",
        year=year,
        step=step,
    )


@establishment_view("manage_board")
@require_http_methods(["GET", "POST"])
def board_display(request):
    year = selected_school_year(request)

    def step(data):
        board.set_person_display(request.establishment, data["person_display"], actor=request.user)
        return "Le réglage est enregistré ; il s'appliquera à la prochaine version présentée."

    return action_page(
        request,
        DisplayForm(
            request.POST or None, initial={"person_display": board.person_display(request.establishment)}
        ),
        title="Les personnes dans le dossier du CA",
        intro="Le CA a besoin de la répartition par mission, pas forcément des noms : choisissez comment les "
        "personnes apparaissent.",
        submit="Enregistrer",
        year=year,
        step=step,
    )


@establishment_view("manage_board")
@require_http_methods(["GET", "POST"])
def board_answer(request, pk):
    question = get_for_establishment(
        BoardQuestion.objects.select_related("version__cycle__school_year", "asked_by"), request, pk=pk
    )
    year = question.version.cycle.school_year

    def step(data):
        board_questions.answer_question(question, text=data["text"], actor=request.user)
        return "La réponse est publiée pour les membres du CA."

    return action_page(
        request,
        AnswerForm(request.POST or None, initial={"text": question.answer}),
        title="Répondre à une question",
        intro=f"Question de {question.asked_by.get_full_name() or question.asked_by.email} sur la version "
        f"{question.version.number} : « {question.text} »",
        submit="Publier la réponse",
        year=year,
        step=step,
    )
