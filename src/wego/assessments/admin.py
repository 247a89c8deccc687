from django.contrib import admin

from wego.assessments.models import Answer, Assessment, Cycle, FrameworkVersion
from wego.operations.admin import SoftDeleteAdminMixin


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = [
        "slug",
        "version",
        "title",
        "question_count",
        "is_current",
        "short_hash",
        "loaded_at",
    ]
    list_filter = ["slug", "is_current"]
    readonly_fields = [f.name for f in FrameworkVersion._meta.fields]

    @admin.display(description="hash")
    def short_hash(self, obj):
        return obj.content_hash[:12]

    def has_add_permission(self, request):
        # Versions come from framework files (`wego manage load_frameworks`), never typed in.
        return False


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "framework", "opens_on", "closes_on"]
    list_select_related = ["framework"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = [
        "question_id",
        "status",
        "value",
        "comment",
        "evidence_url",
        "answered_by",
        "answered_at",
    ]
    readonly_fields = ["answered_at"]


@admin.register(Assessment)
class AssessmentAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["city", "cycle", "status", "overall_score", "stage", "coverage", "is_demo"]
    list_filter = ["cycle", "status", "is_demo", "stage"]
    list_select_related = ["city", "cycle"]
    search_fields = ["city__name"]
    readonly_fields = ["overall_score", "stage", "coverage", "scored_at"]
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["assessment", "question_id", "status", "value", "answered_by", "answered_at"]
    list_select_related = ["assessment__city", "assessment__cycle", "answered_by"]
    search_fields = ["question_id", "assessment__city__name"]
