"""`tools/build.py --clean` (the test command's build) keeps the site only when it is a clean build of the
present inputs, and builds from scratch otherwise. The build's steps are replaced here by stand-ins that
record what they were asked to do; the decision itself runs as written."""

from __future__ import annotations

import pytest

import build


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A small stand-in repository: two input folders and a built site; the build's calls are recorded."""
    for name, text in {"data/a.csv": "a\n1\n", "tools/step.py": "x = 1\n", "_build/site/index.html": "<p>built</p>"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(build, "BUILD", tmp_path / "_build")
    monkeypatch.setattr(build, "SITE", tmp_path / "_build" / "site")
    monkeypatch.setattr(build, "CLEAN_MARK", tmp_path / "_build" / "site-clean.sha256")
    monkeypatch.setattr(build, "SITE_INPUTS", ("data", "tools"))
    calls = []

    def build_editions(langs, rebuild_all):
        calls.append(rebuild_all)
        for lang in langs:
            (tmp_path / "_build" / lang).mkdir(exist_ok=True)
        return {}

    monkeypatch.setattr(build, "build_editions", build_editions)
    monkeypatch.setattr(build, "validate_data", lambda: True)
    monkeypatch.setattr(build, "generate", lambda: None)
    monkeypatch.setattr(build.stamp, "stale", lambda: [])
    for module, name in ((build.vendor, "main"), (build.assemble, "assemble"), (build.assemble, "finish"),
                         (build.pdf, "main"), (build.optimize, "main"), (build.csp, "main")):
        monkeypatch.setattr(module, name, lambda *args, **kwargs: None)
    return tmp_path, calls


def test_a_fresh_checkouts_build_is_clean_and_is_kept_while_nothing_changes(book):
    root, calls = book
    assert build.main([]) == 0 and calls == [False]  # nothing built before: as clean as --all
    assert build.main(["--clean"]) == 0 and calls == [False]  # kept: no edition rebuilt
    assert build.main(["--clean"]) == 0 and calls == [False]


@pytest.mark.parametrize("changed", ["data/a.csv", "tools/step.py", "_build/site/index.html"])
def test_a_changed_input_or_a_touched_site_is_built_again_from_scratch(book, changed):
    root, calls = book
    build.main(["--all"])
    (root / changed).write_text((root / changed).read_text() + "edited\n")
    assert build.main(["--clean"]) == 0 and calls == [True, True]
    assert build.main(["--clean"]) == 0 and calls == [True, True]  # that build was clean: kept now


def test_an_incremental_or_partial_build_is_never_taken_for_a_clean_one(book):
    root, calls = book
    build.main(["--all"])
    build.main([])  # the editions' folders exist: Sphinx would re-read only what changed
    assert not build.CLEAN_MARK.exists()
    build.main(["--clean"])
    assert calls == [True, False, True]
    build.main(["--all", "--no-pdf"])  # no PDFs: not the whole site
    build.main(["--clean"])
    assert calls == [True, False, True, True, True]
