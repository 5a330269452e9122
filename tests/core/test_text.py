from roubaix_incubator.core.text import plain_text


def test_plain_text_drops_capitals_accents_and_ligatures():
    assert plain_text("Élise ÇA Aïcha Cœur ÆSOP Straße") == "elise ca aicha coeur aesop strasse"


def test_plain_text_collapses_whitespace():
    assert plain_text("  Épicerie\tsolidaire\n\n du\u00a0Pile  ") == "epicerie solidaire du pile"


def test_plain_text_splits_compatibility_ligatures():
    assert plain_text("Ｒoubaix ﬁlature") == "roubaix filature"


def test_plain_text_of_nothing_is_empty():
    assert plain_text("") == ""
    assert plain_text(None) == ""
