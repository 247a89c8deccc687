"""The request the page permission matrix (tests/test_permissions.py) acts on."""

from wego.assistance.models import AssistanceRequest, Kind, State


def matrix_request(world) -> AssistanceRequest:
    """A new request of city A, routed to the secretariat; the same one on every call."""
    found, _created = AssistanceRequest.objects.get_or_create(
        city=world.city_a,
        module_id="integrated-call-centre",
        state=State.NEW,
        defaults={
            "assessment": world.assessment_a,
            "indicator_ids": ["PS.4", "CR.3"],
            "title": "Integrated citizen call centre",
            "description": "Help with a single number for the city.",
            "created_by": world.users["coordinator_a"],
        },
    )
    return found


def assistance_world(world) -> dict:
    """URL values for the API permission matrix (tests/api/test_api_permissions.py)."""
    return {"request_id": matrix_request(world).pk}


def matrix_egovframe_request(world) -> AssistanceRequest:
    """An eGovFrame support request of city A, new, routed to the secretariat; the same one on every call."""
    found, _created = AssistanceRequest.objects.get_or_create(
        city=world.city_a,
        kind=Kind.EGOVFRAME,
        egov_area="runtime",
        state=State.NEW,
        defaults={
            "title": "Batch jobs stop at night",
            "description": "Our batch jobs stop after an upgrade.",
            "created_by": world.users["coordinator_a"],
        },
    )
    return found
