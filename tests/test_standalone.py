"""The checkout stands on its own (issue 8 §1).

A city's IT department clones the repository and nothing else: every data file the demo, the
tests and the benchmarks read is tracked in ``data/``, nothing points to a folder beside the
checkout, and ``flask seed-demo`` without its data says which file is missing in one line.
"""

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from config import Config

ROOT = Path(__file__).resolve().parent.parent
THIS = Path(__file__).resolve().relative_to(ROOT).as_posix()

#: Ways a path to the sibling ``shared`` folder has been (or could be) spelled in this project.
SIBLING_SHARED = re.compile(
    r"""\.\./shared\b"""  # ../shared/data/…
    r"""|/work/shared\b"""  # absolute path on the development machine
    r"""|\bshared[/\\]data\b"""  # shared/data/…
    r"""|["']shared["']\s*/\s*["']data["']"""  # "shared" / "data"
    r"""|parents?(\[\d+\])?\s*/\s*["']shared["']"""  # ROOT.parent / "shared"
)

BUNDLED = [
    "data/berlin/berlin-lor-districts.geojson.gz",
    "data/berlin/berlin-lor-forecast-areas-until-2020.geojson.gz",
    "data/berlin/berlin-lor-district-regions-until-2020.geojson.gz",
    "data/berlin/berlin-lor-planning-areas-until-2020.geojson.gz",
    "data/berlin/mss-2021-context-indicators-plr-until-2020.csv.gz",
    "data/berlin/mss-2021-indicators-plr-from-2021.csv.gz",
    "data/koeln/koeln-stadtbezirke.geojson.gz",
    "data/README.md",
]


def tracked_files() -> list[str]:
    """Paths git tracks (committed or staged) in this checkout."""
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [p for p in out.decode().split("\0") if p]


@pytest.fixture(scope="module")
def tracked():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (e.g. the git-archive copy of scripts/test.sh)")
    return tracked_files()


def test_no_tracked_file_refers_to_the_sibling_shared_folder(tracked):
    offenders = []
    for path in tracked:
        if path == THIS:
            continue
        raw = (ROOT / path).read_bytes() if (ROOT / path).is_file() else b""
        if b"\0" in raw[:8000]:  # binary (screenshots, compressed data)
            continue
        for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
            if SIBLING_SHARED.search(line):
                offenders.append(f"{path}:{number}: {line.strip()}")
    assert offenders == [], "reads data beside the checkout:\n" + "\n".join(offenders)


def test_the_pattern_catches_the_old_spellings():
    # guards the guard: each way the data folder used to be reached must be found
    folder = "sha" + "red"  # spelled apart so this file is no reader of the sibling folder
    for line in [
        f'DATA_DIR = ROOT.parent / "{folder}" / "data"',
        f'Path(__file__).resolve().parents[3] / "{folder}" / "data"',
        f"flask areas import ../{folder}/data/berlin/berlin-lor-districts.geojson --level bezirk",
    ]:
        assert SIBLING_SHARED.search(line), line
    assert not SIBLING_SHARED.search('["alone", "couple", "shared", "other"]')


def test_every_data_file_is_tracked_and_readable(tracked):
    assert set(BUNDLED) <= set(tracked), set(BUNDLED) - set(tracked)
    for path in BUNDLED[:-1]:
        text = gzip.decompress((ROOT / path).read_bytes()).decode("utf-8-sig")
        if ".geojson" in path:
            collection = json.loads(text)
            assert collection["type"] == "FeatureCollection" and collection["features"], path
        else:
            assert "PLR_ID" in text.splitlines()[0].split(","), path


def test_seed_data_dir_defaults_to_the_repository_folder():
    assert Path(Config.SEED_DATA_DIR).resolve() == ROOT / "data"


def _seed(make_app, data_dir):
    from participation.areas.models import AreaLevel
    from participation.extensions import db

    app = make_app(SEED_DATA_DIR=data_dir)
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    with app.app_context():
        levels = db.session.scalar(select(func.count()).select_from(AreaLevel))
        db.engine.dispose()
    return result, levels


def test_seed_demo_without_data_names_the_file_in_one_line(make_app, tmp_path):
    result, levels = _seed(make_app, tmp_path)
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert str(tmp_path / "berlin" / "berlin-lor-districts.geojson") in lines[0]
    assert levels == 0


def test_seed_demo_with_one_file_missing_names_that_file_and_writes_nothing(make_app, tmp_path):
    berlin = tmp_path / "berlin"
    berlin.mkdir()
    for path in BUNDLED[:4]:  # the four boundary files, but not the population table
        (berlin / Path(path).name).symlink_to(ROOT / path)
    result, levels = _seed(make_app, tmp_path)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "mss-2021-context-indicators-plr-until-2020.csv" in lines[0]
    # checked before the first step: no half-seeded database left behind
    assert levels == 0
