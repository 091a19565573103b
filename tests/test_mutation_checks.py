"""Tests added by the mutation pass (issue #16.6): each fails for a mutation
that no earlier test caught (the mutation is named in the test)."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning


@pytest.mark.slow
def test_minibatch_advi_posterior_sd_matches_full_data_posterior():
    # mutation: the n / batch_size likelihood scaling of a minibatch deleted
    # (the posterior then is that of 250 rows, sds ~6x too wide) passed every
    # test that checked only the means
    from skmath.bayes import BayesianLinearRegression
    from skmath.bayes._linear import exact_gaussian_posterior

    rng = np.random.default_rng(0)
    X = rng.normal(size=(8_000, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 1.0 + rng.normal(size=len(X))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = BayesianLinearRegression(
            batch_size=250, n_iter=2000, noise_std=1.0, random_state=0
        ).fit(X, y)
    exact = exact_gaussian_posterior(X, y, noise_std=1.0)
    ratio = est.coef_std_ / exact["coef_std"]
    assert np.all((ratio > 0.5) & (ratio < 2.0)), ratio


def test_cnn_cosine_schedule_anneals_over_max_epochs():
    # mutation: CosineAnnealingLR's T_max=max_epochs -> 1 (the rate jumps back
    # up every other epoch) passed every CNN test
    from sklearn.datasets import load_digits

    from skmath.cnn import CNNClassifier

    X, y = load_digits(return_X_y=True)
    clf = CNNClassifier(
        max_epochs=4, lr=0.01, lr_schedule="cosine", batch_size=64, n_jobs=1,
        random_state=0,
    ).fit(X[:200].reshape(-1, 8, 8) / 16, y[:200])
    lrs = np.asarray(clf.net_.history[:, "event_lr"], dtype=float)
    expected = 0.01 * (1 + np.cos(np.pi * np.arange(4) / 4)) / 2
    np.testing.assert_allclose(lrs, expected, rtol=1e-6)
