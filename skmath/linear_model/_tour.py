"""``skmath tour`` section: least squares on the diabetes data, every solver."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np

from .._tour import TourSection
from ..utils._plotting import PEER_COLOR, SKMATH_COLOR, legend_outside

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


def _nist_digits():
    """Correct digits of the coefficients on every NIST StRD set: skmath's
    ``auto`` against scikit-learn's ``LinearRegression``."""
    from sklearn.linear_model import LinearRegression as SkLinearRegression

    from ..datasets import NIST_STRD_NAMES, load_nist_strd
    from . import LinearRegression

    out = {}
    for name in NIST_STRD_NAMES:
        X, y, fit_intercept, cert = load_nist_strd(name)
        row = []
        for model in (LinearRegression(), SkLinearRegression()):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model.set_params(fit_intercept=fit_intercept).fit(X, y)
            coef = np.atleast_1d(model.coef_)
            got = np.r_[model.intercept_, coef] if fit_intercept else coef
            row.append(max(0.0, _digits(got, np.asarray(cert["coef"]))))
        out[name] = row
    return out


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

    from . import CoefDisplay, LinearRegression

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

    nist = _nist_digits()
    lost = [n for n, (ours, theirs) in nist.items() if theirs < 7 <= ours]
    notes.append(
        "NIST StRD, correct digits of the coefficients, auto / scikit-learn: "
        + ", ".join(f"{n} {a:.1f}/{b:.1f}" for n, (a, b) in nist.items())
    )

    fig, (ax1, ax2, ax3) = plt.subplots(
        1, 3, figsize=(17, 4.6), gridspec_kw={"width_ratios": [1, 1, 1.5]}
    )
    # the ten original features (the cubic's interval would dwarf them)
    CoefDisplay(
        coef=auto.coef_[:10],
        lower=ci[1:11, 0],
        upper=ci[1:11, 1],
        feature_names=names[1:11],
        level=0.95,
    ).plot(ax=ax1, color=SKMATH_COLOR)
    ax1.set_title("LinearRegression() on diabetes")
    labels = list(digits)
    bars = ax2.bar(
        labels,
        [digits[k] for k in labels],
        color=[SKMATH_COLOR] * len(SOLVERS) + [PEER_COLOR],
    )
    ax2.bar_label(bars, fmt="%.1f", fontsize=7)
    ax2.set_ylabel("correct digits vs reference")
    ax2.set_title("diabetes: every solver (sklearn in orange)")
    ax2.tick_params(axis="x", rotation=45)
    pos = np.arange(len(nist))
    ours = [v[0] for v in nist.values()]
    theirs = [v[1] for v in nist.values()]
    b1 = ax3.bar(pos - 0.2, ours, 0.4, color=SKMATH_COLOR, label="skmath auto")
    b2 = ax3.bar(pos + 0.2, theirs, 0.4, color=PEER_COLOR, label="scikit-learn")
    ax3.bar_label(b1, fmt="%.0f", fontsize=7)
    ax3.bar_label(b2, fmt="%.0f", fontsize=7)
    ax3.set_xticks(pos, list(nist), rotation=45)
    ax3.set_ylim(0, 16.5)
    ax3.set_ylabel("correct digits vs NIST certified")
    ax3.set_title(
        f"NIST StRD: scikit-learn below 7 digits on {len(lost)} of {len(nist)} sets"
    )
    legend_outside(ax3)
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
