"""Multi-layer perceptrons on PyTorch with pluggable optimizers.

The estimators keep scikit-learn's ``MLPClassifier``/``MLPRegressor``
parameter names; the ``optimizer`` parameter takes any plugin of
:mod:`skmath.optim` (first-order minibatch or full-batch second-order), a
plugin object whose parameters ``GridSearchCV`` can reach
(``optimizer__lr``), or a raw ``torch.optim.Optimizer`` subclass.  Torch is
imported on the first fit.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted

from ..optim import resolve_optimizer
from ..utils._torch import import_torch, torch_threads
from ..utils._validation import validate_data
from ._backprop import Backprop

__all__ = ["MLPClassifier", "MLPRegressor", "DivergenceWarning"]

_ACTIVATIONS = ("identity", "logistic", "tanh", "relu")


class DivergenceWarning(RuntimeWarning):
    """The training loss became NaN or infinite; the best weights were restored."""


def _activation_module(nn, name):
    return {
        "identity": nn.Identity,
        "logistic": nn.Sigmoid,
        "tanh": nn.Tanh,
        # in place: the Linear output it overwrites is not needed by autograd,
        # and one (batch, width) buffer less per layer keeps steps in cache
        "relu": lambda: nn.ReLU(inplace=True),
    }[name]()


def _build_network(layer_sizes, activation, rng, dtype, device):
    """``nn.Sequential`` of Linear layers with scikit-learn's Glorot init.

    The weights are drawn with NumPy from ``rng`` (as scikit-learn does), so a
    seed gives the same network whatever torch's global random state is.
    """
    torch = import_torch()
    nn = torch.nn
    layers = []
    n_layers = len(layer_sizes)
    for i, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:])):
        linear = nn.Linear(fan_in, fan_out, device=device, dtype=dtype)
        factor = 2.0 if activation == "logistic" else 6.0
        bound = np.sqrt(factor / (fan_in + fan_out))
        weight = rng.uniform(-bound, bound, (fan_in, fan_out)).T
        bias = rng.uniform(-bound, bound, fan_out)
        with torch.no_grad():
            linear.weight.copy_(torch.as_tensor(weight))
            linear.bias.copy_(torch.as_tensor(bias))
        layers.append(linear)
        if i < n_layers - 2:
            layers.append(_activation_module(nn, activation))
    return nn.Sequential(*layers)


class _EarlyStop(Exception):
    pass


class _BaseMLP(BaseEstimator):
    """Shared fit loop of :class:`MLPClassifier` and :class:`MLPRegressor`."""

    _parameter_constraints = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(_ACTIVATIONS))],
        "optimizer": "no_validation",
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither"), None],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
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
        learning_rate_init=None,
        max_iter=200,
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
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
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
    # _prepare_targets(y, first_pass, classes) -> (targets ndarray, n_outputs)
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

    def _torch_device(self, torch):
        try:
            device = torch.device(self.device)
        except (RuntimeError, TypeError) as exc:
            raise ValueError(f"invalid device {self.device!r}: {exc}") from None
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"device={self.device!r} but CUDA is not available")
        return device

    def _fit(self, X, y, *, incremental, classes=None):
        hidden = self._validate_hyperparameters()
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
        )
        targets = self._prepare_targets(y, first_pass, classes)
        optimizer = resolve_optimizer(
            self.optimizer, learning_rate=self.learning_rate_init
        )
        if incremental and not optimizer.minibatch:
            raise AttributeError(
                f"partial_fit needs a minibatch optimizer, not {optimizer!r}"
            )
        torch = import_torch()
        device = self._torch_device(torch)
        dtype = getattr(torch, optimizer.dtype)
        if first_pass:
            self._rng = check_random_state(self.random_state)
            self.n_outputs_ = targets.shape[1] if self._continuous else None
            n_out = self._n_network_outputs(targets)
            self._module = _build_network(
                [X.shape[1], *hidden, n_out], self.activation, self._rng, dtype, device
            )
            self.n_layers_ = len(hidden) + 2
            self.n_iter_ = 0
            self.t_ = 0
            self.loss_curve_ = []
            self._no_improvement_count = 0
            self.best_loss_ = np.inf
            self.validation_scores_ = [] if self.early_stopping else None
            self.best_validation_score_ = -np.inf if self.early_stopping else None
        self._module.to(device=device, dtype=dtype)
        if not incremental or not hasattr(self, "_torch_optimizer"):
            self._torch_optimizer = None
        if self.early_stopping and not incremental:
            self._no_improvement_count = 0
            self.validation_scores_ = []
            self.best_validation_score_ = -np.inf
        with torch_threads(self.n_jobs, adaptive=True) as threads:
            try:
                self._train(
                    torch, X, targets, optimizer, dtype, device, incremental, threads
                )
            finally:
                self.n_threads_ = threads.max_threads
        self.optimizer_ = optimizer
        # predict in float64: results then do not depend on the batch size
        # through float32 rounding (the round trip float32 -> 64 -> 32 is exact)
        self._module.eval().to(torch.float64)
        self._export_weights()
        return self

    def _split(self, X, targets, incremental):
        if not self.early_stopping or incremental:
            return X, targets, None, None
        stratify = targets if not self._continuous else None
        n_classes = len(np.unique(targets)) if stratify is not None else 0
        n_val = int(np.ceil(self.validation_fraction * X.shape[0]))
        if stratify is not None and (
            n_val < n_classes or np.min(np.bincount(targets)) < 2
        ):
            stratify = None
        X_train, X_val, t_train, t_val = train_test_split(
            X,
            targets,
            random_state=self._rng,
            test_size=self.validation_fraction,
            stratify=stratify,
        )
        if X_train.shape[0] < 1 or X_val.shape[0] < 1:
            raise ValueError(
                "early_stopping needs at least 2 samples to hold out "
                f"validation_fraction={self.validation_fraction}"
            )
        return X_train, t_train, X_val, t_val

    def _train(self, torch, X, targets, optimizer, dtype, device, incremental, threads):
        from tqdm.auto import tqdm

        X_train, t_train, X_val, t_val = self._split(X, targets, incremental)
        Xt = torch.as_tensor(X_train, dtype=dtype, device=device)
        tt = self._target_tensor(torch, t_train, dtype, device)
        if X_val is not None:
            Xv = torch.as_tensor(X_val, dtype=dtype, device=device)
            tv = self._target_tensor(torch, t_val, dtype, device)
        module = self._module
        module.train()
        params = list(module.parameters())
        weights = [
            p for name, p in module.named_parameters() if name.endswith("weight")
        ]
        alpha = float(self.alpha)

        def loss_fn(xb, yb):
            loss = self._loss(torch, module(xb), yb)
            if alpha:
                penalty = sum((w * w).sum() for w in weights)
                loss = loss + 0.5 * alpha * penalty / xb.shape[0]
            return loss

        best_params = None
        max_iter = 1 if incremental else self.max_iter
        bar = tqdm(
            total=max_iter,
            desc=type(self).__name__,
            disable=not self.verbose,
            unit="epoch" if optimizer.minibatch else "iter",
        )

        def end_of_iteration(loss):
            """Record one iteration; True stops training."""
            nonlocal best_params
            self.n_iter_ += 1
            self.loss_curve_.append(loss)
            self.loss_ = loss
            bar.update()
            if not np.isfinite(loss):
                self._diverged(loss, best_params, params, torch)
                raise _EarlyStop
            improved = False
            if X_val is not None:
                with torch.no_grad():
                    score = self._score_outputs(module(Xv), tv)
                self.validation_scores_.append(score)
                bar.set_postfix(loss=f"{loss:.4g}", val=f"{score:.4g}")
                if score < self.best_validation_score_ + self.tol:
                    self._no_improvement_count += 1
                else:
                    self._no_improvement_count = 0
                if score > self.best_validation_score_:
                    self.best_validation_score_ = score
                    improved = True
            else:
                bar.set_postfix(loss=f"{loss:.4g}")
                if loss > self.best_loss_ - self.tol:
                    self._no_improvement_count += 1
                else:
                    self._no_improvement_count = 0
                if loss < self.best_loss_:
                    self.best_loss_ = loss
                    improved = True
            if improved or best_params is None:
                best_params = [p.detach().clone() for p in params]
            if incremental:
                return False
            return self._no_improvement_count > self.n_iter_no_change

        n_samples = Xt.shape[0]
        stopped = False
        try:
            if optimizer.minibatch:
                if self._torch_optimizer is None:
                    self._torch_optimizer = optimizer.build(params)
                backprop = Backprop(
                    torch, module, self.activation, self._loss_name, alpha
                )
                torch_optimizer = self._torch_optimizer
                batch_size = min(
                    200 if self.batch_size == "auto" else self.batch_size, n_samples
                )
                for _ in range(max_iter):
                    if self.shuffle:
                        order = torch.as_tensor(
                            self._rng.permutation(n_samples), device=device
                        )
                    total = 0.0
                    for start in range(0, n_samples, batch_size):
                        if self.shuffle:
                            # index_select: 2-3x faster than Xt[idx] on CPU
                            idx = order[start : start + batch_size]
                            xb, yb = Xt.index_select(0, idx), tt.index_select(0, idx)
                        else:
                            xb = Xt[start : start + batch_size]
                            yb = tt[start : start + batch_size]
                        loss = optimizer.step(
                            torch_optimizer, lambda xb=xb, yb=yb: backprop(xb, yb)
                        )
                        total += loss * xb.shape[0]
                        threads.update()
                    self.t_ += n_samples
                    if end_of_iteration(total / n_samples):
                        stopped = True
                        break
                n_done = max_iter
            else:
                self._torch_optimizer = None
                n_before = self.n_iter_

                def callback(loss):
                    nonlocal stopped
                    threads.update()
                    stopped = end_of_iteration(loss)
                    return stopped

                optimizer.minimize(
                    params,
                    lambda: loss_fn(Xt, tt),
                    max_iter=max_iter,
                    callback=callback,
                )
                self.t_ += n_samples * (self.n_iter_ - n_before)
                n_done = self.n_iter_ - n_before
                # scipy stopped on its own tolerance: converged
                stopped = stopped or n_done < max_iter
        except _EarlyStop:
            return
        finally:
            bar.close()
        if X_val is not None and best_params is not None:
            self._load(best_params, params, torch)
        if incremental:
            return
        if stopped:
            if self.verbose:
                print(
                    f"{'Validation score' if X_val is not None else 'Training loss'} "
                    f"did not improve more than tol={self.tol} for "
                    f"{self.n_iter_no_change} consecutive iterations. Stopping."
                )
        elif n_done >= max_iter:
            warnings.warn(
                f"{type(optimizer).__name__}: maximum iterations ({max_iter}) "
                "reached and the optimization hasn't converged yet.",
                ConvergenceWarning,
                stacklevel=5,
            )

    @staticmethod
    def _load(values, params, torch):
        with torch.no_grad():
            for p, v in zip(params, values):
                p.copy_(v)

    def _diverged(self, loss, best_params, params, torch):
        hint = (
            "lower learning_rate_init (or the optimizer's lr), scale the "
            "features, or increase alpha"
        )
        if best_params is None:
            raise ValueError(
                f"{type(self).__name__}: training diverged, the loss is {loss} at "
                f"iteration {self.n_iter_}; {hint}."
            )
        self._load(best_params, params, torch)
        warnings.warn(
            f"{type(self).__name__}: training diverged, the loss is {loss} at "
            f"iteration {self.n_iter_}; stopped and restored the weights with "
            f"the best loss ({self.best_loss_:.6g}); {hint}.",
            DivergenceWarning,
            stacklevel=4,
        )

    def _export_weights(self):
        linears = [m for m in self._module if hasattr(m, "weight")]
        self.coefs_ = [
            m.weight.detach().cpu().double().numpy().T.copy() for m in linears
        ]
        self.intercepts_ = [
            m.bias.detach().cpu().double().numpy().copy() for m in linears
        ]
        if self.early_stopping:
            self.best_loss_ = None

    def _forward(self, X, *, layer=None):
        torch = import_torch()
        check_is_fitted(self, "_module")
        X = validate_data(self, X, reset=False, dtype=(np.float64, np.float32))
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

    def __sklearn_tags__(self):
        from sklearn.utils import TransformerTags

        tags = super().__sklearn_tags__()
        tags.transformer_tags = TransformerTags(preserves_dtype=["float64"])
        tags.target_tags.multi_output = self._continuous
        tags.target_tags.single_output = True
        return tags


class MLPClassifier(ClassifierMixin, _BaseMLP):
    """Multi-layer perceptron classifier on PyTorch with a pluggable optimizer.

    The network is a stack of fully connected layers with the chosen
    activation and a softmax output, trained on the cross-entropy plus an L2
    penalty :math:`\\frac{\\alpha}{2 n}\\sum \\|W\\|^2` (``n`` the batch size,
    as in scikit-learn).

    Parameters
    ----------
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
    learning_rate_init : float, default=None
        Learning rate of an optimizer given by name or class; None keeps the
        optimizer's own default (0.001 for Adam as in scikit-learn, 1.0 for
        L-BFGS, whose line search scales it).
    max_iter : int, default=200
        Epochs for minibatch optimizers, iterations for full-batch ones.
    shuffle : bool, default=True
        Shuffle the samples at every epoch.
    random_state : int, RandomState instance or None, default=None
        Seeds the weight initialisation, the shuffling and the validation
        split.
    tol : float, default=1e-4
        Improvement of the loss (or validation score) below which an
        iteration counts as no improvement.
    verbose : bool, default=False
        Show a progress bar with the current loss.
    warm_start : bool, default=False
        Continue from the previous fit's weights.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data, stop when its accuracy
        stalls and keep the best weights.
    validation_fraction : float, default=0.1
        Held-out fraction for early stopping.
    n_iter_no_change : int, default=10
        Iterations without improvement before stopping.
    device : str, default="cpu"
        Torch device, e.g. ``"cuda"``.
    n_jobs : int, default=None
        Torch threads during fit and predict: ``None`` uses ``OMP_NUM_THREADS``
        if set (Dask and joblib workers set it to 1); otherwise fit starts on
        one thread and takes, every 0.2 s, the cores other processes leave
        idle, so a busy machine never gets oversubscribed (see
        :class:`skmath.utils._torch.ThreadPolicy`), and predict uses one.
        ``-1`` every core; a positive int that many threads.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    optimizer_ : OptimizerPlugin
        The resolved optimizer.
    loss_ : float
        Loss at the last iteration.
    best_loss_ : float or None
        Lowest training loss (None with early stopping).
    loss_curve_ : list of float
        Loss at every iteration, for every optimizer.
    validation_scores_ : list of float or None
        Held-out accuracy at every iteration when ``early_stopping``.
    best_validation_score_ : float or None
        Best held-out accuracy when ``early_stopping``.
    coefs_ : list of ndarray
        Weight matrices, ``coefs_[i]`` of shape (fan_in, fan_out).
    intercepts_ : list of ndarray
        Bias vectors.
    n_iter_ : int
        Iterations (epochs) run.
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

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skmath.neural_network import MLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = MLPClassifier((16,), optimizer="lbfgs", max_iter=50, random_state=0)
    >>> clf.fit(X, y).score(X, y) > 0.9
    True
    >>> clf.transform(X[:2]).shape
    (2, 16)
    """

    _continuous = False

    def _prepare_targets(self, y, first_pass, classes):
        check_classification_targets(y)
        target_type = type_of_target(y)
        if target_type not in ("binary", "multiclass"):
            raise ValueError(
                f"{type(self).__name__} supports binary and multiclass targets, "
                f"got {target_type!r}"
            )
        y = np.ravel(y)
        if first_pass:
            encoder = LabelEncoder()
            if classes is not None:
                encoder.fit(np.asarray(classes))
            else:
                encoder.fit(y)
            if len(encoder.classes_) < 2:
                raise ValueError(
                    f"{type(self).__name__} needs samples of at least 2 classes "
                    f"in the data, got 1 class: {encoder.classes_[0]!r}"
                )
            self.classes_ = encoder.classes_
        unknown = np.setdiff1d(y, self.classes_)
        if unknown.size:
            raise ValueError(
                f"y contains labels not seen in the first fit: {unknown.tolist()}; "
                f"classes_ are {self.classes_.tolist()}"
            )
        return np.searchsorted(self.classes_, y)

    def _n_network_outputs(self, targets):
        return len(self.classes_)

    @staticmethod
    def _target_tensor(torch, targets, dtype, device):
        return torch.as_tensor(targets, dtype=torch.long, device=device)

    #: the loss of :class:`Backprop` that equals :meth:`_loss`
    _loss_name = "cross_entropy"

    @staticmethod
    def _loss(torch, output, target):
        return torch.nn.functional.cross_entropy(output, target)

    @staticmethod
    def _score_outputs(output, target):
        return (output.argmax(dim=1) == target).double().mean().item()

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the network to ``X``, ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        self : MLPClassifier
            The fitted estimator.
        """
        return self._fit(X, y, incremental=False)

    @available_if(_BaseMLP._minibatch)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None):
        """One epoch over ``X``, ``y``: the out-of-core path.

        Feed the data chunk by chunk (e.g. from a memory map or a Dask
        array); the optimizer state carries over between calls.  Only for
        minibatch optimizers.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            A chunk of training data.
        y : array-like of shape (n_samples,)
            Its labels.
        classes : array-like of shape (n_classes,), default=None
            Every class label; required on the first call.

        Returns
        -------
        self : MLPClassifier
            The updated estimator.
        """
        if not hasattr(self, "classes_") and classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit")
        return self._fit(X, y, incremental=True, classes=classes)

    def predict_proba(self, X):
        """Class probabilities of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input samples.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Probabilities, columns in the order of ``classes_``.
        """
        torch = import_torch()
        return torch.softmax(self._forward(X), dim=1).cpu().double().numpy()

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input samples.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Log-probabilities.
        """
        torch = import_torch()
        return torch.log_softmax(self._forward(X), dim=1).cpu().double().numpy()

    def predict(self, X):
        """Predicted class labels of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input samples.

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        index = self._forward(X).argmax(dim=1).cpu().numpy()
        return self.classes_[index]


