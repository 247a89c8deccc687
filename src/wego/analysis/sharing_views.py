"""A city's benchmarking settings: sharing its results, and its own peer groups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wego.analysis.forms import CircumstancesForm, PeerGroupForm, SharingForm
from wego.analysis.models import PeerGroup
from wego.analysis.services import circumstances_set, peer_group_delete, peer_group_save, sharing_set
from wego.assessments.views import city_from_url
from wego.common.permissions import requires


@requires("assessments.start_assessment", load=city_from_url)
@require_http_methods(["GET", "POST"])
def benchmarking(request: HttpRequest, city, city_id: int) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    sharing_form = SharingForm(initial={"shares": city.shares_results})
    group_form = PeerGroupForm(city=city)
    circumstances_form = CircumstancesForm(
        initial={
            "budget_band": city.budget_band,
            "ict_staff_fte": city.ict_staff_fte,
            "connectivity": city.connectivity,
        }
    )
    if action == "circumstances":
        circumstances_form = CircumstancesForm(request.POST)
        if circumstances_form.is_valid():
            circumstances_set(city=city, actor=request.user, **circumstances_form.cleaned_data)
            messages.success(request, _("Saved: recommended modules are now judged against these."))
            return redirect("analysis:benchmarking", city_id=city.pk)
    elif action == "share":
        sharing_form = SharingForm(request.POST)
        if sharing_form.is_valid():
            shares = sharing_form.cleaned_data["shares"]
            sharing_set(city=city, actor=request.user, shares=shares)
            messages.success(
                request,
                _("Your results are now shared with other member cities.")
                if shares
                else _("Your results are no longer shared."),
            )
            return redirect("analysis:benchmarking", city_id=city.pk)
    elif action == "group":
        group_form = PeerGroupForm(request.POST, city=city)
        if group_form.is_valid():
            try:
                group = peer_group_save(
                    city=city,
                    actor=request.user,
                    name=group_form.cleaned_data["name"],
                    members=list(group_form.cleaned_data["members"]),
                )
            except ValidationError as exc:
                group_form.add_error("name", exc)
            else:
                messages.success(request, _("Peer group “%(name)s” saved.") % {"name": group.name})
                return redirect("analysis:benchmarking", city_id=city.pk)
    elif action == "delete":
        group = PeerGroup.objects.filter(owner=city, pk=request.POST.get("group") or 0).first()
        if group is None:
            raise Http404("No such peer group of this city.")
        peer_group_delete(group=group, actor=request.user)
        messages.success(request, _("Peer group “%(name)s” deleted.") % {"name": group.name})
        return redirect("analysis:benchmarking", city_id=city.pk)
    groups = PeerGroup.objects.filter(owner=city).prefetch_related("members")
    return render(
        request,
        "analysis/benchmarking.html",
        {
            "city": city,
            "sharing_form": sharing_form,
            "group_form": group_form,
            "groups": groups,
            "circumstances_form": circumstances_form,
        },
    )
