"""The ``onakit`` command: reports, per-person and per-group tables, tie tables and summaries.

    onakit report --demo -o silo-report.html
    onakit report mail.csv --people hr.csv --id-column email --group-by department -o report.html
    onakit metrics communication.csv -o people.csv
    onakit groups communication.csv --people reportsto.csv --id-column ID --group-by ReportsToID -o groups.csv
    onakit edges out.radoslaw_email_email --format edgelist -o ties.csv
    onakit summary slack-export.zip

Also ``python -m onakit``. Exit codes: 0 ok, 2 bad usage, 3 bad input, 4
anything else (see ``EXIT_CODES``). A user error prints one line, never a
traceback (``--debug`` shows it).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import re
import shlex
import sys
import warnings

import numpy as np
import pandas as pd

from . import _core
from ._build import build_graph, builder_keywords, warn_if_split_changes_nothing
from ._formats import RECIPIENT_NAMES, ROLE_NAMES, SENDER_NAMES, TIME_NAMES  # noqa: F401 (re-exported)
from ._formats import csv_columns as _csv_columns
from ._formats import detect_format as _detect_format  # noqa: F401 (the tests' name)
from ._formats import header_line as _header_line
from ._formats import is_pipe
from ._centrality_paths import betweenness
from ._graph import Graph
from ._groups import Groups
from ._identities import Identities, key_from_env, key_from_file
from ._io import read_edgelist, read_email_csv
from ._log import ROLES
from ._metrics import person_metrics
from ._progress import elapsed_bar
from ._read_calendar import read_calendar
from ._read_chat import read_graph_messages, read_jsonl, read_slack_export
from ._read_mbox import read_mbox
from ._read_tables import read_message_trace, read_people, read_viva_p2p
from ._silo import silo_report
from ._stream import build_streamed, read_function, stream_into
from ._structure import components, density, reciprocity
from ._synthetic import synthetic_org
from ._time import micros_to_datetime, to_micros, to_seconds

FORMATS = ["auto", "csv", "edgelist", "mbox", "slack", "viva", "trace", "graph-jsonl", "jsonl", "calendar", "parquet"]

EXIT_OK, EXIT_USAGE, EXIT_INPUT, EXIT_INTERNAL = 0, 2, 3, 4
EXIT_CODES = f"""exit codes:
  {EXIT_OK}  success
  {EXIT_USAGE}  bad usage: an unknown or missing option, a bad option value (--start 2010-13-01),
     an output folder that does not exist, a demo option with a real input
  {EXIT_INPUT}  bad input: a missing file, a file that cannot be parsed (the message names file:line and the
     reason), a column that is not there, an HR file that matches nobody, no messages at all
  {EXIT_INTERNAL}  anything else ("internal error: ...; rerun with --debug" shows the traceback)"""

# The one table from a library keyword (as error messages name it, `keyword=`) to the flag a CLI user types.
KEYWORD_FLAGS = {
    "sender": "--sender", "recipients": "--recipients", "timestamp": "--timestamp", "role": "--role",
    "message_id": "--message-id", "group_rows_by": "--group-rows-by", "sep": "--sep", "recipient_sep": "--recipient-sep", "third": "--third",
    "weight": "--weight", "channel_ties": "--channel-ties", "default_recipient": "--default-recipient",
    "encoding": "--encoding", "errors": "--errors", "max_input_bytes": "--max-input-bytes", "chunk_messages": "--chunk-messages",
    "internal_domains": "--internal-domain", "external": "--external", "exclude": "--exclude",
    "keep_external_domains": "--keep-external-domains",
    "aliases": "--alias-file", "pseudonymize_key": "--pseudonymize-key-file/--pseudonymize-key-env",
    "weighting": "--weighting", "role_weights": "--role-weight", "max_recipients": "--max-recipients",
    "start": "--start", "end": "--end", "half_life": "--half-life", "reference_time": "--reference-time",
    "min_weight": "--min-weight", "threads": "--threads", "id": "--id-column", "email": "--email-column",
    "columns": "--people-columns", "min_group_size": "--min-group-size", "permutations": "--permutations",
    "freq": "--freq", "top": "--top",
    "people": "--people-count", "departments": "--departments", "weeks": "--weeks", "seed": "--seed",
}
_KEYWORD_RE = re.compile(r"(?<![\w.-])(" + "|".join(sorted(KEYWORD_FLAGS, key=len, reverse=True)) +
                         r")=(?:'([^']*)'|(\[\.\.\.\]|[\w.:+-][^\s,;)]*))?")

# Input and identity options that mean nothing for the built-in organisation: refused with --demo.
INPUT_ONLY = [("--format", "format", "auto"), ("--sender", "sender", None), ("--recipients", "recipients", None),
              ("--timestamp", "timestamp", None), ("--role", "role", None), ("--message-id", "message_id", None),
              ("--group-rows-by", "group_rows_by", None),
              ("--sep", "sep", None), ("--weight", "weight", None), ("--internal-domain", "internal_domain", None),
              ("--external", "external", None), ("--keep-external-domains", "keep_external_domains", False),
              ("--exclude", "exclude", None), ("--alias-file", "alias_file", None),
              ("--pseudonymize-key-env", "pseudonymize_key_env", None),
              ("--pseudonymize-key-file", "pseudonymize_key_file", None)]

DEMO_OPTIONS = {"people_count": ("--people-count", 500), "departments": ("--departments", 8),
                "weeks": ("--weeks", 12), "seed": ("--seed", 0)}


class UsageError(Exception):
    """Bad usage found after parsing (exit 2)."""


class InputError(Exception):
    """Bad input found by the CLI itself (exit 3)."""


def flag_names(message: str) -> str:
    """A library message with every ``keyword=`` / ``keyword='value'`` turned into ``--flag`` / ``--flag value``."""
    def repl(m: re.Match) -> str:
        value = m.group(2) if m.group(2) is not None else m.group(3)
        flag = KEYWORD_FLAGS[m.group(1)]
        return f"{flag} {value}" if value else flag
    return _KEYWORD_RE.sub(repl, message)


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


# ---- option types: argparse turns their errors into one usage line naming the flag (exit 2) -----------------

def _int_arg(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def _threads(text: str) -> int:
    n = _int_arg(text)
    if not 0 <= n <= _core.max_threads:  # the C++ rule's bound (onakit/detail/parallel.hpp)
        raise argparse.ArgumentTypeError(f"{n} is out of range: use 0 (all cores) to {_core.max_threads}")
    return n


def _positive_int(text: str) -> int:
    n = _int_arg(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} is out of range: use an integer >= 1")
    return n


def _nonnegative_int(text: str) -> int:
    n = _int_arg(text)
    if n < 0:
        raise argparse.ArgumentTypeError(f"{n} is out of range: use an integer >= 0")
    return n


def _nonnegative_float(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (np.isfinite(x) and x >= 0):
        raise argparse.ArgumentTypeError(f"{text} is out of range: use a finite number >= 0")
    return x


def _time_arg(text: str) -> str:
    """A time the library reads (checked now, so a typo fails before any reading)."""
    try:
        to_micros(text)
    except _core.OptionError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time: use ISO 8601 such as 2024-03-01 or "
                                         "2024-03-01T09:00:00Z, or Unix seconds") from None
    return text


def _duration_arg(text: str) -> str:
    try:
        seconds = to_seconds(float(text) if re.fullmatch(r"[0-9.eE+-]+", text) else text)
    except (_core.OptionError, ValueError):
        seconds = None
    if seconds is None or not (np.isfinite(seconds) and seconds > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive duration: use seconds or a duration such "
                                         "as 30D, 12h or 90min")
    return text


def _freq_arg(text: str) -> str:
    """A period (W, M, Q, 2W, ...) as ona.build_graphs reads it, checked before any work."""
    from ._time_trends import _periods

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            year = pd.Timestamp("2024-01-01", tz="UTC"), pd.Timestamp("2024-12-31", tz="UTC")
            _periods(*year, text)  # the library's own rule for periods
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a period: use a pandas offset alias such as W, M, Q "
                                         "or 2W") from None
    return text


def _role_weight(text: str) -> tuple[str, float]:
    name, eq, value = text.partition("=")
    name = name.strip()
    if not eq or name not in ROLES:
        raise argparse.ArgumentTypeError(f"{text!r}: use ROLE=NUMBER with a role among {', '.join(ROLES)}")
    try:
        w = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: {value!r} is not a number") from None
    if not (np.isfinite(w) and w >= 0):
        raise argparse.ArgumentTypeError(f"{text!r}: the weight must be a finite number >= 0")
    return name, w


# ---- the shared options ---------------------------------------------------------------------------------------

def _common_parser() -> argparse.ArgumentParser:
    """Input, identity, builder, people and run options, shared by every command."""
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("input")
    g.add_argument("--format", choices=FORMATS, default="auto",
                   help="input format (default: auto, detected from the path and its first bytes: "
                        "a Slack export folder or .zip, a Maildir or mbox/.eml, Graph or generic JSON Lines, "
                        "a Viva person-to-person or Exchange message-trace CSV, an email CSV, an edge list, "
                        "or iCalendar .ics files or a folder of them)")
    g.add_argument("--sender", default=None,
                   help="sender column/field (csv, jsonl; default: detected among common names such as "
                        "sender, from, From, Sender)")
    g.add_argument("--recipients", default=None,
                   help="recipients column/field (csv, jsonl; default: detected, e.g. recipients, recipient, to)")
    g.add_argument("--timestamp", default=None,
                   help="timestamp column/field (csv, jsonl; default: detected, e.g. timestamp, date, time, "
                        "EventDate; '' for none)")
    g.add_argument("--role", default=None,
                   help="recipient role column, values to/cc/bcc (csv, jsonl; default: detected, e.g. reciptype)")
    g.add_argument("--message-id", default=None, help="message id column: rows sharing an id are one message (csv)")
    g.add_argument("--group-rows-by", choices=["message_id", "sender_time", "none"], default=None,
                   help="how rows form messages (csv, trace; default: by --message-id when given, else a row is a "
                        "message). sender_time: rows with the same sender and time are one message, for exports "
                        "with one row per recipient and no message id (else --weighting split equals count)")
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
                   help="character encoding of a CSV, edge list or HR file: utf-8 (default), latin-1, cp1252, "
                        "utf-16 (a byte-order mark is recognised)")
    g.add_argument("--errors", choices=["strict", "skip"], default="strict",
                   help="strict: stop at the first bad record; skip: skip and count by reason")
    g.add_argument("--max-input-bytes", type=_positive_int, default=None, metavar="N",
                   help="largest input read, in bytes after decompression (default 64 GiB)")
    g.add_argument("--chunk-messages", type=_positive_int, default=1_000_000, metavar="N",
                   help="edges and summary stream the input: messages parsed per hand-over to the graph builder "
                        "(default 1,000,000; memory holds people, ties and one chunk, and the result does not "
                        "depend on it)")
    i = p.add_argument_group("identities (applied before anything is stored)")
    i.add_argument("--internal-domain", action="append", default=[], metavar="DOMAIN",
                   help="the organisation's domain; others are external (repeatable)")
    i.add_argument("--external", choices=["drop", "fold", "keep"], default=None,
                   help="with --internal-domain: what to do with external addresses (default: drop, counted; "
                        "fold: one node per domain)")
    i.add_argument("--keep-external-domains", action="store_true",
                   help="with --external fold and a key: name the folded nodes external:<domain> in clear "
                        "(default: the domain is pseudonymised too)")
    i.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                   help="glob of addresses to drop, e.g. 'noreply@*' (repeatable)")
    i.add_argument("--alias-file", default=None,
                   help="CSV with columns address,person: many addresses -> one person")
    i.add_argument("--pseudonymize-key-env", default=None, metavar="VAR",
                   help="pseudonymise people with the HMAC key in this environment variable")
    i.add_argument("--pseudonymize-key-file", default=None, metavar="PATH",
                   help="pseudonymise people with the HMAC key in this file")
    b = p.add_argument_group("graph building")
    b.add_argument("--weighting", choices=["count", "split"], default="count",
                   help="count: +1 per message and recipient; split: +1/k for k recipients")
    b.add_argument("--undirected", action="store_true", help="sum both directions into undirected ties")
    b.add_argument("--role-weight", action="append", default=[], metavar="ROLE=W", type=_role_weight,
                   help=f"weight of a recipient role, e.g. cc=0.5 (roles: {', '.join(ROLES)}); repeatable")
    b.add_argument("--max-recipients", type=_positive_int, default=None, metavar="N",
                   help="drop (and count) messages with more recipients as broadcasts")
    b.add_argument("--self-loops", action="store_true", help="keep sender -> sender ties")
    b.add_argument("--start", type=_time_arg, default=None, metavar="TIME",
                   help="keep messages at or after this time (ISO 8601, e.g. 2010-03-01)")
    b.add_argument("--end", type=_time_arg, default=None, metavar="TIME",
                   help="keep messages before this time (ISO 8601)")
    b.add_argument("--half-life", type=_duration_arg, default=None, metavar="DURATION",
                   help="exponential decay half-life: seconds or a duration such as 30D")
    b.add_argument("--reference-time", type=_time_arg, default=None, metavar="TIME",
                   help="decay reference time (default: latest message)")
    b.add_argument("--min-weight", type=_nonnegative_float, default=0.0, metavar="W",
                   help="keep ties with at least this weight")
    b.add_argument("--reciprocal", action="store_true", help="keep a tie only if both directions reach --min-weight")
    h = p.add_argument_group("people (an HR file: groups such as departments or managers' teams)")
    h.add_argument("--people", dest="people_file", default=None, metavar="HR.csv",
                   help="HR table with one row per person, joined to the input's people (by id, or by e-mail "
                        "through the same identity rules and pseudonymisation key)")
    h.add_argument("--id-column", default=None, metavar="COLUMN",
                   help="--people column holding each person's id as the input names people")
    h.add_argument("--email-column", default=None, metavar="COLUMN",
                   help="--people column holding each person's e-mail (instead of, or besides, --id-column)")
    h.add_argument("--people-sep", default=None, metavar="SEP",
                   help="--people field delimiter (default: detected among , ; tab |; ' ' for space-separated "
                        "files such as SNAP's label files)")
    h.add_argument("--people-columns", default=None, metavar="NAMES",
                   help="comma-separated column names for a --people file without a header row, e.g. id,department")
    h.add_argument("--group-by", default=None, metavar="COLUMN",
                   help="--people column (or, with --demo, one of department, team, site, level, manager) "
                        "giving each person's group")
    d = p.add_argument_group("demo (only with --demo)")
    d.add_argument("--demo", action="store_true",
                   help="use the built-in synthetic organisation (500 people, 8 departments, a planted silo and "
                        "broker) instead of an INPUT")
    d.add_argument("--people-count", type=_positive_int, default=None, metavar="N", help="demo: people (default 500)")
    d.add_argument("--departments", type=_positive_int, default=None, metavar="N",
                   help="demo: departments (default 8)")
    d.add_argument("--weeks", type=_positive_int, default=None, metavar="N", help="demo: weeks (default 12)")
    d.add_argument("--seed", type=_nonnegative_int, default=None, metavar="N", help="demo: random seed (default 0)")
    r = p.add_argument_group("run")
    r.add_argument("--threads", type=_threads, default=0,
                   help=f"threads, 0 to {_core.max_threads} (default 0: all cores; results do not depend on it)")
    r.add_argument("--quiet", "-q", action="store_true",
                   help="no progress bars and no notes on stderr (warnings and errors still show)")
    r.add_argument("--debug", action="store_true", help="show the Python traceback of an error")
    return p


# ---- progress and notes on stderr --------------------------------------------------------------------------

class _Progress:
    """One tqdm line per long step on stderr, shown only on a terminal and without --quiet.

    Non-terminal stderr (logs, pipes, tests) gets no bars, so captured output
    is the same on every run.
    """

    def __init__(self, args):
        self.enabled = not args.quiet and sys.stderr.isatty()

    @contextlib.contextmanager
    def step(self, desc: str):
        if not self.enabled:
            yield
            return
        with elapsed_bar(desc):
            yield


def _note(args, text: str) -> None:
    if not args.quiet:
        print(f"onakit: {text}", file=sys.stderr)


def _warn(text: str) -> None:
    print(f"onakit: warning: {_one_line(flag_names(text))}", file=sys.stderr)


# ---- checks before any work ---------------------------------------------------------------------------------

def _check_usage(args) -> None:
    """Option combinations argparse cannot check; all before any reading (exit 2)."""
    given_demo = [flag for key, (flag, _) in DEMO_OPTIONS.items() if getattr(args, key) is not None]
    if args.demo:
        if getattr(args, "input", None):
            raise UsageError(f"give an INPUT or --demo, not both (got {args.input!r} and --demo)")
        if args.people_file:
            raise UsageError("--people is for a real input: the demo has its own people table "
                             "(choose its column with --group-by department|team|site|level|manager)")
        input_only = [flag for flag, value, default in INPUT_ONLY if getattr(args, value) not in (default, [])]
        if input_only:
            raise UsageError(f"{', '.join(input_only)} appl{'ies' if len(input_only) == 1 else 'y'} to a real "
                             "input, not to --demo (the demo's people are already synthetic)")
        for key, (_, default) in DEMO_OPTIONS.items():
            if getattr(args, key) is None:
                setattr(args, key, default)
    else:
        if given_demo:
            raise UsageError(f"{', '.join(given_demo)} only appl{'ies' if len(given_demo) == 1 else 'y'} to --demo, "
                             f"not to a real input; drop {'it' if len(given_demo) == 1 else 'them'} or use --demo")
        if not getattr(args, "input", None):
            raise UsageError(f"onakit {args.command}: give an INPUT file or folder, or --demo")
    if args.external is not None and args.external != "drop" and not args.internal_domain:
        raise UsageError(f"--external {args.external} needs --internal-domain DOMAIN: without it every address "
                         f"counts as internal, so there is nothing to {args.external}")
    if args.keep_external_domains and args.external != "fold":
        raise UsageError("--keep-external-domains applies to --external fold (it keeps the folded domains' "
                         "names in clear)")
    if not args.people_file:
        stray = [f for f, v in (("--id-column", args.id_column), ("--email-column", args.email_column),
                                ("--people-sep", args.people_sep), ("--people-columns", args.people_columns)) if v]
        if args.group_by and not args.demo:
            stray.append("--group-by")
        if stray:
            raise UsageError(f"{', '.join(stray)} need{'s' if len(stray) == 1 else ''} --people HR.csv "
                             "(the HR table to join)")
    elif not (args.id_column or args.email_column):
        raise UsageError("--people needs --id-column COLUMN (or --email-column COLUMN): the HR column that "
                         "names each person as the input does")
    elif not args.group_by and args.command in ("groups", "report"):
        raise UsageError(f"onakit {args.command} --people needs --group-by COLUMN (e.g. department)")
    if args.pseudonymize_key_env is not None and args.pseudonymize_key_file is not None:
        raise UsageError("give --pseudonymize-key-env or --pseudonymize-key-file, not both")
    if args.start and args.end and to_micros(args.start) >= to_micros(args.end):
        raise UsageError(f"--end {args.end} is not after --start {args.start}")
    if args.group_rows_by == "sender_time" and args.message_id:
        raise UsageError("--group-rows-by sender_time groups rows by sender and time, --message-id by id: give one")
    if args.group_rows_by and args.format not in ("auto", "csv", "trace"):
        raise UsageError(f"--group-rows-by applies to csv and trace inputs, not --format {args.format}")
    if args.format == "viva" and not args.weight:
        raise UsageError("--format viva needs --weight COLUMN (e.g. Email_count or Collaboration_hours)")
    _check_output(args)


def _check_output(args) -> None:
    out = getattr(args, "output", None)
    if out in (None, "-"):
        return
    folder = os.path.dirname(os.path.abspath(out))
    if os.path.isdir(out):
        raise UsageError(f"-o {out}: is a folder; give a file name")
    if not os.path.isdir(folder):
        raise UsageError(f"-o {out}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"-o {out}: the folder {folder} is not writable")


# ---- reading -------------------------------------------------------------------------------------------------

def _identities(args):
    key = None
    # `is not None`: an empty name (--pseudonymize-key-env "") must fail, not turn pseudonymisation off
    if args.pseudonymize_key_env is not None:
        key = key_from_env(args.pseudonymize_key_env)
    if args.pseudonymize_key_file is not None:
        key = key_from_file(args.pseudonymize_key_file)
    aliases = None
    if args.alias_file:
        if not os.path.exists(args.alias_file):
            raise FileNotFoundError(f"{args.alias_file}: no such file (--alias-file)")
        aliases = pd.read_csv(args.alias_file, dtype=str)
        if not {"address", "person"} <= set(aliases.columns):
            raise InputError(f"{args.alias_file}: the --alias-file needs columns address,person; "
                             f"columns found: {', '.join(map(repr, aliases.columns))}")
    if not (args.internal_domain or args.exclude or aliases is not None or key):
        return None
    return Identities(aliases=aliases, internal_domains=args.internal_domain or None,
                      external=args.external or "drop", exclude=args.exclude or None, pseudonymize_key=key,
                      keep_external_domains=args.keep_external_domains)


def _read_csv_input(args, common) -> dict | None:
    """read_email_csv's keywords for an email CSV whose columns are named by flags or detected among common export
    names; None for a tie table (read as an edge list)."""
    if is_pipe(args.input):  # reading its header would take it from the reader
        if args.sender is None or args.recipients is None or args.timestamp is None:
            raise UsageError(f"{args.input} is a pipe: its columns cannot be detected without consuming it; pass "
                             "--sender, --recipients and --timestamp (--timestamp '' for none)")
        header = ""
    else:
        header = _header_line(args.input, encoding=args.encoding)
    cols, found = _csv_columns(header, args.sep)
    if args.format == "auto" and args.sender is None and args.recipients is None and cols is not None and \
            "weight" in {c.lower() for c in cols}:
        return None  # from,to,weight: a tie table, read as an edge list (weights kept)
    sender = args.sender or found.get("sender")
    recipients = args.recipients or found.get("recipients")
    if sender is None or recipients is None:
        shown = [c.strip().strip('"') for c in header.split(args.sep or _core.detect_delimiter(header or ","))]
        if args.format == "auto" and args.sender is None and args.recipients is None:
            low = {c.lower() for c in shown}
            looks_like_data = any(re.fullmatch(r"[0-9.eE+-]+", c) or "@" in c for c in shown)
            if not header.strip() or {"source", "target"} <= low or looks_like_data:
                return None  # a tie table / edge list: the caller reads it so
        need = [f for f, v in (("--sender", sender), ("--recipients", recipients)) if v is None]
        ids = common["identities"]
        masked = ids is not None and ids.pseudonymizing  # a headerless file's "names" may be addresses
        raise InputError(f"{args.input}:1: cannot tell which column holds the "
                         f"{' and the '.join(n[2:] for n in need)}; columns found: "
                         f"{', '.join(_core.quote_value(c, masked) for c in shown[:20])}; "
                         f"pass {' and '.join(n + ' COLUMN' for n in need)} "
                         "(and --timestamp COLUMN, or --timestamp '' for none), or --format edgelist for a tie table")
    if args.timestamp is None:
        timestamp = found.get("timestamp")
    else:
        timestamp = args.timestamp or None
    role = args.role if args.role is not None else (found.get("role") if cols is not None else None)
    detected = [f"--{k} {v}" for k, v in (("sender", sender), ("recipients", recipients), ("timestamp", timestamp),
                                           ("role", role))
                if v is not None and getattr(args, k) is None]
    if detected:
        _note(args, f"{args.input}: columns detected: {', '.join(detected)} (pass the flags to choose others)")
    if timestamp is None and args.timestamp is None:
        _note(args, f"{args.input}: no time column found, so messages have no time (pass --timestamp COLUMN)")
    return dict(sender=sender, recipients=recipients, timestamp=timestamp, role=role, message_id=args.message_id,
                sep=args.sep, recipient_sep=args.recipient_sep or None, threads=args.threads, encoding=args.encoding,
                group_rows_by=args.group_rows_by, **common)


def _reader_call(args, ids) -> tuple[str, dict]:
    """(format, keywords): the reader of the input and what the flags ask of it (read_<format>(path, **keywords))."""
    fmt = args.format
    if not os.path.exists(args.input):
        raise FileNotFoundError(f"{args.input}: no such file or folder")
    if fmt == "auto":
        fmt = _detect_format(args.input)
    common = {"errors": args.errors, "identities": ids, "max_input_bytes": args.max_input_bytes}
    if args.group_rows_by and fmt not in ("csv", "trace"):
        raise UsageError(f"--group-rows-by applies to csv and trace inputs; {args.input} reads as {fmt}")
    if fmt == "slack":
        return fmt, dict(channel_ties=args.channel_ties, **common)
    if fmt == "csv":
        keywords = _read_csv_input(args, common)
        if keywords is not None:
            return fmt, keywords
        fmt = "edgelist"
        if args.group_rows_by:
            raise UsageError(f"--group-rows-by applies to csv and trace inputs; {args.input} reads as an edge list "
                             "(a tie table): pass --sender and --recipients to read it as an email CSV")
    if fmt == "edgelist":
        return fmt, dict(sep=args.sep, third=args.third, encoding=args.encoding, **common)
    if fmt == "mbox":
        return fmt, dict(default_recipient=args.default_recipient, **common)
    if fmt == "viva":
        return fmt, dict(weight=args.weight, sep=args.sep, encoding=args.encoding, **common)
    if fmt == "trace":
        # sender_time is for a trace without MessageIds: the id column is then not used
        trace_ids = {"message_id": None} if args.group_rows_by == "sender_time" else {}
        return fmt, dict(sep=args.sep, encoding=args.encoding, group_rows_by=args.group_rows_by, **trace_ids, **common)
    if fmt == "graph-jsonl":
        return fmt, dict(common)
    if fmt == "calendar":  # meetings; --start/--end also bound the expansion of recurring events
        return fmt, dict(start=args.start, end=args.end, **common)
    if fmt == "parquet":
        return fmt, dict(sender=args.sender or "sender", recipients=args.recipients or "recipients",
                         timestamp="timestamp" if args.timestamp is None else (args.timestamp or None),
                         role=args.role, recipient_sep=args.recipient_sep or None,
                         **{k: v for k, v in common.items() if k != "max_input_bytes"})
    return "jsonl", dict(sender=args.sender or "sender", recipients=args.recipients or "recipients",
                         timestamp="timestamp" if args.timestamp is None else (args.timestamp or None),
                         role=args.role, recipient_sep=args.recipient_sep or None, **common)


def _read(args, ids, sink=None):
    """The input as a MessageLog; with a sink (a StreamBuilder, ...), streamed into it chunk by chunk and returned
    without its messages (people, channels and the ingest report)."""
    fmt, keywords = _reader_call(args, ids)
    if sink is None:
        return read_function(fmt)(args.input, **keywords)
    return stream_into(fmt, args.input, sink, args.chunk_messages, keywords)





def _build_options(args) -> dict:
    """The ona.build_graph keywords the flags ask for."""
    return dict(weighting=args.weighting, directed=not args.undirected, role_weights=dict(args.role_weight),
                max_recipients=args.max_recipients, self_loops=args.self_loops, start=args.start, end=args.end,
                half_life=args.half_life, reference_time=args.reference_time, min_weight=args.min_weight,
                reciprocal=args.reciprocal)


def _no_messages(args, log, streamed: int | None = None) -> None:
    if (log.num_messages if streamed is None else streamed):
        return
    r = log.report
    why = ""
    if r["records_read"]:
        reasons = ", ".join(f"{reason} {n:,}" for reason, n in sorted(r["skipped"].items()))
        why = f" ({r['records_read']:,} records read, none kept" + (f": {reasons}" if reasons else "") + ")"
    if not why and os.path.isdir(args.input):
        files = sorted((f for f in os.listdir(args.input) if not f.startswith(".")),
                       key=lambda f: -os.path.getsize(os.path.join(args.input, f)))  # the largest first
        if files:  # a folder is read as a Maildir or a folder of mbox/.eml files: say so
            why = (f" (a folder is read as a Slack export, a Maildir or a folder of mbox/.eml files; none of its "
                   f"{len(files):,} entries holds mail: pass one file, e.g. {os.path.join(args.input, files[0])})")
    raise InputError(f"no messages found in {args.input}{why}")


def _hr_groups(args, log, ids):
    """The HR table joined to the log's people, and the --group-by Series (or None)."""
    path = args.people_file
    columns = [c.strip() for c in args.people_columns.split(",")] if args.people_columns else None
    people_kw = dict(id=args.id_column, email=args.email_column, identities=ids, encoding=args.encoding,
                     sep=args.people_sep, columns=columns)
    try:
        hr = read_people(path, people=log.people, **people_kw)
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: no such file (--people)") from None
    except _core.ParseError as e:
        first = _header_line(path, encoding=args.encoding)
        if getattr(e, "reason", "") == "missing column" and args.people_sep is None and \
                not any(d in first for d in ",;\t|") and len(first.split()) > 1:
            raise InputError(f"{e}; the file looks space-separated: pass --people-sep ' '") from None
        raise
    n, unmatched = len(log.people), len(hr.attrs["unmatched_people"])
    matched = n - unmatched
    key = "--id-column " + args.id_column if args.id_column else "--email-column " + args.email_column
    if matched == 0:
        table = read_people(path, **people_kw)
        hr_ex = ", ".join(repr(str(k)) for k in table.index[:3])
        log_ex = ", ".join(repr(str(p)) for p in log.people[:3])
        raise InputError(f"{path}: {key} matches nobody in {args.input}: its ids look like {hr_ex or '(none)'}, "
                         f"the input's people like {log_ex}; choose the column that names people as the input "
                         "does (or --email-column, with the same identity options)")
    if matched < n / 2:
        _warn(f"only {matched:,} of {n:,} people in {args.input} have a row in {path} ({key}); "
              "the others have no group")
    elif unmatched:
        _note(args, f"{path}: {unmatched:,} of {n:,} people have no row (they have no group)")
    if not args.group_by:
        return hr, None
    if args.group_by not in hr.columns:
        dropped = " (name columns are dropped when pseudonymising)" if ids is not None and ids.pseudonymizing else ""
        raise InputError(f"{path}:1: no column {args.group_by!r} for --group-by; columns found: "
                         f"{', '.join(map(repr, hr.columns))}{dropped}")
    groups = hr[args.group_by]
    if groups.notna().sum() == 0:
        raise InputError(f"{path}: column {args.group_by!r} (--group-by) is empty for every matched person")
    return hr, groups


