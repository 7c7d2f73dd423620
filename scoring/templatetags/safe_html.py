"""`{{ article.raw_html|sanitize_html }}`: HTML taken from articles, cleaned with nh3 before it is ever shown.

Article HTML comes from the open web and is never trusted. nh3 (the Rust `ammonia` sanitiser) keeps a
short list of formatting tags and drops everything else: scripts, styles, event handlers, iframes, forms,
and links or images whose address is not http, https or mailto. Images are dropped too, so showing an
article never makes the browser fetch from a third-party server.
"""
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "mark", "ol", "p",
    "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"colspan", "rowspan"},
                      "th": {"colspan", "rowspan", "scope"}, "time": {"datetime"}}


def sanitize(html: str) -> str:
    """The HTML with only harmless formatting left; links get rel="noopener noreferrer nofollow"."""
    return nh3.clean(
        html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow", strip_comments=True,
        # Dropped with their content, not unwrapped: their text is code or styling, never the article.
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "svg", "math"},
    )


@register.filter(is_safe=True)
def sanitize_html(value) -> SafeString:
    """Sanitised HTML, marked safe only because nh3 produced it."""
    return mark_safe(sanitize(str(value) if value is not None else ""))  # noqa: S308 - nh3 output
