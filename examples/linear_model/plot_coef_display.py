"""
=====================================================
Coefficients with confidence intervals: CoefDisplay
=====================================================

:class:`~skmath.linear_model.CoefDisplay` draws the coefficients of a fitted
:class:`~skmath.linear_model.LinearRegression` with their Student-t confidence
intervals (the numbers of ``conf_int``), one row per feature, in the style of
scikit-learn's Display objects: ``from_estimator`` builds and plots,
``ax=`` chooses where, other keyword arguments go to matplotlib.

On the standardised diabetes data the intervals say at a glance which
features the data pin down (``bmi``, ``s5``) and which could be zero.
"""

# %%
import matplotlib.pyplot as plt
from sklearn.datasets import load_diabetes
from sklearn.preprocessing import StandardScaler

from skmath.linear_model import CoefDisplay, LinearRegression

data = load_diabetes()
X = StandardScaler().fit_transform(data.data)
reg = LinearRegression().fit(X, data.target)
print(reg.summary())

# %%
# 95% and 99% intervals side by side; keyword arguments reach ``ax.errorbar``.
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
CoefDisplay.from_estimator(reg, feature_names=data.feature_names, ax=ax1)
disp = CoefDisplay.from_estimator(
    reg, level=0.99, feature_names=data.feature_names, ax=ax2, color="tab:green"
)
ax1.set_title("95% confidence intervals")
ax2.set_title("99% confidence intervals")
fig.tight_layout()
plt.show()

# %%
# The plotted numbers are the estimator's: the display keeps them.
print(disp.errorbar_.lines[0].get_xdata()[:3], reg.coef_[:3])
