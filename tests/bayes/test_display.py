"""PosteriorDisplay draws the credible intervals of the posterior draws."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.datasets import load_diabetes  # noqa: E402

from skmath.bayes import (  # noqa: E402
    BayesianLinearRegression,
    BayesianLogisticRegression,
    PosteriorDisplay,
    exact_gaussian_posterior,
)

NOISE = 0.7


@pytest.fixture(scope="module")
def fits():
    data = load_diabetes()
    X = data.data
    y = (data.target - data.target.mean()) / data.target.std()
    reg = BayesianLinearRegression(
        inference="map", noise_std=NOISE, random_state=0
    ).fit(X, y)
    return data, reg, exact_gaussian_posterior(X, y, noise_std=NOISE)


def _drawn(container):
    line = container.lines[0]
    segments = np.array(container.lines[2][0].get_segments())
    return line.get_xdata(), line.get_ydata(), segments[:, 0, 0], segments[:, 1, 0]


def test_intervals_are_quantiles_of_the_draws(fits):
    data, reg, exact = fits
    disp = PosteriorDisplay.from_estimator(
        reg, level=0.9, feature_names=data.feature_names
    )
    (container,) = disp.errorbars_
    x, rows, lower, upper = _drawn(container)
    draws = reg.idata_.posterior["coef"].values.reshape(-1, 10)
    np.testing.assert_allclose(x, draws.mean(axis=0))
    np.testing.assert_allclose(lower, np.quantile(draws, 0.05, axis=0))
    np.testing.assert_allclose(upper, np.quantile(draws, 0.95, axis=0))
    np.testing.assert_allclose(rows, np.arange(10))
    assert disp.labels == ["MAP"]
    assert [t.get_text() for t in disp.ax_.get_yticklabels()] == data.feature_names
    plt.close(disp.figure_)


def test_overlay_of_the_exact_posterior(fits):
    data, reg, exact = fits
    fig, ax = plt.subplots()
    disp = PosteriorDisplay.from_estimator(
        reg, compare={"exact": exact}, name="Laplace", ax=ax, capsize=0
    )
    assert disp.ax_ is ax and disp.figure_ is fig
    fit_x, fit_rows, fit_lo, fit_hi = _drawn(disp.errorbars_[0])
    x, rows, lower, upper = _drawn(disp.errorbars_[1])
    np.testing.assert_allclose(x, exact["coef_mean"])
    np.testing.assert_allclose(upper - x, 1.959964 * exact["coef_std"], rtol=1e-6)
    np.testing.assert_allclose(x - lower, 1.959964 * exact["coef_std"], rtol=1e-6)
    # the two fits sit side by side in each row, never on top of each other
    assert np.all(rows > fit_rows)
    # fixed noise: the Laplace approximation is the exact posterior
    assert np.all(np.abs(fit_x - x) < 0.2 * exact["coef_std"])
    np.testing.assert_allclose(fit_hi - fit_lo, upper - lower, rtol=0.15)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Laplace", "exact"]
    plt.close(fig)


def test_logistic_multiclass_rows_and_bad_input(fits):
    data, reg, _ = fits
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 2))
    y = np.array(["a", "b", "c"])[np.argmax(X @ rng.normal(size=(2, 3)), axis=1)]
    clf = BayesianLogisticRegression(inference="map", random_state=0).fit(X, y)
    disp = PosteriorDisplay.from_estimator(clf, feature_names=["u", "v"])
    labels = [t.get_text() for t in disp.ax_.get_yticklabels()]
    assert labels == ["a: u", "a: v", "b: u", "b: v", "c: u", "c: v"]
    # the display centres each row on the posterior mean of the draws (with
    # inference="map", coef_ is the mode itself)
    draws_mean = clf.idata_.posterior["coef"].values.mean(axis=(0, 1))
    np.testing.assert_allclose(
        disp.errorbars_[0].lines[0].get_xdata(), draws_mean.ravel()
    )
    with pytest.raises(ValueError, match="level must be in"):
        PosteriorDisplay.from_estimator(reg, level=95)
    with pytest.raises(ValueError, match="missing"):
        PosteriorDisplay.from_estimator(reg, compare={"x": {"coef_mean": 1}})
    with pytest.raises(ValueError, match="10 and 6 coefficients"):
        PosteriorDisplay.from_estimator(clf, compare={"other": reg})
    plt.close("all")
