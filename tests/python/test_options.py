"""A numeric keyword of the wrong type is an OptionError naming that keyword, across the whole public API.

Every public function taking a graph or a message log is called with a
string for each of its int or float keywords (and with 2.5 for each int
keyword): the error must be ona.OptionError and say which keyword, never
Python's "invalid literal for int()" or pybind11's list of C++ signatures.
The functions and keywords are read from the signatures, so a function
added later is checked too.
"""

import inspect
import warnings

import pytest

import onakit as ona

# Keywords whose message is worded by the function itself ("report: top must be a whole number >= 1").
_CASES = []


def _numeric_keywords(f):
    for p in list(inspect.signature(f).parameters.values())[1:]:
        d = p.default
        if isinstance(d, bool) or not isinstance(d, (int, float)):
            continue
        yield p.name, "x"
        if isinstance(d, int):
            yield p.name, 2.5


for _name in ona.__all__:
    _f = getattr(ona, _name)
    if not inspect.isfunction(_f):
        continue
    _params = list(inspect.signature(_f).parameters)
    if not _params or _params[0] not in ("g", "log"):
        continue
    for _kw, _bad in _numeric_keywords(_f):
        if (_name, _kw, _bad) == ("build_graph", "min_weight", 2.5):
            continue  # a real weight: 2.5 is valid
        _CASES.append((_name, _kw, _bad))


@pytest.fixture(scope="module")
def org():
    log, people = ona.synthetic_org(people=60, departments=3, weeks=3, seed=1)
    return log, ona.build_graph(log), people["department"]


def test_the_scan_finds_the_api():
    # The scan must not quietly find nothing: these keywords are known to be there.
    for case in [("betweenness", "threads", "x"), ("communities", "seed", 2.5), ("pagerank", "alpha", "x"),
                 ("silo_report", "min_group_size", "x"), ("ei_index", "permutations", 2.5),
                 ("silo_trend", "seed", "x"), ("build_graph", "min_weight", "x")]:
        assert case in _CASES
    assert len(_CASES) > 100


@pytest.mark.parametrize("name, keyword, bad", _CASES, ids=[f"{n}-{k}-{b!r}" for n, k, b in _CASES])
def test_a_numeric_keyword_of_another_type_is_an_option_error_naming_it(org, name, keyword, bad):
    log, g, groups = org
    f = getattr(ona, name)
    params = inspect.signature(f).parameters
    first = log if list(params)[0] == "log" else g
    required = {p.name: p for p in list(params.values())[1:]
                if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    args = {}
    for p in required:
        if p == "groups":
            args[p] = groups
        elif p == "person":
            args[p] = g.people[0]
        else:
            pytest.fail(f"{name}: no value for its required argument {p!r}: teach this test one")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ona.OptionError) as info:
            f(first, **args, **{keyword: bad})
    message = str(info.value)
    assert keyword in message, message
    assert "invalid literal" not in message and "incompatible function arguments" not in message, message


def test_a_seed_may_use_all_64_bits(org):
    # Seeds are unsigned 64-bit in C++: the façade's own check must not stop at the signed range.
    log, g, groups = org
    big = 2**64 - 1
    assert ona.communities(g, seed=big).attrs["seed"] == big
    assert ona.silo_trend(log, groups, "W", seed=big, permutations=10).attrs["seed"] == big
    with pytest.raises(ona.OptionError, match="seed"):
        ona.silo_trend(log, groups, "W", seed=2**64)
    with pytest.raises(ona.OptionError, match="seed"):
        ona.silo_trend(log, groups, "W", seed=-1)
