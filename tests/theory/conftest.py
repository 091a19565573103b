"""One BLAS thread in these tests: their matrices are small and the CI
machine is shared, where waiting OpenBLAS threads cost more than they give."""

import pytest
from threadpoolctl import threadpool_limits


@pytest.fixture(autouse=True)
def _one_blas_thread():
    with threadpool_limits(1, user_api="blas"):
        yield
