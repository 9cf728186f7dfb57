"""STSWeb import in the browser: upload → preview of the changes → confirmation (issue 2, item 6)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from missions.forms.sts_import import StsImportForm
from missions.models import StsImport
from missions.sts import (
    ImportAlreadyApplied,
    StsFileError,
    apply_stored_import,
    plan_stored_import,
    store_upload,
    summary,
)
from missions.views.base import breadcrumb, establishment_view, get_for_establishment, page_link

RECENT_IMPORTS = 10


@establishment_view("import_sts")
@require_http_methods(["GET", "POST"])
def sts_import_upload(request):
    posted = request.method == "POST"  # bound even when reading stopped and POST came back empty
    form = StsImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,  # reading the body sets request.upload_too_large past the limit
        upload_too_large=getattr(request, "upload_too_large", False),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sts_import = store_upload(request.establishment, request.user, upload.name, form.content())
        except StsFileError as error:
            form.add_error("file", error.message)
        else:
            return redirect("sts_import_preview", uai=request.establishment.uai, pk=sts_import.pk)
    recent = (
        StsImport.objects.filter(establishment=request.establishment)
        .select_related("uploaded_by")
        .defer("content")[:RECENT_IMPORTS]
    )
    return render(
        request,
        "missions/sts_import/upload.html",
        {
            "form": form,
            "recent_imports": [(item, summary(item.report) if item.report else None) for item in recent],
            **_page(request, "Import STSWeb"),
        },
    )


@establishment_view("import_sts")
@require_http_methods(["GET", "POST"])
def sts_import_preview(request, pk):
    sts_import = get_for_establishment(
        StsImport.objects.select_related("uploaded_by", "establishment"), request, pk=pk
    )
    if request.method == "POST":
        return _confirm(request, sts_import)
    plan = error = None
    if sts_import.applied_at is None:
        try:
            plan = plan_stored_import(sts_import)
        except StsFileError as exc:
            error = exc.message
    return render(
        request,
        "missions/sts_import/preview.html",
        {
            "sts_import": sts_import,
            "plan": plan,
            "counts": plan.counts() if plan else sts_import.report,
            "error": error,
            "report_summary": summary(sts_import.report) if sts_import.report else "",
            **_page(request, "Aperçu de l'import STSWeb", parent=True),
        },
    )


def _confirm(request, sts_import):
    uai = request.establishment.uai
    try:
        report = apply_stored_import(sts_import)
    except ImportAlreadyApplied as error:
        messages.info(request, str(error))
        return redirect("sts_import_preview", uai=uai, pk=sts_import.pk)
    except StsFileError as error:
        messages.error(request, f"{error.message} Rien n'a été enregistré.")
        return redirect("sts_import_preview", uai=uai, pk=sts_import.pk)
    messages.success(request, f"Import terminé : {summary(report)}")
    if "manage_staff" in request.capabilities:
        return redirect("staff_list", uai=uai)
    return redirect("sts_import_upload", uai=uai)  # the secretariat imports, the direction manages staff


def _page(request, title, parent=False):
    links = [page_link(request, "staff_list", "Personnels")] if "manage_staff" in request.capabilities else []
    if parent:
        links.append(page_link(request, "sts_import_upload", "Import STSWeb"))
    nav = "staff" if "manage_staff" in request.capabilities else "sts_import"
    return {"title": title, "nav": nav, "breadcrumb_data": breadcrumb(request, title, *links)}
