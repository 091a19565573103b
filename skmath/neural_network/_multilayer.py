"""The shared base of the MLP estimators: parameters, ``fit``, hidden layers.

The estimators keep scikit-learn's ``MLPClassifier``/``MLPRegressor``
parameter names; the ``optimizer`` parameter takes any plugin of
:mod:`skmath.optim` (first-order minibatch or full-batch second-order), a
plugin object whose parameters ``GridSearchCV`` can reach
(``optimizer__lr``), or a raw ``torch.optim.Optimizer`` subclass.  Torch is
imported on the first fit.

``_fit`` reads top-down: validate the data, encode the targets (a subclass
hook), resolve the optimizer, build the network (:mod:`._network`) on a first
fit, train (:class:`~._training.Trainer`), export ``coefs_``/``intercepts_``.
Subclasses provide ``_prepare_targets``, ``_n_network_outputs``,
``_target_tensor``, ``_loss``/``_loss_name`` and ``_score_outputs``.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.validation import check_is_fitted

from ..optim import resolve_optimizer
from ..utils._torch import import_torch, torch_threads
from ..utils._validation import validate_data
from ._network import ACTIVATIONS, build_network, export_weights, torch_device
from ._training import Plateau, Trainer

__all__ = []


class _BaseMLP(BaseEstimator):
    """Shared fit loop of :class:`MLPClassifier` and :class:`MLPRegressor`."""

    _parameter_constraints = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "optimizer": "no_validation",
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither"), None],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
        ],
        "device": [str],
        "n_jobs": [Integral, None],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        optimizer="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=None,
        power_t=0.5,
        max_iter=200,
        max_fun=15000,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=10,
        device="cpu",
        n_jobs=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.optimizer = optimizer
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.max_fun = max_fun
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.device = device
        self.n_jobs = n_jobs

    # -- hooks of the subclasses ---------------------------------------------
    # _prepare_targets(y, *, first_pass, incremental, classes) -> targets
    # _n_network_outputs(targets), _n_outputs(targets) -> int
    # _loss(torch, output, target) -> scalar tensor
    # _score_outputs(output, target) -> float  (validation score, higher better)

    def _minibatch(self):
        try:
            return resolve_optimizer(self.optimizer).minibatch
        except (TypeError, ValueError):
            return True  # let partial_fit report the bad optimizer itself

    def _validate_hyperparameters(self):
        sizes = np.atleast_1d(np.asarray(self.hidden_layer_sizes))
        if sizes.ndim != 1 or not np.issubdtype(sizes.dtype, np.integer):
            raise ValueError(
                "hidden_layer_sizes must be an int or a sequence of ints, "
                f"got {self.hidden_layer_sizes!r}"
            )
        if np.any(sizes <= 0):
            raise ValueError(
                f"hidden_layer_sizes must be > 0, got {self.hidden_layer_sizes!r}"
            )
        return [int(s) for s in sizes]

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the network on ``X``, ``y`` (from scratch unless ``warm_start``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Class labels for :class:`MLPClassifier`, numeric targets for
            :class:`MLPRegressor`.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit(X, y, incremental=False)

    def _fit(self, X, y, *, incremental, classes=None):
        hidden = self._validate_hyperparameters()
        if incremental and self.early_stopping:
            # no held-out set to stop on: scikit-learn refuses it too
            raise ValueError(
                "partial_fit does not support early_stopping=True: each call is "
                "one epoch on the chunk it is given; set early_stopping=False"
            )
        first_pass = not hasattr(self, "_module") or (
            not self.warm_start and not incremental
        )
        X, y = validate_data(
            self,
            X,
            y,
            reset=first_pass,
            dtype=(np.float64, np.float32),
            multi_output=self._continuous,
            y_numeric=False,
            accept_sparse=["csr", "csc", "coo"],
        )
        # the network is dense: a sparse X is densified (documented), as
        # torch's dense matrix products are what the minibatch steps run on
        X = X.toarray() if sp.issparse(X) else X
        targets = self._prepare_targets(
            y, first_pass=first_pass, incremental=incremental, classes=classes
        )
        optimizer = resolve_optimizer(
            self.optimizer,
            learning_rate=self.learning_rate_init,
            minibatch_for="partial_fit" if incremental else None,
        )
        if isinstance(self.optimizer, str) and "gtol" in optimizer.get_params():
            # full-batch methods by name stop on tol as scikit-learn's L-BFGS:
            # SciPy's gradient tolerance, not the loss-plateau rule
            optimizer.set_params(gtol=self.tol)
        torch = import_torch()
        device = torch_device(torch, self.device)
        dtype = getattr(torch, optimizer.dtype)
        monitor_validation = self.early_stopping and not incremental
        if first_pass:
            self._initialize(X, targets, hidden, dtype, device)
            self._output_dtype = X.dtype
        if not incremental:
            self.n_iter_ = 0  # this fit's iterations (loss_curve_ goes on)
            self._start_loss = None  # a warm start may fit other targets
        if monitor_validation:
            self._plateau = Plateau(higher_is_better=True)
            self.validation_scores_ = []
            self.validation_loss_curve_ = []
            self.best_validation_score_ = -np.inf
        elif self._plateau.higher_is_better:
            self._plateau = Plateau(higher_is_better=False)
        self._module.to(device=device, dtype=dtype)
        if not incremental or not hasattr(self, "_torch_optimizer"):
            self._torch_optimizer = None
        with torch_threads(self.n_jobs, adaptive=True) as threads:
            trainer = Trainer(
                self,
                optimizer,
                threads,
                torch=torch,
                dtype=dtype,
                device=device,
                incremental=incremental,
            )
            try:
                trainer.run(X, targets)
            finally:
                self.n_threads_ = threads.max_threads
        self.optimizer_ = optimizer
        # predict in float64: results then do not depend on the batch size
        # through float32 rounding (the round trip float32 -> 64 -> 32 is exact)
        self._module.eval().to(torch.float64)
        self.coefs_, self.intercepts_ = export_weights(self._module, self._output_dtype)
        if self.early_stopping:
            self.best_loss_ = None
        return self

    def _initialize(self, X, targets, hidden, dtype, device):
        """A new network and an empty history (a first or a cold fit)."""
        self._rng = check_random_state(self.random_state)
        self.n_outputs_ = self._n_outputs(targets)
        n_out = self._n_network_outputs(targets)
        self._module = build_network(
            [X.shape[1], *hidden, n_out], self.activation, self._rng, dtype, device
        )
        self.n_layers_ = len(hidden) + 2
        self.n_iter_ = 0
        self.t_ = 0
        self.loss_curve_ = []
        self._plateau = Plateau(higher_is_better=False)
        self.best_loss_ = np.inf
        self.validation_scores_ = [] if self.early_stopping else None
        self.validation_loss_curve_ = [] if self.early_stopping else None
        self._start_loss = None
        self.best_validation_score_ = -np.inf if self.early_stopping else None

    def _forward(self, X, *, layer=None):
        torch = import_torch()
        check_is_fitted(self, "_module")
        X = validate_data(
            self,
            X,
            reset=False,
            dtype=(np.float64, np.float32),
            accept_sparse=["csr", "csc", "coo"],
        )
        X = X.toarray() if sp.issparse(X) else X
        param = next(self._module.parameters())
        modules = list(self._module)
        if layer is not None:
            n_hidden = self.n_layers_ - 2
            if not isinstance(layer, Integral) or not -n_hidden <= layer < n_hidden:
                raise ValueError(
                    f"layer must be an int in [{-n_hidden}, {n_hidden - 1}] "
                    f"(a hidden layer), got {layer!r}"
                )
            # each hidden layer is a Linear followed by its activation
            modules = modules[: 2 * (layer % n_hidden) + 2]
        with torch_threads(self.n_jobs), torch.no_grad():
            out = torch.as_tensor(X, dtype=param.dtype, device=param.device)
            for module in modules:
                out = module(out)
        return out

    def transform(self, X, layer=-1):
        """Activations of a hidden layer: the learned representation of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input samples.
        layer : int, default=-1
            Which hidden layer, counted from 0 (negative counts from the last).

        Returns
        -------
        ndarray of shape (n_samples, hidden_layer_sizes[layer])
            The activations, as float64.
        """
        return self._forward(X, layer=layer).cpu().double().numpy()

    def fit_transform(self, X, y, layer=-1):
        """Fit, then return the activations of hidden layer ``layer`` on ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.
        layer : int, default=-1
            Which hidden layer (see :meth:`transform`).

        Returns
        -------
        ndarray of shape (n_samples, hidden_layer_sizes[layer])
            The activations, as float64.
        """
        return self.fit(X, y).transform(X, layer=layer)

    @property
    def _no_improvement_count(self):
        """Iterations without improvement, scikit-learn's name for it."""
        return self._plateau.count

    def __sklearn_tags__(self):
        from sklearn.utils import TransformerTags

        tags = super().__sklearn_tags__()
        tags.transformer_tags = TransformerTags(preserves_dtype=["float64"])
        tags.target_tags.multi_output = self._continuous
        tags.target_tags.single_output = True
        tags.input_tags.sparse = True
        return tags