class _Inputs:
    """What every command starts from: the log, the groups and labels for the title."""

    def __init__(self, log, groups, title: str, source: str, ids, people=None):
        self.log, self.groups, self.title, self.source, self.ids, self.people = log, groups, title, source, ids, people


def _load(args, progress: _Progress, sink=None) -> _Inputs:
    """The input and its groups. With a sink (commands that need only the graph and counts), the messages are
    streamed into it and the returned log keeps people, channels and the report but no messages."""
    if args.demo:
        with progress.step("generating the demo organisation"):
            log, people = synthetic_org(people=args.people_count, departments=args.departments, weeks=args.weeks,
                                        seed=args.seed)
        if sink is not None:
            sink.add(log._core)
        column = args.group_by or "department"
        if column not in people.columns:
            raise UsageError(f"--group-by {column}: the demo's people table has {', '.join(people.columns)}")
        title = (f"synthetic organisation (people={args.people_count}, departments={args.departments}, "
                 f"weeks={args.weeks}, seed={args.seed})")
        source = (f"the built-in synthetic organisation ({args.people_count} people, {args.departments} departments, "
                  f"{args.weeks} weeks, seed {args.seed})")
        return _Inputs(log, people[column], title, source, None, people)
    ids = _identities(args)
    counted = _core.TimeSpanSink()
    with progress.step(f"reading {args.input}"):
        log = _read(args, ids, None if sink is None else _core.TeeSink([sink, counted]))
    _no_messages(args, log, None if sink is None else int(counted.messages))
    groups = None
    if args.people_file:
        with progress.step(f"joining {args.people_file}"):
            _, groups = _hr_groups(args, log, ids)
    return _Inputs(log, groups, args.input, args.input, ids)


