"""Approximate inference: skmath.bayes against hand-written PyMC and BayesianRidge.

Rows (ratio = skmath time / peer time):

- ``fit <method>``: one fit on standardised ``load_diabetes`` with fixed
  noise, so the exact Gaussian posterior is known; the peer is the same model
  written in PyMC by hand with the same inference (``pm.fit`` with Adam at
  the same learning rate, ``pm.sample``, ``pm.find_MAP``).  Accuracy columns:
  largest error of the posterior means in exact posterior sds and the range of
  posterior sd / exact sd.
- ``vs BayesianRidge``: skmath ADVI (learned noise) against
  ``sklearn.linear_model.BayesianRidge`` on a held-out quarter of diabetes: R^2
  and coverage of 95% predictive intervals.
- ``grid search``: a 3x3-fold ``GridSearchCV`` over ``prior_scale`` against one
  cold fit (model build and compile included, PyTensor disk cache warm).
- ``minibatch 200k``: minibatch ADVI on 200,000 x 10 rows against a
  hand-written PyMC ``pm.Minibatch`` model with the same batch size,
  optimiser and iterations; accuracy = largest coefficient error.
"""

from __future__ import annotations

import time
import warnings

import numpy as np

from benchmarks._common import compare, row

NOISE = 0.7


def _quiet():
    import logging

    warnings.simplefilter("ignore")
    logging.getLogger("pymc").setLevel(logging.ERROR)


def _diabetes_std():
    from sklearn.datasets import load_diabetes
    from sklearn.preprocessing import StandardScaler

    X, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    return X, (y - y.mean()) / y.std()


def _accuracy(mean, std, exact):
    z = np.abs(mean - exact["coef_mean"]) / exact["coef_std"]
    ratio = std / exact["coef_std"]
    return {
        "max_mean_err_sd": round(float(z.max()), 3),
        "sd_ratio_min": round(float(ratio.min()), 3),
        "sd_ratio_max": round(float(ratio.max()), 3),
    }


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _pymc_fixed_noise(X, y, method, n_iter, draws, tune, seed=0):
    """The same model by hand: beta ~ N(0, 1), y ~ N(X beta, NOISE)."""
    import pymc as pm

    with pm.Model():
        beta = pm.Normal("beta", 0.0, 1.0, shape=X.shape[1])
        pm.Normal("y", pm.math.dot(X, beta), NOISE, observed=y)
        if method == "nuts":
            idata = pm.sample(
                draws=draws,
                tune=tune,
                chains=2,
                cores=1,
                random_seed=seed,
                progressbar=False,
                compute_convergence_checks=False,
            )
            b = idata.posterior["beta"].values.reshape(-1, X.shape[1])
        elif method == "map":
            point = pm.find_MAP(progressbar=False, seed=seed)
            b = np.asarray(point["beta"])[None]
        else:
            approx = pm.fit(
                n=n_iter,
                method=method,
                random_seed=seed,
                progressbar=False,
                obj_optimizer=pm.adam(learning_rate=0.01),
                callbacks=[pm.callbacks.CheckParametersConvergence(diff="absolute")],
            )
            idata = approx.sample(draws, random_seed=seed)
            b = idata.posterior["beta"].values.reshape(-1, X.shape[1])
    return b.mean(0), b.std(0)


def _exact_rows(quick):
    from skmath.bayes import BayesianLinearRegression, exact_gaussian_posterior

    X, y = _diabetes_std()
    exact = exact_gaussian_posterior(X, y, noise_std=NOISE, fit_intercept=False)
    draws, tune = (500, 500) if quick else (1000, 1000)
    repeats = 1 if quick else 3
    rows = []
    for method in ("advi", "fullrank_advi", "nuts", "map"):
        est = BayesianLinearRegression(
            inference=method,
            noise_std=NOISE,
            fit_intercept=False,
            draws=draws,
            tune=tune,
            random_state=0,
        )
        est.fit(X, y)  # warm the compiled-model cache, as in a session
        peer_out = []
        ours_s, peer_s = compare(
            lambda est=est: est.fit(X, y),
            lambda m=method, out=peer_out: out.append(
                _pymc_fixed_noise(X, y, m, 20000, draws, tune)
            ),
            repeats=repeats,
            warmup=0,
        )
        mean, std = peer_out[-1]
        ours = _accuracy(est.coef_, est.coef_std_, exact)
        theirs = _accuracy(mean, std, exact)
        rows.append(
            row(
                f"fit {method} (diabetes, exact oracle)",
                ours_s,
                "hand-written PyMC",
                peer_s,
                **{f"skmath_{k}": v for k, v in ours.items()},
                **{f"peer_{k}": v for k, v in theirs.items()},
                skmath_n_iter=est.n_iter_,
            )
        )
    return rows


