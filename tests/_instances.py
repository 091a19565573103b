"""Fast settings and expected failures for scikit-learn's estimator checks.

Like imbalanced-learn's instance generator: every public estimator has an
entry here (``test_every_estimator_has_fast_settings`` enforces it), each
a list of constructor keyword arguments small enough for CI, and an expected
failure is listed only with a reason a reviewer would accept.
"""

# estimator name -> list of constructor kwargs (one instance each)
INSTANCES = {
    # -- linear algebra -------------------------------------------------------
    "LinearRegression": [{}, {"solver": "lsmr"}],
    # -- optimization ---------------------------------------------------------
    "MLPClassifier": [{"hidden_layer_sizes": (8,), "max_iter": 20}],
    "MLPRegressor": [{"hidden_layer_sizes": (8,), "max_iter": 20}],
    # -- CNN architectures ----------------------------------------------------
    "CNNClassifier": [
        {"max_epochs": 10, "batch_size": 16, "lr": 1e-2, "n_jobs": 1}
    ],
    # -- approximate inference ------------------------------------------------
    "BayesianLinearRegression": [{}],
    "BayesianLogisticRegression": [{}],
    # -- deep learning theory -------------------------------------------------
    "InfiniteWidthRegressor": [{}],
}

# estimator name -> {check name: reason}
EXPECTED_FAILED_CHECKS = {
    # -- linear algebra -------------------------------------------------------
    # -- optimization ---------------------------------------------------------
    # -- CNN architectures ----------------------------------------------------
    # -- approximate inference ------------------------------------------------
    # -- deep learning theory -------------------------------------------------
}
