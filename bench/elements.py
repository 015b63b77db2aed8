"""What Streamlit charges per element, by kind: the server's CPU per load of a page of K
elements of one kind, less a page of none, over K.

    python -m bench.elements                 # every kind, 10 elements, 20 sessions
    python -m bench.elements --kinds plotly_chart fragment --count 20

Each page of K elements is measured beside the page of none (sessions alternating between
the two servers, so both are counted over the same seconds), as bench.pages does.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from bench.elements_kinds import KINDS
from bench.pages import FRAME, REFERENCE, beside
from deploy.launch import streamlit_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", nargs="*", default=list(KINDS), choices=list(KINDS))
    parser.add_argument("--count", type=int, default=10, help="elements on the page")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print(
        f"{args.count} elements, {args.sessions} sessions, {args.loads} loads per session, "
        f"{args.rounds} rounds (median)\n"
    )
    print("| element | server CPU per element (µs) | each round (µs) |")
    print("|---|---:|---|")
    with streamlit_server(
        "bench/elements_app.py", env={"LIEN_KIND": "markdown", "LIEN_COUNT": "0"}
    ) as empty:
        for kind in args.kinds:
            env = {"LIEN_KIND": kind, "LIEN_COUNT": str(args.count)}
            with streamlit_server("bench/elements_app.py", env=env) as full:
                each = []
                for _round in range(args.rounds):
                    _, cpu, _ = beside(full, empty, FRAME, args.sessions, args.loads, "fr")
                    each.append((cpu["app"] - cpu[REFERENCE]) * 1000 / args.count)
            rounds = " ".join(f"{x:.0f}" for x in each)
            print(f"| {kind} | {statistics.median(each):.0f} | {rounds} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
