from django.contrib import admin

from wego.members.models import City, Country


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso3", "name", "region", "subregion", "income_group"]
    list_filter = ["region", "income_group"]
    search_fields = ["iso3", "name", "official_name"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "member_category", "joined_year", "population"]
    list_filter = ["member_category", "country__region"]
    list_select_related = ["country"]
    search_fields = ["name", "country__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
