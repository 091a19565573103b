"""LinearRegression fit time against scikit-learn and against forming X^T X.

Rows (ratio = skmath / peer, medians, interleaved in one run):

- tall dense data, ``solver="auto"`` vs :class:`sklearn.linear_model.LinearRegression`
  and vs the raw ``np.dot(X.T, X)`` (the floor for any normal-equations
  method), with the coefficient difference to scikit-learn;
- sparse CSR data (auto -> LSMR, intercept without densifying) vs scikit-learn,
  with each side's distance to the exact (Cholesky) solution;
- small dense data fitted again and again (a grid search's inner loop): the
  fixed per-fit cost, one BLAS thread on both sides;
- an ill-conditioned polynomial design (auto -> QR) vs scikit-learn, with
  the correct digits of each against the known coefficients, one BLAS
  thread on both sides;
- a tall ``dask.array`` (blockwise) vs the NumPy fit, with their difference.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LinearRegression as SkLinearRegression

from benchmarks._common import compare, median_time, row, scored
from skmath.linear_model import LinearRegression


def _digits(est, ref):
    err = np.max(np.abs(est - ref) / np.abs(ref))
    return float(min(15.0, -np.log10(err))) if err > 0 else 15.0


def run(quick: bool) -> list[dict]:
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(0)
    rows = []
    repeats = 3 if quick else 5

    # -- tall dense --------------------------------------------------------
    n, p = (50_000, 100) if quick else (200_000, 100)
    X = rng.normal(size=(n, p))
    y = X @ rng.normal(size=p) + 1.0 + rng.normal(size=n)
    ours = LinearRegression()
    theirs = SkLinearRegression()
    t_ours, t_sk = compare(lambda: ours.fit(X, y), lambda: theirs.fit(X, y),
                           repeats=repeats)
    diff = float(np.max(np.abs(ours.coef_ - theirs.coef_)))
    rows.append(row(f"dense {n}x{p} fit (auto)", t_ours, "sklearn", t_sk,
                    solver=ours.solver_.name, max_coef_diff=diff,
                    equal_1e8=bool(diff <= 1e-8)))
    t_ours2, t_gram = compare(lambda: ours.fit(X, y), lambda: np.dot(X.T, X),
                              repeats=repeats)
    rows.append(row(f"dense {n}x{p} fit (auto) vs X^T X", t_ours2, "np.dot(X.T, X)",
                    t_gram))

    # -- sparse ------------------------------------------------------------
    n_s, p_s = (50_000, 300) if quick else (200_000, 1000)
    Xs = sp.random(n_s, p_s, density=0.01, format="csr", random_state=0)
    ys = Xs @ rng.normal(size=p_s) + 2.0 + 0.01 * rng.normal(size=n_s)
    ours_s = LinearRegression()
    theirs_s = SkLinearRegression()
    t_ours, t_sk = compare(lambda: ours_s.fit(Xs, ys), lambda: theirs_s.fit(Xs, ys),
                           repeats=repeats)
    # the exact solution (Cholesky on the Gram matrix) scores both sides
    exact = LinearRegression(solver="cholesky").fit(Xs, ys).coef_
    diff = float(np.max(np.abs(ours_s.coef_ - theirs_s.coef_)))
    rows.append(row(
        f"sparse {n_s}x{p_s} (1%) fit (auto)", t_ours, "sklearn", t_sk,
        solver=ours_s.solver_.name, max_coef_diff=diff,
        equal_1e6=bool(diff <= 1e-6),
        work={"skmath": {"solver": f"{ours_s.solver_.name}, tol=1e-10",
                         "iterations": int(ours_s.n_iter_[0]),
                         "standard errors": "on first access (not asked)"},
              "peer": {"solver": "scipy lsqr, tol=1e-6"}},
        accuracy=scored("max |coef - exact|",
                        float(np.max(np.abs(ours_s.coef_ - exact))),
                        float(np.max(np.abs(theirs_s.coef_ - exact)))),
    ))

    # -- small dense, repeated (a grid search's inner loop) ------------------
    Xm = rng.normal(size=(200, 5))
    ym = Xm @ rng.normal(size=5) + 1.0 + rng.normal(size=200)
    ours_m = LinearRegression()
    theirs_m = SkLinearRegression()
    # equal threads: one BLAS thread on both sides (skmath's own choice for
    # problems this small; scikit-learn's lstsq would wake idle threads)
    with threadpool_limits(1, user_api="blas"):
        t_ours, t_sk = compare(lambda: ours_m.fit(Xm, ym),
                               lambda: theirs_m.fit(Xm, ym),
                               repeats=201 if quick else 1001)
    exact_m = np.linalg.lstsq(np.column_stack([np.ones(200), Xm]), ym, rcond=None)[0]
    rows.append(row(
        "small dense 200x5 fit (auto), repeated", t_ours, "sklearn", t_sk,
        solver=ours_m.solver_.name,
        work={"skmath": {"solver": ours_m.solver_.name, "blas_threads": 1,
                         "standard errors": "on first access (not asked)"},
              "peer": {"solver": "scipy lstsq (gelsd)", "blas_threads": 1}},
        accuracy=scored("correct digits vs numpy lstsq",
                        _digits(np.r_[ours_m.intercept_, ours_m.coef_], exact_m),
                        _digits(np.r_[theirs_m.intercept_, theirs_m.coef_],
                                exact_m)),
    ))

    # -- ill-conditioned ---------------------------------------------------
    t = np.linspace(0, 1, 2000)
    V = np.column_stack([t**k for k in range(1, 9)])
    beta = np.arange(1.0, 9.0)
    yv = V @ beta + 0.5
    ours_v = LinearRegression()
    theirs_v = SkLinearRegression()
    with warnings.catch_warnings(), threadpool_limits(1, user_api="blas"):
        warnings.simplefilter("ignore")
        t_ours, t_sk = compare(lambda: ours_v.fit(V, yv), lambda: theirs_v.fit(V, yv),
                               repeats=21 if quick else 51)
    rows.append(row(
        "ill-conditioned polynomial 2000x8 fit (auto)", t_ours, "sklearn", t_sk,
        solver=ours_v.solver_.name,
        skmath_digits=_digits(ours_v.coef_, beta),
        peer_digits=_digits(theirs_v.coef_, beta),
        work={"skmath": {"solver": "auto: cholesky declined, QR + refinement in "
                                   "extended precision", "blas_threads": 1},
              "peer": {"solver": "scipy lstsq (gelsd)", "blas_threads": 1}},
        accuracy=scored("correct digits of the coefficients",
                        _digits(ours_v.coef_, beta), _digits(theirs_v.coef_, beta)),
    ))

    # -- dask ----------------------------------------------------------------
    try:
        import dask
        import dask.array as da
    except ImportError:  # pragma: no cover - dask is an extra
        return rows
    n_d, p_d = (100_000, 40) if quick else (400_000, 40)
    Xd_np = rng.normal(size=(n_d, p_d))
    yd_np = Xd_np @ rng.normal(size=p_d) + 3.0 + rng.normal(size=n_d)
    Xd = da.from_array(Xd_np, chunks=(n_d // 8, p_d))
    yd = da.from_array(yd_np, chunks=n_d // 8)
    ref = LinearRegression().fit(Xd_np, yd_np)
    t_np = median_time(lambda: ref.fit(Xd_np, yd_np), repeats=repeats)
    with dask.config.set(scheduler="threads"):
        for solver in ("cholesky", "auto"):
            model = LinearRegression(solver=solver)
            t_d = median_time(lambda m=model: m.fit(Xd, yd), repeats=repeats)
            diff = float(np.max(np.abs(model.coef_ - ref.coef_)))
            rows.append(row(f"dask {n_d}x{p_d} fit ({solver}: {model.dask_path_})",
                            t_d, "numpy fit", t_np, max_coef_diff=diff,
                            equal_1e8=bool(diff <= 1e-8)))
    return rows