def _graph(args, inputs: _Inputs, progress: _Progress):
    with progress.step("building the graph"):
        g = build_graph(inputs.log, threads=args.threads, **_build_options(args))
    _check_graph(inputs, g, inputs.log.time_span)
    return g


def _streamed_graph(args, progress: _Progress, *extra_sinks):
    """(graph, inputs): the graph built while the input is read, chunk by chunk (ona.stream_ties' path): memory
    holds people and ties, not messages. The same graph as _graph's, bit for bit. `extra_sinks` see every chunk."""
    keywords = builder_keywords(threads=args.threads, **_build_options(args))
    if keywords["half_life"] is not None and keywords["reference_time"] is None:
        span = _core.TimeSpanSink()  # a first pass: the decay is measured from the latest message
        quiet = argparse.Namespace(**{**vars(args), "quiet": True})
        _load(quiet, _Progress(quiet), span)
        keywords["reference_time"] = span.hi
    builder = _core.StreamBuilder(**keywords)
    whole = _core.TimeSpanSink()
    inputs = _load(args, progress, _core.TeeSink([builder, whole, *extra_sinks]))
    with progress.step("building the graph"):
        built = builder.finish(inputs.log._core)
    g = Graph(built.graph, inputs.log.people, built.report, inputs.log.report)
    warn_if_split_changes_nothing(args.weighting, [g.build_report], "build_graph", stacklevel=2)
    lo_hi = (None, None) if whole.lo is None else tuple(micros_to_datetime(np.array([whole.lo, whole.hi])))
    _check_graph(inputs, g, lo_hi)
    return g, inputs


