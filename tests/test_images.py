"""Images: an article's `image:` from content/images/, copied to /bilder/ with its width and height in the
page, as og:image and JSON-LD image; missing files, links and images named with file and line."""

from __future__ import annotations

import base64
import json
import re
import struct

import pytest

from conftest import article, png, snapshot
from generator import imagesize
from generator.build import build
from generator.cli import main
from generator.preview import Preview
from webserver import serve


GIF = (b"GIF89a\x03\x00\x02\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")  # a 3 x 2 screen


def jpeg(width: int, height: int, orientation: int | None = None) -> bytes:
    """The markers a JPEG starts with: an Exif APP1 (big-endian TIFF) when oriented, then a baseline frame."""
    parts = [b"\xff\xd8", b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"]
    if orientation:
        tiff = b"MM\0*" + struct.pack(">I", 8) + struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1,
                                                                                      orientation, 0) + b"\0\0\0\0"
        parts.append(b"\xff\xe1" + struct.pack(">H", 2 + 6 + len(tiff)) + b"Exif\0\0" + tiff)
    parts.append(b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00")
    return b"".join(parts) + b"\xff\xd9"


def webp(chunk: bytes, payload: bytes) -> bytes:
    return b"RIFF" + struct.pack("<I", 4 + 8 + len(payload)) + b"WEBP" + chunk + struct.pack("<I", len(payload)) \
        + payload


@pytest.mark.parametrize("data, expected", [
    (png(640, 360), ("png", 640, 360)),
    (GIF, ("gif", 3, 2)),
    (GIF.replace(b"GIF89a", b"GIF87a"), ("gif", 3, 2)),
    (jpeg(1200, 800), ("jpeg", 1200, 800)),
    (jpeg(1200, 800, orientation=6), ("jpeg", 800, 1200)),  # a phone photo turned a quarter: shown upright
    (jpeg(1200, 800, orientation=3), ("jpeg", 1200, 800)),  # turned half: the same size
    (webp(b"VP8 ", b"\x10\x02\x00\x9d\x01\x2a" + struct.pack("<HH", 300, 200) + b"\0" * 8), ("webp", 300, 200)),
    (webp(b"VP8L", b"\x2f" + ((300 - 1) | (200 - 1) << 14).to_bytes(4, "little") + b"\0" * 4), ("webp", 300, 200)),
    (webp(b"VP8X", b"\0" * 4 + (299).to_bytes(3, "little") + (199).to_bytes(3, "little")), ("webp", 300, 200)),
])
def test_image_size_is_read_from_the_file_header(data, expected):
    assert imagesize.size(data) == imagesize.Size(*expected)


@pytest.mark.parametrize("data", [b"", b"\x89PNG\r\n\x1a\n", png(4, 4)[:20], b"GIF89a\0\0\0\0", b"\xff\xd8\xff",
                                  jpeg(10, 10)[:26], b"RIFF\0\0\0\0WEBPVP8 ", b"<svg/>", b"BM" + b"\0" * 40])
def test_cut_short_or_unknown_bytes_have_no_size(data):
    assert imagesize.size(data) is None


def test_real_jpeg_webp_and_png_encoded_by_chromium_have_their_size(page):
    """The encoders a browser has (libjpeg, libwebp lossy and lossless), not bytes written for the test."""
    for mime, quality, kind in [("image/jpeg", 0.8, "jpeg"), ("image/webp", 0.8, "webp"),
                                ("image/webp", 1.0, "webp"), ("image/png", 1.0, "png")]:
        url = page.evaluate("""([mime, quality]) => { const c = document.createElement('canvas');
            c.width = 123; c.height = 45; const g = c.getContext('2d'); g.fillStyle = '#c33';
            g.fillRect(0, 0, 60, 45); return c.toDataURL(mime, quality); }""", [mime, quality])
        assert url.startswith(f"data:{mime};base64,")
        assert imagesize.size(base64.b64decode(url.split(",", 1)[1])) == imagesize.Size(kind, 123, 45)


def _project(project, data: bytes = png(640, 360), **fields):
    fields = {"image": "kim.png", "alt": 'Kim Jong Un und Sergej Lawrow in "Wonsan"',
              "image_credit": "Agentur / Fotograf", **fields}
    return project({
        "content/dossier.yaml": "title: T\nbase_url: https://example.org/t/\n",
        "content/articles/a.md": article("Kim trifft Lawrow", date="2025-07-13", body="Ein Bericht.", **fields),
        "content/articles/b.md": article("Ohne Bild", date="2025-07-12", body="Noch einer."),
        "content/images/kim.png": data,
    })


def test_an_articles_image_is_copied_with_its_size_and_is_its_og_and_json_ld_image(project):
    root = _project(project)
    assert main(["build", "-C", str(root), "--no-search", "--strict", "-q"]) == 0
    site = root / "site"
    assert (site / "bilder/kim.png").read_bytes() == (root / "content/images/kim.png").read_bytes()
    html = (site / "artikel/a/index.html").read_text(encoding="utf-8")
    [img] = re.findall(r'<img src="/t/bilder/kim\.png\?v=[0-9a-f]{10}"[^>]*>', html)
    assert 'width="640" height="360"' in img and 'alt="Kim Jong Un und Sergej Lawrow in „Wonsan“"' in img
    assert '<figcaption class="credit">Bild: Agentur / Fotograf</figcaption>' in html
    assert '<meta property="og:image" content="https://example.org/t/bilder/kim.png">' in html
    assert '<meta property="og:image:width" content="640">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["image"] == {"@type": "ImageObject", "url": "https://example.org/t/bilder/kim.png", "width": 640,
                             "height": 360, "caption": "Kim Jong Un und Sergej Lawrow in „Wonsan“",
                             "creditText": "Agentur / Fotograf"}
    other = (site / "artikel/b/index.html").read_text(encoding="utf-8")
    assert "og:image" not in other and '<meta name="twitter:card" content="summary">' in other


