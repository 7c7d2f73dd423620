"""What the browser tests share: logging a tab in through the login form."""
from django.urls import reverse

PASSWORD = "browser-test-pw"


def log_in(tab, live_server, username: str = "editor", password: str = PASSWORD) -> None:
    """Log the tab in as `username` (an existing user) and wait for the overview."""
    if "/accounts/login/" not in tab.url:
        tab.goto(live_server.url + reverse("login"))
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url(live_server.url + "/")
