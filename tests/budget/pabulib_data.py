"""Where the real pabulib elections are: ../shared/pabulib beside the repository.

Outside CI a checkout without them skips the tests that need them; in CI
(`CI` set) their absence is an error, never a silent skip.
"""

import os
from pathlib import Path

import pytest

PABULIB = Path(__file__).resolve().parents[3] / "shared" / "pabulib"

if os.environ.get("CI") and not PABULIB.is_dir():
    raise RuntimeError(f"CI needs the real pabulib elections in {PABULIB}.")

requires_pabulib = pytest.mark.skipif(
    not PABULIB.is_dir(), reason=f"the real elections are not in {PABULIB}"
)
