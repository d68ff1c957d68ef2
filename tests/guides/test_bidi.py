"""The runs of the other writing direction in a PDF's HTML are isolated, and nothing else moves."""

from guides.pdf import isolate_islands

LRI, RLI, PDI, JOINER = "\u2066", "\u2067", "\u2069", "\u2060"


def _body(html: str) -> str:
    return html.split("<body>")[1].split("</body>")[0]


def test_numbers_names_and_signs_in_arabic_text_are_isolated_left_to_right():
    html = isolate_islands("<body><p>الشرق · 2025–2029 · Conseil (CRO) · -1.91</p></body>", True)

    assert _body(html) == (
        f"<p>الشرق · {LRI}2025{JOINER}–{JOINER}2029{PDI} · {LRI}Conseil (CRO){PDI}"
        f" · {LRI}-1.91{PDI}</p>"
    )


def test_a_run_never_takes_a_bracket_it_does_not_close():
    html = isolate_islands("<body><td>Bab Charq (ABCAS) (10/شهر)</td></body>", True)

    assert _body(html) == f"<td>{LRI}Bab Charq (ABCAS){PDI} ({LRI}10{PDI}/شهر)</td>"


def test_arabic_in_a_french_document_is_isolated_right_to_left():
    html = isolate_islands("<body><p>Région الشرق 2025</p></body>", False)

    assert _body(html) == f"<p>Région {RLI}الشرق{PDI} 2025</p>"


def test_markup_styles_titles_and_drawings_are_left_as_they_are():
    html = (
        "<html><head><title>Plan 2025–2029</title><style>p { margin: 0 1mm; }</style></head>"
        '<body><p class="x 1">&lt;script&gt; مركز</p><svg><title>45 %</title></svg></body></html>'
    )

    isolated = isolate_islands(html, True)

    assert "<title>Plan 2025–2029</title><style>p { margin: 0 1mm; }</style>" in isolated
    assert f'<p class="x 1">&lt;{LRI}script{PDI}&gt; مركز</p>' in isolated
    assert "<svg><title>45 %</title></svg>" in isolated
