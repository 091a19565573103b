"""The ``skmath`` command line: ``skmath plugins`` and ``skmath tour``."""

from __future__ import annotations

import argparse
import sys

__all__ = ["build_parser", "main"]


def _cmd_plugins(args):
    from . import plugins

    kinds = plugins.KINDS if not args.kind else [args.kind]
    for kind in kinds:
        reg = plugins.registry(kind)
        print(f"{kind} (entry-point group {reg.group}):")
        for name, source in reg.sources().items():
            print(f"  {name:<16} {source}")
    return 0


def _cmd_tour(args):
    from pathlib import Path

    from ._tour import run_tour

    sections = run_tour(
        quick=args.quick,
        out_dir=args.out,
        random_state=args.random_state,
        only=args.only,
        progress=not args.no_progress,
    )
    failed = [s.title for s in sections if getattr(s, "failed", False)]
    figures = [path for s in sections for path in s.figures]
    print(
        f"tour: {len(sections)} sections"
        + (f", FAILED: {', '.join(failed)}" if failed else "")
    )
    # the last line says where to look, as an absolute path a reader can open
    print(f"figures ({len(figures)} PNG): {Path(args.out).resolve()}")
    return 1 if failed else 0


def _check_only(parser, words):
    """Refuse ``--only`` words that match no section, listing the sections."""
    from ._tour import SECTIONS

    titles = [title for title, _ in SECTIONS]
    unknown = [
        w for w in words or [] if not any(w.lower() in t.lower() for t in titles)
    ]
    if unknown:
        parser.error(
            f"--only {' '.join(map(repr, unknown))} matches no tour section; "
            f"the sections are: {'; '.join(titles)}"
        )


def build_parser():
    """The argument parser of ``skmath`` (every option carries help text)."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="skmath",
        description="The mathematics behind deep learning as scikit-learn estimators.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"skmath {__version__}",
        help="print the skmath version and exit",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("plugins", help="list every registered plugin per kind")
    p.add_argument(
        "kind", nargs="?", help="list only this kind (e.g. solvers, optimizers)"
    )
    p.set_defaults(func=_cmd_plugins)

    p = sub.add_parser("tour", help="run every concept on bundled data and report")
    p.add_argument("--quick", action="store_true", help="small settings (~2 min)")
    p.add_argument(
        "--out",
        default="skmath-tour",
        help="folder the PNG figures are written to (default: %(default)s)",
    )
    p.add_argument(
        "--random-state",
        type=int,
        default=0,
        help="seed handed to every section (default: %(default)s)",
    )
    p.add_argument(
        "--only",
        nargs="+",
        metavar="WORD",
        help="run only sections whose title contains WORD (case-insensitive); "
        "a WORD matching no section is an error that lists the sections",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_tour, subparser=p)
    return parser


def main(argv=None):
    """Run the ``skmath`` command line; return the exit code.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success.

    Examples
    --------
    >>> from skmath.cli import main
    >>> main(["plugins", "activations"])  # doctest: +ELLIPSIS
    activations (entry-point group skmath.activations):
    ...
    0
    """
    args = build_parser().parse_args(argv)
    if args.command == "plugins" and args.kind is not None:
        from . import plugins

        plugins.registry(args.kind)  # unknown kinds fail with the list
    if args.command == "tour":
        _check_only(args.subparser, args.only)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
