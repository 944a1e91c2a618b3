"""The winners' pages (R-26): the winner's invitation, HR's page of a list, and the public lists of R-26.8.

Thin: each view finds what the reader may see (selectors: 404 otherwise), calls one service and says what
happened. Irreversible acts (consent, refusal, invitation) go through a confirmation page; the service
re-checks the state under its lock, so a second click changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.views import _private_file  # the one way a private file leaves the portal
from recruitment.permissions import hr_required, is_hr_of
from scoring.selectors import names_by_application, published_evaluation

from . import rules, selectors, services
from .choices import (
    HR_REMOVABLE_STATES,
    InvitationOutcome,
    ListState,
    ReasonableCause,
    RemovalReason,
    WinnerState,
)
from .models import Invitation, Post


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _data(request, files=False):
    """What a form is bound to: the POST (and its files), or nothing on a GET."""
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


def _confirmed(
    request,
    *,
    back: str,
    act: Callable[[], Any],
    success: str | Callable[[Any], str],
    page: dict[str, Any],
    form: forms.Form | None = None,
    template: str = "winners/confirm.html",
) -> HttpResponse:
    """An irreversible act: the confirmation page (``page``: its title, position, consequences, action_url,
    hidden fields) until a POST with ``confirm=yes`` (and ``form`` valid, if any); then ``act()`` (the service
    re-checks the state under its lock), its refusal or ``success`` (a text, or a function of what ``act``
    returned) as a message, and back to ``back``."""
    if (
        request.method == "POST"
        and request.POST.get("confirm") == "yes"
        and (form is None or form.is_valid())
    ):
        try:
            done = act()
        except ValidationError as exc:
            _errors(request, exc)
            return redirect(back)
        messages.success(request, success(done) if callable(success) else success)
        return redirect(back)
    return render(request, template, {"hidden": {}, **page, "form": form, "back_url": back})


def _form_page(
    request,
    form: forms.Form,
    *,
    back: str,
    act: Callable[[dict[str, Any]], Any],
    success: str,
    page: dict[str, Any],
    template: str = "winners/form.html",
) -> HttpResponse:
    """A form (``page``: the rest of the template's context) until it is valid and ``act(cleaned_data)`` (the
    service) accepts it: then ``success`` as a message and back to ``back``; the service's refusal is shown
    on the form."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success)
            return redirect(back)
    return render(request, template, {**page, "form": form, "back_url": back})


def _today(winners_list):
    return timezone.localtime(timezone.now(), winners_list.position.announcement.institution.tzinfo).date()


def _consent_text(invitation: Invitation, post: Post) -> str:
    return _(
        "I, the winner number %(rank)s of the competition “%(position)s” (%(reference)s), choose the post "
        "“%(post)s” and give my consent in writing to be appointed to it (R-26.3)."
    ) % {
        "rank": invitation.winner.rank,
        "position": invitation.winner.winners_list.position.title,
        "reference": invitation.winner.winners_list.position.announcement.reference,
        "post": post,
    }


