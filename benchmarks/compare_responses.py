"""Side by side: response times on the threaded sets, onakit vs the tests' oracles, in one run.

For each threaded set in ``<data>`` (best of ``--repeat`` runs, wall clock):

* ``lkml``: ``mbox-lkml-threads-notmuch/lkml-threads.mbox``;
* ``3gpp``: the two LISTSERV mboxes of ``mailing-list-3gpp-bigbang``;
* ``slack``: the dd2030 export zip of ``slack-dd2030-threads`` (``keep_thread_parents=True``).

Two comparisons per set:

* end to end: ``ona.read_*`` + ``ona.response_times`` against the oracle of
  tests/python/test_response_times.py (Python's ``email`` package parsing
  Message-ID/In-Reply-To/References/From/Date, or ``json`` on the Slack
  export, then first answers in pandas);
* the measure alone: ``ona.response_times(log)`` on a log already read,
  against the same first-answer computation in pandas on a table already
  parsed (parent/reply ids, senders, times).

It prints both answer counts and the median reply delay of each set, and the
median working-time delay (09:00-17:00 on weekdays; UTC for the mailing lists,
whose people are worldwide, Asia/Tokyo for the Japanese Slack workspace).

    PYTHONPATH=build/<dir>/python .venv/bin/python benchmarks/compare_responses.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pandas as pd

import onakit as ona
from compare_lib.common import best_time as best
from compare_lib.oracles import mail_answers, mail_table, slack_answers, slack_table



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("ONAKIT_DATA_DIR",
                                                     Path(__file__).resolve().parents[2] / "shared" / "data"))
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    data = Path(a.data)
    gpp = data / "mailing-list-3gpp-bigbang"
    sets = {
        "lkml": (lambda: ona.read_mbox(data / "mbox-lkml-threads-notmuch/lkml-threads.mbox"),
                 lambda: mail_table([data / "mbox-lkml-threads-notmuch/lkml-threads.mbox"], False), mail_answers),
        "3gpp": (lambda: ona.read_mbox(gpp, errors="skip", default_recipient="list@3gpp.example"),
                 lambda: mail_table(sorted(gpp.glob("*.mbox")), True), mail_answers),
        "slack": (lambda: ona.read_slack_export(data / "slack-dd2030-threads" /
                                                "DERIVED_slack_export_layout_2025-04-30_to_2025-05-21.zip",
                                                keep_thread_parents=True),
                  lambda: slack_table(data / "slack-dd2030-threads" /
                                      "DERIVED_slack_export_layout_2025-04-30_to_2025-05-21.zip"), slack_answers),
    }
    print(f"{'set':6} {'answers':>8} {'oracle':>8} {'median delay':>22} {'onakit e2e':>11} {'oracle e2e':>11} "
          f"{'ratio':>7} {'onakit rt':>10} {'pandas rt':>10} {'ratio':>7}")
    for name, (read, parse, answers) in sets.items():
        t_ours, rt = best(lambda: ona.response_times(read()), a.repeat)
        t_oracle, want = best(lambda: answers(parse()), a.repeat)
        log = read()
        table = parse()
        t_rt, _ = best(lambda: ona.response_times(log), max(a.repeat, 5))
        t_pd, _ = best(lambda: answers(table), max(a.repeat, 5))
        med = rt.answers["delay"].median()
        print(f"{name:6} {len(rt.answers):8,} {len(want):8,} {str(med):>22} {t_ours * 1e3:9.1f}ms {t_oracle * 1e3:9.1f}ms "
              f"{t_oracle / t_ours:6.1f}x {t_rt * 1e3:8.2f}ms {t_pd * 1e3:8.2f}ms {t_pd / t_rt:6.1f}x")
        zone = "Asia/Tokyo" if name == "slack" else "UTC"
        bh = ona.response_times(log, business_hours=("09:00", "17:00"), tz=zone)
        print(f"       working-time median (09:00-17:00 {zone}, weekdays): {bh.answers['delay'].median()}; "
              f"within 1 h: {(rt.answers['delay'] <= pd.Timedelta(hours=1)).mean():.1%}, "
              f"within 24 h: {(rt.answers['delay'] <= pd.Timedelta(hours=24)).mean():.1%}")


if __name__ == "__main__":
    main()
