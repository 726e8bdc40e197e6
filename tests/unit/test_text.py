from domain.text import clean_text, csv_cell, escape_html, escape_markdown, safe_url

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "`${alert(1)}`",
    "</script><script>alert(1)</script>",
    "\\`; alert(1); //",
    '" onmouseover="alert(1)',
]


def test_escape_html_leaves_no_active_character():
    for payload in PAYLOADS:
        escaped = escape_html(payload)
        for char in "<>\"'`$\\":
            assert char not in escaped


def test_escape_html_keeps_french_text():
    assert escape_html("L’été à Nîmes – « œuvre »") == "L’été à Nîmes – « œuvre »"
    assert escape_html(None) == ""


def test_escape_markdown_neutralises_links_and_html():
    text = escape_markdown("[clic](javascript:alert(1)) <b>x</b> **gras**")
    assert "[clic\\](" in text  # "](" escaped: no link (rendering: test_markdown_escape)
    assert "<b>" not in text
    assert "\\*\\*" in text


def test_csv_cell_neutralises_formulas():
    assert csv_cell('=HYPERLINK("http://evil","x")').startswith("'=")
    for start in "=+-@":
        assert csv_cell(start + "1").startswith("'")
    assert csv_cell("Nantes") == "Nantes"


def test_safe_url():
    assert safe_url("https://lerameau.fr/x") == "https://lerameau.fr/x"
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url('https://a.fr/"onclick') == ""


def test_clean_text_keeps_right_to_left_letters():
    assert clean_text("جمعية  التضامن") == "جمعية التضامن"
