"""The bad-input catalogue: what every public estimator must refuse, and how.

One :class:`Case` per kind of bad input, with the exception it must raise and a
regular expression its message must match (the message names the problem).
``tests/test_bad_input.py`` runs every case that applies against every
estimator found by :func:`skmath.utils.all_estimators`; the documentation
renders :func:`catalogue_rows` as the table of the reliability page.

Estimators get data that suits them from :func:`make_data` (a small table:
images for the CNN, classes for classifiers, a continuous target for
regressors) and their fast settings from ``tests/_instances.py``.

This module imports only NumPy and scikit-learn so that the docs can read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import is_classifier, is_regressor
from sklearn.exceptions import NotFittedError

__all__ = [
    "CASES",
    "Case",
    "EstimatorInfo",
    "cases_for",
    "catalogue_rows",
    "estimator_info",
    "make_data",
]

# -- which estimators get which data ------------------------------------------

# Estimators whose X is a batch of images rather than a 2-D table.  Any
# estimator with an ``image_shape`` parameter counts as one too.
IMAGE_ESTIMATORS = {"CNNClassifier"}

# Parameters that choose a plugin by name.
PLUGIN_PARAMS = ("solver", "optimizer", "architecture", "inference", "activation")
# Parameters that must be >= 0 (penalties, prior scales).
PENALTY_PARAMS = ("alpha", "l2", "weight_decay", "prior_scale", "ridge", "C")
# Parameters that are learning rates (must be > 0).
LEARNING_RATE_PARAMS = ("lr", "learning_rate_init", "learning_rate")
# Parameters that are layer widths.
LAYER_PARAMS = ("hidden_layer_sizes",)
# Scales and tolerances (must be >= 0).
SCALE_PARAMS = ("weight_std", "bias_std", "noise_std", "tol")
# Counts (must be >= 1 or >= 0).
COUNT_PARAMS = ("max_iter", "max_epochs", "depth", "batch_size", "n_iter")


@dataclass(frozen=True)
class EstimatorInfo:
    """What the catalogue needs to know about one estimator class."""

    name: str
    cls: type
    kind: str  # "classifier", "regressor" or "transformer"
    image: bool
    params: tuple = field(default_factory=tuple)


def estimator_info(name, cls, params=None):
    """Classify ``cls`` (``params``: its constructor keyword arguments)."""
    estimator = cls(**(params or {}))
    names = tuple(estimator.get_params(deep=False))
    if is_classifier(estimator):
        kind = "classifier"
    elif is_regressor(estimator):
        kind = "regressor"
    else:
        kind = "transformer"
    image = name in IMAGE_ESTIMATORS or "image_shape" in names
    return EstimatorInfo(name, cls, kind, image, names)


def make_data(info, n_samples=40, random_state=0):
    """Small clean ``(X, y)`` suited to the estimator described by ``info``.

    Images are 8x8 digits as ``(n, 8, 8)`` float arrays (two classes);
    classifiers get two separable classes; regressors and transformers a
    linear target with a little noise.
    """
    rng = np.random.default_rng(random_state)
    if info.image:
        from sklearn.datasets import load_digits

        digits = load_digits(n_class=2)
        X = digits.images[:n_samples] / 16.0
        return X.astype(np.float64), digits.target[:n_samples]
    X = rng.standard_normal((n_samples, 4))
    if info.kind == "classifier":
        y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(np.int64)
        y[:2] = [0, 1]  # both classes whatever the seed
        return X, y
    y = X @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.1 * rng.standard_normal(n_samples)
    return X, y


# -- the cases ----------------------------------------------------------------


def _with_nan(X, y):
    X = X.copy()
    X.flat[0] = np.nan
    return X, y


def _with_inf(X, y):
    X = X.copy()
    X.flat[0] = np.inf
    return X, y


def _strings(X, y):
    return np.full(X.shape, "abc", dtype=object), y


def _add_axis(X, y):
    return X[..., np.newaxis], y


def _five_d(X, y):
    # (n, H, W) -> (n, 1, 1, H, W): one axis too many even for (n, C, H, W)
    return X[:, np.newaxis, np.newaxis], y


def _y_strings(X, y):
    return X, np.array(["low", "high"] * (len(y) // 2) + ["low"] * (len(y) % 2))


def _one_class(X, y):
    return X, np.full_like(y, y[0])


def _drop_feature(X, y):
    if X.ndim == 2:
        return X[:, :-1], y
    return X[:, :-1, :-1], y  # a smaller image


@dataclass(frozen=True)
class Case:
    """One kind of bad input.

    ``stage`` says when it must be refused: ``"fit"`` (the call to ``fit``
    with ``data(X, y)``), ``"predict"`` (after a clean fit, on ``data(X, y)``)
    or ``"unfitted"`` (prediction methods of an unfitted estimator).  A case
    with ``param_names`` is a hyperparameter case: it applies to each of those
    constructor parameters the estimator has, set to ``value``.
    """

    id: str
    title: str
    applies_to: str
    exception: type | tuple
    match: str
    stage: str = "fit"
    data: Callable | None = None
    applies: Callable[[EstimatorInfo], bool] = lambda info: True
    param_names: tuple = ()
    value: object = None

    def pattern(self, param=None):
        """The message regex; ``{param}`` is replaced by the parameter name."""
        return self.match.replace("{param}", re.escape(param or ""))


def _tabular(info):
    return not info.image


def _supervised(info):
    return info.kind != "transformer"


CASES = (
    Case(
        "nan_in_X",
        "NaN in X",
        "every estimator",
        ValueError,
        r"(?i)\bnan\b",
        data=_with_nan,
    ),
    Case(
        "inf_in_X",
        "infinity in X",
        "every estimator",
        ValueError,
        r"(?i)\binf",
        data=_with_inf,
    ),
    Case(
        "zero_samples",
        "0 samples",
        "every estimator",
        ValueError,
        r"(?i)0 sample|no sample|empty",
        data=lambda X, y: (X[:0], y[:0]),
    ),
    Case(
        "length_mismatch",
        "X and y of different lengths",
        "supervised estimators",
        ValueError,
        r"(?i)inconsistent numbers of samples|length|mismatch",
        data=lambda X, y: (X, y[:-1]),
        applies=_supervised,
    ),
    Case(
        "non_numeric_X",
        "non-numeric X (strings)",
        "every estimator",
        (ValueError, TypeError),
        # names X and says it must be numeric: NumPy's bare "could not convert
        # string to float: 'abc'" does not pass
        r"(?i)numeric\b.{0,30}\bX\b|\bX\b.{0,30}\bnumeric",
        data=_strings,
    ),
    Case(
        "X_3d",
        "3-D X where 2-D is expected",
        "tabular estimators",
        ValueError,
        r"(?i)dim|2-?d|shape",
        data=_add_axis,
        applies=_tabular,
    ),
    Case(
        "X_5d",
        "5-D X for an image estimator",
        "image estimators (CNN)",
        ValueError,
        r"(?i)dim|shape|4-?d",
        data=_five_d,
        applies=lambda info: info.image,
    ),
    Case(
        "non_numeric_y",
        "non-numeric y for a regressor",
        "regressors",
        ValueError,
        r"(?i)numeric\b.{0,30}\by\b|\by\b.{0,30}\bnumeric",
        data=_y_strings,
        applies=lambda info: info.kind == "regressor",
    ),
    Case(
        "single_class",
        "a single class",
        "classifiers",
        ValueError,
        r"(?i)class",
        data=_one_class,
        applies=lambda info: info.kind == "classifier",
    ),
    Case(
        "n_features_at_predict",
        "wrong number of features (or image size) at predict time",
        "every estimator",
        ValueError,
        r"(?i)feature|shape|size",
        stage="predict",
        data=_drop_feature,
    ),
    Case(
        "predict_before_fit",
        "predict (and the other prediction methods) before fit",
        "every estimator",
        NotFittedError,
        r"(?i)not fitted",
        stage="unfitted",
    ),
    Case(
        "unknown_plugin",
        "unknown plugin name",
        "estimators with a solver, optimizer, architecture, inference "
        "or activation parameter",
        ValueError,
        r"(?is)(available|among).*no-such-plugin|no-such-plugin.*(available|among)",
        param_names=PLUGIN_PARAMS,
        value="no-such-plugin",
    ),
    Case(
        "negative_penalty",
        "negative penalty or prior scale",
        "estimators with " + ", ".join(f"``{p}``" for p in PENALTY_PARAMS),
        ValueError,
        r"{param}",
        param_names=PENALTY_PARAMS,
        value=-1.0,
    ),
    Case(
        "zero_layer_size",
        "a layer of width 0",
        "estimators with ``hidden_layer_sizes``",
        ValueError,
        r"{param}|layer",
        param_names=LAYER_PARAMS,
        value=(0,),
    ),
    Case(
        "negative_layer_size",
        "a layer of negative width",
        "estimators with ``hidden_layer_sizes``",
        ValueError,
        r"{param}|layer",
        param_names=LAYER_PARAMS,
        value=(-3,),
    ),
    Case(
        "negative_learning_rate",
        "negative learning rate",
        "estimators with " + ", ".join(f"``{p}``" for p in LEARNING_RATE_PARAMS),
        ValueError,
        r"(?i){param}|learning rate|\blr\b",
        param_names=LEARNING_RATE_PARAMS,
        value=-0.1,
    ),
    Case(
        "negative_scale",
        "negative standard deviation or tolerance",
        "estimators with " + ", ".join(f"``{p}``" for p in SCALE_PARAMS),
        ValueError,
        r"{param}",
        param_names=SCALE_PARAMS,
        value=-1.0,
    ),
    Case(
        "negative_count",
        "negative iteration count, depth or batch size",
        "estimators with " + ", ".join(f"``{p}``" for p in COUNT_PARAMS),
        ValueError,
        r"{param}",
        param_names=COUNT_PARAMS,
        value=-1,
    ),
)


def _numeric_default(info, name):
    default = info.cls().get_params(deep=False).get(name)
    return default is None or (
        isinstance(default, int | float) and not isinstance(default, bool)
    )


def cases_for(info):
    """``[(case, param)]`` applying to the estimator; ``param`` is None for data.

    Hyperparameter cases apply once per matching constructor parameter; a
    numeric case is left out for a parameter whose default is not a number
    (sklearn's ``learning_rate="constant"`` takes a schedule name).
    """
    out = []
    for case in CASES:
        if not case.applies(info):
            continue
        if not case.param_names:
            out.append((case, None))
            continue
        for name in case.param_names:
            if name not in info.params:
                continue
            numeric = isinstance(case.value, int | float)
            if numeric and not _numeric_default(info, name):
                continue  # e.g. sklearn's learning_rate="constant" schedule name
            out.append((case, name))
    return out


def _exception_names(exception):
    exceptions = exception if isinstance(exception, tuple) else (exception,)
    return " or ".join(f"``{e.__name__}``" for e in exceptions)


def catalogue_rows():
    """The catalogue as table rows: case, applies to, exception, message regex."""
    rows = []
    for case in CASES:
        pattern = case.match.replace("{param}", "<parameter name>")
        rows.append(
            [
                case.title,
                case.applies_to,
                _exception_names(case.exception),
                f"``{pattern}``",
            ]
        )
    return rows
