"""
=====================================================
Choosing a least-squares solver: speed and accuracy
=====================================================

A linear regression is the linear system :math:`X^T X b = X^T y` in
disguise, and how it is solved decides how many digits are right.  We fit
the NIST-style polynomial problem ``y = sum_k b_k x^k`` (a badly conditioned
Vandermonde design) with every solver of
:class:`skmath.linear_model.LinearRegression`, compare the digits each gets
right with scikit-learn's, and look at what ``solver="auto"`` chose and why.
"""

# %%
# An ill-conditioned problem with a known answer
# -----------------------------------------------
import time
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LinearRegression as SkLinearRegression

from skmath.linear_model import LinearRegression

x = np.arange(21.0)  # like NIST's Wampler sets: x = 0..20, degree 5
X = np.column_stack([x**k for k in range(1, 6)])
beta = np.ones(5)
y = 1.0 + X @ beta  # exact data: the certified answer is all ones


def digits(estimate):
    """Correct significant digits (log relative error), capped at 15."""
    err = np.max(np.abs(estimate - 1.0))
    return 15.0 if err == 0 else float(np.clip(-np.log10(err), 0.0, 15.0))


# %%
# Every solver, and scikit-learn
# ------------------------------
results = {}
for name in ["auto", "cholesky", "qr", "svd", "lstsq", "cg", "lsqr", "lsmr"]:
    model = LinearRegression(solver=name, max_iter=5000)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X, y)
    seconds = time.perf_counter() - start
    results[name] = digits(np.r_[model.intercept_, model.coef_])
    print(f"{name:8s} ran {model.solver_.name:8s} {1e3 * seconds:7.2f} ms "
          f"digits {results[name]:5.1f}")
sk = SkLinearRegression().fit(X, y)
results["sklearn"] = digits(np.r_[sk.intercept_, sk.coef_])
print(f"sklearn  digits {results['sklearn']:5.1f}")

auto = LinearRegression().fit(X, y)
print("auto chose", auto.solver_.name, "because:", auto.solver_.reason_)
print("condition number of the centred design:", f"{auto.condition_number_:.3g}")

# %%
# Inference on noisy data
# -----------------------
# With noise added, the fitted model reports standard errors and confidence
# intervals like statsmodels' OLS (intercept first).
rng = np.random.default_rng(0)
y_noisy = y + rng.normal(scale=50.0, size=y.shape)
noisy = LinearRegression().fit(X, y_noisy)
ci = noisy.conf_int(0.95)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
labels = list(results)
ax1.bar(labels, [results[k] for k in labels],
        color=["C0"] * (len(labels) - 1) + ["C3"])
ax1.set_ylabel("correct digits")
ax1.set_title("degree-5 polynomial, exact data")
ax1.tick_params(axis="x", rotation=45)
params = np.r_[noisy.intercept_, noisy.coef_]
stderr = np.r_[noisy.intercept_stderr_, noisy.coef_stderr_]
# the parameters span 15 orders of magnitude: show each estimate's error in
# units of its own standard error, with its 95% interval
z = (params - 1.0) / stderr
half = (ci[:, 1] - ci[:, 0]) / 2 / stderr
ax2.errorbar(np.arange(len(params)), z, yerr=half, fmt="o", capsize=4)
ax2.axhline(0.0, color="grey", lw=0.8, ls="--")
ax2.set_xticks(np.arange(len(params)), ["b0", "b1", "b2", "b3", "b4", "b5"])
ax2.set_ylabel("(estimate - truth) / standard error")
ax2.set_title("noisy data: 95% intervals cover the truth")
fig.tight_layout()
plt.show()
