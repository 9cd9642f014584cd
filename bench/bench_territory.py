"""Benchmark: the NTM dashboards that resolve territories across the three lists.

    python bench/bench_territory.py [--repeat N]

Sets up Django on a temporary SQLite database (or DATABASE_URL: an empty database), loads the units and
the demo records, then requests through Django's test client (real URLs, views and templates):
  - the national dashboard on the July 2025 list on 31/03/2024 (its 34 provinces' figures come from
    the 2020 communes whose territory they took in);
  - the same on the 2020 list;
  - a province dashboard: Tỉnh Phú Thọ of July 2025 on 31/03/2024 (Hòa Bình's communes of 2020);
  - a district dashboard: Huyện Kim Bôi of 2020 on 31/03/2024;
  - a commune officer's page of Xã Bình Sơn (the scope check).
Prints, for each, the number of SQL queries one request makes (counted by a wrapper on the connection) and the
median and best time of N requests. Not a timed test.
"""

from __future__ import annotations

import statistics

from common import bench_django, queries_of, times_of

PAGES = (
    ("national dashboard, 2025-07 list, 31/03/2024", "/ntm/?scheme=2025-07&on=31/03/2024", None),
    ("national dashboard, 2020 list, 31/03/2024", "/ntm/?scheme=2020&on=31/03/2024", None),
    ("province dashboard, Phú Thọ 2025-07, 31/03/2024", "/ntm/2025-07/25/?on=31/03/2024", None),
    ("district dashboard, Kim Bôi 2020, 31/03/2024", "/ntm/2020/153/?on=31/03/2024", None),
    ("commune page, Bình Sơn 2020, as xa.binhson", "/ntm/2020/04990/", "xa.binhson"),
)


def main() -> None:
    with bench_django(__doc__, time_units=True) as (args, client):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects
        for label, url, login in PAGES:
            client.logout()
            if login:
                client.force_login(users.get(username=login))
            client.get(url)  # warm-up
            queries, response = queries_of(lambda url=url: client.get(url))
            assert response.status_code == 200, (url, response.status_code)
            times = times_of(lambda url=url: client.get(url), args.repeat)
            print(
                f"{label}: {len(queries)} queries, median {statistics.median(times) * 1000:.0f} ms, "
                f"best {min(times) * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
