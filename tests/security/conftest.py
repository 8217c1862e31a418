"""Fixtures for the security tests: the contributions fixtures (process, form data, photos)."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "contributions_fixtures", Path(__file__).parent.parent / "contributions" / "conftest.py"
)
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)

# re-exported so pytest finds them here too
_uploads_in_tmp = _mod._uploads_in_tmp
form_data = _mod.form_data
fresh = _mod.fresh
jpeg_bytes = _mod.jpeg_bytes
pin_process = _mod.pin_process
point_in = _mod.point_in
staff = _mod.staff
