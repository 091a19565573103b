"""
=============================================
Posterior bands: ADVI against the exact truth
=============================================

With the noise level fixed, Bayesian linear regression has an exact Gaussian
posterior, so we can see what each approximation gets right.  Mean-field ADVI
finds the right means but, ignoring the correlations between the diabetes
features, under-estimates some posterior standard deviations; full-rank ADVI
recovers them.  Then we learn the noise too and draw 95% predictive bands on
held-out patients.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from skmath.bayes import BayesianLinearRegression, exact_gaussian_posterior

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
for method, est in fits.items():
    ratio = est.coef_std_ / exact["coef_std"]
    print(f"{method:14s} sd / exact sd: {ratio.min():.2f} - {ratio.max():.2f}")

# %%
# Coefficient posteriors (mean +/- 2 sd).
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
pos = np.arange(X.shape[1])
ax1.errorbar(pos - 0.2, exact["coef_mean"], 2 * exact["coef_std"], fmt="ko",
             label="exact")
for shift, (method, est) in zip((0.0, 0.2), fits.items()):
    ax1.errorbar(pos + shift, est.coef_, 2 * est.coef_std_, fmt="o", label=method)
ax1.set_xticks(pos, data.feature_names)
ax1.legend()
ax1.set_title("posterior of the coefficients")

# %%
# Learned noise, predictive intervals on held-out rows.
Xtr, Xte, ytr, yte = train_test_split(
    data.data, data.target, test_size=0.25, random_state=0
)
reg = BayesianLinearRegression(random_state=0).fit(Xtr, ytr)
lo, hi = reg.predict_interval(Xte, level=0.95)
order = np.argsort(reg.predict(Xte))
coverage = np.mean((yte >= lo) & (yte <= hi))
ax2.fill_between(pos := np.arange(len(yte)), lo[order], hi[order], alpha=0.3,
                 label="95% interval")
ax2.plot(pos, reg.predict(Xte)[order], label="predictive mean")
ax2.plot(pos, yte[order], "k.", ms=4, label="held-out target")
ax2.set_title(f"held-out coverage {coverage:.0%}")
ax2.legend()
fig.tight_layout()
plt.show()
