"""Forms of the CA pages: the conseil pédagogique's avis, presenting, a question, an answer, the vote."""

from django import forms

from missions import clock
from missions.forms.base import DateInput, DsfrForm
from missions.forms.layout import Column, Layout, Row
from missions.models import BoardSettings, BoardVote


class CouncilAvisForm(DsfrForm):
    prefix = "avis"

    given_on = forms.DateField(label="Date du conseil pédagogique", widget=DateInput)
    text = forms.CharField(
        label="Avis du conseil pédagogique",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Tel qu'il figure au relevé de conclusions.",
    )


class PresentForm(DsfrForm):
    prefix = "presenter"

    meeting_date = forms.DateField(
        label="Date de la séance du conseil d'administration",
        widget=DateInput,
        help_text="La version est figée et chaque membre du CA en cours de mandat reçoit un lien par courriel.",
    )


class QuestionForm(DsfrForm):
    text = forms.CharField(
        label="Votre question",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text="Elle est visible des membres du CA et du chef d'établissement, et figure en annexe du dossier.",
    )


class AnswerForm(DsfrForm):
    text = forms.CharField(label="Réponse", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class VoteForm(DsfrForm):
    prefix = "vote"

    voted_on = forms.DateField(label="Date du vote", widget=DateInput)
    members_present = forms.IntegerField(label="Membres présents ou représentés", min_value=1, max_value=60)
    votes_for = forms.IntegerField(label="Pour", min_value=0, max_value=60)
    votes_against = forms.IntegerField(label="Contre", min_value=0, max_value=60)
    abstentions = forms.IntegerField(label="Abstentions", min_value=0, max_value=60)
    result = forms.ChoiceField(label="Avis du conseil d'administration", choices=BoardVote.Result.choices)
    act_reference = forms.CharField(
        label="Référence de l'acte",
        max_length=100,
        help_text="Ex. acte n° 2026-14, transmis au contrôle de légalité.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"voted_on": clock.today()})
        super().__init__(*args, **kwargs)

    def get_layout(self):
        return Layout(
            Row(Column("voted_on", md=6), Column("members_present", md=6)),
            Row(Column("votes_for", md=4), Column("votes_against", md=4), Column("abstentions", md=4)),
            "result",
            "act_reference",
        )


class DecisionForm(DsfrForm):
    decision = forms.ChoiceField(
        label="Décision du chef d'établissement",
        choices=[("confirm", "Arrêter la répartition votée"), ("revise", "Réviser la répartition")],
        widget=forms.RadioSelect,
    )


class DisplayForm(DsfrForm):
    person_display = forms.ChoiceField(
        label="Dans le dossier du CA, les personnes apparaissent par",
        choices=BoardSettings.PersonDisplay.choices,
        widget=forms.RadioSelect,
        help_text="S'applique aux prochaines versions présentées ; une version présentée ne change plus.",
    )
