from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from scoring.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a user and print it once (only its digest is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="the user the token reads the API as")
        parser.add_argument("--name", default="", help="what the token is for, e.g. 'newsroom CMS'")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named '{options['username']}'")
        if not user.is_active:
            raise CommandError(f"user '{user.username}' is inactive; an inactive user's token would be refused")
        _, secret = ApiToken.issue(user, name=options["name"][:100])
        # The secret alone on stdout, so a script can capture it: TOKEN=$(manage.py create_api_token bot)
        self.stdout.write(secret)
        self.stderr.write(f"token created for '{user.username}'; it is shown once, store it now. "
                          "Send it as 'Authorization: Bearer <token>'.")
