"""Factories for capacity building: a programme open for applications, a webinar next week, a session."""

import datetime as dt

import factory
from django.utils import timezone

from wego.learning.models import CourseSession, TrainingProgramme, Webinar


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingProgramme

    slug = factory.Sequence(lambda n: f"seoul-program-{n}")
    title = factory.Sequence(lambda n: f"Seoul Program {n}")
    organiser = "Seoul Human Resource Development Center"
    location = "Seoul"
    starts_on = factory.LazyFunction(lambda: timezone.now().date() + dt.timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.now().date() + dt.timedelta(days=70))
    places = 14
    minimum_level = 3
    application_deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


class WebinarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Webinar

    slug = factory.Sequence(lambda n: f"webinar-{n}")
    title = factory.Sequence(lambda n: f"Open data for cities {n}")
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    )
    duration_minutes = 90
    capacity = 100
    join_url = "https://meet.example.org/wego-webinar"


class CourseSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseSession

    course_id = "runtime-environment"
    starts_on = factory.LazyFunction(lambda: timezone.now().date() + dt.timedelta(days=40))
    ends_on = factory.LazyFunction(lambda: timezone.now().date() + dt.timedelta(days=43))
    location = "Seoul"
    places = 20
    enrolment_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
