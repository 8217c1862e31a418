"""Fixtures for the security tests: the contributions and surveys fixtures, loaded from there."""

import importlib.util
from pathlib import Path

import pytest

TESTS = Path(__file__).parent.parent


def _load(package: str):
    spec = importlib.util.spec_from_file_location(
        f"{package}_fixtures", TESTS / package / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_contrib = _load("contributions")
_surveys = _load("surveys")

# re-exported so pytest finds them here too
form_data = _contrib.form_data
fresh = _contrib.fresh
jpeg_bytes = _contrib.jpeg_bytes
pin_process = _contrib.pin_process
pin_tools = _contrib.pin_tools
point_in = _contrib.point_in
staff = _contrib.staff
create_survey = _surveys.create_survey
answer = _surveys.answer
add_response = _surveys.add_response


@pytest.fixture(autouse=True)
def _uploads_in_tmp(request, tmp_path):
    """Keep uploaded photos out of the repository's instance folder (tests with an app only)."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config["INSTANCE_DIR"] = tmp_path
