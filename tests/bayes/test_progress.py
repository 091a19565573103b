"""Verbose VI and NUTS write plain lines to a file or pipe: no \\r, no ANSI codes."""

import numpy as np
import pytest

from skmath.bayes import ADVI, NUTS, BayesianLinearRegression


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    return X, X @ [1.0, -2.0] + 0.3 * rng.normal(size=60)


def _plain(text):
    assert "\r" not in text and "\x1b" not in text
    return text.splitlines()


def test_vi_one_line_per_window(data, capfd):
    X, y = data
    reg = BayesianLinearRegression(
        inference=ADVI(window=100, progressbar=True), random_state=0
    ).fit(X, y)
    out, err = capfd.readouterr()
    lines = _plain(out + err)
    # a line at every window end; the windows double on plateaus, and the
    # fit ends (converged) at one
    assert len(lines) >= 3
    assert lines[-1].startswith(f"Iteration {reg.n_iter_}, loss = ")
    assert lines[0].startswith("Iteration 100, loss = ")
    assert lines[1].startswith(
        f"Iteration 200, loss = {reg.loss_[100:200].mean():.8f}, shift = "
    )
    quiet = BayesianLinearRegression(inference=ADVI(window=100), random_state=0)
    quiet.fit(X, y)
    assert capfd.readouterr() == ("", "")


def test_nuts_lines_per_tenth_of_each_chain(data, capfd):
    X, y = data
    BayesianLinearRegression(
        inference=NUTS(draws=50, tune=50, chains=2, progressbar=True),
        random_state=0,
    ).fit(X, y)
    out, err = capfd.readouterr()
    lines = [line for line in _plain(out + err) if line.startswith("Draw ")]
    assert len(lines) == 20  # 10 per chain
    assert lines[0].startswith("Draw 10, chain = 0, phase = tune, divergences = ")
    assert lines[-1].startswith("Draw 100, chain = 1, phase = draw, divergences = ")