class CauseForm(forms.Form):
    cause = forms.ChoiceField(
        label=gettext_lazy("Reasonable cause (R-26.6)"), choices=ReasonableCause.choices
    )
    note = forms.CharField(
        label=gettext_lazy("Details (the medical document or other proof is handed to HR)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    postponed_until = forms.DateField(
        label=gettext_lazy("Date from which you can choose (at most 3 months later, R-26.5)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class PaperConsentForm(forms.Form):
    post = forms.ModelChoiceField(label=gettext_lazy("Post chosen"), queryset=Post.objects.none())
    consented_on = forms.DateField(
        label=gettext_lazy("Date of the written consent"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scan = forms.FileField(label=gettext_lazy("Scan of the signed consent (PDF)"))


class PostForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the post"), max_length=500)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=255, required=False)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=255, required=False)
    available_from = forms.DateField(
        label=gettext_lazy("Vacant from"), widget=forms.DateInput(attrs={"type": "date"})
    )


# --- the winner ----------------------------------------------------------------------------------------


@login_required
@require_GET
def invitation(request, pk):
    """The winner's invitation: the vacant posts to choose from, consent, refusal, a reasonable cause."""
    invitation = selectors.invitation_for_winner(user=request.user, pk=pk)
    winners_list = invitation.winner.winners_list
    is_open = invitation.outcome == InvitationOutcome.OPEN and rules.answer_in_time(
        invitation.respond_by, timezone.now()
    )
    return render(
        request,
        "winners/invitation.html",
        {
            "invitation": invitation,
            "winner": invitation.winner,
            "winners_list": winners_list,
            "position": winners_list.position,
            "posts": list(selectors.vacant_posts(winners_list, _today(winners_list))) if is_open else [],
            "is_open": is_open,
            "cause_form": CauseForm(),
        },
    )


@require_POST  # first: a GET is refused before anything is read
@login_required
def invitation_consent(request, pk):
    """POST the chosen post: the confirmation page; POST again with ``confirm``: the consent in writing."""
    invitation = selectors.invitation_for_winner(user=request.user, pk=pk)
    winners_list = invitation.winner.winners_list
    post = (
        selectors.vacant_posts(winners_list, _today(winners_list))
        .filter(pk=request.POST.get("post") or 0)
        .first()
    )
    back = reverse("winners:invitation", args=[pk])
    if post is None:
        messages.error(request, _("Choose one of the vacant posts."))
        return redirect(back)
    text = _consent_text(invitation, post)
    return _confirmed(
        request,
        back=back,
        act=lambda: services.invitation_consent(
            actor=request.user, invitation=invitation, post=post, consent_text=text
        ),
        success=_("Your choice and written consent are recorded."),
        page={
            "title": _("Confirm your choice and consent"),
            "position": winners_list.position,
            "consequences": [
                text,
                _(
                    "The post is kept for you; HR then verifies your original documents before the "
                    "appointment (R-29)."
                ),
                _("You cannot choose another post afterwards."),
            ],
            "action_url": reverse("winners:invitation_consent", args=[pk]),
            "hidden": {"post": post.pk},
            "button": _("I consent in writing to this post"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_decline(request, pk):
    invitation = selectors.invitation_for_winner(user=request.user, pk=pk)
    return _confirmed(
        request,
        back=reverse("winners:invitation", args=[pk]),
        act=lambda: services.invitation_decline(actor=request.user, invitation=invitation),
        success=_("Your refusal is recorded; the choice passes to the next winner."),
        page={
            "title": _("Refuse the invitation"),
            "position": invitation.winner.winners_list.position,
            "consequences": [
                _(
                    "You refuse to choose a post from this list: the choice passes to the next winner "
                    "(R-26.3)."
                ),
                _("You leave the list; this cannot be undone."),
            ],
            "action_url": reverse("winners:invitation_decline", args=[pk]),
            "button": _("Refuse the invitation"),
        },
    )


def _cause(request, invitation, *, template_context, back, action_url):
    tz = invitation.winner.winners_list.position.announcement.institution.tzinfo
    answer_by = timezone.localtime(invitation.respond_by, tz).date()
    return _form_page(
        request,
        CauseForm(_data(request)),
        back=back,
        act=lambda data: services.invitation_cause_record(actor=request.user, invitation=invitation, **data),
        success=_("The reasonable cause is recorded: the winner keeps the place on the list."),
        page={
            **template_context,
            "invitation": invitation,
            "action_url": action_url,
            "latest": rules.latest_postponement(answer_by),
        },
        template="winners/cause.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_cause(request, pk):
    invitation = selectors.invitation_for_winner(user=request.user, pk=pk)
    return _cause(
        request,
        invitation,
        template_context={"position": invitation.winner.winners_list.position},
        back=reverse("winners:invitation", args=[pk]),
        action_url=reverse("winners:invitation_cause", args=[pk]),
    )


@login_required
@require_GET
def consent_scan(request, pk):
    """The scan of a consent received on paper: HR of the institution and the winner only."""
    invitation = (
        Invitation.objects.select_related(
            "winner__winners_list__position__announcement", "winner__application"
        )
        .filter(pk=pk)
        .exclude(consent_scan_path="")
        .first()
    )
    if invitation is None:
        raise Http404
    own = invitation.winner.application.applicant_id == request.user.pk
    if not own and not is_hr_of(
        request.user, invitation.winner.winners_list.position.announcement.institution_id
    ):
        raise Http404
    return _private_file(
        invitation.consent_scan_path, content_type="application/pdf", filename=f"consent-{invitation.pk}.pdf"
    )


# --- HR --------------------------------------------------------------------------------------------------


def _hr_page(view):
    """HR's pages that show a form or a confirmation (GET) and act on it (POST): logged in and HR (404
    otherwise)."""
    return login_required(hr_required(require_http_methods(["GET", "POST"])(view)))


def _hr_invitation(request, pk):
    """An invitation HR of its institution may act on (404 otherwise), and its list."""
    invitation = selectors.invitation_for_hr(user=request.user, pk=pk)
    return invitation, invitation.winner.winners_list


def _hr_context(request, evaluation_pk):
    evaluation, winners_list = selectors.winners_list_for_hr(user=request.user, evaluation_id=evaluation_pk)
    return evaluation, winners_list


def _hr_made_list(request, evaluation_pk):
    """HR's evaluation and its winners list, with HR's page of it to go back to; no list yet: not found."""
    evaluation, winners_list = _hr_context(request, evaluation_pk)
    if winners_list is None:
        raise Http404
    return evaluation, winners_list, reverse("winners:hr_list", args=[evaluation_pk])


def _hr_back(winners_list) -> str:
    """HR's page of the list."""
    return reverse("winners:hr_list", args=[winners_list.result.evaluation_id])


@login_required
@hr_required
@require_GET
def hr_list(request, evaluation_pk):
    """HR's page of a list: the winners in rank order and their invitations, the posts, and the actions."""
    evaluation, winners_list = _hr_context(request, evaluation_pk)
    context = {"evaluation": evaluation, "position": evaluation.position, "winners_list": winners_list}
    if winners_list is not None:
        winners = selectors.winners_of(winners_list)
        context.update(
            winners=winners,
            posts=list(selectors.pool_posts(winners_list)),
            choosing=any(w.open_invitation for w in winners),
            invite_by=rules.invite_by(winners_list.published_on),
            is_open=winners_list.state == ListState.OPEN,
            year_over=not rules.is_valid(winners_list.published_on, _today(winners_list)),
        )
    else:
        context["published"] = hasattr(evaluation, "result") and evaluation.result.published_at is not None
    return render(request, "winners/hr_list.html", context)


@require_POST
@login_required
@hr_required
def hr_list_create(request, evaluation_pk):
    evaluation, winners_list = _hr_context(request, evaluation_pk)
    back = reverse("winners:hr_list", args=[evaluation_pk])
    if winners_list is None:
        try:
            services.winners_list_create(result=evaluation.result, actor=request.user)
        except (ValidationError, AttributeError) as exc:
            if isinstance(exc, ValidationError):
                _errors(request, exc)
            return redirect(back)
        messages.success(request, _("The winners list is made; each winner is told."))
    return redirect(back)


@_hr_page
def hr_invite(request, evaluation_pk):
    evaluation, winners_list, back = _hr_made_list(request, evaluation_pk)
    return _confirmed(
        request,
        back=back,
        act=lambda: services.winner_invite(actor=request.user, winners_list=winners_list),
        success=lambda invitation: (
            _("Winner number %(rank)s is invited and told.") % {"rank": invitation.winner.rank}
        ),
        page={
            "title": _("Invite the next winner"),
            "position": evaluation.position,
            "consequences": [
                _(
                    "The best-ranked winner waiting is invited to choose a vacant post and consent in "
                    "writing (R-26.1, R-26.3); they are sent a message at once."
                ),
                _(
                    "Their answer is due by the end of the %(days)s day; without it the next winner is "
                    "invited."
                )
                % {"days": _days_ordinal()},
            ],
            "action_url": reverse("winners:hr_invite", args=[evaluation_pk]),
            "button": _("Send the invitation"),
        },
    )


@_hr_page
def hr_expire(request, evaluation_pk):
    """R-26.7: HR closes a list whose year is over (the beat does it too)."""
    evaluation, winners_list = _hr_context(request, evaluation_pk)
    if (
        winners_list is None
        or winners_list.state != ListState.OPEN
        or rules.is_valid(winners_list.published_on, _today(winners_list))
    ):
        raise Http404
    return _confirmed(
        request,
        back=reverse("winners:hr_list", args=[evaluation_pk]),
        act=lambda: services.winners_list_expire(actor=request.user, winners_list=winners_list),
        success=_("The list is closed; the winners still on it are told."),
        page={
            "title": _("Close the expired list"),
            "position": evaluation.position,
            "consequences": [
                _("The list was valid until %(day)s (R-26.7): nobody more is invited from it.")
                % {"day": winners_list.valid_until.strftime("%d.%m.%Y")},
                _(
                    "The winners still waiting, invited or postponed are told; open invitations are "
                    "cancelled."
                ),
            ],
            "action_url": reverse("winners:hr_expire", args=[evaluation_pk]),
            "button": _("Close the list"),
        },
    )


def _days_ordinal() -> str:
    return str(settings.WINNERS_ANSWER_DAYS)


@_hr_page
def hr_post_add(request, evaluation_pk):
    evaluation, winners_list, back = _hr_made_list(request, evaluation_pk)
    form = PostForm(
        _data(request), initial={"title": evaluation.position.title, "available_from": _today(winners_list)}
    )
    return _form_page(
        request,
        form,
        back=back,
        act=lambda data: services.post_add(actor=request.user, winners_list=winners_list, **data),
        success=_("The post is added to the posts the winners may choose."),
        page={
            "title": _("Add a vacant post of the group (R-26.1)"),
            "intro": _("A post of the same group that falls vacant by %(day)s may be offered to the winners.")
            % {"day": winners_list.valid_until.strftime("%d.%m.%Y")},
            "position": evaluation.position,
            "button": _("Add the post"),
            "multipart": False,
        },
    )


@_hr_page
def hr_paper_consent(request, pk):
    invitation, winners_list = _hr_invitation(request, pk)
    form = PaperConsentForm(_data(request), _data(request, files=True))
    form.fields["post"].queryset = selectors.vacant_posts(winners_list, _today(winners_list))
    return _form_page(
        request,
        form,
        back=_hr_back(winners_list),
        act=lambda data: services.invitation_consent_record_paper(
            actor=request.user, invitation=invitation, **data
        ),
        success=_("The written consent received on paper is recorded with its scan."),
        page={
            "title": _("Record a consent received on paper (R-26.3)"),
            "intro": _(
                "Winner number %(rank)s chose a post and signed the consent on paper. The post is kept for "
                "them and the next winner is invited. This cannot be undone."
            )
            % {"rank": invitation.winner.rank},
            "position": winners_list.position,
            "button": _("Record the consent"),
            "multipart": True,
        },
    )


@_hr_page
def hr_cause(request, pk):
    invitation, winners_list = _hr_invitation(request, pk)
    return _cause(
        request,
        invitation,
        template_context={"position": winners_list.position, "hr": True},
        back=_hr_back(winners_list),
        action_url=reverse("winners:hr_cause", args=[pk]),
    )


@_hr_page
def hr_decline(request, pk):
    invitation, winners_list = _hr_invitation(request, pk)
    return _confirmed(
        request,
        back=_hr_back(winners_list),
        act=lambda: services.invitation_decline(actor=request.user, invitation=invitation),
        success=_("The refusal is recorded; the next winner is invited if a post is vacant."),
        page={
            "title": _("Record a refusal received on paper"),
            "position": winners_list.position,
            "consequences": [
                _(
                    "Winner number %(rank)s refused in writing: they leave the list and the next winner is "
                    "invited (R-26.3)."
                )
                % {"rank": invitation.winner.rank},
            ],
            "action_url": reverse("winners:hr_decline", args=[pk]),
            "button": _("Record the refusal"),
        },
    )


class RemovalForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why the winner leaves the list"),
        choices=RemovalReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Details (the written withdrawal, the death certificate, or the other reason)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == RemovalReason.OTHER and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("State the reason."))
        return cleaned


def _removal_consequences(winner) -> list[str]:
    """What removing ``winner`` does, in the order it happens (winners.services.winner_remove)."""
    lines = [
        _("Winner number %(rank)s, %(name)s, leaves the list; this is recorded with the reason given.")
        % {"rank": winner.rank, "name": winner.name}
    ]
    if winner.state == WinnerState.INVITED:
        lines.append(_("Their open invitation to choose a post is cancelled."))
    if winner.state == WinnerState.CONSENTED and winner.post_id:
        lines.append(
            _(
                "The post they chose, “%(post)s”, becomes vacant again; a final verification under way stops "
                "(R-29)."
            )
            % {"post": winner.post}
        )
    lines.append(
        _(
            "The next winner in rank order is invited to choose a post, if a post is vacant and nobody else "
            "is choosing (R-26.1, R-26.3)."
        )
    )
    lines.append(_("The winner is told by message, unless the reason is their death."))
    return lines


@_hr_page
def hr_remove(request, pk):
    """HR takes a winner off the list (a withdrawal in writing, a death, another stated reason): a
    confirmation page that says what follows, then winners.services.winner_remove (the state is re-checked
    under its lock)."""
    winner = selectors.winner_for_hr(user=request.user, pk=pk)
    winners_list = winner.winners_list
    back = _hr_back(winners_list)
    if winner.state == WinnerState.WITHDRAWN:
        messages.info(request, _("This winner was already removed from the list."))
        return redirect(back)
    if winner.state not in HR_REMOVABLE_STATES or winners_list.state != ListState.OPEN:
        raise Http404  # appointed, declined or expired: not taken off the list from here
    winner.name = names_by_application([winner.application_id]).get(winner.application_id, "")
    form = RemovalForm(_data(request))

    def remove():
        code = form.cleaned_data["reason"]
        reason = str(RemovalReason(code).label)
        if form.cleaned_data["note"].strip():
            reason = f"{reason}: {form.cleaned_data['note'].strip()}"
        services.winner_remove(
            actor=request.user,
            winner=winner,
            reason=reason,
            article="R-26.1",
            states=HR_REMOVABLE_STATES,
            tell_winner=code != RemovalReason.DIED,
        )

    return _confirmed(
        request,
        back=back,
        act=remove,
        success=lambda _done: (
            _(
                "Winner number %(rank)s is removed from the list; the next winner is invited if a post is "
                "vacant."
            )
            % {"rank": winner.rank}
        ),
        page={
            "title": _("Remove a winner from the list"),
            "position": winners_list.position,
            "winner": winner,
            "consequences": _removal_consequences(winner),
        },
        form=form,
        template="winners/remove.html",
    )


class ExclusionDecisionForm(forms.Form):
    decision = forms.CharField(
        label=gettext_lazy(
            "What the institution decided about the appointment (e.g. the act annulled or kept, its number "
            "and date)"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


@_hr_page
def hr_exclusion_decide(request, pk):
    """R-9.3 after an appointment: HR records what the institution decided about the appointment of a winner
    the corrected results no longer name (the list leaves the act to the institution)."""
    winner = selectors.winner_for_hr(user=request.user, pk=pk)
    winners_list = winner.winners_list
    back = _hr_back(winners_list)
    if winner.exclusion_decided_at is not None:
        messages.info(request, _("The institution's decision is already recorded."))
        return redirect(back)
    if winner.excluded_at is None or winner.state != WinnerState.APPOINTED:
        raise Http404
    return _form_page(
        request,
        ExclusionDecisionForm(_data(request)),
        back=back,
        act=lambda data: services.winner_exclusion_decide(actor=request.user, winner=winner, **data),
        success=_("The institution's decision on the appointment is recorded."),
        page={
            "title": _("Record the institution's decision on an appointment (R-9.3)"),
            "intro": _(
                "Winner number %(rank)s was appointed, then excluded from the procedure for a false "
                "declaration (R-9.3) when the results were corrected. The portal leaves the appointment act "
                "as it is: the institution decides on it (an annulment goes through the appointment's own "
                "procedure). Record the decision here; it cannot be changed afterwards."
            )
            % {"rank": winner.rank},
            "position": winners_list.position,
            "button": _("Record the decision"),
            "multipart": False,
        },
    )


# --- public ----------------------------------------------------------------------------------------------


@require_GET
def public_lists(request, evaluation_pk):
    """R-26.8: the lists of appointed and not appointed candidates, public."""
    evaluation = published_evaluation(evaluation_pk)  # 404 unless the results are published
    winners_list = selectors.winners_list_public(evaluation_id=evaluation_pk)
    appointed, not_appointed = selectors.public_lists(winners_list) if winners_list else ([], [])
    return render(
        request,
        "winners/public_lists.html",
        {
            "winners_list": winners_list,
            "position": evaluation.position,
            "evaluation_pk": evaluation_pk,
            "appointed": appointed,
            "not_appointed": not_appointed,
        },
    )
