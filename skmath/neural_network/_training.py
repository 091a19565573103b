"""The MLPs' training loops: minibatch epochs and full-batch iterations.

``_BaseMLP._fit`` validates the data, builds or reuses the network and hands
one :class:`Trainer` the resolved optimizer; the trainer runs

- :meth:`Trainer.fit_stochastic`: epochs of shuffled minibatches, one
  optimizer step per batch by hand-written backpropagation
  (:mod:`._backprop`), the path of ``partial_fit``;
- :meth:`Trainer.fit_full_batch`: the optimizer's own full-batch iterations
  (``scipy.optimize`` with autograd gradients);

and records every iteration the same way (:meth:`Trainer.end_of_iteration`):
the estimator's history attributes, the stopping rule (:class:`Plateau`), a
copy of the best weights, and divergence: a NaN or infinite loss, or a finite
one ``DIVERGENCE_FACTOR`` times its start (plain SGD at a learning rate of
1e4 climbs from 2.3 to 1e14 without ever overflowing), restores the best
weights with a :class:`DivergenceWarning` (a ``ValueError`` if it happens in
the first iteration, when there are no better weights to restore).  The
trainer reads the estimator's parameters and writes its fitted history; it
keeps nothing after the fit.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..utils._holdout import holdout_split
from ..utils._progress import ProgressLog
from ._backprop import Backprop

__all__ = ["DivergenceWarning", "Plateau", "Trainer"]

#: a finite loss this many times its start (the loss of the first step at the
#: initial weights) counts as divergence.  At the start, cross-entropy is about
#: log(n_classes) and the squared loss about half the mean square of y: ten
#: times that means confidently wrong classes, or predictions three times
#: farther off than predicting zero.  Working fits seen spike to 5x and recover
DIVERGENCE_FACTOR = 10.0
#: floor of that start, so a fit that starts at a near-zero loss is not
#: declared diverged for a rise that is small in absolute terms
_MIN_START_LOSS = 1e-3


class DivergenceWarning(RuntimeWarning):
    """The training loss exploded or became NaN; the best weights were restored."""


class _TrainingDiverged(Exception):
    """Raised inside a loop to leave it once the loss has diverged.

    The weights are restored (and the user warned) before it is raised.
    """


class Plateau:
    """Iterations in a row without an improvement larger than ``tol``.

    scikit-learn's ``_no_improvement_count`` as a small object: ``update``
    takes the monitored value (the training loss, or the validation score
    when ``higher_is_better``), counts it as no improvement unless it beats
    the best value by more than ``tol``, and says whether it is a new best.
    It lives on the estimator between ``partial_fit`` and warm-start calls.
    """

    def __init__(self, *, higher_is_better):
        self.higher_is_better = higher_is_better
        self.count = 0
        self.best = -math.inf if higher_is_better else math.inf

    def update(self, value, tol):
        """Record ``value``; return True if it is the best so far."""
        if self.higher_is_better:
            stalled, improved = value < self.best + tol, value > self.best
        else:
            stalled, improved = value > self.best - tol, value < self.best
        self.count = self.count + 1 if stalled else 0
        if improved:
            self.best = value
        return improved

    def exhausted(self, n_iter_no_change):
        """Whether more than ``n_iter_no_change`` iterations did not improve."""
        return self.count > n_iter_no_change


class Trainer:
    """One ``fit`` or ``partial_fit`` of an MLP's network.

    Parameters
    ----------
    estimator : _BaseMLP
        Gives the parameters, the loss and the network (``_module``); receives
        the history (``n_iter_``, ``t_``, ``loss_curve_``, ``loss_``,
        ``best_loss_``, ``validation_scores_``, ``validation_loss_curve_``,
        ``best_validation_score_``).
    optimizer : OptimizerPlugin
        The resolved optimizer.
    threads : ThreadPolicy
        Told after every step so it can adapt the thread count.
    torch, dtype, device
        The imported torch, the parameters' dtype and device.
    incremental : bool
        One epoch of ``partial_fit``: no hold-out split and no stopping rule.
    """

    def __init__(
        self, estimator, optimizer, threads, *, torch, dtype, device, incremental
    ):
        self.est = estimator
        self.optimizer = optimizer
        self.threads = threads
        self.torch = torch
        self.dtype = dtype
        self.device = device
        self.incremental = incremental
        self.params = list(estimator._module.parameters())
        self.best_params = None
        self.epoch_start = None
        self.validation = None
        self.log = None

    # -- the whole run ---------------------------------------------------------
    def run(self, X, targets):
        """Train on ``X`` and the encoded ``targets``; warn if not converged."""
        est, torch = self.est, self.torch
        X_train, t_train = X, targets
        if est.early_stopping and not self.incremental:
            train, valid = holdout_split(
                X.shape[0],
                est.validation_fraction,
                random_state=est._rng,
                stratify=None if est._continuous else targets,
                min_valid=2,  # as scikit-learn's MLPs, for any score
            )
            X_train, t_train = X[train], targets[train]
            self.validation = (
                torch.as_tensor(X[valid], dtype=self.dtype, device=self.device),
                est._target_tensor(torch, targets[valid], self.dtype, self.device),
            )
        Xt = torch.as_tensor(X_train, dtype=self.dtype, device=self.device)
        tt = est._target_tensor(torch, t_train, self.dtype, self.device)
        est._module.train()
        max_iter = 1 if self.incremental else est.max_iter
        # scikit-learn's "Iteration n, loss = ..." lines in a file or pipe,
        # a bar on a terminal
        self.log = ProgressLog(
            verbose=est.verbose, total=max_iter, desc=type(est).__name__
        )
        try:
            if self.optimizer.minibatch:
                stopped, limit = self.fit_stochastic(Xt, tt, max_iter)
            else:
                stopped, limit = self.fit_full_batch(Xt, tt, max_iter)
        except _TrainingDiverged:
            return
        finally:
            self.log.close()
        if self.validation is not None and self.best_params is not None:
            self._load(self.best_params)
        if not self.incremental:
            self._report(stopped, limit)

    def _report(self, stopped, limit):
        """Say why training ended: a plateau (verbose) or a limit (warning)."""
        est = self.est
        if stopped:
            if est.verbose:
                monitored = (
                    "Validation score"
                    if self.validation is not None
                    else "Training loss"
                )
                self.log.write(
                    f"{monitored} did not improve more than tol={est.tol} for "
                    f"{est.n_iter_no_change} consecutive iterations. Stopping."
                )
        elif limit is not None:
            warnings.warn(
                f"{type(self.optimizer).__name__}: {limit} "
                "reached and the optimization hasn't converged yet.",
                ConvergenceWarning,
                stacklevel=6,
            )

    # -- the two loops ---------------------------------------------------------
    def fit_stochastic(self, Xt, tt, max_iter):
        """Up to ``max_iter`` epochs of minibatch steps; ``(stopped, n_done)``."""
        est = self.est
        if est._torch_optimizer is None:
            est._torch_optimizer = self.optimizer.build(self.params)
            est._lr_init = [g["lr"] for g in est._torch_optimizer.param_groups]
        backprop = Backprop(
            self.torch, est._module, est.activation, est._loss_name, est.alpha
        )
        n_samples = Xt.shape[0]
        batch_size = min(200 if est.batch_size == "auto" else est.batch_size, n_samples)
        for _ in range(max_iter):
            if self.validation is None:
                # an epoch's loss is the mean over its steps: it measures the
                # weights the epoch started from better than those it ends at
                self.epoch_start = [p.detach().clone() for p in self.params]
            loss = self.run_single_epoch(backprop, Xt, tt, batch_size)
            est.t_ += n_samples
            if est.learning_rate == "invscaling":
                self._divide_learning_rate((est.t_ + 1) ** est.power_t)
            stop = self.end_of_iteration(loss)
            est.learning_rate_ = est._torch_optimizer.param_groups[0]["lr"]
            if stop and est.learning_rate == "adaptive" and est.learning_rate_ > 1e-6:
                # scikit-learn's adaptive rate: a plateau divides it by 5;
                # training stops once it is no larger than 1e-6
                self._divide_learning_rate(5 * est._lr_init[0] / est.learning_rate_)
                est.learning_rate_ = est._torch_optimizer.param_groups[0]["lr"]
                est._plateau.count = 0
                continue
            if stop:
                return True, None
        return False, f"maximum iterations ({max_iter})"

    def _divide_learning_rate(self, divisor):
        """Set every parameter group's rate to its initial rate / ``divisor``."""
        groups = self.est._torch_optimizer.param_groups
        for group, lr_init in zip(groups, self.est._lr_init):
            group["lr"] = lr_init / divisor

    def run_single_epoch(self, backprop, Xt, tt, batch_size):
        """One pass over the (shuffled) samples; the mean loss of its batches."""
        est, torch, optimizer = self.est, self.torch, self.optimizer
        n_samples = Xt.shape[0]
        if est.shuffle:
            order = torch.as_tensor(est._rng.permutation(n_samples), device=self.device)
        total = 0.0
        for start in range(0, n_samples, batch_size):
            if est.shuffle:
                # index_select: 2-3x faster than Xt[idx] on CPU
                idx = order[start : start + batch_size]
                xb, yb = Xt.index_select(0, idx), tt.index_select(0, idx)
            else:
                xb = Xt[start : start + batch_size]
                yb = tt[start : start + batch_size]
            loss = optimizer.step(
                est._torch_optimizer, lambda xb=xb, yb=yb: backprop(xb, yb)
            )
            if est._start_loss is None:
                est._start_loss = loss  # evaluated at the initial weights
            total += loss * xb.shape[0]
            self.threads.update()
        return total / n_samples

    def fit_full_batch(self, Xt, tt, max_iter):
        """The optimizer's full-batch iterations; ``(stopped, n_done)``."""
        est, torch = self.est, self.torch
        est._torch_optimizer = None
        module = est._module
        weights = [
            p for name, p in module.named_parameters() if name.endswith("weight")
        ]
        alpha = float(est.alpha)

        n_fun = 0

        def loss_fn():
            nonlocal n_fun
            n_fun += 1
            loss = est._loss(torch, module(Xt), tt)
            if alpha:
                penalty = sum((w * w).sum() for w in weights)
                loss = loss + 0.5 * alpha * penalty / Xt.shape[0]
            return loss

        stopped = False

        def callback(loss):
            nonlocal stopped
            self.threads.update()
            plateau = self.end_of_iteration(loss)
            # the method's own tolerances (SciPy's gtol: tol for a method given
            # by name) judge convergence, as scikit-learn's L-BFGS; the plateau
            # rule stops on the held-out score only
            stopped = plateau and self.validation is not None
            return stopped or n_fun >= est.max_fun

        n_before = est.n_iter_
        self.optimizer.minimize(
            self.params, loss_fn, max_iter=max_iter, callback=callback
        )
        est.learning_rate_ = None
        n_done = est.n_iter_ - n_before
        est.t_ += Xt.shape[0] * n_done
        if stopped:
            return True, None
        if n_fun >= est.max_fun:
            return False, f"maximum function evaluations (max_fun={est.max_fun})"
        if n_done >= max_iter:
            return False, f"maximum iterations ({max_iter})"
        return True, None  # SciPy stopped on its own tolerance: converged

    # -- after every iteration -------------------------------------------------
    def end_of_iteration(self, loss):
        """Record one iteration's ``loss``; True stops training."""
        est = self.est
        est.n_iter_ += 1
        est.loss_curve_.append(loss)
        est.loss_ = loss
        if est._start_loss is None:
            est._start_loss = loss  # full-batch: the first iteration's loss
        if self._exploded(loss):
            self._diverged(loss)
        if self.validation is not None:
            X_val, t_val = self.validation
            with self.torch.no_grad():
                output = est._module(X_val)
                score = est._score_outputs(output, t_val)
                est.validation_loss_curve_.append(
                    float(est._loss(self.torch, output, t_val))
                )
            est.validation_scores_.append(score)
            self.log.step(
                est.n_iter_,
                loss=loss,
                validation_loss=est.validation_loss_curve_[-1],
                validation_score=score,
            )
            improved = est._plateau.update(score, est.tol)
            est.best_validation_score_ = est._plateau.best
        else:
            self.log.step(est.n_iter_, loss=loss)
            improved = est._plateau.update(loss, est.tol)
            est.best_loss_ = est._plateau.best
        if improved or self.best_params is None:
            if self.epoch_start is not None:
                self.best_params = self.epoch_start
            else:  # the score or the full-batch loss of the current weights
                self.best_params = [p.detach().clone() for p in self.params]
        return not self.incremental and est._plateau.exhausted(est.n_iter_no_change)

    def _exploded(self, loss):
        """NaN, infinite, or ``DIVERGENCE_FACTOR`` times the start."""
        start = max(self.est._start_loss, _MIN_START_LOSS)
        return not np.isfinite(loss) or loss > DIVERGENCE_FACTOR * start

    def _diverged(self, loss):
        name = type(self.est).__name__
        hint = (
            "lower learning_rate_init (or the optimizer's lr), scale the "
            "features, or increase alpha"
        )
        what = (
            f"the loss is {loss:.6g} at iteration {self.est.n_iter_}, it started "
            f"at {self.est._start_loss:.6g}"
        )
        if not np.isfinite(self.est._start_loss):
            # scikit-learn's words for it
            hint = (
                "Solver produced non-finite parameter weights. The input data may "
                "contain large values and need to be preprocessed"
            )
        if self.best_params is None:
            raise ValueError(f"{name}: training diverged, {what}; {hint}.")
        self._load(self.best_params)
        best = "validation score" if self.validation is not None else "loss"
        warnings.warn(
            f"{name}: training diverged, {what}; stopped and restored the "
            f"weights with the best {best} ({self.est._plateau.best:.6g}); {hint}.",
            DivergenceWarning,
            stacklevel=7,
        )
        raise _TrainingDiverged

    def _load(self, values):
        with self.torch.no_grad():
            for p, v in zip(self.params, values):
                p.copy_(v)
