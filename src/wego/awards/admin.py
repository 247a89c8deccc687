"""The awards in the administration: editions with their categories, criteria and phases.

Applications, scores and decisions are changed through the platform's pages and services
(which audit every change), so they are read-only here.
"""

from django.contrib import admin

from wego.awards.models import Application, Category, ChairDecision, Criterion, Edition, Judge, Phase, Winner


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "title", "status", "applications_close_at", "is_demo"]
    list_filter = ["status", "is_demo"]
    inlines = [CategoryInline, CriterionInline, PhaseInline]


@admin.register(Judge)
class JudgeAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "edition", "organisation", "status"]
    list_filter = ["edition", "status"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "edition", "city", "category", "project_title", "status", "submitted_at"]
    list_filter = ["edition", "status"]


@admin.register(ChairDecision)
class ChairDecisionAdmin(ReadOnlyAdmin):
    list_display = ["edition", "category", "winners", "decided_by", "decided_at"]


@admin.register(Winner)
class WinnerAdmin(admin.ModelAdmin):
    list_display = ["edition", "category", "rank", "tier", "city_name", "project_title"]
    list_filter = ["edition"]
