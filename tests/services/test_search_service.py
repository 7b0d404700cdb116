"""Search across the store: hits per page with snippets, safe against FTS5 syntax, optional case filter."""

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panelapp.domain.errors import BadInputError
from panelapp.services.panel_services import PanelServices
from panelapp.services.search_service import fts_query
from tests.conftest import PASSPHRASE
from tests.reading_helpers import import_multi_page_pdf

pytestmark = pytest.mark.db


@pytest.fixture
def services(demo_store):
    with PanelServices.open(demo_store, PASSPHRASE) as opened:
        yield opened


def test_a_word_from_a_demo_pdf_is_found_with_case_item_page_and_marked_snippet(services):
    hits = services.search.search("laceration")
    assert len(hits) == 1
    [hit] = hits
    assert (hit.case_reference, hit.label, hit.title, hit.page) == ("DEMO-001", "E1", "Custody record extract", 0)
    assert [p.text for p in hit.snippet if p.match] == ["laceration"]
    assert "small laceration above the left eye" in hit.snippet_text
    assert len(hit.snippet_text) < 260


def test_hits_name_the_page_the_word_is_on(services, tmp_path):
    evidence_id = import_multi_page_pdf(services, tmp_path)
    [hit] = services.search.search("quokka")
    assert (hit.evidence_id, hit.page) == (evidence_id, 3)
    pages = [h.page for h in services.search.search("notebook") if h.evidence_id == evidence_id]
    assert pages == [0, 1, 2, 3, 4]
    assert [h.page for h in services.search.search("jetty", limit=2)] == [0, 1]


def test_phrases_prefixes_or_and_case_filter(services):
    assert {h.label for h in services.search.search('"left eye"')} == {"E1"}
    assert services.search.search('"eye left"') == ()
    assert {h.label for h in services.search.search("lacer*")} == {"E1"}
    assert {h.label for h in services.search.search("laceration OR baton")} == {"E1", "A2"}
    case_id = services.case_id("DEMO-001")
    assert {h.label for h in services.search.search("laceration", case_id=case_id)} == {"E1"}
    assert services.search.search("laceration", case_id=case_id + 1) == ()


@pytest.mark.parametrize("junk", ['"', 'AND(', '"laceration', "laceration)", "NEAR(a b", "x:y", "^eye", "{eye}",
                                  "laceration AND", "OR", "- eye", "'", "a*b*", "\u0000eye", "col:laceration"])
def test_fts_syntax_junk_gives_results_or_a_one_line_message(services, junk):
    try:
        services.search.search(junk)
    except BadInputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("search: ")


def test_nothing_to_search_for_is_a_one_line_message(services):
    for empty in ("", "   ", '""', "()", "*", "OR"):
        with pytest.raises(BadInputError, match=r"^search: type a word to search for$"):
            services.search.search(empty)
    with pytest.raises(BadInputError, match=r"^search: too long"):
        services.search.search("x" * 501)


def test_junk_around_a_word_still_finds_it(services):
    assert {h.label for h in services.search.search('(( "laceration ^ :')} == {"E1"}


@given(st.text(max_size=40))
def test_any_text_makes_a_query_fts5_accepts_or_a_one_line_message(text):
    """Whatever is typed, FTS5 never sees syntax it refuses (checked on an in-memory FTS5 table)."""
    try:
        query = fts_query(text)
    except BadInputError as exc:
        assert "\n" not in str(exc)
        return
    _FTS.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,)).fetchall()


_FTS = sqlite3.connect(":memory:")
_FTS.execute("CREATE VIRTUAL TABLE t USING fts5(content, tokenize = 'unicode61')")
_FTS.execute("INSERT INTO t (rowid, content) VALUES (1, 'a small laceration above the left eye')")


def test_a_prefix_needs_three_letters_and_says_so_in_one_line(services):
    for short in ("a*", "PC*", '"left ey"*', "la* eye"):
        with pytest.raises(BadInputError, match=r"^search: type at least 3 letters before \*$"):
            services.search.search(short)
    assert {h.label for h in services.search.search("lac*")} == {"E1"}


def test_prefixes_of_every_length_find_the_same_pages_and_snippets_as_the_whole_word(services, tmp_path):
    """Four letters come from the prefix index; other lengths from FTS5's merge, with every item's marked text
    read in one pass: either way the hits (item, page, snippet) are the whole word's, up to the limit."""
    evidence_id = import_multi_page_pdf(services, tmp_path)
    for word, shortest in (("laceration", 3), ("notebook", 5), ("jetty", 3)):  # "note" also finds "notice"
        whole = services.search.search(word)
        assert whole
        for n in range(shortest, len(word) + 1):
            assert services.search.search(word[:n] + "*") == whole, word[:n]
            assert services.search.search(word[:n] + "*", limit=2) == whole[:2], word[:n]
    assert [h.page for h in services.search.search("noteb*") if h.evidence_id == evidence_id] == [0, 1, 2, 3, 4]


def test_a_limit_below_one_finds_nothing(services):
    assert services.search.search("laceration", limit=0) == services.search.search("lacer*", limit=0) == ()
