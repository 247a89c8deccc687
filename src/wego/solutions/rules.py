"""Who may see and change a city's Master Plan: the same people as its diagnosis."""

import rules

from wego.accounts.rules import can_view_city_data, is_coordinator_of

rules.add_perm("solutions.view_plan", can_view_city_data)
rules.add_perm("solutions.manage_plan", is_coordinator_of)
