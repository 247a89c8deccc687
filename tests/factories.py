"""Factories for the models tests build on. They do nothing surprising."""

import datetime as dt

import factory

from wego.assessments.models import Assessment, Cycle
from wego.members.models import City, Country


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["iso3"]

    iso3 = "KOR"
    name = "Republic of Korea"
    region = "Asia"
    subregion = "Eastern Asia"
    income_group = "High"


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = factory.SubFactory(CountryFactory)
    latitude = 37.5665
    longitude = 126.978


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    year = 2026
    name = "CeDS 2026"
    opens_on = dt.date(2026, 9, 1)
    closes_on = dt.date(2027, 1, 31)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    city = factory.SubFactory(CityFactory)
    cycle = factory.SubFactory(CycleFactory)
