"""The trash in the administration, and deletions from the administration made soft."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wego.operations.data import OperationError
from wego.operations.models import TrashEntry


class SoftDeleteAdminMixin:
    """For the City and Assessment admins: "delete" moves the object to the trash
    (through the same service as everywhere else) instead of deleting its rows."""

    def delete_model(self, request, obj):
        try:
            self.soft_delete(obj, request.user)
        except OperationError as exc:
            self.message_user(request, str(exc), messages.ERROR)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def soft_delete(self, obj, actor):
        from wego.assessments.models import Assessment
        from wego.operations.services import assessment_delete, city_delete

        if isinstance(obj, Assessment):
            return assessment_delete(assessment=obj, actor=actor, reason="deleted in the administration")
        return city_delete(city=obj, actor=actor, reason="deleted in the administration")


@admin.register(TrashEntry)
class TrashEntryAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "deleted_at", "deleted_by", "row_count", "purge_after"]
    list_filter = ["kind"]
    search_fields = ["label"]
    exclude = ["content"]
    readonly_fields = [
        "kind",
        "object_id",
        "label",
        "reason",
        "deleted_at",
        "deleted_by",
        "row_count",
        "purge_after",
    ]
    actions = ["put_back"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Entries leave the trash by `wego purge` after the retention period, or by being put back.
        return False

    def has_put_back_permission(self, request):
        return request.user.has_perm("operations.change_trashentry")

    @admin.action(description=_("Put back the selected deleted items"), permissions=["put_back"])
    def put_back(self, request, queryset):
        from wego.operations.services import trash_restore

        done = 0
        for entry in queryset:
            try:
                trash_restore(entry=entry, actor=request.user)
                done += 1
            except OperationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d item put back.", "%(count)d items put back.", done) % {"count": done},
                messages.SUCCESS,
            )