def _streamed_report_graphs(args, progress: _Progress):
    """(graph, graphs by period, inputs) for the report of an input read in two streaming passes: the time span
    (which chooses the report's periods, as ona.report does), then the graph and the per-period graphs together."""
    from .report._sections import choose_freq

    keywords = builder_keywords(threads=args.threads, **_build_options(args))
    span = _core.TimeSpanSink()
    window = _core.MessageStatsSink(start=keywords["start"], end=keywords["end"])
    quiet = argparse.Namespace(**{**vars(args), "quiet": True})
    with progress.step(f"reading {args.input} (first pass: the time span)"):
        _load(quiet, _Progress(quiet), _core.TeeSink([span, window]))
    freq = args.freq
    if freq is None and window.lo is not None:
        lo, hi = micros_to_datetime(np.array([window.lo, window.hi]))
        freq = choose_freq(lo, hi)
    holder: dict = {}

    def read(sink):
        holder["inputs"] = _load(args, progress, sink)
        return holder["inputs"].log

    g, graphs, _ = build_streamed(read, keywords, {k: v for k, v in _build_options(args).items() if v is not None},
                                  freq=freq if span.lo is not None else None, start=args.start, end=args.end,
                                  whole=True, span=span, caller="report", source=args.input)
    inputs = holder["inputs"]
    lo_hi = (None, None) if span.lo is None else tuple(micros_to_datetime(np.array([span.lo, span.hi])))
    _check_graph(inputs, g, lo_hi)
    return g, graphs, inputs


