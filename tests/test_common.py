"""scikit-learn's estimator checks over every public skmath estimator."""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from skmath.utils import all_estimators

from ._instances import EXPECTED_FAILED_CHECKS, INSTANCES


def _instances():
    for name, cls in all_estimators():
        for params in INSTANCES.get(name, [{}]):
            yield cls(**params)


def _expected_failures(estimator):
    by_instance = EXPECTED_FAILED_CHECKS.get(repr(estimator), {})
    return {**EXPECTED_FAILED_CHECKS.get(type(estimator).__name__, {}), **by_instance}


@parametrize_with_checks(list(_instances()), expected_failed_checks=_expected_failures)
def test_sklearn_compatible(estimator, check):
    check(estimator)


@pytest.mark.parametrize("name, cls", all_estimators())
def test_every_estimator_has_fast_settings(name, cls):
    assert name in INSTANCES, f"add fast settings for {name} to tests/_instances.py"


def test_expected_failures_have_reasons():
    for name, failures in EXPECTED_FAILED_CHECKS.items():
        known = {repr(e) for e in _instances()} | set(INSTANCES)
        assert name in known, f"{name} lists expected failures but is unknown"
        for check, reason in failures.items():
            assert isinstance(reason, str) and len(reason) > 20, (name, check)


def test_discovery_filters():
    names = {name for name, _ in all_estimators()}
    for kind in ("classifier", "regressor"):
        assert {n for n, _ in all_estimators(kind)} <= names
    with pytest.raises(ValueError, match="type_filter"):
        all_estimators("nonsense")
