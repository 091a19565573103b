"""
============================================================
Coefficient posteriors as a forest plot: PosteriorDisplay
============================================================

:class:`~skmath.bayes.PosteriorDisplay` draws the credible interval of every
coefficient from the posterior draws of a fitted Bayesian estimator, and
overlays other fits (another inference method, or the exact posterior as
:func:`~skmath.bayes.exact_gaussian_posterior` returns it) offset in the same
row so none hides another.

With the noise fixed the posterior of a linear model is exactly Gaussian: the
picture shows mean-field ADVI's intervals narrower than the exact ones for
the correlated serum features (``s1``, ``s2``, ``s3``, ``s5``), full-rank ADVI
matching them.
"""

# %%
import matplotlib.pyplot as plt
from sklearn.datasets import load_diabetes
from sklearn.preprocessing import StandardScaler

from skmath.bayes import (
    BayesianLinearRegression,
    PosteriorDisplay,
    exact_gaussian_posterior,
)

data = load_diabetes()
X = StandardScaler().fit_transform(data.data)
y = (data.target - data.target.mean()) / data.target.std()
exact = exact_gaussian_posterior(X, y, noise_std=0.7, fit_intercept=False)
fits = {
    method: BayesianLinearRegression(
        inference=method, noise_std=0.7, fit_intercept=False, random_state=0
    ).fit(X, y)
    for method in ("advi", "fullrank_advi")
}

# %%
fig, ax = plt.subplots(figsize=(8, 5))
disp = PosteriorDisplay.from_estimator(
    fits["advi"],
    compare={"full-rank ADVI": fits["fullrank_advi"], "exact": exact},
    name="mean-field ADVI",
    feature_names=data.feature_names,
    ax=ax,
)
ax.set_title("diabetes, noise fixed: 95% credible intervals")
fig.tight_layout()
plt.show()

# %%
# The interval widths relative to the exact ones, from the plotted numbers.
exact_width = disp.uppers[-1] - disp.lowers[-1]
for label, lower, upper in zip(disp.labels[:-1], disp.lowers, disp.uppers):
    ratio = (upper - lower) / exact_width
    print(f"{label:16s} width / exact width: {ratio.min():.2f} - {ratio.max():.2f}")