def _check_graph(inputs: _Inputs, g, span) -> None:
    b = g.build_report
    assert b is not None  # build_graph always records its report
    if b["messages_used"] == 0:
        lo, hi = span
        span_text = f"; the input spans {lo:%Y-%m-%d %H:%M} → {hi:%Y-%m-%d %H:%M} UTC" if lo is not None else ""
        reasons = [f"{what} {b[k]:,}" for what, k in (("outside --start/--end", "messages_outside_window"),
                                                      ("without a time", "messages_without_time"),
                                                      ("broadcasts over --max-recipients", "messages_broadcast"))
                   if b[k]]
        raise InputError(f"no message of {inputs.source} is left to build ties from"
                         f" ({', '.join(reasons) or 'all filtered'}){span_text}")
    if g.number_of_ties == 0:
        _warn(f"the graph of {inputs.source} has no ties (every message was self-addressed or under --min-weight)")


def _write_csv(table: pd.DataFrame, args, what: str, index: bool = True) -> None:
    if args.output in (None, "-"):
        table.to_csv(sys.stdout, index=index)
    else:
        table.to_csv(args.output, index=index)
        print(f"wrote {what} to {args.output}", file=sys.stderr)


# ---- commands -------------------------------------------------------------------------------------------------

def _shown_groups(g, groups, args) -> pd.Series:
    """Each person's group as person-level outputs show it: groups under --min-group-size by the suppressed label
    of the group tables (ona's one rule, _groups.Groups), never by name."""
    return pd.Series(Groups(g, groups, args.min_group_size).person_column(), index=g.people, dtype=object)


