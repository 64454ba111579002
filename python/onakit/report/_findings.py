"""Findings in plain language, generated from the report's numbers.

Each generator takes tables the report already computed (the silo table of
``ona.silo_report``, the per-pair carriers, the community comparison, the
trend) and returns :class:`Finding` objects: a sentence, the numbers behind
it, the measure, the section that shows it and what it does *not* mean.
Nothing here computes a group rule: which groups are shown, merged or
flagged comes from the C++ silo report; a group below ``min_group_size``
never reaches these functions under its own name.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from ._format import label, names, num, pct, period, person, plural, plural_word, pvalue, score, signed, weight


@dataclass(frozen=True)
class Finding:
    """One finding of the report.

    Attributes
    ----------
    text : str
        The finding in one plain sentence.
    evidence : str
        The numbers it rests on.
    measure : str
        The measure behind it (explained in the report's Method notes).
    section : str
        The id of the report section that shows the detail (``"silo-table"``, ...).
    caveat : str
        What the finding does not mean.
    kind : str
        ``"silo"``, ``"organisation"``, ``"bridge"``, ``"sole-bridge"``, ``"broker"``,
        ``"communities"``, ``"trend"``.
    """

    text: str
    evidence: str
    measure: str
    section: str
    caveat: str
    kind: str

    def __getitem__(self, key: str):
        """``finding["text"]`` works like ``finding.text``."""
        return asdict(self)[key]

    def to_dict(self) -> dict:
        return asdict(self)


def _pl(word: str) -> str:
    return plural_word(word)


SILO_CAVEAT = ("A silo flag says the group keeps its communication inside far more than chance and the rest of the "
               "organisation do; it does not say the group works badly (some work is rightly inward), and channels "
               "this data does not see (meetings, calls, chat) may connect it.")


def expected_inside(expected_ei: float) -> float:
    """Share of a group's ties that would stay inside under random mixing: E-I = 1 - 2 * inside."""
    return (1.0 - float(expected_ei)) / 2.0


def silo_findings(silo: pd.DataFrame, *, suppressed_label=None, word: str = "group") -> list[Finding]:
    """One finding per group flagged as a silo; without any, one on the most inward-looking group.

    ``silo`` is the table of :func:`onakit.silo_report` (sorted most insular first).
    """
    out = []
    perms = silo.attrs.get("permutations")
    org_out = 1.0 - float(silo.attrs.get("org_insularity", np.nan))
    rows = silo.loc[np.array([i != suppressed_label for i in silo.index], dtype=bool)]
    for gname, r in rows[rows["silo"].astype(bool)].iterrows():
        inside, exp_in = float(r["insularity"]), expected_inside(r["expected_ei"])
        out.append(Finding(
            text=(f"{label(gname)} keeps {pct(inside)} of its communication inside the {word}; with random mixing "
                  f"about {pct(exp_in)} would stay inside ({pvalue(r['p_value'], perms)})."),
            evidence=(f"E-I index {signed(r['ei'])} against {signed(r['expected_ei'])} expected for a {word} of "
                      f"{num(r['size'])} people; {weight(r['external'])} of {weight(r['internal'] + r['external'])} "
                      f"tie weight leaves the {word} ({pct(1 - inside)}), against {pct(org_out)} for the "
                      f"organisation as a whole."),
            measure="insularity and E-I index with a permutation test (silo flag)",
            section="silo-table", caveat=SILO_CAVEAT, kind="silo"))
    if not out and len(rows):
        gname, r = next(iter(rows.iterrows()))
        out.append(Finding(
            text=(f"No {word} is flagged as a silo. The most inward-looking is {label(gname)}, which keeps "
                  f"{pct(r['insularity'])} of its communication inside (organisation: "
                  f"{pct(silo.attrs.get('org_insularity'))})."),
            evidence=(f"E-I index {signed(r['ei'])} against {signed(r['expected_ei'])} expected "
                      f"({pvalue(r['p_value'], perms)}); the flag also needs the outside share to be at most "
                      f"{pct(silo.attrs.get('external_ratio'))} of the organisation's."),
            measure="insularity and E-I index (silo flag)", section="silo-table",
            caveat="Not flagged does not mean well connected: see the table for every group.", kind="silo"))
    return out


def organisation_finding(silo: pd.DataFrame, *, word: str = "group") -> Finding | None:
    """How much of all communication crosses group lines, against random mixing."""
    a = silo.attrs
    if "org_ei" not in a or pd.isna(a.get("org_ei")):
        return None
    cross, exp_cross = (1 + a["org_ei"]) / 2, (1 + a["org_expected_ei"]) / 2
    return Finding(
        text=(f"{pct(cross)} of all communication crosses {word} lines; if people wrote to each other at random "
              f"about {pct(exp_cross)} would."),
        evidence=f"Organisation E-I index {signed(a['org_ei'])} against {signed(a['org_expected_ei'])} expected.",
        measure="E-I index (organisation)", section="group-map",
        caveat=(f"Most work happens inside teams, so a low share is normal; compare {_pl(word)} with each other "
                "rather than with random mixing."),
        kind="organisation")


def bridge_findings(pairs: pd.DataFrame, *, limit: int = 3, word: str = "group") -> list[Finding]:
    """Group pairs whose tie weight rests on at most three people (``carriers`` <= 3, share >= 50%).

    ``pairs``: one row per pair of shown groups with ``group_a, group_b, weight, ties, people, carriers,
    carried_share, carrier_names`` (built by the report from the tie table), heaviest first.
    """
    out: list[Finding] = []
    for _, r in pairs.iterrows():
        if len(out) >= limit:
            break
        if r["carriers"] > 3 or r["people"] < 4 or r["carried_share"] < 0.5:
            continue
        who = "1 person carries" if r["carriers"] == 1 else f"{int(r['carriers'])} people carry"
        out.append(Finding(
            text=(f"{who} {pct(r['carried_share'])} of the communication between {label(r['group_a'])} and "
                  f"{label(r['group_b'])}."),
            evidence=(f"{names(r['carrier_names'])}; {weight(r['weight'])} tie weight in "
                      f"{plural(int(r['ties']), 'tie')} among {num(r['people'])} people."),
            measure="share of the tie weight between two groups that touches these people",
            section="brokers",
            caveat=("These people are valuable and a risk: if they leave or are overloaded the link weakens. It "
                    "does not mean the others never talk."),
            kind="bridge"))
    return out


def sole_bridge_finding(sole: pd.DataFrame, *, word: str = "group") -> Finding | None:
    """Pairs of groups whose every direct tie involves one person (``sole``: ``group_a, group_b, person``).

    A pair joined by a single tie has both of its ends listed (either one alone carries the link).
    """
    if sole is None or not len(sole):
        return None
    pairs = [f"{label(a)}–{label(b)} ({' or '.join(person(p) for p in s['person'])})"
             for (a, b), s in sole.groupby(["group_a", "group_b"], sort=False)]
    n = len(pairs)
    return Finding(
        text=(f"{plural(n, 'pair')} of {_pl(word)} {'is' if n == 1 else 'are'} linked directly by a single person."),
        evidence=names(pairs, limit=5) + ".",
        measure="sole bridge (every direct tie between the two groups involves this person)",
        section="brokers",
        caveat=f"The two {_pl(word)} may still reach each other through a third {word}; the link is thin, not absent.",
        kind="sole-bridge")


def broker_finding(brokers: pd.DataFrame, *, word: str = "group") -> Finding | None:
    """The person with the highest betweenness, if it is clearly above zero."""
    if brokers is None or not len(brokers) or not brokers["betweenness"].iloc[0] > 0:
        return None
    top = brokers.iloc[0]
    reached = top.get("groups_reached")
    tail = "" if pd.isna(reached) else f" and has ties to {plural(int(reached), 'other ' + word, 'other ' + _pl(word))}"
    return Finding(
        text=(f"{person(brokers.index[0])} is the strongest broker: on {pct(top['betweenness'], 1)} of the shortest "
              f"paths between other people{tail}."),
        evidence=(f"Betweenness {score(top['betweenness'])}; constraint {score(top['constraint'])} (lower = more "
                  f"structural holes); brokerage roles {num(top.get('brokerage_total'))}."),
        measure="betweenness centrality, Burt's constraint, Gould–Fernandez brokerage",
        section="brokers",
        caveat="Brokers hold information flow together; it is a position in the network, not a judgement of the person.",
        kind="broker")


def community_findings(agreement: pd.Series | None, splits: list, merges: list, count: int, *,
                       word: str = "group") -> list[Finding]:
    """How the communities found in the communication compare with the formal groups."""
    out = []
    if agreement is not None:
        nmi, ari = float(agreement["nmi"]), float(agreement["ari"])
        how = "closely" if nmi >= 0.8 else "partly" if nmi >= 0.4 else "only loosely"
        out.append(Finding(
            text=(f"The {count} communities found in the communication match the formal {_pl(word)} {how} "
                  f"(NMI {nmi:.2f})."),
            evidence=f"Normalised mutual information {nmi:.2f}, adjusted Rand index {ari:.2f} (1 = identical).",
            measure="Leiden communities compared with the formal groups (NMI, ARI)", section="communities",
            caveat=(f"Communities follow who actually writes to whom; a mismatch can mean cross-{word} projects, "
                    "not a wrong org chart."),
            kind="communities"))
    for gname, parts in splits[:2]:
        out.append(Finding(
            text=f"{label(gname)} communicates as {len(parts)} separate clusters.",
            evidence=", ".join(f"{pct(s)} in community {c}" for c, s in parts) + ".",
            measure="Leiden communities against the formal groups", section="communities",
            caveat="A split can be healthy (sub-teams, sites); it is worth a look when the parts should work together.",
            kind="communities"))
    for community, groups in merges[:2]:
        out.append(Finding(
            text=f"{names([label(g) for g, _ in groups])} communicate as one cluster (community {community}).",
            evidence=", ".join(f"{pct(s)} of {label(g)}" for g, s in groups) + f" fall in community {community}.",
            measure="Leiden communities against the formal groups", section="communities",
            caveat=f"Formal {_pl(word)} that work as one are often a strength (a shared product or process).",
            kind="communities"))
    return out


def trend_findings(trend: pd.DataFrame, groups: list, *, limit: int = 3, word: str = "group") -> list[Finding]:
    """Groups whose outside share of ties changed by at least a quarter (and 5 points) from the first to the last period.

    ``trend`` is :func:`onakit.silo_trend`'s table; ``groups`` the shown groups to consider. Only periods in
    which the group has a fair volume count (tie weight at least 30 and at least a quarter of its median over
    the periods with ties), so a near-silent first or last period does not make a headline.
    """
    cands = []
    for gname in groups:
        if ("internal", gname) not in trend.columns:
            continue
        i, e = trend[("internal", gname)], trend[("external", gname)]
        tot = i + e
        busy = tot[tot > 0]
        floor = max(30.0, 0.25 * float(busy.median())) if len(busy) else np.inf
        ok = np.flatnonzero((tot >= floor).to_numpy())
        if len(ok) < 2:
            continue
        a, b = ok[0], ok[-1]
        sa, sb = float(e.iloc[a] / tot.iloc[a]), float(e.iloc[b] / tot.iloc[b])
        if sa <= 0 and sb <= 0:
            continue
        rel = (sb - sa) / sa if sa > 0 else np.inf
        if abs(sb - sa) >= 0.05 and abs(rel) >= 0.25:
            cands.append((abs(sb - sa), gname, sa, sb, trend.index[a], trend.index[b], rel, e.iloc[a], e.iloc[b]))
    out = []
    for _, gname, sa, sb, pa, pb, rel, ea, eb in sorted(cands, key=lambda c: -c[0])[:limit]:
        verb = "rose" if sb > sa else "fell"
        by = "from none" if not np.isfinite(rel) else f"by {pct(abs(rel))}" if abs(rel) < 1 else f"{1 + rel:.1f}-fold"
        out.append(Finding(
            text=(f"{label(gname)}'s share of communication with other {_pl(word)} {verb} {by}, from {pct(sa)} in "
                  f"{period(pa)} to {pct(sb)} in {period(pb)}."),
            evidence=f"Outside tie weight {weight(ea)} in {period(pa)} and {weight(eb)} in {period(pb)}.",
            measure="outside share of tie weight per period (1 − insularity)", section="over-time",
            caveat=("Two periods can differ for seasonal reasons (holidays, a project ending), and the first and "
                    "last periods may be partial; look at the whole line before acting."),
            kind="trend"))
    return out
