"""The API tests' scored corpus, user and token, for the schemathesis run."""
from tests.api.conftest import corpus, reader, token  # noqa: F401