def _cmd_edges(args, progress) -> int:
    g, inputs = _streamed_graph(args, progress)
    ties = g.to_pandas()
    if inputs.groups is not None:
        shown = _shown_groups(g, inputs.groups, args)
        ties["source_group"] = shown.reindex(pd.Index(ties["source"])).to_numpy()
        ties["target_group"] = shown.reindex(pd.Index(ties["target"])).to_numpy()
    _write_csv(ties, args, f"{len(ties):,} ties among {g.number_of_people:,} people", index=False)
    return EXIT_OK


def _cmd_metrics(args, progress) -> int:
    inputs = _load(args, progress)
    g = _graph(args, inputs, progress)
    with progress.step(f"measuring {g.number_of_people:,} people"):
        table = person_metrics(g, inputs.groups, min_group_size=args.min_group_size, threads=args.threads)
    if table.attrs["not_converged"]:
        _warn(f"{', '.join(table.attrs['not_converged'])} did not converge in 100 iterations: the column holds "
              "the last iterate")
    _write_csv(table, args, f"{len(table.columns)} measures of {len(table):,} people")
    return EXIT_OK


def _cmd_groups(args, progress) -> int:
    inputs = _load(args, progress)
    if inputs.groups is None:
        raise UsageError("onakit groups needs groups: --people HR.csv --id-column ID --group-by COLUMN (or --demo)")
    g = _graph(args, inputs, progress)
    with progress.step("measuring groups"):
        table = silo_report(g, inputs.groups, min_group_size=args.min_group_size, permutations=args.permutations,
                            threads=args.threads)
    a = table.attrs
    if len(table) == 0:
        raise InputError(f"no group has {args.min_group_size} or more people (--min-group-size): nothing to show")
    if a.get("suppressed_groups"):
        _note(args, f"{a['suppressed_groups']} groups under --min-group-size {args.min_group_size} are merged "
                    "into one suppressed row" + (" (hidden: it would describe too few people)"
                                                 if a.get("suppressed_row_hidden") else ""))
    _write_csv(table, args, f"{len(table):,} groups ({int(table['silo'].sum())} flagged as silos)")
    return EXIT_OK


