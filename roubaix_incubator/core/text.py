"""Text as people search and sort it: one helper for every app."""

import unicodedata

# Letters NFKD leaves whole (they are letters of their own, not a letter plus a mark) that a French reader
# writes either way: "Cœur" and "coeur", "Lætitia" and "laetitia".
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def plain_text(value: str) -> str:
    """`value` with no capitals, accents, ligatures or extra spaces, so that what people type meets what is stored.

    - case folded (`str.casefold`, stronger than `lower`: "Straße" gives "strasse");
    - decomposed (NFKD) and stripped of the combining marks: "Élise" gives "elise", "Aïcha" "aicha", and the
      compatibility forms fall apart too ("ﬁ" gives "fi", a non-breaking space a plain space);
    - "œ" and "æ" written out ("coeur", "aesop"), as NFKD keeps them;
    - every run of whitespace (spaces, tabs, new lines) one space, none at either end.

    `None` or "" gives "". Done in Python, so the result is the same on every database (store it, compare as is).
    """
    decomposed = unicodedata.normalize("NFKD", (value or "").casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.translate(_LIGATURES).split())
