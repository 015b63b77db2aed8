"""Every test file has its layer (tests/layers.py), and `-m <layer>` selects exactly its files."""

from pathlib import Path

from tests.layers import LAYER_OF, LAYERS

TESTS = Path(__file__).resolve().parent


def test_every_test_file_has_a_layer_and_every_listed_file_exists():
    files = {path.name for path in TESTS.glob("test_*.py")}
    assert sorted(files - set(LAYER_OF)) == [], "give these files a layer in tests/layers.py"
    assert sorted(set(LAYER_OF) - files) == [], "these files are gone: drop them from the table"


def test_every_layer_named_in_the_table_is_a_registered_marker(pytestconfig):
    registered = {line.split(":")[0].strip() for line in pytestconfig.getini("markers")}
    assert set(LAYER_OF.values()) <= set(LAYERS) <= registered


def test_each_collected_test_carries_its_files_layer_and_no_other(request):
    wrong = []
    for item in request.session.items:
        marks = {mark.name for mark in item.iter_markers()} & set(LAYERS)
        if marks != {LAYER_OF.get(item.path.name)}:
            wrong.append(f"{item.nodeid}: {sorted(marks)}")
    assert wrong == []
