from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from scoring.models import ApiToken


class Command(BaseCommand):
    help = "Revoke API tokens: a user's (all, or those with --name), or the one whose secret is given with --token."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="revoke this user's tokens")
        parser.add_argument("--name", help="only the user's tokens with this name")
        parser.add_argument("--token", help="the secret of the token to revoke (read from a leak, a log)")

    def handle(self, *args, username=None, name=None, token=None, **options):
        if bool(username) == bool(token):
            raise CommandError("give a username, or --token SECRET")
        if token:
            tokens = ApiToken.objects.filter(digest=ApiToken.digest_of(token))
        else:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"no user named '{username}'")
            tokens = ApiToken.objects.filter(user=user)
            if name is not None:
                tokens = tokens.filter(name=name)
        count, _ = tokens.delete()
        if not count:
            raise CommandError("no such token")
        self.stdout.write(f"revoked {count} token(s)")
