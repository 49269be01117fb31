import os
import time
from pathlib import Path

from index.store.generations import (
    RETIRED,
    earlier_generations,
    live_generation,
    new_generation,
    remove_stale,
    switch_to,
)
from index.store.manifest import Manifest


def complete(path: Path) -> Path:
    Manifest({}, "1.5.9", 384, "t", "t", complete=True).save(path)
    return path


def test_names_sort_in_creation_order_even_within_one_second(tmp_path: Path):
    made = [new_generation(tmp_path) for _ in range(50)]
    assert sorted(made) == made


def test_retired_generations_stay_for_the_grace_period_the_newest_always(tmp_path: Path):
    first, second, third, fourth = (complete(new_generation(tmp_path)) for _ in range(4))
    half_built = new_generation(tmp_path)
    for generation in (first, second, third, fourth):
        switch_to(tmp_path, generation)
    assert live_generation(tmp_path) == fourth and (third / RETIRED).is_file()
    assert remove_stale(tmp_path, grace_seconds=600) == [half_built]
    assert earlier_generations(tmp_path) == [third, second, first]
    # Once the grace period is over, only the newest retired one remains beside the live one.
    old = time.time() - 3600
    for generation in (first, second):
        (generation / RETIRED).write_text(f"{old}\n")
        os.utime(generation, (old, old))
    assert sorted(remove_stale(tmp_path, grace_seconds=600)) == [first, second]
    assert earlier_generations(tmp_path) == [third]
