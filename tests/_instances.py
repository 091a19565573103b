"""Fast settings and expected failures for scikit-learn's estimator checks.

Like imbalanced-learn's instance generator: every public estimator has an
entry here (``test_every_estimator_has_fast_settings`` enforces it), each
a list of constructor keyword arguments small enough for CI, and an expected
failure is listed only with a reason a reviewer would accept.
"""

# estimator name -> list of constructor kwargs (one instance each)
INSTANCES = {
    # -- linear algebra -------------------------------------------------------
    "LinearRegression": [
        {},
        {"solver": "lsmr"},
        {"positive": True},
        {"copy_X": False},
    ],
    # -- optimization ---------------------------------------------------------
    "MLPClassifier": [
        {"hidden_layer_sizes": (8,), "learning_rate_init": 0.05, "max_iter": 50},
        {"hidden_layer_sizes": (8,), "optimizer": "lbfgs", "max_iter": 30},
    ],
    "MLPRegressor": [
        {"hidden_layer_sizes": (8,), "learning_rate_init": 0.05, "max_iter": 50},
        {"hidden_layer_sizes": (8,), "optimizer": "newton-cg", "max_iter": 30},
    ],
    # -- CNN architectures ----------------------------------------------------
    "CNNClassifier": [
        {"max_epochs": 10, "batch_size": 16, "lr": 1e-2, "n_jobs": 1}
    ],
    # -- approximate inference ------------------------------------------------
    "BayesianLinearRegression": [{"inference": "map", "draws": 50}],
    "BayesianLogisticRegression": [{"inference": "map", "draws": 50}],
    # -- deep learning theory -------------------------------------------------
    "InfiniteWidthRegressor": [
        {},
        {"kernel": "nngp", "activation": "erf", "depth": 2, "training_time": 100.0},
    ],
}

# estimator name, or the repr of one instance above -> {check name: reason}
_REUSES_X = (
    "copy_X=False lets fit overwrite X (centred in place, as scikit-learn's "
    "copy_X=False allows); this check fits again or predicts on the same X"
)
EXPECTED_FAILED_CHECKS = {
    # -- linear algebra -------------------------------------------------------
    "LinearRegression(copy_X=False)": {
        "check_fit_idempotent": _REUSES_X,
        "check_supervised_y_2d": _REUSES_X,
        "check_regressors_int": _REUSES_X,
    },
    # -- optimization ---------------------------------------------------------
    # -- CNN architectures ----------------------------------------------------
    # -- approximate inference ------------------------------------------------
    # -- deep learning theory -------------------------------------------------
}
