"""The on-disk set a load uses to remember the files and texts it has read."""
from newsgraph.loader.disk_set import DiskSet


def test_add_tells_whether_a_key_is_new_and_keys_of_each_kind_stay_apart():
    with DiskSet() as seen:
        assert seen.add("5f3a9c") and seen.add(7) and seen.add(b"5f3a9c")
        assert not seen.add("5f3a9c") and not seen.add(7) and not seen.add(b"5f3a9c")
        assert seen.add("7")  # the text "7" is not the number 7
        assert "5f3a9c" in seen and "5f3a9d" not in seen
        assert len(seen) == 4


def test_many_keys_are_all_remembered():
    keys = [f"{n * 2654435761 % 2**64:016x}" for n in range(50_000)]
    with DiskSet() as seen:
        assert all(seen.add(k) for k in keys)
        assert not any(seen.add(k) for k in keys[::7])
        assert len(seen) == len(keys)
