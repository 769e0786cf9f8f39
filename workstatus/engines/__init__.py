"""Engines that run a batch beyond this process's pool: the Dask engine (``batch --engine dask``).

``workstatus.engines.dask`` imports Dask only when it runs; ``partitions``
(cutting an input into partitions a worker reads on its own) needs no Dask.
"""
