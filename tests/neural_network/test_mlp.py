"""MLPClassifier / MLPRegressor: optimizers, training loop, errors, persistence."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmath import plugins
from skmath.neural_network import DivergenceWarning, MLPClassifier, MLPRegressor
from skmath.optim import SGD, Adam, TorchOptim

torch = pytest.importorskip("torch")

FAST = {"hidden_layer_sizes": (8,), "random_state": 0, "n_jobs": 1}


@pytest.fixture(scope="module")
def clf_data():
    X, y = make_classification(
        n_samples=120, n_features=6, n_informative=4, n_classes=3, random_state=0
    )
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def reg_data():
    X, y = make_regression(n_samples=80, n_features=4, noise=1.0, random_state=0)
    return X, y / y.std()


@pytest.mark.parametrize("name", plugins.available("optimizers"))
def test_every_optimizer_trains_and_records_a_loss_curve(name, clf_data):
    X, y = clf_data
    clf = MLPClassifier(**FAST, optimizer=name, max_iter=60, tol=0, batch_size=16)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert len(clf.loss_curve_) == clf.n_iter_ >= 1
    assert clf.loss_curve_[-1] < clf.loss_curve_[0]
    assert clf.score(X, y) > 0.6, name  # chance: 0.33
    assert clf.optimizer_ is not clf.optimizer
    assert hasattr(clf, "partial_fit") == clf.optimizer_.minibatch


def test_regressor_multioutput_and_full_batch(reg_data):
    X, y = reg_data
    reg = MLPRegressor(**FAST, optimizer="newton-cg", max_iter=30).fit(X, y)
    assert reg.predict(X).shape == (80,) and reg.score(X, y) > 0.9
    Y = np.column_stack([y, -y])
    reg = MLPRegressor(**FAST, optimizer="lbfgs", max_iter=30).fit(X, Y)
    assert reg.predict(X).shape == (80, 2) and reg.n_outputs_ == 2


def test_fitted_attributes_like_sklearn(clf_data):
    X, y = clf_data
    clf = MLPClassifier(hidden_layer_sizes=(5, 4), max_iter=3, random_state=0)
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        clf.fit(X, y)
    assert [c.shape for c in clf.coefs_] == [(6, 5), (5, 4), (4, 3)]
    assert [b.shape for b in clf.intercepts_] == [(5,), (4,), (3,)]
    assert clf.n_layers_ == 4 and clf.t_ == 3 * 120 and clf.validation_scores_ is None
    assert clf.best_loss_ == min(clf.loss_curve_)
    np.testing.assert_allclose(clf.predict_proba(X).sum(axis=1), 1, rtol=1e-6)
    # hidden representations for the theory tools
    assert clf.transform(X).shape == (120, 4)
    assert clf.transform(X, layer=0).shape == (120, 5)
    np.testing.assert_array_equal(clf.transform(X, layer=-2), clf.transform(X, 0))
    assert (clf.transform(X) >= 0).all()  # after the ReLU
    with pytest.raises(ValueError, match="layer must be an int in"):
        clf.transform(X, layer=2)


def test_early_stopping_keeps_the_best_validation_weights(clf_data):
    X, y = clf_data
    clf = MLPClassifier(
        **FAST, early_stopping=True, n_iter_no_change=3, max_iter=200
    ).fit(X, y)
    assert len(clf.validation_scores_) == clf.n_iter_ < 200
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    assert clf.best_loss_ is None
    reg = MLPRegressor(**FAST, optimizer="cg", early_stopping=True, max_iter=40)
    reg.fit(*make_regression(n_samples=60, n_features=3, random_state=0))
    assert len(reg.validation_scores_) == reg.n_iter_


def test_warm_start_and_partial_fit(clf_data):
    X, y = clf_data
    clf = MLPClassifier(**FAST, max_iter=2, warm_start=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
        first = clf.coefs_[0].copy()
        clf.fit(X, y)
    # n_iter_ counts the last fit (as scikit-learn), the loss curve goes on
    assert clf.n_iter_ == 2 and len(clf.loss_curve_) == 4
    assert not np.allclose(first, clf.coefs_[0])

    online = MLPClassifier(**FAST)
    with pytest.raises(ValueError, match="classes must be passed"):
        online.partial_fit(X, y)
    for chunk in np.array_split(np.arange(120), 4):
        online.partial_fit(X[chunk], y[chunk], classes=np.unique(y))
    assert online.n_iter_ == 4 and online.t_ == 120
    with pytest.raises(ValueError, match="labels not seen"):
        online.partial_fit(X[:3], np.array([0, 1, 7]))
    assert not hasattr(MLPClassifier(optimizer="cg"), "partial_fit")
    assert not hasattr(MLPRegressor(optimizer="lbfgs"), "partial_fit")


def test_l2_penalty_and_its_gradient_are_sklearns(clf_data):
    """Minibatch steps keep the penalty out of the graph; the loss and step are
    still those of loss + alpha / (2 n) * sum ||W||^2 (scikit-learn's)."""
    X, y = clf_data
    alpha, lr = 3.0, 0.1
    clf = MLPClassifier(
        **FAST, alpha=alpha, optimizer=SGD(lr=lr), batch_size=len(X), shuffle=False
    )
    clf.partial_fit(X, y, classes=np.unique(y))
    weights = [
        torch.tensor(w, dtype=torch.float32, requires_grad=True) for w in clf.coefs_
    ]
    biases = [
        torch.tensor(b, dtype=torch.float32, requires_grad=True)
        for b in clf.intercepts_
    ]
    clf.partial_fit(X, y)

    h = torch.tensor(X, dtype=torch.float32)
    for i, (w, b) in enumerate(zip(weights, biases)):
        h = h @ w + b
        if i < len(weights) - 1:
            h = torch.relu(h)
    penalty = sum((w * w).sum() for w in weights)
    loss = torch.nn.functional.cross_entropy(h, torch.as_tensor(y))
    loss = loss + 0.5 * alpha * penalty / len(X)
    loss.backward()
    assert clf.loss_curve_[-1] == pytest.approx(loss.item(), rel=1e-6)
    for fitted, w in zip(clf.coefs_, weights):
        np.testing.assert_allclose(fitted, (w - lr * w.grad).detach(), atol=1e-6)
    for fitted, b in zip(clf.intercepts_, biases):
        np.testing.assert_allclose(fitted, (b - lr * b.grad).detach(), atol=1e-6)


def test_determinism_pickle_clone(clf_data):
    X, y = clf_data
    a = MLPClassifier(**FAST, max_iter=20, tol=0).fit(X, y)
    b = MLPClassifier(**FAST, max_iter=20, tol=0).fit(X, y)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    c = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(a.predict_proba(X), c.predict_proba(X))
    assert not hasattr(clone(a), "coefs_")
    # partial_fit continues from an unpickled model
    c.partial_fit(X, y)
    assert c.n_iter_ == 21


def test_grid_search_over_optimizer_params_in_a_pipeline(clf_data):
    X, y = clf_data
    pipe = make_pipeline(StandardScaler(), MLPClassifier(**FAST, optimizer=Adam()))
    search = GridSearchCV(
        pipe, {"mlpclassifier__optimizer__lr": [0.01, 0.05]}, cv=2
    ).fit(X, y)
    assert search.best_params_["mlpclassifier__optimizer__lr"] in (0.01, 0.05)
    assert search.best_estimator_[-1].optimizer_.lr in (0.01, 0.05)
    clf = MLPClassifier(**FAST, optimizer=torch.optim.NAdam, learning_rate_init=0.02)
    clf.set_params(max_iter=30).fit(X, y)
    assert isinstance(clf.optimizer_, TorchOptim) and clf.score(X, y) > 0.6
    assert clf.optimizer is torch.optim.NAdam


def test_learning_rate_applies_to_names_only(clf_data):
    X, y = clf_data
    params = {**FAST, "max_iter": 1, "learning_rate_init": 0.03}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        assert MLPClassifier(**params).fit(X, y).optimizer_.lr == 0.03
        clf = MLPClassifier(**params, optimizer=SGD(lr=0.2)).fit(X, y)
    assert clf.optimizer_.lr == 0.2


def test_divergence_is_reported_never_silent(clf_data):
    X, y = clf_data
    huge = MLPClassifier(**FAST, optimizer=SGD(lr=1e30), max_iter=20, batch_size=10)
    with pytest.raises(ValueError, match="training diverged"):
        huge.fit(X * 1e10, y)
    # after some finite epochs: warning, best weights restored
    reg = MLPRegressor(**FAST, optimizer=SGD(lr=0.3), max_iter=50, tol=0)
    y_big = np.arange(120.0) ** 2
    with pytest.warns(DivergenceWarning, match="restored the weights"):
        reg.fit(X, y_big)
    assert np.isfinite(reg.predict(X)).all()
    # the last loss exploded (finite or not) and stopped the fit
    assert np.isfinite(reg.loss_curve_[:-1]).all()
    assert not np.isfinite(reg.loss_) or reg.loss_ > 10 * reg.loss_curve_[0]


@pytest.mark.parametrize(
    "params, match",
    [
        ({"hidden_layer_sizes": (0,)}, "hidden_layer_sizes must be > 0"),
        ({"hidden_layer_sizes": (4, -2)}, "hidden_layer_sizes must be > 0"),
        ({"learning_rate_init": -0.1}, "learning_rate_init"),
        ({"optimizer": SGD(lr=-1)}, "lr must be > 0"),
        ({"optimizer": "no-such"}, "available: 'adagrad'"),
        ({"alpha": -1.0}, "alpha"),
        ({"device": "no-such-device"}, "invalid device"),
        pytest.param(
            {"device": "cuda"},
            "CUDA is not available",
            marks=pytest.mark.skipif(torch.cuda.is_available(), reason="has CUDA"),
        ),
    ],
)
def test_invalid_hyperparameters(params, match, clf_data):
    X, y = clf_data
    with pytest.raises(ValueError, match=match):
        MLPClassifier(**{**FAST, **params}).fit(X, y)


def test_bad_input(clf_data):
    X, y = clf_data
    with pytest.raises(ValueError, match="at least 2 classes"):
        MLPClassifier(**FAST).fit(X, np.zeros(120))
    with pytest.raises(ValueError, match="needs numeric y"):
        MLPRegressor(**FAST).fit(X, np.array(["a", "b"] * 60))
    with pytest.raises(ValueError, match="NaN"):
        MLPClassifier(**FAST).fit(np.where(X > 2, np.nan, X), y)
    with pytest.raises(NotFittedError):
        MLPClassifier().predict(X)
    clf = MLPClassifier(**FAST, max_iter=5, tol=1).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:, :3])


