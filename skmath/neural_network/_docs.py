"""The documentation of the parameters and attributes both MLPs share.

Each estimator's docstring is its own summary, its own attributes and
examples around these blocks (see :func:`estimator_docstring`), so a
parameter is documented once.
"""

__all__ = ["estimator_docstring"]

PARAMETERS = """\
    hidden_layer_sizes : int or tuple of int, default=(100,)
        Width of each hidden layer.
    activation : {"relu", "tanh", "logistic", "identity"}, default="relu"
        Hidden-layer activation.
    optimizer : str, optimizer object or torch.optim.Optimizer subclass, \
default="adam"
        A name from :func:`skmath.plugins.available` ``("optimizers")``
        (``"sgd"``, ``"momentum"``, ``"adam"``, ``"adamw"``, ``"rmsprop"``,
        ``"adagrad"``, ``"lbfgs"``, ``"cg"``, ``"newton-cg"``, ``"bfgs"``), an
        object from :mod:`skmath.optim` (which carries its own ``lr``) or any
        ``torch.optim.Optimizer`` subclass.
    alpha : float, default=0.0001
        Strength of the L2 penalty on the weights.
    batch_size : int or "auto", default="auto"
        Minibatch size, ``min(200, n_samples)`` for "auto"; full-batch
        optimizers use every sample at each iteration.
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Schedule of a minibatch optimizer's rate, as scikit-learn's (which
        has it for ``solver="sgd"`` only; here every minibatch optimizer):
        "invscaling" sets it to ``lr / (t_ + 1) ** power_t`` after every
        epoch, "adaptive" divides it by 5 whenever ``n_iter_no_change``
        epochs do not improve and stops once it is no larger than 1e-6.
        Full-batch methods ignore it.
    learning_rate_init : float, default=None
        Learning rate of an optimizer given by name or class; None keeps the
        optimizer's own default (0.001 for Adam as in scikit-learn, 1.0 for
        L-BFGS, whose line search scales it).
    power_t : float, default=0.5
        Exponent of the "invscaling" schedule.
    max_iter : int, default=200
        Epochs for minibatch optimizers, iterations for full-batch ones.
    max_fun : int, default=15000
        Most loss evaluations of a full-batch method (checked after each
        iteration); reaching it warns with ``ConvergenceWarning``.
    shuffle : bool, default=True
        Shuffle the samples at every epoch.
    random_state : int, RandomState instance or None, default=None
        Seeds the weight initialisation, the shuffling and the validation
        split.
    tol : float, default=1e-4
        Improvement of the loss (or validation score) below which an
        iteration counts as no improvement.  Full-batch methods given by
        name stop on their own criteria with ``tol`` as SciPy's gradient
        tolerance ``gtol`` (as scikit-learn's L-BFGS), not on a plateau of
        the training loss.
    verbose : bool, default=False
        Report every iteration: ``Iteration 3, loss = 0.41231876`` (and the
        validation score with ``early_stopping``), one plain line each in a
        file or pipe; a progress bar on a terminal.
    warm_start : bool, default=False
        Continue from the previous fit's weights.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data, stop when its score
        (:meth:`score`: accuracy, or :math:`R^2` for a regressor) stalls and
        keep the best weights.
    validation_fraction : float, default=0.1
        Held-out fraction for early stopping.
    n_iter_no_change : int or np.inf, default=10
        Iterations without improvement before stopping; ``np.inf`` never
        stops on a plateau.
    device : str, default="cpu"
        Torch device, e.g. ``"cuda"``.
    n_jobs : int, default=None
        Torch threads during fit and predict: ``None`` uses ``OMP_NUM_THREADS``
        if set (Dask and joblib workers set it to 1); otherwise fit starts on
        one thread and takes, every 0.2 s, the cores other processes leave
        idle, so a busy machine never gets oversubscribed (see
        :class:`skmath.utils._torch.ThreadPolicy`), and predict uses one.
        ``-1`` every core; a positive int that many threads.
"""

ATTRIBUTES = """\
    optimizer_ : OptimizerPlugin
        The resolved optimizer.
    loss_ : float
        Loss at the last iteration (the exploded loss after a divergence).
    best_loss_ : float or None
        Lowest training loss (None with early stopping).
    loss_curve_ : list of float
        Loss at every iteration, for every optimizer.
    validation_scores_ : list of float or None
        Held-out :meth:`score` at every iteration when ``early_stopping``.
    validation_loss_curve_ : list of float or None
        Loss on the held-out samples at every iteration when
        ``early_stopping`` (the data term of the training loss, without the
        L2 penalty), beside ``validation_scores_``.
    best_validation_score_ : float or None
        Best held-out :meth:`score` when ``early_stopping``.
    coefs_ : list of ndarray
        Weight matrices, ``coefs_[i]`` of shape (fan_in, fan_out).
    intercepts_ : list of ndarray
        Bias vectors.
    learning_rate_ : float or None
        A minibatch optimizer's rate at the end of the fit (after the
        ``learning_rate`` schedule); None for full-batch methods.
    n_iter_ : int
        Iterations (epochs) run by the last ``fit`` (``partial_fit`` calls
        add one each); ``loss_curve_`` goes on across warm starts.
    t_ : int
        Training samples seen.
    n_layers_ : int
        Number of layers, input and output included.
    n_threads_ : int
        Most torch threads the last fit used (the default policy may change
        the count during the fit).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Feature names, when ``X`` has string column names.

"""


def estimator_docstring(summary, *, attributes, examples):
    """A numpydoc class docstring: ``summary``, the shared parameters, the
    estimator's own ``attributes`` before the shared ones, and ``examples``
    (each block indented by four spaces, as in a class body)."""
    return (
        f"{summary}\n\n    Parameters\n    ----------\n{PARAMETERS}\n"
        f"    Attributes\n    ----------\n{attributes}{ATTRIBUTES}\n"
        f"    Examples\n    --------\n{examples}    "
    )