def _cmd_summary(args, progress) -> int:
    window = (to_micros(args.start), to_micros(args.end))
    stats = _core.MessageStatsSink(start=window[0], end=window[1])
    g, inputs = _streamed_graph(args, progress, stats)
    log, groups = inputs.log, inputs.groups
    with progress.step("measuring"):
        weak = components(g, kind="weak")
        n_weak, n_strong = weak.attrs["count"], components(g, kind="strong").attrs["count"]
        # Brokers: who sits on the most shortest paths (networkx-normalised
        # betweenness; sampled with an (epsilon, delta) guarantee on large graphs).
        approximate = g.number_of_people > 5000
        bc = betweenness(g, approximate=approximate, threads=args.threads)
    largest = int(weak.attrs["sizes"].max()) if n_weak else 0
    # The whole summary follows --start/--end: counts, span and senders of the messages in the window
    # (counted while the input streamed by).
    windowed = args.start is not None or args.end is not None
    pairs = int(stats.pairs)
    lo, hi = micros_to_datetime(np.array([stats.lo, stats.hi])) if stats.lo is not None else (None, None)
    out = [f"onakit summary: {inputs.title}", ""]
    if windowed:
        out.append(f"window              {args.start or '…'} → {args.end or '…'} "
                   "(messages with start <= time < end)")
    out.append(f"people              {g.number_of_people:,}")
    out.append(f"ties                {g.number_of_ties:,} ({'directed' if g.directed else 'undirected'})")
    out.append(f"messages            {int(stats.messages):,} ({pairs:,} message-recipient pairs)"
               + (f" of {int(stats.messages_in):,} in the input" if windowed else ""))
    if lo is not None:
        out.append(f"time span           {lo:%Y-%m-%d %H:%M} → {hi:%Y-%m-%d %H:%M} UTC")
    out.append(f"density             {density(g):.4f}")
    out.append(f"reciprocity         {reciprocity(g):.4f}")
    out.append(f"components          {n_weak:,} weak (largest {largest:,} people), {n_strong:,} strong")
    if groups is not None:
        out.append(f"groups              {groups.nunique()} ({args.group_by or 'department'})")
        if args.demo and inputs.people is not None:
            out.append(f"planted silo        {inputs.people.attrs['silo_department']}; "
                       f"planted broker {inputs.people.attrs['broker']}")

    shown = _shown_groups(g, groups, args) if groups is not None else None

    def group_of(label) -> str:
        if shown is None:
            return ""
        v = shown.get(label)
        return f"  [{v}]" if v is not None and not pd.isna(v) else "  [no group]"

    sent_counts = np.zeros(len(log.people), dtype=np.int64)
    sent_counts[:len(stats.sent)] = stats.sent
    sent = pd.Series(sent_counts, index=log.people)
    top = sent.sort_values(ascending=False, kind="stable").head(args.top)
    out += ["", "most active senders (messages sent" + (" in the window)" if windowed else ")")]
    for label, n in top.items():
        out.append(f"  {str(label):<40} {n:>8,}{group_of(label)}")
    out += ["", "top brokers (betweenness" + (", approximate)" if approximate else ")")]
    for label, v in bc.sort_values(ascending=False, kind="stable").head(min(args.top, 5)).items():
        out.append(f"  {str(label):<40} {v:>8.4f}{group_of(label)}")
    if groups is not None:
        report = silo_report(g, groups, min_group_size=args.min_group_size, permutations=args.permutations,
                             threads=args.threads)
        out += ["", f"groups, most inward-looking first (E-I: -1 all internal, +1 all external; "
                    f"min group size {args.min_group_size})"]
        out.append(f"  {'group':<24} {'size':>5} {'E-I':>7} {'expected':>8} {'p':>6} {'insularity':>10}  silo")
        for name, row in report.iterrows():
            out.append(f"  {str(name):<24} {int(row['size']):>5} {row['ei']:>7.3f} {row['expected_ei']:>8.3f} "
                       f"{row['p_value']:>6.3f} {row['insularity']:>10.3f}  {'yes' if row['silo'] else ''}")
    out += ["", "ingest report"] + _fmt_report(log.report)
    b = g.build_report
    out += ["", "graph building",
            f"  messages used {b['messages_used']:,} of {b['messages_in']:,} "
            f"({b['messages_with_several_recipients']:,} with several recipients); outside window "
            f"{b['messages_outside_window'] + b['messages_without_time']:,}; broadcasts {b['messages_broadcast']:,}",
            f"  self-addressed pairs dropped {b['pairs_self']:,}; repeated recipients {b['pairs_duplicate']:,}; "
            f"ties below min weight {b['ties_below_min_weight']:,}; not reciprocal {b['ties_not_reciprocal']:,}"]
    print("\n".join(out))
    return EXIT_OK


def _fmt_report(report: dict) -> list[str]:
    several = report.get("messages_with_several_recipients")
    lines = [f"  records read {report['records_read']:,}, kept {report['records_kept']:,}, "
             f"skipped {sum(report['skipped'].values()):,}; messages {report['messages']:,}"
             + (f" ({several:,} with several recipients)" if several is not None else "")]
    for reason, n in sorted(report["skipped"].items()):
        lines.append(f"    skipped ({reason}): {n:,}")
    for reason, n in sorted(report.get("dropped", {}).items()):
        lines.append(f"    dropped inside kept records ({reason}): {n:,}")
    return lines


def _cmd_report(args, progress) -> int:
    try:
        from .report import report
    except ImportError as e:  # pragma: no cover - only in a partial install
        raise RuntimeError(f"the report package (onakit.report) is missing: {e}") from e
    common = dict(min_group_size=args.min_group_size, top=args.top, title=args.title,
                  command=shlex.join(["onakit"] + args.argv), permutations=args.permutations,
                  progress=progress.enabled, threads=args.threads)
    if args.demo:
        inputs = _load(args, progress)
        rep = report(inputs.log, inputs.groups, build=_build_options(args), freq=args.freq, source=inputs.source,
                     **common)
    else:
        g, graphs, inputs = _streamed_report_graphs(args, progress)
        rep = report(g, inputs.groups, graphs=graphs, build=_build_options(args), freq=args.freq,
                     source=inputs.source, **common)
    path = rep.save(args.output)
    print(path)
    print(rep.summary)
    return EXIT_OK


# ---- the parser -------------------------------------------------------------------------------------------------

