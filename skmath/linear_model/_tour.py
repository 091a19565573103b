"""``skmath tour`` section: least squares on the diabetes data, every solver."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np

from .._tour import TourSection

SOLVERS = ("auto", "cholesky", "qr", "svd", "lstsq", "cg", "lsqr", "lsmr")


def _digits(est, ref):
    err = np.max(np.abs(est - ref) / np.maximum(np.abs(ref), 1e-300))
    return float(min(15.0, -np.log10(err))) if err > 0 else 15.0


def _timed_fit(model, X, y, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.fit(X, y)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def run_section(*, quick, out_dir, random_state):
    """Fit every solver on ``load_diabetes``; table, notes and a figure.

    Parameters
    ----------
    quick : bool
        Fewer timing repeats.
    out_dir : str or Path
        Folder for the PNG figure.
    random_state : int
        Unused (least squares is deterministic); kept for the tour protocol.

    Returns
    -------
    TourSection
        One row per solver: the solver that ran, fit time, R², correct
        digits against an extended-precision reference.
    """
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import LinearRegression as SkLinearRegression

    from . import LinearRegression

    X, y = load_diabetes(return_X_y=True)
    # a standard-scaled polynomial feature makes the problem harder
    X = np.column_stack([X, X[:, 2] ** 2, X[:, 2] ** 3])
    repeats = 3 if quick else 7
    reference = LinearRegression(solver="qr").fit(X, y)
    ref = np.r_[reference.intercept_, reference.coef_]

    rows, digits = [], {}
    for name in SOLVERS:
        model = LinearRegression(solver=name, max_iter=2000)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seconds = _timed_fit(model, X, y, repeats)
        got = np.r_[model.intercept_, model.coef_]
        digits[name] = _digits(got, ref)
        rows.append([name, model.solver_.name, f"{1e3 * seconds:.2f}",
                     round(model.score(X, y), 6), round(digits[name], 1)])
    sk = SkLinearRegression()
    seconds = _timed_fit(sk, X, y, repeats)
    digits["sklearn"] = _digits(np.r_[sk.intercept_, sk.coef_], ref)
    rows.append(["sklearn", "lstsq (gelsd)", f"{1e3 * seconds:.2f}",
                 round(sk.score(X, y), 6), round(digits["sklearn"], 1)])

    auto = LinearRegression().fit(X, y)
    ci = auto.conf_int(0.95)
    names = ["intercept", *load_diabetes().feature_names, "bmi^2", "bmi^3"]
    notes = [
        f"auto ran {auto.solver_.name!r}: {auto.solver_.reason_}",
        f"condition number of the centred design: {auto.condition_number_:.3g}; "
        f"sigma = {auto.sigma_:.2f} on {auto.df_resid_} residual df",
        "95% CI for bmi: "
        f"[{ci[3, 0]:.1f}, {ci[3, 1]:.1f}] (coef {auto.coef_[2]:.1f} "
        f"+- {auto.coef_stderr_[2]:.1f})",
        "digits: correct significant digits against QR with extended-precision "
        "refinement",
    ]

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    # the ten original features (the cubic's interval would dwarf them)
    est = auto.coef_[:10]
    half = (ci[1:11, 1] - ci[1:11, 0]) / 2
    pos = np.arange(len(est))
    ax1.errorbar(est, pos, xerr=half, fmt="o", capsize=3)
    ax1.axvline(0, color="grey", lw=0.8)
    ax1.set_yticks(pos, names[1:11])
    ax1.invert_yaxis()
    ax1.set_xlabel("coefficient (95% confidence interval)")
    ax1.set_title("LinearRegression() on diabetes")
    labels = list(digits)
    ax2.bar(labels, [digits[k] for k in labels],
            color=["C0"] * len(SOLVERS) + ["C3"])
    ax2.set_ylabel("correct digits vs reference")
    ax2.set_title("accuracy per solver")
    ax2.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    path = Path(out_dir) / "linear_model_solvers.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)

    return TourSection(
        title="Linear algebra: least squares with pluggable solvers",
        columns=["solver", "solver_ ran", "fit ms", "R^2", "digits"],
        rows=rows,
        notes=notes,
        figures=[path],
    )
