"""The availability service's HTTP API (internal: the gateway decides who may call what)."""

from clinic_availability.entrypoints.http import appointments, blocks, calendar, family, slots, working_hours

ROUTERS = (slots.router, calendar.router, appointments.router, blocks.router, working_hours.router, family.router)
