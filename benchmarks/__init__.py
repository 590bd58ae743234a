"""Benchmarks: `make bench` writes var/bench/results.json."""
