"""The hourly order limit counts the client's network (core.clients), which a client cannot rotate for
free, not its User-Agent, which it can: through the API and the form."""

from tamnong.orders import services
from tamnong.orders.models import Order
from tests.orders.test_order_api import _body
from tests.orders.test_order_pages import _form


def _api(client, honey, address: str, agent: str) -> int:
    return client.post("/api/v1/orders/", _body((honey.pk, 1)), content_type="application/json",
                       REMOTE_ADDR=address, HTTP_USER_AGENT=agent).status_code  # fmt: skip


def test_rotating_the_user_agent_from_one_address_gets_five_orders_of_twelve(client, in_force_today):
    honey, _ = in_force_today
    answers = [_api(client, honey, "203.0.113.7", f"Mozilla/5.0 (rotating {i})") for i in range(12)]
    assert answers == [201] * services.RATE_LIMIT + [429] * (12 - services.RATE_LIMIT)
    assert Order.objects.count() == services.RATE_LIMIT == 5
    # A neighbour on the same /24 shares the allowance: one gateway, one network.
    assert _api(client, honey, "203.0.113.200", "another phone") == 429


def test_two_networks_each_get_their_own_allowance(client, in_force_today):
    honey, _ = in_force_today
    first = [_api(client, honey, "198.51.100.10", f"agent {i}") for i in range(6)]
    second = [_api(client, honey, "198.51.101.10", f"agent {i}") for i in range(6)]
    assert first == second == [201] * 5 + [429]
    assert Order.objects.count() == 10


def test_the_form_counts_networks_too(client, in_force_today):
    honey, _ = in_force_today
    url = f"/orders/new/?producer={honey.producer_id}"
    answers = [client.post(url, _form(honey), REMOTE_ADDR="192.0.2.33", HTTP_USER_AGENT=f"UA {i}").status_code
               for i in range(7)]  # fmt: skip
    assert answers[-2:] == [429, 429] and Order.objects.count() == 5
    assert client.post(url, _form(honey), REMOTE_ADDR="192.0.3.33").status_code == 303
    assert Order.objects.count() == 6
