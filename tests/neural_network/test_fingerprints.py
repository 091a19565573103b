"""Seeded fingerprints of the MLPs and the CNN: refactors must keep them.

Each case fits one seeded configuration on one thread and hashes what a user
sees (weights, predictions, loss curve, validation scores, iteration count).
The hashes were recorded on the code before the MLP trainer was split into
network, training and estimator modules (issue #15): a refactor that changes
any bit of a seeded fit fails here.  A deliberate behaviour change updates
the affected hash in the same commit, with the reason in its message.
"""

import hashlib
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_classification, make_regression

torch = pytest.importorskip("torch")

from skmath.neural_network import MLPClassifier, MLPRegressor  # noqa: E402


def _digest(*arrays):
    sha = hashlib.sha256()
    for a in arrays:
        a = np.ascontiguousarray(np.asarray(a, dtype=np.float64))
        sha.update(str(a.shape).encode())
        sha.update(a.tobytes())
    return sha.hexdigest()[:16]


def _fingerprint(est, X):
    out = est.predict_proba(X) if hasattr(est, "predict_proba") else est.predict(X)
    parts = [*est.coefs_, *est.intercepts_, out, est.loss_curve_, [est.n_iter_]]
    if getattr(est, "validation_scores_", None) is not None:
        parts.append(est.validation_scores_)
    return _digest(*parts)


def _clf_data():
    X, y = make_classification(
        n_samples=150, n_features=6, n_informative=4, n_classes=3, random_state=0
    )
    return (X - X.mean(0)) / X.std(0), y


def _reg_data():
    X, y = make_regression(
        n_samples=100, n_features=4, n_targets=2, noise=1.0, random_state=0
    )
    return X, y / y.std(0)


FAST = {"hidden_layer_sizes": (8, 5), "random_state": 0, "n_jobs": 1}


def _adam_classifier():
    X, y = _clf_data()
    return MLPClassifier(**FAST, max_iter=8, batch_size=32).fit(X, y), X


def _sgd_early_stopping():
    X, y = _clf_data()
    est = MLPClassifier(
        **FAST,
        optimizer="sgd",
        learning_rate_init=0.1,
        early_stopping=True,
        n_iter_no_change=3,
        max_iter=40,
        batch_size=20,
    )
    return est.fit(X, y), X


def _lbfgs_classifier():
    X, y = _clf_data()
    est = MLPClassifier(**FAST, optimizer="lbfgs", activation="tanh", max_iter=25)
    return est.fit(X, y), X


def _partial_fit_classifier():
    X, y = _clf_data()
    est = MLPClassifier(**FAST, optimizer="momentum", activation="logistic")
    for chunk in np.array_split(np.arange(len(y)), 3):
        est.partial_fit(X[chunk], y[chunk], classes=np.unique(y))
    return est, X


def _adam_regressor_warm_start():
    X, y = _reg_data()
    est = MLPRegressor(**FAST, max_iter=5, warm_start=True, alpha=1e-2)
    est.fit(X, y)
    return est.fit(X, y), X


def _bfgs_regressor_early_stopping():
    X, y = _reg_data()
    est = MLPRegressor(
        **FAST, optimizer="bfgs", early_stopping=True, max_iter=15, shuffle=False
    )
    return est.fit(X, y[:, 0]), X


def _rmsprop_regressor_no_shuffle():
    X, y = _reg_data()
    est = MLPRegressor(
        **FAST, optimizer="rmsprop", shuffle=False, max_iter=6, activation="identity"
    )
    return est.fit(X, y[:, :1]), X


CASES = {
    "adam_classifier": (_adam_classifier, "867630cee0a55e59"),
    "sgd_early_stopping": (_sgd_early_stopping, "1b3a39e7c6bfbd58"),
    "lbfgs_classifier": (_lbfgs_classifier, "cd88ae04406b955a"),
    "partial_fit_classifier": (_partial_fit_classifier, "3fed0db9aae9fdeb"),
    # #20: n_iter_ counts the last fit only (5, was 10); weights and curve unchanged
    "adam_regressor_warm_start": (_adam_regressor_warm_start, "78d4d11acc2edd7d"),
    "bfgs_regressor_early_stopping": (
        _bfgs_regressor_early_stopping,
        "a15667ac9957d860",
    ),
    # #20: y of shape (n, 1) predicts shape (n,); the values are unchanged
    "rmsprop_regressor_no_shuffle": (_rmsprop_regressor_no_shuffle, "7ba5a67cd16d199c"),
}


@pytest.mark.parametrize("name", CASES)
def test_mlp_fingerprint(name):
    build, expected = CASES[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning at these tiny budgets
        est, X = build()
    assert _fingerprint(est, X) == expected


def test_cnn_fingerprint():
    pytest.importorskip("skorch")
    from skmath.cnn import CNNClassifier

    X, y = load_digits(n_class=3, return_X_y=True)
    X, y = X[:90] / 16, y[:90]
    est = CNNClassifier(
        max_epochs=2,
        batch_size=16,
        early_stopping=True,
        validation_fraction=0.2,
        random_state=0,
        n_jobs=1,
    ).fit(X, y)
    digest = _digest(
        est.predict_proba(X),
        est.loss_curve_,
        [est.n_iter_],
        *[p.detach().double().numpy() for p in est.net_.module_.parameters()],
    )
    assert digest == "9639ee499178a9b3"


if __name__ == "__main__":  # print the current fingerprints
    for case, (build, _) in CASES.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            print(case, _fingerprint(*build()))
