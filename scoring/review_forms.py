"""Forms of the review pages: a verdict on a finding, an outlet's reply, the queue's filters."""
from django import forms
from django.utils import timezone

from scoring.models import DISMISSAL_REASONS, REVIEW_VERDICTS, FindingKind
from scoring.review import PENALISED_KINDS
from sources.models import Outlet


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(choices=REVIEW_VERDICTS)
    reason = forms.ChoiceField(choices=[("", "Reason for a dismissal")] + DISMISSAL_REASONS, required=False)
    note = forms.CharField(required=False, max_length=2000, widget=forms.TextInput)

    def clean(self):
        data = super().clean()
        if data.get("verdict") == "dismissed":
            if not data.get("reason"):
                self.add_error("reason", "Say why the finding is dismissed.")
            elif data["reason"] == "other" and not data.get("note", "").strip():
                self.add_error("note", "Dismissed for another reason: say which in the note.")
        return data


class ReplyForm(forms.Form):
    text = forms.CharField(max_length=20000, widget=forms.Textarea(attrs={"rows": 4}), label="The outlet's reply")
    received_on = forms.DateField(label="Received on", widget=forms.DateInput(attrs={"type": "date"}))
    link = forms.URLField(required=False, max_length=2000, assume_scheme="https", label="Link (optional)")
    finding = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Answers")

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        if findings:
            self.fields["finding"].choices = [("", "The article as a whole")] + [
                (f["id"], f"#{f['number']} {f['kind_label']}: “{f['text'][:60]}”") for f in findings]
        else:
            del self.fields["finding"]


class QueueFilterForm(forms.Form):
    outlet = forms.ModelChoiceField(queryset=Outlet.objects.order_by("name"), required=False,
                                    to_field_name="slug", empty_label="All outlets")
    kind = forms.ChoiceField(required=False, choices=[("", "All kinds")] + [(k, FindingKind.label_of(k))
                                                                           for k in PENALISED_KINDS])
