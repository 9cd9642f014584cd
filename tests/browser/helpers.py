"""What the browser tests share: signing a Playwright page in as a demo login."""

from django.contrib.auth import get_user_model


def log_in(page, client, live_server, username: str) -> None:
    """Sign the page in as `username` through the test client's session (no login form typed)."""
    page.context.clear_cookies()
    client.force_login(get_user_model().objects.get(username=username))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
