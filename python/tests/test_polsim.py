"""The polsim package (python/polsim) over libpolsim: run by
tests/scripts/api_python.sh in `make check`, with POLSIM_LIB naming the
library just built, and POLSIM (the command line) to compare renderings."""
import math
import os
import pathlib
import subprocess
import sys

import pytest

import polsim

SWEEP = """sweep b from 1 TB/s to 4 TB/s step 1 TB/s {
  cap bandwidth b on exports to CN
} on CN.compute, b * 2
"""


def test_print_value_with_units():
    r = polsim.run("print H20.tpp, H20.bandwidth")
    assert r.status == polsim.OK and r.ok()
    [rec] = r.records
    assert rec["kind"] == "values" and rec["type"] == "print"
    assert (rec["file"], rec["line"], rec["column"], rec["scenario"]) == ("<text>", 1, 1, "main")
    tpp, bw = rec["values"]
    assert tpp == {"metric": "H20.tpp", "subject": None, "period": None, "unit": "1", "text": "2368", "value": 2368.0,
                   "kind": "number"}
    assert bw["value"] == 4e12 and bw["unit"] == "B/s" and bw["text"] == "4 TB/s"


def test_error_carries_its_place():
    with pytest.raises(polsim.Error) as info:
        polsim.run("print 1\nprint 1 W + 2 s\nprint 3\n")
    e = info.value
    assert (e.file, e.line, e.column) == ("<text>", 2, 7)
    assert "cannot add power" in e.message
    assert str(e).startswith("<text>:2:7: ")
    assert e.result.status == polsim.ERROR
    assert [r["type"] for r in e.result.records] == ["print", "error"]
    assert e.result.text == "1\n"


def test_error_in_a_file_names_the_file(tmp_path):
    f = tmp_path / "bad.pol"
    f.write_text("let x = 1\nprint y\n")
    with pytest.raises(polsim.Error) as info:
        polsim.run(f)
    assert (info.value.file, info.value.line, info.value.column) == (str(f), 2, 7)
    with pytest.raises(polsim.Error) as info:  # a str naming a .pol file is a file too
        polsim.run(str(f))
    assert info.value.line == 2
    with pytest.raises(polsim.Error):
        polsim.run(pathlib.Path(tmp_path / "missing.pol"))


def test_file_imports_its_folder(tmp_path):
    (tmp_path / "lib.pol").write_text("let watts = 300 W\n")
    (tmp_path / "main.pol").write_text('import "lib.pol"\nprint watts * 2\n')
    r = polsim.run(tmp_path / "main.pol")
    assert r.records[0]["values"][0]["text"] == "600 W"


def test_failed_assert_is_not_an_error():
    r = polsim.run('assert 1 > 2 "one is more"\nassert true')
    assert r.status == polsim.ASSERT_FAILED
    assert (r.asserts_passed, r.asserts_failed) == (1, 1)
    assert r.records[0]["verdict"] is False and r.records[0]["message"] == "one is more"
    assert r.records[1]["verdict"] is True


def test_history_option():
    withh = polsim.run("explain H20 in CN").records[0]
    without = polsim.run("explain H20 in CN", history=False).records[0]
    assert withh["verdict"] is False and without["verdict"] is True
    assert without["values"][0]["metric"] == "available in CN"


def test_seed_is_in_the_language():
    a = polsim.run("print (CN.compute over 50 runs seed 7).mean").records[0]["values"][0]["value"]
    b = polsim.run("print (CN.compute over 50 runs seed 7).mean").records[0]["values"][0]["value"]
    assert a == b


def test_default_seed():
    world = "redefine market CN like CN { budget: $25B in $20B .. $30B }\n"
    def mean(text, **kw):
        return polsim.run(world + text, **kw).records[-1]["values"][0]["value"]
    named = mean("print (CN.budget over 50 runs seed 7).mean")
    assert mean("print (CN.budget over 50 runs).mean", seed=7) == named  # the session's seed stands in
    assert mean("print (CN.budget over 50 runs).mean", seed=8) != named  # another seed draws another world
    assert mean("print (CN.budget over 50 runs seed 7).mean", seed=8) == named  # a study's own seed wins
    assert mean("print (CN.budget over 50 runs).mean") == mean("print (CN.budget over 50 runs seed 0).mean")
    with pytest.raises(ValueError):
        polsim.Session(seed=-1)


def test_session_keeps_definitions():
    with polsim.Session() as s:
        s.run("let k = 7 W")
        assert s.run("print k * 6").records[0]["values"][0]["text"] == "42 W"
        with pytest.raises(polsim.Error):
            s.run("print nope")
        assert s.run("print k").records[0]["values"][0]["value"] == 7.0  # the session goes on
    with pytest.raises(polsim.Error):
        s.run("print 1")


