"""tests/trace needs no database; the node checks need Node.js and the packages of tests/trace/js."""

import shutil
import subprocess

import pytest

from tests.trace.helpers import JS_DIR, node_path


@pytest.fixture(scope="session")
def js():
    """The JavaScript validators are ready: skipped only when node itself is absent; the npm packages are
    installed from the committed lockfile when `make test-deps` has not done it yet."""
    if node_path() is None:
        pytest.skip("node is not installed: the independent GS1 validators (tests/trace/js) need Node.js")
    if (
        not (JS_DIR / "node_modules" / "epcis2.js").is_dir()
        or not (JS_DIR / "node_modules" / "digital-link.js").is_dir()
    ):
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("node is installed but npm is not: run `make test-deps` or install npm")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=JS_DIR, check=True, capture_output=True)
    return True
