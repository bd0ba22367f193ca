"""Names compared: the normal form of a name, its slug, and whether two normalised names are
one person's (a transliteration variant, or a shorter form of a full name)."""
from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from ...lexicon import person_vocabulary

FUZZY_FULLNAME = 88  # transliteration variants of a full name ("Sergei" ~ "Sergey Shoigu")


def normalize_name(text: str) -> str:
    """Case-, accent- and punctuation-free form used to compare names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’'`]s\b", "", text)
    text = re.sub(r"(?<=\w)[’'`](?=\w)", "", text)  # "Kan'ani", "Ri'ayatuddin": one word
    return " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).replace("-", " ").split())


def slug(text: str) -> str:
    return normalize_name(text).replace(" ", "-") or "x"


def same_full_name(a: str, b: str) -> bool:
    """Two normalised full names of one person: the same length, a shared first or last name,
    and close spellings ("sergei shoigu" / "sergey shoigu"); within and across articles."""
    if name_key(a) == name_key(b):
        return True
    pa, pb = a.split(), b.split()
    if len(pa) != len(pb) or (pa[-1] != pb[-1] and pa[0] != pb[0]):
        return False
    return a == b or fuzz.ratio(a, b) >= FUZZY_FULLNAME


def name_key(norm: str) -> list[str]:
    """The words of a normalised name that identify it: middle initials and a generational
    suffix left out ("antony j blinken" -> antony blinken, "lloyd j austin iii" -> lloyd austin);
    a first initial kept ("s jaishankar")."""
    voc = person_vocabulary()
    words = norm.split()
    if len(words) >= 3:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    if len(words) >= 3 and words[-1] in voc.suffixes:
        words = words[:-1]
    return words


def _subsequence(a: list[str], b: list[str]) -> bool:
    it = iter(b)
    return all(w in it for w in a)


def shorter_form_of(short: str, full: str) -> bool:
    """`short` (normalised, two words or more) is a shorter way of writing the full name `full`:
    the same name without middle initials or suffix ("antony j blinken"), an initial for the first
    name ("m j guptill" / "martin guptill"), its last words ("lula da silva", "akufo addo"), its
    first three or more words ("mohammed bin zayed"), or its first and last words with some
    between left out ("mohammed al thani" / "mohammed bin abdulrahman al thani")."""
    a, b = name_key(short), name_key(full)
    if len(a) < 2 or len(a) > len(b) or a[-1] != b[-1] and a[:len(a)] != b[:len(a)]:
        return False
    if a == b:
        return True
    if len(a) == len(b) == 2 and len(a[0]) == 1 and len(b[0]) > 1 and b[0][0] == a[0]:
        return True
    if len(a) < len(b) and b[-len(a):] == a:
        return True
    if len(a) >= 3 and b[:len(a)] == a:
        return True
    return len(a) >= 3 and a[0] == b[0] and a[-1] == b[-1] and _subsequence(a, b)

