"""CKA: identity, invariances, independence, debiasing, errors."""

import numpy as np
import pytest

from skmath.theory import cka, cka_matrix


@pytest.fixture
def A():
    return np.random.RandomState(0).randn(60, 8)


@pytest.mark.parametrize("kernel", ["linear", "rbf"])
@pytest.mark.parametrize("debiased", [False, True])
def test_self_similarity_and_invariances(A, kernel, debiased):
    rng = np.random.RandomState(1)
    Q, _ = np.linalg.qr(rng.randn(8, 8))
    assert cka(A, A, kernel=kernel, debiased=debiased) == pytest.approx(1.0)
    transformed = 5.0 * A @ Q + 3.0  # rotation, isotropic scaling, shift
    assert cka(A, transformed, kernel=kernel, debiased=debiased) == pytest.approx(1.0)


def test_not_invariant_to_anisotropic_scaling(A):
    assert cka(A, A * np.arange(1, 9) ** 2) < 0.95


def test_independent_data_is_low(A):
    B = np.random.RandomState(2).randn(60, 8)
    assert cka(A, B) < 0.3  # biased upwards for few samples
    assert abs(cka(A, B, debiased=True)) < 0.05
    assert abs(cka(A, B, kernel="rbf", debiased=True)) < 0.05


def test_feature_and_gram_forms_agree(A):
    B = np.tanh(A[:, :3] @ np.ones((3, 20)))  # wider than... a Gram form
    B += 0.1 * np.random.RandomState(3).randn(*B.shape)
    wide = np.random.RandomState(4).randn(60, 100)  # p > n: Gram path
    expected = cka_matrix([A], [B, wide])[0]
    np.testing.assert_allclose([cka(A, B), cka(A, wide)], expected, rtol=1e-10)


def test_cka_matrix_is_symmetric_with_unit_diagonal(A):
    reps = [A, A**2, np.tanh(A), A[:, :2]]
    M = cka_matrix(reps)
    np.testing.assert_allclose(M, M.T)
    np.testing.assert_allclose(np.diag(M), 1.0)
    np.testing.assert_allclose(M[0, 2], cka(A, np.tanh(A)))


def test_errors_and_constant_representation(A):
    with pytest.raises(ValueError, match="same samples"):
        cka(A, A[:10])
    with pytest.raises(ValueError, match="kernel must be one of"):
        cka(A, A, kernel="poly")
    with pytest.raises(ValueError, match="sigma"):
        cka(A, A, kernel="rbf", sigma=0)
    with pytest.raises(ValueError, match="NaN"):
        cka(np.where(A > 2, np.nan, A), A)
    with pytest.raises(ValueError, match="same number of samples"):
        cka_matrix([A, A[:10]])
    with pytest.raises(ValueError, match="minimum of 4"):
        cka(A[:3], A[:3], debiased=True)
    with pytest.warns(RuntimeWarning, match="constant"):
        assert np.isnan(cka(A, np.ones((60, 2))))
