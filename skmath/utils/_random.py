"""Seeds for engines that want an int (torch, PyMC) from sklearn's random_state."""

from sklearn.utils import check_random_state

__all__ = ["int_seed"]


def int_seed(random_state):
    """An int seed in [0, 2**31) drawn from ``random_state``.

    ``None`` draws from NumPy's global state (like scikit-learn), an int
    always gives the same seed, a ``RandomState``/``Generator`` advances.
    """
    if isinstance(random_state, int) and not isinstance(random_state, bool):
        return random_state % (2**31)
    try:
        import numpy as np

        if isinstance(random_state, np.random.Generator):
            return int(random_state.integers(0, 2**31 - 1))
    except ImportError:  # pragma: no cover - numpy is a dependency
        pass
    return int(check_random_state(random_state).randint(0, 2**31 - 1))