def _bayesian_ridge_row():
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import BayesianRidge
    from sklearn.model_selection import train_test_split

    from skmath.bayes import BayesianLinearRegression

    X, y = load_diabetes(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0)
    ours = BayesianLinearRegression(random_state=0)
    ours.fit(Xtr, ytr)
    ours_s, _ = _timed(lambda: ours.fit(Xtr, ytr))
    peer = BayesianRidge()
    peer_s, _ = _timed(lambda: peer.fit(Xtr, ytr))

    def coverage(mean, std):
        return round(float(np.mean(np.abs(yte - mean) <= 1.96 * std)), 3)

    m1, s1 = ours.predict(Xte, return_std=True)
    m2, s2 = peer.predict(Xte, return_std=True)
    return row(
        "vs BayesianRidge (diabetes held-out)",
        ours_s,
        "sklearn BayesianRidge",
        peer_s,
        skmath_r2=round(ours.score(Xte, yte), 4),
        peer_r2=round(peer.score(Xte, yte), 4),
        skmath_coverage95=coverage(m1, s1),
        peer_coverage95=coverage(m2, s2),
    )


def _grid_row(quick):
    from sklearn.datasets import load_diabetes
    from sklearn.model_selection import GridSearchCV

    from skmath.bayes import BayesianLinearRegression, _model

    X, y = load_diabetes(return_X_y=True)
    est = BayesianLinearRegression(random_state=0)
    grid = GridSearchCV(est, {"prior_scale": [0.1, 1.0, 10.0]}, cv=3)

    def cold():
        _model._CACHE.clear()
        est.fit(X, y)

    def grid_cold():  # the search compiles once too
        _model._CACHE.clear()
        grid.fit(X, y)

    grid_s, cold_s = compare(grid_cold, cold, repeats=1 if quick else 3, warmup=0)
    return row(
        "grid search 3x3-fold (10 fits) vs one cold fit",
        grid_s,
        "one cold fit (warm PyTensor disk cache)",
        cold_s,
        best_prior_scale=grid.best_params_["prior_scale"],
        cold_fit_fresh_compile_cache_s=_fresh_cache_fit_seconds(),
    )


_FRESH = """
import time, warnings
warnings.simplefilter("ignore")
from sklearn.datasets import load_diabetes
from skmath.bayes import BayesianLinearRegression
X, y = load_diabetes(return_X_y=True)
start = time.perf_counter()
BayesianLinearRegression(random_state=0).fit(X, y)
print(time.perf_counter() - start)
"""


def _fresh_cache_fit_seconds():
    """One fit in a new process with an empty PyTensor compile cache."""
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTENSOR_FLAGS": f"compiledir={tmp}", "PYTHONPATH": root}
        out = subprocess.run(
            [sys.executable, "-c", _FRESH],
            env=env,
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
    return round(float(out.stdout.strip().splitlines()[-1]), 3)


def _minibatch_row(quick):
    import pymc as pm

    from skmath.bayes import BayesianLinearRegression

    rng = np.random.default_rng(0)
    n, p, batch = 200_000, 10, 1000
    X = rng.normal(size=(n, p))
    w = rng.normal(size=p)
    y = X @ w + 1.5 + rng.normal(size=n)
    ours_s, est = _timed(
        lambda: BayesianLinearRegression(batch_size=batch, random_state=0).fit(X, y)
    )
    n_iter = est.n_iter_

    def peer():
        with pm.Model():
            Xb, yb = pm.Minibatch(X, y, batch_size=batch)
            beta = pm.Normal("beta", 0.0, 1.0, shape=p)
            alpha = pm.Normal("alpha", 0.0, 10.0)
            sigma = pm.HalfNormal("sigma", 1.0)
            pm.Normal(
                "y", alpha + pm.math.dot(Xb, beta), sigma, observed=yb, total_size=n
            )
            approx = pm.fit(
                n=n_iter,
                method="advi",
                random_seed=0,
                progressbar=False,
                obj_optimizer=pm.adam(learning_rate=0.01),
            )
            return approx.sample(1000, random_seed=0).posterior["beta"].values

    peer_s, beta = _timed(peer)
    peer_coef = beta.reshape(-1, p).mean(0)
    return row(
        "minibatch ADVI 200k x 10 (cold, incl. compile)",
        ours_s,
        "hand-written PyMC pm.Minibatch",
        peer_s,
        skmath_max_coef_err=round(float(np.abs(est.coef_ - w).max()), 4),
        peer_max_coef_err=round(float(np.abs(peer_coef - w).max()), 4),
        skmath_converged=bool(est.converged_),
        n_iter=n_iter,
    )


def run(quick: bool) -> list[dict]:
    with warnings.catch_warnings():
        _quiet()
        rows = _exact_rows(quick)
        rows.append(_bayesian_ridge_row())
        rows.append(_grid_row(quick))
        rows.append(_minibatch_row(quick))
    return rows


if __name__ == "__main__":
    import json
    import sys

    for r in run(quick="--quick" in sys.argv):
        print(json.dumps(r))