class _Parser(argparse.ArgumentParser):
    """argparse with a one-line usage error (not the whole usage block) that points at --help; exit 2."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _sub(sub, name: str, common, summary: str, description: str, examples: str, *, demo_input: bool = True):
    p = sub.add_parser(name, parents=[common], help=summary, description=description,
                       epilog=f"examples:\n{examples}\n\n{EXIT_CODES}",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", nargs="?", metavar="INPUT",
                   help="input file or folder: email CSV, edge list, mbox/Maildir/.eml, Slack export (folder or "
                        ".zip), Viva, message trace, JSON Lines; .gz allowed" + (" (or --demo)" if demo_input else ""))
    return p


def _min_group_size_option(p, g=None) -> None:
    (g or p.add_argument_group("groups")).add_argument(
        "--min-group-size", type=_positive_int, default=5, metavar="K",
        help="groups smaller than K are merged into one suppressed row, never shown by name (also in person rows: "
             "their group shows as the suppressed label; default 5)")


def _group_options(p, *, permutations: int = 1000) -> None:
    g = p.add_argument_group("groups")
    _min_group_size_option(p, g)
    g.add_argument("--permutations", type=_nonnegative_int, default=permutations, metavar="N",
                   help=f"permutations of the E-I significance test (default {permutations}; 0: no test, "
                        "no silo flag)")


def make_parser() -> argparse.ArgumentParser:
    common = _common_parser()
    parser = _Parser(
        prog="onakit", description="Organisational network analysis of email and chat metadata: a silo report "
                                   "for HR, per-person and per-group tables, tie tables and summaries.",
        epilog="Run `onakit COMMAND --help` for each command's options and examples.\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"onakit {_core.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    p = _sub(sub, "report", common, "write the silo report: one self-contained HTML file",
             "Read a log (and an HR file), build the communication graph and write the silo report: overview, "
             "findings in plain language, group map, silo table, brokers, people map, communities, trends and "
             "method notes, in one HTML file that opens with no network. Prints its path and a one-line summary.",
             "  onakit report --demo -o silo-report.html\n"
             "  onakit report communication.csv --people reportsto.csv --id-column ID --group-by ReportsToID "
             "-o report.html\n"
             "  onakit report archive.mbox --internal-domain corp.example --pseudonymize-key-env ONA_KEY "
             "--people hr.csv --email-column email --group-by department -o report.html\n"
             "  onakit report slack-export.zip --start 2016-01-01 --title 'Data viz meetup' -o slack.html")
    p.add_argument("-o", "--output", required=True, metavar="report.html", help="the HTML file to write")
    _group_options(p)
    p.add_argument("--freq", type=_freq_arg, default=None, metavar="FREQ",
                   help="period of the 'Over time' section, a pandas offset alias such as W, M or Q "
                        "(default: chosen from the span)")
    p.add_argument("--top", type=_positive_int, default=10, metavar="N", help="people listed per table (default 10)")
    p.add_argument("--title", default=None, help="the report's title")
    p.set_defaults(func=_cmd_report)

    p = _sub(sub, "metrics", common, "write every per-person measure as CSV",
             "One row per person (the input's labels, or pseudonyms): in/out degree and weighted degree, "
             "betweenness, closeness, harmonic, PageRank, eigenvector, Burt's constraint and effective size, "
             "clustering, core number, and with --group-by the group and the Gould-Fernandez brokerage roles "
             "(ona.person_metrics).",
             "  onakit metrics communication.csv -o people.csv\n"
             "  onakit metrics communication.csv --people reportsto.csv --id-column ID --group-by ReportsToID "
             "-o people.csv\n"
             "  onakit metrics --demo --group-by team -o people.csv")
    p.add_argument("-o", "--output", default=None, metavar="people.csv", help="output CSV (default: standard output)")
    _min_group_size_option(p)
    p.set_defaults(func=_cmd_metrics)

    p = _sub(sub, "groups", common, "write the silo table (one row per group) as CSV",
             "One row per group: size, internal/external tie weight, E-I against its random-mixing value and "
             "p-value, insularity, conductance, groups reached, strongest links and the silo flag (ona.silo_report). "
             "Groups under --min-group-size are merged into one suppressed row.",
             "  onakit groups communication.csv --people reportsto.csv --id-column ID --group-by ReportsToID "
             "-o groups.csv\n"
             "  onakit groups --demo --min-group-size 10 -o groups.csv")
    p.add_argument("-o", "--output", default=None, metavar="groups.csv", help="output CSV (default: standard output)")
    _group_options(p)
    p.set_defaults(func=_cmd_groups)

    p = _sub(sub, "edges", common, "write the tie table (source,target,weight) as CSV",
             "Read a log, build its communication graph, write source,target,weight rows with the input's own "
             "labels (and source_group,target_group with --group-by).",
             "  onakit edges communication.csv -o ties.csv\n"
             "  onakit edges archive.mbox --internal-domain corp.example --exclude 'noreply@*' "
             "--pseudonymize-key-env ONA_KEY -o ties.csv\n"
             "  onakit edges email-Eu-core-temporal.txt.gz --format edgelist --third time --undirected "
             "--min-weight 5")
    p.add_argument("-o", "--output", default=None, metavar="ties.csv", help="output CSV (default: standard output)")
    _min_group_size_option(p)
    p.set_defaults(func=_cmd_edges)

    p = _sub(sub, "summary", common, "print people, ties, density, components, top senders and brokers",
             "Summarise a log and its communication graph on the terminal; with --start/--end everything "
             "(messages, span, senders, ties) is about the window; with --group-by, the silo table too.",
             "  onakit summary --demo\n"
             "  onakit summary mail.csv --sender from --recipients to --timestamp date --errors skip\n"
             "  onakit summary communication.csv --start 2010-03-01 --end 2010-06-01\n"
             "  onakit summary slack-export.zip")
    p.add_argument("--top", type=_positive_int, default=10, metavar="N",
                   help="how many top senders to list (default 10)")
    _group_options(p, permutations=200)
    p.set_defaults(func=_cmd_summary)
    return parser


def _exit(code: int, message: str) -> int:
    print(f"onakit: error: {_one_line(flag_names(message))}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: --help (0) or a usage error (2, its message already printed)
        return int(e.code or 0)
    args.argv = argv
    debug = args.debug

    def show_warning(message, category, filename, lineno, file=None, line=None):
        if re.match(r"(report: )?groups: only [\d,]+ of [\d,]+ people", str(message)):
            return  # the library's coverage warning: _hr_groups has said it already, naming the CLI's flags
        _warn(str(message))

    old_show = warnings.showwarning
    warnings.showwarning = show_warning
    try:
        _check_usage(args)
        return args.func(args, _Progress(args))
    except BrokenPipeError:  # e.g. `onakit edges ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("onakit: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - every error ends in one line and an exit code
        if debug:
            import traceback

            traceback.print_exc()
        if isinstance(e, (UsageError, _core.OptionError)):
            return _exit(EXIT_USAGE, str(e))
        if isinstance(e, _core.ParseError) and args.errors == "strict" and getattr(e, "line", 0):
            return _exit(EXIT_INPUT, f"{e}; --errors skip skips such records and counts them")
        if isinstance(e, (InputError, FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError,
                          _core.ParseError, _core.ReadError, _core.CapacityError)):
            return _exit(EXIT_INPUT, str(e))
        if isinstance(e, _core.Error):  # the library's own, e.g. a measure that did not converge
            return _exit(EXIT_INTERNAL, f"{e}; rerun with --debug for details")
        return _exit(EXIT_INTERNAL, f"internal error: {type(e).__name__}: {e}; rerun with --debug")
    finally:
        warnings.showwarning = old_show


if __name__ == "__main__":
    sys.exit(main())
