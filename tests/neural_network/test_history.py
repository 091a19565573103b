"""Divergence of a finite loss, and the held-out histories of the MLPs and the CNN."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning

from skmath.neural_network import DivergenceWarning, MLPClassifier, MLPRegressor

torch = pytest.importorskip("torch")

FAST = {"hidden_layer_sizes": (8,), "random_state": 0, "n_jobs": 1}


def test_a_loss_exploding_in_the_first_epoch_is_an_error():
    # plain SGD at lr=1e4: the first epoch's loss is ~4e15, finite, at chance
    X, y = load_digits(return_X_y=True)
    clf = MLPClassifier(
        (64,), optimizer="sgd", learning_rate_init=1e4, random_state=0, n_jobs=1
    )
    with pytest.raises(ValueError, match="diverged.*lower learning_rate_init"):
        clf.fit(X / 16, y)
    assert np.isfinite(clf.loss_curve_).all() and clf.n_iter_ == 1


def test_a_finite_exploding_loss_restores_the_best_weights():
    X, _ = make_classification(n_samples=120, n_features=6, random_state=0)
    X = (X - X.mean(0)) / X.std(0)
    y = np.arange(120.0) ** 2  # 2e7 -> 1.9e7 -> 5e10 -> 1e24 -> inf
    reg = MLPRegressor(**FAST, optimizer="sgd", learning_rate_init=0.01, max_iter=30)
    with pytest.warns(DivergenceWarning, match="restored the weights.*lower"):
        reg.fit(X, y)
    # stopped at the first exploded epoch, long before the loss overflows
    assert reg.n_iter_ == 3 and np.isfinite(reg.loss_curve_).all()
    assert reg.loss_ > 10 * reg.loss_curve_[0]
    # the weights are those of the best epoch, not of the exploded one
    loss = 0.5 * np.mean((reg.predict(X) - y) ** 2)
    assert loss < 2 * min(reg.loss_curve_)


def test_spikes_below_the_divergence_factor_train_on():
    X, y = make_classification(
        n_samples=120, n_features=6, n_informative=4, n_classes=3, random_state=0
    )
    X = (X - X.mean(0)) / X.std(0)
    # SGD at lr=4 spikes to 5x its start at epoch 5 and recovers
    clf = MLPClassifier(
        **FAST, optimizer="sgd", learning_rate_init=4, batch_size=16, max_iter=12
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", DivergenceWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf.n_iter_ == 12 and max(clf.loss_curve_) > 3 * clf.loss_curve_[0]


def test_regressor_validation_loss_matches_its_validation_score():
    X, y = make_regression(n_samples=150, n_features=4, noise=5.0, random_state=0)
    reg = MLPRegressor(
        **FAST, optimizer="lbfgs", early_stopping=True, max_iter=15, tol=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg.fit(X, y / y.std())
    losses = np.array(reg.validation_loss_curve_)
    scores = np.array(reg.validation_scores_)
    assert len(losses) == len(scores) == reg.n_iter_ == len(reg.loss_curve_)
    # on one held-out set, half the MSE = (1 - R^2) * var(y_val) / 2 at every
    # iteration: the ratio is constant only if both come from the same samples
    ratio = losses / (1 - scores)
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-6)
    assert losses[-1] < losses[0]


def test_classifier_validation_loss_is_the_held_out_cross_entropy():
    X, y = make_classification(
        n_samples=200, n_features=6, n_informative=4, n_classes=3, random_state=0
    )
    clf = MLPClassifier(**FAST, early_stopping=True, max_iter=30, n_iter_no_change=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert len(clf.validation_loss_curve_) == len(clf.validation_scores_) == 30
    assert all(v > 0 for v in clf.validation_loss_curve_)
    assert clf.validation_loss_curve_[-1] < clf.validation_loss_curve_[0]
    # without early stopping there is no held-out set
    clf.set_params(early_stopping=False, max_iter=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf.validation_loss_curve_ is None and clf.validation_scores_ is None


def test_cnn_exposes_the_mlp_history_names():
    pytest.importorskip("skorch")
    from skmath.cnn import CNNClassifier

    X, y = load_digits(n_class=3, return_X_y=True)
    X, y = X[:90] / 16, y[:90]
    clf = CNNClassifier(
        max_epochs=2, batch_size=16, early_stopping=True, random_state=0, n_jobs=1
    ).fit(X, y)
    history = clf.net_.history
    assert clf.validation_loss_curve_ == list(history[:, "valid_loss"])
    assert clf.validation_scores_ == list(history[:, "valid_acc"])
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    assert len(clf.validation_loss_curve_) == clf.n_iter_ == len(clf.loss_curve_)
    clf.set_params(early_stopping=False, max_epochs=1).fit(X, y)
    assert clf.validation_loss_curve_ is None and clf.validation_scores_ is None
