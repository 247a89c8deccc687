"""The administration shows the library and the partners; their content comes from the data
files (`wego load_knowledge`), which are validated and keep the search index in step. Here the
secretariat only sets a partner's contact e-mail and whether it is active."""

from django.contrib import admin

from wego.knowledge.models import Partner, Practice, PracticeText


class PracticeTextInline(admin.StackedInline):
    model = PracticeText
    fields = ["language", "title", "summary", "problem", "solution", "results", "figures"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["slug", "city_name", "region", "year", "award_year", "demo"]
    list_filter = ["region", "award_year", "demo"]
    search_fields = ["slug", "city_name"]
    inlines = [PracticeTextInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "active", "website"]
    list_filter = ["kind", "active"]
    search_fields = ["slug", "name"]
    fields = ["slug", "name", "kind", "website", "description", "regions", "indicator_ids", "module_ids"]
    fields += ["contact_email", "active"]
    readonly_fields = [
        "slug",
        "name",
        "kind",
        "website",
        "description",
        "regions",
        "indicator_ids",
        "module_ids",
    ]

    def has_add_permission(self, request):
        return False
