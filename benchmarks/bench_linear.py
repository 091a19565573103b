"""LinearRegression fit time against scikit-learn and against forming X^T X.

Rows (ratio = skmath / peer, medians, interleaved in one run):

- tall dense data, ``solver="auto"`` vs :class:`sklearn.linear_model.LinearRegression`
  (default against default: SciPy's ``lstsq``), vs scikit-learn's own
  normal-equations route ``Ridge(solver="cholesky", alpha=1e-10)``, and vs
  the raw ``np.dot(X.T, X)`` (the floor for any normal-equations method);
- the same data in float32: scikit-learn computes in float32, skmath in
  float64 (it upcasts), so ``work`` says which dtype each side computed in
  and ``accuracy`` what each reached;
- sparse CSR data vs scikit-learn;
- small dense data fitted again and again (a grid search's inner loop): the
  fixed per-fit cost, one BLAS thread on both sides;
- an ill-conditioned polynomial design (auto -> QR) vs scikit-learn, with
  the correct digits of each against the exact coefficients, one BLAS
  thread on both sides;
- a tall ``dask.array`` (blockwise) vs the NumPy fit, with their difference.

Accuracy is the largest coefficient error against a float64 ``lstsq``
reference of the same problem (the exact coefficients for the polynomial).
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LinearRegression as SkLinearRegression
from sklearn.linear_model import Ridge

from benchmarks._common import compare, median_time, row, scored
from skmath.linear_model import LinearRegression

COEF_ERR = "max |coef - float64 lstsq coef|"


def _digits(est, ref):
    err = np.max(np.abs(est - ref) / np.abs(ref))
    return float(min(15.0, -np.log10(err))) if err > 0 else 15.0


def _reference(X, y):
    """Float64 least squares with an intercept (centred lstsq)."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    xm, ym = X.mean(axis=0), y.mean()
    coef = np.linalg.lstsq(X - xm, y - ym, rcond=None)[0]
    return coef


def _err(model, ref):
    return float(np.max(np.abs(np.asarray(model.coef_, dtype=np.float64) - ref)))


def _dtype(model):
    return str(np.asarray(model.coef_).dtype)


