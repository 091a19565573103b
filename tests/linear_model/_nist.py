"""NIST StRD linear-regression sets and the log relative error (LRE)."""


import numpy as np

from skmath.datasets import NIST_STRD_NAMES, load_nist_strd

NAMES = list(NIST_STRD_NAMES)
CERTIFIED = {name: load_nist_strd(name)[3] for name in NAMES}


def load(name):
    """``X, y, fit_intercept, certified`` for one set (powers of x built there)."""
    return load_nist_strd(name)


def lre(estimate, certified):
    """Minimum log relative error over the entries (correct digits, max 15)."""
    est = np.atleast_1d(np.asarray(estimate, dtype=np.float64))
    cert = np.atleast_1d(np.asarray(certified, dtype=np.float64))
    err = np.abs(est - cert)
    scale = np.where(cert == 0, 1.0, np.abs(cert))
    with np.errstate(divide="ignore"):
        digits = -np.log10(err / scale)
    return float(np.clip(np.nan_to_num(digits, nan=0.0, posinf=15.0), 0, 15).min())


def scores(model, name):
    """LRE of the coefficients and of the standard errors of ``model``."""
    X, y, fit_intercept, cert = load(name)
    model.set_params(fit_intercept=fit_intercept).fit(X, y)
    coef = np.r_[model.intercept_, model.coef_] if fit_intercept else model.coef_
    se = (
        np.r_[model.intercept_stderr_, model.coef_stderr_]
        if fit_intercept
        else model.coef_stderr_
    )
    return lre(coef, cert["coef"]), lre(se, cert["stderr"])


def table(solvers=("auto", "qr", "svd", "lstsq", "cholesky")):
    """Rows ``[set, LRE coef/stderr per solver..., sklearn LRE coef]``."""
    import warnings

    from sklearn.linear_model import LinearRegression as SkLinearRegression

    from skmath.linear_model import LinearRegression

    rows = []
    for name in NAMES:
        cells = [name]
        for solver in solvers:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                c, s = scores(LinearRegression(solver=solver), name)
            cells.append(f"{c:.1f} / {s:.1f}")
        X, y, fit_intercept, cert = load(name)
        sk = SkLinearRegression(fit_intercept=fit_intercept).fit(X, y)
        est = np.r_[sk.intercept_, sk.coef_] if fit_intercept else sk.coef_
        cells.append(f"{lre(est, cert['coef']):.1f}")
        rows.append(cells)
    return ["set", *solvers, "sklearn"], rows


if __name__ == "__main__":
    header, rows = table()
    print(" | ".join(header))
    for cells in rows:
        print(" | ".join(cells))
