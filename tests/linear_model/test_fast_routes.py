"""The cheaper routes of #18 keep their answers: matrix-free sparse fits, lazy
standard errors, QR refinement that stops once converged."""

import pickle
import warnings

import numpy as np
import scipy.sparse as sp

from skmath.linear_model import LinearRegression


def _sparse(n=3000, p=600, density=0.05, seed=0):
    rng = np.random.default_rng(seed)
    X = sp.random(n, p, density=density, format="csr", random_state=seed)
    y = X @ rng.normal(size=p) + 2.0 + 0.01 * rng.normal(size=n)
    return X, y


def test_auto_goes_matrix_free_when_the_gram_matrix_costs_more():
    X, y = _sparse()  # 30 non-zeros per row, 600 features: X^T X is the cost
    model = LinearRegression().fit(X, y)
    assert model.solver_.name == "lsmr"
    assert "Gram matrix costs more" in model.solver_.reason_
    exact = LinearRegression(solver="cholesky").fit(X, y)
    np.testing.assert_allclose(model.coef_, exact.coef_, rtol=0, atol=1e-8)
    # standard errors, computed on first access, equal the exact route's
    np.testing.assert_allclose(model.coef_stderr_, exact.coef_stderr_, rtol=1e-6)
    small, y_small = _sparse(n=400, p=30, density=0.1)
    assert LinearRegression().fit(small, y_small).solver_.name == "cholesky"


def test_lazy_standard_errors_survive_pickle_without_the_data():
    X, y = _sparse(n=500, p=40, density=0.1)
    model = LinearRegression(solver="lsmr").fit(X, y)
    blob = pickle.dumps(model)
    assert len(blob) < X.data.nbytes  # the design is not in the pickle
    restored = pickle.loads(blob)
    np.testing.assert_array_equal(restored.coef_stderr_, model.coef_stderr_)
    assert np.all(np.isfinite(model.coef_stderr_))


def test_refinement_that_stops_early_keeps_its_digits():
    t = np.linspace(0, 1, 2000)
    V = np.column_stack([t**k for k in range(1, 9)])
    beta = np.arange(1.0, 9.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = LinearRegression().fit(V, V @ beta + 0.5)
    assert model.solver_.name == "qr"
    digits = -np.log10(np.max(np.abs(model.coef_ - beta) / beta))
    assert digits >= 12
