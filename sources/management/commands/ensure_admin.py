import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the admin login: from DJANGO_SUPERUSER_USERNAME / DJANGO_SUPERUSER_PASSWORD when set, "
        "otherwise 'admin' with a generated password printed once. Leaves an existing login alone."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if User.objects.filter(username=username).exists():
            if password:
                user = User.objects.get(username=username)
                user.set_password(password)
                user.is_staff = user.is_superuser = True
                user.save()
                self.stdout.write(f"admin login '{username}': password set from DJANGO_SUPERUSER_PASSWORD")
            else:
                self.stdout.write(f"admin login '{username}' already exists (lost its password? "
                                  f".venv/bin/python manage.py changepassword {username})")
            return
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        if generated:
            self.stdout.write(self.style.WARNING(
                f"admin login created: user '{username}', password '{password}' (shown once; "
                "set DJANGO_SUPERUSER_PASSWORD to choose your own)"))
        else:
            self.stdout.write(f"admin login '{username}' created from the environment")