def test_the_image_shows_at_its_size_in_chromium_without_a_failed_request(project, page):
    root = _project(project)
    build(root, with_search=False)
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    with serve(root / "site", prefix="/t/") as base:
        page.goto(base + "artikel/a/")
        page.wait_for_function("document.querySelector('.article-image img').complete")
        natural, shown = page.evaluate("""() => { const i = document.querySelector('.article-image img');
            return [[i.naturalWidth, i.naturalHeight], i.getBoundingClientRect().width]; }""")
    assert natural == [640, 360] and 0 < shown <= 640 and failed == []


def test_a_missing_image_is_an_error_naming_the_file_and_line_and_nothing_is_built(project, capsys):
    root = _project(project, image="Kim.PNG")
    assert main(["build", "-C", str(root), "--no-search"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/articles/a.md:4: error: image 'Kim.PNG' is not in content/images/; did you mean 'kim.png'? "
        "[no-image]")
    assert not (root / "site").exists()


@pytest.mark.parametrize("files, said", [
    ({"content/images/kaputt.png": b"\x89PNG\r\n\x1a\nkaputt"},
     "content/images/kaputt.png: error: is not a PNG, JPEG, WebP or GIF image that can be read; save it again "
     "from an image program [bad-image]"),
    ({"content/images/foto.jpg": png(2, 2)},
     "content/images/foto.jpg: error: is a PNG image named .jpg; rename it to end in the suffix of its kind "
     "[bad-image]"),
])
def test_an_image_file_that_cannot_be_published_is_an_error(project, capsys, files, said):
    [name] = [path.rsplit("/", 1)[1] for path in files]
    root = project({"content/articles/a.md": article("A", date="2025-01-01", image=name, alt="Foto"), **files})
    assert main(["check", "-C", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert said in out
    assert not [line for line in out if "[no-image]" in line]  # the file is there: its own error says it all


def test_alt_is_asked_for_and_a_bad_image_path_is_an_error_at_its_line(project, capsys):
    root = _project(project, alt="")
    assert main(["check", "-C", str(root), "--strict"]) == 1
    assert ("content/articles/a.md:4: warning: the image has no 'alt'; add alt: with what it shows, for readers "
            "who cannot see it [no-alt]") in capsys.readouterr().out.splitlines()
    (root / "content/articles/a.md").write_text("---\ntitle: A\nimage: ../../etc/passwd\n---\nText.\n",
                                                encoding="utf-8")
    assert main(["check", "-C", str(root)]) == 1
    assert ("content/articles/a.md:3: error: 'image' must name a file in content/images/, like image: kim.jpg; "
            "found '../../etc/passwd' [image-path]") in capsys.readouterr().out.splitlines()


BODY = """\
Zur [Chronik](/chronik/), zum [anderen Artikel](../b/), zu [Kim](/personen/kim/) und [Kim](/personen/kim),
ins [Netz](https://example.com/netz/), per [Mail](mailto:a@example.org), zum [Abschnitt](#oben).

Ein [toter Link](/artikel/gibts-nicht/) und ein Bild, das es gibt: ![Kim](/bilder/kim.png)

![Foto](/bilder/fehlt.jpg)

Ein [Verweis][alt].

[alt]: /seiten/fehlt/
"""


def test_links_and_images_in_a_text_that_lead_nowhere_are_warnings_with_their_line(project, capsys):
    root = project({
        "content/dossier.yaml": "title: T\n",
        "content/articles/a.md": article("A", date="2025-01-01", body=BODY),
        "content/articles/b.md": article("B", date="2025-01-01"),
        "content/entities/kim.md": "---\nname: Kim\nkind: person\n---\nSiehe [Gesamt](/gesamt/) und [x](/x/).\n",
        "content/images/kim.png": png(4, 4),
    })
    assert main(["build", "-C", str(root), "--no-search", "--strict"]) == 1
    said = capsys.readouterr().err.splitlines()
    assert [line for line in said if line] == [
        "content/articles/a.md:9: warning: link to /artikel/gibts-nicht/ leads to no page of the site; correct the "
        "address, or remove the link [broken-link]",
        "content/articles/a.md:11: warning: image /bilder/fehlt.jpg is not on the site; put the file in "
        "content/images/ (it is published at /bilder/<name>), or correct the address [missing-image]",
        "content/articles/a.md:13: warning: link to /seiten/fehlt/ leads to no page of the site; correct the "
        "address, or remove the link [broken-link]",
        "content/entities/kim.md:5: warning: link to /x/ leads to no page of the site; correct the address, or "
        "remove the link [broken-link]",
    ]
    assert main(["build", "-C", str(root), "--no-search"]) == 0  # warnings: the build goes on


def test_a_link_to_a_draft_says_it_is_a_draft(project, capsys):
    root = project({"content/dossier.yaml": "title: T\n",
                    "content/articles/a.md": article("A", date="2025-01-01", body="Siehe [B](/artikel/b/)."),
                    "content/articles/b.md": article("B", date="2025-01-01", draft=True)})
    assert main(["check", "-C", str(root), "--strict"]) == 1
    assert ("content/articles/a.md:6: warning: link to /artikel/b/ leads to the draft content/articles/b.md, which "
            "this build leaves out; publish it, or remove the link [broken-link]") in capsys.readouterr().out
    folder = root / "served"
    folder.mkdir()
    preview = Preview(root, folder, with_search=False, log=lambda line: None)  # serve shows drafts: no warning
    try:
        assert preview.rebuild() and not [d for d in preview.told if d.code == "broken-link"]
    finally:
        preview.close()


def test_a_changed_image_renders_the_page_that_shows_it_and_equals_a_clean_build(project, tmp_path):
    root = _project(project)
    build(root, with_search=False)
    (root / "content/images/kim.png").write_bytes(png(300, 500, (10, 10, 200)))
    (root / "content/images/unbenutzt.gif").write_bytes(GIF)
    result = build(root, with_search=False)
    assert result.rendered == 1  # only the article page that shows it: its size and its ?v= changed
    html = (root / "site/artikel/a/index.html").read_text(encoding="utf-8")
    assert 'width="300" height="500"' in html
    assert (root / "site/bilder/kim.png").read_bytes() == png(300, 500, (10, 10, 200))
    assert (root / "site/bilder/unbenutzt.gif").read_bytes() == GIF  # every image of the folder is published
    clean = tmp_path / "clean"
    build(root, out=clean, with_search=False)
    assert snapshot(root / "site") == snapshot(clean)
    (root / "content/images/unbenutzt.gif").unlink()
    build(root, with_search=False)
    assert not (root / "site/bilder/unbenutzt.gif").exists()


def test_the_preview_copies_an_image_and_its_changes(project, tmp_path):
    root = _project(project)
    folder = tmp_path / "served"
    folder.mkdir()
    preview = Preview(root, folder, with_search=False, log=lambda line: None)
    try:
        assert preview.rebuild()
        assert (folder / "bilder/kim.png").read_bytes() == png(640, 360)
        (root / "content/images/kim.png").write_bytes(png(20, 10))
        assert preview.rebuild()
        assert (folder / "bilder/kim.png").read_bytes() == png(20, 10)
        assert 'width="20" height="10"' in (folder / "artikel/a/index.html").read_text(encoding="utf-8")
        (root / "content/articles/a.md").write_text(article("Kim trifft Lawrow", body="Ohne Bild."), encoding="utf-8")
        (root / "content/images/kim.png").unlink()
        assert preview.rebuild()
        assert not (folder / "bilder/kim.png").exists()
    finally:
        preview.close()


def test_a_texts_links_are_found_when_it_is_read_not_on_every_build(project, monkeypatch):
    from generator import bodylinks

    root = project({"content/dossier.yaml": "title: T\n",
                    **{f"content/articles/a{n}.md": article(f"A{n}", date="2025-01-01", body="[B](/artikel/b/)")
                       for n in range(5)},
                    "content/articles/b.md": article("B", date="2025-01-01")})
    build(root, with_search=False)
    found = []
    real = bodylinks.addresses
    monkeypatch.setattr(bodylinks, "addresses", lambda body, line: found.append(body) or real(body, line))
    (root / "content/articles/a3.md").write_text(article("A3", date="2025-01-01", body="[X](/x/)"), encoding="utf-8")
    result = build(root, with_search=False)  # a new Site, as a new process has: the parses come from .cache/
    assert found == ["\n[X](/x/)\n"]
    assert [d.message for d in result.diagnostics if d.code == "broken-link"] == [
        "link to /x/ leads to no page of the site; correct the address, or remove the link"]
