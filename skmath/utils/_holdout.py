"""The early-stopping hold-out split shared by the MLPs and the CNN."""

from __future__ import annotations

import math

import numpy as np
from sklearn.model_selection import train_test_split

__all__ = ["holdout_split"]


def holdout_split(
    n_samples, validation_fraction, *, random_state, stratify=None, min_valid=1
):
    """Indices of the training and the held-out samples.

    ``ceil(validation_fraction * n_samples)`` samples are held out, stratified
    by ``stratify`` (class codes) when every class can be split, at random
    otherwise.  The same ``random_state`` gives the same split.

    Parameters
    ----------
    n_samples : int
        Number of samples.
    validation_fraction : float
        Fraction held out, in (0, 1).
    random_state : int, RandomState instance or None
        Seeds the shuffling; a ``RandomState`` advances.
    stratify : array-like of shape (n_samples,), default=None
        Class codes to stratify by.
    min_valid : int, default=1
        Fewest held-out samples the caller can score (2 for an :math:`R^2`).

    Returns
    -------
    train, valid : ndarray of int
        Indices into the samples.

    Examples
    --------
    >>> train, valid = holdout_split(10, 0.2, random_state=0)
    >>> len(train), len(valid)
    (8, 2)
    """
    n_valid = math.ceil(validation_fraction * n_samples)
    if 1 <= n_valid < min_valid:
        raise ValueError(
            f"The validation set is too small: validation_fraction="
            f"{validation_fraction} of {n_samples} samples holds out {n_valid}, "
            f"at least {min_valid} are needed to score it. Increase "
            "validation_fraction or the size of the data."
        )
    if n_valid < 1 or n_samples - n_valid < 1:
        raise ValueError(
            f"early_stopping needs a validation set: validation_fraction="
            f"{validation_fraction} of {n_samples} samples leaves no samples "
            "to train on or to hold out"
        )
    indices = np.arange(n_samples)
    if stratify is not None:
        try:
            return train_test_split(
                indices, test_size=n_valid, random_state=random_state, stratify=stratify
            )
        except ValueError:
            # a class too small to split; StratifiedShuffleSplit refuses before
            # drawing from random_state, so the fallback sees the same state
            pass
    return train_test_split(indices, test_size=n_valid, random_state=random_state)
