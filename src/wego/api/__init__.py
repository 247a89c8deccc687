"""The JSON API (OpenAPI 3, interactive documentation at /api/docs).

Routers and schemas only: every operation checks one permission (wego.api.permissions),
then reads through the selectors or writes through the services the pages use.
"""