class MLPRegressor(RegressorMixin, _BaseMLP):
    """Multi-layer perceptron regressor on PyTorch with a pluggable optimizer.

    Trained on half the mean squared error plus the L2 penalty
    :math:`\\frac{\\alpha}{2 n}\\sum \\|W\\|^2`; the output layer is linear.

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int, default=(100,)
        Width of each hidden layer.
    activation : {"relu", "tanh", "logistic", "identity"}, default="relu"
        Hidden-layer activation.
    optimizer : str, optimizer object or torch.optim.Optimizer subclass, \
default="adam"
        A registered name, an object from :mod:`skmath.optim` (which carries
        its own ``lr``) or any ``torch.optim.Optimizer`` subclass.
    alpha : float, default=0.0001
        Strength of the L2 penalty on the weights.
    batch_size : int or "auto", default="auto"
        Minibatch size, ``min(200, n_samples)`` for "auto".
    learning_rate_init : float, default=None
        Learning rate of an optimizer given by name or class; None keeps the
        optimizer's own default (0.001 for Adam as in scikit-learn, 1.0 for
        L-BFGS, whose line search scales it).
    max_iter : int, default=200
        Epochs for minibatch optimizers, iterations for full-batch ones.
    shuffle : bool, default=True
        Shuffle the samples at every epoch.
    random_state : int, RandomState instance or None, default=None
        Seeds the weight initialisation, the shuffling and the validation
        split.
    tol : float, default=1e-4
        Improvement below which an iteration counts as no improvement.
    verbose : bool, default=False
        Show a progress bar with the current loss.
    warm_start : bool, default=False
        Continue from the previous fit's weights.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data, stop when its
        :math:`R^2` stalls and keep the best weights.
    validation_fraction : float, default=0.1
        Held-out fraction for early stopping.
    n_iter_no_change : int, default=10
        Iterations without improvement before stopping.
    device : str, default="cpu"
        Torch device.
    n_jobs : int, default=None
        Torch threads during fit and predict (see :class:`MLPClassifier`).

    Attributes
    ----------
    optimizer_ : OptimizerPlugin
        The resolved optimizer.
    loss_ : float
        Loss at the last iteration.
    best_loss_ : float or None
        Lowest training loss (None with early stopping).
    loss_curve_ : list of float
        Loss at every iteration, for every optimizer.
    validation_scores_ : list of float or None
        Held-out :math:`R^2` at every iteration when ``early_stopping``.
    best_validation_score_ : float or None
        Best held-out :math:`R^2` when ``early_stopping``.
    coefs_ : list of ndarray
        Weight matrices, ``coefs_[i]`` of shape (fan_in, fan_out).
    intercepts_ : list of ndarray
        Bias vectors.
    n_iter_ : int
        Iterations (epochs) run.
    t_ : int
        Training samples seen.
    n_layers_ : int
        Number of layers, input and output included.
    n_outputs_ : int
        Number of targets.
    n_threads_ : int
        Most torch threads the last fit used (the default policy may change
        the count during the fit).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Feature names, when ``X`` has string column names.

    Examples
    --------
    >>> import numpy as np
    >>> from skmath.neural_network import MLPRegressor
    >>> X = np.linspace(-1, 1, 50).reshape(-1, 1)
    >>> reg = MLPRegressor((16,), optimizer="bfgs", max_iter=100, random_state=0)
    >>> reg.fit(X, X.ravel() ** 2).score(X, X.ravel() ** 2) > 0.95
    True
    """

    _continuous = True

    def _prepare_targets(self, y, first_pass, classes):
        y = np.asarray(y)
        try:
            y = y.astype(np.float64)
        except (TypeError, ValueError):
            example = next(
                (v for v in y.ravel() if not isinstance(v, (int, float))), y.flat[0]
            )
            raise ValueError(
                f"{type(self).__name__} needs numeric y (Unknown label type: "
                f"non-numeric values such as {example!r})"
            ) from None
        if not np.all(np.isfinite(y)):
            raise ValueError(f"{type(self).__name__}: y contains NaN or infinity")
        if first_pass:
            self._y_ndim = y.ndim
        y = y.reshape(len(y), -1)
        if not first_pass and y.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {y.shape[1]} outputs, the model was fitted with "
                f"{self.n_outputs_}"
            )
        return y

    @staticmethod
    def _n_network_outputs(targets):
        return targets.shape[1]

    @staticmethod
    def _target_tensor(torch, targets, dtype, device):
        return torch.as_tensor(targets, dtype=dtype, device=device)

    _loss_name = "squared"

    @staticmethod
    def _loss(torch, output, target):
        return 0.5 * torch.nn.functional.mse_loss(output, target)

    @staticmethod
    def _score_outputs(output, target):
        residual = ((target - output) ** 2).sum()
        total = ((target - target.mean(dim=0)) ** 2).sum()
        if total == 0:
            return 0.0
        return (1 - residual / total).item()

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the network to ``X``, ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.

        Returns
        -------
        self : MLPRegressor
            The fitted estimator.
        """
        return self._fit(X, y, incremental=False)

    @available_if(_BaseMLP._minibatch)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y):
        """One epoch over ``X``, ``y``: the out-of-core path.

        Feed the data chunk by chunk (e.g. from a memory map or a Dask
        array); the optimizer state carries over between calls.  Only for
        minibatch optimizers.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            A chunk of training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Its targets.

        Returns
        -------
        self : MLPRegressor
            The updated estimator.
        """
        return self._fit(X, y, incremental=True)

    def predict(self, X):
        """Predicted targets of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input samples.

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predictions.
        """
        out = self._forward(X).cpu().double().numpy()
        return out.ravel() if self._y_ndim == 1 else out
