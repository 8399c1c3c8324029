"""Worker processes: one program on N shared-nothing schedulers (issue 6).

Place: `runtime.program.run_main(..., workers=N)` with N > 1 hands the
program to `coordinator.run_workers`; N == 1 never imports this package and
runs in process as before (`runtime.driver`).

Modules, one concern each:
    address     actor addresses (worker, key), proxies and their outboxes,
                how actors, streams and Env cross a process boundary
    frames      length-prefixed pickled frames on pipes and sockets
    placement   which worker a new actor goes to (`--placement`)
    quiescence  the coordinator's termination rule (counts, two rounds)
    worker      one worker process: `run_slice` on a uvloop event loop
    coordinator the parent process: forks workers, ends the program,
                reports faults and dead workers, collects output

How it fits together: the parent forks N workers after the program was
compiled (so each worker has the same classes and functions, and pickle can
name them). Worker 0 spawns Main. A send to an actor in the same worker is
the usual append (`runtime.actor.send`, unchanged); a send to an actor in
another worker goes through a proxy whose `_mbox` is an `address.Outbox`:
its `append` adds the message to a per-destination list that the worker
pickles and writes as one frame after each slice.

This package's `__init__` imports nothing, so the CLI can read the placement
policies without loading the event loop.
"""
