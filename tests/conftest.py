"""Shared fixtures: deterministic seeds, a non-interactive matplotlib and one
BLAS thread.

The test matrices are small and CI machines are shared: waiting OpenBLAS
threads made the small-matrix theory tests about 10x slower on a machine
whose other core was busy, and bought nothing on an idle one.
"""

import os

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from skmath.utils._torch import configure_environment

os.environ.setdefault("MPLBACKEND", "Agg")
# skmath's torch environment, as a user's program gets it on first use;
# here before any test module imports torch and calls MKL
configure_environment()


@pytest.fixture(autouse=True)
def _one_blas_thread():
    with threadpool_limits(1, user_api="blas"):
        yield


@pytest.fixture
def rng():
    return np.random.default_rng(0)
