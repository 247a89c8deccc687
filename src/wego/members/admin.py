from django.contrib import admin

from wego.members.models import (
    ApprovingBodyRule,
    City,
    Country,
    Fee,
    Invoice,
    MemberContact,
    MemberOffice,
    Membership,
    MembershipApplication,
    Payment,
    RegionalOffice,
)
from wego.operations.admin import SoftDeleteAdminMixin


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso3", "name", "region", "subregion", "income_group"]
    list_filter = ["region", "income_group"]
    search_fields = ["iso3", "name", "official_name"]


@admin.register(City)
class CityAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["name", "country", "member_category", "joined_year", "population"]
    list_filter = ["member_category", "country__region"]
    list_select_related = ["country"]
    search_fields = ["name", "country__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]


@admin.register(ApprovingBodyRule)
class ApprovingBodyRuleAdmin(admin.ModelAdmin):
    """Which body approves new Full members from which date (replaces the statute's default)."""

    list_display = ["valid_from", "body", "note"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["city", "category", "valid_from", "valid_to", "reason"]
    list_filter = ["category"]
    list_select_related = ["city"]
    search_fields = ["city__name"]

    def has_add_permission(self, request):  # the history is written by the membership services only
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    """Read-only here: applications are submitted and decided on the membership pages."""

    list_display = ["city", "status", "submitted_at", "approving_body", "is_demo"]
    list_filter = ["status", "is_demo"]
    list_select_related = ["city"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MemberContact)
class MemberContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "city", "email"]
    list_filter = ["role"]
    list_select_related = ["city"]
    search_fields = ["name", "email", "city__name"]
    autocomplete_fields = ["city"]
    exclude = ["application"]


@admin.register(RegionalOffice)
class RegionalOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "host_city", "opened_year", "is_active"]
    autocomplete_fields = ["host_city"]


@admin.register(MemberOffice)
class MemberOfficeAdmin(admin.ModelAdmin):
    list_display = ["city", "office", "assigned_at"]
    autocomplete_fields = ["city"]


@admin.register(Fee)
class FeeAdmin(admin.ModelAdmin):
    list_display = ["year", "category", "amount", "currency", "is_demo"]
    list_filter = ["year", "category"]


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """Read-only: invoices are issued (and numbered) by the membership pages only."""

    list_display = ["number", "city", "year", "amount", "currency", "is_demo"]
    list_filter = ["year", "is_demo"]
    list_select_related = ["city"]
    search_fields = ["number", "city__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["invoice", "amount", "paid_on", "reference"]
    list_select_related = ["invoice"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
