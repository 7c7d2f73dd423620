"""CSV and XLSX downloads of outlet scores and findings: login, content, filters, formula-injection safety."""
import io

import pandas as pd
import pytest

from scoring.exports import safe_cell


def download(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response


def read(response, fmt):
    data = io.BytesIO(response.content)
    return pd.read_csv(data) if fmt == "csv" else pd.read_excel(data, engine="openpyxl")


@pytest.mark.parametrize("url", ["/exports/outlets.csv", "/exports/outlets.xlsx", "/exports/findings.csv",
                                 "/exports/findings.xlsx"])
def test_exports_need_a_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_outlet_scores_download_with_interval(api_client, corpus, fmt):
    response = download(api_client, f"/exports/outlets.{fmt}")
    assert response["Content-Disposition"] == f'attachment; filename="outlet-scores.{fmt}"'
    frame = read(response, fmt)
    assert list(frame.columns) == ["outlet", "slug", "country", "score", "status", "low_90", "high_90", "articles",
                                   "compared", "mean_of_compared"]
    first = frame.to_dict("records")[0]
    first.pop("mean_of_compared")  # empty: the corpus fixture stores outlet scores without their mean
    assert first == {"outlet": "Alpha Times", "slug": "alpha-times", "country": "GB", "score": 90.0,
                     "status": "scored", "low_90": 80.0, "high_90": 95.0, "articles": 2, "compared": 2}
    assert list(frame["slug"]) == ["alpha-times", "beta-post"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_findings_download_with_their_article(api_client, corpus, fmt):
    frame = read(download(api_client, f"/exports/findings.{fmt}"), fmt)
    assert len(frame) == 2
    drift = frame[frame["kind"] == "drift"].iloc[0]
    assert (drift["text"], drift["expected"], drift["outlet"]) == ("Friday", "Monday", "Beta Post")
    assert drift["article"] == corpus["a2"].pk and drift["fidelity"] == 60.0
    assert str(drift["published_utc"]).startswith("2024-11-05 09:00")


@pytest.mark.parametrize("params, kinds", [
    ({"kind": "drift"}, ["drift"]), ({"outlet": "alpha-times"}, []),
    ({"outlet": "beta-post"}, ["boilerplate", "drift"]),
    ({"start": "2024-11-06"}, []), ({"end": "2024-11-05"}, ["boilerplate", "drift"]),
])
def test_findings_export_filters(api_client, corpus, params, kinds):
    frame = read(download(api_client, "/exports/findings.csv", **params), "csv")
    assert sorted(frame["kind"]) == kinds


def test_a_bad_filter_is_a_clear_400(api_client, corpus):
    response = api_client.get("/exports/findings.csv", {"kind": "rumour", "start": "soon"})
    assert response.status_code == 400
    assert b"kind:" in response.content and b"start:" in response.content


def test_an_unknown_format_is_404(api_client, corpus):
    assert api_client.get("/exports/outlets.pdf").status_code == 404


def test_an_empty_database_exports_headers_only(api_client):
    frame = read(download(api_client, "/exports/findings.xlsx"), "xlsx")
    assert frame.empty and "explanation" in frame.columns


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formulas_and_control_characters_in_article_text_are_exported_as_text(api_client, corpus, fmt):
    from scoring.models import Finding

    Finding.objects.filter(kind="drift").update(text='=HYPERLINK("http://evil.example","x")',
                                                expected="+1\x07\x1b call", explanation="@SUM(A1)")
    response = download(api_client, f"/exports/findings.{fmt}")
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)  # no cell became a formula
    frame = read(response, fmt)
    drift = frame[frame["kind"] == "drift"].iloc[0]
    assert drift["text"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert (drift["expected"], drift["explanation"]) == ("'+1 call", "'@SUM(A1)")


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("-2", "'-2"), ("plain", "plain"), ("a=b", "a=b"), ("\tx", "'\tx"), (3.5, 3.5), (None, None),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