def test_sessions_are_independent():
    a, b = polsim.Session(), polsim.Session(stdlib=False)
    a.run("let only_a = 1")
    with pytest.raises(polsim.Error):
        b.run("print only_a")
    with pytest.raises(polsim.Error):
        b.run("print H20.tpp")  # no stdlib
    assert b.run("print 2 + 2").text == "4\n"
    a.close()
    b.close()


def test_step_budget():
    with pytest.raises(polsim.Error) as info:
        polsim.run("sweep n from 1 to 100000 step 1 on n * 2", max_steps=1000)
    assert "step limit" in info.value.message


def test_results_are_copies():
    with polsim.Session() as s:
        first = s.run(SWEEP)
        s.run("print 1")
        assert len(first.records) == 4
        assert first.records[3]["params"]["b"]["value"] == 4e12
        assert first.records[3]["values"][1]["value"] == 8e12
        with pytest.raises(polsim.Error):
            first.html()  # the session ran again


def test_sweep_to_pandas():
    pd = pytest.importorskip("pandas")
    df = polsim.run(SWEEP).to_pandas()
    assert list(df.columns[:12]) == ["record", "type", "file", "line", "scenario", "subject", "metric", "period",
                                     "value", "unit", "text", "message"]
    assert "b" in df.columns and len(df) == 8
    twice = df[df.metric == "b * 2"]
    assert list(twice["value"]) == [2e12, 4e12, 6e12, 8e12]
    assert list(twice["b"]) == [1e12, 2e12, 3e12, 4e12]
    assert set(df[df.metric == "CN.compute"]["unit"]) == {"op/s"}
    wide = df.pivot(index="b", columns="metric", values="value")
    assert wide.shape == (4, 2)
    assert pd.api.types.is_float_dtype(df["value"])


def test_renderings_match_the_command_line(tmp_path):
    cli = os.environ.get("POLSIM")
    if not cli:
        pytest.skip("POLSIM (the command line) not given")
    f = tmp_path / "r.pol"
    f.write_text("print H20.tpp\ncompare H20, H100 on tpp, bandwidth\nassert H20.tpp < 4800\n")
    r = polsim.run(f)
    for fmt in ("text", "json", "csv"):
        want = subprocess.run([cli, "--color=never", "--no-provenance", "--format", fmt, str(f)], capture_output=True,
                              text=True, check=True).stdout
        assert getattr(r, fmt) == want, fmt
    page = r.html()
    assert page.startswith("<!DOCTYPE html>") or "<html" in page


def test_library_from_env(tmp_path):
    env = dict(os.environ, POLSIM_LIB=str(tmp_path / "nothing.so"))
    p = subprocess.run([sys.executable, "-c", "import polsim"], env=env, capture_output=True, text=True)
    assert p.returncode != 0 and "POLSIM_LIB" in p.stderr and "nothing.so" in p.stderr


def test_summary_and_share():
    r = polsim.run("redefine market CN like CN { budget: $25B in $20B .. $30B }\n"
                   "simulate 200 runs seed 3 on CN.compute, CN.compute > 150 EFLOPS\n")
    kinds = [x["kind"] for x in r.records]
    assert kinds.count("point") == 200 and kinds.count("summary") == 1 and kinds.count("share") == 1
    summary = next(x for x in r.records if x["kind"] == "summary")
    stats = {v["subject"]: v["value"] for v in summary["values"]}
    assert stats["min"] <= stats["p50"] <= stats["max"] and not math.isnan(stats["mean"])
    share = next(x for x in r.records if x["kind"] == "share")["values"][0]
    assert 0 <= share["value"] <= 1 and share["subject"] == "share"


def test_docs_python_md_session():
    """The notebook session of docs/python.md runs as shown (the plotting
    line is shown, not run: matplotlib is not needed for the tests)."""
    pytest.importorskip("pandas")
    import doctest

    doc = pathlib.Path(__file__).resolve().parents[2] / "docs" / "python.md"
    if not doc.exists():
        pytest.skip("docs/python.md is not beside the package (an installed copy)")
    text = doc.read_text()
    block = text.split("## A session in a notebook", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    lines = [l for l in block.splitlines() if ".plot(" not in l]
    parser = doctest.DocTestParser()
    test = parser.get_doctest("\n".join(lines), {}, "docs/python.md", str(doc), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    out = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
    assert len(test.examples) >= 6