def test_threads_verbose_and_global_setting_restored(clf_data, capsys):
    X, y = clf_data
    before = torch.get_num_threads()
    clf = MLPClassifier(**{**FAST, "n_jobs": 2}, max_iter=2, tol=1, verbose=True)
    clf.fit(X, y)
    assert clf.n_threads_ == 2 and torch.get_num_threads() == before
    assert capsys.readouterr().out.startswith("Iteration 1, loss = ")


def test_numpy_blas_on_one_thread_during_a_fit():
    """OpenBLAS's idle threads spin ~0.1 s: beside torch's they made L-BFGS,
    whose SciPy code runs between gradient evaluations, 9x slower."""
    from threadpoolctl import threadpool_info, threadpool_limits

    from skmath.utils._torch import torch_threads

    def numpy_blas_threads():
        return [
            info["num_threads"]
            for info in threadpool_info()
            if info["user_api"] == "blas" and "torch" not in info["filepath"]
        ]

    with threadpool_limits(limits=2, user_api="blas"):
        before = numpy_blas_threads()
        if not before:
            pytest.skip("no BLAS library loaded besides torch's")
        with torch_threads(2):
            assert numpy_blas_threads() == [1] * len(before)
        assert numpy_blas_threads() == before


def test_thread_policy(monkeypatch):
    from skmath.utils._torch import effective_n_threads

    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert effective_n_threads(None) == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "64")
    assert 1 <= effective_n_threads(None) <= 64
    monkeypatch.setenv("OMP_NUM_THREADS", "garbage")
    assert effective_n_threads(None) == 1
    monkeypatch.delenv("OMP_NUM_THREADS")
    # a fit starts on one thread; ThreadPolicy adds the idle cores
    assert effective_n_threads(None) == 1
    assert effective_n_threads(-1) >= 1
    assert effective_n_threads(3) == 3
    with pytest.raises(ValueError, match="n_jobs == 0"):
        effective_n_threads(0)


# The adaptive policy's tests, on real-format /proc/stat and cgroup files:
# tests/test_thread_policy.py.


@pytest.mark.parametrize(
    "hidden, n_features, batch_size",
    [
        # torch splits the 256 x 256 element-wise kernels over threads
        ((256, 256), 100, 256),
        # MKL's GEMMs here gave other bits on two threads without MKL_CBWR
        ((512,), 30, 1024),
    ],
)
def test_same_model_whatever_the_thread_count(hidden, n_features, batch_size):
    # the adaptive policy may change the thread count mid-fit: results must
    # not depend on it
    X, y = make_classification(
        n_samples=2048, n_features=n_features, n_informative=5, random_state=0
    )
    fits = [
        MLPClassifier(
            hidden, max_iter=2, batch_size=batch_size, random_state=0, n_jobs=n
        )
        for n in (1, 2)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for clf in fits:
            clf.fit(X.astype(np.float32), y)
    for a, b in zip(fits[0].coefs_, fits[1].coefs_):
        np.testing.assert_array_equal(a, b)
