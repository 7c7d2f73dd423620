from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

UPLOAD_SUFFIXES = (".jsonl", ".csv", ".html", ".htm", ".txt")


class ImportUploadForm(forms.Form):
    """The admin's import page: one file, read by the same code as `import_articles`."""

    file = forms.FileField(help_text="JSONL or CSV (one article a line or row), or one .html/.txt article.")
    outlet = forms.CharField(
        max_length=200, required=False,
        help_text="Outlet for the articles that name none (required for an .html or .txt file).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(f"Upload a {', '.join(UPLOAD_SUFFIXES)} file.")
        if upload.size > settings.IMPORT_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(settings.IMPORT_UPLOAD_MAX_BYTES)}. Split it, or use the import_articles command."
            )
        return upload

    def clean_outlet(self):
        return self.cleaned_data["outlet"].strip() or None


class OutletAdminForm(forms.ModelForm):
    """The admin's outlet form: a feed url the poller would refuse is refused here, when it is typed."""

    def clean_feed_url(self):
        from sources.feeds import feed_url_problem  # feeds imports the importer; only this form needs it

        url = self.cleaned_data.get("feed_url", "")
        problem = feed_url_problem(url) if url else ""
        if problem:
            raise forms.ValidationError(problem)
        return url
