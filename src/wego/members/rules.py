"""Who may do what with membership: applications, letters, fees, invoices, payments."""

from __future__ import annotations

import rules

from wego.accounts.rules import is_coordinator_of, is_regional_office_of, is_secretariat


@rules.predicate
def is_applicant_of(user, application) -> bool:
    return application is not None and getattr(user, "pk", None) == application.applicant_id


# Anyone logged in may apply for a city; the secretariat reviews the letter.
rules.add_perm("members.apply", rules.is_authenticated)
# An application (and its letter): the applicant, the city's coordinator, its regional office, the secretariat.
rules.add_perm(
    "members.view_application", is_secretariat | is_applicant_of | is_coordinator_of | is_regional_office_of
)
rules.add_perm("members.review_applications", is_secretariat)
rules.add_perm("members.decide_application", is_secretariat)
rules.add_perm("members.manage_fees", is_secretariat)
rules.add_perm("members.view_invoices", is_secretariat)
# One invoice: the member city's coordinator, its regional office, the secretariat.
rules.add_perm("members.view_invoice", is_secretariat | is_coordinator_of | is_regional_office_of)
rules.add_perm("members.record_payment", is_secretariat)
rules.add_perm("members.manage_member", is_secretariat)
# A member's private record (contacts, invoices, history): its coordinator, its regional office, the secretariat.
rules.add_perm("members.view_member_record", is_secretariat | is_coordinator_of | is_regional_office_of)
# A person's own applications and the invoices of the cities they coordinate.
rules.add_perm("members.view_own_membership", rules.is_authenticated)
