"""The systems `bench/run.py` compares, one module each.

Every module has `WORKLOADS`, a dict from a workload's name (as in
`bench/run.py`) to a function taking that workload's parameters as keyword
arguments. A throughput or creation workload returns the seconds it took
(start-up of the actors included, the run verified: a wrong result raises
`AssertionError`); `latency` returns the probe delays in nanoseconds.
Workloads a system can't run are simply absent. capdsl's module
(`capdsl_sys`) instead loads a `.cap` program and runs it; idle memory is
measured by `bench/memory.py`, in a process of its own per run.
"""
