from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo communes (`seed_demo`) and the city-scale data set (`seed_scale`)."""

    name = "demo"
