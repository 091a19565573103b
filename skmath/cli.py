"""The ``skmath`` command line: ``skmath plugins`` and ``skmath tour``."""

from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


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
    from ._tour import run_tour

    sections = run_tour(
        quick=args.quick,
        out_dir=args.out,
        random_state=args.random_state,
        only=args.only,
        progress=not args.no_progress,
    )
    failed = [s.title for s in sections if getattr(s, "failed", False)]
    figures = sum(len(s.figures) for s in sections)
    print(
        f"tour: {len(sections)} sections, {figures} figures in {args.out}"
        + (f", FAILED: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="skmath",
        description="The mathematics behind deep learning as scikit-learn estimators.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("plugins", help="list every registered plugin per kind")
    p.add_argument("kind", nargs="?", help="only this kind")
    p.set_defaults(func=_cmd_plugins)

    p = sub.add_parser("tour", help="run every concept on bundled data and report")
    p.add_argument("--quick", action="store_true", help="small settings (~2 min)")
    p.add_argument("--out", default="skmath-tour", help="folder for the figures")
    p.add_argument("--random-state", type=int, default=0)
    p.add_argument(
        "--only",
        nargs="+",
        metavar="WORD",
        help="run only sections whose title contains WORD",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_tour)

    args = parser.parse_args(argv)
    if args.command == "plugins" and args.kind is not None:
        from . import plugins

        plugins.registry(args.kind)  # unknown kinds fail with the list
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
