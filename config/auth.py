"""Authentication backends: django-axes' lockout check, skipped where there is no remote client to throttle."""
from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses logins for a locked-out username and address; authentication itself is left to ModelBackend.

    Axes insists on a request, but `authenticate()` called without one (the test client's `login()`, a
    shell session, a management command) has no remote address to throttle, so it is let through here.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
