"""Shared fixtures: the demo organisation and its personas (coordinator, leader, officers)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chiso.orgs.demo import DEMO_PASSWORD, load_demo_orgs


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def province(db):
    """Ủy ban nhân dân tỉnh Đồng Nai with departments, districts, communes and demo users."""
    return load_demo_orgs()


@pytest.fixture
def persona(province):
    """persona("tuphap") -> the demo user of that name."""

    def get(username: str):
        return get_user_model().objects.get(username=username)

    return get


@pytest.fixture
def client_as(province):
    """client_as("tuphap") -> a test client logged in as that demo user."""

    def make(username: str) -> Client:
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Demo users are created and logged in for most tests; PBKDF2 made that ~4 s a test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
