"""Filter forms for the dashboard's lists: GET parameters in, domain values and filtered querysets out."""
from django import forms
from django.db.models import F, Q

from sources.models import Article, Outlet

REVIEWED_CHOICES = [("", "Any"), ("yes", "Reviewed"), ("no", "Not reviewed")]
OUTLET_SORTS = {
    "score": ("Fidelity, best first", [F("score").desc(nulls_last=True), "name"]),
    "-score": ("Fidelity, worst first", [F("score").asc(nulls_last=True), "name"]),
    "articles": ("Most articles", ["-article_count", "name"]),
    "name": ("Name", ["name"]),
}


class OutletFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name or domain"}))
    country = forms.CharField(label="Country", required=False, max_length=2,
                              widget=forms.TextInput(attrs={"placeholder": "e.g. GB", "size": 4}))
    reviewed = forms.ChoiceField(label="Reviewed", required=False, choices=REVIEWED_CHOICES)
    min_articles = forms.IntegerField(label="Minimum articles", required=False, min_value=0,
                                      widget=forms.NumberInput(attrs={"size": 5}))
    sort = forms.ChoiceField(label="Sort by", required=False,
                             choices=[(key, label) for key, (label, _) in OUTLET_SORTS.items()])

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()

    def clean_reviewed(self):
        return {"yes": True, "no": False}.get(self.cleaned_data["reviewed"])

    def filter(self, outlets):
        """Apply the valid filters to outlets annotated with `article_count` and `score`."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            outlets = outlets.filter(Q(name__icontains=data["q"]) | Q(domains__icontains=data["q"]))
        if data.get("country"):
            outlets = outlets.filter(country__iexact=data["country"])
        if data.get("reviewed") is not None:
            outlets = outlets.filter(is_reviewed=data["reviewed"])
        if data.get("min_articles"):
            outlets = outlets.filter(article_count__gte=data["min_articles"])
        return outlets.order_by(*OUTLET_SORTS[data.get("sort") or "score"][1])


class StoryFilterForm(forms.Form):
    q = forms.CharField(label="Search titles", required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    outlet = forms.ModelChoiceField(label="Outlet", required=False, queryset=Outlet.objects.order_by("name"),
                                    to_field_name="slug", empty_label="Any outlet")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The start date must not be after the end date.")
        return data

    def filter(self, stories):
        """Apply the valid filters: title search, stories overlapping the date range, an outlet's stories."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            stories = stories.filter(title__icontains=data["q"])
        if data.get("start"):
            stories = stories.filter(last_seen__date__gte=data["start"])
        if data.get("end"):
            stories = stories.filter(first_seen__date__lte=data["end"])
        if data.get("outlet"):
            # A subquery the database runs once (the outlet's articles, by index), not a join, which would
            # multiply the stories, nor a correlated EXISTS, which is tried against every story.
            stories = stories.filter(pk__in=Article.objects.filter(outlet=data["outlet"]).values("story"))
        return stories
