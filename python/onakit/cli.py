"""The ``onakit`` command: tie tables and summaries from communication logs.

    onakit summary --demo
    onakit summary mail.csv --sender from --recipients to --timestamp date
    onakit edges out.radoslaw_email_email --format edgelist -o ties.csv
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np
import pandas as pd

from . import _core
from ._build import build_graph
from ._centrality_paths import betweenness
from ._identities import Identities, key_from_env, key_from_file
from ._io import read_edgelist, read_email_csv
from ._log import ROLES
from ._read_chat import read_graph_messages, read_jsonl, read_slack_export
from ._read_mbox import read_mbox
from ._read_tables import read_message_trace, read_viva_p2p
from ._silo import silo_report
from ._structure import components, density, reciprocity
from ._synthetic import synthetic_org

FORMATS = ["auto", "csv", "edgelist", "mbox", "slack", "viva", "trace", "graph-jsonl", "jsonl"]


def _add_input_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("input")
    g.add_argument("--format", choices=FORMATS, default="auto",
                   help="input format (default: auto, detected from the path and its first bytes: "
                        "a Slack export folder, a Maildir or mbox/.eml, Graph or generic JSON Lines, "
                        "a Viva person-to-person or Exchange message-trace CSV, an email CSV, or an edge list)")
    g.add_argument("--sender", default=None, help="sender column/field (csv, jsonl; default: sender)")
    g.add_argument("--recipients", default=None, help="recipients column/field (csv, jsonl; default: recipients)")
    g.add_argument("--timestamp", default=None,
                   help="timestamp column/field (csv, jsonl; default: timestamp; '' for none)")
    g.add_argument("--role", default=None, help="recipient role column, values to/cc/bcc (csv, jsonl)")
    g.add_argument("--message-id", default=None, help="message id column: rows sharing an id are one message (csv)")
    g.add_argument("--sep", default=None, help="field delimiter (default: detected)")
    g.add_argument("--recipient-sep", default=";",
                   help="separator inside the recipients cell (csv, jsonl; default ';'; '' for one recipient per row)")
    g.add_argument("--third", choices=["weight", "time"], default="weight",
                   help="what a third edge-list column holds (default: weight)")
    g.add_argument("--weight", default=None, help="the numeric column used as tie weight (viva; required there)")
    g.add_argument("--channel-ties", choices=["recent", "members", "none"], default="recent",
                   help="slack: who a plain channel message reaches (default: recent participants)")
    g.add_argument("--default-recipient", default=None,
                   help="mbox: recipient for messages without To/Cc (e.g. the list address of an archive)")
    g.add_argument("--encoding", default="utf-8",
                   help="character encoding of a CSV or edge list: utf-8 (default), latin-1, cp1252, utf-16 "
                        "(a byte-order mark is recognised)")
    g.add_argument("--errors", choices=["strict", "skip"], default="strict",
                   help="strict: stop at the first bad record; skip: skip and count by reason")
    g.add_argument("--max-input-bytes", type=_positive_int, default=None, metavar="N",
                   help="largest input read, in bytes after decompression (default 64 GiB; not slack)")
    i = p.add_argument_group("identities (applied before anything is stored)")
    i.add_argument("--internal-domain", action="append", default=[], metavar="DOMAIN",
                   help="the organisation's domain; others are external (repeatable)")
    i.add_argument("--external", choices=["drop", "fold", "keep"], default="drop",
                   help="what to do with external addresses (default: drop, counted)")
    i.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                   help="glob of addresses to drop, e.g. 'noreply@*' (repeatable)")
    i.add_argument("--alias-file", default=None,
                   help="CSV with columns address,person: many addresses -> one person")
    i.add_argument("--pseudonymize-key-env", default=None, metavar="VAR",
                   help="pseudonymise people with the HMAC key in this environment variable")
    i.add_argument("--pseudonymize-key-file", default=None, metavar="PATH",
                   help="pseudonymise people with the HMAC key in this file")


def _add_build_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("graph building")
    g.add_argument("--weighting", choices=["count", "split"], default="count",
                   help="count: +1 per message and recipient; split: +1/k for k recipients")
    g.add_argument("--undirected", action="store_true", help="sum both directions into undirected ties")
    g.add_argument("--role-weight", action="append", default=[], metavar="ROLE=W",
                   help=f"weight of a recipient role, e.g. cc=0.5 (roles: {', '.join(ROLES)}); repeatable")
    g.add_argument("--max-recipients", type=_positive_int, default=None,
                   help="drop (and count) messages with more recipients as broadcasts")
    g.add_argument("--self-loops", action="store_true", help="keep sender -> sender ties")
    g.add_argument("--start", default=None, help="keep messages at or after this time (ISO 8601)")
    g.add_argument("--end", default=None, help="keep messages before this time (ISO 8601)")
    g.add_argument("--half-life", default=None,
                   help="exponential decay half-life: seconds or a duration such as 30D")
    g.add_argument("--reference-time", default=None, help="decay reference time (default: latest message)")
    g.add_argument("--min-weight", type=float, default=0.0, help="keep ties with at least this weight")
    g.add_argument("--reciprocal", action="store_true", help="keep a tie only if both directions reach --min-weight")
    g.add_argument("--threads", type=_threads, default=0,
                   help=f"threads, 0 to {_core.max_threads} (default 0: all cores; more than the cores or the work "
                        "are not started)")


def _threads(text: str) -> int:
    """--threads: argparse reports a bad value as a one-line usage error (exit 2)."""
    n = _int_arg(text)
    if not 0 <= n <= _core.max_threads:  # the C++ rule's bound (onakit/detail/parallel.hpp)
        raise argparse.ArgumentTypeError(f"{n} is out of range: use 0 (all cores) to {_core.max_threads}")
    return n


def _positive_int(text: str) -> int:
    n = _int_arg(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} is out of range: use an integer >= 1")
    return n


def _int_arg(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def _detect_format(path: str) -> str:
    """The input format of a path, from its layout, name and first bytes."""
    if os.path.isdir(path):
        if os.path.exists(os.path.join(path, "users.json")) and os.path.exists(os.path.join(path, "channels.json")):
            return "slack"
        return "mbox"  # Maildir, or a folder of .eml / mbox files
    lower = path.lower().removesuffix(".gz")
    if lower.endswith((".mbox", ".eml", ".mbx")):
        return "mbox"
    head = b""
    if not path.lower().endswith(".gz"):
        with open(path, "rb") as f:
            head = f.read(4096)
    if head.startswith(b"From "):
        return "mbox"
    if lower.endswith((".jsonl", ".ndjson", ".json")) or head.lstrip().startswith(b"{"):
        return "graph-jsonl" if b'"emailAddress"' in head else "jsonl"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM (PowerShell 5's Export-Csv)
        first = head.decode("utf-16", "replace").split("\n", 1)[0].lower()
    else:
        first = head.split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    if "primarycollaborator_personid" in first:
        return "viva"
    if "senderaddress" in first and "recipientaddress" in first:
        return "trace"
    if lower.endswith((".csv", ".tsv")) or "sender" in first:
        return "csv"
    return "edgelist"


def _identities(args):
    key = None
    # `is not None`: an empty name (--pseudonymize-key-env "") must fail, not turn pseudonymisation off
    if args.pseudonymize_key_env is not None:
        key = key_from_env(args.pseudonymize_key_env)
    if args.pseudonymize_key_file is not None:
        if key is not None:
            raise _core.OptionError("give --pseudonymize-key-env or --pseudonymize-key-file, not both")
        key = key_from_file(args.pseudonymize_key_file)
    aliases = None
    if args.alias_file:
        aliases = pd.read_csv(args.alias_file, dtype=str)
        if not {"address", "person"} <= set(aliases.columns):
            raise _core.OptionError(f"{args.alias_file}: the alias file needs columns address,person")
    if not (args.internal_domain or args.exclude or aliases is not None or key):
        return None
    return Identities(aliases=aliases, internal_domains=args.internal_domain or None, external=args.external,
                      exclude=args.exclude or None, pseudonymize_key=key)


def _read(args):
    fmt = args.format
    if fmt == "auto":
        if not os.path.exists(args.input):
            raise FileNotFoundError(f"{args.input}: no such file or folder")
        fmt = _detect_format(args.input)
    ids = _identities(args)
    common = {"errors": args.errors, "identities": ids}
    if fmt == "slack":
        return read_slack_export(args.input, channel_ties=args.channel_ties, **common)
    common["max_input_bytes"] = args.max_input_bytes
    if fmt == "csv":
        try:
            return read_email_csv(args.input, sender=args.sender or "sender",
                                  recipients=args.recipients or "recipients",
                                  timestamp="timestamp" if args.timestamp is None else (args.timestamp or None),
                                  role=args.role, message_id=args.message_id, sep=args.sep,
                                  recipient_sep=args.recipient_sep or None, threads=args.threads,
                                  encoding=args.encoding, **common)
        except _core.ParseError as e:
            # An auto-detected CSV without the named columns may be a tie table.
            if args.format == "auto" and getattr(e, "line", None) == 0 and args.sender is None:
                return read_edgelist(args.input, sep=args.sep, third=args.third, encoding=args.encoding, **common)
            raise
    if fmt == "edgelist":
        return read_edgelist(args.input, sep=args.sep, third=args.third, encoding=args.encoding, **common)
    if fmt == "mbox":
        return read_mbox(args.input, default_recipient=args.default_recipient, **common)
    if fmt == "viva":
        if not args.weight:
            raise _core.OptionError("--format viva needs --weight COLUMN (e.g. Email_count or Collaboration_hours)")
        return read_viva_p2p(args.input, weight=args.weight, sep=args.sep, encoding=args.encoding, **common)
    if fmt == "trace":
        return read_message_trace(args.input, sep=args.sep, encoding=args.encoding, **common)
    if fmt == "graph-jsonl":
        return read_graph_messages(args.input, **common)
    return read_jsonl(args.input, sender=args.sender or "sender", recipients=args.recipients or "recipients",
                      timestamp="timestamp" if args.timestamp is None else (args.timestamp or None),
                      role=args.role, recipient_sep=args.recipient_sep or None, **common)


def _build(log, args):
    role_weights = {}
    for item in args.role_weight:
        name, _, value = item.partition("=")
        try:
            role_weights[name.strip()] = float(value)
        except ValueError:
            raise _core.OptionError(f"--role-weight expects ROLE=NUMBER, got {item!r}") from None
    return build_graph(log, weighting=args.weighting, directed=not args.undirected, role_weights=role_weights,
                       max_recipients=args.max_recipients, self_loops=args.self_loops, start=args.start,
                       end=args.end, half_life=args.half_life, reference_time=args.reference_time,
                       min_weight=args.min_weight, reciprocal=args.reciprocal, threads=args.threads)


def _cmd_edges(args) -> int:
    g = _build(_read(args), args)
    ties = g.to_pandas()
    if args.output in (None, "-"):
        ties.to_csv(sys.stdout, index=False)
    else:
        ties.to_csv(args.output, index=False)
        print(f"wrote {len(ties):,} ties among {g.number_of_people:,} people to {args.output}", file=sys.stderr)
    return 0


def _fmt_report(report: dict) -> list[str]:
    lines = [f"  records read {report['records_read']:,}, kept {report['records_kept']:,}, "
             f"skipped {sum(report['skipped'].values()):,}; messages {report['messages']:,}"]
    for reason, n in sorted(report["skipped"].items()):
        lines.append(f"    skipped ({reason}): {n:,}")
    for reason, n in sorted(report.get("dropped", {}).items()):
        lines.append(f"    dropped inside kept records ({reason}): {n:,}")
    return lines


def _cmd_summary(args) -> int:
    if args.demo:
        log, people = synthetic_org(people=args.people, departments=args.departments, weeks=args.weeks,
                                    seed=args.seed)
        title = (f"synthetic organisation (people={args.people}, departments={args.departments}, "
                 f"weeks={args.weeks}, seed={args.seed})")
    elif args.input:
        log, people, title = _read(args), None, args.input
    else:
        print("onakit summary: give an INPUT file or --demo", file=sys.stderr)
        return 2
    g = _build(log, args)
    weak = components(g, kind="weak")
    n_weak, n_strong = weak.attrs["count"], components(g, kind="strong").attrs["count"]
    largest = int(weak.attrs["sizes"].max()) if n_weak else 0
    lo, hi = log.time_span
    out = [f"onakit summary: {title}", ""]
    out.append(f"people              {g.number_of_people:,}")
    out.append(f"ties                {g.number_of_ties:,} ({'directed' if g.directed else 'undirected'})")
    out.append(f"messages            {log.num_messages:,} ({log.num_pairs:,} message-recipient pairs)")
    if lo is not None:
        out.append(f"time span           {lo:%Y-%m-%d %H:%M} → {hi:%Y-%m-%d %H:%M} UTC")
    out.append(f"density             {density(g):.4f}")
    out.append(f"reciprocity         {reciprocity(g):.4f}")
    out.append(f"components          {n_weak:,} weak (largest {largest:,} people), {n_strong:,} strong")
    if people is not None:
        out.append(f"departments         {people['department'].nunique()}")
        if args.demo:
            out.append(f"planted silo        {people.attrs['silo_department']}; "
                       f"planted broker {people.attrs['broker']}")
    sent = pd.Series(np.bincount(np.asarray(log._core.senders), minlength=len(log.people)), index=log.people)
    top = sent.sort_values(ascending=False, kind="stable").head(args.top)
    out += ["", f"most active senders (messages sent)"]
    for label, n in top.items():
        extra = f"  [{people.loc[label, 'department']}]" if people is not None else ""
        out.append(f"  {str(label):<40} {n:>8,}{extra}")
    # Brokers: who sits on the most shortest paths (networkx-normalised
    # betweenness; sampled with an (epsilon, delta) guarantee on large graphs).
    approximate = g.number_of_people > 5000
    bc = betweenness(g, approximate=approximate, threads=args.threads)
    out += ["", "top brokers (betweenness" + (", approximate)" if approximate else ")")]
    for label, v in bc.sort_values(ascending=False, kind="stable").head(min(args.top, 5)).items():
        extra = f"  [{people.loc[label, 'department']}]" if people is not None else ""
        out.append(f"  {str(label):<40} {v:>8.4f}{extra}")
    if people is not None:
        report = silo_report(g, people["department"], min_group_size=5, permutations=200)
        out += ["", "departments, most inward-looking first (E-I: -1 all internal, +1 all external; "
                    "min group size 5)"]
        out.append(f"  {'department':<24} {'size':>5} {'E-I':>7} {'expected':>8} {'p':>6} {'insularity':>10}  silo")
        for name, row in report.iterrows():
            out.append(f"  {str(name):<24} {int(row['size']):>5} {row['ei']:>7.3f} {row['expected_ei']:>8.3f} "
                       f"{row['p_value']:>6.3f} {row['insularity']:>10.3f}  {'yes' if row['silo'] else ''}")
    out += ["", "ingest report"] + _fmt_report(log.report)
    b = g.build_report
    out += ["", "graph building",
            f"  messages used {b['messages_used']:,} of {b['messages_in']:,}; outside window "
            f"{b['messages_outside_window'] + b['messages_without_time']:,}; broadcasts {b['messages_broadcast']:,}",
            f"  self-addressed pairs dropped {b['pairs_self']:,}; repeated recipients {b['pairs_duplicate']:,}; "
            f"ties below min weight {b['ties_below_min_weight']:,}; not reciprocal {b['ties_not_reciprocal']:,}"]
    print("\n".join(out))
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="onakit",
                                     description="Organisational network analysis of email and chat metadata.")
    parser.add_argument("--version", action="version", version=f"onakit {_core.__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("edges", help="write the tie table (source,target,weight) of a log as CSV",
                       description="Read a log, build its communication graph, write source,target,weight "
                                   "rows with the input's own labels.")
    p.add_argument("input", help="input file or folder (email CSV, edge list, mbox/Maildir, Slack export, "
                                 "Viva, message trace, JSON Lines; .gz allowed)")
    p.add_argument("-o", "--output", default=None, help="output CSV (default: standard output)")
    _add_input_options(p)
    _add_build_options(p)
    p.set_defaults(func=_cmd_edges)

    p = sub.add_parser("summary", help="print people, ties, density, reciprocity, components, top senders",
                       description="Summarise a log and its communication graph.")
    p.add_argument("input", nargs="?", help="input file (or use --demo)")
    p.add_argument("--demo", action="store_true", help="use the built-in synthetic organisation")
    p.add_argument("--people", type=int, default=500, help="demo: number of people (default 500)")
    p.add_argument("--departments", type=int, default=8, help="demo: number of departments (default 8)")
    p.add_argument("--weeks", type=int, default=12, help="demo: number of weeks (default 12)")
    p.add_argument("--seed", type=int, default=0, help="demo: random seed (default 0)")
    p.add_argument("--top", type=int, default=10, help="how many top senders to list (default 10)")
    _add_input_options(p)
    _add_build_options(p)
    p.set_defaults(func=_cmd_summary)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, _core.Error) as e:
        print(f"onakit: error: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `onakit edges ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
