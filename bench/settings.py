"""Settings of the throughput benchmark's server: the test settings, with the benchmark's own URLs."""

from imp_missions.settings_test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
