"""handbook.collector: the garbage collector's settings around the handbook's own work."""

from __future__ import annotations

import gc

from handbook.collector import QUIET_THRESHOLD, fewer_collections, set_aside


def test_set_aside_takes_what_is_alive_out_of_every_generation_the_collector_walks() -> None:
    handbook_like = {"scenarios": [{"templates": [["亲，在的"]]}]}
    inner = handbook_like["scenarios"][0]
    try:
        set_aside()
        walked = {id(found) for generation in range(3) for found in gc.get_objects(generation)}
        assert id(handbook_like) not in walked and id(inner) not in walked
        assert gc.get_freeze_count() > 0
        later = [["made after"]]
        assert id(later) in {id(found) for found in gc.get_objects(0)}
    finally:
        gc.unfreeze()


def test_fewer_collections_restores_the_threshold_it_raised() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == QUIET_THRESHOLD
    assert gc.get_threshold() == before
