"""The dashboards' rollups listen to the complaint core (complaints/hooks.py), registered in
DashboardsConfig.ready(), last of all: they lock the province's shared rows until commit."""

from shikayat.complaints import hooks

from . import rollup


def apply_change(event: hooks.ActionEvent) -> None:
    rollup.apply(rollup.snapshot(event.before), event.complaint, event.action, event.at)


def count_received(event: hooks.Registered) -> None:
    rollup.received(list(event.complaints))


def register() -> None:
    hooks.register(apply_change, name="dashboards.rollup.apply", order=900)
    hooks.register(count_received, name="dashboards.rollup.received", order=900, on="registered")