def run(quick: bool) -> list[dict]:
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(0)
    rows = []
    repeats = 3 if quick else 5

    # -- tall dense --------------------------------------------------------
    n, p = (50_000, 100) if quick else (200_000, 100)
    X = rng.normal(size=(n, p))
    y = X @ rng.normal(size=p) + 1.0 + rng.normal(size=n)
    ref = _reference(X, y)
    ours = LinearRegression()
    peers = [
        ("sklearn", SkLinearRegression(), "lstsq (SciPy gelsd)"),
        (
            'sklearn Ridge(solver="cholesky", alpha=1e-10)',
            Ridge(solver="cholesky", alpha=1e-10),
            "normal equations, Cholesky",
        ),
    ]
    for label, theirs, route in peers:
        t_ours, t_sk = compare(
            lambda: ours.fit(X, y), lambda t=theirs: t.fit(X, y), repeats=repeats
        )
        rows.append(
            row(
                f"dense {n}x{p} fit (auto)",
                t_ours,
                label,
                t_sk,
                work={
                    "skmath": {"route": ours.solver_.name, "dtype": _dtype(ours)},
                    "peer": {"route": route, "dtype": _dtype(theirs)},
                },
                accuracy=scored(COEF_ERR, _err(ours, ref), _err(theirs, ref)),
                solver=ours.solver_.name,
            )
        )
    t_ours2, t_gram = compare(
        lambda: ours.fit(X, y), lambda: np.dot(X.T, X), repeats=repeats
    )
    rows.append(
        row(
            f"dense {n}x{p} fit (auto) vs X^T X",
            t_ours2,
            "np.dot(X.T, X)",
            t_gram,
            work={
                "skmath": {"route": f"whole fit ({ours.solver_.name})"},
                "peer": {"route": "the Gram matrix alone"},
            },
            accuracy=scored(COEF_ERR, _err(ours, ref), "n/a (no solve)"),
        )
    )

    # -- float32 input: both sides given float32 ---------------------------
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    ref32 = _reference(X32, y32)
    for label, theirs, route in peers:
        t_ours, t_sk = compare(
            lambda: ours.fit(X32, y32),
            lambda t=theirs: t.fit(X32, y32),
            repeats=repeats,
        )
        rows.append(
            row(
                f"dense {n}x{p} float32 input fit (auto)",
                t_ours,
                label,
                t_sk,
                work={
                    "skmath": {"route": ours.solver_.name, "dtype": _dtype(ours)},
                    "peer": {"route": route, "dtype": _dtype(theirs)},
                },
                accuracy=scored(COEF_ERR, _err(ours, ref32), _err(theirs, ref32)),
            )
        )

    # -- sparse ------------------------------------------------------------
    n_s, p_s = (50_000, 300) if quick else (200_000, 1000)
    Xs = sp.random(n_s, p_s, density=0.01, format="csr", random_state=0)
    ys = Xs @ rng.normal(size=p_s) + 2.0 + 0.01 * rng.normal(size=n_s)
    ref_s = _reference(Xs.toarray(), ys) if quick else None
    ours_s = LinearRegression()
    theirs_s = SkLinearRegression()
    t_ours, t_sk = compare(
        lambda: ours_s.fit(Xs, ys), lambda: theirs_s.fit(Xs, ys), repeats=repeats
    )
    diff = float(np.max(np.abs(ours_s.coef_ - theirs_s.coef_)))
    if ref_s is not None:
        acc = scored(COEF_ERR, _err(ours_s, ref_s), _err(theirs_s, ref_s))
    else:  # a dense reference would need 1.6 GB: the exact sparse Cholesky one
        exact = LinearRegression(solver="cholesky").fit(Xs, ys)
        acc = scored(
            "max |coef - exact (sparse Cholesky) coef|",
            # as text: scored() rounds numbers to 6 decimals, these are ~1e-9
            f"{_err(ours_s, exact.coef_):.1e}",
            f"{_err(theirs_s, exact.coef_):.1e}",
        )
    rows.append(
        row(
            f"sparse {n_s}x{p_s} (1%) fit (auto)",
            t_ours,
            "sklearn",
            t_sk,
            work={
                "skmath": {
                    "route": f"{ours_s.solver_.name}, tol=1e-10",
                    "iterations": int(ours_s.n_iter_[0]),
                    "standard errors": "on first access (not asked)",
                    "dtype": _dtype(ours_s),
                },
                "peer": {"route": "scipy lsqr (sparse), tol=1e-6",
                         "dtype": _dtype(theirs_s)},
            },
            accuracy=acc,
            solver=ours_s.solver_.name,
            max_coef_diff=diff,
        )
    )

    # -- small dense, repeated (a grid search's inner loop) ------------------
    Xm = rng.normal(size=(200, 5))
    ym = Xm @ rng.normal(size=5) + 1.0 + rng.normal(size=200)
    ref_m = _reference(Xm, ym)
    ours_m = LinearRegression()
    theirs_m = SkLinearRegression()
    # equal threads: one BLAS thread on both sides (skmath's own choice for
    # problems this small)
    with threadpool_limits(1, user_api="blas"):
        t_ours, t_sk = compare(
            lambda: ours_m.fit(Xm, ym),
            lambda: theirs_m.fit(Xm, ym),
            repeats=201 if quick else 1001,
        )
    rows.append(
        row(
            "small dense 200x5 fit (auto), repeated",
            t_ours,
            "sklearn",
            t_sk,
            work={
                "skmath": {
                    "route": ours_m.solver_.name,
                    "blas_threads": 1,
                    "standard errors": "on first access (not asked)",
                },
                "peer": {"route": "lstsq (SciPy gelsd)", "blas_threads": 1},
            },
            accuracy=scored(
                COEF_ERR, f"{_err(ours_m, ref_m):.1e}", f"{_err(theirs_m, ref_m):.1e}"
            ),
            solver=ours_m.solver_.name,
        )
    )

    # -- ill-conditioned ---------------------------------------------------
    t = np.linspace(0, 1, 2000)
    V = np.column_stack([t**k for k in range(1, 9)])
    beta = np.arange(1.0, 9.0)
    yv = V @ beta + 0.5
    ours_v = LinearRegression()
    theirs_v = SkLinearRegression()
    with warnings.catch_warnings(), threadpool_limits(1, user_api="blas"):
        warnings.simplefilter("ignore")
        t_ours, t_sk = compare(
            lambda: ours_v.fit(V, yv),
            lambda: theirs_v.fit(V, yv),
            repeats=21 if quick else 51,
        )
    rows.append(
        row(
            "ill-conditioned polynomial 2000x8 fit (auto)",
            t_ours,
            "sklearn",
            t_sk,
            work={
                "skmath": {
                    "route": "auto: Cholesky declined, QR + refinement in "
                    "extended precision",
                    "dtype": "float64",
                    "blas_threads": 1,
                },
                "peer": {
                    "route": "lstsq (SciPy gelsd)",
                    "dtype": "float64",
                    "blas_threads": 1,
                },
            },
            accuracy=scored(
                "correct digits of coef",
                round(_digits(ours_v.coef_, beta), 2),
                round(_digits(theirs_v.coef_, beta), 2),
            ),
            solver=ours_v.solver_.name,
        )
    )

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
    ref_d = _reference(Xd_np, yd_np)
    np_model = LinearRegression().fit(Xd_np, yd_np)
    t_np = median_time(lambda: np_model.fit(Xd_np, yd_np), repeats=repeats)
    with dask.config.set(scheduler="threads"):
        for solver in ("cholesky", "auto"):
            model = LinearRegression(solver=solver)
            t_d = median_time(lambda m=model: m.fit(Xd, yd), repeats=repeats)
            rows.append(
                row(
                    f"dask {n_d}x{p_d} fit ({solver}: {model.dask_path_})",
                    t_d,
                    "numpy fit",
                    t_np,
                    work={
                        "skmath": {
                            "input": "dask.array, 8 blocks, threaded",
                            "route": model.dask_path_,
                        },
                        "peer": {"input": "numpy", "route": np_model.solver_.name},
                    },
                    accuracy=scored(
                        COEF_ERR, _err(model, ref_d), _err(np_model, ref_d)
                    ),
                )
            )
    return rows
