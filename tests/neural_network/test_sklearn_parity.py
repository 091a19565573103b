"""The scikit-learn parameters and behaviours added for #20, beyond its suite:
seeded determinism and pickling for each new parameter, and their effects."""

import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning

from skmath.neural_network import MLPClassifier, MLPRegressor
from skmath.optim import LBFGS

torch = pytest.importorskip("torch")

FAST = {"hidden_layer_sizes": (8,), "random_state": 0, "n_jobs": 1}


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(
        n_samples=120, n_features=6, n_informative=4, n_classes=3, random_state=0
    )
    return (X - X.mean(0)) / X.std(0), y


def _fit(est, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(X, y)


@pytest.mark.parametrize(
    "params",
    [
        {"optimizer": "sgd", "learning_rate": "invscaling", "power_t": 0.3},
        {"optimizer": "sgd", "learning_rate": "adaptive", "tol": 0.5},
        {"optimizer": "lbfgs", "max_fun": 20},
    ],
)
def test_new_parameters_are_seeded_and_pickle(params, data):
    X, y = data
    a = _fit(MLPClassifier(**FAST, **params, max_iter=15), X, y)
    b = _fit(MLPClassifier(**FAST, **params, max_iter=15), X, y)
    for ca, cb in zip(a.coefs_, b.coefs_):
        np.testing.assert_array_equal(ca, cb)
    restored = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(restored.predict_proba(X), a.predict_proba(X))


def test_learning_rate_schedules_change_the_rate(data):
    X, y = data
    constant = _fit(MLPClassifier(**FAST, optimizer="sgd", max_iter=3), X, y)
    assert constant.learning_rate_ == constant.optimizer_.lr
    inv = _fit(
        MLPClassifier(**FAST, optimizer="sgd", learning_rate="invscaling", max_iter=3),
        X,
        y,
    )
    assert inv.learning_rate_ == inv.optimizer_.lr / (3 * 120 + 1) ** 0.5
    adaptive = MLPClassifier(
        **FAST, optimizer="sgd", learning_rate="adaptive", tol=10, max_iter=500
    )
    _fit(adaptive, X, y)
    # every plateau of n_iter_no_change + 1 epochs divides the rate by 5
    assert adaptive.learning_rate_ < 1e-6 < adaptive.learning_rate_ * 5
    assert adaptive.n_iter_ < 500


def test_max_fun_limits_full_batch_evaluations(data):
    X, y = data
    clf = MLPClassifier(**FAST, optimizer="lbfgs", max_iter=200, max_fun=10)
    with pytest.warns(ConvergenceWarning, match="max_fun=10"):
        clf.fit(X, y)
    assert clf.n_iter_ <= 10


def test_full_batch_does_not_stop_on_a_loss_plateau(data):
    X, y = data
    # the plateau rule at tol=1 would stop at iteration n_iter_no_change + 2
    # = 4; the method's own gtol (an object keeps its own) runs on
    clf = MLPClassifier(
        **FAST, optimizer=LBFGS(gtol=1e-12), max_iter=30, tol=1, n_iter_no_change=2
    )
    _fit(clf, X, y)
    assert clf.n_iter_ == 30


def test_sparse_float32_and_shapes(data):
    X, y = data
    dense = _fit(MLPClassifier(**FAST, max_iter=3), X, y)
    sparse = _fit(MLPClassifier(**FAST, max_iter=3), sp.csr_matrix(X), y)
    np.testing.assert_array_equal(sparse.coefs_[0], dense.coefs_[0])
    np.testing.assert_array_equal(sparse.predict(sp.csr_matrix(X)), dense.predict(X))
    assert dense.n_outputs_ == 3
    assert _fit(MLPClassifier(**FAST, max_iter=2), X, y % 2).n_outputs_ == 1
    reg = _fit(MLPRegressor(**FAST, max_iter=2), X.astype(np.float32), y[:, None])
    assert reg.coefs_[0].dtype == np.float32
    assert reg.predict(X.astype(np.float32)).dtype == np.float32
    assert reg.predict(X).shape == (120,)


def test_sklearn_errors(data):
    X, y = data
    clf = _fit(MLPClassifier(**FAST, max_iter=2, early_stopping=True), X, y)
    with pytest.raises(ValueError, match="partial_fit does not support early"):
        clf.partial_fit(X, y)
    online = MLPClassifier(**FAST).partial_fit(X, y, classes=[0, 1, 2])
    with pytest.raises(ValueError, match="differs from the classes"):
        online.partial_fit(X, y, classes=[0, 1, 2, 3])
    with pytest.raises(ValueError, match="validation set is too small"):
        MLPRegressor(**FAST, early_stopping=True).fit(X[:5], y[:5])
    warm = _fit(MLPClassifier(**FAST, max_iter=2, warm_start=True), X, y)
    with pytest.raises(ValueError, match="same classes"):
        warm.fit(X[y < 2], y[y < 2])
    never = _fit(MLPClassifier(**FAST, max_iter=5, n_iter_no_change=np.inf), X, y)
    assert never.n_iter_ == 5
